"""PlayerBar: the player's controls for the toolbar.

↺ restart the step · ◀ back · ▶/❚❚ play/pause · ▶| forward · unit|layer|sample|batch|epoch ·
speed 0.25×–16× · ▶▶ train (glyphs DejaVu Sans has; it lacks ⏸ ⏩ ⏮). On a narrow window
(a 1024-px projector) the bar is *compact*: the step sizes are one drop-down list and the
word "speed" goes, so that the bar stays in the toolbar (not behind its » button).
Keys (window-wide): Space play/pause, Right / Page Down step
forward, Left / Page Up step back. Keys are left to a focused widget that needs them
(arrows in a spin box or slider, Space in a text field).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QTextEdit,
    QToolButton,
    QWidget,
)

from . import theme

SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
GRAN_TIPS = {
    "unit": "One unit (or one weight) at a time",
    "layer": "One layer at a time",
    "sample": "One training sample at a time: its forward pass, error and backward pass; "
              "then the weight update",
    "batch": "One whole update: every sample of the batch, then the update",
    "epoch": "One whole epoch (a pass over the training set): its last update is animated",
}
# focused widgets that keep these keys for themselves
ARROW_USERS = (QAbstractSpinBox, QAbstractSlider, QLineEdit, QTextEdit, QPlainTextEdit)
SPACE_USERS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)


def speed_text(x: float) -> str:
    return f"{x:g}×"


class PlayerBar(QWidget):
    """Buttons, granularity, speed and train toggle for a Player."""

    def __init__(self, player, parent=None):
        super().__init__(parent)
        self.player = player
        self.setObjectName("playerBar")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)

        def button(name, text, tip, slot, checkable=False):
            b = QToolButton(self)
            b.setObjectName(name)
            b.setText(text)
            b.setToolTip(tip)
            b.setCheckable(checkable)
            b.setAutoRaise(True)
            b.clicked.connect(slot)
            lay.addWidget(b)
            return b

        self.restart_button = button("restartButton", "↺", getattr(
            player, "RESTART_TIP", "Restart this step from its beginning"), player.restart_step)
        self.back_button = button("backButton", "◀", "Step back (Left or Page Up): restores "
                                  "the exact earlier weights", player.step_back)
        self.play_button = button("playButton", "▶", "Play / pause (Space)", player.toggle_play)
        self.forward_button = button("forwardButton", "▶|", "Step forward (Right or Page Down)",
                                     player.step_forward)
        lay.addSpacing(8)
        self.granularity_group = QButtonGroup(self)
        self.granularity_group.setExclusive(True)
        self.granularity_buttons = {}
        for g in player.GRANULARITIES:
            b = QToolButton(self)
            b.setObjectName(f"granularity_{g}")
            b.setText(g)
            b.setCheckable(True)
            b.setToolTip(f"Step size: {GRAN_TIPS[g]}")
            b.clicked.connect(lambda _=False, name=g: player.set_granularity(name))
            self.granularity_group.addButton(b)
            self.granularity_buttons[g] = b
            lay.addWidget(b)
        self.granularity_box = QComboBox(self)       # the same choice, compact
        self.granularity_box.setObjectName("granularityBox")
        self.granularity_box.setToolTip("Step size: " + "; ".join(
            f"{g}: {GRAN_TIPS[g][0].lower()}{GRAN_TIPS[g][1:]}" for g in player.GRANULARITIES))
        self.granularity_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)   # arrows step the player
        for g in player.GRANULARITIES:
            self.granularity_box.addItem(g, g)
        self.granularity_box.activated.connect(
            lambda i: player.set_granularity(self.granularity_box.itemData(i)))
        self.granularity_box.hide()
        lay.addWidget(self.granularity_box)
        self.compact = False
        lay.addSpacing(8)
        self.speed_label = QLabel("speed", self)
        lay.addWidget(self.speed_label)
        self.speed_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.speed_slider.setObjectName("speedSlider")
        self.speed_slider.setRange(0, len(SPEEDS) - 1)
        self.speed_slider.setPageStep(1)
        self.speed_slider.setFixedWidth(110)
        self.speed_slider.setToolTip("Animation speed, 0.25× to 16×")
        self.speed_slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.speed_slider.valueChanged.connect(lambda i: player.set_speed(SPEEDS[i]))
        lay.addWidget(self.speed_slider)
        self.speed_value = QLabel("", self)
        self.speed_value.setObjectName("speedValue")
        self.speed_value.setMinimumWidth(self.speed_value.fontMetrics().horizontalAdvance("0.25×"))
        lay.addWidget(self.speed_value)
        lay.addSpacing(8)
        self.train_button = button("trainButton", "▶▶ train", "Train fast without per-step "
                                   "animation, redrawing as the network learns",
                                   lambda on: player.set_training(on), checkable=True)
        self._install_keys()
        player.state_changed.connect(self.sync)
        player.trace_changed.connect(lambda _t: self.sync())
        player.shown_changed.connect(self.sync)
        theme.manager().changed.connect(self._restyle)
        self._restyle()
        self.sync()

    # -- keys -----------------------------------------------------------------------------------
    def _install_keys(self):
        window = self.window()
        taken = set()
        for action in window.findChildren(QAction):
            for seq in action.shortcuts():
                taken.add(seq.toString())
        self.shortcuts = {}
        self._forwarding = False
        keys = {"Space": self._key_play, "Right": self._key_forward, "Left": self._key_back,
                "PgDown": self._key_forward, "PgUp": self._key_back}
        for name, slot in keys.items():
            seq = QKeySequence(name)
            if seq.toString() in taken:     # the window already routes it (presenter clicker)
                continue
            sc = QShortcut(seq, self)
            sc.setContext(Qt.ShortcutContext.WindowShortcut)
            sc.activated.connect(lambda s=slot, k=seq: s(k))
            self.shortcuts[name] = sc

    def _focus_keeps(self, seq: QKeySequence) -> bool:
        """True (after giving the key to it) when the focused widget needs this key."""
        if self._forwarding:
            return True
        w = QApplication.focusWidget()
        if w is None or w is self or self.isAncestorOf(w):
            return False
        users = SPACE_USERS if seq.toString() == "Space" else ARROW_USERS
        if isinstance(w, users) and w.isEnabled():
            key = seq[0].key()
            self._forwarding = True
            try:
                for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
                    QApplication.sendEvent(w, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier,
                                                        " " if key == Qt.Key.Key_Space else ""))
            finally:
                self._forwarding = False
            return True
        return False

    def _key_play(self, seq):
        if self.isEnabled() and not self._focus_keeps(seq):
            self.player.toggle_play()

    def _key_forward(self, seq):
        if self.isEnabled() and not self._focus_keeps(seq):
            self.player.step_forward()

    def _key_back(self, seq):
        if self.isEnabled() and not self._focus_keeps(seq):
            self.player.step_back()

    # -- compact -------------------------------------------------------------------------------
    def set_compact(self, on: bool):
        """Compact: the step sizes as one drop-down list, no word "speed" (see the module
        docstring)."""
        on = bool(on)
        if on == self.compact:
            return
        self.compact = on
        for b in self.granularity_buttons.values():
            b.setVisible(not on)
        self.granularity_box.setVisible(on)
        self.speed_label.setVisible(not on)
        self.updateGeometry()
        area = self.parentWidget()
        if area is not None:          # (the toolbar reads its area's new size hint)
            area.updateGeometry()

    def width_for(self, compact: bool) -> int:
        """The width the bar needs, compact or not (whichever it is now)."""
        lay = self.layout()
        parts = [self.restart_button, self.back_button, self.play_button, self.forward_button,
                 *([self.granularity_box] if compact else self.granularity_buttons.values()),
                 *([] if compact else [self.speed_label]),
                 self.speed_slider, self.speed_value, self.train_button]
        return (sum(w.sizeHint().width() for w in parts) + lay.spacing() * (len(parts) + 2)
                + 3 * 8 + lay.contentsMargins().left() + lay.contentsMargins().right())

    # -- state --------------------------------------------------------------------------------
    def sync(self):
        p = self.player
        running = p.playing or p.training
        self.play_button.setText("❚❚" if running else "▶")
        self.play_button.setToolTip("Pause (Space)" if running else "Play (Space)")
        self.granularity_buttons[p.granularity].setChecked(True)
        i = self.granularity_box.findData(p.granularity)
        if self.granularity_box.currentIndex() != i:
            self.granularity_box.setCurrentIndex(i)
        idx = min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - p.speed))
        if self.speed_slider.value() != idx:
            self.speed_slider.blockSignals(True)
            self.speed_slider.setValue(idx)
            self.speed_slider.blockSignals(False)
        self.speed_value.setText(speed_text(p.speed))
        self.train_button.setChecked(p.training)
        self.back_button.setEnabled(p.can_step_back())
        self.restart_button.setEnabled(p.trace is not None)

    def _restyle(self):
        zoom = theme.manager().zoom
        f = self.font()
        f.setPixelSize(max(10, int(round(14 * zoom))))
        for b in (self.restart_button, self.back_button, self.play_button, self.forward_button):
            bf = f.__class__(f)
            bf.setPixelSize(max(12, int(round(18 * zoom))))
            b.setFont(bf)
            b.setMinimumWidth(int(34 * zoom))
        for w in [*self.granularity_buttons.values(), self.granularity_box, self.speed_label,
                  self.speed_value, self.train_button]:
            w.setFont(f)
