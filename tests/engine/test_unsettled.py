"""engine.metrics.unsettled: a loss curve that says the learning rate is too large."""

from __future__ import annotations

import numpy as np

from nnviz.engine import Network, Trainer, datasets
from nnviz.engine.metrics import UNSETTLED_WINDOW, unsettled


def _curve(lr: float, epochs: int = 120, dataset: str = "circle", **kw) -> list[float]:
    X, Y = datasets.load(dataset, n=250, seed=0)
    net = Network.build([2, 4, 2, 1], hidden="tanh", output="sigmoid", init="xavier", seed=0)
    tr = Trainer(net, loss="bce", lr=lr, batch_size=10, seed=0, **kw)
    out = []
    for _ in range(epochs):
        tr.train_epochs(X, Y, 1)
        out.append(tr.evaluate(X, Y)[0])
    return out


def test_a_learning_rate_of_ten_is_flagged_with_its_figures():
    loss = _curve(10.0)
    figures = unsettled(loss)
    assert figures is not None
    level, best = figures
    recent = loss[-UNSETTLED_WINDOW:]
    assert level == float(np.median(recent))
    assert best == min(loss[:-UNSETTLED_WINDOW])
    assert level > 1.5 * best


def test_sensible_learning_rates_and_regularization_are_not_flagged():
    assert unsettled(_curve(0.03)) is None
    assert unsettled(_curve(0.3)) is None
    assert unsettled(_curve(0.3, l2=1.0)) is None           # the penalty holds the loss up
    assert unsettled(_curve(0.03, dropout=0.5)) is None     # noisy, but not climbing


def test_shapes_of_curves():
    rng = np.random.default_rng(0)
    falling = list(np.exp(-np.linspace(0, 5, 60)))
    assert unsettled(falling) is None
    assert unsettled(falling[:2 * UNSETTLED_WINDOW - 1] * 5) is None        # too short
    # noise around a loss already tiny: jumpy and "above its best", but not a problem
    tiny = list(0.6 * np.exp(-np.linspace(0, 9, 40))) + list(rng.uniform(1e-3, 3e-3, 20))
    assert unsettled(tiny) is None
    # a smooth climb back up: not jumping about
    climb = list(np.linspace(0.7, 0.2, 30)) + list(np.linspace(0.2, 0.6, 30))
    assert unsettled(climb) is None
    # falls, then jumps about well above its best
    thrash = list(np.linspace(0.7, 0.2, 30)) + list(0.6 + 0.3 * rng.standard_normal(30) ** 2)
    assert unsettled(thrash) is not None
    # only a window of rows at or after `start` (the settings' last change) is judged
    assert unsettled(thrash, start=len(thrash) - UNSETTLED_WINDOW) is not None
    assert unsettled(thrash, start=len(thrash) - UNSETTLED_WINDOW + 1) is None
    # NaN rows (a figure that was not there) are ignored
    assert unsettled(thrash[:40] + [float("nan")] + thrash[40:]) is not None
