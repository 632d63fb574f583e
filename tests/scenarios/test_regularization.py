"""regularization scenario: overfitting, L1/L2, dropout masks, early stopping."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from nnviz.engine import analysis
from nnviz.scenarios.regularization import RegularizationScenario

from ..ui.screens import projector_window
from .panels import pick, show_panels


@pytest.fixture
def scen(qtbot, _qt_names):
    s = RegularizationScenario()
    _host = show_panels(qtbot, s, 1400, 800)
    yield s
    s.shutdown()


def test_overfitting_shows_and_best_epoch_is_marked(scen):
    scen.run_steps(300)
    h = scen.session.history
    assert h["loss"][-1] < 0.05                      # memorised the training set
    best = analysis.best_epoch(h["test_loss"])
    assert h["test_loss"][-1] > h["test_loss"][best] * 1.2   # test loss climbed again
    assert scen.best_line.isVisible()
    assert scen.best_line.value() == h["epoch"][best] == scen.best_epoch()


def test_l1_zeroes_and_l2_shrinks_weights(scen, qtbot):
    scen.run_steps(150)
    free = analysis.weight_stats(scen.session.net)
    scen.reset()
    pick(qtbot, scen.boxes["l1"], 0.003)
    assert scen.session.trainer.l1 == 0.003
    scen.run_steps(150)
    l1 = analysis.weight_stats(scen.session.net)
    assert l1.near_zero > free.near_zero + 20
    assert f"<b>{l1.near_zero}</b>" in scen.weights_label.text()
    pick(qtbot, scen.boxes["l1"], 0.0)
    scen.reset()
    pick(qtbot, scen.boxes["l2"], 0.03)
    scen.run_steps(150)
    assert analysis.weight_stats(scen.session.net).l2 < 0.5 * free.l2


def test_dropout_units_shown_equal_trace_masks(scen, qtbot):
    pick(qtbot, scen.boxes["dropout"], 0.5)
    assert scen.session.trainer.dropout == 0.5
    scen.player.set_granularity("sample")
    scen.player.step_forward()
    trace = scen.player.trace
    s = scen.player.shown.sample or 0
    shown = scen.dropped_units()
    for k in (0, 1):
        assert shown[k] == list(np.flatnonzero(trace.mask[k][s] == 0))
        for i in shown[k]:
            assert trace.a[k][s, i] == 0.0
    assert sum(len(v) for v in shown.values()) > 0
    text = scen.dropout_label.text()
    for i in shown[0]:
        assert f"h{i + 1}" in text


def test_early_stopping_restores_best_weights(scen, qtbot):
    box = scen.early_box
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert scen.settings["early_stopping"]
    pick(qtbot, scen.boxes["patience"], 10)
    scen.run_steps(400)
    assert scen.stopped_at is not None and scen.stopped_at < 400
    h = scen.session.history
    best = analysis.best_epoch(h["test_loss"])
    assert scen.stopped_at - h["epoch"][best] >= 10       # epochs, not history rows
    loss, _ = scen.session.evaluate(test=True)
    assert loss == pytest.approx(h["test_loss"][best])


def test_state_round_trip_and_bad_state(scen, qtbot):
    pick(qtbot, scen.boxes["dataset"], "moons")
    pick(qtbot, scen.boxes["l2"], 0.001)
    scen.run_steps(20)
    state = scen.get_state()
    other = RegularizationScenario()
    other.load_state(state)
    assert other.get_state() == state
    before = scen.get_state()
    for bad, msg in (({"l2": 7}, "l2"), ({"dropout": "x"}, "dropout"), ({"early_stopping": 1},
                     "early_stopping"), ({"colour": 1}, "colour"),
                     ({"network": {"layers": []}}, "network")):
        with pytest.raises(ValueError, match=msg):
            scen.load_state(bad)
        assert scen.get_state() == before
    other.shutdown()


def test_boundary_plot_draws_the_network(scen):
    scen.run_steps(5)
    scen.boundary._dirty = True
    scen.boundary.refresh()
    img = scen.boundary.image_data
    assert img is not None and img.std() > 0


def test_loss_plot_is_readable_and_best_label_clear_of_the_legend(scen, qtbot):
    scen.run_steps(150)
    qtbot.wait(50)
    assert scen.loss_plot.height() >= 200
    assert scen.best_line.isVisible()
    label = scen.best_line.label.sceneBoundingRect()
    legend = scen.loss_plot.plot.legend.sceneBoundingRect()
    assert label.width() > 0 and legend.width() > 0
    assert not label.intersects(legend)
    # training points stay visible on a region of their own colour: a paler heatmap
    assert scen.boundary.image.opacity() < 1.0


def test_formula_with_dropout_shows_the_scaled_or_dropped_activation(scen, qtbot):
    from nnviz.engine.events import ForwardUnit
    from nnviz.ui.canvas_model import fmt
    pick(qtbot, scen.boxes["dropout"], 0.5)
    scen.player.set_granularity("unit")
    seen = set()
    for _ in range(40):
        scen.player.step_forward()
        ev = scen.player.event
        if not isinstance(ev, ForwardUnit) or ev.layer > 1:
            continue
        text = "\n".join(t for t, _ in scen.formula.lines())
        a_line = [t for t in text.splitlines() if t.startswith("a = ")][0]
        if ev.dropped:
            assert ev.a == 0.0 and "× 0 = 0" in a_line and "dropped" in a_line
            seen.add("dropped")
        else:
            assert ev.scale == 2.0
            assert f"× 2 = {fmt(ev.a)}" in a_line
            # the engine's a is g(z) scaled by 1/(1 − p)
            assert np.isclose(ev.a, 2.0 * np.tanh(ev.z))
            seen.add("kept")
        if seen == {"dropped", "kept"}:
            break
    assert seen == {"dropped", "kept"}


def test_best_label_stays_inside_the_plot_when_the_best_is_the_latest(scen, qtbot):
    """Early in training the best test loss is the latest epoch, at the plot's right edge:
    its label then sits left of the line (it ran off the plot to the right)."""
    def placed(side: str) -> bool:
        vb = scen.loss_plot.plot.getViewBox().sceneBoundingRect()
        label = scen.best_line.label.sceneBoundingRect()
        line_x = scen.best_line.sceneBoundingRect().center().x()
        inside = label.right() <= vb.right() + 1 and label.left() >= vb.left() - 1
        return inside and (label.right() <= line_x + 1 if side == "left"
                           else label.left() >= line_x - 1)

    scen.run_steps(12)
    h = scen.session.history
    assert scen.best_epoch() == h["epoch"][-1]       # still improving: the best is the last
    qtbot.waitUntil(lambda: placed("left"))
    scen.run_steps(300)                              # the best now early: label on the right
    assert scen.best_epoch() < h["epoch"][-1] / 2
    qtbot.waitUntil(lambda: placed("right"))


def test_toolbar_shows_the_test_figures_beside_the_training_ones(main_window, qtbot):
    """Overfitting's toolbar said 'loss 0.0007  acc 100%' (the training set only) while the
    test loss had climbed back: the test figures stand beside the training ones."""
    sc = main_window.open_scenario("regularization")
    sc.run_steps(300)
    qtbot.wait(20)
    loss, acc = sc.session.evaluate()
    test_loss, test_acc = sc.session.evaluate(test=True)
    assert test_loss > 2 * loss
    text = main_window.stats_label.text()
    assert f"loss {loss:.4f} (test {test_loss:.4f})" in text, text
    assert f"acc {100 * acc:.0f}% (test {100 * test_acc:.0f}%)" in text, text


def test_training_points_stand_out_from_the_test_points(scen, qtbot):
    """The 40 training points the network memorises were drawn as small as the 200 test
    points and under their dark rims: they are now larger and on top."""
    b = scen.boundary
    train, test = b.train_points, b.test_points
    assert len(train.data) == len(scen.session.X_raw) and len(test.data) > len(train.data)
    assert b.show_test and test.isVisible()           # overfitting is seen on them
    assert train.opts["size"] >= 1.25 * test.opts["size"] > 0    # (data["size"] is −1)
    assert train.zValue() > test.zValue() or \
        b.plot.items.index(train) > b.plot.items.index(test)
    b.resize(b.width() - 80, b.height() - 80)             # resized: still larger
    qtbot.wait(30)
    assert train.opts["size"] >= 1.25 * test.opts["size"] > 0


def test_best_label_covers_neither_curve_in_a_small_projector_plot(main_window, qtbot):
    """In projector type on 1280×720 the label sat just below the legend and its
    background hid both loss curves where they part: it now goes where it covers neither
    curve, shortened ('best test') when the whole name has no such room."""
    from PySide6.QtCore import QPointF
    scen = main_window.open_scenario("regularization")
    with projector_window(main_window, (1280, 720)):
        scen.run_steps(50)
        qtbot.wait(50)
        lp = scen.loss_plot
        vb = lp.plot.getViewBox()
        label = scen.best_line.label
        r = label.mapRectToItem(vb, label.boundingRect())
        assert vb.boundingRect().adjusted(-2, -2, 2, 2).contains(r)
        legend = lp.legend.mapRectToItem(vb, lp.legend.boundingRect())
        assert not r.intersects(legend)
        epochs, train, test = lp.curves()
        x0, x1 = vb.mapToView(r.topLeft()).x(), vb.mapToView(r.bottomRight()).x()
        for curve in (train, test):
            for x in np.linspace(max(x0, 0), min(x1, epochs[-1]), 40):
                y = vb.mapFromView(QPointF(x, float(np.interp(x, epochs, curve)))).y()
                assert not (r.top() <= y <= r.bottom()), (label.format, x)
        assert "best" in label.format


def test_training_on_after_an_early_stop_is_a_new_run_that_stops_again(scen, qtbot):
    """After an early stop, training on went on for ever: the stop fired once per
    scenario. Training on now starts a new run from the restored weights, which early
    stopping watches as it did the first: it stops again and restores that run's best."""
    box = scen.early_box
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    pick(qtbot, scen.boxes["patience"], 10)
    messages = []
    scen.status_message.connect(messages.append)
    scen.run_steps(400)
    first = scen.stopped_at
    assert first is not None
    h = scen.session.history
    start = len(h["test_loss"])
    scen.run_steps(400)                      # train on
    assert any("starts again" in m for m in messages)
    second = scen.stopped_at
    assert second is not None and second > first
    assert int(h["epoch"][-1]) == second     # it stopped there, not 400 epochs on
    run = h["test_loss"][start:]
    best = start + int(np.argmin(run))
    assert second - h["epoch"][best] >= 10
    loss, _ = scen.session.evaluate(test=True)
    assert loss == pytest.approx(h["test_loss"][best])
    assert sum("Early stop at epoch" in m for m in messages) == 2


def test_stepping_back_over_an_early_stop_then_on_stops_there_again(scen, qtbot):
    """◀ back over an early stop, then ▶ again: the same numbers came back but the stop did
    not (it went on to another epoch, saying early stopping "starts again")."""
    box = scen.early_box
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    pick(qtbot, scen.boxes["patience"], 10)
    p = scen.player
    p.set_granularity("epoch")
    for _ in range(400):
        p.step_forward()
        p.pause()
        if scen.stopped_at is not None:
            break
    first = scen.stopped_at
    assert first is not None
    for _ in range(8):
        p.step_back()
    assert scen.stopped_at is None
    for _ in range(20):
        p.step_forward()
        p.pause()
        if scen.stopped_at is not None:
            break
    assert scen.stopped_at == first
