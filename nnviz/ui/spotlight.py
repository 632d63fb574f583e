"""The spotlight: dim the whole network canvas except the current unit or edge.

An overlay on top of a NetworkCanvas (mouse events pass through it). It asks the canvas
where things are (unit_pos, edge_point) and the player what the current event is; it never
touches the canvas' drawing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath
from PySide6.QtWidgets import QWidget

from . import theme

DIM_ALPHA = 150     # how dark the dimmed part gets (0 … 255)


class Spotlight(QWidget):
    def __init__(self, canvas):
        super().__init__(canvas)
        self.canvas = canvas
        self.setObjectName("spotlight")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self.setGeometry(canvas.rect())
        canvas.installEventFilter(self)
        player = getattr(canvas, "player", None)
        if player is not None:
            player.event_changed.connect(self.update)
            player.frame.connect(self.update)
        self.show()
        self.raise_()

    def eventFilter(self, obj, event):
        if obj is self.canvas and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.canvas.rect())
        return False

    def spots(self) -> list[QPointF]:
        """The points to keep lit: the current unit, or an edge and the units at its ends."""
        player = getattr(self.canvas, "player", None)
        ev = getattr(player, "event", None) if player is not None else None
        if ev is None or getattr(ev, "layer", None) is None:
            return []
        points = []
        unit = getattr(ev, "unit", None)
        if hasattr(ev, "input") and unit is not None:          # a weight update
            points.append(self.canvas.edge_point(ev.layer, unit, ev.input))
            if ev.input >= 0:
                points.append(self.canvas.unit_pos(ev.layer, ev.input))
            points.append(self.canvas.unit_pos(ev.layer + 1, unit))
        elif unit is not None:
            points.append(self.canvas.unit_pos(ev.layer + 1, unit))
        else:                                                   # a whole layer (sample loss)
            n = self.canvas.session.net.sizes[ev.layer + 1]
            points.extend(self.canvas.unit_pos(ev.layer + 1, i) for i in range(n))
        return [p for p in points if p is not None]

    def radius(self) -> float:
        return 56.0 * theme.manager().zoom

    def paintEvent(self, event):
        spots = self.spots()
        if not spots:
            return
        path = QPainterPath()
        path.addRect(self.rect().toRectF())
        hole = QPainterPath()
        r = self.radius()
        for p in spots:
            hole.addEllipse(p, r, r)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        bg = QColor(theme.current().background)
        bg.setAlpha(DIM_ALPHA)
        painter.fillPath(path.subtracted(hole.simplified()), bg)
        painter.end()
