"""Plots shared by the training scenarios (pyqtgraph): what the network does, drawn.

- DecisionBoundaryPlot(session): the network's output over the input plane as a heatmap
  (100×100 by default) with the training and test points over it; a discretize toggle.
- LossPlot(session): train and test loss per recorded epoch, from session.history
  (in plots_loss).
- HiddenSpacePlot(session, layer): the training points placed at a hidden layer's
  activations (a layer as a change of representation) with the next unit's line z = 0
  (in plots_hidden).

Every number drawn comes from the engine (session.grid_activations, net.forward_all); the
plots only map numbers to colours. They redraw at most once per frame and only after the
session says what they show changed (see plots_base).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QCheckBox, QGraphicsItem, QLayout, QVBoxLayout

from . import theme
from .plots_base import (  # noqa: F401  (re-exported: the plots' shared helpers)
    CLASS_LEVELS,
    FRAME_S,
    _edge_room,
    _plot_widget,
    _SessionPlot,
    _SquareBox,
    class_colours,
    classes_lut,
    legend_card,
    style_plot,
)
from .plots_hidden import HiddenSpacePlot, _sub  # noqa: F401  (re-exported)
from .plots_loss import LossPlot, _nice_ceil  # noqa: F401  (re-exported)
from .window_fit import WrapRow

FEW_POINTS = 12               # data sets this small (XOR, AND…) get big, easy-to-see dots


class DecisionBoundaryPlot(_SessionPlot):
    """The network's output over the input plane, with the data drawn over it.

    One sigmoid/tanh/linear output: the diverging palette (orange = low/class 0, blue =
    high/class 1). Softmax outputs: each pixel takes the colour of its most likely class,
    the stronger the more confident. `discretize` shows only the decision (no shades).
    The view shows exactly the session's extent, with equal x and y scales.
    """

    def __init__(self, session, resolution: int = 100, parent=None):
        self.resolution = int(resolution)
        self.discretize = False
        self.show_test = True
        self.outputs: np.ndarray | None = None     # the engine's grid outputs last drawn
        self.image_data: np.ndarray | None = None  # the values given to the image item
        self.redraws = 0
        self._version = None                       # session.version last drawn
        super().__init__(session, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.plot_widget = _plot_widget(None)
        self.plot = self.plot_widget.getPlotItem()
        self.plot.setMouseEnabled(False, False)    # the plane stays put on a projector
        self.plot.disableAutoRange()
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.image)
        self.train_points = pg.ScatterPlotItem(pxMode=True)
        self.test_points = pg.ScatterPlotItem(pxMode=True)
        self.plot.addItem(self.test_points)
        self.plot.addItem(self.train_points)     # the training points on top
        for item in (self.train_points, self.test_points):   # the data stay put: drawn once,
            item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)  # then blitted
        self.square = _SquareBox(self.plot_widget, self)
        self.plot.getViewBox().sigResized.connect(self._resize_points)
        layout.addWidget(self.square, 1)
        # no taller than the square needs: the spare height goes to the neighbours
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinAndMaxSize)
        self.discretize_box = QCheckBox("Discretize output", self)
        self.discretize_box.setToolTip("Show only the decision (which side of the boundary), "
                                       "not how sure the network is")
        self.discretize_box.toggled.connect(self.set_discretize)
        self.test_box = QCheckBox("Show test data (strong rims)", self)
        self.test_box.setChecked(True)
        self.test_box.setToolTip("Draw the held-out test points (outlined in the text colour) "
                                 "over the training points (outlined in the background "
                                 "colour)")
        self.test_box.toggled.connect(self.set_show_test)
        layout.addWidget(WrapRow([self.discretize_box, self.test_box], self))
        self.rebuild()
        self.refresh()

    # -- settings -----------------------------------------------------------------------
    def set_discretize(self, on: bool):
        self.discretize = bool(on)
        if self.discretize_box.isChecked() != self.discretize:
            self.discretize_box.setChecked(self.discretize)
        self._dirty = True
        self._version = None
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
        _edge_room(self.plot)
        x0, x1, y0, y1 = self.session.extent
        self._rect = QRectF(x0, y0, x1 - x0, y1 - y0)
        self.plot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        if self._softmax():
            k = self._n_out()
            self.image.setLookupTable(classes_lut(k, t))
            self._levels = (0, k * CLASS_LEVELS - 1)
        else:
            self.image.setLookupTable(theme.region_lut(256, t))
            self._levels = (-1.0, 1.0)
        n_points = len(self.session.X_raw) + (0 if self.session.X_test_raw is None
                                              else len(self.session.X_test_raw))
        zoom = theme.manager().zoom
        train_size, size = self._point_sizes()
        for item, X, Y, outline, width, points_size in (
                (self.train_points, self.session.X_raw, self.session.Y, t.background, 1.2,
                 train_size),
                (self.test_points, self.session.X_test_raw, self.session.Y_test, t.text, 1.6,
                 size)):
            if X is None or len(X) == 0:
                item.setData(x=np.zeros(0), y=np.zeros(0))
                continue
            X = np.asarray(X, dtype=float)
            pen = pg.mkPen(t.text if n_points <= FEW_POINTS else outline,
                           width=(2.0 if n_points <= FEW_POINTS else width) * zoom)
            item.setData(x=X[:, 0], y=X[:, 1], size=points_size, pen=pen,
                         brush=self._point_brushes(np.asarray(Y, dtype=float)))
        self.test_points.setVisible(self.show_test)
        self.test_box.setVisible(self.session.X_test_raw is not None)
        self._version = None
        if self.image.image is not None:
            self.image.setRect(self._rect)
        self.square.place()

    MANY_POINTS_PX = 36.0     # many points: a dot at most 1/36 of the plane's side

    def _point_size(self) -> float:
        """Dots grow with the type (projector), but many points on a small plane stay
        apart: at most 1/MANY_POINTS_PX of its side (they had merged into blobs)."""
        zoom = theme.manager().zoom
        n_points = len(self.session.X_raw) + (0 if self.session.X_test_raw is None
                                              else len(self.session.X_test_raw))
        if n_points <= FEW_POINTS:
            return 22.0 * zoom
        side = min(self.plot.getViewBox().width(), self.plot.getViewBox().height())
        return max(5.0, min(9.0 * zoom, side / self.MANY_POINTS_PX)) if side > 0 else 9.0

    def _point_sizes(self) -> tuple[float, float]:
        """(training, test) dot sizes: beside test points the training points (what the
        network learns from) are the larger; the same size, the dark-rimmed test points
        drew the eye."""
        size = self._point_size()
        return size * (1.3 if self.session.X_test_raw is not None else 1.0), size

    def _resize_points(self, *_):
        for item, size in zip((self.train_points, self.test_points), self._point_sizes()):
            if len(item.data) and abs(item.data["size"][0] - size) > 0.25:
                item.setSize(size)

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
        """The image values for the engine's grid outputs (n, n, units): a pure mapping
        (float32, C-contiguous, for fixed levels and the LUT)."""
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
        if self._version == self.session.version and self.outputs is not None:
            return                       # nothing changed since the last picture
        _, _, acts = self.session.grid_activations(self.resolution)
        self._version = self.session.version
        self.outputs = acts[-1]
        self.image_data = self.display_values(self.outputs)
        first = self.image.image is None or self.image.image.shape != self.image_data.shape
        self.image.setImage(self.image_data, autoLevels=False, levels=self._levels)
        if first:   # the rect maps pixels to the plane: it needs the image's size
            self.image.setRect(self._rect)
        self.redraws += 1
