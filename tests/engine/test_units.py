"""McCulloch–Pitts and perceptron units against hand-worked truth tables and the rule."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from nnviz.engine.units import McCullochPitts, Perceptron

GATES = {
    # name: (n, threshold, inhibitory, function)
    "AND": (2, 2, (), lambda a, b: a and b),
    "OR": (2, 1, (), lambda a, b: a or b),
    "NOR": (2, 0, (0, 1), lambda a, b: not (a or b)),
    "AND-NOT": (2, 1, (1,), lambda a, b: a and not b),
}


@pytest.mark.parametrize("name", GATES)
def test_mp_gates(name):
    n, theta, inh, f = GATES[name]
    unit = McCullochPitts(n, theta, inh)
    table = unit.truth_table()
    assert table.shape == (4, 3)
    assert table[:, :2].tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert table[:, 2].tolist() == [int(bool(f(a, b))) for a, b in table[:, :2]]
    for a, b, y in table:
        assert unit.fire([a, b]) == y


def test_mp_not_and_three_input_majority():
    not_unit = McCullochPitts(1, 0, inhibitory=[0])
    assert not_unit.truth_table().tolist() == [[0, 1], [1, 0]]
    majority = McCullochPitts(3, 2)
    for x in itertools.product((0, 1), repeat=3):
        assert majority.fire(x) == int(sum(x) >= 2)
    assert majority.truth_table().shape == (8, 4)


def test_mp_absolute_inhibition_beats_any_excitation():
    unit = McCullochPitts(4, 1, inhibitory=(3,))
    assert unit.fire([1, 1, 1, 0]) == 1
    assert unit.fire([1, 1, 1, 1]) == 0
    assert unit.inhibited([0, 0, 0, 1]) is True
    assert unit.excitation([1, 0, 1, 1]) == 2
    assert unit.excitatory == (0, 1, 2)
    batch = unit.fire(np.array([[1, 0, 0, 0], [1, 0, 0, 1], [0, 0, 0, 0]]))
    assert batch.tolist() == [1, 0, 0]


def test_mp_no_single_unit_is_xor_or_nand():
    """Search every threshold and inhibitory set on two inputs: XOR and NAND never appear."""
    xor, nand = [0, 1, 1, 0], [1, 1, 1, 0]
    outputs = set()
    for theta in range(0, 4):
        for inh in ((), (0,), (1,), (0, 1)):
            outputs.add(tuple(McCullochPitts(2, theta, inh).truth_table()[:, 2]))
    assert tuple(xor) not in outputs and tuple(nand) not in outputs
    assert (0, 0, 0, 1) in outputs and (1, 0, 0, 0) in outputs   # AND and NOR are reachable


def test_mp_round_trip_and_bad_input():
    unit = McCullochPitts(3, 2, inhibitory=(2,))
    assert McCullochPitts.from_dict(unit.to_dict()) == unit
    with pytest.raises(ValueError, match="0 or 1"):
        unit.fire([1, 2, 0])
    with pytest.raises(ValueError, match="3 values"):
        unit.fire([1, 0])
    with pytest.raises(ValueError, match="between 1 and"):
        McCullochPitts(0, 1)
    with pytest.raises(ValueError, match="threshold"):
        McCullochPitts(2, 1.5)
    with pytest.raises(ValueError, match="threshold must be between"):
        McCullochPitts(2, 7)
    with pytest.raises(ValueError, match="index 2"):
        McCullochPitts(2, 1, inhibitory=(2,))
    with pytest.raises(ValueError, match="twice"):
        McCullochPitts(2, 1, inhibitory=(0, 0))


GATE_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)


def _by_hand(X, t, w, b, lr, lo):
    """Rosenblatt's rule written out independently: one epoch, returns (w, b, mistakes)."""
    w, b, mistakes = list(w), b, 0
    for x, target in zip(X.tolist(), t):
        z = w[0] * x[0] + w[1] * x[1] + b
        y = 1 if z >= 0 else lo
        if y != target:
            mistakes += 1
            w = [w[0] + lr * (target - y) * x[0], w[1] + lr * (target - y) * x[1]]
            b = b + lr * (target - y)
    return w, b, mistakes


@pytest.mark.parametrize("gate,t", [("AND", [0, 0, 0, 1]), ("OR", [0, 1, 1, 1])])
def test_perceptron_converges_on_and_or(gate, t):
    p = Perceptron(2, lr=0.5, w=[0.3, -0.2], b=0.1)
    w, b = [0.3, -0.2], 0.1
    converged, epochs = p.fit(GATE_X, t, max_epochs=50)
    assert converged and p.cycle is None
    assert p.predict(GATE_X).tolist() == t
    assert p.epoch_errors[-1] == 0 and all(e > 0 for e in p.epoch_errors[:-1])
    assert epochs == len(p.epoch_errors)
    for _ in range(epochs):
        w, b, _m = _by_hand(GATE_X, t, w, b, 0.5, 0)
    assert np.allclose(p.w, w) and np.isclose(p.b, b)


def test_perceptron_never_converges_on_xor_and_detects_the_cycle():
    p = Perceptron(2, lr=1.0)
    converged, epochs = p.fit(GATE_X, [0, 1, 1, 0], max_epochs=200)
    assert not converged
    assert p.cycle is not None
    first, again = p.cycle
    assert again == epochs < 200 and first < again
    # the same weights really did come back: replay from the start and compare
    q = Perceptron(2, lr=1.0)
    ends = []
    for _ in range(again):
        q.train_epoch(GATE_X, [0, 1, 1, 0])
        ends.append((*q.w, q.b))
    start = (0.0, 0.0, 0.0)
    seen_first = start if first == 0 else ends[first - 1]
    assert ends[again - 1] == seen_first
    assert all(e > 0 for e in p.epoch_errors)


def test_perceptron_bipolar_mode():
    t = [-1, -1, -1, 1]
    p = Perceptron(2, lr=0.25, bipolar=True)
    assert p.classes == (-1, 1)
    converged, _ = p.fit(GATE_X, t, 100)
    assert converged and p.predict(GATE_X).tolist() == t
    first = p.steps[0]
    # (0, 0) with zero weights: z = 0 → y = +1, target −1 → Δb = 0.25·(−2) = −0.5
    assert first.output == 1 and first.db == -0.5 and first.dw == (0.0, 0.0)
    with pytest.raises(ValueError, match="-1 or 1"):
        p.fit(GATE_X, [0, 0, 0, 1])


def test_perceptron_records_each_step():
    p = Perceptron(2, lr=0.5, w=[1.0, 1.0], b=-0.5)
    updates = p.train_epoch(GATE_X, [0, 0, 0, 1])
    assert len(p.steps) == 4 and p.epoch == 1
    assert [s.index for s in p.steps] == [0, 1, 2, 3]
    assert updates == [s for s in p.steps if s.mistake]
    s = p.steps[1]   # x = (0, 1): z = 1 − 0.5 = 0.5 ≥ 0 → y = 1, t = 0: a mistake
    assert s.z == 0.5 and s.output == 1 and s.target == 0 and s.error == -1
    assert s.dw == (0.0, -0.5) and s.db == -0.5
    assert s.w_before == (1.0, 1.0) and s.w_after == (1.0, 0.5) and s.b_after == -1.0
    for a, b in zip(p.steps, p.steps[1:]):
        assert a.w_after == b.w_before and a.b_after == b.b_before
    ok = p.steps[0]
    assert not ok.mistake and ok.dw == (0.0, 0.0) and ok.w_before == ok.w_after


def test_perceptron_bad_input_and_state():
    with pytest.raises(ValueError, match="learning rate"):
        Perceptron(2, lr=0)
    with pytest.raises(ValueError, match="need 2 weights"):
        Perceptron(2, w=[1, 2, 3])
    with pytest.raises(ValueError, match="finite"):
        Perceptron(2, b=float("nan"))
    p = Perceptron(2)
    with pytest.raises(ValueError, match="rows of 2"):
        p.train_epoch(np.zeros((3, 3)), [0, 0, 0])
    with pytest.raises(ValueError, match="3 samples but 2"):
        p.train_epoch(np.zeros((3, 2)), [0, 0])
    with pytest.raises(ValueError, match="0 or 1"):
        p.train_epoch(np.zeros((1, 2)), [2])
    with pytest.raises(ValueError, match="max_epochs"):
        p.fit(GATE_X, [0, 0, 0, 1], max_epochs=0)
    p.set_state({"w": [0.5, -1.25], "b": 2.0})
    assert p.get_state() == {"w": [0.5, -1.25], "b": 2.0}
    with pytest.raises(ValueError, match="need 2 weights"):
        p.set_state({"w": [1.0], "b": 0.0})
    assert p.get_state() == {"w": [0.5, -1.25], "b": 2.0}
    q = Perceptron.from_dict(p.to_dict())
    assert q.to_dict() == p.to_dict()


def test_perceptron_rewind_restores_everything():
    xor = [0, 1, 1, 0]
    p = Perceptron(2, lr=0.5, w=[0.2, -0.1], b=0.05)
    p.train_epoch(GATE_X, xor)
    snap = p.snapshot()
    before = (p.w.copy(), p.b, list(p.epoch_errors), len(p.steps))
    p.fit(GATE_X, xor, max_epochs=50)
    assert p.cycle is not None and p.epoch > 1
    p.rewind(snap)
    assert np.array_equal(p.w, before[0]) and p.b == before[1]
    assert p.epoch_errors == before[2] and len(p.steps) == before[3] and p.cycle is None
    again = Perceptron(2, lr=0.5, w=[0.2, -0.1], b=0.05)
    again.fit(GATE_X, xor, max_epochs=50)
    p.fit(GATE_X, xor, max_epochs=50)
    assert p.cycle == again.cycle and np.array_equal(p.w, again.w)


def test_perceptron_z_of_zero_is_not_lost_to_rounding():
    """(0.1 + 0.2)·1 + 0.1·0 − 0.3 is 0 (y = 1 by z ≥ 0), not 5.6e−17 in floats (weights
    reached by steps of η = 0.1 carry such errors; −2.8e−17 gave y = 0)."""
    p = Perceptron(2, lr=0.1, w=[0.1 + 0.2, 0.1], b=-0.3)
    assert float(np.array([1.0, 0.0]) @ p.w + p.b) != 0.0      # what floats give
    assert p.net_input([1.0, 0.0]) == 0.0 and p.predict([1.0, 0.0]) == 1.0
    assert list(p.predict(np.array([[1.0, 0.0], [0.0, 0.0]]))) == [1.0, 0.0]
    assert p.step([1.0, 0.0], 0.0).z == 0.0          # the rule sees the same z


def test_perceptron_learning_rate_only_scales_a_run_from_zero_weights():
    """From zero weights the rule makes the same mistakes at any η, with weights scaled by η
    (lesson 2): float rounding had made η = 0.1 take a different path from η = 1."""
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
    t = np.array([0, 0, 0, 1], float)
    runs = {}
    for lr in (1.0, 0.1, 0.3):
        p = Perceptron(2, lr=lr)
        assert p.fit(X, t)[0]
        runs[lr] = (p.epoch_errors, np.append(p.w, p.b) / lr)
    for lr in (0.1, 0.3):
        assert runs[lr][0] == runs[1.0][0]
        assert np.allclose(runs[lr][1], runs[1.0][1])
