"""How the XOR network's canvas and its truth table share the room: side by side or one
above the other, the table in a box that scrolls instead of cutting it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QLayout,
    QScrollArea,
    QSizePolicy,
    QWidget,
)


class CanvasWithTable(QWidget):
    """The canvas with the truth table beside it (wide, or too short for both one above
    the other) or below it (narrow), so that the canvas never gets squeezed: the table keeps
    its natural size, the canvas the rest."""

    WIDE = 640       # from this width (logical pixels) the table goes beside the canvas
    CANVAS_ROOM = 240  # the canvas's height counted when choosing where the table goes
                       # (its least height is less: a short window's last resort)
    SHOWN_BELOW = 0.4  # below, a box showing less of the table than this share is too short
    SHOWN_BESIDE = 0.5   # beside, at least this share of its width, or it goes below

    def __init__(self, parent=None):
        super().__init__(parent)
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        # the side-by-side minimum must not hold the window wide: when narrow, the table
        # goes below the canvas instead (see minimumSizeHint)
        self.box.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.canvas = self.table = None

    def minimumSizeHint(self) -> QSize:
        """The canvas's minimum (its own, not only its hint: the formula panel below asks
        what this needs, see FormulaPanel.others_need) with the table's beside or below it,
        as arranged now."""
        if self.table is None:
            return super().minimumSizeHint()
        c = self.canvas.minimumSize().expandedTo(self.canvas.minimumSizeHint())
        t = self.table_area.minimumSizeHint()
        if self.box.direction() == QBoxLayout.Direction.LeftToRight:
            return QSize(c.width(), max(c.height(), t.height()))
        return QSize(max(c.width(), t.width()), c.height() + t.height())

    def set_widgets(self, canvas: QWidget, table: QWidget):
        self.canvas, self.table = canvas, table
        # a short window scrolls the table instead of squeezing its rows together
        self.table_area = _FitArea(self)
        self.table_area.setFrameShape(QFrame.Shape.NoFrame)
        self.table_area.setWidgetResizable(True)
        self.table_area.setWidget(table)
        self.table_area.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.box.addWidget(canvas, 1)
        self.box.addWidget(self.table_area, 0)
        table.installEventFilter(self)        # a new table (more hidden units): arranged anew
        self._arrange()

    def eventFilter(self, obj, event):
        if obj is self.table and event.type() == QEvent.Type.LayoutRequest:
            self._arrange()
        return super().eventFilter(obj, event)

    def _arrange(self):
        if self.table is None:
            return
        # beside also when there is no room below: the canvas was squeezed under the table
        # (a lesson on a 1024×768 projector left them 140 px together), if there is room
        canvas = self.canvas.minimumSize().expandedTo(self.canvas.minimumSizeHint())
        w, h, gap = self.width(), self.height(), self.box.spacing()
        table_w = self.table_area.full_width()     # (never cut unless squeezed: _FitArea)
        table_h = self.table_area.sizeHint().height()
        # beside where both fit (there, at 250 %, the table and its title were cut off at
        # the right) and the window is wide or there is no room below; where the table fits
        # neither way, below (its box scrolls it up and down) unless that box would show
        # less than SHOWN_BELOW of it and beside most of its width (a lesson on a 1024×768
        # projector left it 68 px below: its box then scrolls sideways too)
        beside = (w - canvas.width() - gap) / max(1, table_w)
        below = (h - max(canvas.height(), self.CANVAS_ROOM) - gap) / max(1, table_h)
        if beside >= 1:
            wide = w >= self.WIDE or below < 1
        else:
            wide = below < self.SHOWN_BELOW and beside > max(below, self.SHOWN_BESIDE)
        self.table_area.set_squeezed(wide and beside < 1)
        self.box.setDirection(QBoxLayout.Direction.LeftToRight if wide
                              else QBoxLayout.Direction.TopToBottom)
        self.box.setAlignment(self.table_area, Qt.AlignmentFlag.AlignVCenter if wide
                              else Qt.AlignmentFlag.AlignHCenter)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._arrange()


class _FitArea(QScrollArea):
    """A scroll area whose size hint is always its widget's current one (QScrollArea keeps
    the first it saw: the table grown for projector type stayed in a box sized for the
    normal type, behind scroll bars)."""

    def setWidget(self, widget):
        super().setWidget(widget)
        widget.installEventFilter(self)

    def eventFilter(self, obj, event):
        if obj is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(obj, event)

    def sizeHint(self) -> QSize:
        w = self.widget()
        if w is None:
            return super().sizeHint()
        f = 2 * self.frameWidth()
        return w.sizeHint() + QSize(f, f)

    squeezed = False     # beside a canvas with no room for the whole table: scrolls sideways

    def full_width(self) -> int:
        """The width that shows the table and its caption whole (with room for a vertical
        scroll bar)."""
        w = self.widget()
        need = 0 if w is None else w.minimumSizeHint().expandedTo(w.minimumSize()).width()
        return need + 2 * self.frameWidth() + self.verticalScrollBar().sizeHint().width()

    def set_squeezed(self, on: bool):
        if on != self.squeezed:
            self.squeezed = on
            self.updateGeometry()

    def minimumSizeHint(self) -> QSize:
        """As wide as the table and its caption: a narrower box cut both off at the right,
        the caption mid-word at 250 %; a short one scrolls (and a squeezed one sideways)."""
        if self.widget() is None or self.squeezed:
            return super().minimumSizeHint()
        return QSize(self.full_width(), super().minimumSizeHint().height())
