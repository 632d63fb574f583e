"""Training: forward, loss, backward (backpropagation) and the update, with full traces.

The gradient step is W ← W − η·∂L/∂W with ∂L/∂W averaged over the batch. `step()` records
everything in a StepTrace for the GUI to animate; `train_steps()` / `fit()` run the same
maths without recording, as fast as NumPy allows.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field

import numpy as np

from .losses import get_loss, output_delta
from .network import Network, check_inputs
from .optimizers import Optimizer
from .trace import StepTrace


class DivergedError(RuntimeError):
    """Raised when asked to train a trainer whose last step diverged (reset it first)."""


@dataclass
class History:
    """Per-epoch figures from `Trainer.fit`."""
    loss: list[float] = field(default_factory=list)
    test_loss: list[float] = field(default_factory=list)
    acc: list[float] = field(default_factory=list)
    test_acc: list[float] = field(default_factory=list)
    best_epoch: int | None = None
    stopped_early: bool = False
    diverged: bool = False

    def __len__(self):
        return len(self.loss)


def accuracy(o: np.ndarray, Y: np.ndarray, output_activation: str) -> float:
    """Fraction classified right: argmax for several outputs, threshold for one."""
    if o.shape[1] > 1:
        return float(np.mean(np.argmax(o, axis=1) == np.argmax(Y, axis=1)))
    cut = 0.0 if output_activation in ("tanh", "sign", "linear") and Y.min() < 0 else 0.5
    return float(np.mean((o[:, 0] >= cut) == (Y[:, 0] >= cut)))


class Trainer:
    """Trains `net` in place.

    loss: half_sse | mse | bce | cce. optimizer: see nnviz.engine.optimizers.
    batch_size: None = full batch, 1 = SGD, n = mini-batch (reshuffled each epoch from seed).
    l1, l2: penalty rates on weights (not biases): L += l1·Σ|w| + l2·½Σw².
    dropout: probability of dropping a hidden unit while training (inverted dropout).
    clip_norm: clip the whole gradient to this L2 norm (None = off).
    """

    def __init__(self, net: Network, loss: str = "half_sse", optimizer: str = "sgd",
                 lr: float = 0.5, batch_size: int | None = None, seed: int | None = 0,
                 l1: float = 0.0, l2: float = 0.0, dropout: float = 0.0,
                 clip_norm: float | None = None, **optimizer_args):
        self.net = net
        self._loss = get_loss(loss)
        lr = float(lr)
        if not (math.isfinite(lr) and lr > 0):
            raise ValueError(f"learning rate must be a positive number, got {lr}")
        if batch_size is not None and (int(batch_size) != batch_size or batch_size < 1):
            raise ValueError(f"batch size must be a whole number ≥ 1 or None, got {batch_size}")
        for name, v in (("l1", l1), ("l2", l2)):
            if not (math.isfinite(v) and v >= 0):
                raise ValueError(f"{name} rate must be ≥ 0, got {v}")
        if not 0 <= dropout < 1:
            raise ValueError(f"dropout must be in [0, 1), got {dropout}")
        if clip_norm is not None and not clip_norm > 0:
            raise ValueError(f"clip_norm must be > 0 or None, got {clip_norm}")
        self.opt = Optimizer(optimizer, lr, **optimizer_args)
        self.batch_size = None if batch_size is None else int(batch_size)
        self.seed = seed
        self.l1, self.l2, self.dropout, self.clip_norm = float(l1), float(l2), float(dropout), clip_norm
        self.rng = np.random.default_rng(seed)
        self.steps = 0          # updates made
        self.epoch = 0          # full passes completed
        self._order = None      # this epoch's sample order
        self._pos = 0           # next position in _order
        self.diverged = False
        self.diverged_reason = ""

    # -- settings -------------------------------------------------------------------------
    @property
    def loss(self) -> str:
        return self._loss.name

    @property
    def loss_fn(self):
        return self._loss

    @property
    def optimizer(self) -> str:
        return self.opt.name

    @property
    def lr(self) -> float:
        return self.opt.lr

    @lr.setter
    def lr(self, value: float):
        value = float(value)
        if not (math.isfinite(value) and value > 0):
            raise ValueError(f"learning rate must be a positive number, got {value}")
        self.opt.lr = value

    # -- one recorded step ----------------------------------------------------------------
    def step(self, X, Y, sample_index=None) -> StepTrace:
        """One forward + backward + update on this batch, fully recorded."""
        X, Y = self._check(X, Y)
        return self._step(X, Y, record=True, sample_index=sample_index)

    def next_step(self, X, Y) -> StepTrace:
        """A recorded step on the next batch of the current epoch (shuffled per epoch)."""
        X, Y = self._check(X, Y)
        idx = self._next_batch(X.shape[0])
        return self._step(X[idx], Y[idx], record=True, sample_index=idx)

    def train_steps(self, X, Y, n: int) -> float:
        """n unrecorded updates on successive batches; returns the last batch loss."""
        X, Y = self._check(X, Y)
        loss = float("nan")
        for _ in range(int(n)):
            idx = self._next_batch(X.shape[0])
            loss = self._step(X[idx], Y[idx], record=False)
            if self.diverged:
                break
        return loss

    def train_epochs(self, X, Y, n: int = 1) -> float:
        """n full passes (unrecorded); returns the last batch loss."""
        X, Y = self._check(X, Y)
        per_epoch = self.steps_per_epoch(X.shape[0])
        loss = float("nan")
        for _ in range(int(n)):
            remaining = per_epoch if self._order is None else \
                -(-(len(self._order) - self._pos) // self._bs(X.shape[0]))
            loss = self.train_steps(X, Y, remaining)
            if self.diverged:
                break
        return loss

    def steps_per_epoch(self, n_samples: int) -> int:
        return -(-n_samples // self._bs(n_samples))

    def fit(self, X, Y, epochs: int = 100, X_test=None, Y_test=None,
            patience: int | None = None) -> History:
        """Train for `epochs` epochs; per-epoch train (and test) loss and accuracy.

        With a test set and `patience`, stops when the test loss has not improved for
        `patience` epochs and restores the weights of the best epoch.
        """
        X, Y = self._check(X, Y)
        has_test = X_test is not None
        if has_test:
            X_test, Y_test = self._check(X_test, Y_test)
        hist = History()
        best, best_params, waited = math.inf, None, 0
        out_act = self.net.layers[-1].activation
        classify = self.loss in ("bce", "cce") or out_act in ("sigmoid", "softmax", "step", "sign")
        for _ in range(int(epochs)):
            self.train_epochs(X, Y, 1)
            if self.diverged:
                hist.diverged = True
                break
            o = self.net.forward(X)
            hist.loss.append(self._loss(o, Y))
            if classify:
                hist.acc.append(accuracy(o, Y, out_act))
            if has_test:
                ot = self.net.forward(X_test)
                tl = self._loss(ot, Y_test)
                hist.test_loss.append(tl)
                if classify:
                    hist.test_acc.append(accuracy(ot, Y_test, out_act))
                if tl < best:
                    best, waited = tl, 0
                    hist.best_epoch = len(hist.loss) - 1
                    best_params = self.net.get_params() if patience else None
                elif patience:
                    waited += 1
                    if waited >= patience:
                        hist.stopped_early = True
                        self.net.set_params(best_params)
                        break
        return hist

    # -- state, for stepping back ---------------------------------------------------------
    def get_state(self) -> dict:
        """Everything training changes: weights, optimizer state, position, RNG."""
        return {"params": self.net.get_params(), "opt_t": self.opt.t,
                "opt_state": copy.deepcopy(self.opt.state), "rng": copy.deepcopy(self.rng.bit_generator.state),
                "steps": self.steps, "epoch": self.epoch,
                "order": None if self._order is None else self._order.copy(), "pos": self._pos,
                "diverged": self.diverged, "diverged_reason": self.diverged_reason}

    def set_state(self, state: dict):
        self.net.set_params(state["params"])
        self.opt.t = state["opt_t"]
        self.opt.state = copy.deepcopy(state["opt_state"])
        self.rng.bit_generator.state = copy.deepcopy(state["rng"])
        self.steps, self.epoch, self._pos = state["steps"], state["epoch"], state["pos"]
        self._order = None if state["order"] is None else state["order"].copy()
        self.diverged, self.diverged_reason = state["diverged"], state["diverged_reason"]

    def reset(self, seed: int | None = None):
        """Forget optimizer state, position and divergence (weights are left as they are)."""
        if seed is not None:
            self.seed = seed
        self.rng = np.random.default_rng(self.seed)
        self.opt.reset()
        self.steps = self.epoch = self._pos = 0
        self._order = None
        self.diverged, self.diverged_reason = False, ""

    def settings(self) -> dict:
        """JSON-safe settings (see Trainer.from_settings)."""
        return {"loss": self.loss, "optimizer": self.optimizer, "lr": self.lr,
                "batch_size": self.batch_size, "seed": self.seed, "l1": self.l1, "l2": self.l2,
                "dropout": self.dropout, "clip_norm": self.clip_norm}

    @classmethod
    def from_settings(cls, net: Network, settings: dict) -> Trainer:
        allowed = {"loss", "optimizer", "lr", "batch_size", "seed", "l1", "l2", "dropout",
                   "clip_norm"}
        extra = set(settings) - allowed
        if extra:
            raise ValueError(f"unknown trainer settings: {', '.join(sorted(extra))}")
        return cls(net, **settings)

    # -- internals ------------------------------------------------------------------------
    def _bs(self, n):
        return n if self.batch_size is None else min(self.batch_size, n)

    def _next_batch(self, n: int) -> np.ndarray:
        if self._order is None or len(self._order) != n or self._pos >= n:
            if self._order is not None and self._pos >= len(self._order):
                self.epoch += 1
            self._order = np.arange(n) if self.batch_size is None else self.rng.permutation(n)
            self._pos = 0
        bs = self._bs(n)
        idx = self._order[self._pos:self._pos + bs]
        self._pos += bs
        if self._pos >= n:
            self.epoch += 1
            self._order = None
            self._pos = 0
        return idx

    def _check(self, X, Y):
        X = np.atleast_2d(check_inputs(X, self.net.layers[0].n_in))
        try:
            Y = np.asarray(Y, dtype=np.float64)
        except (TypeError, ValueError):
            raise ValueError("targets must be numbers") from None
        if Y.ndim == 1:
            Y = Y[:, None] if self.net.sizes[-1] == 1 and Y.shape[0] == X.shape[0] else Y[None, :]
        n_out = self.net.sizes[-1]
        if Y.shape != (X.shape[0], n_out):
            raise ValueError(f"targets have shape {Y.shape}; expected ({X.shape[0]}, {n_out}): "
                             f"one row of {n_out} per sample")
        if not np.all(np.isfinite(Y)):
            raise ValueError("targets contain NaN or infinity")
        if self.diverged:
            raise DivergedError(f"training diverged ({self.diverged_reason}); reset the network "
                                "or lower the learning rate")
        return X, Y

    def _step(self, X, Y, record: bool, sample_index=None):
        net, layers = self.net, self.net.layers
        L = len(layers)
        B = X.shape[0]
        keep = 1.0 - self.dropout
        if record:
            W_before = [layer.W.copy() for layer in layers]
            b_before = [layer.b.copy() for layer in layers]
        # forward
        zs, acts, masks = [], [], []
        a = X
        for k, layer in enumerate(layers):
            z = a @ layer.W.T + layer.b
            a = layer.act.f(z)
            m = None
            if self.dropout and k < L - 1:
                m = (self.rng.random(a.shape) < keep) / keep
                a = a * m
            zs.append(z)
            acts.append(a)
            masks.append(m)
        o = acts[-1]
        loss = float(np.mean(self._loss.per_sample(o, Y)))
        # backward
        out = layers[-1].act
        delta = output_delta(self._loss, out, zs[-1], o, Y)
        deltas = [None] * L
        gW = [None] * L
        gb = [None] * L
        for k in range(L - 1, -1, -1):
            deltas[k] = delta
            a_prev = X if k == 0 else acts[k - 1]
            gW[k] = delta.T @ a_prev / B
            gb[k] = delta.sum(axis=0) / B
            if k:
                dL_da = delta @ layers[k].W
                prev = layers[k - 1]
                m = masks[k - 1]
                if m is None:
                    delta = prev.act.backward(zs[k - 1], acts[k - 1], dL_da)
                else:  # a = g(z)·m, so ∂a/∂z = g'(z)·m (g' from the undropped a)
                    a_raw = prev.act.f(zs[k - 1])
                    delta = prev.act.backward(zs[k - 1], a_raw, dL_da) * m
        # regularization
        reg_loss = 0.0
        gWr = None
        if self.l1 or self.l2:
            gWr = []
            for k, layer in enumerate(layers):
                r = np.zeros_like(layer.W)
                if self.l2:
                    reg_loss += 0.5 * self.l2 * float(np.sum(layer.W ** 2))
                    r += self.l2 * layer.W
                if self.l1:
                    reg_loss += self.l1 * float(np.sum(np.abs(layer.W)))
                    r += self.l1 * np.sign(layer.W)
                gWr.append(r)
                gW[k] = gW[k] + r
        # clipping
        scale = 1.0
        if self.clip_norm is not None:
            norm = math.sqrt(sum(float(np.sum(g * g)) for g in gW + gb))
            if norm > self.clip_norm:
                scale = self.clip_norm / norm
                gW = [g * scale for g in gW]
                gb = [g * scale for g in gb]
        # update
        if not record:
            saved = [(layer.W.copy(), layer.b.copy()) for layer in layers] if self._risky() else None
        self.opt.begin_step()
        for k, layer in enumerate(layers):
            self.opt.step(2 * k, layer.W, gW[k])
            self.opt.step(2 * k + 1, layer.b, gb[k])
        reason = self._divergence(loss)
        if reason:
            self.diverged, self.diverged_reason = True, reason
            if record:
                net.set_params(list(zip(W_before, b_before)))
            elif saved is not None:
                net.set_params(saved)
        self.steps += 1
        if not record:
            return loss
        out_name = out.name
        fused = (f"{out_name}+{self._loss.name}"
                 if self._loss.fused_with is not None and out_name == self._loss.fused_with else None)
        return StepTrace(
            a_in=X.copy(), targets=Y.copy(), z=zs, a=acts, delta=deltas, grad_W=gW, grad_b=gb,
            W_before=W_before, W_after=[layer.W.copy() for layer in layers],
            b_before=b_before, b_after=[layer.b.copy() for layer in layers],
            activations=[layer.activation for layer in layers], loss=loss,
            loss_name=self._loss.name, lr=self.lr, optimizer=self.optimizer,
            step_index=self.steps - 1, epoch=self.epoch,
            sample_index=None if sample_index is None else np.asarray(sample_index).copy(),
            mask=[None if m is None else (m > 0).astype(float) for m in masks],
            reg_loss=reg_loss, grad_W_reg=gWr,
            grad_b_reg=None if gWr is None else [np.zeros_like(g) for g in gb],
            clip_scale=scale, diverged=bool(reason), diverged_reason=reason, fused=fused)

    def _risky(self) -> bool:
        return self.opt.lr > 1.0

    def _divergence(self, loss: float) -> str:
        if not math.isfinite(loss):
            return "the loss became infinite or NaN"
        for k, layer in enumerate(self.net.layers):
            if not (np.all(np.isfinite(layer.W)) and np.all(np.isfinite(layer.b))):
                return f"the weights of layer {k + 1} became infinite or NaN"
            if np.max(np.abs(layer.W), initial=0.0) > 1e6:
                return f"the weights of layer {k + 1} grew beyond a million"
        return ""
