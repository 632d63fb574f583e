"""Plots for the gradients scenario: per-layer gradient sizes now and over training.

`GradientBars` draws one bar per weight layer, the height the base-10 logarithm of one
sample's typical ‖∂L/∂W‖ (gradients.sample_gradient_norms, from the engine's trace).
`GradientHistory` draws the same sizes against the update count, one line per layer, on a log scale.
Both write numbers in the ×10ⁿ style (numbers.times_ten), as the log axes label decades.
Layer colours run from pale (next to the inputs) to the full "backward" accent (next to
the output): the gradient flows from the output back to the inputs.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QTextOption

from ..ui import theme
from ..ui.numbers import times_ten
from ..ui.plots import style_plot
from ..ui.plots_base import FittedAxis, fitted_axes
from .neuron_plots import fit_pt, font_pt, set_title

FLOOR = 1e-16       # a zero gradient is drawn at this height (log scale)
LABEL_PT = 10.5     # the history's line names (desktop type), at least min_label_pt()
MIN_LABEL_PT = 9.0  # the least size of a line's name at 100 % (7 pt could not be read from
LEAST_SHARE = 0.75  # the back of a room); in larger type at least this share of LABEL_PT
LABEL_GAP_PX = 6.0  # between the lines' right ends and their names
MAX_LABEL_SHARE = 0.45   # the names take at most this share of the plot's width
LEFT_PAD_PX = 12.0  # the history's x range starts this many pixels before the first update


def min_label_pt() -> float:
    """The least size of the history's line names: 9 pt, more in larger type (a name far
    smaller than the ticks beside it reads as a footnote on a projector)."""
    return max(MIN_LABEL_PT, LEAST_SHARE * font_pt(LABEL_PT))


def named_layers(n: int, room: int) -> list[int]:
    """Which of n lines get a name when only `room` names fit: all of them if they fit,
    else every second (third, …) layer from the first, and the last (the layers next to
    the inputs and to the output): a regular pattern, the lines between two names told
    apart by their shade, which darkens from the first layer to the last."""
    if room >= n:
        return list(range(n))
    if room <= 1:
        return [n - 1] if n else []
    for every in range(2, n):
        named = sorted(set(range(0, n, every)) | {n - 1})
        if len(named) <= room:
            return named
    return [0, n - 1]


class UpdatesAxis(FittedAxis):
    """The history's update axis: no ticks past the last update (`last`), under the
    lines' names (an axis running on to 60 under 50 updates had suggested more)."""

    last = float("inf")

    def tickValues(self, minVal, maxVal, size):
        return [(spacing, [v for v in values if v <= self.last + 1e-9])
                for spacing, values in super().tickValues(minVal, maxVal, size)]


def decade_ticks(lo: float, hi: float, top: float | None = None) -> list[tuple[float, str]]:
    """Ticks at whole decades of an axis from lo to hi (base-10 logarithms), up to `top`,
    in the ×10ⁿ style ("1", "10⁻⁵", "10⁻¹⁰"), every 1, 2 or 5 decades: three or four."""
    span = hi - lo
    every = 5 if span > 8 else 2 if span > 4 else 1
    first = int(np.ceil(lo / every)) * every
    last = int(np.floor(hi if top is None else min(hi, top)))
    return [(float(k), times_ten(10.0 ** k, 1)) for k in range(first, last + 1, every)]


def layer_colours(n: int) -> list[QColor]:
    t = theme.current()
    base = QColor(t.backward)
    return [theme.blend(base, 0.3 + 0.7 * k / max(1, n - 1)) for k in range(n)]


def bar_texts(norms, base_pt: float, room_px: float) -> tuple[list[str], float]:
    """The bars' labels in the ×10ⁿ style and their point size (at most base_pt, shrunk
    until the widest fits room_px): on one line ("1.5×10⁻¹¹") where that fits at base_pt,
    else on two ("1.5×" over "10⁻¹¹") when those are larger (narrow bars)."""
    one = [times_ten(float(v), 2, gap="") for v in norms]
    pt_one = fit_pt(base_pt, one, room_px, 8.0)
    two = [text.replace("×", "×\n") for text in one]
    pt_two = fit_pt(base_pt, [ln for text in two for ln in text.split("\n")], room_px, 8.0)
    return (one, pt_one) if pt_one >= base_pt else (two, pt_two)


class GradientBars(pg.PlotWidget):
    """log₁₀ ‖∂L/∂W‖ per layer, first layer (inputs) on the left."""

    def __init__(self, parent=None):
        super().__init__(parent, background=theme.current().background)
        self.setMenuEnabled(False)
        self.getPlotItem().hideButtons()
        self.setMouseEnabled(False, False)
        self.norms = np.zeros(0)
        self.heights = np.zeros(0)
        self._bars = None
        self._texts: list[pg.TextItem] = []
        theme.manager().changed.connect(self._restyle)
        self._restyle()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if "norms" in self.__dict__:      # (pyqtgraph resizes before __init__ ends)
            self.set_norms(self.norms)    # the labels' type follows the plot's width

    def _restyle(self):
        style_plot(self.getPlotItem(), "weight layer", "‖∂L/∂W‖")
        self.setToolTip("How much gradient each layer of weights gets on one sample now "
                        "(layer 1 is next to the inputs; the bars are on a log scale)")
        set_title(self, "Gradient per layer, now", 13.0, short=("Per layer, now", "Now"))
        self.setBackground(theme.current().background)
        self.set_norms(self.norms)

    def set_norms(self, norms):
        norms = np.asarray(norms, dtype=float)
        self.norms = norms
        self.heights = np.log10(np.maximum(norms, FLOOR)) if norms.size else norms
        plot = self.getPlotItem()
        if self._bars is not None:
            plot.removeItem(self._bars)
            self._bars = None
        for t in self._texts:
            plot.removeItem(t)
        self._texts = []
        n = norms.size
        if not n:
            return
        x = np.arange(1, n + 1, dtype=float)
        lo = min(-6.0, float(np.floor(self.heights.min())) - 0.5)
        colours = layer_colours(n)
        self._bars = pg.BarGraphItem(x=x, y0=np.full(n, lo), height=self.heights - lo,
                                     width=0.7, brushes=[pg.mkBrush(c) for c in colours],
                                     pens=[pg.mkPen(theme.current().text, width=1)] * n)
        plot.addItem(self._bars)
        t = theme.current()
        texts, pt = bar_texts(norms, font_pt(11), 0.95 * plot.vb.width() / n)
        font = QFont()
        font.setPointSizeF(pt)
        centred = QTextOption(Qt.AlignmentFlag.AlignHCenter)
        for xi, h, text in zip(x, self.heights, texts):
            label = pg.TextItem(text, color=t.text, anchor=(0.5, 1.1))
            label.setFont(font)
            label.textItem.document().setDefaultTextOption(centred)
            label.setPos(xi, h)
            plot.addItem(label)
            self._texts.append(label)
        self.label_pt = font.pointSizeF()
        # room over the tallest bar for its label (a short plot: a good part of the height)
        rows = max(text.count("\n") + 1 for text in texts)
        line = QFontMetricsF(font).height() * rows + 8.0
        share = min(0.45, 1.3 * line / max(1.0, plot.vb.height()))
        top = float(self.heights.max())
        hi = max(1.0, float(np.ceil(top)) + 1.0, top + (top - lo) * share / (1 - share))
        plot.setRange(xRange=(0.4, n + 0.6), yRange=(lo, hi), padding=0)
        plot.getAxis("bottom").setTicks([[(float(i), str(int(i))) for i in x]])
        top = max(0.0, float(np.ceil(self.heights.max())))     # (none over the bars)
        plot.getAxis("left").setTicks([decade_ticks(lo, hi, top)])   # as the history's


class GradientHistory(pg.PlotWidget):
    """‖∂L/∂W‖ of every layer against the number of updates (log scale). Each line is
    named at its right end ("━ layer 3"), the names moved apart where lines end close
    together: a legend box covered the lines' ends, and its seven shades of one colour
    could not be matched to them. The x range reaches past the last update by the names'
    width, so that they stand right of the lines (drawn over them, they had hidden the
    last tenth of every line). A plot too short for all the names at a legible size
    (min_label_pt) names only some lines, the first and the last among them (at 1024×600
    seven names squeezed to 7 pt could not be read)."""

    def __init__(self, parent=None):
        super().__init__(parent, background=theme.current().background,
                         axisItems={**fitted_axes(), "bottom": UpdatesAxis("bottom")})
        self.setMenuEnabled(False)
        self.getPlotItem().hideButtons()
        self.setLogMode(False, True)
        self.steps: list[int] = []
        self.rows: list[np.ndarray] = []
        self._curves: list = []
        self._names: list[pg.TextItem] = []   # every line's name, shown or not
        self.named: list[int] = []            # the lines whose names are shown
        self._label_pt = LABEL_PT
        self._x_data = (0.0, 10.0)      # the updates the x range must show (_fit_x_range)
        vb = self.getPlotItem().getViewBox()
        vb.sigResized.connect(self._resized)
        vb.sigRangeChanged.connect(self._place_labels)
        theme.manager().changed.connect(self._restyle)
        self._restyle()

    @property
    def labels(self) -> list[pg.TextItem]:
        """The names shown, first layer first."""
        return [self._names[k] for k in self.named if k < len(self._names)]

    def _restyle(self):
        style_plot(self.getPlotItem(), "updates", "‖∂L/∂W‖")
        self.setToolTip("Each layer's gradient size on one sample after each update "
                        "(log scale); the lines darken from layer 1 (next to the inputs) "
                        "to the last layer (next to the output)")
        set_title(self, "Gradient sizes while training", 13.0,
                  short=("While training", "Training"))
        self.setBackground(theme.current().background)
        self._rebuild_curves()

    def clear(self):
        self.steps, self.rows = [], []
        self._rebuild_curves()

    def append(self, step: int, norms):
        norms = np.array(norms, dtype=float)   # a copy: the caller may reuse its array
        if self.rows and self.rows[-1].size != norms.size:
            self.clear()
        while self.steps and self.steps[-1] > step:    # stepped back: the later ones go
            self.steps.pop()
            self.rows.pop()
        if self.steps and step == self.steps[-1]:
            self.rows[-1] = norms
        else:
            self.steps.append(int(step))
            self.rows.append(norms)
        if len(self._curves) != norms.size:
            self._rebuild_curves()
        self._update()

    def _rebuild_curves(self):
        plot = self.getPlotItem()
        for item in self._curves + self._names:
            plot.removeItem(item)
        n = self.rows[-1].size if self.rows else 0
        self._curves, self._names = [], []
        self.named = list(range(n))
        t = theme.current()
        card = QColor(t.background)
        card.setAlpha(225)
        font = QFont()
        font.setPointSizeF(font_pt(LABEL_PT))
        self._label_pt = font.pointSizeF()
        for k, colour in enumerate(layer_colours(n)):
            self._curves.append(plot.plot(pen=pg.mkPen(colour, width=2.5)))
            label = pg.TextItem(anchor=(1.0, 0.5), fill=pg.mkBrush(card))
            label.setHtml(f'<span style="color:{colour.name()}">━━</span>'
                          f'<span style="color:{t.text}"> layer {k + 1}</span>')
            label.setFont(font)
            label.textItem.document().setDocumentMargin(1.0)   # compact cards
            label.setZValue(10)
            plot.addItem(label, ignoreBounds=True)
            self._names.append(label)
        self._fit_label_type(self.getPlotItem().getViewBox().height())
        self._update()

    def _resized(self, *_):
        self._fit_label_type(self.getPlotItem().getViewBox().height())
        self._fit_x_range()
        self._place_labels()

    def label_room_px(self) -> float:
        """How wide the strip right of the lines' ends is, for their names (pixels)."""
        vb_w = self.getPlotItem().getViewBox().width()
        if not self.labels or vb_w <= 0:
            return 0.0
        widest = max(label.boundingRect().width() for label in self._names)
        return min(widest + LABEL_GAP_PX, vb_w * MAX_LABEL_SHARE)

    def _fit_x_range(self):
        """The updates from the first to the last (at least ten), and the names' strip
        right of them: x reaches past the last update by label_room_px (and a little
        before the first, so that its tick keeps its number)."""
        x0, x_end = self._x_data
        vb_w = self.getPlotItem().getViewBox().width()
        room = self.label_room_px()
        data_px = vb_w - room - LEFT_PAD_PX       # the updates' own pixels
        if data_px > 0:
            x0 -= (x_end - x0) * LEFT_PAD_PX / data_px
        x1 = x_end + (x_end - x0) * room / (vb_w - room) if vb_w > room > 0 else x_end
        self.getPlotItem().getAxis("bottom").last = x_end     # no ticks under the names
        (a, b), _y = self.getPlotItem().getViewBox().viewRange()
        if abs(a - x0) > 1e-9 or abs(b - x1) > 1e-9 * max(1.0, abs(x1)):
            self.getPlotItem().setXRange(x0, x1, padding=0)

    def _place_labels(self, *_):
        """Each name at the right edge, level with its line's last value; names that would
        overlap are pushed apart (upwards, then all down if the top one left the plot)."""
        if not self.rows or len(self._names) != self.rows[-1].size:
            for label in self._names:
                label.setVisible(False)
            return
        vb = self.getPlotItem().getViewBox()
        (_x0, x1), (y0, y1) = vb.viewRange()
        step = vb.viewPixelSize()[1]          # log₁₀ units per pixel
        if not step > 0:
            return
        ends = np.log10(np.maximum(self.rows[-1], FLOOR))
        named = [k for k in self.named if k < len(self._names)]
        if not named:
            return
        # (a pixel between names: stacked exactly edge to edge, rounding made them overlap)
        tall = (max(self._names[k].boundingRect().height() for k in named) + 1.0) * step
        ys = {}
        last = -np.inf
        for k in sorted(named, key=lambda k: ends[k]):   # bottom to top
            y = max(float(ends[k]), y0 + tall / 2, last + tall)
            ys[k] = last = y
        over = last - (y1 - tall / 2)
        for k in ys:                                   # all down if the top one is out
            ys[k] = ys[k] - max(0.0, over)
        for k, label in enumerate(self._names):
            label.setVisible(k in ys)
            if k in ys:
                label.setPos(x1, ys[k])

    def _fit_label_type(self, view_px: float):
        """Smaller names when all of them stacked are taller than the plot (a short plot),
        down to min_label_pt; when even then they do not fit, names for only as many lines
        as fit (named_layers). On a resize or new names, not on every update."""
        if view_px <= 0 or not self._names:
            return
        n = len(self._names)
        pt, least = font_pt(LABEL_PT), min_label_pt()
        pt = max(pt, least)
        for _ in range(6):             # (each name's card has a fixed margin: a few tries)
            self._set_label_pt(pt)
            tall = max(lab.boundingRect().height() for lab in self._names) + 1.0
            if n * tall <= view_px or pt <= least:
                break
            pt = max(least, pt * view_px / (n * tall) * 0.97)
        self.named = named_layers(n, int(view_px // tall))

    def _set_label_pt(self, pt: float):
        if abs(pt - self._label_pt) > 0.05:
            self._label_pt = pt
            for label in self._names:
                font = label.textItem.font()
                font.setPointSizeF(pt)
                label.setFont(font)

    def _update(self):
        if not self.rows:
            self._x_data = (0.0, 10.0)
            self._fit_x_range()
            self._place_labels()
            return
        n = self.rows[-1].size
        keep = [i for i, row in enumerate(self.rows) if row.size == n]
        x = np.array([self.steps[i] for i in keep], dtype=float)
        # a few updates: 0 … 10 (not pyqtgraph's −4 … 4 around 0)
        self._x_data = (float(x[0]), float(max(x[-1], x[0] + 10)))
        self._fit_x_range()
        data = np.maximum(np.vstack([self.rows[i] for i in keep]), FLOOR)
        for k, curve in enumerate(self._curves):
            curve.setData(x, data[:, k])
        self._place_labels()
