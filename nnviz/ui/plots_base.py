"""What the session plots share: theme styling, the plot widget, class colours, and the base
class that listens to a session and redraws at most once per frame (the axes that fit their
labels are in plots_axes).

A plot redraws right away when the session's weights change and its last redraw is at least
half a frame old (so in train mode, where the player changes the weights once per frame, the
new picture is ready before that frame paints); faster changes are coalesced by a
single-shot timer into one redraw per frame.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QEvent, QObject, QRectF, QSize, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF
from PySide6.QtWidgets import QApplication, QFrame, QScrollArea, QWidget

from . import theme
from .plots_axes import DecadeAxis, FittedAxis, fitted_axes  # noqa: F401  (re-exported)

FRAME_S = 1.0 / 60.0          # never redraw more often than this (coalesced)
REDRAW_NOW_S = 0.5 * FRAME_S  # redraw at once when the last redraw is older than this
EDGE_ROOM = 0.7               # top/right margin (× the tick font height): edge ticks fit
CLASS_LEVELS = 64             # LUT entries per class for multi-class heatmaps (≤ 256 total)


class_colours = theme.class_colours   # one definition of class colours for every view


def _rgb(c: QColor) -> np.ndarray:
    return np.array([c.red(), c.green(), c.blue()], dtype=float)


def classes_lut(k: int, t: theme.Theme | None = None) -> np.ndarray:
    """(k·CLASS_LEVELS, 3) uint8: for class c, neutral → its colour as confidence grows
    (to theme.REGION_STRENGTH: points drawn over the regions keep their full colour)."""
    t = t or theme.current()
    mid = _rgb(QColor(t.neutral))
    s = np.linspace(0.0, theme.REGION_STRENGTH, CLASS_LEVELS)[:, None]
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
    label_style = {"color": t.text, "font-size": f"{12 * zoom:.0f}pt"}
    if x_label:
        plot.setLabel("bottom", x_label, **label_style)
    if y_label:
        plot.setLabel("left", y_label, **label_style)
    plot.getViewBox().setBackgroundColor(QColor(t.background))
    plain_numbers(plot)


def plain_numbers(plot: pg.PlotItem):
    """Tick labels show the values themselves, never scaled by a power of a thousand.

    pyqtgraph scales an axis whose values lie within (0, 1) even with the automatic SI
    prefix turned off, whenever it is turned off while the label shows (an axis from 0 to
    0.15 then reads 0, 50, 100, 150, and no label says ×0.001). With no range that allows a
    prefix, turning it off sets the scale back to 1, and nothing recomputes it afterwards."""
    for name in ("left", "bottom", "right", "top"):
        axis = plot.getAxis(name)
        axis.setSIPrefixEnableRanges(())
        axis.enableAutoSIPrefix(False)


def legend_card(legend: pg.LegendItem):
    """A legend on a near-opaque card in the theme's colours and type (as the tick labels):
    readable where curves run under it."""
    t = theme.current()
    card = QColor(t.background)
    card.setAlpha(225)
    legend.setBrush(pg.mkBrush(card))
    legend.setPen(pg.mkPen(t.muted, width=1))
    size = f"{10.5 * theme.manager().zoom:.1f}pt"
    before = [label.opts.get("size") for _sample, label in legend.items]
    legend.setLabelTextSize(size)      # (sets the size and colour of the entries there
    if _on_screen(legend):             # already, but draws them anew only when their text
        for _sample, label in legend.items:    # is set again: after a change of theme
            label.setText(label.text)          # they had kept the old colour)
    elif before:                       # not shown yet (e.g. projector type set before the
        QTimer.singleShot(0, lambda: _redraw_entries(legend))   # window shows)


def _redraw_entries(legend: pg.LegendItem):
    """Draw a legend's entries anew in the size their options say, once it is on screen."""
    if shiboken6.isValid(legend) and _on_screen(legend):
        for _sample, label in legend.items:
            label.setText(label.text)


def _on_screen(item) -> bool:
    """The item is in a scene shown in a visible view (a plot of a scenario being closed is
    not: its legend's anchor would fail on the view box deleted meanwhile)."""
    parent = item.parentItem()
    scene = item.scene()
    return (parent is not None and shiboken6.isValid(parent) and scene is not None
            and any(shiboken6.isValid(v) and v.isVisible() for v in scene.views()))


def _plot_widget(parent) -> pg.PlotWidget:
    w = pg.PlotWidget(parent, background=theme.current().background, axisItems=fitted_axes())
    w.setMenuEnabled(False)
    w.getPlotItem().hideButtons()
    w.setAntialiasing(True)
    return w


class _SquareBox(QWidget):
    """Holds a plot widget sized so that its view box is square and centred: the plane's
    x and y scales stay equal without a locked aspect that pads the range. An `aside` (the
    map's colour bar, see plots_colourbar) gets room only where it takes none from the
    plane: right of it when the box is wider than the square needs, under it when taller;
    aside_placed(mode, rect) says which ("column", "row"; "": none) and where (this widget's
    coordinates)."""

    aside_placed = Signal(str, QRectF)

    def __init__(self, plot_widget: pg.PlotWidget, parent=None, aside=None):
        super().__init__(parent)
        self.plot_widget = plot_widget
        plot_widget.setParent(self)
        plot_widget.show()
        # whatever resized the view (layouts, axes), check the square again afterwards
        plot_widget.getPlotItem().getViewBox().sigResized.connect(self._check_later)
        self.height_cap: int | None = None   # never taller than this (set_height_cap)
        self.aside, self.aside_mode = aside, ""
        self.plane = QRectF()                # where the view box is placed (this widget's)

    def set_height_cap(self, cap: int | None):
        """At most cap pixels tall (None: as tall as the square needs), so that a neighbour
        in the layout keeps its share."""
        if cap != self.height_cap:
            self.height_cap = cap
            self._settle()

    def _check_later(self, *_):
        vb = self.plot_widget.getPlotItem().getViewBox()
        if abs(vb.width() - vb.height()) > 1.0:
            QTimer.singleShot(0, self, self._settle)

    def _frame(self) -> tuple[float, float, float, float]:
        """(extra width, extra height) of the plot widget around its view box (the axes,
        sized from their text, the margins, the title), and the box's (left, top) in it."""
        plot = self.plot_widget.getPlotItem()
        left, top, right, bottom = plot.layout.getContentsMargins()
        frame = self.plot_widget.frameWidth()
        axes = {name: 0.0 if not plot.getAxis(name).isVisible() else
                plot.getAxis(name).minimumWidth() if name in ("left", "right") else
                plot.getAxis(name).minimumHeight() for name in ("left", "right", "top", "bottom")}
        top += axes["top"] + (plot.titleLabel.minimumHeight() if plot.titleLabel.isVisible()
                              else 0.0)
        return (left + right + axes["left"] + axes["right"] + 2 * frame,
                top + bottom + axes["bottom"] + 2 * frame,
                left + axes["left"] + frame, top + frame)

    def _row_height(self, width: float) -> float:
        row = self.aside.row_height(width) if self.aside is not None else None
        return float(row or 0.0)

    def place(self):
        """Size the plot widget so its view box is the largest square that fits (centred
        across, at the top), and give the aside what room the square leaves."""
        fw, fh, off_x, off_y = self._frame()
        side = max(40.0, min(self.width() - fw, self.height() - fh))
        w, h = int(round(side + fw)), int(round(side + fh))
        x = (self.width() - w) // 2
        mode, rect = "", QRectF()
        if self.aside is not None:
            right = off_x + side + round(6 * theme.manager().zoom)   # the column's left at x 0
            # off centre (left) only as far as the aside's usual width needs, whatever it
            # shows now (the plane stays put when a shorter or longer text comes)
            reserve = self.aside.column_reserve()
            if self.width() - right >= reserve:
                x = max(0, min(x, int(self.width() - right - reserve)))
            column = self.aside.column_width(side, self.width() - x - right)
            row = self._row_height(side)
            if column is not None:
                mode, rect = "column", QRectF(x + right, off_y, column, side)
            elif row and self.height() - h >= row:
                mode, rect = "row", QRectF(x + off_x, h, side, row)
        self.plot_widget.setGeometry(x, 0, w, h)
        self.plane = QRectF(x + off_x, off_y, side, side)
        axis = self.plot_widget.getPlotItem().getAxis("left")
        if isinstance(axis, FittedAxis) and axis.steady_width:   # (what the axis changes
            axis.set_room((self.width(), self.height_cap,          # by its width is not
                           self.window().size().toTuple()))        # in it: see FittedAxis)
        if self.aside is not None:
            self.aside_mode = mode
            self.aside_placed.emit(mode, rect)

    def showEvent(self, event):
        super().showEvent(event)
        self.place()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._settle()
        QTimer.singleShot(0, self, self._settle)   # again once the layouts have settled

    def _settle(self):
        # never taller than the square and a row under it need: the rest to the neighbours
        fw, fh, *_ = self._frame()
        side = self.width() - fw
        tallest = max(self.minimumSizeHint().height(),
                      int(side + fh + math.ceil(self._row_height(side))))
        if self.height_cap is not None:
            tallest = max(self.minimumSizeHint().height(), min(tallest, self.height_cap))
        if self.maximumHeight() != tallest:
            self.setMaximumHeight(tallest)
        self.place()

    def sizeHint(self):
        return QSize(420, 420)

    def minimumSizeHint(self):
        return QSize(160, 160)


class _ColumnArea(QScrollArea):
    """PlotColumn's scroll area: its size hint is the column's current one (QScrollArea
    keeps the first it saw; the window's layout then settled the dock's width after a
    resize only a relayout later, and the map moved under a test's hand)."""

    def sizeHint(self) -> QSize:
        f = 2 * self.frameWidth()
        return self.widget().sizeHint() + QSize(f, f)


class PlotColumn(QWidget):
    """A plots panel's column (plots, captions, wrapped text) in a scroll area, `area`, that
    the dock holds: the area gives it at least the height its layout needs at its width,
    and scrolls it when the dock is shorter. (The dock had held the MLP's column at its
    layout's minimum, which leaves out the wrapped labels' extra lines: at 250 % on
    1280×720 it needed ~700 px in 518, and the map's "Discretize output" box was drawn
    over the caption below it.)"""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.area = _ColumnArea()
        self.area.setObjectName("plotsScroll")
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setWidgetResizable(True)
        self.area.setWidget(self)

    def heightForWidth(self, width: int) -> int:
        """The least height at `width` (the scroll area's measure when the column's layout
        wraps text: not the layout's preferred height, which scrolled a column that fitted)."""
        layout = self.layout()
        return layout.totalMinimumHeightForWidth(width) if layout is not None else -1

    def event(self, event):
        if event.type() == QEvent.Type.LayoutRequest:     # new text, more lines: measured
            QApplication.postEvent(self.area, QEvent(QEvent.Type.LayoutRequest))   # again,
            self.area.updateGeometry()                    # and a new size hint
        return super().event(event)


def _edge_room(plot: pg.PlotItem):
    """Room above and right of the view box, so the top and right tick labels are whole."""
    axis = plot.getAxis("left")
    font = axis.style.get("tickFont") or axis.font()
    room = int(math.ceil(EDGE_ROOM * QFontMetricsF(font).height()))
    plot.layout.setContentsMargins(2, room, room, 2)
    plot.getAxis("bottom").setStyle(hideOverlappingLabels=room)
    plot.getAxis("left").setStyle(hideOverlappingLabels=room)


class _Coalescer(QObject):
    """Turns many `weights_changed` signals into at most one `fire` per frame."""

    fire = Signal()

    def __init__(self, parent):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.fire)

    def request(self, since_last: float):
        if not self._timer.isActive():
            self._timer.start(int(max(0.0, FRAME_S - since_last) * 1000))

    def stop(self):
        self._timer.stop()


class _SessionPlot(QWidget):
    """Base: listens to a session, redraws at most once per frame, restyles on theme
    changes. Subclasses implement rebuild() and refresh()."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self._dirty = True
        self._last_redraw = -1.0
        self._coalescer = _Coalescer(self)
        self._coalescer.fire.connect(self._redraw)
        self._listen()
        session.structure_changed.connect(self._structure_changed)
        theme.manager().changed.connect(self._restyle)

    def _listen(self):
        """Connect the session signal that makes this plot stale (default: weights)."""
        self.session.weights_changed.connect(self._changed)

    def _changed(self):
        self._dirty = True
        since = time.perf_counter() - self._last_redraw
        if since >= REDRAW_NOW_S and self.isVisible():
            self._coalescer.stop()
            self._redraw()
        else:
            self._coalescer.request(since)

    def _redraw(self):
        self._last_redraw = time.perf_counter()
        self.refresh()

    def _structure_changed(self):
        self._dirty = True
        self.rebuild()
        self._coalescer.request(0.0)

    def rebuild(self):
        """Data or network replaced: redo what depends on it (points, axes)."""

    def refresh(self):
        """Redraw now if the weights changed since the last redraw."""

    def _restyle(self):
        plot = getattr(self, "plot", None)
        if not shiboken6.isValid(self) or (plot is not None and not shiboken6.isValid(plot)):
            return           # a closed window's plot, its Qt side already gone
        widget = getattr(self, "plot_widget", None)
        if widget is not None and shiboken6.isValid(widget):   # (around the axes: it had
            widget.setBackground(theme.current().background)    # stayed white in dark)
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
            self._coalescer.request(0.0)
