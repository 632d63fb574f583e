"""Training: forward, loss, backward (backpropagation) and the update, with full traces.

The gradient step is W ← W − η·∂L/∂W with ∂L/∂W averaged over the batch. `step()` records
everything in a StepTrace for the GUI to animate; `train_steps()` / `fit()` run the same
maths without recording, as fast as NumPy allows.
"""

from __future__ import annotations

import copy
import math

import numpy as np

from .backprop import Backprop
from .losses import get_loss
from .metrics import History, accuracy
from .network import Network, check_inputs
from .optimizers import OPTIMIZER_CONSTANTS, Optimizer
from .recording import recorded_step
from .trace import StepTrace

MAX_LR = 1e6
MAX_BATCH = 1_000_000


def _number(what, value) -> float:
    """value as a finite float, or a ValueError saying what is wrong."""
    if isinstance(value, bool):
        raise ValueError(f"{what} must be a number, got {value!r}")
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a number, got {value!r}") from None
    if not math.isfinite(v):
        raise ValueError(f"{what} must be a finite number, got {value!r}")
    return v


def _copy_opt_state(state: dict) -> dict:
    """A deep copy of an optimizer's state ({index: [arrays]}), without deepcopy's cost."""
    if all(isinstance(v, list) and all(type(a) is np.ndarray for a in v)
           for v in state.values()):
        return {i: [a.copy() for a in v] for i, v in state.items()}
    return copy.deepcopy(state)


class DivergedError(RuntimeError):
    """Raised when asked to train a trainer whose last step diverged (reset it first)."""


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
        if not isinstance(net, Network):
            raise ValueError(f"a Trainer needs a Network, got {type(net).__name__}")
        self.net = net
        self._loss = get_loss(loss)
        lr = _number("learning rate", lr)
        if not lr > 0:
            raise ValueError(f"learning rate must be a positive number, got {lr}")
        if lr > MAX_LR:
            raise ValueError(f"learning rate {lr} is absurd (at most {MAX_LR:g})")
        if batch_size is not None:
            if (isinstance(batch_size, bool) or not isinstance(batch_size, (int, float, np.number))
                    or int(batch_size) != batch_size or not 1 <= batch_size <= MAX_BATCH):
                raise ValueError(f"batch size must be a whole number from 1 to {MAX_BATCH} or "
                                 f"None (full batch), got {batch_size!r}")
        l1, l2 = _number("l1 rate", l1), _number("l2 rate", l2)
        for name, v in (("l1", l1), ("l2", l2)):
            if not 0 <= v <= 10:
                raise ValueError(f"{name} rate must be from 0 to 10, got {v}")
        dropout = _number("dropout", dropout)
        if not 0 <= dropout < 1:
            raise ValueError(f"dropout must be a probability in [0, 1), got {dropout}")
        if clip_norm is not None:
            clip_norm = _number("clip_norm", clip_norm)
            if not clip_norm > 0:
                raise ValueError(f"clip_norm must be > 0 or None, got {clip_norm}")
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))
                                 or seed < 0):
            raise ValueError(f"seed must be a whole number ≥ 0 or None, got {seed!r}")
        self.opt = Optimizer(optimizer, lr, **optimizer_args)
        self.batch_size = None if batch_size is None else int(batch_size)
        self.seed = None if seed is None else int(seed)
        self.l1, self.l2, self.dropout, self.clip_norm = l1, l2, dropout, clip_norm
        self.rng = np.random.default_rng(seed)
        self.steps = 0          # updates made
        self.epoch = 0          # full passes completed
        self._order = None      # this epoch's sample order
        self._pos = 0           # next position in _order
        self.diverged = False
        self.diverged_reason = ""
        self._backprop: Backprop | None = None
        self._seen = None       # the data last checked by _inputs, with its checked form

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
        value = _number("learning rate", value)
        if not 0 < value <= MAX_LR:
            raise ValueError(f"learning rate must be a positive number up to {MAX_LR:g}, "
                             f"got {value}")
        self.opt.lr = value

    # -- one recorded step ----------------------------------------------------------------
    def step(self, X, Y, sample_index=None) -> StepTrace:
        """One forward + backward + update on this batch, fully recorded."""
        core = self._core(refresh=False)
        X, Y = self._inputs(X, Y)
        if sample_index is not None:
            sample_index = np.array(sample_index)     # the caller may change theirs later
        return recorded_step(self, core, X, Y, sample_index, X.copy(), Y.copy())

    def next_step(self, X, Y) -> StepTrace:
        """A recorded step on the next batch of the current epoch (shuffled per epoch)."""
        core = self._core(refresh=False)
        X, Y = self._inputs(X, Y)
        state = (self._order, self._pos, self.epoch)
        Xb, Yb, idx = self._batch(X, Y, None)      # fresh rows: the trace can keep them
        return recorded_step(self, core, Xb, Yb, idx, Xb, Yb, state)

    # -- the fast path --------------------------------------------------------------------
    def train_steps(self, X, Y, n: int) -> float:
        """n unrecorded updates on successive batches; returns the last batch's loss
        (before its update; NaN if no step was made). Stops early if training diverges."""
        X, Y = self._check(X, Y)
        n = int(n)
        if n <= 0:
            return float("nan")
        core = self._core()
        rng = self.rng
        perm = [None]
        Yb = None
        reason = ""
        for _ in range(n):
            Xb, Yb, _idx = self._batch(X, Y, perm)
            reason = core.step(Xb, Yb, rng, False, False)[0]
            if reason:
                break
            self.steps += 1
        if reason:
            self._diverge(reason)
            return float("nan")
        loss = core.last_loss(Yb.shape[0], Yb)
        if not math.isfinite(loss):
            self._diverge("the loss became infinite or NaN")
        return loss

    def train_epochs(self, X, Y, n: int = 1) -> float:
        """Finish the current epoch, then n − 1 more (unrecorded); the last batch loss."""
        X, Y = self._check(X, Y)
        n = int(n)
        if n <= 0:
            return float("nan")
        N = X.shape[0]
        per_epoch = self.steps_per_epoch(N)
        if self._order is None or len(self._order) != N:
            first = per_epoch
        else:
            first = -(-(N - self._pos) // self._bs(N))
        return self.train_steps(X, Y, first + (n - 1) * per_epoch)

    def steps_per_epoch(self, n_samples: int) -> int:
        return -(-n_samples // self._bs(n_samples))

    def evaluate(self, X, Y) -> tuple[float, float | None]:
        """(loss, accuracy or None) of the current network on (X, Y); nothing changes."""
        X, Y = self._check(X, Y, allow_diverged=True)
        o = self.net.forward(X)
        acc = accuracy(o, Y, self.net.layers[-1].activation) if self.classifies(Y) else None
        return self._loss(o, Y), acc

    def classifies(self, Y) -> bool:
        """Whether accuracy means something here: a classification loss or output, or
        targets that are all 0/1 (or all −1/+1)."""
        out_act = self.net.layers[-1].activation
        if self.loss in ("bce", "cce") or out_act in ("sigmoid", "softmax", "step", "sign"):
            return True
        Y = np.asarray(Y)
        return bool(np.all((Y == 0) | (Y == 1)) or np.all((Y == -1) | (Y == 1)))

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
        if patience is not None and (int(patience) != patience or patience < 1):
            raise ValueError(f"patience must be a whole number ≥ 1 or None, got {patience}")
        hist = History()
        best, best_params, waited = math.inf, None, 0
        classify = self.classifies(Y)
        for _ in range(int(epochs)):
            self.train_epochs(X, Y, 1)
            if self.diverged:
                hist.diverged = True
                break
            loss, acc = self.evaluate(X, Y)
            hist.loss.append(loss)
            if classify:
                hist.acc.append(acc)
            if has_test:
                tl, tacc = self.evaluate(X_test, Y_test)
                hist.test_loss.append(tl)
                if classify:
                    hist.test_acc.append(tacc)
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
                "opt_state": _copy_opt_state(self.opt.state),
                "rng": self.rng.bit_generator.state,       # a new dict on every read
                "steps": self.steps, "epoch": self.epoch,
                "order": None if self._order is None else self._order.copy(), "pos": self._pos,
                "diverged": self.diverged, "diverged_reason": self.diverged_reason}

    def set_state(self, state: dict):
        self.net.set_params(state["params"])
        self.opt.t = state["opt_t"]
        self.opt.state = _copy_opt_state(state["opt_state"])
        self.rng.bit_generator.state = state["rng"]         # read, not kept
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
        """JSON-safe settings (see Trainer.from_settings); optimizer constants included."""
        d = {"loss": self.loss, "optimizer": self.optimizer, "lr": self.lr,
             "batch_size": self.batch_size, "seed": self.seed, "l1": self.l1, "l2": self.l2,
             "dropout": self.dropout, "clip_norm": self.clip_norm}
        d.update(self.opt.constants())
        return d

    @classmethod
    def from_settings(cls, net: Network, settings: dict) -> Trainer:
        """A trainer for `net` from `settings()` output; ValueError naming a bad key."""
        if not isinstance(settings, dict):
            raise ValueError("trainer settings must be a dictionary")
        allowed = {"loss", "optimizer", "lr", "batch_size", "seed", "l1", "l2", "dropout",
                   "clip_norm", *OPTIMIZER_CONSTANTS}
        extra = set(settings) - allowed
        if extra:
            raise ValueError(f"unknown trainer settings: {', '.join(sorted(map(str, extra)))}; "
                             f"valid keys: {', '.join(sorted(allowed))}")
        return cls(net, **settings)

    # -- internals ------------------------------------------------------------------------
    def _core(self, refresh: bool = True) -> Backprop:
        """The step engine, bound to the current network (a recorded step needs no
        refreshed weight norm: it always keeps the weights before)."""
        if self._backprop is None:
            self._backprop = Backprop(self)
            self._seen = None
        elif self._backprop.ensure_bound(refresh):
            self._seen = None                 # the network changed: check data again
        return self._backprop

    def _diverge(self, reason: str):
        self.diverged, self.diverged_reason = True, reason

    def _bs(self, n):
        return n if self.batch_size is None else min(self.batch_size, n)

    def _batch(self, X, Y, perm):
        """The next batch of the epoch: (X rows, Y rows, their indices).

        `perm`, when given, is a one-item list caching this epoch's shuffled copy of the
        data, so that batches are contiguous slices (valid during one call only)."""
        n = X.shape[0]
        if self._order is None or len(self._order) != n or self._pos >= n:
            self._order = np.arange(n) if self.batch_size is None else self.rng.permutation(n)
            self._pos = 0
            if perm is not None:
                perm[0] = None
        bs = self._bs(n)
        pos = self._pos
        idx = self._order[pos:pos + bs]
        if perm is None:         # fresh rows (a recorded step's trace keeps them)
            Xb, Yb = (X.copy(), Y.copy()) if self.batch_size is None else (X[idx], Y[idx])
        else:
            if perm[0] is None:
                perm[0] = (X, Y) if self.batch_size is None else (X[self._order], Y[self._order])
            Xb, Yb = perm[0][0][pos:pos + bs], perm[0][1][pos:pos + bs]
        self._pos = pos + bs
        if self._pos >= n:
            self.epoch += 1
            self._order = None
            self._pos = 0
            if perm is not None:
                perm[0] = None
        return Xb, Yb, idx

    def _check(self, X, Y, allow_diverged=False, finite=True):
        X = np.atleast_2d(check_inputs(X, self.net.layers[0].n_in, finite))
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
        if X.shape[0] == 0:
            raise ValueError("there are no samples to train on")
        if finite and not np.isfinite(Y).all():
            raise ValueError("targets contain NaN or infinity")
        if not allow_diverged:
            self._check_not_diverged()
        return X, Y

    def _inputs(self, X, Y):
        """X, Y for a recorded step: converted and shape-checked once per data set.

        The arrays last seen (the same float64 objects with the same shapes) are not checked
        again; finiteness is checked per batch by `recorded_step`, since the data may have been
        edited in place since."""
        c = self._seen
        if c is not None and X is c[0] and Y is c[1] and X.shape == c[2] and Y.shape == c[3]:
            Xc, Yc = c[4], c[5]
        else:
            Xc, Yc = self._check(X, Y, allow_diverged=True, finite=False)
            # float64 arrays are used as they are (or as views): later edits show through
            ok = (type(X) is np.ndarray and type(Y) is np.ndarray
                  and X.dtype == np.float64 and Y.dtype == np.float64)
            self._seen = (X, Y, X.shape, Y.shape, Xc, Yc) if ok else None
        if self.diverged:
            self._check_not_diverged()
        return Xc, Yc

    def _check_not_diverged(self):
        if self.diverged:
            raise DivergedError(f"training diverged ({self.diverged_reason}); reset the network "
                                "or lower the learning rate")
