"""Loss surfaces and descent paths over the two parameters of a one-input neuron.

The model is one neuron o = g(w·x + b): its two parameters, the weight w and the bias b,
are the two axes of the picture. `loss_surface` evaluates the full-batch loss on a grid of
(w, b) pairs with the engine's own activation and loss functions; `descent_path` runs a
real `Trainer` from a starting point and records where (w, b) went after every update, so
what is drawn is exactly what training does.

Two small 1-D datasets live here because the picture needs one input, not two:
`line` (noisy points around a straight line, fitted by a linear neuron with ½ squared
error — a quadratic bowl stretched into a long valley) and `threshold` (two overlapping
classes on a line, fitted by a sigmoid neuron with cross-entropy: logistic regression).

NumPy only; never imports Qt.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .activations import get_activation
from .losses import get_loss
from .network import Dense, Network
from .optimizers import OPTIMIZERS
from .trainer import Trainer

MAX_STEPS = 5000

# model name → (activation, loss, dataset, plotting window (w_min, w_max, b_min, b_max))
MODELS: dict[str, dict] = {
    "linear": {"label": "Linear neuron, ½ squared error (line fit)",
               "activation": "linear", "loss": "half_sse", "data": "line",
               "extent": (-2.0, 4.0, -5.0, 3.0)},
    "logistic": {"label": "Sigmoid neuron, cross-entropy (logistic regression)",
                 "activation": "sigmoid", "loss": "bce", "data": "threshold",
                 "extent": (-3.0, 6.0, -9.0, 5.0)},
}


def model_data(name: str, n: int = 24, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(X, Y) of shape (n, 1) each for a model's dataset."""
    if name not in MODELS:
        raise ValueError(f"unknown model {name!r}; valid names: {', '.join(MODELS)}")
    rng = np.random.default_rng(seed)
    x = np.sort(rng.uniform(0.5, 3.5, n))
    if MODELS[name]["data"] == "line":
        y = 1.5 * x - 2.0 + rng.normal(0.0, 0.35, n)
    else:
        # class 1 becomes likelier as x grows; the classes overlap around x = 2
        p = 1.0 / (1.0 + np.exp(-3.0 * (x - 2.0)))
        y = (rng.random(n) < p).astype(float)
    return x[:, None], y[:, None]


def neuron(w: float, b: float, activation: str) -> Network:
    """A one-input, one-output network whose only parameters are w and b."""
    return Network([Dense([[float(w)]], [float(b)], activation)])


def loss_surface(activation: str, loss: str, X, Y, extent, n: int = 121):
    """(ws, bs, L): the full-batch loss L[i, j] at weight ws[j] and bias bs[i].

    Uses the engine's activation and loss, exactly as Trainer measures the loss of a batch.
    """
    act, lossf = get_activation(activation), get_loss(loss)
    w0, w1, b0, b1 = (float(v) for v in extent)
    ws, bs = np.linspace(w0, w1, n), np.linspace(b0, b1, n)
    x = np.asarray(X, dtype=float)[:, 0]
    t = np.asarray(Y, dtype=float)[:, 0]
    z = ws[None, :, None] * x[None, None, :] + bs[:, None, None]      # (nb, nw, N)
    o = act(z)
    per_sample = lossf.per_sample(o[..., None], np.broadcast_to(t[:, None], o.shape + (1,)))
    return ws, bs, per_sample.mean(axis=-1)


def full_loss(net: Network, loss: str, X, Y) -> float:
    """The loss of the whole dataset for this network (what the surface shows)."""
    return get_loss(loss)(net.forward(X), Y)


@dataclass
class Path:
    """Where (w, b) went: w[k], b[k] after k updates (k = 0 is the start)."""
    optimizer: str
    lr: float
    batch_size: int | None
    w: np.ndarray
    b: np.ndarray
    loss: np.ndarray                  # full-batch loss at each point
    diverged: bool = False
    reason: str = ""
    meta: dict = field(default_factory=dict)

    def __len__(self):
        return len(self.w)


def descent_path(model: str, start, optimizer: str = "sgd", lr: float = 0.1,
                 batch_size: int | None = None, steps: int = 100, seed: int = 0,
                 X=None, Y=None) -> Path:
    """Train the model's neuron from start = (w, b) with a real Trainer for `steps` updates.

    batch_size None = batch gradient descent, 1 = stochastic, n = mini-batch. Stops early if
    training diverges (the path then ends at the last finite point).
    """
    if model not in MODELS:
        raise ValueError(f"unknown model {model!r}; valid names: {', '.join(MODELS)}")
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"unknown optimizer {optimizer!r}; valid names: {', '.join(OPTIMIZERS)}")
    steps = int(steps)
    if not 0 <= steps <= MAX_STEPS:
        raise ValueError(f"steps must be between 0 and {MAX_STEPS}, got {steps}")
    spec = MODELS[model]
    if X is None or Y is None:
        X, Y = model_data(model)
    net = neuron(start[0], start[1], spec["activation"])
    trainer = Trainer(net, loss=spec["loss"], optimizer=optimizer, lr=lr,
                      batch_size=batch_size, seed=seed)
    layer = net.layers[0]
    ws, bs = [float(layer.W[0, 0])], [float(layer.b[0])]
    losses = [full_loss(net, spec["loss"], X, Y)]
    for _ in range(steps):
        trainer.train_steps(X, Y, 1)
        if trainer.diverged:
            break
        loss = full_loss(net, spec["loss"], X, Y)
        if not math.isfinite(loss):
            trainer.diverged, trainer.diverged_reason = True, "the loss became infinite"
            break
        ws.append(float(layer.W[0, 0]))
        bs.append(float(layer.b[0]))
        losses.append(loss)
    return Path(optimizer, float(lr), batch_size, np.array(ws), np.array(bs), np.array(losses),
                trainer.diverged, trainer.diverged_reason)


# learning rates that make each optimizer's path a fair showing on each model
RACE_LR: dict[str, dict[str, float]] = {
    "linear": {"sgd": 0.05, "momentum": 0.02, "nesterov": 0.02, "adagrad": 0.8,
               "rmsprop": 0.05, "adam": 0.15, "nadam": 0.15, "adamax": 0.3},
    "logistic": {"sgd": 1.0, "momentum": 0.3, "nesterov": 0.3, "adagrad": 1.5,
                 "rmsprop": 0.1, "adam": 0.3, "nadam": 0.3, "adamax": 0.5},
}

# the learning-rate presets of the single-path view: too small, good, too large, diverging
LR_PRESETS: dict[str, dict[str, float]] = {
    "linear": {"too small": 0.01, "good": 0.2, "too large": 0.34, "diverging": 0.37},
    "logistic": {"too small": 0.1, "good": 2.0, "too large": 8.0, "diverging": 30.0},
}


def race(model: str, start, lrs: dict[str, float] | None = None, steps: int = 100,
         seed: int = 0) -> dict[str, Path]:
    """Every optimizer from the same start on the same model (full batch)."""
    lrs = dict(RACE_LR[model] if lrs is None else lrs)
    return {name: descent_path(model, start, name, lrs[name], None, steps, seed)
            for name in OPTIMIZERS if name in lrs}
