"""nnviz.engine.analysis: measurements checked against independent computations."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.engine import Dense, Network, Trainer, analysis


def _linear_stack(seed=3):
    rng = np.random.default_rng(seed)
    return Network([Dense(rng.normal(size=(3, 2)), rng.normal(size=3), "linear"),
                    Dense(rng.normal(size=(4, 3)), rng.normal(size=4), "linear"),
                    Dense(rng.normal(size=(2, 4)), rng.normal(size=2), "linear")])


def test_composed_linear_map_reproduces_the_stack():
    net = _linear_stack()
    W, b = analysis.compose_linear(net)
    assert W.shape == (2, 2) and b.shape == (2,)
    X = np.random.default_rng(0).normal(size=(50, 2))
    np.testing.assert_allclose(X @ W.T + b, net.forward(X), rtol=1e-12, atol=1e-12)
    # by hand for the weights alone
    L = net.layers
    np.testing.assert_allclose(W, L[2].W @ L[1].W @ L[0].W)


def test_compose_refuses_a_bent_stack():
    net = _linear_stack()
    net.layers[1].activation = "tanh"
    with pytest.raises(ValueError, match="layer 2 uses tanh"):
        analysis.compose_linear(net)


def test_gradient_norms_are_frobenius_norms_of_the_trace():
    net = Network.build([2, 3, 3, 1], hidden="sigmoid", seed=1)
    X = np.random.default_rng(1).normal(size=(20, 2))
    Y = (X[:, :1] > 0).astype(float)
    trace = Trainer(net, lr=0.1).step(X, Y)
    norms = analysis.gradient_norms(trace)
    assert norms.shape == (3,)
    for k in range(3):
        assert norms[k] == pytest.approx(np.linalg.norm(trace.grad_W[k]))
    assert np.all(norms > 0)


def test_raw_norms_undo_clipping():
    net = Network.build([2, 4, 1], init="large", seed=2)
    X = np.random.default_rng(2).normal(size=(10, 2))
    Y = np.ones((10, 1))
    clipped = Trainer(net.copy(), lr=0.1, clip_norm=1e-3).step(X, Y)
    free = Trainer(net.copy(), lr=0.1).step(X, Y)
    assert clipped.clip_scale < 1
    np.testing.assert_allclose(analysis.gradient_norms(clipped, raw=True),
                               analysis.gradient_norms(free), rtol=1e-10)


def test_probe_measures_without_changing_anything():
    net = Network.build([2, 4, 4, 1], hidden="tanh", seed=4)
    trainer = Trainer(net, optimizer="adam", lr=0.01, l2=0.01, dropout=0.3, seed=5)
    X = np.random.default_rng(3).normal(size=(16, 2))
    Y = (X[:, :1] * X[:, 1:] > 0).astype(float)
    trainer.train_steps(X, Y, 3)
    before = trainer.get_state()
    probe = analysis.gradient_probe(trainer, X, Y)
    after = trainer.get_state()
    for (W0, b0), (W1, b1) in zip(before["params"], after["params"]):
        assert np.array_equal(W0, W1) and np.array_equal(b0, b1)
    assert before["rng"] == after["rng"] and before["steps"] == after["steps"]
    # the probe's gradient is the full-batch gradient at the current weights (with L2)
    ref = Trainer(net.copy(), lr=0.01, l2=0.01).step(X, Y)
    for g, r in zip(probe.grad_W, ref.grad_W):
        np.testing.assert_allclose(g, r)
    assert all(m is None for m in probe.mask)


def test_weight_stats_counts_near_zero_weights():
    net = Network([Dense([[0.0, 0.005, -0.5]], [3.0], "linear")])
    s = analysis.weight_stats(net, tol=0.01)
    assert (s.count, s.near_zero) == (3, 2)
    assert s.l1 == pytest.approx(0.505) and s.l2 == pytest.approx(0.25 + 0.005 ** 2)
    assert s.max_abs == 0.5 and s.near_zero_fraction == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="tolerance"):
        analysis.weight_stats(net, tol=0)


def test_best_epoch():
    assert analysis.best_epoch([3.0, 1.0, 2.0, 1.0]) == 1
    assert analysis.best_epoch([]) is None
    assert analysis.best_epoch([np.nan, 2.0, np.inf]) == 1


def test_projection_is_a_rotation():
    P = np.random.default_rng(0).normal(size=(30, 3))
    R = analysis.rotation(37.0, -20.0)
    np.testing.assert_allclose(R @ R.T, np.eye(3), atol=1e-12)
    xy, depth = analysis.project(P, 37.0, -20.0)
    Q = P @ R.T
    np.testing.assert_allclose(xy, Q[:, [0, 2]])
    np.testing.assert_allclose(depth, -Q[:, 1])
    # lengths are kept: |xy|² + depth² = |P|²
    np.testing.assert_allclose((xy ** 2).sum(1) + depth ** 2, (P ** 2).sum(1))
    # no rotation: x to the right, z up
    xy0, _ = analysis.project(np.array([[1.0, 2.0, 3.0]]), 0, 0)
    np.testing.assert_allclose(xy0, [[1.0, 3.0]])
    with pytest.raises(ValueError, match="shape"):
        analysis.project(np.zeros((4, 2)), 0, 0)


def test_plane_patch_lies_on_the_plane_inside_the_box():
    w, b = np.array([1.0, -1.0, 1.0]), -0.5
    lines = analysis.plane_patch(w, b, 0.0, 1.0)
    assert lines
    for pts in lines:
        np.testing.assert_allclose(pts @ w + b, 0.0, atol=1e-12)
        assert pts.min() >= -1e-12 and pts.max() <= 1 + 1e-12
    assert analysis.plane_patch(np.zeros(3), 1.0, 0, 1) == []
