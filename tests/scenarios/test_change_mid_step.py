"""A setting that rebuilds the network or the data, changed while a step animates.

The step settles first, with the settings, network and data it was made with; only then
are the new ones installed. It had ended afterwards: the representation scenario's readout
met the new example ("linear layers only") with the old tanh network, and the softmax
scenario's probe met the network held from before the step (3 classes) with the new data
(2 classes); both crashed. Every test drives the real widgets (the combo boxes and buttons,
the toolbar's step-size buttons, ▶| and the Right key); pytest-qt fails a test on an
exception raised in a slot.
"""

from __future__ import annotations

import copy

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QToolButton

from nnviz.engine import analysis
from nnviz.scenarios import softmax_model as sm
from nnviz.scenarios.representation_texts import EXPLAIN, matrix_html

from .panels import pick

LEFT = Qt.MouseButton.LeftButton


def start_step(window, qtbot, scen, granularity: str, key: bool = False):
    """Choose the step size and step forward once (▶|, or the Right key): the step is being
    animated, and the views still show the weights from before it."""
    bar = window.findChild(QToolButton, "forwardButton").parent()
    qtbot.mouseClick(bar.granularity_buttons[granularity], LEFT)
    assert scen.player.granularity == granularity
    if key:
        window.activateWindow()            # (the toolbar's keys are the window's shortcuts:
        qtbot.wait(100)                    # they work once the new scenario's bar settled)
        qtbot.keyClick(window, Qt.Key.Key_Right)
    else:
        qtbot.mouseClick(bar.forward_button, LEFT)
    assert scen.player.animating and scen.session.holding


class Watch:
    """What the views are told (at every session and player signal) while a setting
    changes: which trainer the session has, the scenario's settings, and whether the views
    see held weights."""

    def __init__(self, scen):
        self.scen = scen
        self.trainer = scen.session.trainer
        self.settings = copy.deepcopy(scen.settings)
        self.seen: list[tuple] = []
        s, p = scen.session, scen.player
        for signal in (s.weights_changed, s.structure_changed, s.history_changed,
                       p.shown_changed, p.trace_changed, p.event_changed):
            signal.connect(self._saw)

    def _saw(self, *_):
        s = self.scen.session
        self.seen.append((s.trainer is self.trainer, copy.deepcopy(self.scen.settings),
                          s.holding, s.view_net.sizes, s.X.shape[1], s.Y.shape[1]))

    def check(self):
        """The step was settled with the old settings and network; the new network came
        with the new settings and was never shown with weights held from the old one."""
        assert self.seen
        assert self.seen[0][0], "the step should settle before the new network comes"
        for old, settings, holding, sizes, n_in, n_out in self.seen:
            assert (sizes[0], sizes[-1]) == (n_in, n_out)
            if old:
                assert settings == self.settings
            else:
                assert not holding


def assert_settled(scen):
    """Nothing of the old step is left: the views show the engine's new network."""
    p, s = scen.player, scen.session
    assert not p.animating and not p.playing and p.trace is None
    assert not s.holding and s.view_net is s.net
    assert np.isfinite(s.stats()["loss"])


def assert_steps_back_exactly(window, qtbot, scen):
    """Two steps on the new network (▶|) and back again (◀) restore its exact weights;
    returns the trace of the second step."""
    bar = window.findChild(QToolButton, "forwardButton").parent()
    qtbot.mouseClick(bar.granularity_buttons["batch"], LEFT)
    before = [(W.copy(), b.copy()) for W, b in scen.session.net.get_params()]
    for _ in range(2):
        qtbot.mouseClick(bar.forward_button, LEFT)
        scen.player.pause()
    assert scen.session.steps == 2
    trace = scen.player.trace
    while scen.session.steps > 0:
        qtbot.mouseClick(bar.back_button, LEFT)
    for (W0, b0), (W, b) in zip(before, scen.session.net.get_params()):
        assert np.array_equal(W0, W) and np.array_equal(b0, b)
    return trace


# -- the two crashes ------------------------------------------------------------------------
@pytest.mark.parametrize("granularity", ["batch", "epoch", "sample"])
def test_representation_example_changed_while_a_step_animates(main_window, qtbot,
                                                              granularity):
    scen = main_window.open_scenario("representation")
    pick(qtbot, scen.mode_box, "learned")
    start_step(main_window, qtbot, scen, granularity)
    watch = Watch(scen)
    pick(qtbot, scen.mode_box, "linear")          # Example: linear layers only
    watch.check()
    assert_settled(scen)
    assert scen.settings["mode"] == "linear" and scen.mode_box.currentData() == "linear"
    net, X = scen.session.net, scen.session.X
    assert all(layer.activation == "linear" for layer in net.layers)
    # the readout is the engine's composed map of the new network
    W, b = analysis.compose_linear(net)
    gap = float(np.max(np.abs(net.forward(X) - (X @ W.T + b))))
    assert scen.readout.text() == matrix_html(W, b, gap, len(X))
    assert scen.explain.text() == EXPLAIN["linear"]
    qtbot.wait(50)
    assert_steps_back_exactly(main_window, qtbot, scen)


@pytest.mark.parametrize("granularity, classes, key", [
    ("unit", 2, True), ("layer", 4, False), ("sample", 2, False), ("unit", 5, False)])
def test_softmax_classes_changed_while_a_step_animates(main_window, qtbot, granularity,
                                                       classes, key):
    scen = main_window.open_scenario("softmax")
    start_step(main_window, qtbot, scen, granularity, key=key)
    assert scen.stepped_sample() is not None       # the bars show the stepped sample
    watch = Watch(scen)
    box = main_window.findChild(QComboBox, "classesBox")
    pick(qtbot, box, classes)
    watch.check()
    assert_settled(scen)
    s = scen.session
    assert scen.settings["classes"] == classes
    assert s.net.sizes[-1] == classes and s.Y.shape[1] == classes
    # the probe, the bars and the loss are the engine's, for the new network and data
    x, index = scen.probe_target()
    want = sm.probe(s.net, s.X_raw, s.Y, x, index)
    np.testing.assert_array_equal(scen.probe.p, want.p)
    np.testing.assert_array_equal(scen.bars.heights, want.p)
    assert len(scen.bars.heights) == classes
    assert scen.loss_view.loss == pytest.approx(want.loss, rel=1e-12)
    qtbot.wait(100)                                   # (the figures follow on a timer)
    np.testing.assert_array_equal(scen.bars.heights, want.p)
    # stepping goes on with the new network (one output per class), and back exactly
    trace = assert_steps_back_exactly(main_window, qtbot, scen)
    assert trace.a[-1].shape[1] == classes


def test_a_lesson_slide_changes_the_example_while_a_step_animates(main_window, qtbot):
    """A lesson slide (or an opened file) sets the settings through load_state: the same
    settling first."""
    scen = main_window.open_scenario("representation")
    pick(qtbot, scen.mode_box, "learned")
    start_step(main_window, qtbot, scen, "batch")
    watch = Watch(scen)
    scen.load_state({"mode": "linear"})
    watch.check()
    assert_settled(scen)
    assert analysis.compose_linear(scen.session.net)[0].shape == (1, 2)


# -- every scenario's controls that rebuild the network or the data --------------------------
def _setup_learned(scen, qtbot):
    pick(qtbot, scen.mode_box, "learned")


CHANGES = [
    # scenario, step size, control (a combo box's value, or None: a button), set-up
    ("representation", "batch", "dataset", "circle", _setup_learned),
    ("representation", "layer", "hidden_units", 2, _setup_learned),
    ("representation", "unit", "new_weights", None, _setup_learned),
    ("softmax", "layer", "hidden", 3, None),
    ("softmax", "sample", "noise", 0.1, None),
    ("softmax", "unit", "new_weights", None, None),
    ("xor", "layer", "hidden", 3, None),
    ("xor", "batch", "loss", "bce", None),
    ("xor", "unit", "new_start", None, None),
    ("mlp", "batch", "dataset", "moons", None),
    ("mlp", "layer", "add_layer", None, None),
    ("mlp", "unit", "reinit", None, None),
    ("mlp", "sample", "lr", 0.1, None),
    ("regularization", "batch", "dataset", "moons", None),
    ("regularization", "layer", "n_train", 20, None),
    ("regularization", "unit", "new_weights", None, None),
    ("gradients", "batch", "depth", 3, None),
    ("gradients", "layer", "activation", "tanh", None),
    ("gradients", "batch", "new_weights", None, None),
]


@pytest.mark.parametrize("name, granularity, control, value, setup", CHANGES,
                         ids=[f"{c[0]}-{c[2]}" for c in CHANGES])
def test_a_rebuilding_control_used_while_a_step_animates(main_window, qtbot, name,
                                                         granularity, control, value, setup):
    scen = main_window.open_scenario(name)
    if setup is not None:
        setup(scen, qtbot)
    start_step(main_window, qtbot, scen, granularity)
    watch = Watch(scen)
    (widget,) = scen.controls_named(control)[:1]
    assert widget.isEnabled()
    if value is None:
        qtbot.mouseClick(widget, LEFT)
    else:
        pick(qtbot, widget, value)
    watch.check()
    assert_settled(scen)
    assert scen.session.trainer is not watch.trainer       # a new network was installed
    if value is not None:
        key = control
        assert scen.settings[key] == value and widget.currentData() == value
    qtbot.wait(50)
