"""Gradient descent at large type: the landscape and the loss curves stay inside their
widgets. At 200 % and 250 % in a 1280×720 window the side panels grow with the type and
leave the landscape its least width (260 px); its long title, at the title fitter's 8 pt
floor, and the zoomed left axis made the plot ~350 px wide, and its right part (the view
box's far side, the title's end) ran off the widget."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QRectF

from nnviz.scenarios.gradient_descent import MODES
from nnviz.ui import theme

from ..ui.axes import tick_labels

SLACK = 1.0         # px: the scene's float rectangles against the widget's whole pixels


def _parts(pw: pg.PlotWidget) -> dict[str, QRectF]:
    """Every drawn part of the plot, in the widget's pixels."""
    item = pw.getPlotItem()
    to_view = pw.viewportTransform()

    def on_widget(graphics_item, rect: QRectF | None = None) -> QRectF:
        rect = graphics_item.boundingRect() if rect is None else rect
        return to_view.mapRect(graphics_item.mapRectToScene(rect))

    def text(text_item) -> QRectF:
        """A text item's lines (its bounding rectangle less the document's margin)."""
        m = text_item.document().documentMargin()
        return on_widget(text_item, text_item.boundingRect().adjusted(m, m, -m, -m))

    parts = {"view box": on_widget(item.vb)}
    if item.titleLabel.isVisible() and item.titleLabel.text:
        parts["title"] = text(item.titleLabel.item)
    for name in ("left", "bottom", "right", "top"):
        axis = item.getAxis(name)
        if not axis.isVisible():
            continue
        if axis.label.isVisible() and axis.labelText:
            parts[f"{name} label"] = text(axis.label)
        for k, rect in enumerate(rect for rect, _text in tick_labels(axis)):
            parts[f"{name} tick {k}"] = on_widget(axis, rect)
    legend = item.legend
    if legend is not None and legend.isVisible() and legend.items:
        parts["legend"] = on_widget(legend)
    return parts


def _check(pw: pg.PlotWidget, what: str) -> None:
    room = QRectF(pw.viewport().rect()).adjusted(-SLACK, -SLACK, SLACK, SLACK)
    parts = _parts(pw)
    out = {name: rect for name, rect in parts.items() if not room.contains(rect)}
    assert not out, (what, pw.width(), out)
    box = parts["view box"]
    title = parts.get("title")
    if title is not None:                       # the title above the landscape, not on it
        assert title.bottom() <= box.top() + SLACK, (what, title, box)
    left = [r for n, r in parts.items() if n.startswith("left")]
    for rect in left:                           # the left axis's words and numbers beside it
        assert rect.right() <= box.left() + SLACK, (what, rect, box)
    bottom = [r for n, r in parts.items() if n.startswith("bottom")]
    for rect in bottom:
        assert rect.top() >= box.bottom() - SLACK, (what, rect, box)
    ticks = [r for n, r in parts.items() if " tick " in n]
    for name in ("left label", "bottom label", "title"):
        if name not in parts:                   # an axis's name clear of the numbers: its
            continue                            # lines' leading may touch theirs, no more
        for tick in ticks:
            common = parts[name].intersected(tick)
            assert common.isEmpty() or min(common.width(), common.height()) \
                < 0.15 * tick.height(), (what, name, parts[name], tick)


def _each_mode(gd, qtbot):
    """Show each mode with its paths drawn to their ends; yield the mode."""
    for k, mode in enumerate(MODES):
        gd.mode_box.setCurrentIndex(k)
        assert gd.state["mode"] == mode
        gd.settle()
        qtbot.wait(40)
        yield mode


@pytest.mark.parametrize("size,zoom", [((1280, 720), 2.0), ((1280, 720), 2.5),
                                       ((1024, 768), 1.0), ((1024, 768), 2.5),
                                       ((1920, 1080), 2.5)])
def test_plots_stay_inside_their_widgets_at_large_type(main_window, qtbot, size, zoom):
    """The window opens the scenario at this zoom and size (as a saved zoom does): each
    mode's landscape and loss curves lie wholly inside their widgets, nothing overlapping."""
    m = theme.manager()
    try:
        m.set_zoom(zoom)
        main_window.resize(*size)
        gd = main_window.open_scenario("gradient-descent")
        qtbot.wait(80)                          # (the docks are balanced a moment later)
        view, curves = gd._view.plot, gd._curves.plot
        assert view.isVisible() and curves.isVisible()
        for mode in _each_mode(gd, qtbot):
            _check(view, f"landscape, {mode}, {size}, {zoom}")
            _check(curves, f"loss curves, {mode}, {size}, {zoom}")
    finally:
        m.set_zoom(1.0)


@pytest.mark.parametrize("zoom", [2.0, 2.5])
def test_landscape_fits_its_least_width(main_window, qtbot, zoom):
    """However the side panels share a 1280×720 window, the landscape may get no more than
    its least width: the whole plot is inside it there too."""
    m = theme.manager()
    try:
        m.set_zoom(zoom)
        main_window.resize(1280, 720)
        gd = main_window.open_scenario("gradient-descent")
        view = gd._view
        least = view.minimumSizeHint().width()
        view.setFixedWidth(least)
        qtbot.waitUntil(lambda: view.width() == least)
        for mode in _each_mode(gd, qtbot):
            _check(view.plot, f"landscape, {mode}, {least} px, {zoom}")
    finally:
        m.set_zoom(1.0)


def test_long_title_comes_back_when_there_is_room(main_window, qtbot):
    """The landscape's short title is for a narrow plot only: at 100 % in a wide window
    its title is the whole sentence."""
    main_window.resize(1920, 1080)
    gd = main_window.open_scenario("gradient-descent")
    qtbot.wait(80)
    assert gd._view.plot.getPlotItem().titleLabel.text == \
        "Gradient descent from the start (the big dot)"
