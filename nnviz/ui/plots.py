"""Plots shared by the training scenarios (pyqtgraph): what the network does, drawn.

- DecisionBoundaryPlot(session): the network's output over the input plane as a heatmap
  (100×100 by default) with the training (and, on request, test) points over it, its colour
  scale where it takes no room from the map (beside, under, or right of the check boxes:
  plots_colourbar), a discretize toggle, and show_unit(col, unit): one unit's output over
  the plane instead, under a heading that fits the plane (plots_unitmap) and hides as few
  of the dots as it can, none of a handful (plots_heading).
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

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QGraphicsItem, QLayout, QVBoxLayout

from . import plots_heading as H
from . import plots_unitmap as U
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
from .plots_colourbar import ColourBar
from .plots_hidden import HiddenSpacePlot, _sub  # noqa: F401  (re-exported)
from .plots_loss import LossPlot, _nice_ceil  # noqa: F401  (re-exported)
from .short_text import ShortCheckBox
from .window_fit import WrapRow

FEW_POINTS = 12               # data sets this small (XOR, AND…) get big, easy-to-see dots
# Many points: a dot's diameter is DOT_SPREAD/√(training points) of the plane's side, within
# 1/MANY_POINTS_PX … 1/FEWER_POINTS_PX of it and MIN_DOT_PX … MAX_DOT_PX (× zoom): with 250
# training points (the circle's, half of 500) 1/51 of the side, and the dots cover about a
# quarter of the circle's inner disc, as in TensorFlow Playground (~9.8 px dots plus ~7.5 px
# test dots had covered ~70 %); 40 points (an overfitting lesson) get dots 1/30 wide.
DOT_SPREAD = 0.31
MANY_POINTS_PX, FEWER_POINTS_PX = 52.0, 30.0
MIN_DOT_PX, MAX_DOT_PX = 4.5, 10.0
TEST_DOT = 0.75               # test dots beside training dots: this much smaller
HEADING_PT = (11.5, 8.5)      # show_unit's heading: its type (× zoom), at most and at least


class DecisionBoundaryPlot(_SessionPlot):
    """The network's output over the input plane, with the data drawn over it.

    One sigmoid/tanh/linear output: the diverging palette (orange = low/class 0, or −1 with
    targets −1/+1; blue = high/class 1), centred on o = 0.5 for a sigmoid, 0 else. Softmax
    outputs: each pixel takes the colour of its most likely class, the stronger the more
    confident. `discretize` shows only the decision (no shades).
    The view shows exactly the session's extent, with equal x and y scales. Test points
    are hidden unless `show_test` (as in TensorFlow Playground: they hid the map), and
    drawn smaller than the training points. show_unit(col, unit) shows one unit's output
    over the plane instead of the network's, under a heading, until show_unit(None).
    """

    discretize_changed = Signal(bool)

    def __init__(self, session, resolution: int = 100, parent=None, show_test: bool = False):
        self.resolution = int(resolution)
        self.discretize = False
        self.show_test = bool(show_test)
        self.unit: tuple[int, int] | None = None    # the unit shown (None: the output)
        self.outputs: np.ndarray | None = None     # the engine's grid outputs last drawn
        self.unit_values: np.ndarray | None = None  # the shown unit's grid outputs
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
        self.heading = pg.TextItem(anchor=(0.5, 0.0))       # "showing hidden layer 1 · …"
        centred = self.heading.textItem.document().defaultTextOption()
        centred.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.heading.textItem.document().setDefaultTextOption(centred)
        self.heading.setZValue(20)
        self.heading.hide()
        self.plot.addItem(self.heading, ignoreBounds=True)
        # the colour scale: beside or under the plane where that takes no room from it,
        # else in the check boxes' row where they leave room, else not at all (_place_bar)
        self.colour_bar = ColourBar(self.image, self)
        self.square = _SquareBox(self.plot_widget, self, aside=self.colour_bar)
        self.square.aside_placed.connect(self._place_bar)
        self.plot.getViewBox().sigResized.connect(self._resize_points)
        self.plot.getViewBox().sigResized.connect(self._place_heading)
        layout.addWidget(self.square, 1)
        # no taller than the square needs: the spare height goes to the neighbours
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinAndMaxSize)
        self.discretize_box = QCheckBox("Discretize output", self)
        self.discretize_box.setToolTip("Show only the decision (which side of the boundary), "
                                       "not how sure the network is")
        self.discretize_box.toggled.connect(self.set_discretize)
        self.test_box = ShortCheckBox("Show test data (strong rims)", "Show test data", self)
        self.test_box.setChecked(self.show_test)
        self.test_box.setToolTip("Draw the held-out test points (outlined in the text colour) "
                                 "over the training points (outlined in the background "
                                 "colour)")
        self.test_box.toggled.connect(self.set_show_test)
        self.footer = WrapRow([self.discretize_box, self.test_box], self)
        self.footer.installEventFilter(self)
        layout.addWidget(self.footer)
        self.colour_bar.raise_()
        self.rebuild()
        self.refresh()

    # -- settings -----------------------------------------------------------------------
    def set_discretize(self, on: bool):
        changed = bool(on) != self.discretize
        self.discretize = bool(on)
        if self.discretize_box.isChecked() != self.discretize:
            self.discretize_box.setChecked(self.discretize)
        self._dirty = True
        self._version = None
        self.refresh()
        self._update_scale()
        if changed:                      # (e.g. the canvas's thumbnails follow)
            self.discretize_changed.emit(self.discretize)

    def set_show_test(self, on: bool):
        self.show_test = bool(on)
        if self.test_box.isChecked() != self.show_test:
            self.test_box.setChecked(self.show_test)
        self.test_points.setVisible(self.show_test)
        self._place_heading()            # (clear of the dots shown)

    # -- one unit's output ------------------------------------------------------------------
    def show_unit(self, col: int | None, unit: int | None = None):
        """Show unit `unit` of canvas column `col` (0: the inputs; k + 1: engine layer k) over
        the plane instead of the network's output, under a heading; show_unit(None) goes
        back to the output. The values are the session's grid activations (as for the
        canvas's thumbnails), mapped to colours as the unit's thumbnail maps them."""
        target = U.unit_target(self.session.net.sizes, col, unit)
        if target == self.unit:
            return
        self.unit = target
        self._apply_palette()
        self._place_heading()
        self._dirty = True
        self._version = None
        self.refresh()
        self._update_scale()

    def _structure_changed(self):
        self.unit = None                 # a new network: its units are other units
        super()._structure_changed()

    def show_hovered(self, target):
        """A slot for NetworkCanvas.hovered: ("unit", col, unit) shows that unit, anything
        else (an edge, nothing) the output."""
        if target and target[0] == "unit":
            self.show_unit(target[1], target[2])
        else:
            self.show_unit(None)

    def _place_heading(self, *_):
        """The heading inside the plane (at most a third of its height), in bold type as
        large as fits (HEADING_PT × zoom, at most and at least): the first of the unit's
        names that fits ("showing hidden layer 1 · unit 2" … "hidden 1 · unit 2", on two
        lines, then the canvas's own "h₁,₂"), over none of the dots where it can be (a
        handful of big dots: never; see plots_heading); none when not even that fits."""
        H.place(self, self._few(), HEADING_PT)

    def heading_text(self) -> str:
        """The heading shown over the map ("" when it shows the network's output); a two-line
        heading's lines are joined by a newline."""
        return self.heading.toPlainText() if self.heading.isVisible() else ""

    # -- the colour scale ---------------------------------------------------------------------
    def _place_bar(self, mode: str, rect: QRectF):
        """The colour bar where the square box gave it room (beside or under the plane),
        else in the check boxes' row (_place_compact)."""
        if mode:
            self.colour_bar.set_form(mode, rect.translated(QPointF(self.square.pos())))
        else:
            self._place_compact()

    def _place_compact(self):
        """The colour bar as one short line right of the check boxes, on their first row
        (its right end at the plane's when it can), when they leave room; else hidden."""
        bar, row = self.colour_bar, self.footer
        if self.square.aside_mode:
            return
        shown = [w for w in row.widgets if not w.isHidden()]
        if not shown:
            bar.set_form("")
            return
        used = row.row_width() if row.row_width() <= row.width() else \
            shown[0].sizeHint().width()
        gap = 12 * theme.manager().zoom
        width = bar.compact_width(row.width() - used - gap)
        if width is None:
            bar.set_form("")
            return
        plane_right = self.square.x() + self.square.plane.right()
        right = max(row.x() + used + gap + width, min(row.geometry().right(), plane_right))
        top = row.y() + (shown[0].sizeHint().height() - bar.line_height()) / 2
        bar.set_form("compact", QRectF(right - width, top, width, bar.line_height()))

    def eventFilter(self, obj, event):
        if obj is self.footer and event.type() in (QEvent.Type.Resize, QEvent.Type.Move,
                                                    QEvent.Type.LayoutRequest):
            QTimer.singleShot(0, self, self._place_compact)
        return super().eventFilter(obj, event)

    def _update_scale(self):
        if self.unit is not None:
            scale = U.unit_scale(self.session, *self.unit, self.unit_values, self.discretize)
        else:
            task = "multiclass" if self._softmax() else \
                "regression" if self._regression() else "classification"
            scale = U.output_scale(self.session, task, self.discretize)
        if self.colour_bar.set_scale(scale):        # (its sizes may have changed)
            self.square.place()

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
        self.unit = U.unit_target(self.session.net.sizes, *(self.unit or (None, None)))
        self._apply_palette()
        few = self._few()
        zoom = theme.manager().zoom
        train_size, size = self._point_sizes()
        for item, X, Y, outline, width, points_size in (
                (self.train_points, self.session.X_raw, self.session.Y, t.background, 1.0,
                 train_size),
                (self.test_points, self.session.X_test_raw, self.session.Y_test, t.text, 1.4,
                 size)):
            if X is None or len(X) == 0:
                item.setData(x=np.zeros(0), y=np.zeros(0))
                continue
            X = np.asarray(X, dtype=float)
            if item is self.train_points and self._regression():
                outline = t.muted      # (a target near 0 is pale, on a pale map: a grey rim)
            pen = pg.mkPen(t.text if few else outline, width=(2.0 if few else width) * zoom)
            item.setData(x=X[:, 0], y=X[:, 1], size=points_size, pen=pen,
                         brush=self._point_brushes(np.asarray(Y, dtype=float)))
        self.test_points.setVisible(self.show_test)
        self.test_box.setVisible(self.session.X_test_raw is not None)
        self._place_heading()            # (clear of the dots just placed)
        self._version = None
        if self.image.image is not None:
            self.image.setRect(self._rect)
        self.square.place()
        self._update_scale()

    def _apply_palette(self):
        """The image's LUT and levels: class colours for a softmax output, else the region
        palette from −1 to 1 (a unit's output too)."""
        t = theme.current()
        if self._softmax() and self.unit is None:
            k = self._n_out()
            self.image.setLookupTable(classes_lut(k, t))
            self._levels = (0, k * CLASS_LEVELS - 1)
        else:
            self.image.setLookupTable(theme.region_lut(256, t))
            self._levels = (-1.0, 1.0)
        if self.image_data is not None and self.image.image is not None:
            self.image.setLevels(self._levels)

    def _point_size(self) -> float:
        """The training dots' diameter: large for a handful of points (XOR's four), else
        shrinking as the training points grow in number (see DOT_SPREAD), growing with the
        plane and the type (projector)."""
        zoom = theme.manager().zoom
        n_train = len(self.session.X_raw)
        if self._few():
            return 22.0 * zoom
        vb = self.plot.getViewBox()
        side = min(vb.width(), vb.height())
        if side <= 0:
            return 6.0 * zoom
        share = min(1.0 / FEWER_POINTS_PX,
                    max(1.0 / MANY_POINTS_PX, DOT_SPREAD / math.sqrt(n_train)))
        return max(MIN_DOT_PX * zoom, min(MAX_DOT_PX * zoom, side * share))

    def _few(self) -> bool:
        """A handful of points (XOR's four: FEW_POINTS): big dots, drawn clear of the heading."""
        test = self.session.X_test_raw
        return len(self.session.X_raw) + (0 if test is None else len(test)) <= FEW_POINTS

    def _point_sizes(self) -> tuple[float, float]:
        """(training, test) dot sizes: test dots (when shown) are the smaller, so that both
        sets together still leave the map readable and the training points (what the network
        learns from) stand out."""
        size = self._point_size()
        return size, size * TEST_DOT

    def _resize_points(self, *_):
        for item, size in zip((self.train_points, self.test_points), self._point_sizes()):
            if len(item.data) and abs(item.opts["size"] - size) > 0.25:   # (one size for all:
                item.setSize(size)                                 # in opts, not per spot)

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
        if self.unit is None:
            self.unit_values = None
            self.image_data = self.display_values(self.outputs)
        else:
            col, u = self.unit
            self.unit_values = acts[col][..., u]
            self.image_data = U.unit_display(self.unit_values,
                                             U.unit_activation(self.session.net, col),
                                             self.discretize)
            if col == 0:                 # its scale's ends are the feature's range
                self._update_scale()
        first = self.image.image is None or self.image.image.shape != self.image_data.shape
        self.image.setImage(self.image_data, autoLevels=False, levels=self._levels)
        if first:   # the rect maps pixels to the plane: it needs the image's size
            self.image.setRect(self._rect)
        self.redraws += 1
