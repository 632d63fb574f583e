"""The toolbar's scenario list (see ScenarioBox)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QComboBox


class ScenarioBox(QComboBox):
    """The toolbar's scenario list: it takes the focus by a click or Tab, not by the mouse
    wheel, and a wheel turned over it without the focus scrolls nothing (it had switched
    scenario on the way to the canvas). `closed` says its list closed, chosen from or not
    (the window then gives the focus back to the view: Down, pressed after the list was
    closed with Esc, had opened the next scenario)."""

    closed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def hidePopup(self):
        shown = self.view().isVisible()     # (not when the box itself goes away)
        super().hidePopup()
        if shown:
            self.closed.emit()

    def wheelEvent(self, event: QWheelEvent):
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()
