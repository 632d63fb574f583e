"""PlayerBar: the player's controls for the toolbar.

↺ restart the step · ◀ back · ▶/❚❚ play/pause · ▶| forward · unit|layer|sample|batch|epoch ·
speed 0.25×–16× · ▶▶ train (glyphs DejaVu Sans has; it lacks ⏸ ⏩ ⏮). On a narrow window
(a 1024-px projector) the bar is *compact*: the step sizes are one drop-down list and the
word "speed" goes, so that the bar stays in the toolbar (not behind its » button).
Keys (window-wide, listed in the shortcuts sheet from KEYS): Space play/pause, Right /
Page Down step forward, Left / Page Up step back, G / Shift+G the next / previous step size,
] / [ (or + / -) faster / slower, T train fast on or off.

Keys are left to a focused widget that needs them:
- arrows to a spin box, slider or text field (never to the bar's own widgets);
- Space to a text field or spin box, always; and to a button, check box, drop-down list or
  item list only when it got the focus from the keyboard (Tab / Shift+Tab or its Alt+letter):
  a keyboard-only user presses the control they moved to. One the teacher clicked with the
  mouse (which focuses it, e.g. "Regenerate") does not take Space: Space plays, as
  everywhere else. How each widget last got the focus is tracked by watch_focus_origin().
The other keys (G, T, [, ], + and -) are printable: a text field or spin box with the focus
takes them before the shortcut sees them (Qt's shortcut override).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
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
# ... and these only when they got the focus from the keyboard (see the module docstring)
KEYBOARD_SPACE_USERS = (QAbstractButton, QComboBox, QAbstractItemView)

# The player's keys, as the shortcuts sheet lists them: (keys, what they do). Page Down /
# Page Up step too, through the window's presenter-clicker actions when it has them.
KEYS = (
    ("Space", "Play or pause the animation (a button, check box or list you moved to with "
              "Tab takes Space instead)"),
    ("Right arrow", "Step forward"),
    ("Left arrow", "Step back: restores the exact earlier weights"),
    ("G", "Next step size (unit, layer, sample, batch, epoch)"),
    ("Shift+G", "Previous step size"),
    ("] or +", "Faster animation"),
    ("[ or -", "Slower animation"),
    ("T", "Train fast (no per-step animation) on or off"),
)

_TAB_REASONS = (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason)
_OTHER_REASONS = (Qt.FocusReason.MouseFocusReason, Qt.FocusReason.OtherFocusReason)
KEYBOARD_FOCUS = "nnvizKeyboardFocus"     # the widget property watch_focus_origin() sets


class _FocusOrigin(QObject):
    """Marks every widget that gets the focus with whether the keyboard gave it (Tab,
    Shift+Tab, a mnemonic) or not (a click, the program). A window coming back to the front,
    a closed popup or menu give the focus back to the same widget: its mark stays.

    Qt also says "Tab" when it moves the focus on by itself, from a focused widget that was
    hidden or disabled (a clicked button that greys itself out): that is not the user's
    Tab, or Space would press a control the teacher never chose. Only a focus that comes
    while a Tab key is down counts as Tab; one Qt moved on keeps the mark of the widget
    it left (a keyboard user stays one)."""

    _TAB_KEYS = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._tab_down = False
        self._left_mark = False      # the mark of the widget that lost the focus last

    def eventFilter(self, obj, event):
        kind = event.type()
        if kind == QEvent.Type.KeyPress:
            self._tab_down = event.key() in self._TAB_KEYS
        elif kind == QEvent.Type.KeyRelease:
            self._tab_down = False
        elif kind == QEvent.Type.MouseButtonPress:
            # the mouse is in use: Space plays again, even when the click went to something
            # that takes no focus (the toolbar's ▶, a label) and a Tabbed-to control kept it
            # (Space then pressed "Regenerate" and wiped the class's training)
            self._tab_down = False
            focus = QApplication.focusWidget()
            if focus is not None:
                focus.setProperty(KEYBOARD_FOCUS, False)
                self._left_mark = False
        elif kind == QEvent.Type.FocusOut and isinstance(obj, QWidget):
            self._left_mark = bool(obj.property(KEYBOARD_FOCUS))
        elif kind == QEvent.Type.FocusIn and isinstance(obj, QWidget):
            reason = event.reason()
            if reason in _TAB_REASONS:
                obj.setProperty(KEYBOARD_FOCUS, self._tab_down or self._left_mark)
            elif reason == Qt.FocusReason.ShortcutFocusReason:
                obj.setProperty(KEYBOARD_FOCUS, True)
            elif reason in _OTHER_REASONS:
                obj.setProperty(KEYBOARD_FOCUS, False)
        return False


_focus_origin: _FocusOrigin | None = None


def watch_focus_origin() -> None:
    """Start tracking how widgets get the focus (once per application)."""
    global _focus_origin
    app = QApplication.instance()
    if app is None or (_focus_origin is not None and _focus_origin.parent() is app):
        return
    _focus_origin = _FocusOrigin(app)
    app.installEventFilter(_focus_origin)


def has_keyboard_focus(w: QWidget) -> bool:
    """True when w has the focus and the keyboard gave it (see watch_focus_origin)."""
    return w.hasFocus() and bool(w.property(KEYBOARD_FOCUS))


def takes_space(w: QWidget) -> bool:
    """The rule for Space (module docstring): does the focused widget w keep it?"""
    if not w.isEnabled():
        return False
    return isinstance(w, SPACE_USERS) or (isinstance(w, KEYBOARD_SPACE_USERS)
                                          and has_keyboard_focus(w))


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

        def button(name, text, words, tip, slot, checkable=False):
            b = QToolButton(self)
            b.setObjectName(name)
            b.setText(text)
            b.setAccessibleName(words)      # (a screen reader cannot say "▶|")
            b.setToolTip(tip)
            b.setCheckable(checkable)
            b.setAutoRaise(True)
            b.clicked.connect(slot)
            lay.addWidget(b)
            return b

        self.restart_button = button("restartButton", "↺", "Restart step", getattr(
            player, "RESTART_TIP", "Restart this step from its beginning"), player.restart_step)
        self.back_button = button("backButton", "◀", "Step back", "Step back (Left or Page "
                                  "Up): restores the exact earlier weights", player.step_back)
        self.play_button = button("playButton", "▶", "Play", "Play / pause (Space)",
                                  player.toggle_play)
        self.forward_button = button("forwardButton", "▶|", "Step forward",
                                     "Step forward (Right or Page Down)", player.step_forward)
        lay.addSpacing(8)
        self.granularity_group = QButtonGroup(self)
        self.granularity_group.setExclusive(True)
        self.granularity_buttons = {}
        # a player may say what its step sizes and fast training mean (the perceptron's
        # "sample" has no backward pass; its training stops by itself once it converges)
        tips = {**GRAN_TIPS, **getattr(player, "GRAN_TIPS", {})}
        for g in player.GRANULARITIES:
            b = QToolButton(self)
            b.setObjectName(f"granularity_{g}")
            b.setText(g)
            b.setCheckable(True)
            b.setToolTip(f"Step size: {tips[g]} (G / Shift+G: the next / previous "
                         "step size)")
            b.setAccessibleName(f"Step size {g}")
            b.clicked.connect(lambda _=False, name=g: player.set_granularity(name))
            self.granularity_group.addButton(b)
            self.granularity_buttons[g] = b
            lay.addWidget(b)
        self.granularity_box = QComboBox(self)       # the same choice, compact
        self.granularity_box.setObjectName("granularityBox")
        self.granularity_box.setToolTip("Step size: " + "; ".join(
            f"{g}: {tips[g][0].lower()}{tips[g][1:]}" for g in player.GRANULARITIES)
            + " (G / Shift+G: the next / previous step size)")
        self.granularity_box.setAccessibleName("Step size")
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
        self.speed_slider.setToolTip("Animation speed, 0.25× to 16× (] or + faster, [ or - "
                                     "slower)")
        self.speed_slider.setAccessibleName("Animation speed")
        self.speed_slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.speed_slider.valueChanged.connect(lambda i: player.set_speed(SPEEDS[i]))
        lay.addWidget(self.speed_slider)
        self.speed_value = QLabel("", self)
        self.speed_value.setObjectName("speedValue")
        self.speed_value.setMinimumWidth(self.speed_value.fontMetrics().horizontalAdvance("0.25×"))
        lay.addWidget(self.speed_value)
        lay.addSpacing(8)
        self.train_button = button("trainButton", "▶▶ train", "Train fast", getattr(
            player, "TRAIN_TIP", "Train fast without per-step animation, redrawing as the "
            "network learns (T)"), lambda on: player.set_training(on), checkable=True)
        self._install_keys()
        player.state_changed.connect(self.sync)
        player.trace_changed.connect(lambda _t: self.sync())
        player.shown_changed.connect(self.sync)
        theme.manager().changed.connect(self._restyle)
        self._restyle()
        self.sync()

    # -- keys -----------------------------------------------------------------------------------
    def _install_keys(self):
        watch_focus_origin()
        window = self.window()
        taken = set()
        for action in window.findChildren(QAction):
            for seq in action.shortcuts():
                taken.add(seq.toString())
        self.shortcuts = {}
        self._forwarding = False
        p = self.player
        keys = {"Space": self._key_play, "Right": self._key_forward, "Left": self._key_back,
                "PgDown": self._key_forward, "PgUp": self._key_back,
                "G": lambda: self._next_granularity(+1),
                "Shift+G": lambda: self._next_granularity(-1),
                "]": lambda: self._next_speed(+1), "+": lambda: self._next_speed(+1),
                "Shift++": lambda: self._next_speed(+1),     # (+ is Shift+= on US keyboards)
                "[": lambda: self._next_speed(-1), "-": lambda: self._next_speed(-1),
                "T": lambda: p.set_training(not p.training)}
        for name, slot in keys.items():
            seq = QKeySequence(name)
            if seq.toString() in taken:     # the window already routes it (presenter clicker)
                continue
            sc = QShortcut(seq, self)
            sc.setContext(Qt.ShortcutContext.WindowShortcut)
            if slot in (self._key_play, self._key_forward, self._key_back):
                sc.activated.connect(lambda s=slot, k=seq: s(k))
            else:   # printable keys: a focused text field has taken them already
                sc.activated.connect(lambda s=slot: self.isEnabled() and s())
            self.shortcuts[name] = sc

    def _focus_keeps(self, seq: QKeySequence) -> bool:
        """True (after giving the key to it) when the focused widget needs this key: for
        Space see takes_space() and the module docstring; arrows go to a spin box, slider or
        text field outside the bar."""
        if self._forwarding:
            return True
        w = QApplication.focusWidget()
        if w is None or w is self:
            return False
        key = seq[0].key()
        if key == Qt.Key.Key_Space:
            keeps = takes_space(w)
        else:
            keeps = not self.isAncestorOf(w) and isinstance(w, ARROW_USERS) and w.isEnabled()
        if keeps:
            # (a sent key press meets the shortcuts again: off while it goes, or a button
            # that does not claim the key by a shortcut override would never see it)
            on = [sc for sc in self.shortcuts.values() if sc.isEnabled()]
            self._forwarding = True
            try:
                for sc in on:
                    sc.setEnabled(False)
                for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
                    QApplication.sendEvent(w, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier,
                                                        " " if key == Qt.Key.Key_Space else ""))
            finally:
                self._forwarding = False
                for sc in on:
                    sc.setEnabled(True)
        return keeps

    def _key_play(self, seq):
        if self.isEnabled() and not self._focus_keeps(seq):
            self.player.toggle_play()

    def _key_forward(self, seq):
        if self.isEnabled() and not self._focus_keeps(seq):
            self.player.step_forward()

    def _key_back(self, seq):
        if self.isEnabled() and not self._focus_keeps(seq):
            self.player.step_back()

    def _next_granularity(self, step: int):
        """G / Shift+G: the next / previous step size, round the player's list."""
        sizes = list(self.player.GRANULARITIES)
        i = sizes.index(self.player.granularity) if self.player.granularity in sizes else 0
        self.player.set_granularity(sizes[(i + step) % len(sizes)])

    def _next_speed(self, step: int):
        """] / [ (or + / -): one notch of the speed slider faster / slower."""
        i = self.speed_slider.value() + step
        if 0 <= i < len(SPEEDS):
            self.speed_slider.setValue(i)       # (its valueChanged sets the player's speed)

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
        self.play_button.setAccessibleName("Pause" if running else "Play")
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
