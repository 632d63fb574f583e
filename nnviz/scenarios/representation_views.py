"""Plots for the representation scenario: the input plane and a layer's own space.

`SpacePlot` shows points coloured by class in two dimensions, or in three seen from an
angle (yaw and pitch: drag with the mouse, or use the sliders, to turn the cube), with
optional straight lines (2-D) or a wire plane (3-D). It only draws what it is given; the
numbers come from the engine (forward_all, the layers' weights, analysis.project).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont

from ..engine import analysis
from ..ui import theme
from ..ui.plots_base import fitted_axes, plain_numbers
from .neuron_plots import set_title

UNIT_STYLES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine)


def class_brushes():
    t = theme.current()
    return pg.mkBrush(t.negative), pg.mkBrush(t.positive)


def edge_anchor(x: float, y: float, x0: float, x1: float, y0: float, y1: float) -> tuple:
    """A TextItem anchor that keeps a line's label inside the box (x0, x1, y0, y1) when the
    line ends at (x, y) on the box's edge (centred on the end, half of it was cut off)."""
    eps = 1e-6 * max(x1 - x0, y1 - y0)
    ax = 1.1 if x >= x1 - eps else (-0.1 if x <= x0 + eps else 0.5)
    ay = -0.1 if y >= y1 - eps else 1.1
    return ax, ay


class SpacePlot(pg.PlotWidget):
    """Points of a 2-D or 3-D space, coloured by class."""

    rotated = Signal(float, float)      # yaw, pitch after a drag

    def __init__(self, title: str, parent=None):
        super().__init__(parent, axisItems=fitted_axes())
        self.setObjectName(title)
        self._title = title
        self.yaw, self.pitch = 35.0, 20.0
        self.may_turn = lambda: True         # False: dragging does not turn the cube (locks)
        self.points = np.zeros((0, 2))       # what is plotted, in the space's own coordinates
        self.labels = np.zeros(0)
        self.screen_xy = np.zeros((0, 2))    # where the points are drawn
        self._box = (0.0, 1.0)
        self._axis_names = ("h1", "h2", "h3")
        self._lines: list[tuple[np.ndarray, np.ndarray, str]] = []   # 2-D: (w, b, label)
        self._plane = None                                          # 3-D: (w, b)
        self._drag = None
        self._heat = pg.ImageItem()
        self._heat.setZValue(-10)
        self.getPlotItem().setMenuEnabled(False)
        self.getPlotItem().hideButtons()
        self.setAspectLocked(True)
        self._scatter = [pg.ScatterPlotItem(size=11, pxMode=True) for _ in range(2)]
        self._extras: list = []
        self.addItem(self._heat)
        for s in self._scatter:
            s.setZValue(5)
            self.addItem(s)
        theme.manager().changed.connect(self._restyle)
        self._restyle()

    # -- data ----------------------------------------------------------------------------
    @property
    def dim(self) -> int:
        return self.points.shape[1]

    def set_points(self, P, labels, box=None, axis_names=None):
        self.points = np.asarray(P, dtype=float)
        self.labels = np.asarray(labels, dtype=float).ravel()
        if box is not None:
            self._box = box
        if axis_names is not None:
            self._axis_names = tuple(axis_names)
        self._redraw()

    def set_lines(self, lines):
        """2-D: straight lines w·x + b = 0, each (w, b, label)."""
        self._lines = [(np.asarray(w, float), float(b), str(lab)) for w, b, lab in lines]
        self._redraw()

    def set_plane(self, w=None, b=0.0):
        """3-D: the plane w·h + b = 0 (None: no plane)."""
        self._plane = None if w is None else (np.asarray(w, float), float(b))
        self._redraw()

    def set_heatmap(self, values, extent):
        """A background image (rows = y) of values in [0, 1], 0.5 neutral; None hides it."""
        if values is None:
            self._heat.hide()
            return
        x0, x1, y0, y1 = extent
        img = np.ascontiguousarray(np.asarray(values, dtype=np.float32).T)
        self._heat.setImage(img, levels=(0.0, 1.0), lut=theme.diverging_lut(256),
                            autoLevels=False)
        self._heat.setRect(x0, y0, x1 - x0, y1 - y0)
        self._heat.setOpacity(0.45)
        self._heat.show()

    def set_view(self, yaw: float, pitch: float):
        self.yaw, self.pitch = float(yaw), float(max(-89.0, min(89.0, pitch)))
        if self.dim == 3:
            self._redraw()

    # -- drawing -------------------------------------------------------------------------
    def _restyle(self):
        t = theme.current()
        self.setBackground(t.background)
        for name in ("left", "bottom"):
            ax = self.getPlotItem().getAxis(name)
            ax.setPen(pg.mkPen(t.muted))
            ax.setTextPen(pg.mkPen(t.text))
        set_title(self, self._title, 13.0)
        self._redraw()

    def _clear_extras(self):
        for item in self._extras:
            self.removeItem(item)
        self._extras = []

    def _add(self, item):
        self.addItem(item)
        self._extras.append(item)
        return item

    def _label(self, text, x, y, colour, anchor=(0.5, 0.5)):
        item = pg.TextItem(text, color=colour, anchor=anchor)
        font = QFont()
        font.setPointSizeF(12 * theme.manager().zoom)
        font.setBold(True)
        item.setFont(font)
        item.setPos(float(x), float(y))
        return self._add(item)

    def _redraw(self):
        self._clear_extras()
        t = theme.current()
        if self.dim == 3:
            self._draw_3d(t)
        else:
            self.screen_xy = self.points.copy()
            self._draw_2d(t)
        neg, pos = class_brushes()
        outline = pg.mkPen(t.text, width=1)
        for cls, item, brush in ((0, self._scatter[0], neg), (1, self._scatter[1], pos)):
            sel = self.labels >= 0.5 if cls else self.labels < 0.5
            xy = self.screen_xy[sel] if len(self.screen_xy) else np.zeros((0, 2))
            item.setData(pos=xy, brush=brush, pen=outline, symbol="o" if cls else "s")

    def _draw_2d(self, t):
        pi = self.getPlotItem()
        pi.showAxis("left")
        pi.showAxis("bottom")
        pi.setLabel("bottom", self._axis_names[0], color=t.text)
        pi.setLabel("left", self._axis_names[1], color=t.text)
        plain_numbers(pi)
        lo, hi = self._box
        for n, (w, b, lab) in enumerate(self._lines):
            pen = pg.mkPen(t.text, width=2.5, style=UNIT_STYLES[n % 3])
            ends = line_in_rect(w, b, (lo, hi, lo, hi))
            if ends is None:
                continue
            self._add(pg.PlotDataItem(ends[:, 0], ends[:, 1], pen=pen))
            if lab:
                self._label(lab, *ends[1], t.text, anchor=edge_anchor(*ends[1], lo, hi, lo, hi))
        self.setRange(xRange=(lo, hi), yRange=(lo, hi), padding=0.04)

    def _draw_3d(self, t):
        pi = self.getPlotItem()
        pi.hideAxis("left")
        pi.hideAxis("bottom")
        lo, hi = self._box
        centre = np.full(3, (lo + hi) / 2)
        self.screen_xy, _ = analysis.project(self.points, self.yaw, self.pitch, centre)
        corners = np.array([[x, y, z] for x in (lo, hi) for y in (lo, hi) for z in (lo, hi)])
        cxy, _ = analysis.project(corners, self.yaw, self.pitch, centre)
        edge_pen = pg.mkPen(t.muted, width=1.2)
        xs, ys = [], []
        for i in range(8):
            for j in range(i + 1, 8):
                if np.count_nonzero(corners[i] != corners[j]) == 1:
                    xs += [cxy[i, 0], cxy[j, 0]]
                    ys += [cxy[i, 1], cxy[j, 1]]
        self._add(pg.PlotDataItem(np.array(xs), np.array(ys), pen=edge_pen, connect="pairs"))
        # the three axes from the low corner, named
        origin = np.full(3, lo)
        for k in range(3):
            end = origin.copy()
            end[k] = hi + 0.18 * (hi - lo)
            seg, _ = analysis.project(np.array([origin, end]), self.yaw, self.pitch, centre)
            self._add(pg.PlotDataItem(seg[:, 0], seg[:, 1], pen=pg.mkPen(t.text, width=2)))
            # the name just past the axis's end, in the axis's direction (not struck through)
            d = seg[1] - seg[0]
            d = d / max(float(np.hypot(*d)), 1e-12)
            self._label(self._axis_names[k], *seg[1], t.text,
                        anchor=(0.5 - 0.6 * d[0], 0.5 + 0.6 * d[1]))
        if self._plane is not None:
            pen = pg.mkPen(t.highlight, width=2)
            for line in analysis.plane_patch(*self._plane, lo, hi):
                seg, _ = analysis.project(line, self.yaw, self.pitch, centre)
                self._add(pg.PlotDataItem(seg[:, 0], seg[:, 1], pen=pen))
        r = 0.95 * (hi - lo)
        self.setRange(xRange=(-r, r), yRange=(-r, r), padding=0.02)

    # -- turning the cube by dragging ----------------------------------------------------
    def mousePressEvent(self, event):
        if self.dim == 3 and event.button() == Qt.MouseButton.LeftButton and self.may_turn():
            self._drag = (event.position(), self.yaw, self.pitch)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event):
        if self._drag is not None:
            start, yaw, pitch = self._drag
            d = event.position() - start
            self.set_view(yaw - 0.5 * d.x(), pitch + 0.5 * d.y())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event):
        if self._drag is not None:
            self._drag = None
            self.rotated.emit(self.yaw, self.pitch)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def wheelEvent(self, event):
        event.ignore()          # no zooming away from the picture by accident


def line_in_rect(w, b, extent):
    """The two ends of w·x + b = 0 inside the rectangle extent = (x0, x1, y0, y1), or None."""
    x0, x1, y0, y1 = extent
    pts = []
    if abs(w[1]) > 1e-12:                # x on an edge, solve for y
        for x in (x0, x1):
            y = -(b + w[0] * x) / w[1]
            if y0 <= y <= y1:
                pts.append((x, y))
    if abs(w[0]) > 1e-12:                # y on an edge, solve for x
        for y in (y0, y1):
            x = -(b + w[1] * y) / w[0]
            if x0 <= x <= x1:
                pts.append((x, y))
    if len(pts) < 2:
        return None
    pts = np.array(sorted(set(pts)))
    return pts[[0, -1]]


def draw_unit_lines(plot, layer, extent, old: list) -> list:
    """Each unit's line w·x + b = 0 of `layer` over the input plane, named h1, h2, … at
    its end (inside the plane); the items drawn before (`old`) are removed first."""
    for item in old:
        plot.removeItem(item)
    t = theme.current()
    items = []
    for i in range(layer.n_out):
        ends = line_in_rect(layer.W[i], layer.b[i], extent)
        if ends is None:
            continue
        pen = pg.mkPen(t.text, width=2.5 * t.edge_scale, style=UNIT_STYLES[i % 3])
        # bold on a card in the type of the rest: small plain text was lost on the points
        card = QColor(t.background)
        card.setAlpha(220)
        label = pg.TextItem(f"h{i + 1}", color=t.text, anchor=edge_anchor(*ends[1], *extent),
                            fill=pg.mkBrush(card))
        font = QFont()
        font.setPointSizeF(12 * theme.manager().zoom)
        font.setBold(True)
        label.setFont(font)
        label.setZValue(10)
        label.setPos(*ends[1])
        for item in (pg.PlotDataItem(ends[:, 0], ends[:, 1], pen=pen), label):
            plot.addItem(item)
            items.append(item)
    return items


def class_colour(label: float) -> QColor:
    t = theme.current()
    return QColor(t.positive if label >= 0.5 else t.negative)
