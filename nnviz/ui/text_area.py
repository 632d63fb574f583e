"""A scroll area for a wrapped text label (or a panel of them) that asks for the text's whole
height.

QScrollArea's size hint is a few lines whatever its text, so a layout that gave the rest of a
panel to a plot left the explanation below it in a small box behind a scroll bar while the
plot had room to spare. This one's hint is the label's height at the area's current width: it
scrolls only when the panel really is too short."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QWidget


class WrappedTextArea(QScrollArea):
    """Holds `label` (word-wrapped), or a widget whose layout has word-wrapped labels (its
    height for a width is the layout's); see the module docstring."""

    def __init__(self, label: QLabel | QWidget, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        if isinstance(label, QLabel):
            label.setWordWrap(True)
            # text at the top of an area taller than it (a QLabel centres it)
            label.setAlignment((label.alignment() & ~Qt.AlignmentFlag.AlignVertical_Mask)
                               | Qt.AlignmentFlag.AlignTop)
        self.setWidget(label)
        label.installEventFilter(self)
        self._width = -1

    def eventFilter(self, obj, event):
        if obj is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()         # new text: a new height
        return super().eventFilter(obj, event)

    def sizeHint(self) -> QSize:
        label = self.widget()
        width = self.viewport().width() if self.width() > 0 else label.sizeHint().width()
        height = label.heightForWidth(max(1, width))
        if height < 0:
            height = label.sizeHint().height()
        frame = 2 * self.frameWidth()
        return QSize(super().sizeHint().width(), height + frame)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if self.width() != self._width:   # narrower text wraps to more lines
            self._width = self.width()
            self.updateGeometry()
