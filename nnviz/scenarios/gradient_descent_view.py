"""Drawing for the gradient-descent scenario: the loss landscape with paths, loss curves.

The landscape and the paths come from nnviz.engine.surfaces (real Trainer updates); this
module only maps them to pixels. Loss is never signed, so the landscape uses a sequential
grey ramp, and each path a category colour (never the diverging palette).
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..engine import surfaces
from ..ui import theme
from ..ui.plots_base import DecadeAxis
from ..ui.text_area import WrappedTextArea
from . import gradient_descent_readout as rd
from . import neuron_plots as npl
from .gradient_descent_card import HoverCard
from .gradient_descent_keys import PathKeys
from .plot_text import PlotText, legible

N_CONTOURS = 14
READOUT_SHARE = 0.45    # the numbers under the landscape take at most this share of the view
HOVER_PX = 10           # a path's point is under the mouse within this many pixels (× zoom)
LEGEND_GAP = 10             # px between the loss curves' legend and the view box's sides
LEGEND_LEAST_PT = 7.0       # the legend's type shrinks no further (to fit a small plot)
LEGEND_SHARE = 0.65         # of the loss plot's height at most: the curves' ends stay clear
# the landscape's title in each mode: the whole sentence, and the short form of a narrow plot
TITLES = {"single": ("Gradient descent from the start (the big dot)", "From the big dot"),
          "batch": ("Batch (smooth) vs stochastic and mini-batch (noisy)",
                    "Batch vs stochastic"),
          "race": ("Eight optimizers, one start", "Eight optimizers")}


def path_colours(scenario) -> list[str]:
    if scenario.state["mode"] == "single":
        return [theme.current().update]
    return npl.category_colours()


class SurfaceView(QWidget):
    start_clicked = Signal(float, float)

    def __init__(self, scenario, parent=None):
        super().__init__(parent)
        self.scenario = scenario
        lay = QVBoxLayout(self)
        self.plot = npl.make_plot(self)
        lay.addWidget(self.plot, 1)
        self.readout = rd.Readout(self)
        # the whole readout when there is room; in a short view at most READOUT_SHARE of
        # it, scrolling (the landscape keeps the rest)
        self.readout_area = WrappedTextArea(self.readout, self)
        lay.addWidget(self.readout_area)
        self.card = HoverCard(self.plot)
        self.hovered = None         # ("point", label, k) or ("landscape", w, b)
        self.colours: list[str] = []
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setZValue(-20)
        self.plot.addItem(self.image)
        self.contours: list[pg.IsocurveItem] = []
        self.path_items: list[pg.PlotDataItem] = []
        self.heads: list[pg.ScatterPlotItem] = []
        self.start_dot = pg.ScatterPlotItem(size=18, symbol="o")
        self.start_dot.setZValue(10)
        self.plot.addItem(self.start_dot)
        self.ring = pg.ScatterPlotItem(size=22, brush=None)
        self.ring.setZValue(12)
        self.plot.addItem(self.ring)
        self.plot.getPlotItem().vb.setMouseEnabled(False, False)
        self.plot.scene().sigMouseClicked.connect(self._clicked)
        self.plot.setMouseTracking(True)
        self.plot.scene().sigMouseMoved.connect(self._moved)
        self.plot.viewport().installEventFilter(self)
        self.keys = PathKeys(self)  # the same points and card from the keyboard
        self.plot_text = PlotText(self.plot, "weight w", "bias b")
        self.restyle()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        most = max(60, int(READOUT_SHARE * self.height()))
        if self.readout_area.maximumHeight() != most:
            self.readout_area.setMaximumHeight(most)

    def restyle(self):
        npl.style_plot(self.plot)
        self.plot_text.refresh()
        self.readout.restyle()
        self.card.restyle()
        self.keys.restyle()

    def rebuild(self):
        s = self.scenario
        t = theme.current()
        ws, bs, L = s.surface
        logL = np.log10(np.maximum(L, 1e-12)).astype(np.float32)
        lo, hi = float(logL.min()), float(logL.max())
        self.image.setImage(np.ascontiguousarray(logL), levels=(lo, hi), lut=npl.sequential_lut())
        dw, db = ws[1] - ws[0], bs[1] - bs[0]
        self.image.setRect(QRectF(ws[0] - dw / 2, bs[0] - db / 2, ws[-1] - ws[0] + dw,
                                  bs[-1] - bs[0] + db))
        for c in self.contours:
            if c.scene() is not None:
                c.scene().removeItem(c)
        self.contours = []
        contour_pen = npl.pen(theme.blend(QColor(t.text), 0.75), 1.3)
        for level in np.linspace(lo, hi, N_CONTOURS + 2)[1:-1]:
            c = pg.IsocurveItem(logL, float(level), contour_pen, axisOrder="row-major")
            c.setParentItem(self.image)
            c.setPos(0.5, 0.5)
            self.contours.append(c)
        self.levels = (lo, hi)
        # paths
        for item in self.path_items + self.heads:
            self.plot.removeItem(item)
        self.path_items, self.heads = [], []
        kept = self.keys.shown if self.keys.owns_card() else None   # the keys' point stays
        self._unhover()
        colours = self.colours = path_colours(s)
        for k, label in enumerate(s.paths):
            colour = colours[k % len(colours)]
            item = pg.PlotDataItem(antialias=True, pen=npl.pen(colour, 3),
                                   symbol="o", symbolSize=5, symbolBrush=QColor(colour),
                                   symbolPen=None, name=label)
            head = pg.ScatterPlotItem(size=13, brush=QColor(colour),
                                      pen=npl.pen(t.background, 1.5))
            item.setZValue(5)
            head.setZValue(6)
            self.plot.addItem(item)
            self.plot.addItem(head)
            self.path_items.append(item)
            self.heads.append(head)
        w0, w1, b0, b1 = surfaces.MODELS[s.state["model"]]["extent"]
        vb = self.plot.getPlotItem().vb
        vb.disableAutoRange()
        vb.setRange(xRange=(w0, w1), yRange=(b0, b1), padding=0)
        self.start_dot.setData([s.state["start"][0]], [s.state["start"][1]],
                               brush=QColor(t.highlight), pen=npl.pen(t.text, 1.5))
        self.plot_text.show(*TITLES[s.state["mode"]])
        if kept is not None and kept[0] in s.paths and kept[1] <= s.shown_index(kept[0]):
            self.keys.shown = kept              # (a new theme or zoom: the same point, in
            self.show_point(*kept)              # the new look)

    def show_progress(self):
        s = self.scenario
        n = s.revealed
        for item, head, p in zip(self.path_items, self.heads, s.paths.values()):
            k = min(n, len(p))
            item.setData(p.w[:k], p.b[:k])
            head.setData([p.w[k - 1]], [p.b[k - 1]])
        if self.hovered and self.hovered[0] == "point" and \
                self.hovered[2] > s.shown_index(self.hovered[1]):
            self._unhover()         # a replay took that point away again
        self.show_readout()

    def show_readout(self):
        """The numbers of the point each path has reached (the last one drawn)."""
        s = self.scenario
        if s.state["mode"] == "single":
            self.readout.show_single(rd.single_html(s.point(next(iter(s.paths)))))
        else:
            race = s.state["mode"] == "race"
            rows = [rd.path_row(s.point(label, detail=False),
                                self.colours[k % len(self.colours)], race)
                    for k, label in enumerate(s.paths)]
            lr = next(iter(s.paths.values())).lr
            self.readout.show_rows("optimizer" if race else f"path (η = {lr:g})", rows)

    # -- the mouse over the landscape ---------------------------------------------------------
    def _hit(self, scene_pos) -> tuple[str, int] | None:
        """The drawn point of a path nearest the mouse, if one is within HOVER_PX."""
        vb = self.plot.getPlotItem().vb
        at = vb.mapSceneToView(scene_pos)
        px_w, px_b = vb.viewPixelSize()
        if not px_w or not px_b:
            return None
        best, best_d = None, (HOVER_PX * theme.manager().zoom) ** 2
        for label, p in self.scenario.paths.items():
            k = self.scenario.shown_index(label) + 1
            d = ((p.w[:k] - at.x()) / px_w) ** 2 + ((p.b[:k] - at.y()) / px_b) ** 2
            i = int(np.argmin(d))
            if d[i] < best_d:       # strictly nearer: the first path wins a shared start
                best, best_d = (label, i), float(d[i])
        return best

    def show_point(self, label: str, k: int):
        """Ring point k of a path and show its card beside it (never over it): for the
        mouse over it and for the keys (gradient_descent_keys)."""
        s = self.scenario
        vb = self.plot.getPlotItem().vb
        colour = self.colours[list(s.paths).index(label) % len(self.colours)]
        p = s.paths[label]
        self.ring.setData([p.w[k]], [p.b[k]], size=22 * theme.manager().zoom,
                          pen=npl.pen(theme.current().text, 2.5))
        self.hovered = ("point", label, k)
        # beside the point itself (the mouse may be a few pixels off it)
        dot = self.plot.mapFromScene(vb.mapViewToScene(QPointF(p.w[k], p.b[k])))
        self.card.show_at(rd.card_html(s.point(label, k), colour), dot)

    def _moved(self, scene_pos):
        vb = self.plot.getPlotItem().vb
        if not vb.sceneBoundingRect().contains(scene_pos):
            self._unhover()
            return
        s = self.scenario
        at = self.plot.mapFromScene(scene_pos)
        hit = self._hit(scene_pos)
        if hit is not None:
            self.show_point(*hit)
            return
        v = vb.mapSceneToView(scene_pos)
        w0, w1, b0, b1 = surfaces.MODELS[s.state["model"]]["extent"]
        # the numbers a click here would start from, and the loss exactly there
        w = round(float(np.clip(v.x(), w0, w1)), 2)
        b = round(float(np.clip(v.y(), b0, b1)), 2)
        self.ring.setData([], [])
        self.hovered = ("landscape", w, b)
        self.card.show_at(rd.landscape_card_html(w, b, s.loss_at(w, b)), at)

    def _unhover(self):
        self.hovered = None
        self.card.hide()
        self.ring.setData([], [])

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Leave:
            self._unhover()
        return False

    def _clicked(self, ev):
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        vb = self.plot.getPlotItem().vb
        if not vb.sceneBoundingRect().contains(ev.scenePos()):
            return
        p: QPointF = vb.mapSceneToView(ev.scenePos())
        w0, w1, b0, b1 = surfaces.MODELS[self.scenario.state["model"]]["extent"]
        ev.accept()
        self.start_clicked.emit(round(float(np.clip(p.x(), w0, w1)), 2),
                                round(float(np.clip(p.y(), b0, b1)), 2))


class LossCurves(QWidget):
    """The full-batch loss after each update, one curve per path (log scale)."""

    def __init__(self, scenario, parent=None):
        super().__init__(parent)
        self.scenario = scenario
        lay = QVBoxLayout(self)
        self.plot = npl.make_plot(self)
        self.plot.setMinimumWidth(360)
        lay.addWidget(self.plot)
        self.plot.getPlotItem().setAxisItems({"left": DecadeAxis("left")})   # before log mode
        self.plot.getPlotItem().setLogMode(y=True)
        self.plot.getPlotItem().vb.setMouseEnabled(False, False)
        self.plot.getPlotItem().vb.sigResized.connect(self._fit_legend)
        self.items: list[pg.PlotDataItem] = []
        self._entries = None        # the legend's (labels, size) now; after the decade axis:
        self.plot_text = PlotText(self.plot, "update", "loss (log scale)")
        self.plot_text.show("Loss after each update", "Loss per update")
        self.restyle()

    def restyle(self):
        npl.style_plot(self.plot)
        self.plot_text.refresh()

    def rebuild(self):
        s = self.scenario
        t = theme.current()
        pi = self.plot.getPlotItem()
        for item in self.items:
            self.plot.removeItem(item)
        self.items = []
        legend = pi.legend or pi.addLegend(offset=(-LEGEND_GAP, LEGEND_GAP))
        legend.setLabelTextColor(t.text)
        legend.setBrush(pg.mkBrush(QColor(t.background)))
        colours = path_colours(s)
        for k in range(len(s.paths)):
            item = pg.PlotDataItem(antialias=True, pen=npl.pen(colours[k % len(colours)], 2.5))
            self.plot.addItem(item)
            self.items.append(item)
        self._entries = None
        self._fit_legend()
        losses = np.concatenate([p.loss for p in s.paths.values()])
        lo = max(float(losses.min()), 1e-6)
        hi = min(float(losses.max()), 1e6 * lo)
        pi.setXRange(0, s.length - 1, padding=0.02)
        pi.setYRange(np.log10(lo) - 0.05, np.log10(hi) + 0.05, padding=0)

    def _fill_legend(self, labels: tuple[str, ...], pt: float):
        legend = self.plot.getPlotItem().legend
        if self._entries != (labels, pt):
            self._entries = (labels, pt)
            legend.clear()
            legend.setLabelTextSize(f"{pt:.1f}pt")
            for item, label in zip(self.items, labels):
                legend.addItem(item, label)

    def _fit_legend(self):
        """The legend inside the top of the view box: the optimizers' names alone where
        the whole labels would be illegibly small, in smaller type where even they do not
        fit (the race's eight entries at 250 % were 470 px wide in a 250 px view box)."""
        legend, vb = self.plot.getPlotItem().legend, self.plot.getPlotItem().vb
        if legend is None or len(self.items) != len(self.scenario.paths):
            return
        full = tuple(self.scenario.paths)
        base = round(npl.font_pt(11), 1)
        room_w, room_h = vb.width() - 2 * LEGEND_GAP, LEGEND_SHARE * vb.height() - LEGEND_GAP
        if room_w <= 0 or room_h <= 0:      # (not laid out yet)
            return self._fill_legend(full, base)
        short = tuple(label.split(" (")[0] for label in full)
        for labels in (full, short):
            pt = base
            for _ in range(4):
                self._fill_legend(labels, pt)
                scale = min(room_w / max(1.0, legend.width()),
                            room_h / max(1.0, legend.height()))
                if scale >= 1 or pt <= LEGEND_LEAST_PT:
                    break
                pt = max(LEGEND_LEAST_PT, math.floor(10 * pt * scale) / 10)
            if scale >= 1 and pt >= legible(base):
                return

    def show_progress(self):
        s = self.scenario
        for item, p in zip(self.items, s.paths.values()):
            k = min(s.revealed, len(p))
            item.setData(np.arange(k), p.loss[:k])
