"""Plot titles at large type: whole, inside the plot and legible in every scenario whose
plots take their title from neuron_plots.set_title. pyqtgraph's title row is 30 px high
whatever the type, so at 200–250 % a 20–37 pt title ran off the top of the plot and onto
the view box; and a long title shrunk to 8 pt (unreadable beside 27 pt tick labels) still
held the plot wider than its widget, its far side (the neuron's colour bar) cut off."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QRectF

from nnviz.ui import theme

SLACK = 1.0         # px: the scene's float rectangles against the widget's whole pixels
LEAST_PER_ZOOM = 6.0  # pt × the zoom: the least title a class can read at that type

# scenario (/activation) → how many titled plots it shows
SCENARIOS = {
    "neuron": 2,
    "activations": 2,
    "activations/softmax": 2,
    "perceptron": 1,
    "representation": 1,
    "gradients": 2,
    "gradient-descent": 2,
}

WHOLE = {           # at 100 % in 1920×1080 every title shows whole
    "neuron": {"One input: h = σ(1.5·x + 0.5)", "Two inputs: colour = h(x₁, x₂); line: a = 0"},
    "activations": {"Sigmoid σ", "softmax(z)"},
    "activations/softmax": {"Softmax: the first output as logit z₁ moves (others fixed)",
                            "softmax(z)"},
    "perceptron": {"mistakes per epoch"},
    "representation": {"The hidden layer's space"},
    "gradients": {"Gradient per layer, now", "Gradient sizes while training"},
    "gradient-descent": {"Gradient descent from the start (the big dot)",
                         "Loss after each update"},
}


def _open(main_window, qtbot, key: str):
    name, _, activation = key.partition("/")
    sc = main_window.open_scenario(name)
    if activation:
        rows = sc.named_controls["activation"]
        row = next(i for i in range(rows.count()) if rows.item(i).text() == "Softmax")
        rows.setCurrentRow(row)
        assert sc.state["activation"] == activation
    qtbot.wait(120)                         # (the docks are balanced a moment later)
    return sc


def _titled_plots(main_window) -> list[pg.PlotWidget]:
    return [pw for pw in main_window.findChildren(pg.PlotWidget)
            if pw.isVisible() and pw.getPlotItem().titleLabel.isVisible()
            and pw.getPlotItem().titleLabel.text]


def _on_widget(pw: pg.PlotWidget, item, rect: QRectF) -> QRectF:
    return pw.viewportTransform().mapRect(item.mapRectToScene(rect))


def _title_pt(pw: pg.PlotWidget) -> float:
    size = pw.getPlotItem().titleLabel.opts["size"]
    assert size.endswith("pt"), size
    return float(size[:-2])


def _check(pw: pg.PlotWidget, zoom: float, what) -> None:
    item = pw.getPlotItem()
    text_item = item.titleLabel.item
    m = text_item.document().documentMargin()      # the title's lines, less the margins
    title = _on_widget(pw, text_item, text_item.boundingRect().adjusted(m, m, -m, -m))
    box = _on_widget(pw, item.vb, item.vb.boundingRect())
    room = QRectF(pw.viewport().rect()).adjusted(-SLACK, -SLACK, SLACK, SLACK)
    what = (*what, item.titleLabel.text, pw.width(), title, box)
    assert room.contains(title), what               # not off the top or a side
    assert title.bottom() <= box.top() + SLACK, what  # above the view box, not on it
    assert box.right() <= room.right(), what        # the plot no wider than its widget
    assert _title_pt(pw) >= LEAST_PER_ZOOM * zoom, (*what, _title_pt(pw))


@pytest.mark.parametrize("zoom", [2.0, 2.5])
@pytest.mark.parametrize("key", list(SCENARIOS))
def test_titles_inside_their_plots_at_large_type(main_window, qtbot, key, zoom):
    """At 200 % and 250 % in a 1280×720 window each title lies inside its plot, above the
    view box, in type a class can read."""
    m = theme.manager()
    try:
        m.set_zoom(zoom)
        main_window.resize(1280, 720)
        _open(main_window, qtbot, key)
        plots = _titled_plots(main_window)
        assert len(plots) == SCENARIOS[key], [p.getPlotItem().titleLabel.text for p in plots]
        for pw in plots:
            _check(pw, zoom, (key, zoom))
    finally:
        m.set_zoom(1.0)


@pytest.mark.parametrize("key", list(SCENARIOS))
def test_whole_titles_at_normal_type(main_window, qtbot, key):
    """At 100 % in a 1920×1080 window nothing is shortened: the whole titles, inside."""
    main_window.resize(1920, 1080)
    _open(main_window, qtbot, key)
    plots = _titled_plots(main_window)
    texts = {pw.getPlotItem().titleLabel.text for pw in plots}
    assert texts == WHOLE[key]
    for pw in plots:
        _check(pw, 1.0, (key, 1.0))


def test_title_row_follows_the_type_back(main_window, qtbot):
    """Back from 250 % to 100 % the title row is pyqtgraph's 30 px again (the plot as it
    was) and the whole titles return."""
    m = theme.manager()
    main_window.resize(1280, 720)
    _open(main_window, qtbot, "neuron")
    try:
        m.set_zoom(2.5)
        qtbot.wait(120)
        rows = [pw.getPlotItem().layout.rowMinimumHeight(0) for pw in _titled_plots(main_window)]
        assert max(rows) > 30, rows
    finally:
        m.set_zoom(1.0)
    qtbot.wait(120)
    plots = _titled_plots(main_window)
    assert {pw.getPlotItem().titleLabel.text for pw in plots} == WHOLE["neuron"]
    for pw in plots:
        assert pw.getPlotItem().layout.rowMinimumHeight(0) == 30
