"""HiddenSpacePlot(session, layer): the training points placed at a hidden layer's
activations (a layer as a change of representation) with the next unit's line z = 0.

The positions are the engine's (net.forward_all); the background is what the rest of the
network outputs over the hidden plane (the engine runs those layers on a grid).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF
from PySide6.QtWidgets import QLabel, QLayout, QVBoxLayout

from . import theme
from .plots_base import _edge_room, _plot_widget, _SessionPlot, _SquareBox, style_plot


class HiddenSpacePlot(_SessionPlot):
    """The training points drawn at the activations of hidden layer `layer` (0 = first).

    Axes are two of the layer's units (`set_axes(i, j)`). When the next layer takes exactly
    these two units as input, its first unit's line z = 0 is drawn and the background shows
    what the rest of the network outputs there: the points become separable by a line.
    Faint trails show where the points have been while training moved them.
    """

    TRAIL = 240
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
        self._label_lines = 1         # the most lines in one (shared) label
        super().__init__(session, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.plot_widget = _plot_widget(None)
        self.plot = self.plot_widget.getPlotItem()
        self.plot.setMouseEnabled(False, False)
        self.plot.disableAutoRange()
        self.background = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.background)
        self.trail_item = pg.ScatterPlotItem(pxMode=True)
        self.plot.addItem(self.trail_item)
        self.line = pg.PlotCurveItem()
        self.plot.addItem(self.line)
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
        self._group_at = {}
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

    def _merge_labels(self, p: np.ndarray, span: float) -> set[int]:
        """Inputs whose labels would overlap (their points closer than a label's width
        across and a line's height up or down, on the plot as drawn) share one label,
        "(0, 0)" over "(1, 1)" in the order the points lie top to bottom, beside their
        middle; the indices of the labels shown."""
        if not self._texts:
            return set()
        fm = self._label_fm
        single = max(fm.horizontalAdvance(label) for label in self._labels)
        shown_range = getattr(self, "_shown_range", None)
        shown = (shown_range[1] - shown_range[0]) if shown_range else 1.6 * span
        vb = self.plot.getViewBox()
        tol = np.array([single * shown / max(vb.width(), 1.0),
                        1.2 * fm.height() * shown / max(vb.height(), 1.0)])
        labelled, taken, lines = set(), [False] * len(p), 1
        self._group_at = {}       # shown label → where it goes (its group's middle)
        for k in range(len(p)):
            if taken[k]:
                continue
            same = [m for m in range(k, len(p))
                    if not taken[m] and (np.abs(p[m] - p[k]) <= tol).all()]
            for m in same:
                taken[m] = True
            lines = max(lines, len(same))
            # the names top to bottom as the points lie (the upper point's name first)
            label = "\n".join(self._labels[m] for m in sorted(same, key=lambda m: -p[m][1]))
            self._group_at[k] = p[same].mean(axis=0)
            if self._texts[k].textItem.toPlainText() != label:
                self._texts[k].setText(label)
            labelled.add(k)
        self._label_px, self._label_lines = single, lines
        return labelled

    def _resized(self, *_):
        if self._texts:        # the labels' room in data units depends on the plot's size
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
        groups = self._merge_labels(h[:, [i, j]], hi - lo)
        pad = self._pad(hi - lo)
        lo, hi = lo - pad, hi + pad
        if (lo, hi) != getattr(self, "_shown_range", None):
            self._shown_range = (lo, hi)
            self.plot.setRange(xRange=(lo, hi), yRange=(lo, hi), padding=0)
        t = theme.current()
        zoom = theme.manager().zoom
        self.points.setData(x=h[:, i], y=h[:, j], size=16 * zoom, brush=self._brushes,
                            pen=pg.mkPen(t.text, width=1.5))
        # each label on the side of its point away from the others' middle (so that in a
        # cluster it sits beside its own point, not a neighbour's)
        mid = h[:, [i, j]].mean(axis=0)
        for k, (text, (x, y)) in enumerate(zip(self._texts, h[:, [i, j]])):
            text.setVisible(self._labels_fit and k in groups)
            if k in self._group_at:          # a shared label: beside its group
                x, y = self._group_at[k]
            text.setAnchor((1.1 if x <= mid[0] else -0.1, -0.05 if y <= mid[1] else 1.05))
            text.setPos(x, y)
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
        self.line.setPen(pg.mkPen(t.text, width=3 * t.edge_scale))
        if abs(w2) >= abs(w1) and abs(w2) > 1e-12:
            xs = np.array([lo, hi])
            ys = -(b + w1 * xs) / w2
        elif abs(w1) > 1e-12:
            ys = np.array([lo, hi])
            xs = -(b + w2 * ys) / w1
        else:
            xs = ys = np.zeros(0)
        self.line.setData(x=xs, y=ys)
        self.caption.setText(
            f"The output unit's line: {f'{w1:.2f}'.replace('-', '−')}·h{_sub(self.axes[0] + 1)} "
            f"{_term(w2)}·h{_sub(self.axes[1] + 1)} {_term(b)}\u00a0=\u00a00")


def _term(v: float) -> str:
    """A later term of a sum: '+\u00a01.25' or '−\u00a00.50' (a true minus sign, kept
    with its number)."""
    return f"{'−' if v < 0 else '+'}\u00a0{abs(v):.2f}"


def _sub(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
