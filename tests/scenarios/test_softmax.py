"""softmax scenario: bars, argmax regions, one-vs-all and cross-entropy against the engine."""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QSplitter, QToolButton

from nnviz.engine import get_loss
from nnviz.scenarios import neuron_plots as npl
from nnviz.scenarios import softmax_map
from nnviz.scenarios.softmax_scenario import SoftmaxScenario

from ..ui.screens import projector_window
from .panels import pick, show_panels


@pytest.fixture
def scen(qtbot, _qt_names):
    s = SoftmaxScenario()
    host = show_panels(qtbot, s, 1500, 900)
    qtbot.waitExposed(host)
    yield s
    s.shutdown()


def _at(scen, x1, x2) -> QPoint:
    return scen.map.plane_to_widget(x1, x2)


def _hover(qtbot, scen, x1, x2):
    """Move the mouse over the plane point (x1, x2), once the layout has settled, and check
    that the map saw it. A synthetic move to a spot is sometimes not delivered (offscreen,
    after other windows): then the mouse goes one pixel aside first and comes back."""
    view = scen.map.plot_widget.viewport()
    target = None
    for _ in range(20):          # pending layouts (new axis labels after training) settled
        qtbot.wait(5)
        previous, target = target, _at(scen, x1, x2)
        if target == previous:
            break
    seen = []

    def saw(*x):
        seen.append(x)
    scen.map.hovered.connect(saw)
    try:
        for nudge in (QPoint(0, 0), QPoint(1, 0), QPoint(0, 1)):
            seen.clear()
            if nudge != QPoint(0, 0):
                qtbot.mouseMove(view, target + nudge)
            qtbot.mouseMove(view, target)
            if seen:
                return
        raise AssertionError(f"the map never saw the mouse at {target}")
    finally:
        scen.map.hovered.disconnect(saw)


def _engine_grid(scen):
    xs, ys, pts = scen.session.grid_points(softmax_map.GRID, scen.map.map_extent())
    return scen.session.net.forward(pts).reshape(len(ys), len(xs), -1)


def test_hovered_point_bars_equal_forward_and_sum_to_one(scen, qtbot):
    scen.run_steps(60)
    X, Y = scen.session.X_raw, scen.session.Y
    i = 17
    _hover(qtbot, scen, *X[i])
    assert scen.hover is not None and scen.hover[1] == i        # snapped to the data point
    p = scen.session.net.forward(X[i])
    assert np.array_equal(scen.bars.heights, p)
    assert np.array_equal(scen.bars.bars.opts["height"], p)
    assert scen.bars.heights.sum() == pytest.approx(1.0, abs=1e-12)
    assert scen.bars.true_class == int(np.argmax(Y[i]))
    assert scen.bars.true_mark.textItem.toPlainText() == "true"
    z = scen.session.net.forward_all(X[i])[0][-1][0]     # the scores softmax turned into p
    assert np.allclose(np.exp(z) / np.exp(z).sum(), p, rtol=1e-12)
    assert "z = (" + ", ".join(npl.fmt(v) for v in z) in \
        scen.bars.caption.text()                          # the long caption or the short
    for c, item in enumerate(scen.bars.texts):
        assert item.textItem.toPlainText() == f"{p[c]:.2f}"
    # a spot far from every point: the bars still come from the engine, no true class
    free = np.array([5.5, -5.5])
    assert np.min(np.hypot(*(X - free).T)) > 0.5
    _hover(qtbot, scen, *free)
    assert scen.hover[1] is None
    assert np.array_equal(scen.bars.heights, scen.session.net.forward(np.array(scen.hover[0])))
    assert np.allclose(scen.hover[0], free, atol=0.1)
    assert scen.bars.true_class is None and scen.loss_view.loss is None


def test_click_pins_and_leaving_returns_to_pinned(scen, qtbot):
    X = scen.session.X_raw
    view = scen.map.plot_widget.viewport()
    seen = []
    scen.status_message.connect(seen.append)
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=_at(scen, *X[42]))
    assert scen.settings["pinned"] == 42
    assert "point 43" in seen[-1]
    _hover(qtbot, scen, *X[7])
    assert scen.probe.index == 7
    scen.map.left.emit()       # what the viewport's Leave event sends
    assert scen.probe.index == 42
    assert np.array_equal(scen.bars.heights, scen.session.net.forward(X[42]))


def test_argmax_regions_equal_engine_argmax(scen, qtbot):
    for steps in (0, 200):
        scen.run_steps(steps)
        scen.map.refresh()
        p = _engine_grid(scen)
        want = np.argmax(p, axis=-1)
        top2 = np.sort(p, axis=-1)[..., -2:]
        clear = (top2[..., 1] - top2[..., 0]) > 1e-4   # float32 grid: skip exact near-ties
        assert np.array_equal(scen.map.classes[clear], want[clear])
        assert (scen.map.classes != want).mean() < 1e-3
        assert np.array_equal(scen.map.image_data // softmax_map.LEVELS, scen.map.classes)
    pick(qtbot, scen.boxes["classes"], 5)
    assert scen.session.net.sizes == [2, 5, 5]
    assert scen.session.Y.shape[1] == 5
    scen.run_steps(100)
    scen.map.refresh()
    want = np.argmax(_engine_grid(scen), axis=-1)
    assert (scen.map.classes != want).mean() < 1e-3
    assert set(np.unique(scen.map.classes)) == set(range(5))   # every class has a region


def test_one_vs_all_shows_that_class_probability(scen, qtbot):
    scen.run_steps(100)
    pick(qtbot, scen.boxes["view"], "class 2")
    assert scen.settings["view"] == "class 2"
    scen.map.refresh()
    assert np.allclose(scen.map.image_data, _engine_grid(scen)[..., 1], atol=1e-5)
    assert "class 2" in scen.map.title.text()
    assert "p = 0.5" in scen.map.legend.text()


def test_cross_entropy_shown_equals_engine_loss(scen, qtbot):
    scen.run_steps(30)
    X, Y = scen.session.X_raw, scen.session.Y
    net = scen.session.net
    losses = get_loss("cce").per_sample(net.forward(X), Y)
    worst = int(np.argmax(losses))             # a confidently wrong point
    qtbot.mouseClick(scen.map.plot_widget.viewport(), Qt.MouseButton.LeftButton,
                     pos=_at(scen, *X[worst]))
    assert scen.settings["pinned"] == worst
    engine = get_loss("cce")(net.forward(X[worst])[None, :], Y[worst][None, :])
    assert scen.loss_view.loss == pytest.approx(engine, rel=1e-12)
    assert scen.loss_view.loss == pytest.approx(losses[worst], rel=1e-12)
    p_true = net.forward(X[worst])[np.argmax(Y[worst])]
    text = scen.loss_view.caption.text()
    assert f"−log {p_true:.3f}" in text and f"<b>{engine:.3f}</b>" in text
    assert np.allclose(scen.loss_view.dot.getData(), ([p_true], [min(engine, 4.60517)]),
                       atol=1e-4)
    assert engine > 1.0 and "wrong" in text


def test_training_by_toolbar_clicks_lowers_the_loss(main_window, qtbot):
    scen = main_window.open_scenario("softmax")
    bar = main_window.findChild(QToolButton, "forwardButton").parent()
    start = scen.session.stats()["loss"]
    qtbot.mouseClick(bar.granularity_buttons["epoch"], Qt.MouseButton.LeftButton)
    assert scen.player.granularity == "epoch"
    for _ in range(4):
        qtbot.mouseClick(bar.forward_button, Qt.MouseButton.LeftButton)
    scen.player.pause()
    assert scen.session.epoch == 4
    after_steps = scen.session.stats()["loss"]
    assert after_steps < start
    qtbot.mouseClick(bar.train_button, Qt.MouseButton.LeftButton)
    assert scen.player.training
    qtbot.waitUntil(lambda: scen.session.epoch >= 40, timeout=5000)
    qtbot.mouseClick(bar.train_button, Qt.MouseButton.LeftButton)
    assert not scen.player.training and not scen.player.timer_active
    final = scen.session.stats()["loss"]
    assert final < after_steps
    qtbot.waitUntil(lambda: f"{final:.4f}"[:5] in main_window.stats_label.text(), timeout=2000)
    # the bars follow the new weights
    qtbot.wait(80)
    x, i = scen.probe_target()
    assert np.array_equal(scen.bars.heights, scen.session.net.forward(np.array(x)))


def test_formula_panel_steps_through_softmax_numbers(scen, qtbot):
    scen.player.set_granularity("batch")
    scen.player.step_forward()
    scen.player.pause()
    trace = scen.player.trace
    assert trace is not None and trace.a[-1].shape[1] == 3
    assert np.allclose(trace.a[-1].sum(axis=1), 1.0)
    assert "update" in scen.formula.plain_text().lower()


def test_formula_fills_in_softmax_with_every_output_score(scen, qtbot):
    """An output unit's a = softmax(z)ₖ needs the z of every output: the formula writes
    them all (it wrote 'softmax(z)₁ = 0.0833' with nothing filled in) and its result is
    the engine's a."""
    from nnviz.engine.events import ForwardUnit
    from nnviz.ui.canvas_model import fmt
    p = scen.player
    p.set_granularity("unit")
    last = len(scen.session.net.layers) - 1
    for _ in range(60):
        p.step_forward()
        ev = p.active[0] if p.active else None
        if isinstance(ev, ForwardUnit) and ev.layer == last:
            break
    p.pause()
    assert isinstance(ev, ForwardUnit) and ev.activation == "softmax"
    text = scen.formula.plain_text()
    zs = p.trace.z[last][ev.sample]
    assert f"exp({fmt(zs[ev.unit])}) / (" in text
    for z in zs:
        assert f"exp({fmt(z)})" in text
    assert text.split("(all the outputs")[0].rstrip().endswith(fmt(p.trace.a[last][ev.sample,
                                                                               ev.unit]))


def test_state_round_trip_is_exact(scen, qtbot, _qt_names):
    pick(qtbot, scen.boxes["classes"], 4)
    pick(qtbot, scen.boxes["hidden"], 6)
    pick(qtbot, scen.boxes["lr"], 0.1)
    scen.run_steps(120)
    pick(qtbot, scen.boxes["view"], "class 3")
    qtbot.mouseClick(scen.map.plot_widget.viewport(), Qt.MouseButton.LeftButton,
                     pos=_at(scen, 5.6, 5.6))
    assert isinstance(scen.settings["pinned"], list)
    state = json.loads(json.dumps(scen.get_state()))
    other = SoftmaxScenario()
    host = QSplitter()
    for w in (other.create_controls(), other.create_view(), other.create_plots()):
        host.addWidget(w)
    qtbot.addWidget(host)
    try:
        other.load_state(state)
        assert other.get_state() == state
        other.map.refresh()
        scen.map.refresh()
        assert np.array_equal(other.map.image_data, scen.map.image_data)
        assert np.array_equal(other.bars.heights, scen.bars.heights)
        assert other.boxes["view"].currentData() == "class 3"
        assert other.boxes["classes"].currentText() == "4 classes"
        assert other.session.stats() == scen.session.stats()
        assert other.session.history["loss"] == scen.session.history["loss"]
    finally:
        other.shutdown()


@pytest.mark.parametrize("bad, words", [
    ({"classes": 7}, "classes"), ({"classes": True}, "classes"), ({"noise": 0.2}, "noise"),
    ({"lr": "fast"}, "lr"), ({"batch_size": 3}, "batch_size"), ({"view": "class 4"}, "view"),
    ({"pinned": 500}, "pinned"), ({"pinned": [1.0, 99.0]}, "pinned"),
    ({"hidden": 5, "network": {"layers": "nope"}}, "network"), ({"epoch": -1}, "epoch"),
    ({"colour": "red"}, "colour"), ({"history": {"epoch": [0], "loss": []}}, "history"),
    ({"classes": 4, "network": "SAME"}, "network"),
])
def test_bad_state_is_refused_and_changes_nothing(scen, bad, words):
    scen.run_steps(20)
    before = scen.get_state()
    scen.map.refresh()
    image = scen.map.image_data.copy()
    bad = copy.deepcopy(bad)
    if bad.get("network") == "SAME":       # a 2-5-3 network does not fit 4 classes
        bad["network"] = before["network"]
    with pytest.raises(ValueError, match=words):
        scen.load_state(bad)
    assert scen.get_state() == before
    scen.map.refresh()
    assert np.array_equal(scen.map.image_data, image)


def test_partial_state_from_a_lesson_keeps_the_training(scen):
    scen.run_steps(45)
    params = scen.session.net.to_dict()
    scen.load_state({"view": "class 1", "pinned": 3})
    assert scen.session.epoch == 3
    assert scen.session.net.to_dict() == params
    assert scen.probe.index == 3 and scen.map.view == "class 1"
    scen.load_state({"lr": 1.0})
    assert scen.session.trainer.lr == 1.0 and scen.session.epoch == 3


def test_smoke_and_screenshot_not_blank(open_scenario, main_window, qtbot):
    scen = open_scenario("softmax")
    scen.run_steps(150)
    assert scen.session.stats()["acc"] > 0.8
    qtbot.wait(60)
    img = main_window.grab().toImage()
    assert img.width() > 800
    small = img.scaled(200, 125)
    colours = {small.pixel(x, y) for x in range(200) for y in range(125)}
    assert len(colours) > 200
    shot = scen.map.plot_widget.grab().toImage()
    found = set()
    for c in softmax_map.class_colours(3):
        for x in range(0, shot.width(), 3):
            for y in range(0, shot.height(), 3):
                q = QColor(shot.pixel(x, y))
                if max(abs(q.red() - c.red()), abs(q.green() - c.green()),
                       abs(q.blue() - c.blue())) < 6:
                    found.add(c.name())
                    break
            if c.name() in found:
                break
    assert len(found) == 3              # every class's colour is on screen (its points)
    from nnviz.ui import theme
    old = theme.current()
    theme.manager().set_theme("dark")   # restyles without warnings; the image keeps its data
    try:
        scen.map.refresh()
        want = np.argmax(_engine_grid(scen), axis=-1)
        assert (scen.map.classes != want).mean() < 1e-3
        assert "z = (" in scen.bars.caption.text()      # a probe is still described
    finally:
        theme.manager().set_theme(old)
    main_window.open_scenario(None)


def test_bar_values_and_true_mark_stay_in_a_short_plot_in_projector_type(scen, qtbot):
    """On a short plot in projector type the value over a full bar and the "true" mark over
    it were cut off at the top (and written over each other): their type now fits the room
    over the bars, the mark a line above the value."""
    from nnviz.ui import theme
    scen.run_steps(60)
    X = scen.session.X_raw
    old = theme.manager().zoom
    theme.manager().set_zoom(1.6)
    try:
        bars = scen.bars
        bars.setFixedHeight(480)
        _hover(qtbot, scen, *X[17])
        qtbot.waitUntil(lambda: 150 < bars.plot.vb.height() < 320)
        bars.show_probe(bars._probe, bars._k)
        vb = bars.plot.vb.sceneBoundingRect()
        tc = bars.true_class
        value, mark = bars.texts[tc], bars.true_mark
        for item in [mark, *bars.texts]:
            r = item.mapRectToScene(item.boundingRect())
            assert r.top() >= vb.top() - 1, (item.textItem.toPlainText(), r, vb)
        rv = value.mapRectToScene(value.boundingRect())
        rm = mark.mapRectToScene(mark.boundingRect())
        assert rm.bottom() <= rv.top() + 1
        # a tall bar's value is written inside it, leaving the room above to "true"
        assert bars.heights[tc] > 0.5
        top = bars.plot.vb.mapViewToScene(QPointF(tc, bars.heights[tc])).y()
        assert rv.top() >= top - 1 and rm.bottom() <= top + 1
        assert bars._label_pt() > 11    # one line over a full bar: readable type
    finally:
        theme.manager().set_zoom(old)



def test_regions_fill_the_whole_plane_shown(scen, qtbot):
    """The plane is shown with room around the data (its edge points stay whole); the
    regions are computed over all of it (the engine's classes there), so no unshaded band
    frames the map: the pixels just inside the plot's corners have a region's colour."""
    scen.run_steps(60)
    scen.map.refresh()
    (vx0, vx1), (vy0, vy1) = scen.map.plot.getViewBox().viewRange()
    x0, x1, y0, y1 = scen.map.map_extent()
    assert x0 < -6.0 and x1 > 6.0 and y0 < -6.0 and y1 > 6.0     # room around the data
    r = scen.map.image.mapRectToView(scen.map.image.boundingRect())
    assert r.left() <= vx0 + 1e-9 and r.right() >= vx1 - 1e-9
    assert r.top() <= vy0 + 1e-9 and r.bottom() >= vy1 - 1e-9
    assert np.array_equal(scen.map.classes, np.argmax(_engine_grid(scen), axis=-1))
    shot = scen.map.plot_widget.grab().toImage()
    dx, dy = 0.01 * (vx1 - vx0), 0.01 * (vy1 - vy0)
    for cx, cy in [(vx0 + dx, vy0 + dy), (vx0 + dx, vy1 - dy), (vx1 - dx, vy0 + dy),
                   (vx1 - dx, vy1 - dy)]:
        p = scen.map.plane_to_widget(cx, cy)
        q = QColor(shot.pixel(p.x(), p.y()))
        assert q.hsvSaturation() > 20, (cx, cy, q.name())     # not the plain background


def test_legend_leaves_the_map_its_room_on_a_small_projector(open_scenario, main_window,
                                                               qtbot):
    """In projector type on 1280×720 the legend under the class map took all the height it
    wanted and left the plane ~100 px: it now takes at most LEGEND_SHARE and scrolls, with
    its text at the top (no gap under the plane when there is room)."""
    from PySide6.QtCore import Qt
    scen = open_scenario("softmax")
    with projector_window(main_window, (1280, 720)):
        vb = scen.map.plot.getViewBox()
        qtbot.waitUntil(lambda: vb.height() >= 150, timeout=3000)
        assert scen.map.legend_area.height() <= softmax_map.LEGEND_SHARE * scen.map.height() + 1
        assert scen.map.legend.alignment() & Qt.AlignmentFlag.AlignTop


def test_the_bars_follow_the_sample_being_stepped(main_window, qtbot):
    """Stepping a sample through the network, the canvas showed that sample's outputs while
    the bars still described the pinned point (another point's numbers beside them). The
    bars now show the stepped sample, the same numbers as the canvas's outputs, until the
    step's update is revealed; then they go back to the pinned point."""
    scen = main_window.open_scenario("softmax")
    bar = main_window.findChild(QToolButton, "forwardButton").parent()
    pinned = scen.settings["pinned"]
    qtbot.mouseClick(bar.granularity_buttons["sample"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(bar.forward_button, Qt.MouseButton.LeftButton)
    scen.player.pause()                       # the beat shown whole
    trace, sh = scen.player.trace, scen.player.shown
    assert sh.sample == 0 and not sh.updates
    row = int(trace.sample_index[0])
    assert row != pinned
    assert scen.probe.index == row
    np.testing.assert_allclose(scen.bars.heights, trace.a[-1][0], rtol=0, atol=1e-12)
    canvas_out = [float(scen.canvas.model.unit_forward(len(trace.a), u).a)
                  for u in range(trace.a[-1].shape[1])]
    np.testing.assert_allclose(scen.bars.heights, canvas_out, rtol=0, atol=1e-12)
    assert f"point {row + 1}" in scen.bars.caption.text()
    assert "stepped" in scen.bars.caption.text()
    for _ in range(trace.batch_size + 2):     # on to the update
        if scen.player.shown.updates or scen.player.trace is None:
            break
        qtbot.mouseClick(bar.forward_button, Qt.MouseButton.LeftButton)
        scen.player.pause()
    assert scen.probe.index == pinned
    assert "stepped" not in scen.bars.caption.text()
