"""Stepping back across a setting change: an older step re-runs with the settings it was
made with (its numbers are the ones it had), and ◀ over a training run that went on across a
change says where it really goes back to."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from nnviz.ui import player_steps
from tests.scenarios.panels import pick

RIGHT, LEFT = Qt.Key.Key_Right, Qt.Key.Key_Left


def _ready(window, qtbot):
    """The window shown and its player's keys routed (the first key press had been lost
    right after the window appeared)."""
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.wait(50)
    qtbot.mouseClick(window._player_bar.granularity_buttons["batch"], Qt.MouseButton.LeftButton)


def _step(s, qtbot):
    """Right: at the batch step size, the next step."""
    steps = s.session.trainer.steps
    qtbot.keyClick(s.canvas, RIGHT)
    assert s.session.trainer.steps == steps + 1


@pytest.mark.parametrize("name, key, value", [("regularization", "l2", 0.03),
                                              ("regularization", "dropout", 0.5),
                                              ("gradients", "lr", 1.0)])
def test_an_older_step_shown_again_has_the_numbers_it_was_made_with(main_window, qtbot,
                                                                    monkeypatch,
                                                                    name, key, value):
    """After a change of L2, dropout or the learning rate (the trainer kept, the undo steps
    too), stepping back more than the newest KEEP_TRACES steps re-ran the older steps with
    the new setting: their "after" weights were neither the weights the network had had nor
    the ones it then showed, and the panel named the new setting."""
    # fewer kept traces than the real 40: the same re-running of older steps, reached in a
    # few steps instead of some 90 (each step of a batch here takes a quarter of a second)
    monkeypatch.setattr(player_steps, "KEEP_TRACES", 6)
    KEEP_TRACES = player_steps.KEEP_TRACES
    s = main_window.open_scenario(name)
    _ready(main_window, qtbot)
    p = s.player
    s.canvas.setFocus()
    made = []                                        # (W_after, lr) of each step forward
    for _ in range(KEEP_TRACES + 5):
        _step(s, qtbot)
        made.append(([W.copy() for W in p.trace.W_after], p.trace.lr, p.trace.dropout))
    box = s.boxes[key] if name == "regularization" else s.named_controls[key]
    pick(qtbot, box, value)
    assert getattr(s.session.trainer, key) == value
    s.canvas.setFocus()
    for _ in range(KEEP_TRACES + 4):
        qtbot.keyClick(s.canvas, LEFT)
        tr = p.trace
        W_after, lr, dropout = made[tr.step_index]
        assert all(np.array_equal(a, b) for a, b in zip(tr.W_after, W_after)), tr.step_index
        assert (tr.lr, tr.dropout) == (lr, dropout)
        for k, (W, _b) in enumerate(s.session.net.get_params()):   # the weights shown are
            assert np.array_equal(W, tr.W_after[k])                  # the step's result
    assert getattr(s.session.trainer, key) == value  # and the setting stays the new one
    if name == "gradients":
        assert "η = 1.000" not in s.formula.plain_text()


def test_back_over_a_run_that_went_on_across_a_change_says_where_it_goes(main_window, qtbot):
    """▶▶ train, the learning rate changed while training (it goes on; the undo steps are
    forgotten), stop, ◀: the status said the weights were "exactly as before ▶▶ train",
    but they are those of the moment of the change."""
    s = main_window.open_scenario("mlp")
    _ready(main_window, qtbot)
    p = s.player
    p.set_training(True)
    qtbot.waitUntil(lambda: s.session.trainer.steps > 20, timeout=5000)
    pick(qtbot, s.controls.lr, 0.1)
    assert p.training
    at_change = [W.copy() for W, _b in s.session.net.get_params()]
    steps = s.session.trainer.steps
    qtbot.waitUntil(lambda: s.session.trainer.steps > steps + 20, timeout=5000)
    p.set_training(False)
    s.canvas.setFocus()
    qtbot.keyClick(s.canvas, LEFT)
    message = main_window.statusBar().currentMessage()
    assert "when the learning rate was changed" in message and "before ▶▶ train" not in message
    assert all(np.array_equal(W, W0) for (W, _b), W0 in zip(s.session.net.get_params(),
                                                             at_change))
    qtbot.keyClick(s.canvas, LEFT)                   # the change forgot what came before
    assert "cannot be undone" in main_window.statusBar().currentMessage()


def test_the_reason_for_forgotten_steps_outlives_a_step_forward_and_back(main_window, qtbot):
    """After a change that forgets the undo steps, one step forward and two back: ◀ said
    "this is the oldest state kept" instead of why."""
    s = main_window.open_scenario("mlp")
    _ready(main_window, qtbot)
    pick(qtbot, s.controls.lr, 0.1)
    s.canvas.setFocus()
    _step(s, qtbot)
    qtbot.keyClick(s.canvas, LEFT)
    qtbot.keyClick(s.canvas, LEFT)
    message = main_window.statusBar().currentMessage()
    assert message.startswith("Nothing to step back to") and "cannot be undone" in message
