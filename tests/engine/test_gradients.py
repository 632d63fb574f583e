"""Backpropagation against central finite differences, for every sensible activation × loss."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from nnviz.engine import Dense, Network, Trainer, get_loss

HIDDEN = ["linear", "sigmoid", "tanh", "relu", "leaky_relu"]
PAIRS = [(out, loss) for loss in ("half_sse", "mse")
         for out in ("linear", "sigmoid", "tanh", "relu", "leaky_relu", "softmax")]
PAIRS += [("sigmoid", "bce"), ("softmax", "bce"), ("softmax", "cce"), ("sigmoid", "cce")]


def _targets(rng, out, loss, B, K):
    if loss == "cce" or out == "softmax":
        return np.eye(K)[rng.integers(0, K, B)]
    if loss == "bce" or out == "sigmoid":
        return rng.uniform(0.05, 0.95, (B, K))
    return rng.normal(0.0, 1.0, (B, K))


def _loss_of(net, loss, X, Y):
    return get_loss(loss)(net.forward(X), Y)


@pytest.mark.parametrize(("out", "loss"), PAIRS)
@settings(max_examples=12, deadline=None, database=None)
@given(sizes=st.lists(st.integers(1, 4), min_size=1, max_size=3), n_in=st.integers(1, 3),
       batch=st.integers(1, 4), hidden=st.sampled_from(HIDDEN), seed=st.integers(0, 10_000))
def test_backprop_matches_finite_differences(out, loss, sizes, n_in, batch, hidden, seed):
    rng = np.random.default_rng(seed)
    dims = [n_in] + sizes
    if out == "softmax" and dims[-1] == 1:
        dims[-1] = 2
    layers = []
    for k, (a, b) in enumerate(zip(dims[:-1], dims[1:])):
        W = rng.normal(0.0, 0.9, (b, a)) + 0.05 * np.arange(a)   # non-zero, not symmetric
        bias = rng.normal(0.0, 0.5, b)
        layers.append(Dense(W, bias, out if k == len(dims) - 2 else hidden))
    net = Network(layers)
    X = rng.normal(0.0, 1.0, (batch, n_in))
    Y = _targets(rng, out, loss, batch, dims[-1])
    if loss in ("bce", "cce"):
        # a saturated output (p within 1e-3 of 0 or 1) leaves central differences to
        # rounding (1 − p loses its digits) or to the log's clip: not a test of backprop
        o = net.forward(X)
        assume(np.all((o > 1e-3) & (o < 1 - 1e-3)))
    trace = Trainer(net.copy(), loss=loss, optimizer="sgd", lr=1e-3).step(X, Y)
    assert trace.loss == pytest.approx(_loss_of(net, loss, X, Y), rel=1e-12)
    eps = 1e-6
    for k, layer in enumerate(net.layers):
        for arr, grad in ((layer.W, trace.grad_W[k]), (layer.b, trace.grad_b[k])):
            num = np.zeros_like(arr)
            for idx in np.ndindex(arr.shape):
                old = arr[idx]
                arr[idx] = old + eps
                up = _loss_of(net, loss, X, Y)
                arr[idx] = old - eps
                down = _loss_of(net, loss, X, Y)
                arr[idx] = old
                num[idx] = (up - down) / (2 * eps)
            np.testing.assert_allclose(grad, num, rtol=1e-4, atol=1e-6,
                                       err_msg=f"layer {k}, {hidden}→{out} with {loss}")


def test_delta_is_the_derivative_with_respect_to_z():
    """trace.delta[k] is ∂L/∂z per sample (the batch loss times the batch size)."""
    rng = np.random.default_rng(4)
    net = Network.build([2, 3, 2], hidden="tanh", output="sigmoid", seed=2)
    X, Y = rng.normal(size=(3, 2)), rng.uniform(size=(3, 2))
    trace = Trainer(net.copy(), loss="mse").step(X, Y)
    zs, _ = net.forward_all(X)
    out = net.layers[-1].act
    eps = 1e-6
    for s in range(3):
        for i in range(2):
            zp, zm = zs[-1].copy(), zs[-1].copy()
            zp[s, i] += eps
            zm[s, i] -= eps
            lp = get_loss("mse")(out(zp), Y) * 3
            lm = get_loss("mse")(out(zm), Y) * 3
            assert trace.delta[-1][s, i] == pytest.approx((lp - lm) / (2 * eps), rel=1e-5)
