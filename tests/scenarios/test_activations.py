"""The activations scenario: the curves, the readout and the bars are the engine's numbers."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication, QScrollArea

from nnviz.engine import ACTIVATIONS
from nnviz.scenarios.activations_scenario import DEFAULTS, NAMES, SATURATION
from nnviz.scenarios.activations_view import ZS


@pytest.fixture
def acts(open_scenario):
    return open_scenario("activations")


def _choose(acts, qtbot, name):
    lst = acts.list
    lst.setFocus()
    qtbot.keyClick(lst, Qt.Key.Key_Home)
    while NAMES[lst.currentRow()] != name:
        qtbot.keyClick(lst, Qt.Key.Key_Down)
    assert acts.state["activation"] == name


@pytest.mark.parametrize("name", ["tanh", "relu", "leaky_relu", "step"])
def test_curves_are_the_engines_function_and_derivative(acts, qtbot, name):
    _choose(acts, qtbot, name)
    view = acts._view
    xs, g = view.g_curve.getData()
    _, d = view.d_curve.getData()
    act = ACTIVATIONS[name]
    assert np.array_equal(g, act(xs)) and np.array_equal(d, act.derivative(xs))
    zones = view.shown["zones"]
    if name == "relu":         # the dead zone is exactly z < 0
        assert zones == [(ZS[0], 0.0)]      # g'(0) = 0 too (the engine's convention)
    if name == "tanh":         # saturation: g' below 10 % of its peak on both sides
        assert len(zones) == 2
        edge = zones[1][0]
        assert act.derivative(np.array([edge]))[0] < SATURATION
        assert act.derivative(np.array([edge - 0.02]))[0] >= SATURATION


def test_dragging_z_reads_off_the_engines_values(acts, qtbot):
    view = acts._view
    plot = view.plot
    vb = plot.getPlotItem().vb
    def to_widget(x, y):
        return plot.mapFromScene(vb.mapViewToScene(QPointF(x, y)))
    start, end = to_widget(1.0, 0.5), to_widget(-2.5, 0.5)
    qtbot.mousePress(plot.viewport(), Qt.MouseButton.LeftButton, pos=start)
    for k in range(1, 11):
        p = start + (end - start) * (k / 10)
        qtbot.mouseMove(plot.viewport(), p)
    qtbot.mouseRelease(plot.viewport(), Qt.MouseButton.LeftButton, pos=end)
    z = acts.state["z"]
    assert abs(z + 2.5) < 0.1
    sig = ACTIVATIONS["sigmoid"]
    g, d = sig(np.array([z]))[0], sig.derivative(np.array([z]))[0]
    assert view.shown["gz"] == g and view.shown["dz"] == d
    assert f"{g:.4f}" in view.readout.text() and f"{d:.4f}" in view.readout.text()


def test_softmax_bars_equal_the_engine_and_sum_to_one(acts, qtbot):
    _choose(acts, qtbot, "softmax")
    box = acts.logit_boxes[2]
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, "3.5")
    qtbot.keyClick(box, Qt.Key.Key_Enter)
    assert acts.state["logits"][2] == 3.5
    expected = ACTIVATIONS["softmax"](np.array(acts.state["logits"]))
    bars = acts._bars
    assert np.array_equal(bars.bars.opts["height"], expected)
    assert bars.shown_sum == pytest.approx(1.0) and "1.000" in bars.sum_label.text()
    # the curve is probability 1 as logit 1 moves, others fixed
    xs, g = acts._view.g_curve.getData()
    Z = np.tile(acts.state["logits"], (len(xs), 1))
    Z[:, 0] = xs
    assert np.allclose(g, ACTIVATIONS["softmax"](Z)[:, 0], rtol=0, atol=1e-15)
    # and the z line is logit 1: reading at z equals the bar of output 1
    assert acts._view.shown["gz"] == pytest.approx(expected[0])


def test_state_round_trip_and_bad_load_changes_nothing(acts, qtbot):
    acts.load_state({"activation": "tanh", "z": -1.25, "logits": [0.5, -2.0, 1.0, 3.0]})
    saved = json.loads(json.dumps(acts.get_state()))
    acts.reset()
    assert acts.get_state() == DEFAULTS
    acts.load_state(saved)
    assert acts.get_state() == saved and acts.list.currentRow() == NAMES.index("tanh")
    assert [b.value() for b in acts.logit_boxes] == saved["logits"]
    for bad, word in [({"activation": "swish"}, "activation"), ({"z": 99}, "z"),
                      ({"logits": [1, 2]}, "logits"), ({"z": 0.0, "extra": 1}, "extra")]:
        with pytest.raises(ValueError, match=word):
            acts.load_state(bad)
        assert acts.get_state() == saved


def test_screenshot_is_not_blank(acts, main_window):
    img = acts._view.grab().toImage()
    colours = {img.pixel(x, y) for x in range(0, img.width(), 13)
               for y in range(0, img.height(), 13)}
    assert len(colours) > 8


def test_softmax_bar_labels_never_run_into_each_other(acts, qtbot):
    """Projector type on a narrow plot: the labels' type shrinks to the bars' slots (it had
    the labels of neighbouring bars written over each other)."""
    from nnviz.scenarios.activations_view import MIN_LABEL_PT
    from nnviz.ui import theme
    _choose(acts, qtbot, "softmax")
    bars = acts._bars
    old = theme.manager().zoom
    theme.manager().set_zoom(1.6)
    try:
        acts.load_state({"activation": "softmax", "z": 0.0, "logits": [-1.25, -2.5, 0.1, -1.0]})
        # (the plots panel scrolls in its dock: its scroll area sizes it)
        area = bars.parentWidget().parentWidget()
        holder = area if isinstance(area, QScrollArea) else bars
        holder.resize(330, 420)
        bars.show()
        qtbot.waitUntil(lambda: bars.plot.getPlotItem().vb.width() < 300)
        bars.show_state()
        QApplication.processEvents()
        assert MIN_LABEL_PT <= bars.label_pt < 12 * 1.6
        rects = [lab.mapRectToScene(lab.boundingRect()) for lab in bars.labels]
        for a, b in zip(rects, rects[1:]):
            assert a.right() <= b.left() + 1, (a, b)
        holder.resize(1200, 600)                     # room enough: full projector size
        qtbot.waitUntil(lambda: bars.plot.getPlotItem().vb.width() > 800)
        bars.show_state()
        assert bars.label_pt == pytest.approx(12 * 1.6)
    finally:
        theme.manager().set_zoom(old)
