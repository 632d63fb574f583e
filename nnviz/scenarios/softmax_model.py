"""The softmax scenario's model: settings, data, network and the probe point's numbers.

No Qt and no maths of its own: the network, the loss and the data come from the engine;
this module only chooses them and reads them off for one point (the "probe").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..engine import Network, Trainer, datasets, get_loss

N_POINTS = 150              # divisible by 2, 3 and 5: equal classes
EXTENT = (-6.0, 6.0, -6.0, 6.0)
CLASS_RANGE = (2, 5)
HIDDEN_RANGE = (2, 8)
CHOICES = {
    "noise": (0.1, 0.3, 0.5),
    "lr": (0.03, 0.1, 0.3, 1.0),
    "batch_size": (1, 10, 0),      # 0: the whole training set (full batch)
}
NOISE_LABELS = {0.1: "little (well apart)", 0.3: "some (touching)", 0.5: "a lot (overlapping)"}
BATCH_LABELS = {1: "1 point (stochastic)", 10: "10 points (mini-batch)",
                0: f"all {N_POINTS} points (full batch)"}
DEFAULTS = {"classes": 3, "noise": 0.5, "hidden": 5, "lr": 0.3, "batch_size": 10, "seed": 0,
            "view": "regions", "pinned": 0}
MAX_SEED = 999


def class_name(c: int) -> str:
    """Classes are numbered from 1 for people (index c from 0 in code)."""
    return f"class {c + 1}"


def views(classes: int) -> list[str]:
    """The heatmap choices: the argmax regions, or one class's probability (one-vs-all)."""
    return ["regions"] + [class_name(c) for c in range(classes)]


def load_data(classes: int, noise: float) -> tuple[np.ndarray, np.ndarray]:
    """The engine's blobs: X (n, 2), one-hot Y (n, classes). Always the same points."""
    return datasets.load("blobs", n=N_POINTS, noise=noise, seed=0, classes=classes)


def build_net(classes: int, hidden: int, seed: int) -> Network:
    return Network.build([2, hidden, classes], hidden="tanh", output="softmax", init="xavier",
                         seed=seed)


def build_trainer(net: Network, lr: float, batch_size: int, seed: int) -> Trainer:
    return Trainer(net, loss="cce", optimizer="sgd", lr=lr,
                   batch_size=None if batch_size == 0 else batch_size, seed=seed)


@dataclass(frozen=True)
class Probe:
    """One point of the plane and what the network says about it (all engine numbers)."""
    x: tuple[float, float]
    index: int | None          # the training point it is, or None for a free spot
    p: np.ndarray              # net.forward(x): one probability per class
    z: np.ndarray              # the output units' scores (pre-activations) that softmax turns
                               # into p
    true_class: int | None     # the data's class (None for a free spot)
    loss: float | None         # cross-entropy −log p(true class), from the engine's loss

    @property
    def predicted(self) -> int:
        return int(np.argmax(self.p))


def probe(net: Network, X: np.ndarray, Y: np.ndarray, x=None, index: int | None = None) -> Probe:
    """The network's probabilities at a training point (index) or at a free spot x."""
    if index is not None:
        x = X[index]
    x = np.asarray(x, dtype=np.float64)
    p = np.asarray(net.forward(x), dtype=np.float64)
    z = net.forward_all(x)[0][-1][0]
    where = (float(x[0]), float(x[1]))
    if index is None:
        return Probe(where, None, p, z, None, None)
    t = Y[index]
    loss = get_loss("cce")(p[None, :], t[None, :])
    return Probe(where, int(index), p, z, int(np.argmax(t)), float(loss))


def minus_log_curve(n: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """(p, L): the engine's cross-entropy of a point whose true class gets probability p
    (the rest going to another class), for p from 0.01 to 1: the curve L = −log p."""
    p = np.linspace(0.01, 1.0, n)
    o = np.column_stack([p, 1.0 - p])
    t = np.zeros_like(o)
    t[:, 0] = 1.0
    return p, get_loss("cce").per_sample(o, t)


def central_point(X: np.ndarray) -> int:
    """The training point nearest the middle of the plane, where the classes meet: the
    point pinned at the start, because the network is least sure there."""
    return int(np.argmin(np.hypot(X[:, 0], X[:, 1])))


def nearest_point(X: np.ndarray, x, radius: float) -> int | None:
    """The training point nearest to x if it is within `radius` (plane units), else None."""
    if len(X) == 0 or not radius > 0:
        return None
    d = np.hypot(X[:, 0] - x[0], X[:, 1] - x[1])
    i = int(np.argmin(d))
    return i if d[i] <= radius else None


def check_pinned(value, n_points: int):
    """None, a training point's index, or [x1, x2] in the plane; ValueError otherwise."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        if not 0 <= value < n_points:
            raise ValueError(f"pinned = {value}: there are {n_points} points, numbered "
                             f"0 … {n_points - 1}")
        return value
    if (isinstance(value, (list, tuple)) and len(value) == 2
            and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                    and math.isfinite(v) and EXTENT[0] <= v <= EXTENT[1] for v in value)):
        return [float(value[0]), float(value[1])]
    raise ValueError(f"pinned must be a point number, two numbers in −6 … 6, or null; "
                     f"got {value!r}")
