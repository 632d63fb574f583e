"""What a pyqtgraph axis draws, for tests that check plots against their widgets."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QImage, QPainter


def tick_labels(axis) -> list:
    """(rectangle in the axis's coordinates, text) of each tick label the axis would draw
    now."""
    img = QImage(8, 8, QImage.Format.Format_ARGB32_Premultiplied)
    p = QPainter(img)
    try:
        specs = axis.generateDrawSpecs(p)
    finally:
        p.end()
    return [] if specs is None else [(rect, text) for rect, _flags, text in specs[2]]


def shown_axes(window, shown_only: bool = False) -> list:
    """Every pyqtgraph axis of the window's plots (of those shown only, if asked)."""
    return [item for view in window.findChildren(pg.GraphicsView)
            if view.isVisible() or not shown_only
            for item in view.scene().items() if isinstance(item, pg.AxisItem)]


def plots_wider_than_their_widgets(window, name) -> list:
    """pyqtgraph never makes a plot narrower than its title: a long title (the neuron's
    formula at 1024×768) pushed the plot's far side, colour bar and all, off the widget.
    (name, title, the plot's least width, the widget's) of each shown plot so held wider."""
    over = []
    for view in window.findChildren(pg.PlotWidget):
        if view.isVisible():
            item = view.getPlotItem()
            if item.minimumWidth() > view.width() + 1:
                over.append((name, item.titleLabel.text, item.minimumWidth(), view.width()))
    return over


def bottom_labels_apart(window, name) -> int:
    """Asserts that no two labels of a shown bottom axis run together: in projector type on
    a 1280×800 screen the XOR input plane's read "0 0.51.01.5", touching (pyqtgraph wants
    at least 2.25 intervals, whatever the axis's length). Returns how many axes had two
    labels or more to check."""
    checked = 0
    for axis in shown_axes(window, shown_only=True):
        if axis.orientation != "bottom" or not axis.isVisible() \
                or not axis.style["showValues"]:
            continue
        rects = sorted(tick_labels(axis), key=lambda rt: rt[0].left())
        for (a, ta), (b, tb) in zip(rects, rects[1:]):
            gap = b.left() - a.right()       # at least a space between them
            assert gap >= 0.4 * a.height(), (name, axis.labelText, ta, tb, gap)
        checked += len(rects) > 1
    return checked
