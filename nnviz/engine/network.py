"""Dense layers and feed-forward networks.

A dense layer has W of shape (n_out, n_in) -- row i holds the weights into unit i, as in
z_i = b_i + Σ_j W_ij x_j -- and b of shape (n_out,). Batches are rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .activations import get_activation

MAX_UNITS = 100_000      # per layer: beyond this a file or setting is absurd, not a network
MAX_LAYERS = 64
INITS = ("uniform", "xavier", "he", "small", "large", "zeros")


def _as_finite(name, value, ndim):
    arr = np.array(value, dtype=np.float64)
    if arr.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D array, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinity")
    return arr


class Dense:
    """One fully connected layer: z = x Wᵀ + b, a = g(z)."""

    def __init__(self, W, b, activation: str = "sigmoid"):
        self.W = _as_finite("W", W, 2)
        self.b = _as_finite("b", b, 1)
        if self.b.shape[0] != self.W.shape[0]:
            raise ValueError(
                f"b has {self.b.shape[0]} entries but W has {self.W.shape[0]} rows (units)")
        self._act = get_activation(activation)

    @property
    def activation(self) -> str:
        return self._act.name

    @activation.setter
    def activation(self, name: str):
        self._act = get_activation(name)

    @property
    def act(self):
        """The Activation object (function, derivative, formulas)."""
        return self._act

    @property
    def n_in(self) -> int:
        return self.W.shape[1]

    @property
    def n_out(self) -> int:
        return self.W.shape[0]

    def forward(self, x):
        """(z, a) for input rows x."""
        z = x @ self.W.T + self.b
        return z, self._act.f(z)

    def copy(self) -> Dense:
        return Dense(self.W.copy(), self.b.copy(), self.activation)

    def __repr__(self):
        return f"Dense({self.n_in}→{self.n_out}, {self.activation})"


class Network:
    """A stack of dense layers."""

    def __init__(self, layers: Sequence[Dense]):
        layers = list(layers)
        if not layers:
            raise ValueError("a network needs at least one layer")
        for k in range(1, len(layers)):
            if layers[k].n_in != layers[k - 1].n_out:
                raise ValueError(
                    f"layer {k} takes {layers[k].n_in} inputs but layer {k - 1} gives "
                    f"{layers[k - 1].n_out} outputs")
        for k, layer in enumerate(layers[:-1]):
            if not layer.act.elementwise:
                raise ValueError(f"softmax can only be the output layer (found in layer {k})")
        self.layers = layers

    # -- construction -------------------------------------------------------------------
    @classmethod
    def build(cls, sizes: Sequence[int], hidden: str = "tanh", output: str = "sigmoid",
              init: str = "xavier", seed: int | None = 0, hidden_activations=None) -> Network:
        """A fresh network with layer sizes `sizes` (inputs first).

        init: "uniform" (small, U(−0.5, 0.5), like TensorFlow Playground), "xavier",
        "he", "small" (U(−0.05, 0.05)), "large" (N(0, 2²)), or "zeros" (biases and weights 0).
        `hidden_activations` optionally names one activation per hidden layer.
        """
        sizes = [int(s) for s in sizes]
        if len(sizes) < 2:
            raise ValueError("sizes needs at least an input and an output size, e.g. [2, 1]")
        if len(sizes) - 1 > MAX_LAYERS:
            raise ValueError(f"{len(sizes) - 1} layers is too many (at most {MAX_LAYERS})")
        for s in sizes:
            if not 1 <= s <= MAX_UNITS:
                raise ValueError(f"layer size {s} is out of range (1 … {MAX_UNITS})")
        if init not in INITS:
            raise ValueError(f"unknown init {init!r}; valid names: {', '.join(INITS)}")
        n_hidden = len(sizes) - 2
        acts = list(hidden_activations) if hidden_activations is not None else [hidden] * n_hidden
        if len(acts) != n_hidden:
            raise ValueError(f"{len(acts)} hidden activations given for {n_hidden} hidden layers")
        acts.append(output)
        rng = np.random.default_rng(seed)
        layers = []
        for n_in, n_out, act in zip(sizes[:-1], sizes[1:], acts):
            layers.append(Dense(init_weights(init, n_in, n_out, rng), np.zeros(n_out), act))
            if init == "uniform":
                layers[-1].b[:] = 0.1  # TF Playground starts biases at 0.1
        return cls(layers)

    # -- shape ----------------------------------------------------------------------------
    @property
    def sizes(self) -> list[int]:
        return [self.layers[0].n_in] + [layer.n_out for layer in self.layers]

    @property
    def n_params(self) -> int:
        return sum(layer.W.size + layer.b.size for layer in self.layers)

    # -- computing ------------------------------------------------------------------------
    def forward(self, X):
        """Output activations for X (rows are samples; a 1-D sample gives a 1-D result)."""
        a = check_inputs(X, self.layers[0].n_in)
        single = a.ndim == 1
        if single:
            a = a[None, :]
        for layer in self.layers:
            a = layer.forward(a)[1]
        return a[0] if single else a

    def forward_all(self, X, dtype=None):
        """(zs, activations) for every layer; activations[0] is X itself (2-D).

        dtype=np.float32 computes in single precision (for drawing heatmaps: about twice as
        fast, and plenty for colours); the default is float64.
        """
        a = np.atleast_2d(check_inputs(X, self.layers[0].n_in))
        if dtype is not None:
            dtype = np.dtype(dtype)
            if dtype not in (np.float32, np.float64):
                raise ValueError(f"dtype must be float32 or float64, got {dtype}")
            a = a.astype(dtype, copy=False)
        zs, acts = [], [a]
        for layer in self.layers:
            W, b = layer.W, layer.b
            if dtype is not None and dtype != W.dtype:
                W, b = W.astype(dtype), b.astype(dtype)
            z = a @ W.T
            z += b
            a = np.empty_like(z)
            layer.act.f_into(z, a)
            zs.append(z)
            acts.append(a)
        return zs, acts

    # -- copying and saving ---------------------------------------------------------------
    def copy(self) -> Network:
        return Network([layer.copy() for layer in self.layers])

    def get_params(self):
        """[(W, b), …] copies."""
        return [(layer.W.copy(), layer.b.copy()) for layer in self.layers]

    def set_params(self, params):
        for layer, (W, b) in zip(self.layers, params):
            if np.shape(W) != layer.W.shape or np.shape(b) != layer.b.shape:
                raise ValueError("parameter shapes do not match the network")
            layer.W[...] = W
            layer.b[...] = b

    def to_dict(self) -> dict:
        """JSON-safe description; floats survive a round trip exactly."""
        return {"layers": [{"W": layer.W.tolist(), "b": layer.b.tolist(),
                            "activation": layer.activation} for layer in self.layers]}

    @classmethod
    def from_dict(cls, d) -> Network:
        if not isinstance(d, dict) or not isinstance(d.get("layers"), list):
            raise ValueError("a network description needs a 'layers' list")
        layers = []
        for k, ld in enumerate(d["layers"]):
            if not isinstance(ld, dict) or not {"W", "b", "activation"} <= set(ld):
                raise ValueError(f"layer {k} needs 'W', 'b' and 'activation'")
            try:
                W = np.array(ld["W"], dtype=np.float64)
                b = np.array(ld["b"], dtype=np.float64)
            except (TypeError, ValueError) as exc:
                raise ValueError(f"layer {k}: W and b must be numbers ({exc})") from None
            if W.ndim == 2 and (W.shape[0] > MAX_UNITS or W.shape[1] > MAX_UNITS):
                raise ValueError(f"layer {k} has {W.shape} weights: too large")
            try:
                layers.append(Dense(W, b, ld["activation"]))
            except ValueError as exc:
                raise ValueError(f"layer {k}: {exc}") from None
        return cls(layers)

    def __repr__(self):
        acts = ", ".join(layer.activation for layer in self.layers)
        return f"Network({self.sizes}, {acts})"


def init_weights(init: str, n_in: int, n_out: int, rng) -> np.ndarray:
    if init == "uniform":
        return rng.uniform(-0.5, 0.5, (n_out, n_in))
    if init == "small":
        return rng.uniform(-0.05, 0.05, (n_out, n_in))
    if init == "large":
        return rng.normal(0.0, 2.0, (n_out, n_in))
    if init == "xavier":
        limit = np.sqrt(6.0 / (n_in + n_out))
        return rng.uniform(-limit, limit, (n_out, n_in))
    if init == "he":
        return rng.normal(0.0, np.sqrt(2.0 / n_in), (n_out, n_in))
    if init == "zeros":
        return np.zeros((n_out, n_in))
    raise ValueError(f"unknown init {init!r}; valid names: {', '.join(INITS)}")


def check_inputs(X, n_in: int, finite: bool = True) -> np.ndarray:
    """X as float64, checked: right width, finite (unless finite=False)."""
    try:
        X = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError("inputs must be numbers") from None
    if X.ndim not in (1, 2) or X.shape[-1] != n_in:
        raise ValueError(f"inputs have shape {X.shape}; the network takes {n_in} inputs per sample")
    if finite and not np.isfinite(X).all():
        raise ValueError("inputs contain NaN or infinity")
    return X
