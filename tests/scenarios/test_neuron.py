"""The neuron scenario: real sliders, menu and clicks against the engine's forward pass."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from nnviz.engine import Dense, Network
from nnviz.scenarios.neuron import DEFAULTS, GRID, LIMIT

from ..ui.screens import projector_window


@pytest.fixture
def neuron(open_scenario):
    return open_scenario("neuron")


def _engine_curve(w, b, act, xs):
    return Network([Dense([[w]], [b], act)]).forward(xs[:, None])[:, 0]


def test_slider_keys_change_the_plotted_output_exactly_as_the_engine(neuron, qtbot):
    view = neuron._view
    slider = neuron.sliders["w1"].slider
    slider.setFocus()
    for _ in range(5):
        qtbot.keyClick(slider, Qt.Key.Key_Right)
    assert neuron.state["w1"] == pytest.approx(DEFAULTS["w1"] + 0.5)
    for _ in range(10):
        qtbot.keyClick(neuron.sliders["b"].slider, Qt.Key.Key_Left)       # b − 1
    assert neuron.state["b"] == pytest.approx(DEFAULTS["b"] - 1.0)
    w1, b = neuron.state["w1"], neuron.state["b"]
    xs, h = view.curve.getData()
    assert np.array_equal(h, _engine_curve(w1, b, "sigmoid", xs))
    # the ghost curves are the engine's neuron with the bias shifted and the weight scaled
    ghosts = dict(view.shown["ghosts"])
    assert np.array_equal(ghosts["b + 2"], _engine_curve(w1, b + 2, "sigmoid", xs))
    assert np.array_equal(ghosts["2·w₁"], _engine_curve(2 * w1, b, "sigmoid", xs))
    # the bias shifts the curve: its middle moves to −b / w1
    assert view.centre_line.value() == pytest.approx(-b / w1)


def test_activation_menu_and_heatmap_match_the_engine(neuron, qtbot):
    box = neuron.act_box
    box.setFocus()
    while box.currentData() != "tanh":
        qtbot.keyClick(box, Qt.Key.Key_Down)
    assert neuron.state["activation"] == "tanh"
    s = neuron.state
    net = Network([Dense([[s["w1"], s["w2"]]], [s["b"]], "tanh")])
    half = neuron._view.plane_half       # the plane, or all the view shows if more
    assert half >= LIMIT
    xs = np.linspace(-half, half, GRID)
    gx, gy = np.meshgrid(xs, xs)
    P = np.column_stack([gx.ravel(), gy.ravel()])
    expected = net.forward(P)[:, 0].reshape(GRID, GRID)
    assert np.array_equal(neuron._view.shown["h_grid"], expected)
    img = neuron._view.image.image
    assert np.allclose(img, expected, atol=1e-6)
    assert neuron._view.shown["levels"] == (-1.0, 1.0)
    # the map covers all the plot shows (the locked aspect had left empty bands)
    (x0, x1), (y0, y1) = neuron._view.plane_plot.getPlotItem().getViewBox().viewRange()
    rect = neuron._view.image.mapRectToView(neuron._view.image.boundingRect())
    assert rect.left() <= x0 and rect.right() >= x1 and rect.top() <= y0 and \
        rect.bottom() >= y1, (rect, x0, x1, y0, y1)
    # the boundary line is drawn where the engine's sum a crosses zero
    a = neuron._view.shown["a_grid"]
    assert a.min() < 0 < a.max()


def test_clicking_the_plane_moves_the_probe_and_formula_uses_engine_numbers(neuron, qtbot):
    view = neuron._view
    vb = view.plane_plot.getPlotItem().vb
    scene_pt = vb.mapViewToScene(pg_point(-3.0, 4.0))
    pos = view.plane_plot.mapFromScene(scene_pt)
    qtbot.mouseClick(view.plane_plot.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(pos))
    x1, x2 = neuron.state["probe"]
    assert abs(x1 + 3.0) < 0.15 and abs(x2 - 4.0) < 0.15
    s = neuron.state
    zs, acts = Network([Dense([[s["w1"], s["w2"]]], [s["b"]], "sigmoid")]).forward_all(
        np.array([[x1, x2]]))
    assert view.shown["a"] == zs[0][0, 0] and view.shown["h_probe"] == acts[1][0, 0]
    text = view.formula.text()
    assert f"{zs[0][0, 0]:.3f}".replace("-", "−") in text
    assert f"{acts[1][0, 0]:.3f}" in text and "p(y = 1 | x)" in text
    # the left plot's dot is another neuron (one input): its own number, said to be so
    _, one = Network([Dense([[s["w1"]]], [s["b"]], "sigmoid")]).forward_all(np.array([[x1]]))
    assert view.shown["h_probe1"] == one[1][0, 0]
    assert f"{one[1][0, 0]:.3f} (no w₂x₂ term)" in text


def pg_point(x, y):
    from PySide6.QtCore import QPointF
    return QPointF(x, y)


def test_show_data_reports_the_engines_loss_and_accuracy(neuron, qtbot):
    stats = []
    neuron.stats_changed.connect(stats.append)
    box = neuron.data_box
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert neuron.state["data"] is True and neuron._view.data.isVisible()
    from nnviz.engine import accuracy, get_loss
    o = neuron.net.forward(neuron.X)
    assert stats[-1]["loss"] == pytest.approx(get_loss("bce")(o, neuron.Y))
    assert stats[-1]["acc"] == accuracy(o, neuron.Y, "sigmoid")


def test_state_round_trip_and_bad_load_changes_nothing(neuron, qtbot):
    neuron.load_state({"activation": "relu", "w1": -2.3, "w2": 0.7, "b": 1.1,
                       "probe": [-1.5, 2.25], "ghosts": False, "data": True})
    saved = json.loads(json.dumps(neuron.get_state()))
    curve = neuron._view.curve.getData()[1].copy()
    neuron.reset()
    assert neuron.get_state() == DEFAULTS
    neuron.load_state(saved)
    assert neuron.get_state() == saved
    assert np.array_equal(neuron._view.curve.getData()[1], curve)
    assert neuron.sliders["w1"].value() == -2.3 and neuron.act_box.currentData() == "relu"
    for bad, word in [({"w1": 9}, "w1"), ({"activation": "cubic"}, "activation"),
                      ({"probe": [1]}, "probe"), ({"ghosts": "yes"}, "ghosts"),
                      ({"w2": 0.123}, "w2"), ({"colour": 1}, "colour"),
                      ({"w1": 1.0, "b": float("nan")}, "b")]:
        with pytest.raises(ValueError, match=word):
            neuron.load_state(bad)
        assert neuron.get_state() == saved
    neuron.set_locked(["w1", "activation"])
    assert not neuron.sliders["w1"].isEnabled() and neuron.sliders["b"].isEnabled()


def test_screenshot_is_not_blank(neuron, main_window, qtbot):
    img = main_window.grab().toImage()
    view_img = neuron._view.grab().toImage()
    colours = {view_img.pixel(x, y) for x in range(0, view_img.width(), 17)
               for y in range(0, view_img.height(), 17)}
    assert img.width() > 0 and len(colours) > 20



def test_the_plane_stays_square_beside_its_colour_bar(neuron, main_window, qtbot):
    """In projector type on a 1280×720 screen the plane plot was given a width equal to
    its height, so the colour bar and the axis squeezed its view box to 256 × 430 px and
    the locked aspect stretched it to x₂ = −11 … 11: its view box is square now."""
    with projector_window(main_window, (1280, 720)):
        vb = neuron._view.plane_plot.getPlotItem().getViewBox()
        qtbot.waitUntil(lambda: vb.height() > 200 and 0.9 < vb.width() / vb.height() < 1.1,
                        timeout=3000)
        (x0, x1), (y0, y1) = vb.viewRange()
        assert max(abs(y0), abs(y1)) < 7.0            # the plane −6 … 6, not stretched


def test_the_window_shrinks_again_after_being_large(neuron, main_window, qtbot):
    """The plane's width was fixed while the window was large (1336 px at 3000 wide), so
    the window could not be made narrower than ~1900 px afterwards; now it shrinks back
    and the plane stays square."""
    main_window.resize(3000, 1800)
    vb = neuron._view.plane_plot.getPlotItem().getViewBox()
    qtbot.waitUntil(lambda: vb.width() > 1000, timeout=3000)
    main_window.resize(1280, 800)
    qtbot.waitUntil(lambda: main_window.width() == 1280, timeout=3000)
    assert main_window.minimumSizeHint().width() < 1000
    qtbot.waitUntil(lambda: 0.9 < vb.width() / vb.height() < 1.1, timeout=3000)
    assert neuron._view.plane_plot.width() <= 0.6 * neuron._view.width()
