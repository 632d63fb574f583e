"""The keyboard on the loss landscape: the hover card's numbers without a mouse.

A teacher with a keyboard or a clicker, or a student who cannot use a mouse, Tabs to the
landscape (a frame in the highlight colour shows it has the focus) and walks a path's
points: the same ring and the same card as hovering that point shows (SurfaceView.show_point,
which places the card with HoverCard.show_at: it never covers the point).

Keys, while the landscape has the focus (KEYS):
- Right / Left: the next / previous update of the path (the first press: its start, or its
  last point drawn); Home / End: its start / its last point drawn;
- Down / Up: the same update on the next / previous path (when there are several);
- Escape: hide the card (a second Escape is the window's again: it leaves projector mode).
The scenario has no step player, so the window's player keys (Left / Right, Space, G, T,
[ ]) are not in use here; the landscape claims its keys only while it has the focus (a Qt
shortcut override) and never with Ctrl, Alt or Shift, so Ctrl+Home (the start page) and the
presenter clicker's Page Down / Page Up stay the window's.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QRegion
from PySide6.QtWidgets import QWidget

from ..ui import theme

# (keys, what they do): the scenario's own keys on the shortcuts sheet (F1)
KEYS_TITLE = "Loss landscape (Tab to it first)"
KEYS = (
    ("Right / Left", "the next / previous update of the path (its numbers in a card)"),
    ("Home / End", "the path's start / its last point drawn"),
    ("Down / Up", "the same update on the next / previous path"),
    ("Esc", "hide the card"),
)
# for a screen reader, in words; and the status line's short forms (a projector's is ~90
# characters wide), with one path and with several
HINT = ("Right and Left arrows: step along the path and show each update's numbers; "
        "Home and End: its start and end; Down and Up arrows: another path; "
        "Escape: hide the numbers.")
STATUS = ("Landscape keys: ← → step along the path · Home / End its start / end · "
          "Esc hides the numbers",
          "Landscape keys: ← → step along a path · ↑ ↓ another path · Home / End · "
          "Esc hides")
STEP_KEYS = {Qt.Key.Key_Right: +1, Qt.Key.Key_Left: -1}
END_KEYS = {Qt.Key.Key_Home: "start", Qt.Key.Key_End: "end"}
PATH_KEYS = {Qt.Key.Key_Down: +1, Qt.Key.Key_Up: -1}
FRAME_PX = 3            # the focus frame's width (× zoom)
PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)


def next_point(scenario, at: tuple[str, int] | None, key) -> tuple[str, int] | None:
    """The point (path label, index) that `key` moves to from `at` (None: no point shown),
    among the points drawn so far; None when the key does not move (one path: Up / Down)."""
    labels = list(scenario.paths)
    label, k = at if at is not None and at[0] in scenario.paths else (labels[0], None)
    last = scenario.shown_index(label)
    if key in STEP_KEYS:
        if k is None:
            return label, 0 if STEP_KEYS[key] > 0 else last
        return label, max(0, min(k + STEP_KEYS[key], last))
    if key in END_KEYS:
        return label, 0 if END_KEYS[key] == "start" else last
    if key in PATH_KEYS and len(labels) > 1:
        other = labels[(labels.index(label) + PATH_KEYS[key]) % len(labels)]
        shown = scenario.shown_index(other)
        return other, shown if k is None else min(k, shown)
    return None


class FocusFrame(QWidget):
    """A frame round the landscape while the plot has the keyboard's focus: over it, never
    taking the mouse, drawn only where the frame is (a mask), so the plot's redraws cost
    nothing more."""

    def __init__(self, host: QWidget):
        super().__init__(host)
        self.setObjectName("descent_focus_frame")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()
        self.fit()

    def width_px(self) -> int:
        return max(2, round(FRAME_PX * theme.manager().zoom))

    def fit(self):
        """Round the landscape itself (the plot's view box, not its title: at 200 % a frame
        round the whole plot was drawn over the title's top), within the host; the mask is
        the frame's band (after a resize, a relayout or a new zoom)."""
        host = self.parentWidget()
        px = self.width_px()
        vb = host.getPlotItem().vb
        box = host.mapFromScene(vb.sceneBoundingRect()).boundingRect()
        rect = box.adjusted(-px, -px, px, px).intersected(host.rect())
        if rect.isEmpty():
            rect = host.rect()
        self.setGeometry(rect)
        inner = QRect(px, px, rect.width() - 2 * px, rect.height() - 2 * px)
        self.setMask(QRegion(0, 0, rect.width(), rect.height()).subtracted(QRegion(inner)))
        self.update()

    def paintEvent(self, event):
        p = QPainter(self)
        px = self.width_px()
        pen = QPen(QColor(theme.current().highlight), px)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        p.setPen(pen)
        p.drawRect(self.rect().adjusted(px // 2, px // 2, -(px - px // 2), -(px - px // 2)))
        p.end()


class PathKeys(QObject):
    """The landscape's keys (module docstring), on `view` (a SurfaceView): its plot takes
    the focus from Tab, shows the FocusFrame while it has it, and walks the paths' points."""

    def __init__(self, view):
        super().__init__(view)
        self.view = view
        plot = view.plot
        plot.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        plot.setAccessibleName("Loss landscape with the descent paths")
        plot.setAccessibleDescription(HINT)
        self.frame = FocusFrame(plot)
        plot.getPlotItem().vb.sigResized.connect(lambda *_: self.frame.fit())
        self.shown: tuple[str, int] | None = None      # the point the keys showed last
        plot.installEventFilter(self)

    def restyle(self):
        self.frame.fit()

    def owns_card(self) -> bool:
        """True while the card shows the point the keys moved to."""
        v = self.view
        return (self.shown is not None and v.card.isVisible()
                and v.hovered == ("point", *self.shown))

    def _claims(self, event) -> bool:
        if event.modifiers() not in PLAIN:
            return False
        key = event.key()
        if key == Qt.Key.Key_Escape:
            return self.view.card.isVisible()
        if key in PATH_KEYS:
            return len(self.view.scenario.paths) > 1
        return key in STEP_KEYS or key in END_KEYS

    def press(self, key) -> bool:
        """Do what `key` does (module docstring); False when it does nothing here."""
        v = self.view
        if key == Qt.Key.Key_Escape:
            if not v.card.isVisible():
                return False
            v._unhover()
            self.shown = None
            return True
        at = v.hovered[1:] if v.hovered and v.hovered[0] == "point" else None
        to = next_point(v.scenario, at, key)
        if to is None:
            return False
        self.shown = to
        v.show_point(*to)
        self.frame.show()
        self.frame.raise_()
        v.card.raise_()
        return True

    def eventFilter(self, obj, event):
        kind = event.type()
        if obj is not self.view.plot:
            return False
        if kind == QEvent.Type.ShortcutOverride and self._claims(event):
            event.accept()          # ours while the plot has the focus, not the window's
            return True
        if kind == QEvent.Type.KeyPress and self._claims(event):
            return self.press(event.key())
        if kind == QEvent.Type.FocusIn:
            if event.reason() != Qt.FocusReason.MouseFocusReason:
                self.frame.fit()
                self.frame.show()
                self.frame.raise_()
                if event.reason() in (Qt.FocusReason.TabFocusReason,
                                      Qt.FocusReason.BacktabFocusReason):
                    several = len(self.view.scenario.paths) > 1
                    self.view.scenario.status_message.emit(STATUS[several])
        elif kind == QEvent.Type.FocusOut:
            self.frame.hide()
            if event.reason() not in (Qt.FocusReason.ActiveWindowFocusReason,
                                      Qt.FocusReason.PopupFocusReason) and self.owns_card():
                self.view._unhover()        # tabbed away: the keys' card goes too
            if not self.owns_card():
                self.shown = None
        elif kind == QEvent.Type.Resize:
            self.frame.fit()
        return False
