"""Data sets, splits and input features."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.engine import datasets


def test_gates_truth_tables_and_bipolar():
    X, Y = datasets.load("and")
    assert X.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]] and Y.ravel().tolist() == [0, 0, 0, 1]
    expect = {"or": [0, 1, 1, 1], "nand": [1, 1, 1, 0], "nor": [1, 0, 0, 0], "xor": [0, 1, 1, 0]}
    for name, t in expect.items():
        assert datasets.load(name)[1].ravel().tolist() == t
    Xb, Yb = datasets.load("and", bipolar=True)
    assert Xb.tolist() == [[-1, -1], [-1, 1], [1, -1], [1, 1]]
    assert Yb.ravel().tolist() == [-1, -1, -1, 1]
    X3, Y3 = datasets.load("xor", inputs=3)
    assert X3.shape == (8, 3) and Y3.ravel().tolist() == [0, 1, 1, 0, 1, 0, 0, 1]
    assert datasets.load("not")[1].ravel().tolist() == [1, 0]
    Xn, Yn = datasets.load("or", n=50, noise=0.1, seed=3)
    assert Xn.shape == (50, 2) and set(Yn.ravel()) == {0.0, 1.0}
    assert np.all(np.abs(Xn - np.round(Xn)) < 0.6)


@pytest.mark.parametrize("name", datasets.SETS_2D)
def test_2d_sets_shapes_ranges_and_seeds(name):
    X, Y = datasets.load(name, n=120, noise=0.2, seed=5)
    assert X.shape == (120, 2) and X.dtype == np.float64
    assert np.all(np.abs(X) <= 6.0)
    task = datasets.TASKS[name]
    if task == "multiclass":
        assert Y.shape == (120, 3) and np.all(Y.sum(axis=1) == 1)
        assert sorted(np.bincount(Y.argmax(axis=1))) == [40, 40, 40]
    elif task == "regression":
        assert Y.shape == (120, 1) and np.all(np.abs(Y) <= 1) and Y.std() > 0.1
    else:
        assert Y.shape == (120, 1) and sorted(np.unique(Y)) == [0.0, 1.0]
        assert Y.sum() == 60
        assert sorted(np.unique(datasets.load(name, n=10, bipolar=True)[1])) == [-1.0, 1.0]
    again = datasets.load(name, n=120, noise=0.2, seed=5)
    assert np.array_equal(X, again[0]) and np.array_equal(Y, again[1])
    assert not np.array_equal(X, datasets.load(name, n=120, noise=0.2, seed=6)[0])
    assert X[:60].std() > 0.5            # rows are shuffled, not grouped by class


def test_clean_sets_are_separable_as_described():
    X, Y = datasets.load("circle", n=400, seed=0)
    r = np.hypot(X[:, 0], X[:, 1])
    assert np.all((r < 3) == (Y[:, 0] == 1))
    X, Y = datasets.load("xor_quadrants", n=400, seed=0)
    assert np.all((X[:, 0] * X[:, 1] > 0) == (Y[:, 0] == 1))
    X, Y = datasets.load("blobs", n=60, classes=5, seed=0)
    assert Y.shape == (60, 5)


def test_split_partitions_the_rows():
    X, Y = datasets.load("moons", n=101, seed=0)
    s = datasets.split(X, Y, 0.3, seed=2)
    assert len(s.X_test) == 30 and len(s.X_train) == 71
    rows = {tuple(r) for r in np.vstack([s.X_train, s.X_test])}
    assert rows == {tuple(r) for r in X}
    Xtr, Ytr, Xte, Yte = datasets.split(X, Y, 0.0)
    assert len(Xte) == 0 and len(Xtr) == 101
    assert np.array_equal(datasets.split(X, Y, 0.3, seed=2).X_test, s.X_test)


def test_features_transform():
    assert datasets.FEATURES == ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin_x1", "sin_x2")
    assert [datasets.FEATURE_LABELS[f] for f in datasets.FEATURES] == [
        "x₁", "x₂", "x₁²", "x₂²", "x₁x₂", "sin(x₁)", "sin(x₂)"]
    X = np.array([[2.0, -3.0], [0.5, 1.0]])
    F = datasets.features(X, datasets.FEATURES)
    np.testing.assert_allclose(F[0], [2, -3, 4, 9, -6, np.sin(2), np.sin(-3)])
    assert datasets.features([1.0, 2.0], ["x1*x2"]).tolist() == [2.0]


@pytest.mark.parametrize(("call", "match"), [
    (lambda: datasets.load("swirl"), "valid names: and, or"),
    (lambda: datasets.load("circle", n=0), "n .* from 1"),
    (lambda: datasets.load("circle", n=10**9), "n .* from 1"),
    (lambda: datasets.load("circle", n=2.5), "whole number"),
    (lambda: datasets.load("circle", noise=-0.1), "noise"),
    (lambda: datasets.load("circle", noise=float("nan")), "noise"),
    (lambda: datasets.load("blobs", classes=1), "classes"),
    (lambda: datasets.load("plane", bipolar=True), "bipolar"),
    (lambda: datasets.load("and", inputs=50), "inputs"),
    (lambda: datasets.split(np.ones((4, 2)), np.ones((3, 1))), "one row per sample"),
    (lambda: datasets.split(np.ones((4, 2)), np.ones((4, 1)), 1.0), "test_ratio"),
    (lambda: datasets.features(np.ones((3, 2)), ["x3"]), "valid names: x1, x2"),
    (lambda: datasets.features(np.ones((3, 2)), []), "at least one"),
    (lambda: datasets.features(np.ones((3, 3)), ["x1"]), "2-D points"),
    (lambda: datasets.features([[np.nan, 1.0]], ["x1"]), "NaN"),
])
def test_bad_requests_are_clear_errors(call, match):
    with pytest.raises(ValueError, match=match):
        call()
