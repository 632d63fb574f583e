"""The Trainer: traces and events, optimizers, batching, regularization, divergence."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from nnviz.engine import DivergedError, Network, Trainer, datasets, events
from nnviz.engine.events import BIAS


def _net(sizes=(2, 3, 1), **kw):
    kw.setdefault("hidden", "tanh")
    kw.setdefault("output", "sigmoid")
    return Network.build(list(sizes), seed=kw.pop("seed", 1), **kw)


def _xor():
    return datasets.load("xor")


# -- traces and events ------------------------------------------------------------------------
def test_events_carry_the_trace_numbers_in_teaching_order():
    X, Y = datasets.load("circle", n=3, seed=2)
    tr = Trainer(_net((2, 3, 2, 1)), loss="half_sse", lr=0.3)
    t = tr.step(X, Y)
    evs = list(t.events())
    kinds = [type(e).__name__ for e in evs]
    per_sample = ["ForwardUnit"] * 6 + ["OutputError", "SampleLoss"] + ["DeltaUnit"] * 6
    n_updates = sum(W.size + W.shape[0] for W in t.W_before)
    assert kinds == per_sample * 3 + ["BatchLoss"] + ["WeightUpdate"] * n_updates
    for e in evs:
        if isinstance(e, events.ForwardUnit):
            assert e.z == t.z[e.layer][e.sample, e.unit]
            assert e.a == t.a[e.layer][e.sample, e.unit]
            assert e.w == tuple(t.W_before[e.layer][e.unit])
            assert e.x == tuple(t.inputs_to(e.layer)[e.sample])
            assert e.z == pytest.approx(e.b + sum(w * x for w, x in zip(e.w, e.x)), abs=1e-12)
        elif isinstance(e, events.OutputError):
            assert e.error == pytest.approx(t.a[-1][e.sample, e.unit] - t.targets[e.sample, e.unit])
        elif isinstance(e, events.DeltaUnit):
            assert e.delta == t.delta[e.layer][e.sample, e.unit]
            assert e.delta == pytest.approx(e.fprime * e.dL_da, rel=1e-10, abs=1e-15)
            if not e.is_output:
                assert e.dL_da == pytest.approx(sum(w * d for _, w, d in e.downstream))
        elif isinstance(e, events.BatchLoss):
            assert e.loss == t.loss
        elif isinstance(e, events.WeightUpdate):
            if e.input == BIAS:
                old, new, g = (t.b_before[e.layer][e.unit], t.b_after[e.layer][e.unit],
                               t.grad_b[e.layer][e.unit])
            else:
                old, new, g = (t.W_before[e.layer][e.unit, e.input],
                               t.W_after[e.layer][e.unit, e.input],
                               t.grad_W[e.layer][e.unit, e.input])
            assert (e.old, e.new, e.grad) == (old, new, g)
            assert e.grad == pytest.approx(np.mean([d * x for d, x in e.terms]))
            assert e.new == pytest.approx(e.old - 0.3 * e.grad)
    # deltas go from the output back; updates from the output layer back
    deltas = [e.layer for e in evs if isinstance(e, events.DeltaUnit) and e.sample == 0]
    assert deltas == sorted(deltas, reverse=True)
    ups = [e.layer for e in evs if isinstance(e, events.WeightUpdate)]
    assert ups == sorted(ups, reverse=True)


def test_recorded_and_fast_steps_compute_the_same_weights():
    X, Y = datasets.load("spiral", n=40, seed=3)
    a = Trainer(_net((2, 5, 4, 1)), lr=0.1, batch_size=7, seed=9, optimizer="adam", l2=1e-3,
                dropout=0.2)
    b = Trainer(_net((2, 5, 4, 1)), lr=0.1, batch_size=7, seed=9, optimizer="adam", l2=1e-3,
                dropout=0.2)
    for _ in range(13):
        a.next_step(X, Y)
    b.train_steps(X, Y, 13)
    for la, lb in zip(a.net.layers, b.net.layers):
        np.testing.assert_array_equal(la.W, lb.W)
        np.testing.assert_array_equal(la.b, lb.b)
    assert (a.steps, a.epoch) == (b.steps, b.epoch) == (13, 2)


def test_same_seed_same_training_and_other_seed_differs():
    X, Y = datasets.load("moons", n=60, seed=1)

    def run(seed):
        tr = Trainer(_net(), lr=0.2, batch_size=8, seed=seed)
        tr.train_epochs(X, Y, 5)
        return tr.net.to_dict()

    assert run(4) == run(4)
    assert run(4) != run(5)
    assert Network.build([2, 3, 1], seed=7).to_dict() == Network.build([2, 3, 1], seed=7).to_dict()


@pytest.mark.parametrize(("batch_size", "per_epoch"), [(None, 1), (1, 10), (4, 3), (10, 1)])
def test_batch_modes_make_the_right_number_of_updates(batch_size, per_epoch):
    X, Y = datasets.load("circle", n=10, seed=0)
    tr = Trainer(_net(), batch_size=batch_size, seed=3)
    tr.train_epochs(X, Y, 3)
    assert tr.steps == 3 * per_epoch and tr.epoch == 3
    seen = []
    for _ in range(per_epoch):
        seen.extend(tr.next_step(X, Y).sample_index.tolist())
    assert sorted(seen) == list(range(10))       # each sample once per epoch
    assert tr.epoch == 4


def test_dropout_mask_in_trace_and_no_dropout_at_inference():
    X, Y = datasets.load("circle", n=16, seed=0)
    tr = Trainer(_net((2, 8, 1)), dropout=0.5, seed=2)
    t = tr.step(X, Y)
    m = t.mask[0]
    assert m.shape == (16, 8) and set(np.unique(m)) == {0.0, 1.0}
    assert t.mask[1] is None
    np.testing.assert_array_equal(t.a[0][m == 0], 0.0)
    raw = np.tanh(t.z[0])
    np.testing.assert_allclose(t.a[0][m == 1], raw[m == 1] * 2.0)
    np.testing.assert_array_equal(t.delta[0][m == 0], 0.0)
    before = tr.net.forward(X)
    np.testing.assert_array_equal(before, tr.net.forward(X))     # deterministic inference
    net = tr.net
    expect = 1 / (1 + np.exp(-(np.tanh(X @ net.layers[0].W.T + net.layers[0].b)
                               @ net.layers[1].W.T + net.layers[1].b)))
    np.testing.assert_allclose(before, expect, rtol=1e-12)


def test_l1_l2_and_clipping_shape_the_gradient():
    X, Y = _xor()
    plain = Trainer(_net(), lr=0.5).step(X, Y)
    reg = Trainer(_net(), lr=0.5, l1=0.01, l2=0.1).step(X, Y)
    for k, W in enumerate(plain.W_before):
        np.testing.assert_allclose(reg.grad_W[k], plain.grad_W[k] + 0.1 * W + 0.01 * np.sign(W))
        np.testing.assert_allclose(reg.grad_b[k], plain.grad_b[k])
        np.testing.assert_allclose(reg.grad_W_reg[k], 0.1 * W + 0.01 * np.sign(W))
    expect = sum(0.05 * np.sum(W * W) + 0.01 * np.sum(np.abs(W)) for W in plain.W_before)
    assert reg.reg_loss == pytest.approx(expect)
    clipped = Trainer(_net(), lr=0.5, clip_norm=1e-3).step(X, Y)
    norm = math.sqrt(sum(np.sum(g * g) for g in clipped.grad_W + clipped.grad_b))
    assert norm == pytest.approx(1e-3)
    assert clipped.clip_scale < 1
    np.testing.assert_allclose(clipped.grad_W[0], plain.grad_W[0] * clipped.clip_scale)


def test_fit_history_and_early_stopping_restore_the_best_weights():
    X, Y = datasets.load("gaussians", n=80, noise=0.6, seed=1)
    Xtr, Ytr, Xte, Yte = datasets.split(X, Y, 0.5, seed=0)
    tr = Trainer(_net((2, 16, 1)), lr=2.0, loss="bce", batch_size=4, seed=0)
    h = tr.fit(Xtr, Ytr, epochs=400, X_test=Xte, Y_test=Yte, patience=5)
    assert h.stopped_early and len(h.loss) < 400
    assert len(h.loss) == len(h.acc) == len(h.test_loss) == len(h.test_acc)
    assert h.best_epoch == int(np.argmin(h.test_loss))
    assert tr.evaluate(Xte, Yte)[0] == pytest.approx(min(h.test_loss))
    assert all(0 <= a <= 1 for a in h.acc)


def test_divergence_at_lr_10_restores_the_last_good_weights_and_stops():
    X, Y = datasets.load("plane", n=50, seed=0)
    net = Network.build([2, 4, 1], hidden="linear", output="linear", seed=0)
    tr = Trainer(net, lr=10.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss = tr.train_steps(X, Y, 1000)
    assert tr.diverged and math.isnan(loss) and tr.steps < 1000
    assert "too large" in tr.diverged_reason or "infinite" in tr.diverged_reason
    assert all(np.all(np.isfinite(layer.W)) for layer in net.layers)
    with pytest.raises(DivergedError, match="diverged"):
        tr.train_steps(X, Y, 1)
    with pytest.raises(DivergedError):
        tr.next_step(X, Y)
    # the recorded step marks its trace and keeps the old weights too
    tr.reset()
    saved = net.get_params()
    while True:
        t = tr.step(X, Y)
        if t.diverged:
            break
        saved = net.get_params()
    assert tr.diverged and t.diverged_reason == tr.diverged_reason
    for (W, b), layer, Wb, Wa in zip(saved, net.layers, t.W_before, t.W_after):
        np.testing.assert_array_equal(layer.W, W)
        np.testing.assert_array_equal(layer.b, b)
        np.testing.assert_array_equal(layer.W, Wb)
        np.testing.assert_array_equal(Wa, Wb)


def test_state_round_trip_steps_back_exactly():
    X, Y = datasets.load("moons", n=30, seed=2)
    tr = Trainer(_net(), optimizer="rmsprop", lr=0.05, batch_size=4, dropout=0.1, seed=1)
    tr.train_steps(X, Y, 5)
    state = tr.get_state()
    first = [tr.next_step(X, Y).W_after for _ in range(3)]
    tr.set_state(state)
    again = [tr.next_step(X, Y).W_after for _ in range(3)]
    for a, b in zip(first, again):
        for x, y in zip(a, b):
            np.testing.assert_array_equal(x, y)


def test_weights_edited_between_steps_are_used():
    X, Y = _xor()
    tr = Trainer(_net(), lr=0.5)
    tr.train_steps(X, Y, 3)
    tr.net.layers[0].W[0, 0] = 2.5
    t = tr.step(X, Y)
    assert t.W_before[0][0, 0] == 2.5
    tr.net.layers[0].W = np.ones((3, 2))                  # replaced, not edited in place
    t = tr.step(X, Y)
    np.testing.assert_array_equal(t.W_before[0], np.ones((3, 2)))


def test_settings_round_trip_and_bad_settings():
    tr = Trainer(_net(), loss="bce", optimizer="adam", lr=0.01, batch_size=16, seed=5,
                 l1=0.001, l2=0.01, dropout=0.2, clip_norm=5.0, beta1=0.8)
    import json
    s = json.loads(json.dumps(tr.settings()))
    assert Trainer.from_settings(_net(), s).settings() == tr.settings()
    bad = [dict(lr=0), dict(lr=float("nan")), dict(lr=1e9), dict(lr="fast"), dict(batch_size=0),
           dict(batch_size=2.5), dict(l2=-1), dict(dropout=1.0), dict(clip_norm=0),
           dict(optimizer="sgdd"), dict(loss="hinge"), dict(seed=-1), dict(beta1=1.5)]
    for kw in bad:
        with pytest.raises(ValueError):
            Trainer(_net(), **kw)
    with pytest.raises(ValueError, match="valid names: sgd, momentum"):
        Trainer(_net(), optimizer="sgdd")
    with pytest.raises(ValueError, match="unknown trainer settings: speed"):
        Trainer.from_settings(_net(), {"speed": 3})


def test_bad_training_data_is_a_clear_error():
    tr = Trainer(_net())
    X, Y = _xor()
    with pytest.raises(ValueError, match="takes 2 inputs"):
        tr.step(np.ones((4, 3)), Y)
    with pytest.raises(ValueError, match="targets have shape"):
        tr.step(X, np.ones((4, 2)))
    with pytest.raises(ValueError, match="NaN"):
        tr.step(np.array([[np.nan, 0.0]]), [[1.0]])
    with pytest.raises(ValueError, match="NaN"):
        tr.train_steps(X, np.array([[0.0], [np.inf], [1.0], [0.0]]), 2)
    with pytest.raises(ValueError, match="numbers"):
        tr.step([["a", "b"]], [[1.0]])


def test_the_divergence_reason_tells_the_weights_kept_from_the_rejected_ones():
    """The reason quoted the root mean square of the update the engine rejected (1.95e+07)
    while the weights kept, and shown, had 7e+04: it names both, each as what it is."""
    import re
    rng = np.random.default_rng(3)
    X = rng.normal(size=(40, 2))
    Y = (X[:, :1] > 0).astype(float)
    net = Network.build([2, 4, 1], hidden="tanh", output="linear", seed=0)
    tr = Trainer(net, loss="mse", lr=50.0, batch_size=None)
    for _ in range(200):
        if tr.step(X, Y).diverged:
            break
    assert tr.diverged
    m = re.search(r"would have made the weights too large \(root mean square (\S+); the "
                  r"weights kept have (\S+)\)", tr.diverged_reason)
    assert m, tr.diverged_reason
    theta = np.concatenate([np.concatenate([W.ravel(), b.ravel()])
                            for W, b in net.get_params()])
    kept = float(np.sqrt(theta @ theta / theta.size))
    assert float(m.group(2)) == pytest.approx(kept, rel=1e-2)
    assert float(m.group(1)) > float(m.group(2))
