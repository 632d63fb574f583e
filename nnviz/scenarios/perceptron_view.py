"""The perceptron's plane: the points, the decision line w1·x1 + w2·x2 + b = 0 with the
side where y = 1 shaded, the weight vector (perpendicular to the line, pointing to that
side), the line before the last update (dashed), and the current sample lit. Left-click
adds a point of the chosen class; right-click removes the nearest point."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QPen, QPolygonF, QTextDocument, QTextOption
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
from ..ui.plots_base import fitted_axes
from ..ui.square_geometry import half_plane, line_ends
from . import neuron_plots as npl
from .perceptron_label import no_line_label, place_label
from .perceptron_model import PerceptronModel
from .perceptron_texts import fmt, formula_html


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


WIDE = 1.5              # width / height above which the text goes beside the plane
TEXT_MIN_WIDTH = 280     # the text beside the plane is at least this wide
PLANE_PX = 300           # below the plane, the text leaves it this much height (if it can)
TEXT_SHARE = 0.35        # of a short view the text keeps anyway (it scrolls)
BESIDE_RATIO = 1.25      # a plane wider than this × its height: the legend goes beside it
LEGEND_MIN_WIDTH = 160   # the legend beside the plane is at least this wide
PLANE_SLACK_PX = 24      # beside the legend, the plane plot is wider than high by
                         # this × (1 + the zoom): more than its axes' widths can differ
QWIDGETSIZE_MAX = (1 << 24) - 1
def _legend_text(text: str) -> str:
    """A legend entry whole ("class 1 (t = 1)"), or a long one free to wrap between its
    words but not inside its formula (so that the legend fits beside a small plane)."""
    if len(text.split()) <= 4:
        return text.replace(" ", "&nbsp;")
    return text.replace(" = ", "&nbsp;=&nbsp;")


class _TextBox(QWidget):
    """The legend and formula below the plane: its size hint is the height its text needs
    at the width it has (a word-wrapped label's own hint is for a width of its choosing:
    at 1280×720 in projector type it asked 340 px for text that took 230)."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        lay = self.layout()
        if lay is None or self.width() <= 1 or not lay.hasHeightForWidth():
            return hint
        return QSize(min(hint.width(), self.width()), lay.heightForWidth(self.width()))


class PerceptronPlot(QWidget):
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
        self.plot = pg.PlotWidget(viewBox=self.box, axisItems=fitted_axes())
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
        self.legend_beside = False
        self._move_pending = False
        self.label_covers = 0.0       # what the weight's label covers (_covered), for tests
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
        self._style_label()
        theme.manager().changed.connect(self._style_label)

        # the legend and the formula scroll below the plane when the view is short (a
        # lesson in projector type left the plane 60 px high beside them)
        self.text_area = QScrollArea(self)
        self.text_area.setObjectName("perceptron_text")
        self.text_area.setWidgetResizable(True)
        self.text_area.setFrameShape(QFrame.Shape.NoFrame)
        self.text_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        text = _TextBox(self.text_area)
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

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._share_height()

    def wide(self) -> bool:
        """A view much wider than high (a lesson in projector type), with room beside an
        about square plane for the text's longest unbreakable piece: the text goes there
        (below it, the plane was a wide strip)."""
        room = self.width() - self.height() - 12
        return self.width() > WIDE * self.height() and room >= max(
            TEXT_MIN_WIDTH, self._text_min_width() + 24)

    def _text_min_width(self) -> float:
        """The width of the text's longest piece that may not wrap (a legend entry, an
        update such as w0 ← 0 + 1·(−1)·1 = −1)."""
        widest = 0.0
        for label in (self.legend, self.formula):
            doc = QTextDocument()
            doc.setDefaultTextOption(QTextOption(Qt.AlignmentFlag.AlignLeft))   # words whole
            doc.setDefaultFont(label.font())
            doc.setHtml(label.text())
            doc.setTextWidth(1)
            widest = max(widest, doc.idealWidth())
        return widest

    def _share_height(self):
        """Below the plane, the text takes what it needs but at most half the view, and in a
        short view (a lesson in projector type) what leaves the plane PLANE_PX, down to
        TEXT_SHARE of the view (it scrolls); beside it, what the about square plane
        leaves. Below, a plane that would be much wider than high (the locked aspect
        then shows far more x than the data needs) gets the legend beside it instead."""
        lay = self.layout()
        if self.wide():
            self._want_legend_beside(False)
            if lay.direction() != QBoxLayout.Direction.LeftToRight:
                lay.setDirection(QBoxLayout.Direction.LeftToRight)
                self.text_area.setMinimumHeight(0)
                self.text_area.setMaximumHeight(QWIDGETSIZE_MAX)
            room = max(TEXT_MIN_WIDTH, self.width() - self.height() - 12)
            if self.text_area.maximumWidth() != room:
                self.text_area.setFixedWidth(room)
            return
        if lay.direction() != QBoxLayout.Direction.TopToBottom:
            lay.setDirection(QBoxLayout.Direction.TopToBottom)
            self.text_area.setMinimumWidth(0)
            self.text_area.setMaximumWidth(QWIDGETSIZE_MAX)
        column = self._legend_column()
        self._want_legend_beside(column is not None)
        need = self._text_need() + 2
        most = self._text_height(need)
        if self.text_area.maximumHeight() != most or self.text_area.minimumHeight() != most:
            self.text_area.setFixedHeight(most)   # (a maximum alone: the plane, stretching,
                                                  # left the text its small size hint)
        if column is not None and self.legend_beside and self.legend.width() != column:
            self.legend.setFixedWidth(column)

    def _want_legend_beside(self, beside: bool):
        """Move the legend beside the plane or below it, later: never from inside a layout
        pass (the plane's resize, sigResized → refresh, comes while its row lays out, and
        taking the legend out of that row then crashed Qt)."""
        if beside != self.legend_beside and not self._move_pending:
            self._move_pending = True
            QTimer.singleShot(0, self, self._move_legend)

    def _text_width(self) -> int:
        """The width of the text below the plane (the view's, less the margins)."""
        m = self.layout().contentsMargins()
        return max(1, self.width() - m.left() - m.right())

    def _text_need(self) -> int:
        """The height the text below the plane needs at the width it gets."""
        box = self.text_area.widget()
        lay = box.layout()
        width = self._text_width()
        if box.width() != width and lay.hasHeightForWidth():
            return lay.heightForWidth(width)
        return box.sizeHint().height()

    def _text_height(self, need: int) -> int:
        h = self.height()
        return max(60, min(need, max(int(h * TEXT_SHARE), min(h // 2, h - PLANE_PX))))

    def _legend_column(self) -> int | None:
        """The width of the legend beside the plane, or None to keep it below: beside, in
        large type (projector mode, a lesson's zoom), when the plane (as high as the formula
        leaves it) would be more than BESIDE_RATIO times wider than high and the room beside
        an about square plane holds the legend. (At 1280×720 in projector mode the plane
        was a strip showing x from −2.6 to 3.6 around points in [0, 1].)"""
        if theme.manager().zoom <= 1.0 + 1e-9:
            return None
        m = self.layout().contentsMargins()
        inner_w = self.width() - m.left() - m.right()
        inner_h = self.height() - m.top() - m.bottom()
        spacing = max(0, self.layout().spacing())
        need = self.formula.heightForWidth(self._text_width()) + 4
        plane_h = inner_h - self._text_height(need) - spacing
        if plane_h <= 0:
            return None
        # the plane a little wider than high: its y range is then the data's whatever the
        # left axis's width (a square one, its aspect locked, went back and forth between
        # two y ranges, two tick spacings and two axis widths)
        slack = PLANE_SLACK_PX * (1.0 + max(1.0, theme.manager().zoom))
        column = int(inner_w - plane_h - slack - spacing)
        least = max(LEGEND_MIN_WIDTH, self._legend_min_width())
        if self.legend_beside:       # (a little hysteresis: no flicker on a step's text)
            least -= 16
        if inner_w > BESIDE_RATIO * plane_h and column >= least:
            return column
        return None

    def _legend_min_width(self) -> float:
        """The width of the legend's longest piece that may not wrap."""
        doc = QTextDocument()
        doc.setDefaultTextOption(QTextOption(Qt.AlignmentFlag.AlignLeft))
        doc.setDefaultFont(self.legend.font())
        doc.setHtml(self._legend_html(beside=True))
        doc.setTextWidth(1)
        return doc.idealWidth() + 4

    def _move_legend(self):
        self._move_pending = False
        self._set_legend_beside(not self.wide() and self._legend_column() is not None)
        self._share_height()

    def _set_legend_beside(self, beside: bool):
        if beside == self.legend_beside:
            return
        self.legend_beside = beside
        if beside:
            self.text_layout.removeWidget(self.legend)
            self.plane_row.addWidget(self.legend, 0, Qt.AlignmentFlag.AlignTop)
        else:
            self.plane_row.removeWidget(self.legend)
            self.legend.setMinimumWidth(0)
            self.legend.setMaximumWidth(QWIDGETSIZE_MAX)
            self.text_layout.insertWidget(0, self.legend)
        # (a widget a layout takes from another parent shows only later, from the event
        # queue: until then the text's height was measured without it, and cut it off)
        self.legend.show()
        self.legend.setText(self._legend_html(beside))
        self.text_layout.invalidate()

    def _style_label(self):
        """The weight vector's label in the type of the rest (projector: larger)."""
        font = self.font()
        font.setPointSizeF(npl.font_pt(15))
        font.setBold(True)
        self.w_label.setFont(font)

    def fit_label(self):
        """The weight label's type no wider than most of a small plane (it ran over the
        points and off the plot on a small projector)."""
        self._style_label()
        font = self.w_label.textItem.font()
        wide = self.w_label.textItem.boundingRect().width()
        room = 0.85 * self.box.width()
        if wide > room > 0:
            font.setPointSizeF(max(8.0, font.pointSizeF() * room / wide))
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
        self.plot.setBackground(t.background)
        self.box.setRange(xRange=rng, yRange=rng, padding=0)
        X = m.X
        labels = np.array(m.labels, dtype=int)
        size = 28 * max(1.0, theme.manager().zoom)
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
        self.formula.setText(formula_html(m))
        self.legend.setText(self._legend_html(self.legend_beside))
        self._share_height()

    def _legend_html(self, beside: bool) -> str:
        """What the marks mean: in a row below the plane, one under the other beside it."""
        t = theme.current()
        lo = "−1" if self.model.bipolar else "0"
        items = [(t.positive, "●", "class 1 (t = 1)"), (t.negative, "■", f"class 0 (t = {lo})"),
                 (t.backward, "○", "wrong now"), (t.highlight, "○", "current sample"),
                 (t.update, "━", "z = 0 (dashed: before the update)"), (None, "", "shaded: y = 1")]
        # each item on one line (a symbol never ends a line apart from its words)
        return "<span style='font-size:large'>" + ("<br>" if beside else " &nbsp; ").join(
            (f"<span style='color:{c}'>{sym}</span>&nbsp;" if sym else "")
            + _legend_text(text) for c, sym, text in items) + "</span>"

    def _vector(self, w, b, rng, t):
        norm = float(np.hypot(*w))
        if norm == 0:
            self.vector.setData([], [])
            self.head.setPolygon(QPolygonF())
            self.w_label.setColor(QColor(t.update))
            no_line_label(self, b)
            return
        if self.w_label.textItem.font().pointSizeF() != npl.font_pt(15):
            self._style_label()              # (a no-line label may have shrunk it)
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
        d /= np.linalg.norm(d)
        head_px = 18.0 * max(1.0, theme.manager().zoom)
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
        self.w_label.setText(f"w = ({fmt(w[0])}, {fmt(w[1])})" + (
            "" if ends else f"\nthe line is off the plot:\nall of it is {side_text}"))
        if not ends:     # (its long line ran past the plot's right edge at 1280×720)
            self.fit_label()
        self.w_label.setColor(QColor(t.text))
        card = QColor(t.background)
        card.setAlpha(200)
        self.w_label.fill = pg.mkBrush(card)    # readable where it crosses the line
        place_label(self, tip, d, scale)
