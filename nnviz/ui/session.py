"""TrainingSession: a network, its trainer and its data, as the model views listen to.

The session holds no drawing code. Views (canvas, plots, player) read its engine objects and
listen to its signals; they change it only through its methods (`set_weight`,
`train_steps`, `replace`, ...). All the maths is the engine's.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QObject, Signal

from ..engine import DivergedError, Trainer, accuracy
from ..engine.events import BIAS
from .session_grid import InputPlane

__all__ = ["TrainingSession", "BIAS"]

HISTORY_KEYS = ("epoch", "loss", "test_loss", "acc", "test_acc")


def _as_2d(name, value):
    if value is None:
        return None
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a table of numbers (rows are samples), got shape "
                         f"{arr.shape}")
    return arr


class TrainingSession(InputPlane, QObject):
    """A network, its trainer, training (and test) data: the model the canvas, player and
    plots listen to. Qt signals but no drawing.

    X, Y are what the network sees (already feature-transformed when `features` is given);
    X_raw / X_test_raw keep the 2-D points for plotting (equal to X without features).
    """

    weights_changed = Signal()      # any parameter changed (training, edit, step back, reset)
    replacing = Signal()            # replace() begins: a step being shown settles
    #                                 (the old network and data still in place)
    structure_changed = Signal()    # network/trainer/data replaced: rebuild drawings
    diverged = Signal(str)          # training diverged, with the reason in words
    history_changed = Signal()      # a row was added to (or the history was cleared)

    def __init__(self, trainer: Trainer, X, Y, X_test=None, Y_test=None,
                 features: list[str] | None = None, extent=(-6, 6, -6, 6), parent=None,
                 X_raw=None, X_test_raw=None):
        super().__init__(parent)
        self.extent = tuple(float(v) for v in extent)
        if len(self.extent) != 4 or not (self.extent[0] < self.extent[1]
                                          and self.extent[2] < self.extent[3]):
            raise ValueError(f"extent must be (xmin, xmax, ymin, ymax) with min < max, got "
                             f"{extent}")
        self._grid_cache: dict[tuple, tuple] = {}   # (size, extent) → grid_activations
        self._eval_cache: dict[bool, tuple] = {}  # test? → evaluate(), this version
        self.version = 0                          # +1 whenever a parameter or the data changes
        # how the canvas's header names a training row: "row" (its number), "point" (a point
        # of a data set on the plane) or "inputs" (its input values: a truth table's row)
        self.row_naming = "row"
        self._set(trainer, X, Y, X_test, Y_test, X_raw, X_test_raw, features)

    # -- the model --------------------------------------------------------------------------
    @property
    def net(self):
        return self.trainer.net

    @property
    def view_net(self):
        """The network as the views show it: the engine's, or while a player shows a step
        whose update it has not reached yet (hold_weights … announce), a copy with the
        weights from before that step. Read-only: draw from it, never train it."""
        return self._held if self._held is not None else self.trainer.net

    @property
    def epoch(self) -> int:
        return self.trainer.epoch

    @property
    def steps(self) -> int:
        return self.trainer.steps

    @property
    def n_inputs(self) -> int:
        return self.net.sizes[0]

    @property
    def is_classifier(self) -> bool:
        """True when the outputs are classes (accuracy makes sense): a classification loss
        or output, or a tanh output on targets −1/+1 (two classes, as TensorFlow Playground
        codes them)."""
        out = self.net.layers[-1].activation
        return (self.trainer.loss in ("bce", "cce") or out in ("sigmoid", "softmax", "step",
                                                               "sign")
                or out == "tanh" and self._bipolar_targets)

    def _set(self, trainer, X, Y, X_test, Y_test, X_raw, X_test_raw, features):
        X, Y = _as_2d("X", X), _as_2d("Y", Y)
        X_test, Y_test = _as_2d("X_test", X_test), _as_2d("Y_test", Y_test)
        if (X_test is None) != (Y_test is None):
            raise ValueError("give both X_test and Y_test, or neither")
        n_in, n_out = trainer.net.sizes[0], trainer.net.sizes[-1]
        for name, A, B in (("training", X, Y), ("test", X_test, Y_test)):
            if A is None:
                continue
            if A.shape[1] != n_in:
                raise ValueError(f"the {name} inputs have {A.shape[1]} columns but the network "
                                 f"takes {n_in} inputs")
            if B.shape != (A.shape[0], n_out):
                raise ValueError(f"the {name} targets have shape {B.shape}; expected "
                                 f"({A.shape[0]}, {n_out})")
        if X.shape[0] == 0:
            raise ValueError("the training set is empty: add at least one sample")
        self.trainer = trainer
        self._held = None           # view_net while the views are held back (never
        self._held_epoch = 0        # the old network with new data), its epoch count
        self.X, self.Y, self.X_test, self.Y_test = X, Y, X_test, Y_test
        self._bipolar_targets = bool(Y.shape[1] == 1 and np.all(np.abs(Y) == 1.0)
                                     and Y.min() < 0)
        self.features = list(features) if features else None
        self.X_raw = X if X_raw is None else _as_2d("X_raw", X_raw)
        self.X_test_raw = X_test if X_test_raw is None else _as_2d("X_test_raw", X_test_raw)
        self.history: dict[str, list] = {k: [] for k in HISTORY_KEYS}
        self.history_version = 0      # changes when rows are removed or replaced
        self._changed()

    def replace(self, trainer, X, Y, X_test=None, Y_test=None, X_raw=None, X_test_raw=None,
                features=None):
        """A new network/trainer/data (architecture, dataset or features changed). A
        step being shown is settled first (`replacing`), on the old network and data."""
        self.replacing.emit()
        self._set(trainer, X, Y, X_test, Y_test, X_raw, X_test_raw, features)
        self.structure_changed.emit()
        self.weights_changed.emit()
        self.history_changed.emit()

    def clear_history(self):
        self.history = {k: [] for k in HISTORY_KEYS}
        self.history_version += 1
        self.history_changed.emit()

    def history_state(self) -> dict:
        """The history for a file: a figure that does not exist (no test set, accuracy
        of a regression) is NaN here and null there (JSON has no NaN: saving failed)."""
        return {k: [None if isinstance(x, float) and not math.isfinite(x) else x for x in v]
                for k, v in self.history.items()}

    def truncate_history(self, epoch: int) -> None:
        """Forget the history rows after `epoch` (stepping back to it: the loss curve had
        kept them, and stepping forward again drew it back to the epoch and out again)."""
        keep = len(self.history["epoch"])
        while keep and self.history["epoch"][keep - 1] > epoch:
            keep -= 1
        if keep < len(self.history["epoch"]):
            for v in self.history.values():
                del v[keep:]
            self.history_version += 1
            self.history_changed.emit()

    def set_history(self, h: dict) -> None:
        """A history from a file (checked with check_history): null back to NaN."""
        self.history = {k: [math.nan if x is None else x for x in v] for k, v in h.items()}
        self.history_version += 1
        self.history_changed.emit()

    # -- changing parameters ----------------------------------------------------------------
    def set_weight(self, layer: int, unit: int, input: int, value: float):
        """Set one weight (input == BIAS: the unit's bias) to `value`."""
        layers = self.net.layers
        if not 0 <= layer < len(layers):
            raise ValueError(f"there is no layer {layer}: the network has {len(layers)} layers")
        lay = layers[layer]
        if not 0 <= unit < lay.n_out:
            raise ValueError(f"layer {layer} has no unit {unit} (it has {lay.n_out})")
        if input != BIAS and not 0 <= input < lay.n_in:
            raise ValueError(f"unit {unit} of layer {layer} has no input {input} "
                             f"(it has {lay.n_in})")
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"{value!r} is not a number") from None
        if not math.isfinite(value):
            raise ValueError("a weight must be a finite number")
        if input == BIAS:
            lay.b[unit] = value
        else:
            lay.W[unit, input] = value
        self.notify_weights_changed()

    def weight(self, layer: int, unit: int, input: int) -> float:
        lay = self.net.layers[layer]
        return float(lay.b[unit] if input == BIAS else lay.W[unit, input])

    def notify_weights_changed(self):
        """Tell the views that parameters changed (call after changing the engine directly)."""
        self._held = None
        self._changed()
        self.weights_changed.emit()

    def hold_weights(self):
        """From now until announce(), the views see the current weights (view_net), however
        the engine's change: a player shows a step's numbers before its update."""
        if self._held is None:       # (the same weights as now: what is cached stays right)
            self._held = self.trainer.net.copy()
            self._held_epoch = self.trainer.epoch

    @property
    def holding(self) -> bool:
        """The views see held weights (hold_weights) rather than the engine's."""
        return self._held is not None

    def hold_params(self, params, epoch: int):
        """The views see these parameters (net.get_params()) and this epoch count until
        announce(): stepping back before a shown step's update, its old weights again."""
        held = self.trainer.net.copy()
        held.set_params(params)
        self._held, self._held_epoch = held, int(epoch)
        self._changed()
        self.weights_changed.emit()

    def announce(self) -> bool:
        """The views see the engine's weights again (view_net), and the weights_changed that
        next_step(announce=False) held back is emitted; False when nothing was held."""
        if self._held is None:
            return False
        self._held = None
        self._changed()
        self.weights_changed.emit()
        return True

    def _changed(self):
        """A new weights version: what was computed from the old weights is forgotten."""
        self.version += 1
        self._grid_cache.clear()
        self._eval_cache.clear()

    def set_state(self, state: dict):
        """Restore a trainer state (trainer.get_state()) exactly."""
        self.trainer.set_state(state)
        self.notify_weights_changed()

    # -- training -----------------------------------------------------------------------------
    def train_steps(self, n: int, notify: bool = True) -> float:
        """n unrecorded updates (the engine's fast path, one call); returns the last batch
        loss. notify=False leaves telling the views (notify_weights_changed) to the caller,
        who trains in several calls and draws once."""
        if self.trainer.diverged:
            self.diverged.emit(self.trainer.diverged_reason)
            return float("nan")
        try:
            loss = self.trainer.train_steps(self.X, self.Y, int(n))
        except DivergedError:
            loss = float("nan")
        if notify or self.trainer.diverged:
            self.notify_weights_changed()
        if self.trainer.diverged:
            self.diverged.emit(self.trainer.diverged_reason)
        return loss

    def next_step(self, announce: bool = True):
        """One recorded step (a StepTrace) on the next batch; None if training diverged.

        announce=False holds back the weights_changed signal until announce(), and the views
        keep the weights from before the step (view_net) until then: a player showing the
        step announces it when it shows the update."""
        if self.trainer.diverged:
            self.diverged.emit(self.trainer.diverged_reason)
            return None
        if not announce:
            self.hold_weights()
        try:
            trace = self.trainer.next_step(self.X, self.Y)
        except DivergedError:
            trace = None
        if announce or trace is None or self.trainer.diverged:
            self.notify_weights_changed()
        else:
            self._changed()             # (announce() tells the views)
        if self.trainer.diverged:
            self.diverged.emit(self.trainer.diverged_reason)
        return trace

    def steps_left_in_epoch(self) -> int:
        """Updates still to make before the current epoch is complete (≥ 1)."""
        n = self.X.shape[0]
        per_epoch = self.trainer.steps_per_epoch(n)
        order = getattr(self.trainer, "_order", None)
        pos = getattr(self.trainer, "_pos", 0)
        if order is None or len(order) != n or pos >= n:
            return per_epoch
        bs = n if self.trainer.batch_size is None else min(self.trainer.batch_size, n)
        return max(1, -(-(n - pos) // bs))

    def evaluate(self, test: bool = False) -> tuple[float, float | None]:
        """(loss, accuracy or None) on the training (or test) set with the weights the views
        show (view_net)."""
        test = bool(test)
        cached = self._eval_cache.get(test)
        if cached is not None and cached[0] == self._eval_key():
            return cached[1]
        X, Y = (self.X_test, self.Y_test) if test else (self.X, self.Y)
        if X is None:
            return float("nan"), None
        net = self.view_net
        o = net.forward(X)
        loss = self.trainer.loss_fn(o, Y)
        acc = accuracy(o, Y, net.layers[-1].activation) if self.is_classifier else None
        self._eval_cache[test] = (self._eval_key(), (loss, acc))
        return loss, acc

    def _evaluate_both(self):
        """Evaluate the training and test sets with one forward pass (fills the cache)."""
        if self.X_test is None or self._eval_cache.get(False, (None,))[0] == self._eval_key():
            return
        key = (id(self.X), id(self.X_test))
        if getattr(self, "_stacked_key", None) != key:
            self._stacked_key = key
            self._stacked = np.vstack([self.X, self.X_test])
        net = self.view_net
        o = net.forward(self._stacked)
        n = self.X.shape[0]
        act = net.layers[-1].activation
        for test, out, Y in ((False, o[:n], self.Y), (True, o[n:], self.Y_test)):
            acc = accuracy(out, Y, act) if self.is_classifier else None
            self._eval_cache[test] = (self._eval_key(), (self.trainer.loss_fn(out, Y), acc))

    def _eval_key(self):
        """What an evaluation depends on besides the weights version (callers may replace
        the trainer's loss or the data in place)."""
        return (self.version, self.trainer.steps, self.trainer.loss, id(self.X), id(self.X_test))

    def record_history(self):
        """Evaluate loss/accuracy on the training (and test) set now and append a row."""
        self._evaluate_both()
        loss, acc = self.evaluate()
        test_loss, test_acc = self.evaluate(test=True)
        nan = float("nan")
        self.history["epoch"].append(self.trainer.epoch)
        self.history["loss"].append(loss)
        self.history["acc"].append(nan if acc is None else acc)
        self.history["test_loss"].append(test_loss)
        self.history["test_acc"].append(nan if test_acc is None else test_acc)
        self.history_changed.emit()

    def stats(self) -> dict:
        """{"epoch", "loss", "acc"} for the toolbar (acc None for regression), and
        "test_loss", "test_acc" when there is test data (overfitting shows in the gap)."""
        self._evaluate_both()
        loss, acc = self.evaluate()
        epoch = self._held_epoch if self._held is not None else self.trainer.epoch
        out = {"epoch": epoch, "loss": loss, "acc": acc}
        if self.X_test is not None:
            out["test_loss"], out["test_acc"] = self.evaluate(test=True)
        return out

    def row_label(self, i: int) -> str:
        """Training row i (from 0) as the canvas's header names it (see row_naming)."""
        if self.row_naming == "inputs":     # (0 and 1 as such; others to 3 significant)
            return "x = (" + ", ".join(f"{float(v):.3g}".replace("-", "−")
                                       for v in self.X_raw[i]) + ")"
        return f"{'point' if self.row_naming == 'point' else 'row'} {i + 1}"
