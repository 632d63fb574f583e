"""Activation functions by name, each with its derivative and printable formulas.

An activation g maps a layer's pre-activation z to its activation a = g(z).
`backward(z, a, dL_da)` returns dL/dz; for element-wise functions that is
dL_da * g'(z), for softmax it is the Jacobian-vector product.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class Activation:
    name: str
    label: str               # how menus show it
    formula: str             # g(z) written out, for the formula panel
    derivative_formula: str  # g'(z) written out
    f: Callable[[np.ndarray], np.ndarray]
    # g'(z) given both z and a = g(z): sigmoid and tanh are cheapest from a
    df: Callable[[np.ndarray, np.ndarray], np.ndarray]
    elementwise: bool = True

    def __call__(self, z):
        return self.f(np.asarray(z, dtype=float))

    def derivative(self, z, a=None):
        """g'(z), element-wise (for softmax: the diagonal of its Jacobian)."""
        z = np.asarray(z, dtype=float)
        if a is None:
            a = self.f(z)
        return self.df(z, a)

    def backward(self, z, a, dL_da):
        """dL/dz from dL/da."""
        if self.elementwise:
            return dL_da * self.df(z, a)
        # softmax: dL/dz_i = a_i (g_i - sum_j g_j a_j)
        return a * (dL_da - np.sum(dL_da * a, axis=-1, keepdims=True))


def _sigmoid(z):
    # stable for any z: exp of a non-positive number only
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _softmax(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


LEAKY_ALPHA = 0.01

ACTIVATIONS: dict[str, Activation] = {a.name: a for a in [
    Activation("linear", "Linear", "g(z) = z", "g'(z) = 1",
               lambda z: z.copy(), lambda z, a: np.ones_like(z)),
    Activation("step", "Binary step", "g(z) = 1 if z ≥ 0 else 0", "g'(z) = 0 (undefined at 0)",
               lambda z: (z >= 0).astype(float), lambda z, a: np.zeros_like(z)),
    Activation("sign", "Sign", "g(z) = +1 if z ≥ 0 else −1", "g'(z) = 0 (undefined at 0)",
               lambda z: np.where(z >= 0, 1.0, -1.0), lambda z, a: np.zeros_like(z)),
    Activation("sigmoid", "Sigmoid σ", "σ(z) = 1 / (1 + e^(−z))", "σ'(z) = σ(z)·(1 − σ(z))",
               _sigmoid, lambda z, a: a * (1.0 - a)),
    Activation("tanh", "Tanh", "tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z))",
               "tanh'(z) = 1 − tanh²(z)", np.tanh, lambda z, a: 1.0 - a * a),
    Activation("relu", "ReLU", "ReLU(z) = max(0, z)", "ReLU'(z) = 1 if z > 0 else 0",
               lambda z: np.maximum(z, 0.0), lambda z, a: (z > 0).astype(float)),
    Activation("leaky_relu", "Leaky ReLU", f"g(z) = z if z > 0 else {LEAKY_ALPHA}·z",
               f"g'(z) = 1 if z > 0 else {LEAKY_ALPHA}",
               lambda z: np.where(z > 0, z, LEAKY_ALPHA * z),
               lambda z, a: np.where(z > 0, 1.0, LEAKY_ALPHA)),
    Activation("softmax", "Softmax", "softmax(z)ᵢ = e^(zᵢ) / Σⱼ e^(zⱼ)",
               "∂aᵢ/∂zⱼ = aᵢ(δᵢⱼ − aⱼ)", _softmax, lambda z, a: a * (1.0 - a),
               elementwise=False),
]}


def get_activation(name: str | Activation) -> Activation:
    """The activation called `name`; ValueError listing the valid names otherwise."""
    if isinstance(name, Activation):
        return name
    try:
        return ACTIVATIONS[name]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown activation {name!r}; valid names: {', '.join(ACTIVATIONS)}") from None
