"""gradients scenario: the bars show the engine's per-layer gradient norms."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF

from nnviz.engine import Trainer, analysis
from nnviz.scenarios.gradients import GradientsScenario, sample_gradient_norms

from .panels import pick, show_panels


@pytest.fixture
def scen(qtbot, _qt_names):
    s = GradientsScenario()
    _host = show_panels(qtbot, s, 1400, 800)
    yield s
    s.shutdown()


def _engine_sample_norms(trainer, X, Y, rows):
    """RMS over `rows` of each sample's own gradient norm, from one engine step per sample."""
    per = [analysis.gradient_norms(analysis.gradient_probe(trainer, X[i:i + 1], Y[i:i + 1]))
           for i in rows]
    return np.sqrt(np.mean(np.square(per), axis=0))


def test_sample_gradient_norms_equal_the_engines_per_sample_gradients(scen):
    tr, X, Y = scen.session.trainer, scen.session.X, scen.session.Y
    rows = range(0, len(X), 25)
    probe = analysis.gradient_probe(tr, X[list(rows)], Y[list(rows)])
    np.testing.assert_allclose(sample_gradient_norms(probe),
                               _engine_sample_norms(tr, X, Y, rows), rtol=1e-9)


def test_bars_equal_trace_gradient_norms(scen, qtbot):
    scen.player.set_granularity("batch")
    scen.player.step_forward()
    trace = scen.player.trace
    assert trace is not None and scen.norms_source == "trace"
    want = sample_gradient_norms(trace)
    np.testing.assert_allclose(scen.bars.norms, want)
    np.testing.assert_allclose(scen.bars.heights, np.log10(want))
    assert len(scen.bars.norms) == 7          # 6 hidden layers + output


@pytest.mark.parametrize("steps", [0, 200, 2000])
def test_default_shows_vanishing_at_any_step_count(scen, steps):
    # sigmoid, small weights: the last layer keeps a healthy gradient while the first gets
    # a tiny share, before training and after the output has settled on the mean
    scen.run_steps(steps)
    trace = analysis.gradient_probe(scen.session.trainer, scen.session.X, scen.session.Y)
    np.testing.assert_allclose(scen.bars.norms, sample_gradient_norms(trace))
    first, last = scen.bars.norms[0], scen.bars.norms[-1]
    assert last > 0.1 and first < 1e-6 * last
    assert list(scen.bars.norms) == sorted(scen.bars.norms)     # smaller at every layer back
    text = scen.readout.text()
    assert "vanishing" in text and "smaller" in text and "10¹" in text


def test_healthy_gradient_with_tanh_and_xavier(scen, qtbot):
    pick(qtbot, scen.boxes["activation"], "tanh")
    pick(qtbot, scen.boxes["init"], "xavier")
    first, last = scen.bars.norms[0], scen.bars.norms[-1]
    assert 1e-2 < first / last < 1e2
    assert "every layer learns" in scen.readout.text()


def test_controls_rebuild_network_and_clip(scen, qtbot):
    pick(qtbot, scen.boxes["activation"], "relu")
    pick(qtbot, scen.boxes["init"], "he")
    pick(qtbot, scen.boxes["depth"], 4)
    net = scen.session.net
    assert net.sizes == [2, 4, 4, 4, 4, 1]
    assert [l.activation for l in net.layers[:-1]] == ["relu"] * 4
    pick(qtbot, scen.boxes["clip"], 0.1)
    assert scen.session.trainer.clip_norm == 0.1
    scen.player.set_granularity("batch")
    before = scen.session.net.copy()
    scen.player.step_forward()
    trace = scen.player.trace
    total = np.sqrt(sum(np.sum(g * g) for g in trace.grad_W + trace.grad_b))
    assert total <= 0.1 + 1e-9
    assert trace.clip_scale < 1.0
    np.testing.assert_allclose(scen.bars.norms, sample_gradient_norms(trace))
    unclipped = Trainer(before, loss="bce", lr=0.3).step(
        scen.session.X, scen.session.Y)
    np.testing.assert_allclose(scen.bars.norms * unclipped.clip_scale / trace.clip_scale,
                               sample_gradient_norms(unclipped), rtol=1e-9)


def test_history_grows_while_training(scen):
    scen.run_steps(40)
    assert len(scen.history_plot.steps) >= 10
    assert scen.history_plot.steps[-1] == scen.session.steps


def test_state_round_trip_and_bad_state(scen, qtbot):
    pick(qtbot, scen.boxes["init"], "xavier")
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
    qtbot.waitUntil(lambda: s.session.steps > 0, timeout=5000)
    s.player.pause()
    assert not s.player.timer_active


def test_bar_labels_fit_a_narrow_plot_in_projector_type(scen, qtbot):
    """Seven '1.5e-11' labels in projector type on a narrow plot ran into each other and the
    tallest was cut off at the top: they now shrink to a bar's slot, with room above."""
    from nnviz.ui import theme
    old = theme.manager().zoom
    theme.manager().set_zoom(1.6)
    bars = scen.bars
    try:
        bars.setFixedSize(420, 260)
        qtbot.waitUntil(lambda: bars.getPlotItem().vb.width() < 400)
        bars.set_norms(bars.norms)
        assert bars.label_pt < 11 * 1.6
        vb = bars.getPlotItem().vb.sceneBoundingRect()
        rects = [t.mapRectToScene(t.boundingRect()) for t in bars._texts]
        for a, b in zip(rects, rects[1:]):
            assert a.right() <= b.left() + 1, (a, b)
        assert all(r.top() >= vb.top() - 1 for r in rects), (rects, vb)
    finally:
        theme.manager().set_zoom(old)


def test_history_lines_are_named_at_their_ends(scen, qtbot):
    """A legend box covered the lines' right ends and its seven shades of one colour could
    not be matched to them: each line is named at its end, level with it where there is
    room, the names pushed apart (never overlapping, inside the plot) where lines end
    together — also in a short plot."""
    import numpy as np
    scen.run_steps(3)
    plot = scen.history_plot
    assert [lab.textItem.toPlainText()[-7:] for lab in plot.labels] == \
        [f"layer {k}" for k in range(1, 8)]

    def check(level: bool):
        vb = plot.getPlotItem().getViewBox()
        box = vb.sceneBoundingRect().adjusted(-1, -1, 1, 1)
        rects = [lab.sceneBoundingRect() for lab in plot.labels]
        for i, a in enumerate(rects):
            assert box.contains(a), (a, box)
            for b in rects[i + 1:]:
                assert not a.intersects(b), (a, b)
        if level:                      # spread out lines: each name beside its own end
            ends = np.log10(plot.rows[-1])
            for k, lab in enumerate(plot.labels):
                end = vb.mapViewToScene(QPointF(vb.viewRange()[0][1], ends[k]))
                assert abs(lab.sceneBoundingRect().center().y() - end.y()) < 3

    qtbot.waitUntil(lambda: all(lab.isVisible() for lab in plot.labels))
    check(level=True)                  # the default shows vanishing: decades apart
    plot.append(plot.steps[-1] + 1, np.full(7, 0.01))      # all ending together
    check(level=False)
    plot.setFixedSize(380, 220)
    qtbot.waitUntil(lambda: plot.getPlotItem().vb.height() < 200)
    check(level=False)


def test_stepping_back_takes_the_later_points_off_the_history(scen):
    """Each ◀ added a point to the gradient-size plot (x ran 0…50, then 49…0): stepping
    back now takes the later points off, and stepping forward again adds them once."""
    p = scen.player
    p.set_granularity("batch")
    for _ in range(6):
        p.step_forward()
    p.pause()
    for _ in range(4):
        p.step_back()
    steps = scen.history_plot.steps
    assert steps == sorted(set(steps)) and steps[-1] <= scen.session.steps
    for _ in range(4):
        p.step_forward()
    p.pause()
    steps = scen.history_plot.steps
    assert steps == sorted(set(steps)), steps


def test_relu_with_large_weights_explodes_and_clipping_tames_it(scen, qtbot):
    """The panel's tip promised an exploding case that no setting showed: ReLU with large
    weights gives every layer a gradient of about the same, huge size (the deltas grow on
    the way back, the inputs on the way forward), which the ratio alone called healthy."""
    pick(qtbot, scen.boxes["activation"], "relu")
    pick(qtbot, scen.boxes["init"], "large")
    pick(qtbot, scen.boxes["depth"], 8)
    assert "ReLU with large weights and 8 layers (exploding)" in \
        " ".join(w.text() for w in scen._controls.findChildren(type(scen.readout)))
    norms = scen.bars.norms
    assert norms.max() > 10 and 1e-2 < norms[0] / norms[-1] < 1e2
    text = scen.readout.text()
    assert "<b>exploding</b>" in text and "huge" in text and "every layer learns" not in text
    pick(qtbot, scen.boxes["clip"], 1.0)
    assert scen.bars.norms.max() < 10
    assert "exploding" not in scen.readout.text()


def test_a_first_step_makes_an_update(scen):
    """Every update takes all 200 samples: at "sample", 200 steps came before the first."""
    steps = scen.session.steps
    scen.player.step_forward()
    scen.player.pause()
    assert scen.player.granularity == "batch" and scen.session.steps == steps + 1


def test_a_first_layer_without_any_gradient_is_said_in_words(scen, qtbot):
    """Layer 1's ReLUs all off (biases typed to −100) while the last layer still learns:
    the ratio first ÷ last was 0 and its inverse raised OverflowError into the crash
    dialog. The readout says layer 1 gets no gradient at all."""
    from nnviz.engine.events import BIAS
    from nnviz.scenarios.gradients import power_of_ten, ratio_words
    scen._set("activation", "relu")
    s = scen.session
    for u in range(s.net.layers[1].n_out):
        s.set_weight(1, u, BIAS, 1.0)
    for u in range(s.net.layers[0].n_out):
        s.set_weight(0, u, BIAS, -100.0)
    qtbot.wait(20)
    assert scen.norms[0] == 0.0 < scen.norms[-1]
    text = scen.readout.text()
    assert "no gradient at all" in text and f"layer {scen.norms.size} does" in text
    assert "no gradient at all" in ratio_words(0.0, 1e-5, 8)
    assert "more than 10³⁰⁸" in ratio_words(5e-324, 1.0, 8)         # 1 / r is infinite
    assert power_of_ten(float("inf")) == "more than 10³⁰⁸"
