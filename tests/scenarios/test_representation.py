"""representation scenario: hidden-space points, threshold cube, composed linear map."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from nnviz.engine import analysis
from nnviz.scenarios.representation import RepresentationScenario

from .panels import pick, show_panels


@pytest.fixture
def scen(qtbot, _qt_names):
    s = RepresentationScenario()
    _host = show_panels(qtbot, s, 1400, 900)
    yield s
    s.shutdown()


def test_threshold_units_send_bands_to_cube_corners(scen):
    net = scen.session.net
    np.testing.assert_array_equal(net.layers[0].b, [-6.0, -4.0, 2.5])
    X = scen.session.X
    H = scen.cube_plot.points
    _, acts = net.forward_all(X)
    np.testing.assert_array_equal(H, acts[1])
    s = X.sum(axis=1)
    np.testing.assert_array_equal(H[:, 0], s > 6)
    np.testing.assert_array_equal(H[:, 2], s > -2.5)
    assert {tuple(h) for h in H} <= {(0, 0, 0), (0, 0, 1), (0, 1, 1), (1, 1, 1)}
    # in the cube one plane separates the classes: the network gets every point right
    assert np.array_equal(net.forward(X), scen.session.Y)
    assert scen.cube_plot._plane is not None
    assert "(0, 1, 1)" in scen.readout.text()


def test_dragging_turns_the_cube(scen, qtbot):
    plot = scen.cube_plot
    before = plot.screen_xy.copy()
    c = plot.rect().center()
    qtbot.mousePress(plot.viewport(), Qt.MouseButton.LeftButton, pos=c)
    qtbot.mouseMove(plot.viewport(), c + QPoint(60, 20))
    qtbot.mouseRelease(plot.viewport(), Qt.MouseButton.LeftButton, pos=c + QPoint(60, 20))
    assert scen.settings["yaw"] != 35.0 and scen.yaw_slider.value() == round(scen.settings["yaw"])
    assert not np.allclose(plot.screen_xy, before)
    lo, hi = plot._box
    xy, _ = analysis.project(plot.points, plot.yaw, plot.pitch, np.full(3, (lo + hi) / 2))
    np.testing.assert_allclose(plot.screen_xy, xy)


def test_learned_hidden_points_follow_training(scen, qtbot):
    pick(qtbot, scen.mode_box, "learned")
    pick(qtbot, scen.data_box, "xor_quadrants")
    pick(qtbot, scen.units_box, 2)
    assert scen.session.net.sizes == [2, 2, 1]
    assert scen.space_stack.currentWidget() is scen.plane_plot
    pick(qtbot, scen.units_box, 3)
    scen.run_steps(100)
    qtbot.wait(40)
    _, acts = scen.session.net.forward_all(scen.session.X)
    np.testing.assert_allclose(scen.cube_plot.points, acts[1])
    assert scen.space_stack.currentWidget() is scen.cube_plot


def test_linear_stack_composed_matrix(scen, qtbot):
    pick(qtbot, scen.mode_box, "linear")
    net = scen.session.net
    assert all(layer.activation == "linear" for layer in net.layers)
    scen.run_steps(30)
    W, b = analysis.compose_linear(scen.session.net)
    X = scen.session.X
    np.testing.assert_allclose(X @ W.T + b, scen.session.net.forward(X), atol=1e-12)
    text = scen.readout.text()
    assert f"{W[0, 0]:+.3f}".replace("-", "−") in text and "e-" in text


def test_state_round_trip_and_bad_state(scen, qtbot):
    pick(qtbot, scen.mode_box, "learned")
    scen.run_steps(10)
    scen.yaw_slider.setValue(-40)
    state = scen.get_state()
    other = RepresentationScenario()
    other.load_state(state)
    assert other.get_state() == state
    before = scen.get_state()
    for bad, msg in (({"mode": "magic"}, "mode"), ({"yaw": 400}, "yaw"),
                     ({"hidden_units": 5}, "hidden_units"), ({"zoom": 2}, "zoom"),
                     ({"network": {"layers": "x"}}, "network"),
                     ({"mode": "thresholds", "network": state["network"]}, "network")):
        with pytest.raises(ValueError, match=msg):
            scen.load_state(bad)
        assert scen.get_state() == before
    other.shutdown()


def test_plots_are_not_blank(scen):
    img = scen.cube_plot.grab().toImage()
    colours = {img.pixel(x, y) for x in range(0, img.width(), 7) for y in range(0, img.height(), 7)}
    assert len(colours) > 5


def test_points_keep_their_class_colour_on_a_region_of_the_same_class(scen, qtbot):
    """A point drawn on the heatmap must stand out from the region around it even where the
    network agrees with it (its class colour = the region's colour): filled dots, not rings."""
    plot = scen.input_plot
    plot._dirty = True
    plot.refresh()
    qtbot.wait(50)
    widget = plot.plot_widget
    img = widget.grab().toImage()
    ratio = img.width() / max(1, widget.width())
    X, Y = scen.session.X_raw, scen.session.Y[:, 0]
    out = scen.session.net.forward(scen.session.X)[:, 0]
    vb = plot.plot.getViewBox()
    screen = []
    for x, y in X:
        p = widget.mapFromScene(vb.mapViewToScene(pg.Point(float(x), float(y))))
        screen.append((p.x() * ratio, p.y() * ratio))
    screen = np.array(screen)
    gaps = np.linalg.norm(screen[:, None] - screen[None], axis=2) + np.eye(len(X)) * 1e9
    checked = set()
    for i in np.argsort(-gaps.min(axis=1))[:30]:
        if (out[i] >= 0.5) != (Y[i] >= 0.5) or gaps[i].min() < 20 * ratio:
            continue
        cx, cy = int(screen[i, 0]), int(screen[i, 1])
        centre = QColor(img.pixel(cx, cy))
        r = int(9 * ratio)
        around = [QColor(img.pixel(cx + dx, cy + dy)) for dx, dy in
                  ((r, 0), (-r, 0), (0, r), (0, -r))]
        dist = min(sum(abs(a - b) for a, b in zip(centre.getRgb()[:3], c.getRgb()[:3]))
                   for c in around)
        assert dist > 60, f"point {i} blends into its region (colour distance {dist})"
        checked.add(int(Y[i] >= 0.5))
    assert checked == {0, 1}


def test_the_threshold_example_offers_nothing_that_does_nothing(scen):
    """Its learning rate and "New random weights" stayed enabled and did nothing; training
    said "Trained 200 updates" with the weights unchanged and no word why."""
    s = scen
    s.load_state({"mode": "thresholds"})
    assert not s.lr_box.isEnabled() and not s.new_button.isEnabled()
    before = [lay.W.copy() for lay in s.session.net.layers]
    said = []
    s.status_message.connect(said.append)
    s.run_steps(20)
    assert all((a == lay.W).all() for a, lay in zip(before, s.session.net.layers))
    assert "every gradient is 0" in said[-1]
    s.load_state({"mode": "learned"})
    assert s.lr_box.isEnabled() and s.new_button.isEnabled()
