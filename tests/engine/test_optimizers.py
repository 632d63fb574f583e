"""Each optimizer's first two updates, worked out by hand from its published rule."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nnviz.engine import OPTIMIZERS, Dense, Network, Optimizer, Trainer

LR = 0.1
THETA0 = 0.5
G1, G2 = 0.2, -0.4
EPS = 1e-8


def hand(name):
    """[θ after step 1, θ after step 2] for one scalar parameter, written out long-hand."""
    t0 = THETA0
    if name == "sgd":
        t1 = t0 - LR * G1
        return [t1, t1 - LR * G2]
    if name == "momentum":                # v ← 0.9v − ηg; θ ← θ + v
        v1 = -LR * G1
        v2 = 0.9 * v1 - LR * G2
        return [t0 + v1, t0 + v1 + v2]
    if name == "nesterov":                # θ ← θ + 0.9v − ηg
        v1 = -LR * G1
        v2 = 0.9 * v1 - LR * G2
        t1 = t0 + 0.9 * v1 - LR * G1
        return [t1, t1 + 0.9 * v2 - LR * G2]
    if name == "adagrad":
        G_1 = G1 ** 2
        G_2 = G1 ** 2 + G2 ** 2
        t1 = t0 - LR * G1 / (math.sqrt(G_1) + EPS)
        return [t1, t1 - LR * G2 / (math.sqrt(G_2) + EPS)]
    if name == "rmsprop":
        s1 = 0.1 * G1 ** 2
        s2 = 0.9 * s1 + 0.1 * G2 ** 2
        t1 = t0 - LR * G1 / (math.sqrt(s1) + EPS)
        return [t1, t1 - LR * G2 / (math.sqrt(s2) + EPS)]
    m1 = 0.1 * G1
    m2 = 0.9 * m1 + 0.1 * G2
    v1 = 0.001 * G1 ** 2
    v2 = 0.999 * v1 + 0.001 * G2 ** 2
    if name == "adam":                    # bias-corrected moments
        t1 = t0 - LR * (m1 / 0.1) / (math.sqrt(v1 / 0.001) + EPS)
        c1, c2 = 1 - 0.9 ** 2, 1 - 0.999 ** 2
        return [t1, t1 - LR * (m2 / c1) / (math.sqrt(v2 / c2) + EPS)]
    if name == "nadam":                   # β₁m̂ + (1 − β₁)g/(1 − β₁ᵗ) in place of m̂
        look1 = 0.9 * (m1 / 0.1) + 0.1 * G1 / 0.1
        t1 = t0 - LR * look1 / (math.sqrt(v1 / 0.001) + EPS)
        c1, c2 = 1 - 0.9 ** 2, 1 - 0.999 ** 2
        look2 = 0.9 * (m2 / c1) + 0.1 * G2 / c1
        return [t1, t1 - LR * look2 / (math.sqrt(v2 / c2) + EPS)]
    if name == "adamax":                  # u ← max(β₂u, |g|)
        u1 = abs(G1)
        u2 = max(0.999 * u1, abs(G2))
        t1 = t0 - LR * m1 / (0.1 * (u1 + EPS))
        return [t1, t1 - LR * m2 / ((1 - 0.9 ** 2) * (u2 + EPS))]
    raise AssertionError(name)


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_first_two_updates_match_the_hand_computation(name):
    opt = Optimizer(name, LR)
    theta = np.array([THETA0])
    got = []
    for g in (G1, G2):
        opt.begin_step()
        opt.step(0, theta, np.array([g]))
        got.append(theta[0])
    assert got == pytest.approx(hand(name), rel=1e-12)


@pytest.mark.parametrize("name", OPTIMIZERS)
def test_trainer_applies_the_optimizer_to_the_batch_gradient(name):
    """A 1→1 linear neuron, one sample: its gradient is known, so is the update."""
    net = Network([Dense([[THETA0]], [0.0], "linear")])
    tr = Trainer(net, loss="half_sse", optimizer=name, lr=LR)
    x, t = 1.0, THETA0 - G1              # ∂L/∂w = (o − t)·x = G1 on the first step
    trace = tr.step([[x]], [[t]])
    assert trace.grad_W[0][0, 0] == pytest.approx(G1)
    assert trace.W_after[0][0, 0] == pytest.approx(hand(name)[0], rel=1e-12)


def test_unknown_optimizer_lists_valid_names():
    with pytest.raises(ValueError, match="valid names: sgd, momentum, nesterov, adagrad"):
        Optimizer("lbfgs", 0.1)
