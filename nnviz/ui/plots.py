"""Plots shared by the training scenarios (pyqtgraph): what the network does, drawn.

- DecisionBoundaryPlot(session): the network's output over the input plane as a heatmap
  (100×100 by default) with the training and test points over it; a discretize toggle.
- LossPlot(session): train and test loss per recorded epoch, from session.history.
- HiddenSpacePlot(session, layer): the training points placed at a hidden layer's
  activations (a layer as a change of representation) with the next unit's line z = 0.

Every number drawn comes from the engine (session.grid_activations, net.forward_all); the
plots only map numbers to colours. They redraw at most once per frame and only after the
session says the weights changed (signals are coalesced by a single-shot timer).
"""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from . import theme

FRAME_S = 1.0 / 60.0          # never redraw more often than this
CLASS_LEVELS = 64             # LUT entries per class for multi-class heatmaps (≤ 256 total)


class_colours = theme.class_colours   # one definition of class colours for every view


def _rgb(c: QColor) -> np.ndarray:
    return np.array([c.red(), c.green(), c.blue()], dtype=float)


def classes_lut(k: int, t: theme.Theme | None = None) -> np.ndarray:
    """(k·CLASS_LEVELS, 3) uint8: for class c, neutral → its colour as confidence grows."""
    t = t or theme.current()
    mid = _rgb(QColor(t.neutral))
    s = np.linspace(0.0, 1.0, CLASS_LEVELS)[:, None]
    rows = [mid + (_rgb(c) - mid) * s for c in class_colours(k, t)]
    return np.clip(np.round(np.vstack(rows)), 0, 255).astype(np.uint8)


def style_plot(plot: pg.PlotItem, x_label: str = "", y_label: str = ""):
    """Theme colours and projector-legible axis fonts for a PlotItem."""
    t = theme.current()
    zoom = theme.manager().zoom
    font = QFont()
    font.setPointSizeF(10.5 * zoom)
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen(t.muted))
        axis.setTextPen(pg.mkPen(t.text))
        axis.setStyle(tickFont=font, tickTextOffset=4)
        axis.enableAutoSIPrefix(False)
    label_style = {"color": t.text, "font-size": f"{12 * zoom:.0f}pt"}
    if x_label:
        plot.setLabel("bottom", x_label, **label_style)
    if y_label:
        plot.setLabel("left", y_label, **label_style)
    plot.getViewBox().setBackgroundColor(QColor(t.background))


def _plot_widget(parent) -> pg.PlotWidget:
    w = pg.PlotWidget(parent, background=theme.current().background)
    w.setMenuEnabled(False)
    w.getPlotItem().hideButtons()
    w.setAntialiasing(True)
    return w


class _Coalescer(QObject):
    """Turns many `weights_changed` signals into at most one `fire` per frame."""

    fire = Signal()

    def __init__(self, parent):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fire)
        self._last = 0.0

    def request(self):
        if not self._timer.isActive():
            wait = max(0.0, FRAME_S - (time.perf_counter() - self._last))
            self._timer.start(int(wait * 1000))

    def _fire(self):
        self._last = time.perf_counter()
        self.fire.emit()

    def stop(self):
        self._timer.stop()


class _SessionPlot(QWidget):
    """Base: listens to a session, coalesces redraws, restyles on theme changes."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self._dirty = True
        self._coalescer = _Coalescer(self)
        self._coalescer.fire.connect(self.refresh)
        session.weights_changed.connect(self._weights_changed)
        session.structure_changed.connect(self._structure_changed)
        theme.manager().changed.connect(self._restyle)

    def _weights_changed(self):
        self._dirty = True
        self._coalescer.request()

    def _structure_changed(self):
        self._dirty = True
        self.rebuild()
        self._coalescer.request()

    def rebuild(self):
        """Data or network replaced: redo what depends on it (points, axes)."""

    def refresh(self):
        """Redraw now if the weights changed since the last redraw."""

    def _restyle(self):
        self.rebuild()
        self._dirty = True
        self.refresh()

    def closeEvent(self, event):
        self._coalescer.stop()
        super().closeEvent(event)

    def hideEvent(self, event):
        self._coalescer.stop()
        super().hideEvent(event)

    def showEvent(self, event):
        super().showEvent(event)
        if self._dirty:
            self._coalescer.request()


class DecisionBoundaryPlot(_SessionPlot):
    """The network's output over the input plane, with the data drawn over it.

    One sigmoid/tanh/linear output: the diverging palette (orange = low/class 0, blue =
    high/class 1). Softmax outputs: each pixel takes the colour of its most likely class,
    the stronger the more confident. `discretize` shows only the decision (no shades).
    """

    def __init__(self, session, resolution: int = 100, parent=None):
        self.resolution = int(resolution)
        self.discretize = False
        self.show_test = True
        self.outputs: np.ndarray | None = None     # the engine's grid outputs last drawn
        self.image_data: np.ndarray | None = None  # the values given to the image item
        self.redraws = 0
        super().__init__(session, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.plot_widget = _plot_widget(self)
        self.plot = self.plot_widget.getPlotItem()
        self.plot.setAspectLocked(True)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.image)
        self.train_points = pg.ScatterPlotItem(pxMode=True)
        self.test_points = pg.ScatterPlotItem(pxMode=True)
        self.plot.addItem(self.train_points)
        self.plot.addItem(self.test_points)
        layout.addWidget(self.plot_widget, 1)
        row = QHBoxLayout()
        self.discretize_box = QCheckBox("Discretize output", self)
        self.discretize_box.setToolTip("Show only the decision (which side of the boundary), "
                                       "not how sure the network is")
        self.discretize_box.toggled.connect(self.set_discretize)
        self.test_box = QCheckBox("Show test data", self)
        self.test_box.setChecked(True)
        self.test_box.setToolTip("Draw the held-out test points (dark outline) over the "
                                 "training points (light outline)")
        self.test_box.toggled.connect(self.set_show_test)
        row.addWidget(self.discretize_box)
        row.addWidget(self.test_box)
        row.addStretch(1)
        layout.addLayout(row)
        self.rebuild()
        self.refresh()

    # -- settings -----------------------------------------------------------------------
    def set_discretize(self, on: bool):
        self.discretize = bool(on)
        if self.discretize_box.isChecked() != self.discretize:
            self.discretize_box.setChecked(self.discretize)
        self._dirty = True
        self.refresh()

    def set_show_test(self, on: bool):
        self.show_test = bool(on)
        if self.test_box.isChecked() != self.show_test:
            self.test_box.setChecked(self.show_test)
        self.test_points.setVisible(self.show_test)

    # -- drawing ------------------------------------------------------------------------
    def _n_out(self) -> int:
        return self.session.net.sizes[-1]

    def _softmax(self) -> bool:
        return self.session.net.layers[-1].activation == "softmax"

    def rebuild(self):
        t = theme.current()
        style_plot(self.plot, "x₁", "x₂")
        x0, x1, y0, y1 = self.session.extent
        self._rect = QRectF(x0, y0, x1 - x0, y1 - y0)
        self._rect_set = False
        self.plot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        if self._softmax():
            k = self._n_out()
            self.image.setLookupTable(classes_lut(k, t))
            self._levels = (0, k * CLASS_LEVELS - 1)
        else:
            self.image.setLookupTable(theme.diverging_lut(256, t))
            self._levels = (-1.0, 1.0)
        size = 9.0 * theme.manager().zoom
        for item, X, Y, outline, width in (
                (self.train_points, self.session.X_raw, self.session.Y, t.background, 1.2),
                (self.test_points, self.session.X_test_raw, self.session.Y_test, t.text, 1.6)):
            if X is None or len(X) == 0:
                item.setData(x=np.zeros(0), y=np.zeros(0))
                continue
            X = np.asarray(X, dtype=float)
            item.setData(x=X[:, 0], y=X[:, 1], size=size, pen=pg.mkPen(outline, width=width),
                         brush=self._point_brushes(np.asarray(Y, dtype=float)))
        self.test_points.setVisible(self.show_test)
        self.test_box.setVisible(self.session.X_test_raw is not None)

    def _point_brushes(self, Y: np.ndarray):
        t = theme.current()
        if Y.ndim == 2 and Y.shape[1] > 1:
            colours = class_colours(Y.shape[1], t)
            return [pg.mkBrush(colours[c]) for c in np.argmax(Y, axis=1)]
        y = Y.reshape(len(Y), -1)[:, 0]
        if self._regression():
            return [pg.mkBrush(theme.diverging(v, 1.0, t)) for v in y]
        cut = 0.0 if y.min() < 0 else 0.5
        neg, pos = pg.mkBrush(t.negative), pg.mkBrush(t.positive)
        return [pos if v >= cut else neg for v in y]

    def _regression(self) -> bool:
        Y = np.asarray(self.session.Y, dtype=float)
        return bool(Y.size and not np.all(np.isin(Y, (-1.0, 0.0, 1.0))))

    def display_values(self, outputs: np.ndarray) -> np.ndarray:
        """The image values for the engine's grid outputs (n, n, units): a pure mapping."""
        if self._softmax():
            k = outputs.shape[-1]
            cls = np.argmax(outputs, axis=-1)
            if self.discretize:
                level = np.full(cls.shape, CLASS_LEVELS - 1)
            else:
                p = np.max(outputs, axis=-1)
                conf = np.clip((p - 1.0 / k) / (1.0 - 1.0 / k), 0.0, 1.0)
                level = np.round(conf * (CLASS_LEVELS - 1))
            return (cls * CLASS_LEVELS + level).astype(np.float32)
        o = outputs[..., 0]
        if self.session.net.layers[-1].activation in ("sigmoid", "step"):
            v = 2.0 * o - 1.0
        else:
            v = o
        if self.discretize:
            v = np.where(v >= 0, 1.0, -1.0)
        return np.ascontiguousarray(np.clip(v, -1.0, 1.0), dtype=np.float32)

    def refresh(self):
        if not self._dirty or not self.isVisible() and self.outputs is not None:
            return
        self._dirty = False
        _, _, acts = self.session.grid_activations(self.resolution)
        self.outputs = acts[-1]
        self.image_data = self.display_values(self.outputs)
        self.image.setImage(self.image_data, autoLevels=False, levels=self._levels)
        if not self._rect_set:   # the rect maps pixels to the plane: needs the image's size
            self.image.setRect(self._rect)
            self._rect_set = True
        self.redraws += 1


class LossPlot(_SessionPlot):
    """Train (solid) and test (dashed) loss per recorded epoch, from session.history."""

    def __init__(self, session, parent=None):
        super().__init__(session, parent)
        self._n = 0
        self._cap = 0
        self._epoch = self._loss = self._test = np.zeros(0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.plot_widget = _plot_widget(self)
        self.plot = self.plot_widget.getPlotItem()
        self.legend = self.plot.addLegend(offset=(-10, 10))
        self.train_curve = self.plot.plot(name="train loss")
        self.test_curve = self.plot.plot(name="test loss")
        for c in (self.train_curve, self.test_curve):
            c.setDownsampling(auto=True, method="peak")
            c.setClipToView(True)
        self.plot.setLimits(yMin=0)
        layout.addWidget(self.plot_widget)
        if hasattr(session, "history_changed"):
            session.history_changed.connect(self._weights_changed)
        self.rebuild()
        self.refresh()

    def rebuild(self):
        t = theme.current()
        style_plot(self.plot, "epoch", "loss")
        self.train_curve.setPen(pg.mkPen(t.text, width=2.5))
        self.test_curve.setPen(pg.mkPen(t.muted, width=2.0, style=Qt.PenStyle.DashLine))
        self.legend.setLabelTextColor(t.text)
        self._n = 0   # history may have been replaced: copy it again

    def _sync(self):
        """Copy only new history entries into growing NumPy buffers (history is append-only
        between resets)."""
        h = self.session.history
        n = len(h["epoch"])
        if n < self._n:
            self._n = 0
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
        self._n = n
        return n

    def refresh(self):
        if not self._dirty:
            return
        self._dirty = False
        n = self._sync()
        self.train_curve.setData(self._epoch[:n], self._loss[:n])
        test = self._test[:n]
        if n and np.isfinite(test).any():
            self.test_curve.setData(self._epoch[:n], test)
        else:
            self.test_curve.setData(np.zeros(0), np.zeros(0))

    def curves(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(epochs, train loss, test loss) as drawn."""
        n = self._n
        return self._epoch[:n].copy(), self._loss[:n].copy(), self._test[:n].copy()


class HiddenSpacePlot(_SessionPlot):
    """The training points drawn at the activations of hidden layer `layer` (0 = first).

    Axes are two of the layer's units (`set_axes(i, j)`). When the next layer takes exactly
    these two units as input, its first unit's line z = 0 is drawn and the background shows
    what the rest of the network outputs there: the points become separable by a line.
    Faint trails show where the points have been while training moved them.
    """

    TRAIL = 240

    def __init__(self, session, layer: int = 0, parent=None):
        self.layer = int(layer)
        self.axes = (0, 1)
        self.positions: np.ndarray | None = None   # (samples, units): hidden activations drawn
        self._trail: list[np.ndarray] = []
        self._texts: list[pg.TextItem] = []
        super().__init__(session, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.plot_widget = _plot_widget(self)
        self.plot = self.plot_widget.getPlotItem()
        self.plot.setAspectLocked(True)
        self.background = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.background)
        self.trail_item = pg.ScatterPlotItem(pxMode=True)
        self.plot.addItem(self.trail_item)
        self.line = pg.PlotCurveItem()
        self.plot.addItem(self.line)
        self.points = pg.ScatterPlotItem(pxMode=True)
        self.plot.addItem(self.points)
        layout.addWidget(self.plot_widget, 1)
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

    def rebuild(self):
        t = theme.current()
        i, j = self.axes
        style_plot(self.plot, f"h{_sub(i + 1)}  (hidden unit {i + 1})",
                   f"h{_sub(j + 1)}  (hidden unit {j + 1})")
        self.background.setLookupTable(theme.diverging_lut(256, t))
        self.clear_trail()
        for item in self._texts:
            self.plot.removeItem(item)
        self._texts = []
        Y = np.asarray(self.session.Y, dtype=float)
        X = np.asarray(self.session.X_raw, dtype=float)
        cut = 0.0 if Y.min() < 0 else 0.5
        cls = Y[:, 0] >= cut
        self._brushes = [pg.mkBrush(t.positive if c else t.negative) for c in cls]
        self._trail_colours = [theme.blend(QColor(t.positive if c else t.negative), 0.35, t)
                               for c in cls]
        if len(X) <= 8:
            font = QFont()
            font.setPointSizeF(11 * theme.manager().zoom)
            mid = X.mean(axis=0)
            for x in X:
                label = "(" + ", ".join(f"{v:g}" for v in x) + ")"
                # inputs on different corners get labels on different sides, so points
                # that land on the same spot in hidden space stay readable
                anchor = (1.1 if x[0] <= mid[0] else -0.1, -0.05 if x[1] <= mid[1] else 1.05)
                text = pg.TextItem(label, color=t.text, anchor=anchor)
                text.setFont(font)
                self.plot.addItem(text)
                self._texts.append(text)
        self.caption.setStyleSheet(f"color: {t.text}; font-size: {12 * theme.manager().zoom:.0f}pt")

    def refresh(self):
        if not self._dirty:
            return
        self._dirty = False
        net = self.session.net
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
        pad = 0.12 * (hi - lo)
        lo, hi = lo - pad, hi + pad
        self.plot.setRange(xRange=(lo, hi), yRange=(lo, hi), padding=0)
        t = theme.current()
        zoom = theme.manager().zoom
        self.points.setData(x=h[:, i], y=h[:, j], size=16 * zoom, brush=self._brushes,
                            pen=pg.mkPen(t.text, width=1.5))
        for text, (x, y) in zip(self._texts, h[:, [i, j]]):
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
        net = self.session.net
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
            f"The output unit's line: {w1:+.2f}·h{_sub(self.axes[0] + 1)} "
            f"{w2:+.2f}·h{_sub(self.axes[1] + 1)} {b:+.2f} = 0")


def _sub(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
