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



class MeanKernel:
    """`loss.mean(o, t)` bit for bit, faster on small batches: the same NumPy operations in
    the same order, written into work arrays kept per batch shape, with the constants as
    arrays (a Python float operand costs more than the arithmetic on a few numbers).
    The recorded training step calls one per step."""

    SCALES = {"bce": lambda K: -1.0 / K, "half_sse": lambda K: 0.5, "mse": lambda K: 1.0 / K,
              "cce": lambda K: -1.0}

    def __init__(self, loss: Loss):
        self.loss = loss
        self._kernel = {"bce": self._bce, "half_sse": self._sse, "mse": self._sse,
                        "cce": self._cce}.get(loss.name)
        self._work = {}

    def __call__(self, o, t) -> float:
        """The batch loss of 2-D float64 arrays o and t of the same shape."""
        if self._kernel is None or o.shape != t.shape:
            return self.loss.mean(o, t)
        w = self._work.get(o.shape)
        if w is None:
            w = self._prepare(o.shape)
        return self._kernel(o, t, w)

    def _prepare(self, shape):
        if len(self._work) > 8:
            self._work.clear()
        B, K = shape
        w = self._work[shape] = (np.empty(shape), np.empty(shape), np.empty(shape),
                                 np.empty(B), np.full(shape, EPS), np.full(shape, 1.0 - EPS),
                                 np.ones(shape), np.full(B, self.SCALES[self.loss.name](K)))
        return w

    @staticmethod
    def _bce(o, t, w):
        # as _bce: −(1/K) Σₖ [t log(clip o) + (1 − t) log(1 − clip o)], then the batch mean
        w1, w2, w3, per, lo, hi, one, scale = w
        np.maximum(o, lo, out=w1)
        np.minimum(w1, hi, out=w1)
        np.log(w1, out=w2)
        w2 *= t
        np.subtract(one, w1, out=w1)
        np.log(w1, out=w1)
        np.subtract(one, t, out=w3)
        w1 *= w3
        w2 += w1
        np.add.reduce(w2, -1, None, per)
        per *= scale
        return float(np.add.reduce(per)) / o.shape[0]

    @staticmethod
    def _sse(o, t, w):
        # as _half_sse / _mse: (o − t)² summed over outputs, times ½ or 1/K, then the mean
        w1, _w2, _w3, per, _lo, _hi, _one, scale = w
        np.subtract(o, t, out=w1)
        w1 *= w1
        np.add.reduce(w1, -1, None, per)
        per *= scale
        return float(np.add.reduce(per)) / o.shape[0]

    @staticmethod
    def _cce(o, t, w):
        # as cce: −Σₖ t log(clip o), then the batch mean
        w1, _w2, _w3, per, lo, hi, _one, _scale = w
        np.maximum(o, lo, out=w1)
        np.minimum(w1, hi, out=w1)
        np.log(w1, out=w1)
        np.multiply(t, w1, out=w1)
        np.add.reduce(w1, -1, None, per)
        np.negative(per, out=per)
        return float(np.add.reduce(per)) / o.shape[0]
