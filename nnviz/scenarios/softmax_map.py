"""The input plane coloured by class: argmax regions, or one class's probability surface.

Regions: each pixel takes the colour of the class the network finds most likely there, pale
where it hesitates and strong where it is sure. One-vs-all: one class's probability p(c | x)
from 0 (background) to 1 (the class colour), with its 0.5 line. The numbers are the engine's
(session.grid_activations); this widget only maps them to colours and reports the mouse.

Class colours are Okabe–Ito categories (neuron_plots.category_colours), each class also
with its own marker shape, so classes never read as the orange ↔ blue sign scale.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from ..ui import theme
from ..ui.plots_base import _SquareBox, fitted_axes
from ..ui.text_area import WrappedTextArea
from . import neuron_plots as npl

GRID = 120              # grid points per side (the engine evaluates GRID² points)
LEVELS = 48             # shades per class in the regions view
LEGEND_SHARE = 0.3      # the legend below the plane takes at most this share of the view
POINT_ROOM = 0.04       # room around the regions (share of their side): whole edge points
SYMBOLS = ("o", "s", "t", "d", "star")
SYMBOL_TEXT = ("●", "■", "▲", "◆", "★")
PALE, STRONG = 0.12, 0.62   # how much of the class colour a region shows (unsure … sure)


def class_colours(k: int) -> list[QColor]:
    return theme.class_colours(k)


def _rgb(c: QColor) -> np.ndarray:
    return np.array([c.red(), c.green(), c.blue()], dtype=float)


def regions_lut(k: int) -> np.ndarray:
    """(k·LEVELS, 3) uint8: class c's rows run from pale (unsure) to strong (sure)."""
    bg = _rgb(QColor(theme.current().background))
    s = np.linspace(PALE, STRONG, LEVELS)[:, None]
    rows = [bg + (_rgb(c) - bg) * s for c in class_colours(k)]
    return np.clip(np.round(np.vstack(rows)), 0, 255).astype(np.uint8)


def probability_lut(colour: QColor, n: int = 256) -> np.ndarray:
    """(n, 3) uint8 from the background (p = 0) to `colour` (p = 1)."""
    bg = _rgb(QColor(theme.current().background))
    s = np.linspace(0.0, 0.85, n)[:, None]
    return np.clip(np.round(bg + (_rgb(colour) - bg) * s), 0, 255).astype(np.uint8)


def region_values(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(classes, image values) for grid probabilities p (..., k): the argmax, and
    argmax·LEVELS + a shade for how far max p is above a uniform guess 1/k."""
    k = p.shape[-1]
    classes = np.argmax(p, axis=-1)
    sure = (np.max(p, axis=-1) - 1.0 / k) / (1.0 - 1.0 / k)
    shade = np.clip(np.round(sure * (LEVELS - 1)), 0, LEVELS - 1).astype(np.int32)
    return classes, classes * LEVELS + shade


class ClassMapPlot(QWidget):
    """The plane, the data and the probe. `hovered(x1, x2)` while the mouse moves over it,
    `left()` when it leaves, `clicked(x1, x2)` on a click (the scenario pins the point)."""

    hovered = Signal(float, float)
    left = Signal()
    clicked = Signal(float, float)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.view = "regions"
        self.classes: np.ndarray | None = None      # argmax shown, (GRID, GRID), row = x2
        self.image_data: np.ndarray | None = None   # values given to the image item
        self.probs: np.ndarray | None = None        # the engine's grid outputs drawn
        self._dirty = True
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(self)
        self.title.setObjectName("classMapTitle")
        self.title.setWordWrap(True)
        lay.addWidget(self.title)
        self.plot_widget = pg.PlotWidget(self, axisItems=fitted_axes())
        self.plot_widget.setMenuEnabled(False)
        self.plot = self.plot_widget.getPlotItem()
        self.plot.hideButtons()
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.getViewBox().setDefaultPadding(0.0)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.image)
        self.iso = pg.IsocurveItem(level=0.5, axisOrder="row-major")
        self.iso.setParentItem(self.image)
        self.points = pg.ScatterPlotItem(pxMode=True)
        self.plot.addItem(self.points)
        self.probe_ring = pg.ScatterPlotItem(pxMode=True)
        self.probe_ring.setZValue(10)
        self.plot.addItem(self.probe_ring)
        # a square plane the size the panel allows (an aspect lock had padded it with empty
        # bands and cut off the points just outside the regions)
        self.square = _SquareBox(self.plot_widget, self)
        self.plot.getViewBox().sigResized.connect(self._resize_points)
        lay.addWidget(self.square, 1)
        self.legend = QLabel(self)
        self.legend.setObjectName("classLegend")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        # its whole text when there is room; in a short view at most LEGEND_SHARE of it,
        # scrolling (in projector type on 1280×720 it had left the plane 100 px)
        self.legend_area = WrappedTextArea(self.legend, self)
        self.legend_area.setSizePolicy(QSizePolicy.Policy.Preferred,
                                       QSizePolicy.Policy.Preferred)   # spare room: below
        lay.addWidget(self.legend_area)
        lay.addStretch(0)          # title, plane and legend together at the top
        self.plot_widget.setMouseTracking(True)
        self.plot_widget.scene().sigMouseMoved.connect(self._moved)
        self.plot_widget.scene().sigMouseClicked.connect(self._clicked)
        self.plot_widget.viewport().installEventFilter(self)
        self._timer = QTimer(self)          # at most one redraw per frame while training
        self._timer.setSingleShot(True)
        self._timer.setInterval(16)
        self._timer.timeout.connect(self.refresh)
        session.weights_changed.connect(self._weights_changed)
        session.structure_changed.connect(self.rebuild)
        self.rebuild()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        most = max(60, int(LEGEND_SHARE * self.height()))
        if self.legend_area.maximumHeight() != most:
            self.legend_area.setMaximumHeight(most)

    def _point_size(self) -> float:
        """Marks grow with the type but stay apart on a small plane: at most 1/26 of its
        side (projector type had piled them into one heap)."""
        side = min(self.plot.getViewBox().width(), self.plot.getViewBox().height())
        big = 12.0 * theme.manager().zoom
        return max(6.0, min(big, side / 26.0)) if side > 0 else big

    def _resize_points(self, *_):
        if len(self.points.data) and abs(self.points.data["size"][0] - self._point_size()) > 0.25:
            self.points.setSize(self._point_size())

    # -- what to show --------------------------------------------------------------------
    def map_extent(self) -> tuple[float, float, float, float]:
        """The plane the map shows: the data's extent and room around it (so that the
        points at its edge stay whole), the regions computed over all of it."""
        x0, x1, y0, y1 = self.session.extent
        pad = POINT_ROOM * max(x1 - x0, y1 - y0)
        return (x0 - pad, x1 + pad, y0 - pad, y1 + pad)

    def set_view(self, view: str):
        self.view = view
        self.rebuild()

    def k(self) -> int:
        return self.session.net.sizes[-1]

    def rebuild(self):
        """Data, classes or theme changed: restyle, place the points, redraw."""
        t = theme.current()
        npl.style_plot(self.plot_widget, "", "x₁", "x₂")
        self.plot.showGrid(x=False, y=False)
        x0, x1, y0, y1 = self.map_extent()
        self.plot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        self.title.setStyleSheet(f"color: {t.text}; font-size: {npl.font_pt(14):.0f}pt; "
                                 f"font-weight: bold;")
        self.legend.setStyleSheet(f"color: {t.text}; font-size: {npl.font_pt(11):.0f}pt;")
        X, Y = self.session.X_raw, self.session.Y
        labels = np.argmax(Y, axis=1)
        colours = class_colours(self.k())
        size = self._point_size()
        outline = pg.mkPen(t.text, width=1.3)
        self.points.setData(x=X[:, 0], y=X[:, 1], size=size, pen=outline,
                            brush=[pg.mkBrush(colours[c]) for c in labels],
                            symbol=[SYMBOLS[c % len(SYMBOLS)] for c in labels])
        self._show_legend()
        self._dirty = True
        self.refresh()

    def _show_legend(self):
        colours = class_colours(self.k())
        items = " &nbsp; ".join(
            f"<span style='color:{c.name()}; font-size:{npl.font_pt(15):.0f}pt'>"
            f"{SYMBOL_TEXT[i % len(SYMBOL_TEXT)]}</span> class {i + 1}"
            for i, c in enumerate(colours))
        if self.view == "regions":
            how = ("Each region has the colour of the class the network picks there (the "
                   "largest output); pale = unsure, strong = sure.")
        else:
            how = (f"Shade = p({self.view} | x): background 0, full colour 1. The line is "
                   f"p = 0.5: inside it this output out-votes all the others together.")
        self.legend.setText(f"{items}<br>{how}<br><i>Colours here name classes: they are not "
                            f"the orange ↔ blue of negative ↔ positive.</i>")

    def _weights_changed(self):
        self._dirty = True
        if not self._timer.isActive():
            self._timer.start()

    def refresh(self):
        if not self._dirty:
            return
        self._dirty = False
        _, _, acts = self.session.grid_activations(GRID, self.map_extent())
        p = acts[-1]
        self.probs = p
        k = p.shape[-1]
        if self.view == "regions":
            self.classes, self.image_data = region_values(p)
            self.image.setLookupTable(regions_lut(k))
            self.image.setImage(self.image_data, autoLevels=False, levels=(0, k * LEVELS - 1))
            self.iso.setData(None)
            self.title.setText("Which class wins where (argmax)")
        else:
            c = int(self.view.split()[-1]) - 1
            self.classes = np.argmax(p, axis=-1)
            self.image_data = np.ascontiguousarray(p[..., c])
            self.image.setLookupTable(probability_lut(class_colours(k)[c]))
            self.image.setImage(self.image_data, autoLevels=False, levels=(0.0, 1.0))
            self.iso.setData(self.image_data)
            self.iso.setPen(pg.mkPen(theme.current().text, width=2.5,
                                     style=Qt.PenStyle.DashLine))
            self.title.setText(f"One vs all: output {c + 1} = p(class {c + 1} | x)")
        x0, x1, y0, y1 = self.map_extent()
        self.image.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))

    def show_probe(self, x, pinned: bool):
        """Ring around the probe point: solid when pinned, dashed when only hovered."""
        if x is None:
            self.probe_ring.setData(x=[], y=[])
            return
        t = theme.current()
        style = Qt.PenStyle.SolidLine if pinned else Qt.PenStyle.DashLine
        ring = pg.mkPen(t.text, width=3.0, style=style)
        self.probe_ring.setData(x=[x[0]], y=[x[1]], size=28 * theme.manager().zoom,
                                pen=ring, brush=pg.mkBrush(0, 0, 0, 0), symbol="o")

    def pixel_radius(self, pixels: float = 12.0) -> float:
        """`pixels` screen pixels in plane units (for snapping the mouse to a data point)."""
        px = self.plot.getViewBox().viewPixelSize()
        return float(pixels * max(px[0], px[1]))

    # -- mouse ---------------------------------------------------------------------------
    def _to_plane(self, scene_pos):
        vb = self.plot.getViewBox()
        vb.prepareForPaint()     # a resize not yet painted: the aspect-locked range is stale
        if not vb.sceneBoundingRect().contains(scene_pos):
            return None
        p = vb.mapSceneToView(scene_pos)
        x0, x1, y0, y1 = self.session.extent
        if not (x0 <= p.x() <= x1 and y0 <= p.y() <= y1):
            return None
        return p.x(), p.y()

    def _moved(self, scene_pos):
        x = self._to_plane(scene_pos)
        if x is None:
            self.left.emit()
        else:
            self.hovered.emit(*x)

    def _clicked(self, event):
        if event.button() != Qt.MouseButton.LeftButton:
            return
        x = self._to_plane(event.scenePos())
        if x is not None:
            event.accept()
            self.clicked.emit(*x)

    def eventFilter(self, obj, event):
        if event.type() == event.Type.Leave:
            self.left.emit()
        return False

    def plane_to_widget(self, x1: float, x2: float):
        """Where the plane point (x1, x2) is in plot_widget.viewport() coordinates."""
        from PySide6.QtCore import QPointF
        vb = self.plot.getViewBox()
        vb.prepareForPaint()     # as _to_plane
        scene = vb.mapViewToScene(QPointF(x1, x2))
        return self.plot_widget.mapFromScene(scene)

    def stop(self):
        self._timer.stop()
