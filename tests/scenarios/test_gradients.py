"""gradients scenario: the bars show the engine's per-layer gradient norms."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter

from nnviz.engine import analysis
from nnviz.scenarios.gradients import GradientsScenario


@pytest.fixture
def scen(qtbot, _qt_names):
    s = GradientsScenario()
    host = QSplitter()
    for w in (s.create_controls(), s.create_view(), s.create_plots()):
        host.addWidget(w)
    qtbot.addWidget(host)
    host.resize(1400, 800)
    host.show()
    yield s
    s.shutdown()


def _pick(qtbot, box, value):
    """Choose `value` in a combo box with the keyboard, like a user."""
    box.setFocus()
    target = box.findData(value)
    assert target >= 0
    while box.currentIndex() != target:
        key = Qt.Key.Key_Down if box.currentIndex() < target else Qt.Key.Key_Up
        qtbot.keyClick(box, key)


def test_bars_equal_trace_gradient_norms(scen, qtbot):
    scen.player.set_granularity("batch")
    scen.player.step_forward()
    trace = scen.player.trace
    assert trace is not None and scen.norms_source == "trace"
    want = [np.linalg.norm(g) for g in trace.grad_W]
    np.testing.assert_allclose(scen.bars.norms, want)
    np.testing.assert_allclose(scen.bars.heights, np.log10(want))
    assert len(scen.bars.norms) == 7          # 6 hidden layers + output


def test_probe_bars_and_vanishing_with_sigmoid_small(scen):
    # default: sigmoid, small weights: the first layer's gradient is far smaller
    trace = analysis.gradient_probe(scen.session.trainer, scen.session.X, scen.session.Y)
    np.testing.assert_allclose(scen.bars.norms, analysis.gradient_norms(trace))
    assert scen.bars.norms[0] < 1e-4 * scen.bars.norms[-1]
    assert "vanishing" in scen.readout.text()


def test_controls_rebuild_network_and_clip(scen, qtbot):
    _pick(qtbot, scen.boxes["activation"], "relu")
    _pick(qtbot, scen.boxes["init"], "he")
    _pick(qtbot, scen.boxes["depth"], 4)
    net = scen.session.net
    assert net.sizes == [2, 4, 4, 4, 4, 1]
    assert [l.activation for l in net.layers[:-1]] == ["relu"] * 4
    _pick(qtbot, scen.boxes["clip"], 0.1)
    assert scen.session.trainer.clip_norm == 0.1
    scen.player.set_granularity("batch")
    scen.player.step_forward()
    trace = scen.player.trace
    total = np.sqrt(sum(np.sum(g * g) for g in trace.grad_W + trace.grad_b))
    assert total <= 0.1 + 1e-9
    np.testing.assert_allclose(scen.bars.norms, analysis.gradient_norms(trace))


def test_history_grows_while_training(scen):
    scen.run_steps(40)
    assert len(scen.history_plot.steps) >= 10
    assert scen.history_plot.steps[-1] == scen.session.steps


def test_state_round_trip_and_bad_state(scen, qtbot):
    _pick(qtbot, scen.boxes["init"], "xavier")
    scen.run_steps(5)
    state = scen.get_state()
    other = GradientsScenario()
    other.load_state(state)
    assert other.get_state() == state
    for W0, W1 in zip(scen.session.net.layers, other.session.net.layers):
        assert np.array_equal(W0.W, W1.W)
    before = scen.get_state()
    for bad, msg in (({"init": "huge"}, "init"), ({"depth": 5}, "depth"),
                     ({"speed": 1}, "speed"), ({"network": {"layers": 3}}, "network")):
        with pytest.raises(ValueError, match=msg):
            scen.load_state(bad)
        assert scen.get_state() == before
    other.shutdown()


def test_smoke_in_main_window(open_scenario, qtbot):
    s = open_scenario("gradients")
    s.player.set_training(True)
    qtbot.wait(150)
    s.player.pause()
    assert s.session.steps > 0
    assert not s.player.timer_active
