"""The probe point's numbers: one probability bar per class, and its cross-entropy.

Bars: net.forward(x) for the probed point (they sum to one), in the class colours, the
true class outlined and marked. Cross-entropy: the curve L = −log p(true class) from the
engine's loss, with the probed point on it, so a confident wrong answer visibly costs a lot.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ..ui import theme
from . import neuron_plots as npl
from .softmax_map import SYMBOL_TEXT, class_colours
from .softmax_model import Probe, minus_log_curve

TOP = 1.32            # the probability axis's top: room for "true" over a bar of 1
MIN_LABEL_PT = 7.0
COMPACT_LINES = 14    # a view less high than this many caption lines gets a short caption


CAPTION_PT, SHORT_CAPTION_PT = 13.0, 11.0    # (× the zoom) the short caption's is smaller


def short_of_room(widget: QWidget) -> bool:
    """True when `widget` is too short for its long caption and a readable plot (large
    type on a small screen): it then shows the short caption, in smaller type."""
    font = QFont()
    font.setPointSizeF(npl.font_pt(CAPTION_PT))
    return widget.height() < COMPACT_LINES * QFontMetricsF(font).lineSpacing()


def set_caption(caption: QLabel, text: str, short: bool):
    """The caption's text, in the type its length calls for."""
    pt = npl.font_pt(SHORT_CAPTION_PT if short else CAPTION_PT)
    style = f"color: {theme.current().text}; font-size: {pt:.0f}pt;"
    if caption.styleSheet() != style:
        caption.setStyleSheet(style)
    caption.setText(text)


class ProbabilityBars(QWidget):
    """p(class | x) as bars for the probe; `heights` and `true_class` are what is drawn."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.heights = np.zeros(0)
        self.true_class: int | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.caption = QLabel(self)
        self.caption.setObjectName("barsCaption")
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.caption)
        self.plot_widget = npl.make_plot(self, "", "", "probability")
        self.plot_widget.setMinimumSize(240, 150)
        self.plot = self.plot_widget.getPlotItem()
        self.plot.setMouseEnabled(x=False, y=False)
        self.bars = pg.BarGraphItem(x=np.zeros(0), height=np.zeros(0), width=0.7)
        self.plot.addItem(self.bars)
        self.texts: list[pg.TextItem] = []
        self.true_mark = pg.TextItem("", anchor=(0.5, 2.0))
        self.plot.addItem(self.true_mark)
        lay.addWidget(self.plot_widget, 1)
        self._probe: Probe | None = None
        self._k = 0
        self._stepped = False

    def restyle(self):
        npl.style_plot(self.plot_widget, "", "", "probability")
        self.plot.showGrid(x=False, y=True, alpha=0.25)
        if self._k:
            self.show_probe(self._probe, self._k, self._stepped)

    def _label_pt(self) -> float:
        """The values' type: projector-sized, but on a short plot no taller than the room
        above a full bar allows (one line: "true"; a tall bar's value is written inside it)."""
        base = npl.font_pt(13)
        h = self.plot.vb.height()
        font = QFont()
        font.setPointSizeF(base)
        font.setBold(True)
        line = QFontMetricsF(font).height()
        if h <= 0 or line <= 0:
            return base
        margin = 2 * self.true_mark.textItem.document().documentMargin()
        room = 0.95 * (TOP - 1.02) / TOP * h - margin   # one line above a bar of 1
        return max(MIN_LABEL_PT, base * min(1.0, room / line))

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if self._k:
            self.show_probe(self._probe, self._k, self._stepped)

    def show_probe(self, probe: Probe | None, k: int, stepped: bool = False):
        """The bars of probe (None: none); `stepped`: it is the sample the player steps
        through (the caption says so)."""
        self._probe, self._k, self._stepped = probe, k, stepped
        t = theme.current()
        colours = class_colours(k)
        if len(self.texts) != k:
            for item in self.texts:
                self.plot.removeItem(item)
            self.texts = [pg.TextItem("", anchor=(0.5, 1.0)) for _ in range(k)]
            for item in self.texts:
                self.plot.addItem(item)
        axis = self.plot.getAxis("bottom")
        axis.setTicks([[(c, f"{SYMBOL_TEXT[c % len(SYMBOL_TEXT)]} {c + 1}") for c in range(k)]])
        self.plot.setXRange(-0.6, k - 0.4, padding=0)
        self.plot.setYRange(0, TOP, padding=0)
        self.plot.getAxis("left").setTicks([[(v, f"{v:g}") for v in (0, 0.25, 0.5, 0.75, 1)]])
        font = QFont()
        font.setPointSizeF(self._label_pt())
        font.setBold(True)
        if probe is None:
            self.heights = np.zeros(0)
            self.true_class = None
            self.bars.setOpts(x=np.zeros(0), height=np.zeros(0))
            for item in self.texts:
                item.setText("")
            self.true_mark.setText("")
            set_caption(self.caption, "<b>Probabilities</b>: point at the plane (or click a "
                        "point to pin it) to see what the network says there.", False)
            return
        p = probe.p
        self.heights = p.copy()
        self.true_class = probe.true_class
        pens = [pg.mkPen(t.text, width=4.0 * t.edge_scale) if c == probe.true_class
                else pg.mkPen(t.muted, width=1.0) for c in range(k)]
        self.bars.setOpts(x=np.arange(k, dtype=float), height=p, width=0.7,
                          brushes=[pg.mkBrush(c) for c in colours], pens=pens)
        h = self.plot.vb.height()
        line = (QFontMetricsF(font).height() + 2 * self.true_mark.textItem.document()
                .documentMargin()) / h * TOP if h > 0 else TOP    # a line, in probability
        inside = p >= line + 0.04
        for c, item in enumerate(self.texts):
            if inside[c]:      # at the top of its bar, in a colour that reads on the bar
                ink = "#000000" if QColor(colours[c]).lightness() > 140 else "#ffffff"
                item.setText(f"{p[c]:.2f}", color=ink)
                item.setAnchor((0.5, 0.0))
                item.setPos(c, p[c] - 0.01)
            else:
                item.setText(f"{p[c]:.2f}", color=t.text)
                item.setAnchor((0.5, 1.0))
                item.setPos(c, p[c] + 0.02)
            item.setFont(font)
        if probe.true_class is not None:
            tc = probe.true_class
            self.true_mark.setText("true", color=t.text)
            self.true_mark.setFont(font)
            self.true_mark.setAnchor((0.5, 1.0 if inside[tc] else 2.0))
            self.true_mark.setPos(tc, p[tc] + 0.02)     # over the bar (and its value)
        else:
            self.true_mark.setText("")
        where = (f"point {probe.index + 1}" if probe.index is not None else "the spot")
        if stepped:
            where = f"the stepped {where}"
        x1, x2 = (npl.fmt(v) for v in probe.x)
        truth = (f"true: class {probe.true_class + 1}" if probe.true_class is not None
                 else "not a data point")
        scores = ", ".join(npl.fmt(v) for v in probe.z)
        short = short_of_room(self)
        set_caption(self.caption, (
            f"{where}: z = ({scores})<br>answer <b>class {probe.predicted + 1}</b> · {truth}"
            if short else
            f"<b>p(class | x)</b> at {where}, x = ({x1}, {x2})<br>"
            f"scores z = ({scores}) → softmax → bars<br>"
            f"answer: <b>class {probe.predicted + 1}</b> · {truth} · "
            f"sum = {float(np.sum(p)):.3f}"), short)


class CrossEntropyPlot(QWidget):
    """L = −log p(true class) as a curve over p, with the probe's point on it."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.loss: float | None = None        # the number shown (the engine's loss)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.caption = QLabel(self)
        self.caption.setObjectName("lossCaption")
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.caption)
        self.plot_widget = npl.make_plot(self, "", "p(true class)", "loss")
        self.plot_widget.setMinimumSize(240, 130)
        self.plot = self.plot_widget.getPlotItem()
        self.plot.setMouseEnabled(x=False, y=False)
        self.curve = self.plot.plot()
        self.guide = self.plot.plot()
        self.dot = pg.ScatterPlotItem(pxMode=True)
        self.plot.addItem(self.dot)
        lay.addWidget(self.plot_widget, 1)
        self._p, self._L = minus_log_curve()
        self._probe: Probe | None = None
        self._short = False
        self.restyle()

    def restyle(self):
        t = theme.current()
        npl.style_plot(self.plot_widget, "", "p(true class)", "loss")
        self.curve.setData(self._p, self._L, pen=npl.pen(t.muted, 3.0))
        self.plot.setXRange(0, 1.0, padding=0.02)
        self.plot.setYRange(0, float(self._L.max()), padding=0.04)
        self.show_probe(self._probe)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if short_of_room(self) != self._short:
            self.show_probe(self._probe)

    def show_probe(self, probe: Probe | None):
        self._probe = probe
        self._short = short_of_room(self)
        t = theme.current()
        if probe is None or probe.true_class is None:
            self.loss = None
            self.dot.setData(x=[], y=[])
            self.guide.setData([], [])
            set_caption(self.caption,
                        "<b>Cross-entropy</b> L = −log p(true class)<br>Pin a <i>data</i> point "
                        "to see its loss: a sure right answer costs almost nothing, a sure "
                        "wrong one costs a lot.", False)
            return
        self.loss = probe.loss
        pt = float(probe.p[probe.true_class])
        colour = class_colours(len(probe.p))[probe.true_class]
        shown_y = min(probe.loss, float(self._L.max()))
        self.dot.setData(x=[pt], y=[shown_y], size=16 * theme.manager().zoom,
                         pen=pg.mkPen(t.text, width=2), brush=pg.mkBrush(colour))
        self.guide.setData([pt, pt, 0], [0, shown_y, shown_y],
                           pen=npl.pen(t.text, 1.5, Qt.PenStyle.DashLine))
        verdict = ("right and sure: almost free" if pt >= 0.8 else
                   "right but unsure" if probe.predicted == probe.true_class else
                   "wrong: expensive" if pt >= 0.05 else "confidently wrong: very expensive")
        set_caption(self.caption, (
            f"<b>Cross-entropy</b> L = −log {pt:.3f} = <b>{probe.loss:.3f}</b><br>{verdict}"
            if self._short else
            f"<b>Cross-entropy</b> of point {probe.index + 1}:<br>"
            f"L = −log p(class {probe.true_class + 1}) = −log {pt:.3f} = "
            f"<b>{probe.loss:.3f}</b> &nbsp; ({verdict})"), self._short)
