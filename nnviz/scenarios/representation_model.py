"""The models behind the representation scenario (NumPy only, no Qt).

Three examples of "a layer is a change of representation":
- `thresholds`: the lecture's three threshold units x1 + x2 > 6, > 4 and > −2.5. Points in
  four diagonal bands, labelled alternately, cannot be split by one line in the plane, but
  the three units send every band to its own corner of a cube, and there one plane does it.
- `learned`: a hidden layer of two or three units learns its own new coordinates.
- `linear`: a stack of linear layers, which collapses into a single linear map.
"""

from __future__ import annotations

import numpy as np

from ..engine import Dense, Network, Trainer

MODES = {
    "thresholds": "Three threshold units (hand-set)",
    "learned": "A hidden layer that learns",
    "linear": "Linear layers only",
}
# the lecture's three units: unit i fires when x1 + x2 > THRESHOLDS[i]
THRESHOLDS = (6.0, 4.0, -2.5)
BANDS_EXTENT = (-4.5, 7.5, -4.5, 7.5)
HIDDEN_ACTIVATIONS = ("tanh", "sigmoid", "relu")
DATASETS = {"bands": "Four diagonal bands", "xor_quadrants": "XOR quadrants",
            "circle": "Circle", "moons": "Two moons"}


def band_labels(X) -> np.ndarray:
    """Class of each point by its band of s = x1 + x2: 0 below −2.5, 1 up to 4, 0 up to 6,
    1 above 6 (two bands per class, alternating: no single line separates them)."""
    s = np.asarray(X, dtype=float).sum(axis=1)
    return (np.searchsorted(np.sort(THRESHOLDS), s) % 2).astype(float)[:, None]


def bands(n: int = 120, seed: int = 0, margin: float = 0.25) -> tuple[np.ndarray, np.ndarray]:
    """n points in the plane, none closer than `margin` (along x1 + x2) to a threshold."""
    rng = np.random.default_rng(seed)
    lo, hi = -4.0, 7.0
    out = []
    while sum(len(p) for p in out) < n:
        P = rng.uniform(lo, hi, (2 * n, 2))
        s = P.sum(axis=1)
        keep = np.all(np.abs(s[:, None] - np.array(THRESHOLDS)[None, :]) >= margin, axis=1)
        out.append(P[keep])
    X = np.concatenate(out)[:n]
    return X, band_labels(X)


def load_data(name: str, n: int, seed: int):
    """(X, Y, extent) for a dataset name of DATASETS."""
    if name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}; valid names: {', '.join(DATASETS)}")
    if name == "bands":
        X, Y = bands(n, seed)
        return X, Y, BANDS_EXTENT
    from ..engine import datasets
    X, Y = datasets.load(name, n=n, noise=0.1, seed=seed)
    Y = np.asarray(Y, dtype=float).reshape(len(X), -1)[:, :1]
    Y = (Y > 0).astype(float)          # classes 0/1 for the sigmoid output
    return np.asarray(X, dtype=float), Y, (-6.0, 6.0, -6.0, 6.0)


def threshold_network() -> Network:
    """2 → 3 step units (x1 + x2 > 6, > 4, > −2.5) → 1 step unit h1 − h2 + h3 > 0.5."""
    hidden = Dense(np.ones((3, 2)), -np.array(THRESHOLDS), "step")
    out = Dense(np.array([[1.0, -1.0, 1.0]]), np.array([-0.5]), "step")
    return Network([hidden, out])


def learned_network(hidden_units: int, activation: str, seed: int) -> Network:
    if hidden_units not in (2, 3):
        raise ValueError(f"hidden units must be 2 or 3, got {hidden_units}")
    if activation not in HIDDEN_ACTIVATIONS:
        raise ValueError(f"hidden activation must be one of {', '.join(HIDDEN_ACTIVATIONS)}, "
                         f"got {activation!r}")
    return Network.build([2, hidden_units, 1], hidden=activation, output="sigmoid",
                         init="xavier", seed=seed)


def linear_network(seed: int) -> Network:
    """2 → 3 → 3 → 1, every layer linear: however deep, still one linear map."""
    return Network.build([2, 3, 3, 1], hidden="linear", output="linear", init="xavier",
                         seed=seed)


def make_trainer(mode: str, net: Network, lr: float, seed: int) -> Trainer:
    if mode == "linear":
        return Trainer(net, loss="mse", optimizer="adam", lr=lr, seed=seed)
    if mode == "thresholds":
        # step units have slope 0: the gradient is 0 and training leaves them as set
        return Trainer(net, loss="half_sse", optimizer="sgd", lr=lr, seed=seed)
    return Trainer(net, loss="bce", optimizer="adam", lr=lr, seed=seed)


def hidden_box(activation: str, H: np.ndarray) -> tuple[float, float]:
    """The range of a hidden layer's outputs for drawing its space (cube or square)."""
    if activation in ("step", "sigmoid"):
        return 0.0, 1.0
    if activation == "tanh":
        return -1.0, 1.0
    top = float(np.max(H)) if H.size else 1.0
    lo = float(min(0.0, np.min(H))) if H.size else 0.0
    return lo, max(1.0, top * 1.05)
