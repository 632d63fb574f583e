"""The step player: granularities, exact stepping back, replay, training mode."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.engine.events import DeltaUnit, ForwardUnit, WeightUpdate
from nnviz.ui import train_worker
from nnviz.ui.player import KEEP_UPDATES, Player

from .demo_scenario import make_session


def params(net):
    return [(W.copy(), b.copy()) for W, b in net.get_params()]


def same(a, b):
    return all(np.array_equal(x[0], y[0]) and np.array_equal(x[1], y[1]) for x, y in zip(a, b))


@pytest.mark.parametrize("granularity", Player.GRANULARITIES)
def test_forward_then_back_restores_exact_weights(player, granularity):
    net = player.session.net
    start = params(net)
    steps0 = player.session.trainer.steps
    player.set_granularity(granularity)
    n = 9
    for _ in range(n):
        player.step_forward()
    assert player.session.trainer.steps > steps0
    assert not same(start, params(net))
    for _ in range(n):
        player.step_back()
    assert same(start, params(net))
    assert player.session.trainer.steps == steps0
    assert player.trace is None and not player.can_step_back()


def test_unit_granularity_reveals_one_event_at_a_time(player):
    player.set_granularity("unit")
    player.step_forward()
    tr = player.trace
    events = list(tr.events())
    assert player.active == [events[0]]
    player.step_forward()
    assert player.active == [events[1]]
    assert isinstance(player.event, ForwardUnit)
    assert player.event.z == tr.z[player.event.layer][0, player.event.unit]


def test_groups_at_each_granularity(player):
    player.set_granularity("layer")
    player.step_forward()
    first = player.active
    assert {(e.phase, e.sample, e.layer) for e in first} == {("forward", 0, 0)}
    assert len(first) == player.session.net.sizes[1]
    player.set_granularity("sample")
    player.step_forward()   # sample groups: forward, error and backward of one sample
    assert player.group_position()[1] == player.trace.batch_size + 1
    player.set_granularity("batch")
    assert player.group_position() == (1, 1)


def test_step_back_within_a_step_keeps_the_weights(player):
    player.set_granularity("layer")
    player.step_forward()
    player.step_forward()
    after = params(player.session.net)
    assert player.group_position()[0] == 2
    player.step_back()
    assert player.group_position()[0] == 1
    assert same(after, params(player.session.net))   # still inside the same update


def test_replay_gives_the_same_numbers(player):
    player.set_granularity("batch")
    for _ in range(3):
        player.step_forward()
    first = player.trace
    player.step_back()
    player.step_forward()
    again = player.trace
    assert again.loss == first.loss
    for k in range(first.n_layers):
        assert np.array_equal(again.delta[k], first.delta[k])
        assert np.array_equal(again.W_after[k], first.W_after[k])


def test_keeps_at_least_500_updates():
    session = make_session(batch_size=1)
    player = Player(session)
    player.set_granularity("batch")
    states = []
    for _ in range(520):
        states.append(params(session.net))
        player.step_forward()
    assert player.history_length >= 500
    for _ in range(500):
        player.step_back()
    assert same(states[20], params(session.net))
    assert session.trainer.steps == 20
    # the step shown after going back is the 20th, re-run with the same numbers
    assert player.trace.step_index == 19
    player.shutdown()
    assert KEEP_UPDATES >= 500


def test_epoch_granularity_makes_a_whole_epoch(player):
    s = player.session
    s.trainer.batch_size = 1
    player.set_granularity("epoch")
    player.step_forward()
    assert s.trainer.steps == 4 and s.epoch == 1
    assert player.trace.step_index == 3
    player.step_forward()
    assert s.epoch == 2
    player.step_back()
    assert s.trainer.steps == 4 and s.epoch == 1
    assert s.history["epoch"][-1] >= 1


def test_animation_runs_on_one_clock_and_stops(qtbot, player):
    player.set_speed(16)
    player.set_granularity("layer")
    player.step_forward()
    assert player.animating and player.timer_active
    qtbot.waitUntil(lambda: not player.timer_active, timeout=3000)
    assert player.progress == 1.0


def test_play_advances_and_pause_stops(qtbot, player):
    player.set_speed(16)
    player.set_granularity("layer")
    player.play()
    qtbot.waitUntil(lambda: player.group_position()[0] >= 3, timeout=5000)
    player.pause()
    assert not player.playing and not player.timer_active


def test_phases_come_in_teaching_order(player):
    player.set_granularity("layer")
    phases = []
    for _ in range(40):
        player.step_forward()
        phases.append(player.phase)
        if isinstance(player.event, WeightUpdate):
            break
    assert phases[0] == "forward"
    assert "error" in phases and "backward" in phases and phases[-1] == "update"
    assert phases.index("backward") > phases.index("error")


def test_training_mode_trains_in_slices(qtbot, player, monkeypatch):
    monkeypatch.setattr(train_worker.SWITCH, "override", False)   # in-process (test_train_worker)
    s = player.session
    player.step_forward()
    player.pause()
    start, steps = params(s.net), s.trainer.steps     # where ▶▶ train starts
    player.set_training(True)
    assert player.training and player.timer_active and player.trace is None
    qtbot.waitUntil(lambda: s.trainer.steps > 50 and len(s.history["loss"]) > 2
                    and player._run_entries > 2, timeout=5000)      # several frames
    player.set_training(False)
    assert not player.timer_active
    messages = []
    player.message.connect(messages.append)
    player.step_back()   # the whole run is one step back: to where ▶▶ train started
    assert same(start, params(s.net)) and s.trainer.steps == steps
    assert "training run" in messages[-1]


def test_external_edit_ends_the_shown_step(player):
    player.step_forward()
    assert player.trace is not None
    player.session.set_weight(0, 0, 1, 0.25)
    assert player.trace is None
    assert player.session.net.layers[0].W[0, 1] == 0.25


def test_divergence_stops_and_says_why(qtbot):
    import numpy as np
    X = np.array([[1.0, 2.0], [2.0, 1.0]]) * 50
    Y = np.array([[100.0], [-100.0]])
    from nnviz.engine import Network, Trainer
    from nnviz.ui.session import TrainingSession
    net = Network.build([2, 3, 1], hidden="relu", output="linear", seed=0)
    s = TrainingSession(Trainer(net, lr=50.0), X, Y)
    p = Player(s)
    reasons = []
    s.diverged.connect(reasons.append)
    for _ in range(30):
        p.step_forward()
        if reasons:
            break
    assert reasons and s.trainer.diverged
    assert all(np.all(np.isfinite(layer.W)) for layer in net.layers)
    p.shutdown()


def test_bad_settings_are_refused(player):
    with pytest.raises(ValueError, match="granularity"):
        player.set_granularity("century")
    with pytest.raises(ValueError, match="speed"):
        player.set_speed(100)


def test_delta_events_follow_the_trace(player):
    player.set_granularity("unit")
    for _ in range(200):
        player.step_forward()
        if isinstance(player.event, DeltaUnit):
            break
    ev = player.event
    assert ev.delta == player.trace.delta[ev.layer][ev.sample, ev.unit]


def test_train_mode_is_a_frame_loop_with_an_adaptive_budget(qtbot, player, monkeypatch):
    from nnviz.ui import player as P
    monkeypatch.setattr(train_worker.SWITCH, "override", False)   # in-process (test_train_worker)
    s = player.session
    player.set_training(True)
    assert player._timer.interval() == 0           # next slice as soon as a frame is drawn
    frames = []
    player.frame.connect(lambda: frames.append(s.trainer.steps))
    qtbot.waitUntil(lambda: len(frames) >= 5, timeout=5000)
    assert frames == sorted(frames) and frames[-1] > frames[0]   # every frame trained
    assert player.step_cost is not None and player.step_cost > 0
    # the budget is the frame period minus the measured drawing cost and the margin …
    player.draw_cost = 0.005
    assert player.train_budget() == pytest.approx(P.FRAME_S - P.FRAME_MARGIN_S - 0.005)
    # … and never less than the floor when drawing takes the whole frame
    player.draw_cost = 0.5
    assert player.train_budget() == P.MIN_TRAIN_S
    player.set_training(False)
    assert not player.timer_active
    # animating ticks at the frame rate again
    player.step_forward()
    assert player._timer.interval() == P.FRAME_MS
    player.pause()


def test_a_slice_is_few_big_engine_calls_and_tells_the_views_once(player):
    s = player.session
    calls, notes = [], []
    real = s.trainer.train_steps

    def counting(X, Y, n):
        calls.append(n)
        return real(X, Y, n)

    s.trainer.train_steps = counting
    s.weights_changed.connect(lambda: notes.append(1))
    player.training = True                          # drive slices by hand (no timer)
    player._last_record_epoch = s.epoch
    player._train_slice(0.004)                      # first slice: measures the step time
    calls.clear()
    notes.clear()
    before = s.trainer.steps
    done = player._train_slice(0.004)
    assert 1 <= len(calls) <= 4 and sum(calls) >= done == s.trainer.steps - before > 1
    assert max(calls) > 1                           # chunks, not one update per call
    assert len(notes) == 1                          # the views redraw once per slice
    assert s.history["epoch"][-1] == s.epoch       # a history row for the new epoch
    player.training = False


def test_session_version_shares_grid_and_evaluations(session):
    v = session.version
    a = session.grid_activations(40)
    assert session.grid_activations(40) is a        # one engine call per weights version
    loss, _ = session.evaluate()
    session.train_steps(3)
    assert session.version > v
    b = session.grid_activations(40)
    assert b is not a
    fresh = session.trainer.loss_fn(session.net.forward(session.X), session.Y)
    assert session.evaluate()[0] == pytest.approx(fresh) and fresh != loss
    session.set_weight(0, 0, 0, 0.125)
    assert session.grid_activations(40) is not b


def test_stepping_back_shortens_the_loss_curve(main_window, qtbot):
    """◀ restored the weights and the epoch count but left the loss curve's later points:
    stepping forward again drew it back to the epoch and out again (a zig-zag)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QToolButton
    sc = main_window.open_scenario("mlp")
    bar = main_window.findChild(QToolButton, "forwardButton").parent()
    qtbot.mouseClick(bar.granularity_buttons["epoch"], Qt.MouseButton.LeftButton)
    for _ in range(3):
        qtbot.mouseClick(bar.forward_button, Qt.MouseButton.LeftButton)
        sc.player.pause()
    sc.player.step_forward()          # the last epoch's update shown: its row recorded
    sc.player.pause()
    h = sc.session.history
    assert max(h["epoch"]) >= 3
    for _ in range(3):
        qtbot.mouseClick(bar.back_button, Qt.MouseButton.LeftButton)
    assert max(h["epoch"]) <= sc.session.epoch
    for _ in range(4):
        qtbot.mouseClick(bar.forward_button, Qt.MouseButton.LeftButton)
        sc.player.pause()
    epochs = h["epoch"]
    assert all(a < b for a, b in zip(epochs, epochs[1:])), epochs
    sc.loss_plot.refresh()
    xs, _ = sc.loss_plot.train_curve.getData()       # what the plot draws
    assert list(xs) == epochs


def test_back_before_the_update_shows_the_old_weights_everywhere(main_window, qtbot):
    """◀ (or ↺) from a shown update back into the step: the canvas went back to the old
    weights, but the toolbar figures and the decision map kept the updated ones."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QToolButton
    sc = main_window.open_scenario("mlp")
    bar = main_window.findChild(QToolButton, "forwardButton").parent()
    qtbot.mouseClick(bar.granularity_buttons["sample"], Qt.MouseButton.LeftButton)
    p, s = sc.player, sc.session
    before = params(s.net)
    qtbot.mouseClick(bar.forward_button, Qt.MouseButton.LeftButton)
    p.pause()
    figures_before = s.stats()
    while not p.shown.updates:
        qtbot.mouseClick(bar.forward_button, Qt.MouseButton.LeftButton)
        p.pause()
    after = params(s.net)
    assert not same(before, after) and same(after, params(s.view_net))
    assert s.stats()["loss"] != figures_before["loss"]
    qtbot.mouseClick(bar.back_button, Qt.MouseButton.LeftButton)     # back into the step
    assert not p.shown.updates and p.trace is not None
    assert same(before, params(s.view_net)) and same(after, params(s.net))
    assert s.stats() == figures_before
    qtbot.waitUntil(lambda: f"{figures_before['loss']:.4f}" in main_window.stats_label.text()
                    or f"{figures_before['loss']:.4f}" in main_window.stats_status.text(),
                    timeout=2000)
    while not p.shown.updates:                                       # forward again
        qtbot.mouseClick(bar.forward_button, Qt.MouseButton.LeftButton)
        p.pause()
    assert same(after, params(s.view_net))
    qtbot.mouseClick(bar.restart_button, Qt.MouseButton.LeftButton)  # ↺: from its start
    assert same(before, params(s.view_net)) and not p.shown.updates


@pytest.mark.parametrize("name", ["mlp", "xor", "softmax", "regularization",
                                  "representation", "gradients"])
def test_every_network_scenario_says_what_stepping_back_did(main_window, qtbot, name):
    """regularization, representation and gradients never passed the player's messages on:
    "Stepped back…" and "Nothing to step back to" never showed in the status bar."""
    sc = main_window.open_scenario(name)
    sc.player.step_back()
    assert "Nothing to step back to" in main_window.statusBar().currentMessage()


def _type_weight(qtbot, canvas, k, i, j, text):
    from PySide6.QtCore import Qt
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=canvas.edge_point(k, i, j).toPoint())
    editor = canvas.editor
    assert editor is not None
    offered = editor.field.text()
    editor.field.selectAll()
    qtbot.keyClicks(editor.field, text)
    qtbot.keyClick(editor.field, Qt.Key.Key_Return)
    return offered


def test_a_weight_edit_is_its_own_undo_step(main_window, qtbot):
    """After three updates, typing a weight then ◀ undid the edit and update 3 together
    (the edit then lost without a word); now ◀ undoes the edit alone, and says so."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QToolButton
    sc = main_window.open_scenario("mlp")
    bar = main_window.findChild(QToolButton, "forwardButton").parent()
    qtbot.mouseClick(bar.granularity_buttons["batch"], Qt.MouseButton.LeftButton)
    p, s = sc.player, sc.session
    for _ in range(3):
        qtbot.mouseClick(bar.forward_button, Qt.MouseButton.LeftButton)
        p.pause()
    after3, steps = params(s.net), s.steps
    _type_weight(qtbot, sc.canvas, 1, 0, 1, "5")
    assert s.weight(1, 0, 1) == 5.0
    qtbot.mouseClick(bar.back_button, Qt.MouseButton.LeftButton)
    assert same(after3, params(s.net)) and s.steps == steps        # the edit alone
    assert "Undid the weight edit" in main_window.statusBar().currentMessage()
    qtbot.mouseClick(bar.back_button, Qt.MouseButton.LeftButton)   # then update 3
    assert s.steps == steps - 1


def test_an_edit_mid_step_applies_to_the_weights_shown(main_window, qtbot):
    """Mid-step, before its update shows, the editor offered the engine's already-updated
    value, and accepting it kept the hidden update for every other weight. The edit now
    starts from, and applies to, the weights the canvas shows; the step is taken back."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QToolButton
    sc = main_window.open_scenario("mlp")
    bar = main_window.findChild(QToolButton, "forwardButton").parent()
    qtbot.mouseClick(bar.granularity_buttons["sample"], Qt.MouseButton.LeftButton)
    p, s, canvas = sc.player, sc.session, sc.canvas
    before, steps = params(s.net), s.steps
    qtbot.mouseClick(bar.forward_button, Qt.MouseButton.LeftButton)
    p.pause()
    assert not p.shown.updates and s.steps == steps + 1            # the update not shown
    shown = canvas.edge_weight(1, 0, 1)
    assert shown == before[1][0][0, 1] != s.weight(1, 0, 1)
    offered = _type_weight(qtbot, canvas, 1, 0, 1, "2.5")
    assert float(offered) == pytest.approx(shown, abs=1e-3)
    assert s.steps == steps and p.trace is None                    # the step taken back
    now = params(s.net)
    now[1][0][0, 1] = before[1][0][0, 1]
    assert same(before, now) and s.weight(1, 0, 1) == 2.5          # only the edit
    qtbot.mouseClick(bar.back_button, Qt.MouseButton.LeftButton)
    assert same(before, params(s.net))


def test_after_a_rebuild_stepping_back_says_why_there_is_nothing(main_window, qtbot):
    """After a change of settings ◀ said "this is the oldest state kept", as if the memory
    had run out: it says the settings changed."""
    sc = main_window.open_scenario("mlp")
    for _ in range(3):
        sc.player.step_forward()
    sc.player.pause()
    sc.apply({"lr": 0.1})
    sc.player.step_back()
    message = main_window.statusBar().currentMessage()
    assert "settings changed" in message and "oldest" not in message
