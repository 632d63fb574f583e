"""The MLP playground while it trains: a training setting (learning rate, batch size,
regularization…) changes without stopping ▶▶ train, as in TensorFlow Playground; a change of
the network or the data stops it and starts again from epoch 0, and says whether the initial
weights are the same."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from .panels import pick

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def sc(open_scenario, qtbot):
    s = open_scenario("mlp")
    qtbot.waitExposed(s.canvas.window())
    yield s
    s.player.set_training(False)


def _train(qtbot, main_window, sc, epochs_past: int):
    start = sc.session.epoch
    if not sc.player.training:
        qtbot.mouseClick(main_window._player_bar.train_button, LEFT)
    assert sc.player.training
    qtbot.waitUntil(lambda: sc.session.epoch >= start + epochs_past, timeout=20000)


def test_changing_the_learning_rate_keeps_it_training_on_the_same_weights(sc, qtbot,
                                                                            main_window):
    messages = []
    sc.status_message.connect(messages.append)
    _train(qtbot, main_window, sc, 5)
    pick(qtbot, sc.controls.lr, 0.1)
    assert sc.player.training, "a change of the learning rate stopped training"
    assert sc.session.trainer.lr == 0.1 and sc.settings["lr"] == 0.1
    assert sc.session.epoch >= 5                         # the progress is kept
    assert messages[-1] == "Learning rate changed: the weights are kept; training goes on."
    at = sc.session.epoch
    qtbot.waitUntil(lambda: sc.session.epoch >= at + 5, timeout=20000)   # and it goes on
    assert sc.session.trainer.lr == 0.1
    qtbot.mouseClick(main_window._player_bar.train_button, LEFT)
    assert not sc.player.training
    pick(qtbot, sc.controls.batch_size, 5)              # not training: it stays stopped
    assert not sc.player.training and sc.session.trainer.batch_size == 5


def test_changing_the_network_stops_training_and_starts_over(sc, qtbot, main_window):
    _train(qtbot, main_window, sc, 3)
    sc.apply({"hidden": [3]})
    assert not sc.player.training and sc.session.epoch == 0
    assert sc.session.net.sizes == [2, 3, 1]


def test_a_new_draw_of_the_data_says_the_initial_weights_are_the_same(sc):
    """Regenerating the data rebuilt the network from the same seed (the same weights)
    and said "new weights"."""
    messages = []
    sc.status_message.connect(messages.append)
    before = [lay.W.copy() for lay in sc.initial.layers]
    sc.apply({"data_seed": sc.settings["data_seed"] + 1})
    assert all(np.array_equal(a.W, b) for a, b in zip(sc.session.net.layers, before))
    assert messages[-1] == "Data changed: network rebuilt with the same initial weights, epoch 0."
    sc.apply({"hidden": [5, 2]})
    assert messages[-1].endswith("network rebuilt: new initial weights, epoch 0.")


def test_the_maps_view_is_saved_and_a_slide_may_set_it(sc, qtbot):
    """Discretize and Show test data were lost on reopening a file (and a lesson slide
    could not ask for them); they are saved, checked, and not counted as unsaved work."""
    import json
    b = sc.boundary
    qtbot.mouseClick(b.discretize_box, LEFT)
    qtbot.mouseClick(b.test_box, LEFT)
    assert b.discretize and b.show_test and sc.canvas.discretize
    state = json.loads(json.dumps(sc.get_state()))
    assert state["discretize"] is True and state["show_test"] is True
    sc.reset()                                              # defaults: both off
    assert not b.discretize and not b.show_test and not sc.canvas.discretize
    sc.load_state(state)
    assert b.discretize_box.isChecked() and b.test_box.isChecked() and sc.canvas.discretize
    with pytest.raises(ValueError, match="'show_test' is 'yes'; it must be true or false"):
        sc.load_state({**state, "show_test": "yes"})
    assert b.show_test                                      # nothing changed
    assert set(sc.view_keys) == {"discretize", "show_test"}
