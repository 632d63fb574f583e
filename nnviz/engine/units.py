"""The two classic units before backpropagation: McCulloch–Pitts (1943) and Rosenblatt's
perceptron (1958). NumPy only.

McCulloch–Pitts: binary inputs, each excitatory or inhibitory, and a threshold θ set by
hand. The unit fires (1) iff no inhibitory input is on ("absolute inhibition") and the
number of excitatory inputs that are on is at least θ.

Perceptron: real inputs and weights; the bias is the weight w0 of a constant input x0 = 1.
Output y = 1 if z = w·x + b ≥ 0, else 0 (or −1 in bipolar mode). Rosenblatt's rule, one
sample at a time: w ← w + η(t − y)x, b ← b + η(t − y). Every step is recorded, and the
weights at the end of each epoch are remembered, so a return to the same weights (the rule
cycling for ever on data no line can separate) is detected.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

__all__ = ["McCullochPitts", "Perceptron", "PerceptronStep"]

ZERO_TOL = 1e-12      # a perceptron's z this small next to its terms is 0 (rounding error)


def _binary_inputs(x, n: int, what: str = "input") -> np.ndarray:
    """x as an int array of 0/1 with last axis n; ValueError saying what is wrong."""
    a = np.asarray(x)
    if a.ndim not in (1, 2) or a.shape[-1] != n:
        raise ValueError(f"{what} must have {n} values (one per input), got shape {a.shape}")
    if a.dtype == bool:
        a = a.astype(int)
    if not np.issubdtype(a.dtype, np.number) or not np.all((a == 0) | (a == 1)):
        raise ValueError(f"{what} values must be 0 or 1 (McCulloch–Pitts inputs are binary)")
    return a.astype(int)


class McCullochPitts:
    """A McCulloch–Pitts threshold unit with n binary inputs.

    `inhibitory` lists the 0-based indices of the inhibitory inputs; the others are
    excitatory. Any inhibitory input that is on blocks the unit; otherwise it fires iff
    the count of excitatory inputs that are on is ≥ threshold.
    """

    MAX_INPUTS = 16

    def __init__(self, n_inputs: int, threshold: int, inhibitory=()):
        if isinstance(n_inputs, bool) or not isinstance(n_inputs, (int, np.integer)):
            raise ValueError(f"n_inputs must be a whole number, got {n_inputs!r}")
        if not 1 <= n_inputs <= self.MAX_INPUTS:
            raise ValueError(f"n_inputs must be between 1 and {self.MAX_INPUTS}, got {n_inputs}")
        if (isinstance(threshold, bool) or not isinstance(threshold, (int, np.integer, float))
                or threshold != int(threshold)):
            raise ValueError(f"threshold must be a whole number, got {threshold!r}")
        threshold = int(threshold)
        if not 0 <= threshold <= n_inputs + 1:
            raise ValueError(f"threshold must be between 0 and {n_inputs + 1}, got {threshold}")
        inh = []
        for i in inhibitory:
            if isinstance(i, bool) or not isinstance(i, (int, np.integer)) or not 0 <= i < n_inputs:
                raise ValueError(f"inhibitory input index {i!r} is not one of 0…{n_inputs - 1}")
            inh.append(int(i))
        if len(set(inh)) != len(inh):
            raise ValueError(f"inhibitory inputs are listed twice: {inh}")
        self.n_inputs = int(n_inputs)
        self.threshold = threshold
        self.inhibitory: tuple[int, ...] = tuple(sorted(inh))

    @property
    def excitatory(self) -> tuple[int, ...]:
        return tuple(i for i in range(self.n_inputs) if i not in self.inhibitory)

    def excitation(self, x) -> np.ndarray | int:
        """The count of excitatory inputs that are on (per row for a batch)."""
        a = _binary_inputs(x, self.n_inputs)
        s = a[..., list(self.excitatory)].sum(axis=-1)
        return int(s) if a.ndim == 1 else s

    def inhibited(self, x) -> np.ndarray | bool:
        """Whether an inhibitory input is on (per row for a batch)."""
        a = _binary_inputs(x, self.n_inputs)
        s = a[..., list(self.inhibitory)].sum(axis=-1) > 0
        return bool(s) if a.ndim == 1 else s

    def fire(self, x) -> np.ndarray | int:
        """Output 0/1 for one input vector (an int) or for rows of inputs (an int array)."""
        a = _binary_inputs(x, self.n_inputs)
        exc = a[..., list(self.excitatory)].sum(axis=-1)
        inh = a[..., list(self.inhibitory)].sum(axis=-1) > 0
        y = ((exc >= self.threshold) & ~inh).astype(int)
        return int(y) if a.ndim == 1 else y

    def truth_table(self) -> np.ndarray:
        """All 2^n rows as an int array of shape (2^n, n + 1): the inputs x1…xn counting up
        in binary (x1 the most significant), then the output y."""
        X = np.array(list(itertools.product((0, 1), repeat=self.n_inputs)), dtype=int)
        return np.column_stack([X, self.fire(X)])

    def to_dict(self) -> dict:
        return {"n_inputs": self.n_inputs, "threshold": self.threshold,
                "inhibitory": list(self.inhibitory)}

    @classmethod
    def from_dict(cls, d: dict) -> McCullochPitts:
        return cls(d["n_inputs"], d["threshold"], d.get("inhibitory", ()))

    def __eq__(self, other) -> bool:
        return isinstance(other, McCullochPitts) and self.to_dict() == other.to_dict()

    def __repr__(self) -> str:
        return (f"McCullochPitts(n_inputs={self.n_inputs}, threshold={self.threshold}, "
                f"inhibitory={self.inhibitory})")


@dataclass(frozen=True)
class PerceptronStep:
    """One sample presented to the perceptron: what it saw, said, and changed.

    `dw`/`db` are η(t − y)x and η(t − y); both zero when the output was right."""
    epoch: int                 # 1-based epoch this step belongs to
    index: int                 # the sample's row in X
    x: tuple[float, ...]
    target: float
    z: float                   # w·x + b before the update
    output: float              # y
    w_before: tuple[float, ...]
    b_before: float
    dw: tuple[float, ...]
    db: float
    w_after: tuple[float, ...]
    b_after: float

    @property
    def mistake(self) -> bool:
        return self.output != self.target

    @property
    def error(self) -> float:
        """t − y."""
        return self.target - self.output


class Perceptron:
    """Rosenblatt's perceptron with n real inputs and the bias b = w0 (x0 = 1).

    y = 1 if w·x + b ≥ 0 else 0 (−1 when bipolar). Samples are presented in the order of
    the rows of X, so training is deterministic; `steps` holds every PerceptronStep since
    the last `reset_history`, and `cycle` is set to (earlier_epoch, epoch) when the weights
    at the end of an epoch equal those at the end of an earlier one while mistakes are still
    being made: the rule is then repeating itself and can never converge.
    """

    def __init__(self, n_inputs: int, lr: float = 1.0, bipolar: bool = False, w=None,
                 b: float = 0.0):
        if isinstance(n_inputs, bool) or not isinstance(n_inputs, (int, np.integer)) \
                or n_inputs < 1:
            raise ValueError(f"n_inputs must be a whole number ≥ 1, got {n_inputs!r}")
        self.n_inputs = int(n_inputs)
        self.lr = self._check_lr(lr)
        self.bipolar = bool(bipolar)
        self.w = self._check_w(np.zeros(self.n_inputs) if w is None else w)
        self.b = self._check_b(b)
        self.reset_history()

    # -- validation -----------------------------------------------------------------------
    @staticmethod
    def _check_lr(lr) -> float:
        try:
            lr = float(lr)
        except (TypeError, ValueError):
            raise ValueError(f"learning rate must be a number, got {lr!r}") from None
        if not np.isfinite(lr) or lr <= 0:
            raise ValueError(f"learning rate must be a positive number, got {lr}")
        return lr

    def _check_w(self, w) -> np.ndarray:
        try:
            w = np.array(w, dtype=float).reshape(-1)
        except (TypeError, ValueError):
            raise ValueError(f"weights must be numbers, got {w!r}") from None
        if w.shape != (self.n_inputs,):
            raise ValueError(f"need {self.n_inputs} weights, got {w.size}")
        if not np.all(np.isfinite(w)):
            raise ValueError("weights must be finite numbers")
        return w

    @staticmethod
    def _check_b(b) -> float:
        try:
            b = float(b)
        except (TypeError, ValueError):
            raise ValueError(f"bias must be a number, got {b!r}") from None
        if not np.isfinite(b):
            raise ValueError("bias must be a finite number")
        return b

    @property
    def classes(self) -> tuple[int, int]:
        """(negative class, positive class): (0, 1), or (−1, +1) when bipolar."""
        return (-1, 1) if self.bipolar else (0, 1)

    def check_data(self, X, t) -> tuple[np.ndarray, np.ndarray]:
        """X as (m, n) floats and t as (m,) targets in `classes`; ValueError otherwise."""
        X = np.asarray(X, dtype=float)
        if X.ndim == 1:
            X = X.reshape(1, -1)
        if X.ndim != 2 or X.shape[1] != self.n_inputs:
            raise ValueError(f"X must have rows of {self.n_inputs} inputs, got shape {X.shape}")
        if not np.all(np.isfinite(X)):
            raise ValueError("X must hold finite numbers")
        t = np.asarray(t, dtype=float).reshape(-1)
        if t.shape[0] != X.shape[0]:
            raise ValueError(f"{X.shape[0]} samples but {t.shape[0]} targets")
        lo, hi = self.classes
        if not np.all((t == lo) | (t == hi)):
            raise ValueError(f"targets must be {lo} or {hi} "
                             f"({'bipolar' if self.bipolar else 'binary'} mode)")
        return X, t

    # -- the unit -------------------------------------------------------------------------
    def net_input(self, X) -> np.ndarray | float:
        """z = w·x + b (a float for one sample, an array for rows). A z within rounding
        error of 0 (ZERO_TOL of the size of its terms) is exactly 0: −0.2·1 + 0.2·1 + 0.1·0
        came out −2.8e−17, the unit answered 0 where z ≥ 0 gives 1, and training took a
        different path from the one worked by hand."""
        X = np.asarray(X, dtype=float)
        z = X @ self.w + self.b
        size = np.abs(X) @ np.abs(self.w) + abs(self.b)
        z = np.where(np.abs(z) <= ZERO_TOL * size, 0.0, z)
        return float(z) if X.ndim == 1 else z

    def predict(self, X) -> np.ndarray | float:
        lo, hi = self.classes
        z = self.net_input(X)
        if isinstance(z, float):
            return float(hi if z >= 0 else lo)
        return np.where(z >= 0, hi, lo).astype(float)

    def errors(self, X, t) -> int:
        """How many samples the current weights get wrong."""
        X, t = self.check_data(X, t)
        return int(np.sum(self.predict(X) != t))

    # -- learning -------------------------------------------------------------------------
    def reset_history(self) -> None:
        """Forget recorded steps and epochs (the weights stay)."""
        self.steps: list[PerceptronStep] = []
        self.epoch = 0
        self.epoch_errors: list[int] = []       # mistakes made during each epoch
        self.cycle: tuple[int, int] | None = None
        self._seen = {self._key(): 0}

    def _key(self) -> tuple:
        return tuple(np.round(np.append(self.w, self.b), 9) + 0.0)

    def step(self, x, target: float, index: int = 0) -> PerceptronStep:
        """Present one sample: predict, apply the rule, record and return the step."""
        x = np.asarray(x, dtype=float).reshape(-1)
        z = self.net_input(x)
        lo, hi = self.classes
        y = float(hi if z >= 0 else lo)
        err = float(target) - y
        dw = self.lr * err * x
        db = self.lr * err
        w_before, b_before = tuple(self.w.tolist()), self.b
        if err != 0:
            self.w = self.w + dw
            self.b = self.b + db
        rec = PerceptronStep(self.epoch + 1, int(index), tuple(x.tolist()), float(target), z, y,
                             w_before, b_before, tuple((dw + 0.0).tolist()), db + 0.0,
                             tuple(self.w.tolist()), self.b)
        self.steps.append(rec)
        return rec

    def end_epoch(self, mistakes: int) -> None:
        """Close an epoch that made `mistakes` updates: count it, check for a cycle."""
        self.epoch += 1
        self.epoch_errors.append(int(mistakes))
        key = self._key()
        if mistakes and self.cycle is None and key in self._seen:
            self.cycle = (self._seen[key], self.epoch)
        self._seen.setdefault(key, self.epoch)

    def train_epoch(self, X, t) -> list[PerceptronStep]:
        """One pass over the rows of X in order; returns the steps that changed weights."""
        X, t = self.check_data(X, t)
        updates = [s for s in (self.step(x, ti, i) for i, (x, ti) in enumerate(zip(X, t)))
                   if s.mistake]
        self.end_epoch(len(updates))
        return updates

    def fit(self, X, t, max_epochs: int = 100) -> tuple[bool, int]:
        """Train epoch by epoch until one makes no mistake (converged), the weights repeat
        (a cycle: it never will), or max_epochs. Returns (converged, epochs run); the clean
        epoch that confirms convergence is counted."""
        X, t = self.check_data(X, t)
        if isinstance(max_epochs, bool) or not isinstance(max_epochs, (int, np.integer)) \
                or max_epochs < 1:
            raise ValueError(f"max_epochs must be a whole number ≥ 1, got {max_epochs!r}")
        for n in range(1, max_epochs + 1):
            if not self.train_epoch(X, t):
                return True, n
            if self.cycle is not None:
                return False, n
        return False, max_epochs

    def snapshot(self) -> dict:
        """Everything learning changes, for `rewind` (stepping back exactly)."""
        return {"w": tuple(self.w.tolist()), "b": self.b, "epoch": self.epoch,
                "cycle": self.cycle, "n_steps": len(self.steps)}

    def rewind(self, snap: dict) -> None:
        """Go back to a `snapshot` taken earlier in this same run: weights, epoch count,
        recorded steps and the remembered epoch-end weights are as they were then."""
        self.w, self.b = np.array(snap["w"], dtype=float), float(snap["b"])
        self.epoch = snap["epoch"]
        del self.epoch_errors[self.epoch:]
        self.cycle = snap["cycle"]
        del self.steps[snap["n_steps"]:]
        self._seen = {k: e for k, e in self._seen.items() if e <= self.epoch}

    # -- state ----------------------------------------------------------------------------
    def get_state(self) -> dict:
        return {"w": self.w.tolist(), "b": self.b}

    def set_state(self, state: dict) -> None:
        w, b = self._check_w(state["w"]), self._check_b(state["b"])
        self.w, self.b = w, b

    def to_dict(self) -> dict:
        return {"n_inputs": self.n_inputs, "lr": self.lr, "bipolar": self.bipolar,
                "w": self.w.tolist(), "b": self.b}

    @classmethod
    def from_dict(cls, d: dict) -> Perceptron:
        return cls(d["n_inputs"], d["lr"], d["bipolar"], d["w"], d["b"])

    def __repr__(self) -> str:
        return (f"Perceptron(n_inputs={self.n_inputs}, lr={self.lr}, bipolar={self.bipolar}, "
                f"w={self.w.tolist()}, b={self.b})")
