"""LossPlot(session): train and test loss per recorded epoch, from session.history, with
room for marker lines (e.g. the best test loss) whose labels avoid the legend and the
curves. The legend sits above the plot area, never over the curves (inside it had covered
their newest part, top right, on a projector), in the top margin the plot has anyway for its
top tick label, grown to one line of type (a row above that margin had cost ~30 px of the
curves' height at 150 %)."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt, QTimer
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QVBoxLayout

from . import theme
from .plots_base import (
    EDGE_ROOM,
    _edge_room,
    _plot_widget,
    _SessionPlot,
    legend_card,
    style_plot,
)


def _nice_ceil(v: float) -> float:
    """The smallest of 1, 1.5, 2, 3, 4, 5, 6, 8 × 10^k that is ≥ v (v > 0)."""
    if not v > 0 or not math.isfinite(v):
        return 1.0
    k = math.floor(math.log10(v))
    for m in (1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0):
        if m * 10.0 ** k >= v * (1 - 1e-12):
            return m * 10.0 ** k
    return 10.0 ** (k + 1)


MARK_LEFT, MARK_RIGHT = (1.05, 0.5), (-0.05, 0.5)   # a marker line's label beside it


def _shorter(text: str) -> list[str]:
    """A marker's name, then shorter forms dropping its last words ('best test loss',
    'best test', 'best'), for a plot too crowded for the whole of it."""
    words = text.split()
    return [" ".join(words[:k]) for k in range(len(words), 0, -1)]


class LossPlot(_SessionPlot):
    """Train (solid) and test (dashed) loss per recorded epoch, from session.history.

    The history is copied into preallocated NumPy arrays as rows arrive (never converted
    again); the curves get arrays; the axes change only when the data outgrow them (in
    nice steps), so the axes are not re-laid out every frame. The test curve and the legend
    exist only when the session has test data (one curve needs no legend); the legend is one
    row above the plot area (two rows when the plot is too narrow for one), right-aligned
    with it, in the axes' type. Vertical marker lines other code adds to `plot` (e.g. "best
    test loss") get their labels placed clear of the curves.
    """

    HEADROOM = 1.08               # the y range reaches a little above the highest loss

    def __init__(self, session, parent=None):
        self._n = 0
        self._version = 0            # the session's history_version copied
        self._cap = 0
        self._epoch = self._loss = self._test = np.zeros(0)
        self._x_max = self._y_max = None
        self._y_fits_data = False      # _y_max was set from losses (not the empty 0 to 1)
        super().__init__(session, parent)
        self._marker_timer = QTimer(self)        # see _place_marker_labels
        self._marker_timer.setSingleShot(True)
        self._marker_timer.setInterval(0)
        self._marker_timer.timeout.connect(self.place_marker_labels)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.plot_widget = _plot_widget(self)
        self.plot = self.plot_widget.getPlotItem()
        self.plot.disableAutoRange()
        self.plot.setMouseEnabled(False, False)
        # above the plot area (in the plot item's top margin, see _place_legend)
        self.legend = pg.LegendItem(offset=None, colCount=2, horSpacing=8)
        self.legend.layout.setContentsMargins(0, 0, 0, 0)   # (no card: no padding)
        self.legend.setParentItem(self.plot)
        self.plot.legend = self.legend       # (the curves named below join it)
        legend_card(self.legend)             # (the entries below get its type)
        self.train_curve = self.plot.plot(name="train loss")
        self.test_curve = self.plot.plot(name="test loss")
        for c in (self.train_curve, self.test_curve):
            c.setDownsampling(auto=True, method="peak")
            c.setClipToView(True)
        self.plot.getViewBox().sigResized.connect(self._place_marker_labels)
        self._legend_timer = QTimer(self)        # again once the entries' type has settled
        self._legend_timer.setSingleShot(True)
        self._legend_timer.setInterval(0)
        self._legend_timer.timeout.connect(self._place_legend)
        self.plot.geometryChanged.connect(self._legend_timer.start)
        layout.addWidget(self.plot_widget)
        self.rebuild()
        self.refresh()

    def _listen(self):
        # the curves show the history: they change when a row is added, not on every update
        sig = getattr(self.session, "history_changed", None) or self.session.weights_changed
        sig.connect(self._changed)

    def has_test(self) -> bool:
        return getattr(self.session, "X_test", None) is not None

    def rebuild(self):
        t = theme.current()
        style_plot(self.plot, "epoch", "loss")
        _edge_room(self.plot)
        self.train_curve.setPen(pg.mkPen(t.text, width=2.5))
        self.test_curve.setPen(pg.mkPen(t.muted, width=2.0, style=Qt.PenStyle.DashLine))
        names = [label.text for _, label in self.legend.items]
        if self.has_test() and "test loss" not in names:
            self.legend.addItem(self.test_curve, "test loss")
        elif not self.has_test() and "test loss" in names:
            self.legend.removeItem("test loss")
        self.test_curve.setVisible(self.has_test())
        self.legend.setVisible(self.has_test())   # one curve needs no legend
        self.legend.setLabelTextColor(t.text)
        legend_card(self.legend)
        self.legend.setPen(pg.mkPen(None))   # above the plot: no card needed around it
        self.legend.setBrush(pg.mkBrush(None))
        self._place_legend()
        self._legend_timer.start()
        self._n = 0   # history may have been replaced: copy it again
        self._x_max = self._y_max = None
        self._y_fits_data = False
        self._dirty = True

    def legend_size(self) -> QSizeF:
        """The legend's size from its entries' size hints (its own geometry lags)."""
        self.legend.layout.invalidate()
        return self.legend.layout.effectiveSizeHint(Qt.SizeHint.PreferredSize)

    def _place_legend(self):
        """The legend in the plot item's top margin, right-aligned with the plot area: one
        row, or two when one is wider than the plot; the top margin grows to hold it."""
        if not self.legend.isVisible():
            _edge_room(self.plot)
            return
        for _sample, label in self.legend.items:       # one line of type, without the
            if label.item.document().documentMargin() != 1:    # text items' 4-px margins
                label.item.document().setDocumentMargin(1)
                label.setText(label.text)
        left, top, right, bottom = self.plot.layout.getContentsMargins()
        room = right            # (_edge_room: the top/right margin for the tick labels)
        width = self.plot.width() - left - right
        cols = 2
        self.legend.setColumnCount(cols)
        if width > 0 and self.legend_size().width() > width:
            cols = 1
        self.legend.setColumnCount(cols)
        size = self.legend_size()
        self.legend.setGeometry(QRectF(0, 0, size.width(), size.height()))
        axis = self.plot.getAxis("left")
        font = axis.style.get("tickFont") or axis.font()
        # the top margin the plot has anyway (the top tick's label, left of the plot area,
        # overhangs into it) holds the legend, right of that label: a little taller only
        edge = EDGE_ROOM * QFontMetricsF(font).height()
        need = int(math.ceil(max(edge, size.height() + 2)))
        if abs(top - need) > 0.5:
            self.plot.layout.setContentsMargins(left, need, right, bottom)
        self.legend.anchor(itemPos=(1, 0), parentPos=(1, 0), offset=(-room, 1))

    def _sync(self):
        """Copy only new history rows into the preallocated arrays (the history is
        append-only between resets and truncations: history_version tells)."""
        h = self.session.history
        n = len(h["epoch"])
        version = getattr(self.session, "history_version", 0)
        if n < self._n or version != self._version or (
                self._n and n and h["epoch"][self._n - 1] != self._epoch[self._n - 1]):
            self._n = 0          # cleared, shortened (stepped back) or replaced
            self._version = version
        if n > self._cap:
            self._cap = max(1024, 2 * n)
            for name in ("_epoch", "_loss", "_test"):
                buf = np.full(self._cap, np.nan)
                buf[:self._n] = getattr(self, name)[:self._n]
                setattr(self, name, buf)
        if n > self._n:
            s = slice(self._n, n)
            self._epoch[s] = h["epoch"][s]
            self._loss[s] = h["loss"][s]
            test = h.get("test_loss") or []
            if len(test) >= n:
                self._test[s] = test[s]
        changed = n != self._n
        self._n = n
        return n, changed

    def refresh(self):
        if not self._dirty:
            return
        self._dirty = False
        n, changed = self._sync()
        if not changed and self._x_max is not None:
            return
        # one epoch so far: a dot (a line needs two points)
        dot = {"symbol": "o", "symbolSize": 7 * theme.manager().zoom} if n == 1 else \
            {"symbol": None}
        t = theme.current()
        self.train_curve.setData(self._epoch[:n], self._loss[:n], symbolBrush=t.text,
                                 symbolPen=None, **dot)
        test = self._test[:n]
        if n and self.has_test() and np.isfinite(test).any():
            self.test_curve.setData(self._epoch[:n], test, symbolBrush=t.muted,
                                    symbolPen=None, **dot)
        else:
            self.test_curve.setData(np.zeros(0), np.zeros(0))
        self._update_range(n)

    def _update_range(self, n: int):
        """Explicit ranges, changed only when the data outgrow them."""
        last = float(self._epoch[n - 1]) if n else 0.0
        x_max = _nice_ceil(max(10.0, last))
        top = 0.0
        if n:
            vals = np.concatenate([self._loss[:n], self._test[:n]])
            vals = vals[np.isfinite(vals)]
            top = float(vals.max()) if vals.size else 0.0
        # no losses yet: 0 to 1 (a 0–0.001 axis with crowded labels said nothing)
        y_max = _nice_ceil(max(top * self.HEADROOM, 1e-3)) if top > 0 else 1.0
        if self._y_fits_data and y_max < self._y_max:
            y_max = self._y_max  # never shrink while the history grows: no jumping axes
        # (but the 0 to 1 shown before the first loss is no floor: XOR's losses of 0.13
        # were a flat line along the bottom of it)
        self._y_fits_data = top > 0
        if (x_max, y_max) != (self._x_max, self._y_max):
            self._x_max, self._y_max = x_max, y_max
            self.plot.setRange(xRange=(0.0, x_max), yRange=(0.0, y_max), padding=0)
        self._place_marker_labels()

    def _place_marker_labels(self, *_):
        """place_marker_labels once the plot's layout has settled (the legend and the
        labels' type change size after a resize or a new history row): now, and again then."""
        self.place_marker_labels()
        self._marker_timer.start()

    def place_marker_labels(self):
        """Labels of vertical marker lines (InfiniteLine with a label): as high as they
        clear the legend and the curves under them (just below the legend, a label's
        background had hidden both curves where they part); just below the legend when no
        height is clear."""
        vb = self.plot.getViewBox()
        h = vb.height()
        if h <= 0:
            return
        legend = self.legend.mapRectToItem(vb, self.legend.boundingRect()) \
            if self.legend.isVisible() else QRectF()
        n = self._n
        xs = self._epoch[:n]
        ys = np.stack([self._loss[:n], self._test[:n]])
        (x0, x1), _y = vb.viewRange()
        inside = vb.boundingRect().adjusted(-2, -2, 2, 2)     # whole, not cut at an edge
        for item in self.plot.items:
            label = getattr(item, "label", None)
            if not isinstance(item, pg.InfiniteLine) or label is None:
                continue
            full = getattr(label, "full_text", None)
            if full is None:
                full = label.full_text = label.format
            text_h = label.boundingRect().height()
            below_legend = min(0.95, max(0.05, 1.0 - (legend.bottom() + 6 + text_h) / h))
            # first on the side with more room (left of a line in the plot's right half)
            sides = [MARK_LEFT, MARK_RIGHT] if item.value() > (x0 + x1) / 2 else \
                [MARK_RIGHT, MARK_LEFT]
            spot = None
            for text in _shorter(full):          # the whole name, then shorter ones
                for pos in [0.95 - 0.05 * k for k in range(19)]:
                    for side in sides:
                        self._set_label(label, text, side, pos)
                        r = label.mapRectToItem(vb, label.boundingRect()).adjusted(-2, -2, 2, 2)
                        if inside.contains(r) and not r.intersects(legend) \
                                and not self._curves_cross(vb, r, xs, ys):
                            spot = (text, side, pos)
                            break
                    if spot:
                        break
                if spot:
                    break
            self._set_label(label, *(spot or (full, sides[0], below_legend)))
            label.setToolTip(full if spot and spot[0] != full else "")

    @staticmethod
    def _set_label(label, text: str, side, pos: float):
        if label.format != text:
            label.setFormat(text)
        if label.anchors[0] != side:
            label.anchors = [side, side]
        label.setPosition(pos)

    @staticmethod
    def _curves_cross(vb, r: QRectF, xs: np.ndarray, ys: np.ndarray) -> bool:
        """Whether the curves (ys: rows over xs) pass through r (view box pixels)."""
        if not len(xs):
            return False
        x0, x1 = vb.mapToView(r.topLeft()).x(), vb.mapToView(r.bottomRight()).x()
        lo, hi = np.searchsorted(xs, [x0, x1])
        part = ys[:, max(0, lo - 1):min(len(xs), hi + 1)]      # and a point either side
        part = part[np.isfinite(part)]
        if not part.size:
            return False
        y_top = vb.mapFromView(QPointF(x0, float(part.max()))).y()      # pixels: down
        y_bottom = vb.mapFromView(QPointF(x0, float(part.min()))).y()
        return y_top <= r.bottom() and y_bottom >= r.top()

    def curves(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(epochs, train loss, test loss) as drawn."""
        n = self._n
        return self._epoch[:n].copy(), self._loss[:n].copy(), self._test[:n].copy()
