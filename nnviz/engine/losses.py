"""Loss functions by name.

Every loss is averaged over the batch. `per_sample(o, t)` gives each sample's loss,
`dL_do(o, t)` each sample's gradient with respect to its outputs (not divided by the batch
size: the trainer averages the weight gradients over the batch).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

EPS = 1e-12  # clip for logarithms so log(0) never happens


def _clip(o):
    return np.minimum(np.maximum(o, EPS), 1.0 - EPS)


def _bce(o, t):
    o = _clip(o)
    s = np.log(o)
    s *= t
    r = np.log(1.0 - o)
    r *= 1.0 - t
    s += r
    return s.sum(axis=-1) * (-1.0 / o.shape[-1])


def _half_sse(o, t):
    e = o - t
    e *= e
    return e.sum(axis=-1) * 0.5


def _mse(o, t):
    e = o - t
    e *= e
    return e.sum(axis=-1) * (1.0 / o.shape[-1])


@dataclass(frozen=True)
class Loss:
    name: str
    label: str
    formula: str
    per_sample: Callable[[np.ndarray, np.ndarray], np.ndarray]
    dL_do: Callable[[np.ndarray, np.ndarray], np.ndarray]
    # activation whose chain with this loss simplifies to dL/dz = (o - t) * scale
    fused_with: str | None = None

    def __call__(self, o, t) -> float:
        """The loss of a batch: mean of the per-sample losses."""
        o = np.atleast_2d(np.asarray(o, dtype=float))
        t = np.atleast_2d(np.asarray(t, dtype=float))
        return self.mean(o, t)

    def mean(self, o, t) -> float:
        """The batch loss of 2-D float arrays (no conversion: the training loop's path)."""
        return float(self.per_sample(o, t).sum()) / o.shape[0]


def _n_out(o):
    return o.shape[-1]


LOSSES: dict[str, Loss] = {l.name: l for l in [
    Loss("half_sse", "½ sum of squared errors",
         "L = ½ Σₖ (tₖ − oₖ)²",
         _half_sse,
         lambda o, t: o - t),
    Loss("mse", "Mean squared error",
         "L = (1/K) Σₖ (tₖ − oₖ)²",
         _mse,
         lambda o, t: 2.0 * (o - t) / _n_out(o)),
    Loss("bce", "Binary cross-entropy",
         "L = −(1/K) Σₖ [tₖ log oₖ + (1 − tₖ) log(1 − oₖ)]",
         _bce,
         lambda o, t: (_clip(o) - t) / (_clip(o) * (1 - _clip(o))) / _n_out(o),
         fused_with="sigmoid"),
    Loss("cce", "Categorical cross-entropy",
         "L = −Σₖ tₖ log oₖ",
         lambda o, t: -np.sum(t * np.log(_clip(o)), axis=-1),
         lambda o, t: -t / _clip(o),
         fused_with="softmax"),
]}


def get_loss(name: str | Loss) -> Loss:
    if isinstance(name, Loss):
        return name
    try:
        return LOSSES[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown loss {name!r}; valid names: {', '.join(LOSSES)}") from None


def output_delta(loss: Loss, activation, z, o, t):
    """dL/dz at the output layer for each sample, using the fused form where it exists.

    sigmoid + bce gives (o − t)/K and softmax + cce gives o − t: exact and free of the
    division by o(1 − o) that would lose precision near saturation.
    """
    if loss.fused_with is not None and activation.name == loss.fused_with:
        scale = 1.0 / _n_out(o) if loss.name == "bce" else 1.0
        return (o - t) * scale
    return activation.backward(z, o, loss.dL_do(o, t))
