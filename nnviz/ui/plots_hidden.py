"""HiddenSpacePlot(session, layer): the training points placed at a hidden layer's
activations (a layer as a change of representation) with the next unit's line z = 0.

The positions are the engine's (net.forward_all); the background is what the rest of the
network outputs over the hidden plane (the engine runs those layers on a grid).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF
from PySide6.QtWidgets import QLabel, QLayout, QVBoxLayout

from . import label_place, theme
from .plots_base import _edge_room, _plot_widget, _SessionPlot, _SquareBox, style_plot
from .square_geometry import line_ends


class HiddenSpacePlot(_SessionPlot):
    """The training points drawn at the activations of hidden layer `layer` (0 = first).

    Axes are two of the layer's units (`set_axes(i, j)`). When the next layer takes exactly
    these two units as input, its first unit's line z = 0 is drawn and the background shows
    what the rest of the network outputs there: the points become separable by a line.
    Faint trails show where the points have been while training moved them. The line is
    drawn as its piece inside the plot, ending flat at the edges; a piece shorter than
    MIN_PIECE_PX (a line just crossing a corner) is not drawn: in its thick pen it showed
    as a black sliver there. The background still shows which side the corner is on.
    """

    TRAIL = 240
    LINE_PX = 3.0             # the output unit's line (× the theme's edge scale)
    MIN_PIECE_PX = 18.0       # a shorter piece of it (across a corner) is not drawn
    LABELS_MAX_SHARE = 0.3    # point labels show when one takes less of the plot's width
    PAD_MAX = 0.4             # and their room (a shared label's lines too) less than this

    def __init__(self, session, layer: int = 0, parent=None):
        self.layer = int(layer)
        self.axes = (0, 1)
        self.compact = False          # short axis titles (set_compact)
        self.positions: np.ndarray | None = None   # (samples, units): hidden activations drawn
        self._trail: list[np.ndarray] = []
        self._texts: list[pg.TextItem] = []
        self._label_px = 0.0          # the widest point label, in pixels
        self._labels: list[str] = []  # each input's label, "(0, 1)"
        self._label_fm = None
        self._labels_fit = True       # the plot has room for the labels
        self._label_lines = 1         # the most lines in one (shared) label: inputs drawn
        #                               on one spot share it
        self.line_shown = False       # the output unit's line is drawn (a long enough piece)
        super().__init__(session, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.plot_widget = _plot_widget(None)
        self.plot = self.plot_widget.getPlotItem()
        self.plot.setMouseEnabled(False, False)
        self.plot.disableAutoRange()
        # the plane is square: its height follows the left axis's width, which follows the
        # labels' spacing, which follows the height (see FittedAxis.set_steady_width)
        self.plot.getAxis("left").set_steady_width(True)
        self.background = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.background)
        self.trail_item = pg.ScatterPlotItem(pxMode=True)
        self.plot.addItem(self.trail_item)
        self.line = pg.PlotCurveItem()
        self.plot.addItem(self.line)
        self._leader_item = pg.PlotCurveItem(connect="pairs")   # labels pushed out: lines
        self.plot.addItem(self._leader_item)
        self.points = pg.ScatterPlotItem(pxMode=True)
        self.plot.addItem(self.points)
        self.square = _SquareBox(self.plot_widget, self)   # equal scales, no padded bands
        self.plot.getViewBox().sigResized.connect(self._resized)
        layout.addWidget(self.square, 1)
        # no taller than the square needs: the spare height goes to the neighbours
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinAndMaxSize)
        self.caption = QLabel(self)
        self.caption.setWordWrap(True)
        layout.addWidget(self.caption)
        self.rebuild()
        self.refresh()

    def set_axes(self, i: int, j: int):
        self.axes = (int(i), int(j))
        self.rebuild()
        self._dirty = True
        self.refresh()

    def clear_trail(self):
        self._trail.clear()
        self.trail_item.setData(x=np.zeros(0), y=np.zeros(0))

    def _units(self) -> int:
        return self.session.net.sizes[self.layer + 1]

    def _range(self) -> tuple[float, float]:
        act = self.session.net.layers[self.layer].activation
        return {"sigmoid": (0.0, 1.0), "step": (0.0, 1.0), "tanh": (-1.0, 1.0),
                "sign": (-1.0, 1.0)}.get(act, (None, None))

    def separable_view(self) -> bool:
        """True when the next layer reads exactly the two plotted units."""
        net = self.session.net
        return self.layer + 1 < len(net.layers) and self._units() == 2

    def set_compact(self, on: bool):
        """Short axis titles (h₁, h₂) for a small plot; long ones (h₁ (hidden unit 1))."""
        if bool(on) != self.compact:
            self.compact = bool(on)
            self.rebuild()
            self._dirty = True
            self.refresh()

    def rebuild(self):
        t = theme.current()
        i, j = self.axes
        names = [f"h{_sub(k + 1)}" if self.compact else f"h{_sub(k + 1)}  (hidden unit {k + 1})"
                 for k in (i, j)]
        style_plot(self.plot, *names)
        _edge_room(self.plot)
        self.background.setLookupTable(theme.region_lut(256, t))
        self.clear_trail()
        for item in self._texts:
            self.plot.removeItem(item)
        self._texts = []
        self._leader_item.setPen(pg.mkPen(t.muted, width=1.2 * theme.manager().zoom))
        Y = np.asarray(self.session.Y, dtype=float)
        X = np.asarray(self.session.X_raw, dtype=float)
        cut = 0.0 if Y.min() < 0 else 0.5
        cls = Y[:, 0] >= cut
        self._brushes = [pg.mkBrush(t.positive if c else t.negative) for c in cls]
        self._trail_colours = [theme.blend(QColor(t.positive if c else t.negative), 0.35, t)
                               for c in cls]
        if len(X) <= 8:
            font = QFont()
            font.setPointSizeF((9.5 if self.compact else 11) * theme.manager().zoom)
            fm = QFontMetricsF(font)
            self._label_fm = fm
            self._labels = []
            for x in X:          # (each placed beside its point in refresh)
                label = "(" + (", " if not self.compact else ",").join(f"{v:g}" for v in x) + ")"
                self._labels.append(label)
                text = pg.TextItem(label, color=t.text)
                text.setFont(font)
                self.plot.addItem(text)
                self._texts.append(text)
            self._label_px = max(fm.horizontalAdvance(label) for label in self._labels)
        self.caption.setStyleSheet(f"color: {t.text}; font-size: {12 * theme.manager().zoom:.0f}pt")

    def _pad(self, span: float) -> float:
        """Room around the activations' range: for the points' labels, which sit outside
        the points they name, as many pixels as the widest label (large type on a small
        plot needs more than a fixed share of the range). On a plot too small for that the
        labels are hidden."""
        pad = 0.12 * span
        if self._texts:
            wide = self._label_px * 1.15 + 8                      # a label's width, and the
            high = self._label_lines * self._label_fm.height() * 1.15 + 8   # tallest's height
            view_px = min(self.plot.getViewBox().width(), self.plot.getViewBox().height())
            share = max(wide, high) / view_px if view_px > 0 else 1.0
            fits = wide / max(view_px, 1.0) < self.LABELS_MAX_SHARE and share < self.PAD_MAX
            self._labels_fit = fits      # too small a plot for them: the colours remain
            if fits:
                pad = max(0.3 * span, span * share / (1 - 2 * share))
        return pad

    def _place_labels(self, p: np.ndarray, lo: float, hi: float, radius: float):
        """Each input's label beside its own point, clear of the other labels and points
        (label_place), with a line to its point when it had to go further out; inputs drawn
        on one spot share a label, their names one under the other."""
        self._leader_item.setData(x=np.zeros(0), y=np.zeros(0))
        if not self._texts:
            return
        vb = self.plot.getViewBox()
        sx, sy = vb.width() / (hi - lo), vb.height() / (hi - lo)
        px = np.column_stack([(p[:, 0] - lo) * sx, (hi - p[:, 1]) * sy])
        groups = label_place.coincident(px, radius)
        self._label_lines = max(len(g) for g in groups)
        for text in self._texts:
            text.setVisible(False)
        if not self._labels_fit:
            return
        texts = [self._texts[g[0]] for g in groups]
        for g, text in zip(groups, texts):
            label = "\n".join(self._labels[m] for m in g)
            if text.textItem.toPlainText() != label:
                text.setText(label)
            text.setAnchor((0, 0))
        sizes = [(t.textItem.boundingRect().width(), t.textItem.boundingRect().height())
                 for t in texts]
        spots = px[[g[0] for g in groups]]
        lx, ly = self.line.getData()
        ends = None if lx is None or len(lx) < 2 else \
            ((lx[0] - lo) * sx, (hi - ly[0]) * sy, (lx[-1] - lo) * sx, (hi - ly[-1]) * sy)
        pieces = [] if ends is None else label_place.line_pieces(
            *ends, self.line.opts["pen"].widthF())
        rects, leaders = label_place.place(spots, sizes, radius,
                                           (0, 0, vb.width(), vb.height()), pieces, ends)
        lines = []
        for text, rect, spot, leader in zip(texts, rects, spots, leaders):
            text.setPos(lo + rect[0] / sx, hi - rect[1] / sy)
            text.setVisible(True)
            if leader:
                lines.extend(label_place.leader_line(spot, rect, radius))
        if lines:
            q = np.array(lines)
            self._leader_item.setData(x=lo + q[:, 0] / sx, y=hi - q[:, 1] / sy)

    def _resized(self, *_):
        # the labels' room in data units depends on the plot's size, and so does whether a
        # piece of the line is long enough to draw
        if self._texts or self.separable_view():
            self._dirty = True
            self.refresh()

    def refresh(self):
        if not self._dirty:
            return
        self._dirty = False
        net = self.session.view_net
        if self.layer + 1 >= len(net.layers):
            self.points.setData(x=np.zeros(0), y=np.zeros(0))
            self.caption.setText("This network has no hidden layer to look inside.")
            return
        _, acts = net.forward_all(self.session.X)
        h = acts[self.layer + 1]
        self.positions = h
        i, j = self.axes
        lo, hi = self._range()
        if lo is None:
            lo, hi = float(min(0.0, h.min())), float(max(1.0, h.max()))
        pad = self._pad(hi - lo)
        lo, hi = lo - pad, hi + pad
        if (lo, hi) != getattr(self, "_shown_range", None):
            self._shown_range = (lo, hi)
            self.plot.setRange(xRange=(lo, hi), yRange=(lo, hi), padding=0)
        t = theme.current()
        zoom = theme.manager().zoom
        self.points.setData(x=h[:, i], y=h[:, j], size=16 * zoom, brush=self._brushes,
                            pen=pg.mkPen(t.text, width=1.5))
        self._trail.append(h[:, [i, j]].copy())
        del self._trail[:-self.TRAIL]
        trail = np.stack(self._trail)            # (time, samples, 2)
        self.trail_item.setData(x=trail[..., 0].ravel(), y=trail[..., 1].ravel(),
                                size=4 * zoom, pen=None,
                                brush=[pg.mkBrush(c) for c in self._trail_colours] * len(trail))
        if self.separable_view():
            self._draw_separation(lo, hi)
        else:
            self.background.clear()
            self.line.setData(x=np.zeros(0), y=np.zeros(0))
            self.caption.setText(f"Hidden layer {self.layer + 1} has {self._units()} units: its "
                                 f"space is {self._units()}-D; shown: units {i + 1} and {j + 1}.")
        self._place_labels(h[:, [i, j]], lo, hi, 8 * zoom)   # clear of the points and line

    def _draw_separation(self, lo, hi):
        """Background = what the rest of the network outputs at each hidden point (the
        engine runs those layers on a grid); line = the next layer's first unit at z = 0."""
        from ..engine import Network
        net = self.session.view_net
        rest = Network([layer.copy() for layer in net.layers[self.layer + 1:]])
        n = 60
        g = np.linspace(lo, hi, n)
        gx, gy = np.meshgrid(g, g)
        out = rest.forward(np.column_stack([gx.ravel(), gy.ravel()]))[:, 0].reshape(n, n)
        v = 2.0 * out - 1.0 if rest.layers[-1].activation in ("sigmoid", "step") else out
        self.background.setImage(np.ascontiguousarray(np.clip(v, -1, 1), dtype=np.float32),
                                 autoLevels=False, levels=(-1.0, 1.0))
        self.background.setRect(QRectF(lo, lo, hi - lo, hi - lo))
        nxt = net.layers[self.layer + 1]
        w1, w2 = nxt.W[0, self.axes[0]], nxt.W[0, self.axes[1]]
        b = nxt.b[0]
        t = theme.current()
        width = self.LINE_PX * t.edge_scale
        line_pen = pg.mkPen(t.text, width=width)
        line_pen.setCapStyle(Qt.PenCapStyle.FlatCap)     # ends exactly at the plot's edges
        self.line.setPen(line_pen)
        piece = square_piece(w1, w2, b, lo, hi)
        vb = self.plot.getViewBox()
        px = min(vb.width(), vb.height()) / (hi - lo) if hi > lo else 0.0
        # a piece across a corner only a few pixels long showed as a black sliver there
        shown = piece is not None and px > 0 and \
            float(np.hypot(*(piece[1] - piece[0]))) * px >= max(self.MIN_PIECE_PX, 6 * width)
        if shown:
            self.line.setData(x=piece[:, 0], y=piece[:, 1])
        else:
            self.line.setData(x=np.zeros(0), y=np.zeros(0))
        self.line_shown = shown
        self.caption.setText(
            f"The output unit's line: {f'{w1:.2f}'.replace('-', '−')}·h{_sub(self.axes[0] + 1)} "
            f"{_term(w2)}·h{_sub(self.axes[1] + 1)} {_term(b)}\u00a0=\u00a00")


def square_piece(w1: float, w2: float, b: float, lo: float, hi: float) -> np.ndarray | None:
    """The piece of the line w1·x + w2·y + b = 0 inside the square [lo, hi]², as its two
    ends ((2, 2) array), or None when the line misses the square (or w1 = w2 = 0)."""
    ends = line_ends((w1, w2), b, (lo, hi))
    return None if ends is None else np.array(ends, dtype=float)


def _term(v: float) -> str:
    """A later term of a sum: '+\u00a01.25' or '−\u00a00.50' (a true minus sign, kept
    with its number)."""
    return f"{'−' if v < 0 else '+'}\u00a0{abs(v):.2f}"


def _sub(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
