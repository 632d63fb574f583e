"""Data sets for the lessons: logic gates and 2-D sets in the style of TensorFlow Playground.

    X, Y = datasets.load("circle", n=500, noise=0.1, seed=0)
    train = datasets.split(X, Y, test_ratio=0.5, seed=0)   # X_train, Y_train, X_test, Y_test
    F = datasets.features(train.X_train, ["x1", "x2", "x1*x2"])

Shapes: X is (n, 2) float64 (gates: (rows, inputs)); Y is (n, 1) for binary classification
and regression, (n, k) one-hot for multi-class (`blobs`).

- Logic gates `and`, `or`, `nand`, `nor`, `xor` (parity for more than 2 inputs) and `not`
  (1 input): by default the truth table, inputs and targets 0/1, rows in counting order.
  `bipolar=True` codes both inputs and targets as −1/+1 instead (0 → −1, 1 → +1), as in the
  bipolar perceptron. `inputs=k` gives a k-input gate. With `n` the rows are drawn at random
  from the truth table (seeded), and `noise` jitters the inputs (normal, sd = noise).
- 2-D sets: points in the square −6 … 6 (the plane TensorFlow Playground draws).
  Classification targets are 0/1 (for sigmoid outputs; `bipolar=True` gives −1/+1 for tanh),
  `blobs` has `classes` one-hot classes, and the regression sets (`plane`, `gauss_bumps`)
  have targets in −1 … 1. `noise` in 0 … 1 blurs the classes (0 = clean). Rows are shuffled.

`TASKS[name]` is "classification", "multiclass" or "regression".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import product
from typing import NamedTuple

import numpy as np

GATES = ("and", "or", "nand", "nor", "xor", "not")
SETS_2D = ("circle", "xor_quadrants", "gaussians", "spiral", "moons", "blobs", "plane",
           "gauss_bumps")
NAMES = GATES + SETS_2D
TASKS = {**{g: "classification" for g in GATES},
         "circle": "classification", "xor_quadrants": "classification",
         "gaussians": "classification", "spiral": "classification", "moons": "classification",
         "blobs": "multiclass", "plane": "regression", "gauss_bumps": "regression"}
LABELS = {"and": "AND", "or": "OR", "nand": "NAND", "nor": "NOR", "xor": "XOR", "not": "NOT",
          "circle": "Circle", "xor_quadrants": "XOR quadrants", "gaussians": "Two Gaussians",
          "spiral": "Spiral", "moons": "Two moons", "blobs": "Blobs (several classes)",
          "plane": "Plane (regression)", "gauss_bumps": "Gaussian bumps (regression)"}
EXTENT = (-6.0, 6.0, -6.0, 6.0)   # x1 min, x1 max, x2 min, x2 max of the 2-D sets
DEFAULT_N = 500                   # like TensorFlow Playground
MAX_N = 100_000
MAX_CLASSES = 10
MAX_GATE_INPUTS = 10

FEATURES = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin_x1", "sin_x2")
FEATURE_LABELS = {"x1": "x₁", "x2": "x₂", "x1^2": "x₁²", "x2^2": "x₂²", "x1*x2": "x₁x₂",
                  "sin_x1": "sin(x₁)", "sin_x2": "sin(x₂)"}


class Split(NamedTuple):
    X_train: np.ndarray
    Y_train: np.ndarray
    X_test: np.ndarray
    Y_test: np.ndarray


# -- checking -----------------------------------------------------------------------------
def _check_name(name) -> str:
    if not isinstance(name, str) or name.lower() not in NAMES:
        raise ValueError(f"unknown data set {name!r}; valid names: {', '.join(NAMES)}")
    return name.lower()


def _whole(what, value, lo, hi) -> int:
    ok = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
    if not ok and isinstance(value, float) and value.is_integer():
        ok, value = True, int(value)
    if not ok or not lo <= value <= hi:
        raise ValueError(f"{what} must be a whole number from {lo} to {hi}, got {value!r}")
    return int(value)


def _unit_interval(what, value) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a number from 0 to 1, got {value!r}") from None
    if not (math.isfinite(v) and 0.0 <= v <= 1.0):
        raise ValueError(f"{what} must be a number from 0 to 1, got {value!r}")
    return v


# -- loading ------------------------------------------------------------------------------
def load(name: str, n: int | None = None, noise: float = 0.0, seed: int | None = 0, *,
         bipolar: bool = False, classes: int = 3, inputs: int | None = None):
    """(X, Y) for the data set `name` (see the module docstring)."""
    name = _check_name(name)
    noise = _unit_interval("noise", noise)
    rng = np.random.default_rng(seed)
    if name in GATES:
        return _gate(name, n, noise, rng, bipolar, inputs)
    if inputs is not None:
        raise ValueError(f"'inputs' only applies to the logic gates, not to {name!r}")
    n = DEFAULT_N if n is None else _whole("n (number of points)", n, 1, MAX_N)
    if bipolar and TASKS[name] != "classification":
        raise ValueError(f"bipolar targets only apply to two-class sets, not to {name!r}")
    if name == "blobs":
        classes = _whole("classes", classes, 2, MAX_CLASSES)
        X, labels = _blobs(n, noise, rng, classes)
        Y = np.eye(classes)[labels]
    elif name in ("plane", "gauss_bumps"):
        X, Y = _REGRESSION[name](n, noise, rng)
        Y = Y[:, None]
    else:
        X, labels = _BINARY[name](n, noise, rng)
        Y = labels.astype(np.float64)[:, None]
        if bipolar:
            Y = 2.0 * Y - 1.0
    order = rng.permutation(n)
    X = np.clip(X[order], EXTENT[0], EXTENT[1])
    return np.ascontiguousarray(X, dtype=np.float64), np.ascontiguousarray(Y[order],
                                                                           dtype=np.float64)


def gate_table(name: str, inputs: int = 2) -> np.ndarray:
    """The truth table of a gate as 0/1 outputs, one per row of the 0/1 inputs."""
    rows = np.array(list(product((0, 1), repeat=inputs)), dtype=np.float64)
    ones = rows.sum(axis=1)
    if name == "and":
        t = ones == inputs
    elif name == "or":
        t = ones > 0
    elif name == "nand":
        t = ones < inputs
    elif name == "nor":
        t = ones == 0
    elif name == "xor":
        t = ones % 2 == 1
    else:  # not
        t = ones == 0
    return t.astype(np.float64)


def _gate(name, n, noise, rng, bipolar, inputs):
    if name == "not":
        inputs = _whole("inputs of NOT", 1 if inputs is None else inputs, 1, 1)
    else:
        inputs = _whole("inputs", 2 if inputs is None else inputs, 2, MAX_GATE_INPUTS)
    X = np.array(list(product((0.0, 1.0), repeat=inputs)))
    Y = gate_table(name, inputs)[:, None]
    if n is not None:
        n = _whole("n (number of rows)", n, 1, MAX_N)
        rows = rng.integers(0, len(X), n)
        X, Y = X[rows], Y[rows]
    if bipolar:
        X, Y = 2.0 * X - 1.0, 2.0 * Y - 1.0
    if noise:
        X = X + rng.normal(0.0, noise, X.shape)
    return X, Y


def _halves(n):
    return n // 2, n - n // 2


def _circle(n, noise, rng):
    n_in, n_out = _halves(n)
    r = np.concatenate([rng.uniform(0.0, 2.5, n_in), rng.uniform(3.5, 5.0, n_out)])
    angle = rng.uniform(0.0, 2 * np.pi, n)
    X = np.column_stack([r * np.cos(angle), r * np.sin(angle)])
    X += rng.normal(0.0, 1.5 * noise, X.shape)
    return X, np.concatenate([np.ones(n_in), np.zeros(n_out)])


def _xor_quadrants(n, noise, rng):
    pad = 0.3
    n_same, n_diff = _halves(n)                   # half in quadrants I/III (class 1)
    s1 = rng.choice((-1.0, 1.0), n)
    s2 = s1 * np.concatenate([np.ones(n_same), -np.ones(n_diff)])
    X = rng.uniform(pad, 5.0, (n, 2)) * np.column_stack([s1, s2])
    labels = (X[:, 0] * X[:, 1] > 0).astype(float)
    X += rng.normal(0.0, 1.5 * noise, X.shape)
    return X, labels


def _gaussians(n, noise, rng):
    n_pos, n_neg = _halves(n)
    sd = 0.5 + 3.0 * noise
    X = np.concatenate([rng.normal(2.0, sd, (n_pos, 2)), rng.normal(-2.0, sd, (n_neg, 2))])
    return X, np.concatenate([np.ones(n_pos), np.zeros(n_neg)])


def _spiral(n, noise, rng):
    parts, labels = [], []
    for arm, (m, shift) in enumerate(zip(_halves(n), (0.0, np.pi))):
        s = np.arange(m) / max(m, 1)
        r = 5.0 * s
        t = 1.75 * 2 * np.pi * s + shift
        parts.append(np.column_stack([r * np.sin(t), r * np.cos(t)]))
        labels.append(np.full(m, 1.0 - arm))
    X = np.concatenate(parts)
    X += rng.normal(0.0, 0.8 * noise, X.shape)
    return X, np.concatenate(labels)


def _moons(n, noise, rng):
    n_up, n_low = _halves(n)
    a = rng.uniform(0.0, np.pi, n_up)
    b = rng.uniform(0.0, np.pi, n_low)
    up = np.column_stack([np.cos(a), np.sin(a)])
    low = np.column_stack([1.0 - np.cos(b), 0.5 - np.sin(b)])
    X = (np.concatenate([up, low]) - (0.5, 0.25)) * 4.0   # x1 in −6 … 6, x2 in −3 … 3
    X += rng.normal(0.0, 1.5 * noise, X.shape)
    return X, np.concatenate([np.ones(n_up), np.zeros(n_low)])


def _blobs(n, noise, rng, k):
    labels = np.arange(n) % k
    angle = 2 * np.pi * np.arange(k) / k + np.pi / 2
    centres = 3.5 * np.column_stack([np.cos(angle), np.sin(angle)])
    X = centres[labels] + rng.normal(0.0, 0.6 + 2.0 * noise, (n, 2))
    return X, labels


def _plane(n, noise, rng):
    X = rng.uniform(-6.0, 6.0, (n, 2))
    y = (X[:, 0] + X[:, 1]) / 12.0 + rng.normal(0.0, 0.5 * noise, n)
    return X, np.clip(y, -1.0, 1.0)


_BUMPS = ((-3.0, 3.0, 1.0), (3.0, 3.0, -1.0), (0.0, 0.0, 1.0), (-3.0, -3.0, -1.0),
          (3.0, -3.0, 1.0))


def _gauss_bumps(n, noise, rng):
    X = rng.uniform(-6.0, 6.0, (n, 2))
    y = np.zeros(n)
    for cx, cy, sign in _BUMPS:
        y += sign * np.exp(-((X[:, 0] - cx) ** 2 + (X[:, 1] - cy) ** 2) / (2 * 1.4 ** 2))
    y += rng.normal(0.0, 0.5 * noise, n)
    return X, np.clip(y, -1.0, 1.0)


_BINARY = {"circle": _circle, "xor_quadrants": _xor_quadrants, "gaussians": _gaussians,
           "spiral": _spiral, "moons": _moons}
_REGRESSION = {"plane": _plane, "gauss_bumps": _gauss_bumps}


# -- splitting ----------------------------------------------------------------------------
def split(X, Y, test_ratio: float = 0.5, seed: int | None = 0) -> Split:
    """A random train/test split: Split(X_train, Y_train, X_test, Y_test).

    `test_ratio` (0 ≤ r < 1) of the rows, rounded, go to the test set; at least one row
    stays for training.
    """
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    if X.ndim != 2 or Y.ndim != 2 or X.shape[0] != Y.shape[0]:
        raise ValueError(f"X and Y must be 2-D with one row per sample; got {X.shape} and "
                         f"{Y.shape}")
    try:
        r = float(test_ratio)
    except (TypeError, ValueError):
        r = math.nan
    if not (math.isfinite(r) and 0.0 <= r < 1.0):
        raise ValueError(f"test_ratio must be a number in [0, 1), got {test_ratio!r}")
    n = X.shape[0]
    n_test = min(int(round(n * r)), n - 1)
    order = np.random.default_rng(seed).permutation(n)
    tr, te = np.sort(order[n_test:]), np.sort(order[:n_test])
    return Split(X[tr], Y[tr], X[te], Y[te])


# -- input features -----------------------------------------------------------------------
def check_features(names: Sequence[str]) -> list[str]:
    """The feature names as a list, checked (non-empty, known, no repeats)."""
    if isinstance(names, str):
        names = [names]
    names = list(names)
    if not names:
        raise ValueError("choose at least one input feature")
    for f in names:
        if f not in FEATURES:
            raise ValueError(f"unknown feature {f!r}; valid names: {', '.join(FEATURES)}")
    if len(set(names)) != len(names):
        raise ValueError(f"features repeat: {', '.join(names)}")
    return names


def features(X, names: Sequence[str]) -> np.ndarray:
    """The 2-D points X, (n, 2) or (2,), transformed into the named features, (n, k)."""
    names = check_features(names)
    X = np.asarray(X)
    single = X.ndim == 1
    X2 = np.atleast_2d(X)
    if X2.ndim != 2 or X2.shape[1] != 2:
        raise ValueError(f"features need 2-D points (x1, x2); got shape {X.shape}")
    if not np.all(np.isfinite(X2)):
        raise ValueError("points contain NaN or infinity")
    dtype = X2.dtype if X2.dtype in (np.float32, np.float64) else np.float64
    X2 = X2.astype(dtype, copy=False)
    x1, x2 = X2[:, 0], X2[:, 1]
    out = np.empty((X2.shape[0], len(names)), dtype=dtype)
    for j, f in enumerate(names):
        if f == "x1":
            out[:, j] = x1
        elif f == "x2":
            out[:, j] = x2
        elif f == "x1^2":
            out[:, j] = x1 * x1
        elif f == "x2^2":
            out[:, j] = x2 * x2
        elif f == "x1*x2":
            out[:, j] = x1 * x2
        elif f == "sin_x1":
            out[:, j] = np.sin(x1)
        else:
            out[:, j] = np.sin(x2)
    return out[0] if single else out
