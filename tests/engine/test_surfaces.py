"""Loss surfaces and descent paths over (w, b) agree with the engine's Trainer."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.engine import OPTIMIZERS, Trainer, surfaces


@pytest.mark.parametrize("model", list(surfaces.MODELS))
def test_surface_equals_trainer_loss_at_grid_points(model):
    spec = surfaces.MODELS[model]
    X, Y = surfaces.model_data(model)
    ws, bs, L = surfaces.loss_surface(spec["activation"], spec["loss"], X, Y, spec["extent"], n=31)
    assert L.shape == (31, 31)
    for i, j in [(0, 0), (3, 17), (30, 30), (22, 5)]:
        net = surfaces.neuron(ws[j], bs[i], spec["activation"])
        trace = Trainer(net, loss=spec["loss"], lr=0.1).step(X, Y)   # loss before the update
        assert L[i, j] == pytest.approx(trace.loss, rel=1e-12)


def test_linear_surface_minimum_is_the_least_squares_line():
    X, Y = surfaces.model_data("linear")
    spec = surfaces.MODELS["linear"]
    ws, bs, L = surfaces.loss_surface("linear", "half_sse", X, Y, spec["extent"], n=241)
    i, j = np.unravel_index(np.argmin(L), L.shape)
    slope, intercept = np.polyfit(X[:, 0], Y[:, 0], 1)     # independent reference
    step_w, step_b = ws[1] - ws[0], bs[1] - bs[0]
    assert abs(ws[j] - slope) <= step_w and abs(bs[i] - intercept) <= step_b


@pytest.mark.parametrize("batch_size", [None, 1, 5])
def test_descent_path_equals_recorded_trainer_steps(batch_size):
    X, Y = surfaces.model_data("linear")
    path = surfaces.descent_path("linear", (-1.0, 1.5), "momentum", 0.05, batch_size, steps=12,
                                 seed=3)
    net = surfaces.neuron(-1.0, 1.5, "linear")
    trainer = Trainer(net, loss="half_sse", optimizer="momentum", lr=0.05,
                      batch_size=batch_size, seed=3)
    assert (path.w[0], path.b[0]) == (-1.0, 1.5)
    for k in range(12):
        trace = trainer.next_step(X, Y)
        assert path.w[k + 1] == trace.W_after[0][0, 0]
        assert path.b[k + 1] == trace.b_after[0][0]
        assert path.loss[k + 1] == pytest.approx(surfaces.full_loss(net, "half_sse", X, Y))


def test_race_runs_every_optimizer_from_the_same_start():
    paths = surfaces.race("logistic", (-2.0, 4.0), steps=30)
    assert list(paths) == list(OPTIMIZERS)
    for name, p in paths.items():
        assert (p.w[0], p.b[0]) == (-2.0, 4.0) and len(p) == 31
        assert p.loss[-1] < p.loss[0], f"{name} did not go downhill"
    # they really differ: the optimizers take different routes
    ends = {(round(p.w[-1], 6), round(p.b[-1], 6)) for p in paths.values()}
    assert len(ends) == len(paths)


def test_presets_behave_as_their_names_say():
    start = (-1.5, 2.0)
    lr = surfaces.LR_PRESETS["linear"]
    small = surfaces.descent_path("linear", start, lr=lr["too small"], steps=100)
    good = surfaces.descent_path("linear", start, lr=lr["good"], steps=100)
    big = surfaces.descent_path("linear", start, lr=lr["too large"], steps=100)
    bad = surfaces.descent_path("linear", start, lr=lr["diverging"], steps=100)
    assert good.loss[-1] < 1.1 * good.loss.min() and good.loss[-1] < small.loss[-1]
    # too large zigzags: the weight crosses the valley floor back and forth
    assert np.sum(np.diff(np.sign(np.diff(big.b))) != 0) > 20
    assert bad.loss[-1] > 100 * bad.loss[0]


def test_bad_arguments_are_clear_errors():
    with pytest.raises(ValueError, match="unknown model"):
        surfaces.descent_path("cubic", (0, 0))
    with pytest.raises(ValueError, match="unknown optimizer"):
        surfaces.descent_path("linear", (0, 0), optimizer="lbfgs")
    with pytest.raises(ValueError, match="steps"):
        surfaces.descent_path("linear", (0, 0), steps=10**9)
    with pytest.raises(ValueError, match="learning rate"):
        surfaces.descent_path("linear", (0, 0), lr=-1)
