"""The main window's status bar: a message too long for the room left of the permanent
widgets (the progress figures, on a small window) ends in "…" a gap before them, instead of
being cut off mid-word against them; the whole message is then its tooltip."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QStatusBar, QStyle, QStyleOption

GAP = 16          # pixels between the message and the first permanent widget
LEFT = 6          # where Qt's own status bar starts its message


class StatusBar(QStatusBar):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._permanent: list = []
        self.messageChanged.connect(lambda _text: self._tip())

    def addPermanentWidget(self, widget, stretch: int = 0):
        self._permanent.append(widget)
        super().addPermanentWidget(widget, stretch)

    def message_rect(self) -> QRect:
        """Where the message is written: up to a gap before the first visible permanent
        widget (or the size grip's room)."""
        right = self.width() - 12
        for w in self._permanent:
            if w.isVisible():
                right = min(right, w.x() - GAP)
        return QRect(LEFT, 0, max(0, right - LEFT), self.height())

    def shown_message(self) -> str:
        """The message as written: elided to fit message_rect."""
        text = self.currentMessage()
        if not text:
            return ""
        return self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight,
                                             self.message_rect().width())

    def _tip(self):
        text = self.currentMessage()
        self.setToolTip(text if text and self.shown_message() != text else "")

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._tip()

    def paintEvent(self, event):
        text = self.shown_message()
        if not text:
            super().paintEvent(event)
            return
        p = QPainter(self)
        opt = QStyleOption()
        opt.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, opt, p, self)
        p.setPen(self.palette().windowText().color())
        p.drawText(self.message_rect(), Qt.AlignmentFlag.AlignLeading
                   | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextSingleLine, text)
        p.end()
