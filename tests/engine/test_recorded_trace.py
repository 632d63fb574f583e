"""Recorded steps: traces that later steps cannot change, and bad data caught per batch
although a data set's shape is checked only once."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nnviz.engine import Network, Trainer, datasets, events
from nnviz.engine.losses import MeanKernel, get_loss

ARRAYS = ("a_in", "targets", "sample_index")
LISTS = ("z", "a", "delta", "grad_W", "grad_b", "W_before", "W_after", "b_before", "b_after",
         "mask", "grad_W_reg", "grad_b_reg")
SCALARS = ("loss", "reg_loss", "clip_scale", "step_index", "epoch", "diverged", "fused",
           "activations", "loss_name", "lr", "optimizer", "dropout")


def _snapshot(t):
    """Every field of a trace, copied."""
    snap = {}
    for name in ARRAYS:
        v = getattr(t, name)
        snap[name] = None if v is None else np.array(v)
    for name in LISTS:
        v = getattr(t, name)
        snap[name] = None if v is None else [None if a is None else np.array(a) for a in v]
    for name in SCALARS:
        snap[name] = getattr(t, name)
    return snap


def _assert_same(t, snap):
    for name in ARRAYS:
        v = getattr(t, name)
        if snap[name] is None:
            assert v is None, name
        else:
            np.testing.assert_array_equal(v, snap[name], err_msg=name)
    for name in LISTS:
        v = getattr(t, name)
        if snap[name] is None:
            assert v is None, name
            continue
        assert len(v) == len(snap[name]), name
        for k, (x, y) in enumerate(zip(v, snap[name])):
            if y is None:
                assert x is None, (name, k)
            else:
                np.testing.assert_array_equal(x, y, err_msg=f"{name}[{k}]")
    for name in SCALARS:
        assert getattr(t, name) == snap[name], name


def _trainer(**kw):
    net = Network.build([2, 5, 3, 1], hidden="tanh", output="sigmoid", seed=3)
    kw.setdefault("loss", "bce")
    return Trainer(net, lr=0.4, batch_size=kw.pop("batch_size", 6), seed=11, **kw)


@pytest.mark.parametrize("kw", [{}, {"dropout": 0.3, "l1": 0.01, "l2": 0.02},
                                {"optimizer": "adam", "batch_size": None},
                                {"clip_norm": 0.05, "batch_size": 1}])
def test_a_recorded_trace_is_not_changed_by_later_steps(kw):
    X, Y = datasets.load("moons", n=20, seed=4)
    tr = _trainer(**kw)
    tr.train_steps(X, Y, 3)
    start = tr.get_state()
    reference = _snapshot(tr.next_step(X, Y))       # read at once
    tr.set_state(start)
    t = tr.next_step(X, Y)                           # the same step, read only later
    partly = t.z[0].copy()                           # one field read now, the rest later
    for _ in range(4):
        tr.next_step(X, Y)
    tr.train_steps(X, Y, 7)
    tr.step(X[:5], Y[:5])
    tr.net.layers[0].W[...] = 7.0                    # edited in place
    tr.next_step(X, Y)
    _assert_same(t, reference)
    np.testing.assert_array_equal(t.z[0], partly)
    # what the trace shows is what happened: the weights after are the next step's before
    tr.set_state(start)
    t1, t2 = tr.next_step(X, Y), tr.next_step(X, Y)
    for Wa, Wb in zip(t1.W_after, t2.W_before):
        np.testing.assert_array_equal(Wa, Wb)


def test_a_trace_keeps_its_batch_when_the_data_is_edited_and_holds_its_own_arrays():
    X, Y = datasets.load("circle", n=8, seed=1)
    X, Y = X.copy(), Y.copy()
    tr = _trainer(batch_size=None)
    t = tr.step(X, Y)
    before = (X.copy(), Y.copy())
    X += 1.0
    Y[:] = 1.0 - Y
    tr.step(X, Y)
    np.testing.assert_array_equal(t.a_in, before[0])
    np.testing.assert_array_equal(t.targets, before[1])
    t.W_after[0][...] = 99.0                         # writing into a trace changes only it
    assert not np.any(tr.net.layers[0].W == 99.0)
    mini = _trainer(batch_size=4)
    t2 = mini.next_step(X, Y)
    seen = t2.sample_index.tolist()
    t2.sample_index[...] = 0                         # the trainer's epoch order is its own
    assert mini.get_state()["order"][:4].tolist() == seen
    assert sorted(seen + mini.next_step(X, Y).sample_index.tolist()) == list(range(8))


def test_data_changed_in_place_after_it_was_checked_is_still_caught():
    X, Y = datasets.load("moons", n=12, seed=2)
    X, Y = X.copy(), Y.copy()
    tr = _trainer(batch_size=None, dropout=0.2)
    tr.next_step(X, Y)                               # X, Y checked and remembered
    X[5, 1] = np.nan
    state = tr.get_state()
    with pytest.raises(ValueError, match="inputs contain NaN"):
        tr.next_step(X, Y)
    after = tr.get_state()
    assert not tr.diverged and after["steps"] == state["steps"]
    assert after["rng"] == state["rng"] and after["pos"] == state["pos"]
    for (W0, b0), (W1, b1) in zip(state["params"], after["params"]):
        np.testing.assert_array_equal(W0, W1)
        np.testing.assert_array_equal(b0, b1)
    X[5, 1] = 0.5
    Y[2, 0] = np.inf
    with pytest.raises(ValueError, match="targets contain NaN"):
        tr.step(X, Y)
    Y[2, 0] = 1.0
    assert tr.step(X, Y).diverged is False and tr.steps == state["steps"] + 1
    # a new shape or a new network is checked again
    with pytest.raises(ValueError, match="takes 2 inputs"):
        tr.next_step(np.ones((12, 3)), Y)
    tr.net = Network.build([3, 2, 1], seed=0)
    with pytest.raises(ValueError, match="takes 3 inputs"):
        tr.next_step(X, Y)


ACTS = ("linear", "step", "sign", "sigmoid", "tanh", "relu", "leaky_relu")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hidden=st.sampled_from(ACTS), output=st.sampled_from(ACTS + ("softmax",)),
       loss=st.sampled_from(("half_sse", "mse", "bce", "cce")),
       bad=st.sampled_from((np.nan, np.inf, -np.inf)), in_targets=st.booleans(),
       row=st.integers(0, 5), col=st.integers(0, 2), zero_weights=st.booleans(),
       dropout=st.sampled_from((0.0, 0.5)), seed=st.integers(0, 50))
def test_any_non_finite_value_in_a_batch_is_a_clear_error_and_changes_nothing(
        hidden, output, loss, bad, in_targets, row, col, zero_weights, dropout, seed):
    rng = np.random.default_rng(seed)
    n_out = 3 if output == "softmax" else 2
    net = Network.build([3, 4, n_out], hidden=hidden, output=output, seed=seed,
                        init="zeros" if zero_weights else "xavier")
    X = rng.normal(0, 2, (6, 3))
    Y = np.eye(n_out)[rng.integers(0, n_out, 6)]
    if in_targets:
        Y[row, col % n_out] = bad
    else:
        X[row, col] = bad
    tr = Trainer(net, loss=loss, lr=0.3, dropout=dropout, seed=seed)
    params = net.get_params()
    with pytest.raises(ValueError, match="contain NaN or infinity"):
        tr.next_step(X, Y)
    with pytest.raises(ValueError, match="contain NaN or infinity"):
        tr.step(X, Y)
    with pytest.raises(ValueError, match="contain NaN or infinity"):
        tr.train_steps(X, Y, 1)
    assert not tr.diverged and tr.steps == 0 and tr.epoch == 0
    for (W0, b0), layer in zip(params, net.layers):
        np.testing.assert_array_equal(W0, layer.W)
        np.testing.assert_array_equal(b0, layer.b)


# -- the loss of a recorded step ----------------------------------------------------------------
@pytest.mark.parametrize(("output", "loss"), [("sigmoid", "bce"), ("softmax", "cce"),
                                              ("sigmoid", "half_sse"), ("linear", "mse"),
                                              ("tanh", "bce"), ("softmax", "half_sse")])
def test_the_trace_loss_is_the_loss_of_the_batch_before_the_update(output, loss):
    X, Y = datasets.load("blobs", n=24, classes=3, seed=5)
    net = Network.build([2, 4, 3], hidden="tanh", output=output, seed=1)
    before = net.copy()
    tr = Trainer(net, loss=loss, lr=0.2, batch_size=8, seed=0)
    t = tr.next_step(X, Y)
    expect = tr.loss_fn(before.forward(t.a_in), t.targets)
    assert t.loss == pytest.approx(expect, rel=1e-13)
    assert t.loss == get_loss(loss).mean(t.a[-1], t.targets)           # the same bits
    assert [e.loss for e in t.events() if isinstance(e, events.BatchLoss)] == [t.loss]


def test_a_nan_output_is_reported_as_a_non_finite_loss_and_changes_nothing():
    net = Network.build([2, 3], output="softmax", seed=0)
    net.layers[0].W[...] = np.abs(net.layers[0].W) + 1.0
    params = net.get_params()
    tr = Trainer(net, loss="cce", lr=0.1)
    X = np.array([[1e308, 1e308], [0.5, 0.2]])      # z overflows: softmax gives NaN
    with np.errstate(all="ignore"):
        t = tr.step(X, np.eye(3)[:2])
    assert t.diverged and tr.diverged and t.diverged_reason == "the loss became infinite or NaN"
    assert np.isnan(t.loss) and t.step_index == tr.steps == 0
    for (W, b), Wb, Wa, bb in zip(params, t.W_before, t.W_after, t.b_before):
        np.testing.assert_array_equal(W, Wb)        # the weights before, not a stale copy
        np.testing.assert_array_equal(W, Wa)
        np.testing.assert_array_equal(b, bb)


def test_huge_targets_still_give_the_exact_loss():
    net = Network.build([2, 3, 1], hidden="relu", output="sigmoid", seed=0)
    tr = Trainer(net, loss="bce", lr=1e-3)
    X, Y = np.array([[0.5, 0.2], [0.1, -0.3]]), np.array([[1e295], [1.0]])
    before = net.copy()
    with np.errstate(over="ignore"):
        t = tr.step(X, Y)
    assert t.loss == tr.loss_fn(before.forward(X), Y) and np.isfinite(t.loss)


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(("bce", "cce", "half_sse", "mse")), B=st.integers(1, 40),
       K=st.integers(1, 4), seed=st.integers(0, 10_000), special=st.booleans())
def test_the_loss_kernel_gives_the_same_bits_as_loss_mean(name, B, K, seed, special):
    rng = np.random.default_rng(seed)
    o = rng.uniform(0, 1, (B, K))
    t = rng.integers(0, 2, (B, K)).astype(float)
    if special:                          # exact 0 and 1, signed zeros, targets off 0/1, o == t
        o[rng.random((B, K)) < 0.3] = 0.0
        o[rng.random((B, K)) < 0.3] = 1.0
        t[rng.random((B, K)) < 0.3] = -0.0
        t[rng.random((B, K)) < 0.2] = 1.5
        m = rng.random((B, K)) < 0.3
        o[m] = t[m]
    loss = get_loss(name)
    kernel = MeanKernel(loss)
    for _ in range(2):                   # fresh and reused work arrays
        assert np.float64(kernel(o, t)).tobytes() == np.float64(loss.mean(o, t)).tobytes()


def test_a_saved_state_is_its_own_and_replays_exactly_any_number_of_times():
    X, Y = datasets.load("moons", n=20, seed=4)
    tr = _trainer(optimizer="adam", dropout=0.2)
    tr.train_steps(X, Y, 4)
    state = tr.get_state()
    saved = {k: [a.copy() for a in v] for k, v in state["opt_state"].items()}
    first = _snapshot(tr.next_step(X, Y))
    tr.train_steps(X, Y, 9)                         # the optimizer's arrays move on …
    for k, v in saved.items():                      # … the saved ones do not
        for a, b in zip(v, state["opt_state"][k]):
            np.testing.assert_array_equal(a, b)
    for _ in range(2):
        tr.set_state(state)
        _assert_same(tr.next_step(X, Y), first)
        tr.next_step(X, Y)
