"""The McCulloch–Pitts unit (or the two-layer XOR network) drawn large.

Inputs are circles a click toggles between 0 and 1 (a right-click switches a single unit's
input between excitatory and inhibitory). Excitatory connections end in an arrow,
inhibitory ones in a flat bar, as in the classic drawings. Each unit shows its threshold θ
and the count of its excitatory inputs that are on; a firing unit is lit.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..ui import theme
from . import mp_layout
from .mp_layout import LEGEND_LABELS, NetGeometry
from .mp_model import MPModel


class MPNetworkView(QWidget):
    input_clicked = Signal(int)

    def __init__(self, model: MPModel, parent=None):
        super().__init__(parent)
        self.model = model
        self.setObjectName("mp_view")
        self.setMinimumSize(340, 340)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.setToolTip("Click an input to switch it between 0 and 1. In the single unit, "
                        "right-click an input to make it excitatory or inhibitory.")
        # what the last paint drew, as (role, rectangle): for tests of the layout a user
        # sees ("node", "edge", "text", "legend", ...)
        self.drawn: list[tuple[str, QRectF]] = []
        # may_change(control name) → may a click change it? (a lesson slide's locks: the
        # scenario sets it; a click had changed locked inputs and kinds)
        self.may_change = lambda name: True
        model.changed.connect(self.update)
        theme.manager().changed.connect(self.update)

    # -- geometry -------------------------------------------------------------------------
    def _unit_px(self) -> float:
        return max(12.0, min(self.width() / 34.0, self.height() / 24.0))

    def geometry_now(self) -> NetGeometry:
        """Where everything goes at the current size (see mp_layout)."""
        return mp_layout.compute(self.font(), self.width(), self.height(), self._unit_px(),
                                 self.title(), self.reason(), self.model.units(),
                                 self.model.n_inputs)

    def _layout(self):
        """Centres and radii of every node: inputs first, then the units."""
        g = self.geometry_now()
        return self.model.units(), g.centres, g.radii

    def input_center(self, i: int) -> QPointF:
        """Where input i is drawn (for clicks and tests)."""
        return self._layout()[1][i]

    def _input_at(self, pos: QPointF) -> int | None:
        _, centres, radii = self._layout()
        for i in range(self.model.n_inputs):
            if math.dist((pos.x(), pos.y()), (centres[i].x(), centres[i].y())) <= radii[i] * 1.15:
                return i
        return None

    # -- interaction ----------------------------------------------------------------------
    def mousePressEvent(self, event):
        i = self._input_at(event.position())
        if i is None:
            return super().mousePressEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            if self.may_change("inputs"):
                self.model.toggle_input(i)
                self.input_clicked.emit(i)
        elif event.button() == Qt.MouseButton.RightButton:
            if self.may_change(f"kind_x{i + 1}"):
                self.model.toggle_kind(i)
        event.accept()

    def mouseMoveEvent(self, event):
        hit = self._input_at(event.position()) is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if hit else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    # -- drawing --------------------------------------------------------------------------
    def _font(self, scale: float, bold: bool = False) -> QFont:
        return mp_layout.font(self.font(), self._unit_px() * scale, bold)

    def _text(self, p, rect: QRectF, flags, text: str, role: str = "text"):
        """Draw `text` in `rect` and note where its ink went."""
        p.drawText(rect, flags, text)
        self.drawn.append((role, p.boundingRect(rect, flags, text)))

    def _note(self, role: str, rect: QRectF):
        self.drawn.append((role, rect.normalized()))

    def paintEvent(self, event):
        t = theme.current()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), t.qcolor("background"))
        self.drawn = []
        g = self.geometry_now()
        units, centres, radii = self.model.units(), g.centres, g.radii
        values = self.model.node_values()
        n_in = self.model.n_inputs
        u = g.u
        lit = t.qcolor("highlight")

        # connections under the nodes
        for k, unit in enumerate(units):
            node = n_in + k
            for j, s in enumerate(unit.sources):
                inhibitory = j in unit.unit.inhibitory
                self._connection(p, centres[s], radii[s], centres[node], radii[node],
                                 inhibitory, bool(values[s]), u)

        # output line
        out = centres[-1]
        end = g.output_end
        on = bool(values[-1])
        pen = QPen(lit if on else t.qcolor("muted"), (0.45 if on else 0.2) * u * t.edge_scale)
        p.setPen(pen)
        start = QPointF(out.x() + radii[-1], out.y())
        p.drawLine(start, end)
        self._arrowhead(p, start, end, u, lit if on else t.qcolor("muted"))
        self._note("edge", QRectF(start.x(), out.y() - 0.75 * u, end.x() - start.x(), 1.5 * u))
        p.setFont(self._font(1.6, True))
        p.setPen(t.qcolor("text"))
        self._text(p, g.output_text, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   f"y = {values[-1]}")

        # inputs
        for i in range(n_in):
            c, r = centres[i], radii[i]
            on = bool(values[i])
            p.setPen(QPen(t.qcolor("text"), max(2.0, 0.14 * u)))
            p.setBrush(lit if on else t.qcolor("surface"))
            p.drawEllipse(c, r, r)
            self._note("node", QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r))
            p.setFont(self._font(min(2.0, r / u * 1.1), True))
            p.setPen(theme.ink_on(lit) if on else t.qcolor("text"))
            p.drawText(QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r), Qt.AlignmentFlag.AlignCenter,
                       str(values[i]))
            p.setFont(self._font(1.3, True))
            p.setPen(t.qcolor("text"))
            self._text(p, QRectF(c.x() - r - 3.6 * u, c.y() - u, 3.2 * u, 2 * u),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"x{i + 1}")

        # units
        for k, unit in enumerate(units):
            node = n_in + k
            self._unit(p, unit, centres[node], radii[node], [values[s] for s in unit.sources],
                       bool(values[node]), u)
            name = g.names[k]
            if name is not None:
                p.setPen(t.qcolor("text"))
                p.setFont(name.font)
                self._text(p, name.rect, name.flags, name.text, "name")

        self._legend(p, g)
        p.end()

    def _connection(self, p, a, ra, b, rb, inhibitory, active, u):
        t = theme.current()
        colour = t.qcolor("negative" if inhibitory else "positive")
        if not active:
            colour = theme.blend(colour, 0.4)
        width = (0.42 if active else 0.2) * u * t.edge_scale
        dx, dy = b.x() - a.x(), b.y() - a.y()
        d = math.hypot(dx, dy) or 1.0
        ux, uy = dx / d, dy / d
        start = QPointF(a.x() + ux * ra, a.y() + uy * ra)
        gap = 0.35 * u
        tip = QPointF(b.x() - ux * (rb + gap), b.y() - uy * (rb + gap))
        p.setPen(QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        self._note("edge", QRectF(start, tip).adjusted(-0.2 * u, -0.2 * u, 0.2 * u, 0.2 * u))
        if inhibitory:
            p.drawLine(start, tip)
            bar = 1.1 * u
            p.setPen(QPen(colour, max(width, 0.4 * u), Qt.PenStyle.SolidLine,
                          Qt.PenCapStyle.FlatCap))
            ends = (QPointF(tip.x() - uy * bar, tip.y() + ux * bar),
                    QPointF(tip.x() + uy * bar, tip.y() - ux * bar))
            p.drawLine(*ends)
            self._note("edge", QRectF(*ends).adjusted(-0.2 * u, -0.2 * u, 0.2 * u, 0.2 * u))
        else:
            back = QPointF(tip.x() - ux * 1.2 * u, tip.y() - uy * 1.2 * u)
            p.drawLine(start, back)
            self._arrowhead(p, start, tip, u, colour)

    @staticmethod
    def _arrowhead(p, a, b, u, colour):
        dx, dy = b.x() - a.x(), b.y() - a.y()
        d = math.hypot(dx, dy) or 1.0
        ux, uy = dx / d, dy / d
        size = 1.3 * u
        path = QPainterPath(b)
        path.lineTo(b.x() - ux * size - uy * size * 0.55, b.y() - uy * size + ux * size * 0.55)
        path.lineTo(b.x() - ux * size + uy * size * 0.55, b.y() - uy * size - ux * size * 0.55)
        path.closeSubpath()
        p.setPen(Qt.PenStyle.NoPen)
        p.fillPath(path, colour)

    def _unit(self, p, unit, c, r, inputs, firing, u):
        t = theme.current()
        mp = unit.unit
        excitation = sum(inputs[i] for i in mp.excitatory)
        blocked = any(inputs[i] for i in mp.inhibitory)
        p.setPen(QPen(t.qcolor("text"), max(2.0, 0.18 * u)))
        p.setBrush(t.qcolor("highlight") if firing else t.qcolor("surface"))
        p.drawEllipse(c, r, r)
        self._note("node", QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r))
        ink = theme.ink_on(t.qcolor("highlight")) if firing else t.qcolor("text")
        p.setPen(ink)
        p.setFont(self._font(r / u * 0.42, True))
        p.drawText(QRectF(c.x() - r, c.y() - 0.75 * r, 2 * r, 0.7 * r),
                   Qt.AlignmentFlag.AlignCenter, f"θ = {mp.threshold}")
        p.setFont(self._font(r / u * 0.27))
        p.drawText(QRectF(c.x() - r, c.y() - 0.02 * r, 2 * r, 0.42 * r),
                   Qt.AlignmentFlag.AlignCenter, f"Σ = {excitation}")
        if blocked:
            p.setPen(t.qcolor("negative") if not firing else ink)
            p.setFont(self._font(r / u * 0.22, True))
            p.drawText(QRectF(c.x() - r, c.y() + 0.38 * r, 2 * r, 0.4 * r),
                       Qt.AlignmentFlag.AlignCenter, "blocked")

    def title(self) -> str:
        model = self.model
        return ("XOR from two layers of McCulloch–Pitts units" if model.mode == "xor"
                else f"One McCulloch–Pitts unit: {model.unit_title()}")

    def _legend(self, p, g: NetGeometry):
        t = theme.current()
        p.setPen(t.qcolor("text"))
        for box, role in zip(g.header, ("title", "reason")):
            p.setFont(box.font)
            self._text(p, box.rect, box.flags, box.text, role)
        # legend: excitatory arrow, inhibitory bar, lit = 1 (on more rows when narrow)
        p.setFont(self._font(1.0))
        for kind, x, y in g.legend:
            self._legend_item(p, t, kind, LEGEND_LABELS[kind], x, y, g.u)

    def _legend_item(self, p, t, kind: int, label: str, x: float, y: float, u: float) -> float:
        """One legend entry at (x, y): 0 excitatory arrow, 1 inhibitory bar, 2 the lit disc;
        returns where the next entry starts."""
        w = p.fontMetrics().horizontalAdvance(label)
        if kind == 2:
            p.setBrush(t.qcolor("highlight"))
            p.setPen(QPen(t.qcolor("text"), 2))
            p.drawEllipse(QPointF(x + 0.7 * u, y), 0.7 * u, 0.7 * u)
            self._note("legend", QRectF(x, y - 0.7 * u, 1.4 * u, 1.4 * u))
            self._text(p, QRectF(x + 1.8 * u, y - u, w + u, 2 * u),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label,
                       "legend")
            return x + 2.4 * u + w
        colour = t.qcolor("positive" if kind == 0 else "negative")
        a, b = QPointF(x, y), QPointF(x + 3.2 * u, y)
        p.setPen(QPen(colour, 0.4 * u, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        if kind == 1:
            p.drawLine(a, b)
            p.drawLine(QPointF(b.x(), y - 0.9 * u), QPointF(b.x(), y + 0.9 * u))
        else:
            p.drawLine(a, QPointF(b.x() - 1.0 * u, y))
            self._arrowhead(p, a, b, u, colour)
        self._note("legend", QRectF(x, y - 0.9 * u, 3.4 * u, 1.8 * u))
        p.setPen(t.qcolor("text"))
        self._text(p, QRectF(b.x() + 0.6 * u, y - u, w + u, 2 * u),
                   Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label, "legend")
        return b.x() + 2.2 * u + w

    def reason(self) -> str:
        return self.model.explain()
