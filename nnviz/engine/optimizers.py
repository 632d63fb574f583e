"""Optimizers by name: each turns a gradient g into a parameter step.

Notation: θ a parameter, g = ∂L/∂θ, η the learning rate, t the step number (from 1).
  sgd       θ ← θ − η g
  momentum  v ← μ v − η g;            θ ← θ + v                    (μ = 0.9)
  nesterov  v ← μ v − η g;            θ ← θ + μ v − η g            (Sutskever's form)
  adagrad   G ← G + g²;               θ ← θ − η g / (√G + ε)
  rmsprop   s ← ρ s + (1 − ρ) g²;     θ ← θ − η g / (√s + ε)       (ρ = 0.9)
  adam      m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  m̂ = m/(1 − β₁ᵗ);  v̂ = v/(1 − β₂ᵗ)
            θ ← θ − η m̂ / (√v̂ + ε)                               (β₁ = 0.9, β₂ = 0.999)
  nadam     as adam, with θ ← θ − η (β₁ m̂ + (1 − β₁) g / (1 − β₁ᵗ)) / (√v̂ + ε)
  adamax    m as adam;  u ← max(β₂ u, |g|);  θ ← θ − η m / ((1 − β₁ᵗ) (u + ε))
ε = 1e-8 throughout.
"""

from __future__ import annotations

import numpy as np

EPS = 1e-8

FORMULAS = {
    "sgd": "θ ← θ − η·g",
    "momentum": "v ← μ·v − η·g;  θ ← θ + v",
    "nesterov": "v ← μ·v − η·g;  θ ← θ + μ·v − η·g",
    "adagrad": "G ← G + g²;  θ ← θ − η·g / (√G + ε)",
    "rmsprop": "s ← ρ·s + (1 − ρ)·g²;  θ ← θ − η·g / (√s + ε)",
    # (m′, v′: the bias-corrected moments, often written with hats; a combining hat is
    #  drawn out of place by some fonts)
    "adam": "m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  θ ← θ − η·m′ / (√v′ + ε), "
            "m′ = m/(1−β₁ᵗ), v′ = v/(1−β₂ᵗ)",
    "nadam": "as Adam, with the Nesterov look-ahead β₁m′ + (1−β₁)g/(1−β₁ᵗ) in place of m′",
    "adamax": "m ← β₁m + (1−β₁)g;  u ← max(β₂u, |g|);  θ ← θ − η·m / ((1−β₁ᵗ)·u)",
}
OPTIMIZERS = tuple(FORMULAS)


OPTIMIZER_CONSTANTS = {"momentum": 0.9, "rho": 0.9, "beta1": 0.9, "beta2": 0.999}
# which constants each optimizer reads
USES = {"sgd": (), "momentum": ("momentum",), "nesterov": ("momentum",), "adagrad": (),
        "rmsprop": ("rho",), "adam": ("beta1", "beta2"), "nadam": ("beta1", "beta2"),
        "adamax": ("beta1", "beta2")}


class Optimizer:
    """Keeps per-parameter state; `step(i, theta, g)` updates theta (an array) in place.

    The Trainer keeps every parameter of a network in one flat vector, so it calls
    step(0, theta, g) once per update; `state[i]` holds that vector's moments.
    """

    def __init__(self, name: str, lr: float, momentum: float = 0.9, rho: float = 0.9,
                 beta1: float = 0.9, beta2: float = 0.999):
        if name not in FORMULAS:
            raise ValueError(f"unknown optimizer {name!r}; valid names: {', '.join(OPTIMIZERS)}")
        for what, v in (("momentum", momentum), ("rho", rho), ("beta1", beta1),
                        ("beta2", beta2)):
            try:
                ok = 0.0 <= float(v) < 1.0
            except (TypeError, ValueError):
                ok = False
            if not ok or isinstance(v, bool):
                raise ValueError(f"{what} must be a number in [0, 1), got {v!r}")
        self.name = name
        self.lr = float(lr)
        self.momentum, self.rho = float(momentum), float(rho)
        self.beta1, self.beta2 = float(beta1), float(beta2)
        self.t = 0
        self.state: dict[int, list[np.ndarray]] = {}
        self._scratch: dict[int, np.ndarray] = {}

    @property
    def formula(self) -> str:
        return FORMULAS[self.name]

    def constants(self) -> dict:
        return {"momentum": self.momentum, "rho": self.rho, "beta1": self.beta1,
                "beta2": self.beta2}

    def reset(self):
        self.t = 0
        self.state.clear()

    def begin_step(self):
        """Call once per update, before the parameters' step() calls."""
        self.t += 1

    def step(self, i: int, theta: np.ndarray, g: np.ndarray):
        name, lr = self.name, self.lr
        if name == "sgd":
            tmp = self._scratch.get(i)
            if tmp is None or tmp.shape != g.shape:
                tmp = self._scratch[i] = np.empty_like(g)
            np.multiply(g, lr, out=tmp)
            theta -= tmp
            return
        st = self.state.get(i)
        if st is None or st[0].shape != theta.shape:
            st = self.state[i] = [np.zeros_like(theta), np.zeros_like(theta)]
        if name == "momentum":
            v = st[0]
            v *= self.momentum
            v -= lr * g
            theta += v
        elif name == "nesterov":
            v = st[0]
            v *= self.momentum
            v -= lr * g
            theta += self.momentum * v - lr * g
        elif name == "adagrad":
            G = st[0]
            G += g * g
            theta -= lr * g / (np.sqrt(G) + EPS)
        elif name == "rmsprop":
            s = st[0]
            s *= self.rho
            s += (1 - self.rho) * g * g
            theta -= lr * g / (np.sqrt(s) + EPS)
        else:
            b1, b2, t = self.beta1, self.beta2, self.t
            m = st[0]
            m *= b1
            m += (1 - b1) * g
            if name == "adamax":
                u = st[1]
                np.maximum(b2 * u, np.abs(g), out=u)
                theta -= lr * m / ((1 - b1 ** t) * (u + EPS))
                return
            v = st[1]
            v *= b2
            v += (1 - b2) * g * g
            m_hat = m / (1 - b1 ** t)
            v_hat = v / (1 - b2 ** t)
            if name == "nadam":
                m_hat = b1 * m_hat + (1 - b1) * g / (1 - b1 ** t)
            theta -= lr * m_hat / (np.sqrt(v_hat) + EPS)

    def to_dict(self) -> dict:
        return {"name": self.name, "lr": self.lr, **self.constants()}
