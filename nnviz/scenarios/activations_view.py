"""Drawing for the activations scenario: g and g' with a draggable z, and softmax bars.

Draws only what the scenario hands over from nnviz.engine.activations.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ..engine import ACTIVATIONS
from ..ui import theme
from . import neuron_plots as npl
from . import plot_text
from .activations_scenario import N_LOGITS, SATURATION, Z_LIMIT, zone_intervals

ZS = np.linspace(-Z_LIMIT, Z_LIMIT, 1201)
LEGEND_W, LEGEND_H = 0.9, 0.45   # the curves' key takes at most these shares of the plot
LEGEND_PAD_PX = 50               # its line sample, spacing and frame beside the text
ZONE_SHORT = {"saturated: g' ≈ 0": "g' ≈ 0", "dead zone: g' = 0": "dead: g' = 0",
              "small slope 0.01: not dead": "slope 0.01",
              "g' = 0 everywhere: no gradient to learn from": "g' = 0 everywhere"}
Y_RANGE = {"linear": (-3.2, 3.2), "relu": (-1.2, 4.2), "leaky_relu": (-1.2, 4.2),
           "sigmoid": (-0.25, 1.15), "softmax": (-0.25, 1.15), "step": (-0.25, 1.2)}


class ActivationView(QWidget):
    z_moved = Signal(float)

    def __init__(self, scenario, parent=None):
        super().__init__(parent)
        self.scenario = scenario
        lay = QVBoxLayout(self)
        self.plot = npl.make_plot(self)
        lay.addWidget(self.plot, 1)
        self.zones = []
        self.zone_labels = []
        self.g_curve = pg.PlotDataItem(antialias=True)
        self.d_curve = pg.PlotDataItem(antialias=True)
        self.plot.addItem(self.g_curve)
        self.plot.addItem(self.d_curve)
        self.z_line = pg.InfiniteLine(angle=90, movable=True, bounds=(-Z_LIMIT, Z_LIMIT))
        self.z_line.setHoverPen(pg.mkPen(theme.current().highlight, width=6))
        self.z_line.sigPositionChanged.connect(lambda line: self.z_moved.emit(line.value()))
        self.plot.addItem(self.z_line)
        self.dots = pg.ScatterPlotItem(size=15)
        self.plot.addItem(self.dots)
        self.plot.getPlotItem().vb.setMouseEnabled(False, False)
        self.plot.getPlotItem().vb.sigResized.connect(self._fit_legend)
        self.plot.getPlotItem().vb.sigResized.connect(self._fit_zone_labels)
        self.plot.setXRange(-Z_LIMIT, Z_LIMIT, padding=0.01)
        self.readout = QLabel(self)
        self.readout.setObjectName("activation_readout")
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self.readout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.readout.setWordWrap(True)      # narrow windows and projector type: wrap
        lay.addWidget(self.readout)
        self.shown = {}
        self.restyle()

    def restyle(self):
        npl.style_plot(self.plot, "", "pre-activation z", "")
        f = QFont()
        f.setPointSizeF(npl.font_pt(15))
        self.readout.setFont(f)
        self.z_line.setPen(npl.pen(theme.current().highlight, 3))

    def _legend(self, *forms):
        """The key to the two curves: forms of its two labels, longest first, placed where
        it covers no curve (plot_text.find_key_place): in a corner clear of the curves and
        of the zones' labels, else above the curves (the y range grows by at most
        plot_text.HEADROOM_MOST, with no ticks in that room), else a shorter form or
        smaller type down to 9 pt; none if nothing fits (the readout under the plot names
        both curves in their colours). At 1024×600 the formulas' key had sat over the top
        of g's curve (and at 250 % it had covered the whole plot and run past it)."""
        self._legend_forms = forms
        self._shown_legend = None
        self._fit_legend()

    def _view_box(self):
        """The plot's view box, or None while the plot is being deleted."""
        try:
            return self.plot.getPlotItem().vb
        except RuntimeError:
            return None

    def _zone_rects(self, size) -> list[QRectF]:
        """Where the shaded zones' labels sit along the bottom (view box pixels): a key
        in a bottom corner keeps clear of them."""
        spans = self.shown.get("zones") or []
        (x0, x1), _y = self.plot.getPlotItem().vb.viewRange()
        font = QFont()
        font.setPointSizeF(npl.font_pt(12))
        tall = QFontMetricsF(font).height() + 8
        w, h = size
        return [QRectF((lo - x0) / (x1 - x0) * w, h * 0.97 - tall,
                       (hi - lo) / (x1 - x0) * w, tall + h * 0.03) for lo, hi in spans]

    def _fit_legend(self):
        forms = getattr(self, "_legend_forms", None)
        if not forms:
            return
        vb = self._view_box()
        if vb is None or vb.width() <= 0 or vb.height() <= 0:
            return
        size = (vb.width(), vb.height())
        room_w, room_h = LEGEND_W * vb.width(), LEGEND_H * vb.height()
        base = npl.font_pt(13)
        least = max(npl.font_pt(9), 9.0)
        y_range = getattr(self, "_y_base", (-1.25, 1.25))
        x_range = tuple(vb.viewRange()[0])
        curves = [c.getData() for c in (self.g_curve, self.d_curve)]
        curves = [(x, y) for x, y in curves if x is not None and len(x)]
        points = plot_text.curve_px(curves, x_range, y_range, size)
        obstacles = self._zone_rects(size)
        t = theme.current()
        plot = self.plot.getPlotItem()
        legend = plot.legend
        if legend is None:
            legend = plot.addLegend(offset=(10, 10))

        def pt_for(labels):
            pt = round(npl.fit_pt(base, labels, room_w, LEGEND_PAD_PX, least), 1)
            w, h = _legend_size(labels, pt)
            return pt if w <= room_w and h <= room_h else None

        def size_for(labels, pt):
            plot_text.fill_key(legend, self._key_items(), labels, pt)
            rect = legend.boundingRect()
            return rect.width(), rect.height()

        def room_for(key_size):       # above the curves (the zones' labels keep the bottom)
            rooms = [(top, corner) for corner in ("top-left", "top-right")
                     if (top := plot_text.headroom_top(key_size, size, curves, x_range,
                                                       y_range, corner)) is not None]
            if not rooms:
                return None
            top, corner = min(rooms)
            return corner, (y_range[0], top)

        found = plot_text.find_key_place(
            forms, pt_for, least, size_for,
            lambda key_size: plot_text.free_corner(key_size, size, points, obstacles),
            room_for)
        chosen = None if found is None else \
            (found[0], found[1], found[2], (found[3] or y_range)[1])
        # (the search filled the key with every form it tried: filled again below)
        self._shown_legend = (chosen, t.text, t.background, size)
        top = chosen[3] if chosen is not None else y_range[1]
        axis = plot.getAxis("left")
        if getattr(axis, "value_limits", None) != tuple(y_range):   # none in the key's room
            axis.value_limits = tuple(y_range)
            axis.picture = None
            axis.update()
        if abs(plot.vb.viewRange()[1][1] - top) > 1e-9 or \
                abs(plot.vb.viewRange()[1][0] - y_range[0]) > 1e-9:
            self.plot.setYRange(y_range[0], top, padding=0)
        corner = plot_text.show_key(legend, self._key_items(), chosen)
        if corner is not None:
            self.legend_corner = corner

    def _key_items(self):
        return self.g_curve, self.d_curve

    def _zones(self, name: str, d: np.ndarray):
        """Shade where the derivative (the learning signal) vanishes or is zero."""
        for item in self.zones + self.zone_labels:
            self.plot.removeItem(item)
        self.zones, self.zone_labels = [], []
        if name in ("step", "sign"):
            spans, text = [(-Z_LIMIT, Z_LIMIT)], "g' = 0 everywhere: no gradient to learn from"
        elif name == "relu":
            spans, text = zone_intervals(d == 0, ZS), "dead zone: g' = 0"
        elif name == "leaky_relu":
            spans, text = zone_intervals(d < 0.1, ZS), "small slope 0.01: not dead"
        elif name in ("sigmoid", "tanh", "softmax"):
            spans = zone_intervals(d < SATURATION * d.max(), ZS)
            text = "saturated: g' ≈ 0"
        else:
            spans, text = [], ""
        t = theme.current()
        fill = theme.blend(QColor(t.backward), 0.13)
        self._zone_forms = [text, ZONE_SHORT.get(text, text)]
        for lo, hi in spans:
            region = pg.LinearRegionItem((lo, hi), movable=False, brush=pg.mkBrush(fill),
                                         pen=pg.mkPen(None))
            region.setZValue(-10)
            self.plot.addItem(region)
            self.zones.append(region)
            label = pg.TextItem(anchor=(0.0 if lo <= -Z_LIMIT + 1e-9 and hi < Z_LIMIT else
                                        1.0 if hi >= Z_LIMIT - 1e-9 and lo > -Z_LIMIT else 0.5,
                                        1.0))
            x = lo if lo <= -Z_LIMIT + 1e-9 and hi < Z_LIMIT else \
                hi if hi >= Z_LIMIT - 1e-9 and lo > -Z_LIMIT else (lo + hi) / 2
            label.setPos(x, self._lo + 0.03 * self._span)
            self.plot.addItem(label)
            label.span = (lo, hi)
            self.zone_labels.append(label)
        self.shown["zones"] = spans
        self._fit_zone_labels()

    def _fit_zone_labels(self):
        """Each zone's label in the longest form that fits the zone's width (at 250 % in a
        small plot the two "saturated" labels ran into each other), else none."""
        labels = getattr(self, "zone_labels", None)
        if not labels:
            return
        vb = self._view_box()
        if vb is None:
            return
        x0, x1 = vb.viewRange()[0]
        px = vb.width() / max(1e-9, x1 - x0)
        font = QFont()
        font.setPointSizeF(npl.font_pt(12))
        fm = QFontMetricsF(font)
        colour = theme.current().backward
        for label in labels:
            room = (min(label.span[1], x1) - max(label.span[0], x0)) * px - 8
            text = next((f for f in self._zone_forms if fm.horizontalAdvance(f) <= room), "")
            if getattr(label, "shown_text", None) != (text, colour, font.pointSizeF()):
                label.shown_text = (text, colour, font.pointSizeF())
                label.setHtml(f'<span style="color:{colour};font-size:'
                              f'{font.pointSizeF():.0f}pt">{text}</span>')
            label.setVisible(bool(text))

    def show_state(self):
        s = self.scenario
        t = theme.current()
        name = s.state["activation"]
        act = ACTIVATIONS[name]
        g, d = s.curves(ZS)
        self.g_curve.setData(ZS, g, pen=npl.pen(t.forward, 4))
        self.d_curve.setData(ZS, d, pen=npl.pen(t.backward, 3, Qt.PenStyle.DashLine))
        lo, hi = Y_RANGE.get(name, (-1.25, 1.25))
        self._span, self._lo = hi - lo, lo
        self._y_base = (lo, hi)         # (the key may make room above the curves)
        self.plot.setYRange(lo, hi, padding=0)
        if act.elementwise:
            forms = ((f"g(z): {act.formula}", f"g'(z): {act.derivative_formula}"),
                     ("g(z)", "g'(z)"))
            title, short = act.label, None
        else:
            forms = (("a₁ = softmax(z)₁ as z₁ moves", "∂a₁/∂z₁ = a₁(1 − a₁)"),
                     ("a₁", "∂a₁/∂z₁"))
            title = "Softmax: the first output as logit z₁ moves (others fixed)"
            short = ("Softmax: a₁ as z₁ moves", "Softmax")     # (a narrow plot, large type)
        npl.set_title(self.plot, title, 15.0, short=short)
        self._zones(name, d)
        self._legend(*forms)            # (clear of the zones' labels too)
        z = s.state["z"]
        self.z_line.blockSignals(True)
        self.z_line.setValue(z)
        self.z_line.blockSignals(False)
        gz, dz = s.at(z)
        self.dots.setData([z, z], [gz, dz], brush=[QColor(t.forward), QColor(t.backward)],
                          pen=npl.pen(t.background, 1.5))
        gname = "a₁" if not act.elementwise else "g(z)"
        dname = "∂a₁/∂z₁" if not act.elementwise else "g'(z)"
        note = ""
        if name in ("step", "sign") and z == 0:
            note = " (the jump: g' is undefined here)"
        self.readout.setText(      # (each "name = value" on one line: &nbsp; around "=")
            f"z&nbsp;=&nbsp;<b>{npl.fmt(z)}</b> &nbsp;&nbsp; "
            f'<span style="color:{t.forward}">{gname}&nbsp;=&nbsp;<b>{npl.fmt(gz, 4)}</b></span>'
            " &nbsp;&nbsp; "
            f'<span style="color:{t.backward}">{dname}&nbsp;=&nbsp;<b>{npl.fmt(dz, 4)}</b>'
            f"</span>{note}")
        self.shown.update(g=g, d=d, gz=gz, dz=dz)


MIN_LABEL_PT = 7.0


def _legend_size(labels, pt: float) -> tuple[float, float]:
    """About the size (px) of a two-line key of `labels` at `pt` points."""
    font = QFont()
    font.setPointSizeF(pt)
    fm = QFontMetricsF(font)
    width = max(fm.horizontalAdvance(t) for t in labels) + LEGEND_PAD_PX
    return width, len(labels) * fm.lineSpacing() * 1.25 + 16


class SoftmaxBars(QWidget):
    """softmax(logits) as bars that sum to one, with the numbers on them."""

    def __init__(self, scenario, parent=None):
        super().__init__(parent)
        self.scenario = scenario
        lay = QVBoxLayout(self)
        self.plot = npl.make_plot(self)
        self.plot.setMinimumWidth(320)
        lay.addWidget(self.plot, 1)
        self.bars = pg.BarGraphItem(x=np.arange(N_LOGITS), height=np.zeros(N_LOGITS), width=0.6)
        self.plot.addItem(self.bars)
        self.labels = [pg.TextItem(anchor=(0.5, 1.0)) for _ in range(N_LOGITS)]
        for lab in self.labels:
            self.plot.addItem(lab)
        self.plot.getPlotItem().vb.setMouseEnabled(False, False)
        self.plot.setYRange(0, 1.12, padding=0)
        self.plot.setXRange(-0.6, N_LOGITS - 0.4, padding=0)
        self.sum_label = QLabel(self)
        self.sum_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sum_label.setWordWrap(True)
        lay.addWidget(self.sum_label)
        self.restyle()

    def restyle(self):
        npl.style_plot(self.plot, "softmax(z)", "output", "probability")
        ticks = [(i, f"{i + 1}") for i in range(N_LOGITS)]
        self.plot.getPlotItem().getAxis("bottom").setTicks([ticks])
        f = QFont()
        f.setPointSizeF(npl.font_pt(14))
        self.sum_label.setFont(f)

    def _label_pt(self, lines: list[str]) -> float:
        """The labels' type: projector-sized, but no wider than a bar's slot (neighbouring
        labels would run into each other on a narrow plot)."""
        slot = self.plot.getPlotItem().vb.width() / N_LOGITS
        margins = 2 * self.labels[0].textItem.document().documentMargin()
        return npl.fit_pt(npl.font_pt(12), lines, 0.95 * slot, margins, MIN_LABEL_PT)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if getattr(self, "heights", None) is not None:
            self.show_state()

    def show_state(self):
        t = theme.current()
        p = self.scenario.probabilities()
        self.heights = p
        self.bars.setOpts(height=p, brush=pg.mkBrush(QColor(t.forward)),
                          pen=npl.pen(t.text, 1))
        logits = self.scenario.state["logits"]
        texts = [(f"{v:.3f}", f"z = {npl.fmt(z)}") for v, z in zip(p, logits)]
        self.label_pt = pt = self._label_pt([line for pair in texts for line in pair])
        for i, (lab, v) in enumerate(zip(self.labels, p)):
            top, below = texts[i]
            lab.setHtml(f'<div style="color:{t.text};font-size:{pt:.1f}pt;'
                        f'text-align:center">{top}<br><span style="color:{t.muted}">'
                        f"{below}</span></div>")
            lab.setPos(i, float(v) + 0.01)
        total = float(np.sum(p))
        self.sum_label.setText(f"sum = {'&nbsp;+ '.join(f'{v:.3f}' for v in p)}&nbsp;= "
                               f"<b>{total:.3f}</b>")     # (never a "+" ending a line)
        self.shown_sum = total
