"""The neuron scenario's centre: the one-input curve, the two-input plane, the formula.

Draws only: every output comes from the engine's forward pass of the neuron
(`forward_all` gives both the sum a = z and the output h).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ..ui import theme
from . import neuron_plots as npl
from . import plot_text
from .neuron import (
    GHOST_SHIFT,
    GRID,
    LIMIT,
    neuron_net,
    one_input_net,
    output_levels,
    plane_points,
)

Y_RANGE = {"sigmoid": (-0.15, 1.15), "step": (-0.15, 1.15), "tanh": (-1.2, 1.2),
           "sign": (-1.2, 1.2), "relu": (-1.0, 6.0), "leaky_relu": (-1.0, 6.0),
           "linear": (-6.0, 6.0)}
PLANE_MIN = 260      # px: the two-input plane is never narrower
G_NAME = {"sigmoid": "σ", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "leaky", "step": "step",
          "sign": "sign", "linear": "g"}


class NeuronView(QWidget):
    probe_clicked = Signal(float, float)

    def __init__(self, scenario, parent=None):
        super().__init__(parent)
        self.scenario = scenario
        lay = QVBoxLayout(self)
        row = QHBoxLayout()
        lay.addLayout(row, 1)
        # one input
        self.curve_plot = npl.make_plot(self)
        row.addWidget(self.curve_plot, 1)
        self.ghosts = []
        self._ghosts: bool | None = None      # the legend shows the ghost curves (None: not yet)
        self._last = None                      # the last show_state arguments
        for _ in range(4):
            item = pg.PlotDataItem(antialias=True)
            self.curve_plot.addItem(item)
            self.ghosts.append(item)
        self.curve = pg.PlotDataItem(antialias=True)
        self.curve_plot.addItem(self.curve)
        self.centre_line = pg.InfiniteLine(angle=90, movable=False)
        self.centre_label = pg.TextItem(anchor=(0.0, 0.0), fill=None)
        self.curve_plot.addItem(self.centre_line)
        self.curve_plot.addItem(self.centre_label)
        self.curve_plot.getPlotItem().getViewBox().sigResized.connect(self._view_resized)
        self.curve_probe = pg.ScatterPlotItem(size=16)
        self.curve_plot.addItem(self.curve_probe)
        self.curve_plot.setXRange(-LIMIT, LIMIT, padding=0)
        # two inputs
        self.plane_plot = npl.make_plot(self)
        row.addWidget(self.plane_plot, 1000)    # up to its maximum (_square_plane) first
        pi = self.plane_plot.getPlotItem()
        pi.setAspectLocked(True)
        pi.getViewBox().sigResized.connect(self._square_plane)   # (measured after layout)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plane_plot.addItem(self.image)
        self.colour_bar = pg.ColorBarItem(values=(0, 1), interactive=False, width=16)
        self.colour_bar.setImageItem(self.image, insert_in=pi)
        self.boundary = pg.IsocurveItem(level=0.0, axisOrder="row-major")
        self.boundary.setParentItem(self.image)
        self.boundary.setPos(0.5, 0.5)
        self.w_line = pg.PlotDataItem(antialias=True)
        self.w_arrow = pg.ArrowItem(headLen=22, tailLen=0, pxMode=True)
        self.w_label = pg.TextItem(anchor=(0.5, 0.5))
        self.data = pg.ScatterPlotItem(size=11)
        self.plane_probe = pg.ScatterPlotItem(size=18, symbol="star")
        for item in (self.w_line, self.w_arrow, self.w_label, self.data, self.plane_probe):
            self.plane_plot.addItem(item)
        self.plane_plot.setRange(xRange=(-LIMIT, LIMIT), yRange=(-LIMIT, LIMIT), padding=0.02)
        self.plane_half = LIMIT
        self.plane_plot.getPlotItem().getViewBox().sigRangeChanged.connect(
            self._plane_range_changed)
        for p in (self.curve_plot, self.plane_plot):
            p.getPlotItem().vb.setMouseEnabled(False, False)
        self.plane_plot.scene().sigMouseClicked.connect(self._clicked)
        # formula
        self.formula = QLabel(self)
        self.formula.setObjectName("neuron_formula")
        self.formula.setTextFormat(Qt.TextFormat.RichText)
        self.formula.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.formula.setWordWrap(True)   # a 1024-px window: wrap, never hold the window wide
        lay.addWidget(self.formula)
        self.shown = {}       # what is on screen, for tests and the formula
        self.restyle()

    def restyle(self):
        npl.style_plot(self.curve_plot, "", "input x", "output h")
        npl.style_plot(self.plane_plot, "", "x₁", "x₂")
        font = QFont()
        font.setPointSizeF(npl.font_pt(15))
        self.formula.setFont(font)
        cmap = pg.ColorMap(np.linspace(0, 1, 256), theme.diverging_lut(256))
        self.colour_bar.setColorMap(cmap)

    def _view_resized(self, *_):
        if self._last is not None:            # the centre's label fits the new width
            self.show_state(*self._last)

    def _visible_half(self) -> float:
        """Half the side of the square the colour map covers: the plane −6 … 6, or all
        the view shows when that is more (the locked aspect widens one range: the map left
        empty bands above and below)."""
        (x0, x1), (y0, y1) = self.plane_plot.getPlotItem().getViewBox().viewRange()
        return float(max(LIMIT, abs(x0), abs(x1), abs(y0), abs(y1)))

    def _plane_range_changed(self, *_):
        if self._last is not None and abs(self._visible_half() - self.plane_half) > 1e-6:
            self.show_state(*self._last)

    def _square_plane(self, *_):
        """The plane plot as wide as makes its view box square: its height plus what the
        axes and the colour bar take beside it (the view box's own width had been set to
        the height, so the colour bar squeezed it and the locked aspect stretched the
        plane to x2 = −11 … 11), at most 58 % of the view."""
        pw = self.plane_plot
        vb = pw.getPlotItem().getViewBox()
        if vb.height() > 0:      # laid out: the view box's height, the axis and colour bar
            want = vb.height() + pw.width() - vb.width()
        else:                    # not yet: about the height left by the formula
            want = self.height() - self.formula.sizeHint().height()
        want = int(max(PLANE_MIN, min(want, 0.58 * self.width())))
        if abs(pw.maximumWidth() - want) > 3:   # a maximum, not a fixed width: the window
            pw.setMinimumWidth(PLANE_MIN)       # may still be made narrower (a fixed one
            pw.setMaximumWidth(want)            # set while large held it that wide)

    def resizeEvent(self, event):
        """Keep the plane square (equal scales, so w looks perpendicular to the line)."""
        super().resizeEvent(event)
        self._square_plane()
        if self._ghosts is not None and self._last is not None:   # labels follow the width
            self.show_state(*self._last)

    # -- drawing ------------------------------------------------------------------------------
    def show_state(self, state: dict, X, Y):
        self._last = (state, X, Y)
        t = theme.current()
        act, w1, w2, b = state["activation"], state["w1"], state["w2"], state["b"]
        x1, x2 = state["probe"]
        # one input: the engine's neuron on a line of x values
        xs = np.linspace(-LIMIT, LIMIT, 481)
        h = one_input_net(w1, b, act).forward(xs[:, None])[:, 0]
        self.curve.setData(xs, h, pen=npl.pen(t.forward, 4))
        ghost_specs = [(w1, b + GHOST_SHIFT, f"b + {GHOST_SHIFT:g}", Qt.PenStyle.DashLine),
                       (w1, b - GHOST_SHIFT, f"b − {GHOST_SHIFT:g}", Qt.PenStyle.DashLine),
                       (2 * w1, b, "2·w₁", Qt.PenStyle.DotLine),
                       (0.5 * w1, b, "½·w₁", Qt.PenStyle.DotLine)]
        lo, hi = Y_RANGE[act]
        self.shown["ghosts"] = []
        for item, (gw, gb, text, style) in zip(self.ghosts, ghost_specs):
            item.setVisible(state["ghosts"])
            if not state["ghosts"]:
                continue
            gh = one_input_net(gw, gb, act).forward(xs[:, None])[:, 0]
            item.setData(xs, gh, pen=npl.pen(t.muted, 2.2, style))
            self.shown["ghosts"].append((text, gh))
        self._ghosts = state["ghosts"]
        if w1 != 0:
            centre = -b / w1
            self.centre_line.setVisible(-LIMIT < centre < LIMIT)
            self.centre_label.setVisible(-LIMIT < centre < LIMIT)
            self.centre_line.setPos(centre)
            self.centre_line.setPen(npl.pen(t.text, 1.5, Qt.PenStyle.DashLine))
            text = ("−b/w₁" if self._narrow() else "a = 0 at x = −b/w₁") + \
                f" = {npl.fmt(centre)}"
            # beside the dashed line on the side with more room, small enough to fit there
            item = self.curve_plot.getPlotItem()
            view_px = item.getViewBox().width()      # (refit when the view box resizes)
            if view_px <= 0:
                view_px = self.curve_plot.width() - item.getAxis("left").width() - 12
            side_px = (LIMIT + abs(centre)) / (2 * LIMIT) * view_px
            pt = npl.fit_pt(npl.font_pt(12), [text], side_px, margin_px=30.0)
            self.centre_label.setHtml(f'<span style="color:{t.text};font-size:'
                                      f'{pt:.1f}pt">{text}</span>')
            self.centre_label.setAnchor((0.0, 0.0) if centre <= 0 else (1.0, 0.0))
            self.centre_label.setPos(centre, lo + 0.97 * (hi - lo))
        else:
            self.centre_line.setVisible(False)
            self.centre_label.setVisible(False)
        h_probe1 = float(one_input_net(w1, b, act).forward(np.array([[x1]]))[0, 0])
        big = max(1.0, theme.manager().zoom)     # markers grow with the type (projector)
        self.curve_probe.setData([x1], [h_probe1], brush=QColor(t.highlight),
                                 pen=npl.pen(t.text, 1.5), size=16 * big)
        self._legend(state["ghosts"], (lo, hi))
        formula = f"h = {G_NAME[act]}({npl.fmt(w1, 1)}·x + {npl.paren(b, 1)})"
        npl.set_title(self.curve_plot, f"One input: {formula}", short=formula)
        self.shown.update(xs=xs, h=h)

        # two inputs: the engine's neuron over the plane
        net = neuron_net(w1, w2, b, act)
        half = self.plane_half = self._visible_half()
        P = plane_points(half)
        zs, acts = net.forward_all(P)
        a_grid = zs[0][:, 0].reshape(GRID, GRID)
        h_grid = acts[1][:, 0].reshape(GRID, GRID)
        levels = output_levels(act, h_grid)
        self.image.setImage(np.ascontiguousarray(h_grid, dtype=np.float32), levels=levels,
                            lut=theme.diverging_lut(256))
        d = 2 * half / (GRID - 1)
        self.image.setRect(QRectF(-half - d / 2, -half - d / 2, 2 * half + d, 2 * half + d))
        self.colour_bar.setLevels(levels)
        self.boundary.setData(a_grid, 0.0)
        self.boundary.setPen(npl.pen(t.text, 3))
        self.boundary.setVisible(bool(w1 or w2))
        norm = float(np.hypot(w1, w2))
        if norm > 0:
            foot = np.array([-b * w1, -b * w2]) / norm ** 2      # nearest point of a = 0 to 0
            foot = np.clip(foot, -LIMIT + 1, LIMIT - 1)
            tip = foot + 2.0 * np.array([w1, w2]) / norm
            self.w_line.setData([foot[0], tip[0]], [foot[1], tip[1]], pen=npl.pen(t.text, 3))
            angle = 180.0 - float(np.degrees(np.arctan2(w2, w1)))
            self.w_arrow.setStyle(angle=angle, brush=QColor(t.text), pen=npl.pen(t.text, 1))
            self.w_arrow.setPos(tip[0], tip[1])
            self.w_label.setHtml(f'<b style="color:{t.text};font-size:{npl.font_pt(14):.0f}pt">'
                                 "w</b>")
            self.w_label.setPos(*(tip + 0.6 * np.array([w1, w2]) / norm))
        for item in (self.w_line, self.w_arrow, self.w_label):
            item.setVisible(norm > 0)
        if state["data"]:
            cls = Y[:, 0] > 0.5
            brushes = [QColor(t.positive) if c else QColor(t.negative) for c in cls]
            self.data.setData(X[:, 0], X[:, 1], brush=brushes, pen=npl.pen(t.background, 1.2),
                              symbol=["o" if c else "s" for c in cls], size=11 * big)
        self.data.setVisible(state["data"])
        self.plane_probe.setData([x1], [x2], brush=QColor(t.highlight), pen=npl.pen(t.text, 1.5),
                                 size=18 * big)
        npl.set_title(self.plane_plot, "Two inputs: colour = h(x₁, x₂); line: a = 0",
                      short=("colour = h(x₁, x₂)", "h(x₁, x₂)"))
        self.shown.update(h_grid=h_grid, a_grid=a_grid, levels=levels)

        # the formula at the probe point, with the engine's numbers
        zp, ap = net.forward_all(np.array([[x1, x2]]))
        a, hp = float(zp[0][0, 0]), float(ap[1][0, 0])
        self.shown.update(a=a, h_probe=hp, h_probe1=h_probe1)
        fw, bw = f'<span style="color:{t.forward}">', "</span>"
        line1 = (f"At ★: a = b + w₁x₁ + w₂x₂ = {npl.fmt(b)} + {npl.fmt(w1)}·{npl.paren(x1)} + "
                 f"{npl.paren(w2)}·{npl.paren(x2)} = <b>{npl.fmt(a, 3)}</b>")
        line2 = f"h = g(a) = {G_NAME[act]}({npl.fmt(a, 3)}) = {fw}<b>{npl.fmt(hp, 3)}</b>{bw}"
        if act == "sigmoid":
            cls = 1 if hp >= 0.5 else 0
            line2 += (f" &nbsp;=&nbsp; p(y = 1 | x) → class {cls} "
                      f"({'≥' if cls else '<'} 0.5)")
        # the left plot's dot is the one-input neuron at x = x₁ (no w₂x₂): another number
        line3 = (f'<span style="color:{t.muted}">Left, one input at x = {npl.fmt(x1)}: '
                 f"h = {G_NAME[act]}({npl.fmt(w1)}·{npl.paren(x1)} + {npl.fmt(b)}) = "
                 f"{npl.fmt(h_probe1, 3)} (no w₂x₂ term)</span>")
        self.formula.setText(f"{line1}<br>{line2}<br>{line3}")

    NARROW_PX = 420     # a narrower curve plot: short centre label, no legend (the
                        # panel's text explains the curves; the legend covered them)

    def _narrow(self) -> bool:
        return self.curve_plot.width() < self.NARROW_PX

    LEGEND = ("h = g(w₁x + b)", "b ± 2: the same curve, shifted", "w₁ × 2, × ½: steeper, flatter")
    LEGEND_SHORT = ("h = g(w₁x + b)", "b ± 2", "w₁ × 2, × ½")

    def _centre_label_rect(self, size, x_range) -> list[QRectF]:
        """The centre's label at the top (view box pixels), for the key to keep clear of."""
        if not self.centre_label.isVisible():
            return []
        w, h = size
        (x0, x1) = x_range
        box = self.centre_label.textItem.boundingRect()
        at = (self.centre_line.value() - x0) / (x1 - x0) * w
        left = at if self.centre_label.anchor.x() == 0 else at - box.width()
        return [QRectF(left, 0.03 * h, box.width(), box.height())]

    def _legend(self, ghosts: bool, y_range):
        """The curves' key where it covers no curve (at 1600×1000 it had covered the faint
        curves' lower ends): the first form (the whole one, then a short one) that fits a
        corner clear of the curves, the probe's dot and the centre's label (in a little
        smaller type if need be), else below the curves with the y range grown downwards
        (the centre's label keeps the top), else in smaller type down to 9 pt; none on a
        narrow plot (the panel's text explains the curves)."""
        self._ghosts = ghosts
        legend = self.curve_plot.getPlotItem().legend
        if legend is None:
            legend = self.curve_plot.getPlotItem().addLegend(offset=(-10, -10))
        vb = self.curve_plot.getPlotItem().getViewBox()
        lo, hi = y_range
        size = (vb.width(), vb.height())
        if self._narrow() or size[0] <= 0 or size[1] <= 0:
            legend.clear()
            legend.setVisible(False)
            self.legend_corner = None
            _limit_ticks(self.curve_plot, (lo, hi))
            self.curve_plot.setYRange(lo, hi, padding=0)
            return
        x_range = (-LIMIT, LIMIT)
        items = [self.curve] + ([g for g in self.ghosts] if ghosts else [])
        curves = [item.getData() for item in items]
        curves = [(x, y) for x, y in curves if x is not None and len(x)]
        points = plot_text.curve_px(curves, x_range, (lo, hi), size)
        clear = max(plot_text.KEY_CLEAR_PX, 8 * max(1.0, theme.manager().zoom) + 3)  # the dot
        obstacles = self._centre_label_rect(size, x_range)
        least = max(9.0, npl.font_pt(9))
        forms = (self.LEGEND, self.LEGEND_SHORT) if ghosts else (self.LEGEND[:1],)

        def size_for(labels, pt):
            plot_text.fill_key(legend, self._key_items(), labels, pt)
            rect = legend.boundingRect()
            return rect.width(), rect.height()

        def room_for(key_size):      # below the curves (the top has the centre's label)
            rooms = [(r[1] - r[0], c, r) for c in ("bottom-left", "bottom-right")
                     if (r := plot_text.make_room(key_size, size, curves, x_range, (lo, hi),
                                                  c, clear)) is not None]
            return min(rooms)[1:] if rooms else None

        found = plot_text.find_key_place(
            forms, lambda labels: npl.fit_pt(npl.font_pt(12), labels, 0.9 * size[0] - 60,
                                             smallest=least),
            least, size_for,
            lambda key_size: plot_text.free_corner(key_size, size, points, obstacles,
                                                   clear=clear),
            room_for)
        chosen = None if found is None else \
            (found[0], found[1], found[2], found[3] or (lo, hi))
        _limit_ticks(self.curve_plot, (lo, hi))       # none in the key's room
        self.curve_plot.setYRange(*(chosen[3] if chosen else (lo, hi)), padding=0)
        self.legend_corner = plot_text.show_key(legend, self._key_items(), chosen)

    def _key_items(self):
        return self.curve, self.ghosts[0], self.ghosts[2]

    # -- input --------------------------------------------------------------------------------
    def _clicked(self, ev):
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        vb = self.plane_plot.getPlotItem().vb
        if not vb.sceneBoundingRect().contains(ev.scenePos()):
            return
        p: QPointF = vb.mapSceneToView(ev.scenePos())
        x1 = round(float(np.clip(p.x(), -LIMIT, LIMIT)), 2)
        x2 = round(float(np.clip(p.y(), -LIMIT, LIMIT)), 2)
        ev.accept()
        self.probe_clicked.emit(x1, x2)


def _limit_ticks(pw, limits) -> None:
    """The y axis labels only values within `limits` (the curves' own range)."""
    axis = pw.getPlotItem().getAxis("left")
    if getattr(axis, "value_limits", None) != limits:
        axis.value_limits = limits
        axis.picture = None
        axis.update()
