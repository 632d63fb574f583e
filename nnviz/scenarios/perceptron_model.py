"""The perceptron scenario's model: the points, the settings and the learning, one sample at
a time, with every earlier state kept for stepping back. Qt signals, no drawing; the rule
itself is the engine's (nnviz.engine.units.Perceptron.step)."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QObject, Signal

from ..engine.units import Perceptron, PerceptronStep

GATE_X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
PRESETS = {"and": "AND gate", "or": "OR gate", "xor": "XOR gate",
           "separable": "Random separable set", "nonseparable": "Random non-separable set"}
GATE_LABELS = {"and": [0, 0, 0, 1], "or": [0, 1, 1, 1], "xor": [0, 1, 1, 0]}
GATE_RANGE = (-0.6, 1.6)
RANDOM_RANGE = (-3.0, 3.0)
KEEP_BACK = 5000            # states kept for stepping back
MAX_POINTS = 200


def make_points(preset: str, seed: int) -> tuple[list[list[float]], list[int]]:
    """Points and labels (1 = positive class, 0 = negative) for a preset."""
    if preset in GATE_LABELS:
        return [list(p) for p in GATE_X], list(GATE_LABELS[preset])
    rng = np.random.default_rng(seed)
    if preset == "separable":
        angle = rng.uniform(0, 2 * np.pi)
        normal = np.array([np.cos(angle), np.sin(angle)])
        offset = rng.uniform(-0.8, 0.8)
        X = []
        while len(X) < 24:
            p = rng.uniform(-2.6, 2.6, size=2)
            if abs(p @ normal - offset) > 0.35:       # keep a visible margin
                X.append(p)
        X = np.round(np.array(X), 2)
        y = (X @ normal - offset > 0).astype(int)
    elif preset == "nonseparable":
        neg = rng.normal((-0.7, -0.5), 0.9, size=(11, 2))
        pos = rng.normal((0.7, 0.5), 0.9, size=(11, 2))
        # a point of each class inside a triangle of the other: no line can separate them
        neg = np.vstack([neg, pos[:3].mean(axis=0)])
        pos = np.vstack([pos, neg[:3].mean(axis=0)])
        X = np.round(np.clip(np.vstack([neg, pos]), -2.8, 2.8), 2)
        y = np.array([0] * len(neg) + [1] * len(pos))
    else:
        raise ValueError(f"unknown data preset {preset!r}; valid: {', '.join(PRESETS)}")
    return X.tolist(), y.tolist()


@dataclass(frozen=True)
class Snapshot:
    """Everything stepping changes, to go back exactly."""
    unit: dict              # Perceptron.snapshot()
    cursor: int
    mistakes: int
    converged: bool


class PerceptronModel(QObject):
    """Points with labels, the perceptron's settings, and its learning position.

    `cursor` is the next sample to present; `mistakes` counts updates in the current epoch.
    Learning goes through the points in order (deterministic, so a cycle can be detected)."""

    changed = Signal()        # weights, position or data changed
    data_changed = Signal()   # the points or targets changed (rebuild the scatter)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.preset = "and"
        self.seed = 0
        self.bipolar = False
        self.lr = 1.0
        self.w_init = [0.0, 0.0, 0.0]          # w1, w2, b (= w0)
        self.points, self.labels = make_points("and", 0)
        self.view_range = GATE_RANGE
        self._restart()

    # -- data and settings ------------------------------------------------------------------
    @property
    def X(self) -> np.ndarray:
        return np.array(self.points, dtype=float).reshape(-1, 2)

    @property
    def targets(self) -> np.ndarray:
        lo, hi = (-1.0, 1.0) if self.bipolar else (0.0, 1.0)
        return np.where(np.array(self.labels, dtype=int) == 1, hi, lo).astype(float)

    def set_preset(self, preset: str, seed: int | None = None) -> None:
        points, labels = make_points(preset, self.seed if seed is None else seed)
        self.preset = preset
        if seed is not None:
            self.seed = seed
        self.points, self.labels = points, labels
        self.view_range = GATE_RANGE if preset in GATE_LABELS else RANDOM_RANGE
        self._data_replaced()

    def add_point(self, x1: float, x2: float, label: int) -> None:
        if len(self.points) >= MAX_POINTS:
            raise ValueError(f"at most {MAX_POINTS} points; remove some first")
        self.points.append([round(float(x1), 2), round(float(x2), 2)])
        self.labels.append(int(label))
        self.preset = "custom"
        self._data_replaced()

    def remove_nearest(self, x1: float, x2: float) -> int | None:
        """Remove the point nearest (x1, x2); returns its index (None if there are none)."""
        if not self.points:
            return None
        i = int(np.argmin(np.sum((self.X - [x1, x2]) ** 2, axis=1)))
        del self.points[i]
        del self.labels[i]
        self.preset = "custom"
        self._data_replaced()
        return i

    def set_settings(self, lr=None, bipolar=None, w_init=None) -> None:
        """Change η, the target coding or the initial weights: learning starts again."""
        p = Perceptron(2, self.lr if lr is None else lr, False,
                       (self.w_init if w_init is None else w_init)[:2],
                       (self.w_init if w_init is None else w_init)[2])   # validates
        self.lr = p.lr
        if bipolar is not None:
            self.bipolar = bool(bipolar)
        if w_init is not None:
            self.w_init = [float(v) for v in w_init]
        self._data_replaced()

    def _data_replaced(self):
        self._restart()
        self.data_changed.emit()
        self.changed.emit()

    # -- learning ---------------------------------------------------------------------------
    def _restart(self):
        self.unit = Perceptron(2, self.lr, self.bipolar, self.w_init[:2], self.w_init[2])
        self.cursor = 0
        self.mistakes = 0
        self.converged = False
        self.last: PerceptronStep | None = None
        self._back: deque[Snapshot] = deque(maxlen=KEEP_BACK)
        self.n_steps = 0

    def restart(self) -> None:
        """Back to the initial weights, before the first sample."""
        self._restart()
        self.changed.emit()

    def _snapshot(self) -> Snapshot:
        return Snapshot(self.unit.snapshot(), self.cursor, self.mistakes, self.converged)

    @property
    def finished(self) -> bool:
        return self.converged or not self.points

    def step_sample(self, emit: bool = True) -> PerceptronStep | None:
        """Present the next sample (the engine applies the rule); close the epoch after the
        last one. Returns the step, or None when there is nothing left to learn."""
        if self.finished:
            return None
        self._back.append(self._snapshot())
        X, t = self.X, self.targets
        i = self.cursor
        rec = self.unit.step(X[i], t[i], i)
        self.last = rec
        self.n_steps += 1
        self.mistakes += rec.mistake
        self.cursor += 1
        if self.cursor == len(X):
            self.unit.end_epoch(self.mistakes)
            self.converged = self.mistakes == 0
            self.cursor, self.mistakes = 0, 0
        if emit:
            self.changed.emit()
        return rec

    def step_epoch(self) -> None:
        """Present samples up to the end of the current epoch."""
        if self.finished:
            return
        epoch = self.unit.epoch
        while not self.finished and self.unit.epoch == epoch:
            self.step_sample(emit=False)
        self.changed.emit()

    def run_steps(self, n: int) -> None:
        for _ in range(int(n)):
            if self.step_sample(emit=False) is None:
                break
        self.changed.emit()

    def can_step_back(self) -> bool:
        return bool(self._back)

    def mark(self) -> int:
        """Where the model is in its steps (the undo depth): equal marks, the same place."""
        return len(self._back)

    def step_back(self) -> bool:
        if not self._back:
            return False
        s = self._back.pop()
        self.unit.rewind(s.unit)
        self.cursor, self.mistakes, self.converged = s.cursor, s.mistakes, s.converged
        self.n_steps = len(self.unit.steps)
        self.last = self.unit.steps[-1] if self.unit.steps else None
        self.changed.emit()
        return True

    # -- what the views show ----------------------------------------------------------------
    @property
    def w(self) -> np.ndarray:
        return self.unit.w

    @property
    def b(self) -> float:
        return self.unit.b

    @property
    def epoch(self) -> int:
        return self.unit.epoch

    @property
    def cycle(self):
        return self.unit.cycle

    def accuracy(self) -> float | None:
        if not self.points:
            return None
        return float(np.mean(self.unit.predict(self.X) == self.targets))

    def errors_now(self) -> int:
        return int(np.sum(self.unit.predict(self.X) != self.targets)) if self.points else 0
