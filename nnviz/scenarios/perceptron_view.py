"""The perceptron's plane: the points, the decision line w1·x1 + w2·x2 + b = 0 with the
side where y = 1 shaded, the weight vector (perpendicular to the line, pointing to that
side), the line before the last update (dashed), and the current sample lit. Left-click
adds a point of the chosen class; right-click removes the nearest point."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPen, QPolygonF
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGraphicsPolygonItem,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..ui import theme
from ..ui.plots_base import FittedAxis
from ..ui.square_geometry import half_plane, line_ends
from . import neuron_plots as npl
from .perceptron_label import add_caption, no_line_label, place_label
from .perceptron_layout import PlaneLayout, TextBox
from .perceptron_model import PerceptronModel
from .perceptron_texts import formula_forms

MARKER_PX = 28          # a point's marker at 100 % (it grows with the zoom, but
MARKER_SHARE = 0.12     # to at most this share of a small plane: at 200 % on 1280×720
                        # markers a quarter of the plane left the weight's label no room)


def marker_px(box) -> float:
    """A point's marker size in pixels on this plane (ViewBox)."""
    size = MARKER_PX * max(1.0, theme.manager().zoom)
    side = min(box.width(), box.height())
    return max(MARKER_PX, min(size, MARKER_SHARE * side)) if side > 0 else size


class _ClickBox(pg.ViewBox):
    clicked = Signal(float, float, object)     # x1, x2, button

    def mouseClickEvent(self, ev):
        p = self.mapSceneToView(ev.scenePos())
        self.clicked.emit(p.x(), p.y(), ev.button())
        ev.accept()

    def mouseDragEvent(self, ev, axis=None):
        ev.ignore()

    def wheelEvent(self, ev, axis=None):
        ev.ignore()


def _legend_text(text: str, loose: bool = False) -> str:
    """A legend entry whole ("class 1 (t = 1)"), or a long one (or any, loose) free to wrap
    between its words but not inside its formula (so that the legend fits beside a small
    plane, or below it in a narrow view)."""
    if len(text.split()) <= 4 and not loose:
        return text.replace(" ", "&nbsp;")
    return text.replace(" = ", "&nbsp;=&nbsp;")


class PerceptronPlot(PlaneLayout, QWidget):
    point_clicked = Signal(float, float, object)

    def __init__(self, model: PerceptronModel, parent=None):
        super().__init__(parent)
        self.model = model
        self.setObjectName("perceptron_view")
        layout = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.box = _ClickBox()
        self.box.setMenuEnabled(False)
        self.box.setMouseEnabled(False, False)
        self.box.setAspectLocked(True)
        left = FittedAxis("left")
        left.set_hold_widest()     # (on the locked plane its width had flipped every paint)
        self.plot = pg.PlotWidget(viewBox=self.box, axisItems={
            "bottom": FittedAxis("bottom"), "left": left})
        self.plot.setObjectName("perceptron_plot")
        self.plot.setToolTip("Left-click: add a point of the class chosen in the panel. "
                             "Right-click: remove the nearest point.")
        self.plot.hideButtons()
        self._style_plot()
        theme.manager().changed.connect(self._style_plot)
        # the plane, and the legend beside it when the plane would be a wide strip (its
        # locked aspect then showed x from −2.6 to 3.6 around points in [0, 1])
        self.plane_row = QHBoxLayout()
        self.plane_row.setContentsMargins(0, 0, 0, 0)
        self.plane_row.addWidget(self.plot, 1)
        layout.addLayout(self.plane_row, 1)
        self._init_layout()
        self.label_covers = 0.0       # the lines the weight's label covers, for tests
        self.marker_px = float(MARKER_PX)
        self.box.clicked.connect(self.point_clicked)

        self.region = QGraphicsPolygonItem()
        self.region.setZValue(-10)
        self.plot.addItem(self.region)
        self.old_line = pg.PlotDataItem()
        self.line = pg.PlotDataItem()
        self.vector = pg.PlotDataItem()
        self.head = QGraphicsPolygonItem()
        self.neg = pg.ScatterPlotItem(symbol="s")
        self.pos = pg.ScatterPlotItem(symbol="o")
        self.wrong = pg.ScatterPlotItem(symbol="o")
        self.current = pg.ScatterPlotItem(symbol="o")
        for item in (self.old_line, self.line, self.vector, self.head, self.wrong, self.neg,
                     self.pos, self.current):
            self.plot.addItem(item)
        self.w_label = pg.TextItem(anchor=(0, 1))
        self.w_label.setZValue(4)          # over the line, under the arrow
        for item in (self.vector, self.head):
            item.setZValue(5)
        self.plot.addItem(self.w_label)
        add_caption(self)     # the label under the plot where the plane has no room for it
        self._style_label()
        theme.manager().changed.connect(self._style_label)

        # the legend and the formula scroll below the plane when the view is short (a
        # lesson in projector type left the plane 60 px high beside them)
        self.text_area = QScrollArea(self)
        self.text_area.setObjectName("perceptron_text")
        self.text_area.setWidgetResizable(True)
        self.text_area.setFrameShape(QFrame.Shape.NoFrame)
        self.text_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        text = TextBox(self.text_area)
        text_layout = QVBoxLayout(text)
        text_layout.setContentsMargins(0, 0, 0, 0)
        self.text_layout = text_layout
        self.text_area.setWidget(text)
        self.legend = QLabel(text)
        self.legend.setObjectName("perceptron_legend")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        self.legend.setToolTip("What the marks on the plane mean")
        text_layout.addWidget(self.legend)
        self.formula = QLabel(text)
        self.formula.setObjectName("perceptron_formula")
        self.formula.setTextFormat(Qt.TextFormat.RichText)
        self.formula.setWordWrap(True)
        self.formula.setToolTip("The current step in numbers: the bias is the weight w0 of "
                                "an input x0 that is always 1")
        text_layout.addWidget(self.formula)
        text_layout.addStretch(1)
        layout.addWidget(self.text_area, 0)

        model.changed.connect(self.refresh)
        model.data_changed.connect(self.refresh)
        theme.manager().changed.connect(self.refresh)
        self.box.sigResized.connect(self.refresh)    # the arrow's head is sized in pixels
        self.refresh()

    def _style_label(self):
        """The weight vector's label in the type of the rest (projector: larger)."""
        font = self.font()
        font.setPointSizeF(npl.font_pt(15))
        font.setBold(True)
        self.w_label.setFont(font)

    def _style_plot(self):
        """Axes in the theme's colours and type (projector: larger)."""
        npl.style_plot(self.plot, "", "x1", "x2")
        self.plot.getPlotItem().showGrid(x=False, y=False)

    # -- drawing ----------------------------------------------------------------------------
    def refresh(self):
        t = theme.current()
        m = self.model
        rng = m.view_range
        self.plot.getPlotItem().getAxis("left").set_room(     # (FittedAxis.set_hold_widest)
            (self.width(), self.height(), tuple(rng)))
        self.plot.setBackground(t.background)
        self.box.setRange(xRange=rng, yRange=rng, padding=0)
        X = m.X
        labels = np.array(m.labels, dtype=int)
        size = self.marker_px = marker_px(self.box)
        outline = pg.mkPen(t.text, width=1.5)
        pos, neg = X[labels == 1], X[labels == 0]
        self.pos.setData(pos=pos, size=size, brush=pg.mkBrush(t.positive), pen=outline)
        self.neg.setData(pos=neg, size=size * 0.9, brush=pg.mkBrush(t.negative), pen=outline)
        if len(X):
            wrong = X[m.unit.predict(X) != m.targets]
        else:
            wrong = np.zeros((0, 2))
        self.wrong.setData(pos=wrong, size=size + 14, brush=pg.mkBrush(None),
                           pen=pg.mkPen(t.backward, width=3.5 * t.edge_scale))
        rec = m.last
        if rec is not None and m.points and rec.index < len(X):
            self.current.setData(pos=[rec.x], size=size + 26, brush=pg.mkBrush(None),
                                 pen=pg.mkPen(t.highlight, width=6))
        else:
            self.current.setData(pos=np.zeros((0, 2)))
        w, b = m.w, m.b
        span = rng[1] - rng[0]
        big = (rng[0] - span, rng[1] + span)      # beyond whatever the locked aspect shows
        poly = half_plane(w, b, big)
        self.region.setPolygon(QPolygonF([QPointF(*q) for q in poly]))
        self.region.setBrush(QBrush(theme.blend(t.qcolor("positive"), 0.12)))
        self.region.setPen(QPen(Qt.PenStyle.NoPen))
        ends = line_ends(w, b, big)
        self.line.setData(*(zip(*ends) if ends else ([], [])),
                          pen=pg.mkPen(t.update, width=4 * t.edge_scale))
        if rec is not None and rec.mistake:
            old = line_ends(rec.w_before, rec.b_before, big)
            self.old_line.setData(*(zip(*old) if old else ([], [])),
                                  pen=pg.mkPen(theme.blend(t.qcolor("update"), 0.5), width=2.5,
                                               style=Qt.PenStyle.DashLine))
        else:
            self.old_line.setData([], [])
        self._vector(w, b, rng, t)
        self._forms = formula_forms(m)      # (the one shown: the fullest that fits,
        self._share_height()                 # chosen with the legend's, _fit_texts)

    def _legend_html(self, beside: bool, loose: bool | None = None) -> str:
        """What the marks mean: in a row below the plane, one under the other beside it;
        loose (by default, where below the plane its whole entries do not fit: _fit_texts):
        every entry free to wrap between its words."""
        if loose is None:
            loose = self._legend_loose and not beside
        t = theme.current()
        lo = "−1" if self.model.bipolar else "0"
        items = [(t.positive, "●", "class 1 (t = 1)"), (t.negative, "■", f"class 0 (t = {lo})"),
                 (t.backward, "○", "wrong now"), (t.highlight, "○", "current sample"),
                 (t.update, "━", "z = 0 (dashed: before the update)"), (None, "", "shaded: y = 1")]
        # each item on one line (a symbol never ends a line apart from its words); between
        # items an em space, which ends a line unseen (after " &nbsp; " a line had begun
        # with a space, the item indented)
        return "<span style='font-size:large'>" + ("<br>" if beside else "\u2003").join(
            (f"<span style='color:{c}'>{sym}</span>&nbsp;" if sym else "")
            + _legend_text(text, loose) for c, sym, text in items) + "</span>"

    def _vector(self, w, b, rng, t):
        norm = float(np.hypot(*w))
        if norm == 0:
            self.vector.setData([], [])
            self.head.setPolygon(QPolygonF())
            self.w_label.setColor(QColor(t.update))
            no_line_label(self, b)
            return
        span = rng[1] - rng[0]
        u = np.array(w) / norm
        ends = line_ends(w, b, rng)
        if ends:   # start on the visible part of the line, at its middle
            foot = (np.array(ends[0]) + np.array(ends[1])) / 2
        else:      # the line is off screen: start at the centre
            foot = np.array([(rng[0] + rng[1]) / 2] * 2)
        length = 0.18 * span
        tip = foot + u * length
        # the head in screen pixels (the plot's x and y scales may differ): along the shaft
        # as drawn, twice as long as wide; the shaft stops at its base, so the tip is sharp
        sx, sy = self.box.viewPixelSize()
        sx, sy = (sx, sy) if sx > 0 and sy > 0 else (span / 400, span / 400)
        d = np.array([u[0] / sx, u[1] / sy])
        arrow_px = float(np.linalg.norm(d)) * length
        d /= np.linalg.norm(d)
        # (at most about half the arrow: on a small plane at 200 % it was all head)
        head_px = min(18.0 * max(1.0, theme.manager().zoom), max(18.0, 0.45 * arrow_px))
        scale = np.array([sx, sy])
        base = tip - d * head_px * scale
        side = np.array([-d[1], d[0]]) * head_px * 0.28 * scale
        self.vector.setData([foot[0], base[0]], [foot[1], base[1]],
                            pen=pg.mkPen(t.text, width=3.5 * t.edge_scale))
        pts = [tip, base + side, base - side]
        self.head.setPolygon(QPolygonF([QPointF(*p) for p in pts]))
        self.head.setBrush(QBrush(QColor(t.text)))
        self.head.setPen(QPen(Qt.PenStyle.NoPen))
        side_text = "y = 1" if w @ foot + b >= 0 else "the other class"
        self.w_label.setColor(QColor(t.text))
        card = QColor(t.background)
        card.setAlpha(200)
        self.w_label.fill = pg.mkBrush(card)    # readable where it crosses the line
        # (over no point: on the plane, in a shorter form or smaller type, or under it)
        place_label(self, w, tip, d, scale, None if ends else side_text)
