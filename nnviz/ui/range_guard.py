"""Number boxes that say why they refuse what is typed.

Qt's spin boxes drop a keystroke that would leave their range without a word: a teacher
typing 150 in a box that goes to 100 got 15, and typing 0 in a box that starts at 1 got the
old value back when the box lost focus. `guard(box)` makes the box say so, next to itself,
in a tooltip (the last message is kept in `last_message` for tests): what was typed, and the
range (or the number of decimals) the box takes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QDoubleSpinBox, QToolTip


def minus(text: str) -> str:
    return text.replace("-", "−")


def range_text(box) -> str:
    """"from lo to hi" of a spin box, as it shows numbers (a real minus sign)."""
    if isinstance(box, QDoubleSpinBox):
        lo, hi = (minus(f"{v:g}") for v in (box.minimum(), box.maximum()))
    else:
        lo, hi = (minus(f"{v:,}") for v in (box.minimum(), box.maximum()))
    return f"from {lo} to {hi}"


def _number(box, text: str) -> float | None:
    """The number in a spin box's text (its prefix and suffix left out), or None."""
    text = text.strip()
    for part, cut in ((box.prefix(), text.startswith), (box.suffix(), text.endswith)):
        if part and cut(part):
            text = text[len(part):] if cut is text.startswith else text[:-len(part)]
    try:
        return float(text.replace("−", "-").replace(",", "").strip())
    except ValueError:
        return None


def refusal(box, text: str) -> str:
    """Why `text` is not a value of the box, in words."""
    typed = text.strip()
    for part in (box.prefix(), box.suffix()):
        typed = typed.replace(part, "") if part else typed
    typed = typed.strip()
    n = _number(box, text)
    if n is None:
        return f"This box takes numbers {range_text(box)}."
    if box.minimum() <= n <= box.maximum() and isinstance(box, QDoubleSpinBox):
        places = box.decimals()
        return (f"This box takes {places} decimal place{'s' if places != 1 else ''} at "
                f"most ({range_text(box)}).")
    return f"{minus(typed)} is out of range: this box takes numbers {range_text(box)}."


class RangeGuard(QObject):
    """The event filter behind guard(): one for the whole application."""

    def __init__(self):
        super().__init__()
        self.last_message = ""

    def eventFilter(self, box, event):
        kind = event.type()
        if kind == QEvent.Type.KeyPress and isinstance(box, QAbstractSpinBox):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._check_final(box)
            else:
                self._check_key(box, event.text())
        elif kind == QEvent.Type.FocusOut and isinstance(box, QAbstractSpinBox):
            self._check_final(box)
        return False

    def _check_key(self, box, text: str):
        """A printable keystroke the box's validator will drop: say why."""
        if not text or not text.isprintable():
            return
        edit = box.lineEdit()
        old = edit.text()
        if edit.hasSelectedText():
            start = edit.selectionStart()
            end = start + len(edit.selectedText())
        else:
            start = end = edit.cursorPosition()
        new = old[:start] + text + old[end:]
        if box.validate(new, start + len(text))[0] == QValidator.State.Invalid:
            self.tell(box, refusal(box, new))

    def _check_final(self, box):
        """Typing ends (Enter, focus leaving) on a text the box will not take as it is
        (it then goes back to its last value or is clamped): say why."""
        if box.validate(box.lineEdit().text(), 0)[0] == QValidator.State.Intermediate:
            self.tell(box, refusal(box, box.lineEdit().text()))

    def tell(self, box, message: str):
        self.last_message = message
        QToolTip.showText(box.mapToGlobal(QPoint(0, box.height())), message, box)


_GUARD: RangeGuard | None = None


def guard(box) -> None:
    """Make a spin box say why it refuses what is typed (idempotent)."""
    global _GUARD
    if _GUARD is None:
        _GUARD = RangeGuard()
    if not box.property("nnvizRangeGuard"):
        box.installEventFilter(_GUARD)
        box.setProperty("nnvizRangeGuard", True)


def current() -> RangeGuard | None:
    """The application's guard (None before the first box is guarded)."""
    return _GUARD


def show_value(box, value) -> None:
    """Show `value` in a number box, without its signals, and only when it differs from the
    box's value: setValue re-formats the text even to the same value, so a box re-synced at
    each keystroke turned a typed "0.1" into "0.100" and refused the next digit."""
    if box.value() != value:
        blocked = box.blockSignals(True)
        box.setValue(value)
        box.blockSignals(blocked)
