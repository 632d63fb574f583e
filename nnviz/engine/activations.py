"""Activation functions by name, each with its derivative and printable formulas.

An activation g maps a layer's pre-activation z to its activation a = g(z).
`backward(z, a, dL_da)` returns dL/dz; for element-wise functions that is
dL_da * g'(z), for softmax it is the Jacobian-vector product.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Activation:
    name: str
    label: str               # how menus show it
    formula: str             # g(z) written out, for the formula panel
    derivative_formula: str  # g'(z) written out
    # g(z) written into `out` (same shape and float dtype as z; never z itself)
    f_into: Callable[[np.ndarray, np.ndarray], None]
    # g'(z) given both z and a = g(z): sigmoid and tanh are cheapest from a
    df: Callable[[np.ndarray, np.ndarray], np.ndarray]
    # out = dL_da · g'(z), element-wise; returns out (the training loop's hot path)
    backprop_into: Callable | None = None
    elementwise: bool = True

    def f(self, z):
        """g(z) as a new array (float32 stays float32, anything else becomes float64)."""
        z = _as_float(z)
        out = np.empty_like(z)
        self.f_into(z, out)
        return out

    def __call__(self, z):
        return self.f(z)

    def derivative(self, z, a=None):
        """g'(z), element-wise (for softmax: the diagonal of its Jacobian)."""
        z = _as_float(z)
        if a is None:
            a = self.f(z)
        return self.df(z, a)

    def backward(self, z, a, dL_da):
        """dL/dz from dL/da."""
        if self.elementwise:
            return dL_da * self.df(z, a)
        # softmax: dL/dz_i = a_i (g_i - sum_j g_j a_j)
        return a * (dL_da - np.sum(dL_da * a, axis=-1, keepdims=True))

    def backward_into(self, z, a, dL_da, out):
        """dL/dz from dL/da, written into `out` (returned)."""
        if self.backprop_into is not None:
            return self.backprop_into(z, a, dL_da, out)
        out[...] = self.backward(z, a, dL_da)
        return out


def _as_float(z):
    z = np.asarray(z)
    return z if z.dtype in (np.float64, np.float32) else z.astype(np.float64)


# Largest argument given to exp: no overflow (and no warning) for any z, in either precision.
_EXP_MAX = {np.dtype(np.float64): 700.0, np.dtype(np.float32): 80.0}


def _sigmoid_into(z, out):
    # 1 / (1 + e^(−z)) with e^(−z) capped: exact to rounding for every z that matters and
    # free of overflow at z = −1000 (σ is then 1/(1 + e^700) ≈ 1e−304 instead of 0).
    np.negative(z, out=out)
    np.minimum(out, _EXP_MAX[out.dtype], out=out)
    np.exp(out, out=out)
    out += 1.0
    np.divide(1.0, out, out=out)


def _softmax_into(z, out):
    np.subtract(z, np.max(z, axis=-1, keepdims=True), out=out)
    np.exp(out, out=out)
    out /= np.sum(out, axis=-1, keepdims=True)


def _sign_into(z, out):
    np.greater_equal(z, 0.0, out=out)
    out *= 2.0
    out -= 1.0


def _leaky_into(z, out):
    np.multiply(z, LEAKY_ALPHA, out=out)
    np.maximum(z, out, out=out)          # max(z, αz) is z for z > 0, αz otherwise


def _bp_linear(z, a, g, out):
    np.copyto(out, g)
    return out


def _bp_zero(z, a, g, out):
    out.fill(0.0)
    return out


def _bp_sigmoid(z, a, g, out):
    np.subtract(1.0, a, out=out)
    out *= a
    out *= g
    return out


def _bp_tanh(z, a, g, out):
    np.multiply(a, a, out=out)
    np.subtract(1.0, out, out=out)
    out *= g
    return out


def _bp_relu(z, a, g, out):
    np.multiply(g, z > 0, out=out)
    return out


def _bp_leaky(z, a, g, out):
    np.multiply(g, np.where(z > 0, 1.0, LEAKY_ALPHA), out=out)
    return out


def _zeros(z, a):
    return np.zeros_like(z)


LEAKY_ALPHA = 0.01

ACTIVATIONS: dict[str, Activation] = {a.name: a for a in [
    Activation("linear", "Linear", "g(z) = z", "g'(z) = 1",
               lambda z, out: np.copyto(out, z), lambda z, a: np.ones_like(z), _bp_linear),
    Activation("step", "Binary step", "g(z) = 1 if z ≥ 0 else 0", "g'(z) = 0 (undefined at 0)",
               lambda z, out: np.greater_equal(z, 0.0, out=out), _zeros, _bp_zero),
    Activation("sign", "Sign", "g(z) = +1 if z ≥ 0 else −1", "g'(z) = 0 (undefined at 0)",
               _sign_into, _zeros, _bp_zero),
    Activation("sigmoid", "Sigmoid σ", "σ(z) = 1 / (1 + e^(−z))", "σ'(z) = σ(z)·(1 − σ(z))",
               _sigmoid_into, lambda z, a: a * (1.0 - a), _bp_sigmoid),
    Activation("tanh", "Tanh", "tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z))",
               "tanh'(z) = 1 − tanh²(z)", lambda z, out: np.tanh(z, out=out),
               lambda z, a: 1.0 - a * a, _bp_tanh),
    Activation("relu", "ReLU", "ReLU(z) = max(0, z)", "ReLU'(z) = 1 if z > 0 else 0",
               lambda z, out: np.maximum(z, 0.0, out=out),
               lambda z, a: (z > 0).astype(z.dtype), _bp_relu),
    Activation("leaky_relu", "Leaky ReLU", f"g(z) = z if z > 0 else {LEAKY_ALPHA}·z",
               f"g'(z) = 1 if z > 0 else {LEAKY_ALPHA}", _leaky_into,
               lambda z, a: np.where(z > 0, 1.0, LEAKY_ALPHA).astype(z.dtype), _bp_leaky),
    Activation("softmax", "Softmax", "softmax(z)ᵢ = e^(zᵢ) / Σⱼ e^(zⱼ)",
               "∂aᵢ/∂zⱼ = aᵢ(δᵢⱼ − aⱼ)", _softmax_into, lambda z, a: a * (1.0 - a),
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
