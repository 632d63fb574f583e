"""A veil over a view: an opaque card that hides what the view shows (e.g. a truth table
that would give away the answer to a lesson's "predict first" question) until removed.

The veil is a child of the view, follows its size (it filters the view's resize events), and
says why it is there."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication, QWidget

from . import theme

TEXT = "Predict first: hidden until the answer is revealed"


class Veil(QWidget):
    """Covers `view` until close()d (or the view goes)."""

    def __init__(self, view: QWidget, text: str = TEXT):
        super().__init__(view)
        self.text = text
        self.setObjectName("answer_veil")
        self.setToolTip("Predict first: this view would give the answer away")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        view.installEventFilter(self)     # follows the view's size
        self.setGeometry(view.rect())
        self.raise_()
        self.show()

    def paintEvent(self, event):
        t = theme.current()
        p = QPainter(self)
        p.fillRect(self.rect(), t.qcolor("surface"))
        p.setPen(t.qcolor("muted"))
        p.drawRect(self.rect().adjusted(0, 0, -1, -1))
        font = QApplication.font()            # the same type over every view, a bit larger
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.15)
        else:                                 # (a size in pixels)
            font.setPixelSize(max(1, round(font.pixelSize() * 1.15)))
        font.setItalic(True)
        p.setFont(font)
        p.setPen(t.qcolor("text"))
        p.drawText(self.rect().adjusted(8, 8, -8, -8),
                   Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.text)
        p.end()

    def eventFilter(self, obj, event):
        if obj is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(obj.rect())
            self.raise_()
        return False

