"""The perceptron's player: play, pause, step forward or back one sample (or one epoch),
and train fast until it converges or its weights repeat.

It has the same methods and signals as the shared Player (nnviz.ui.player), and the
toolbar's PlayerBar (its buttons and keys) is its only set of controls, as in every other
scenario: ▶| steps one sample or one epoch (the toolbar's step size), ◀ undoes exactly that
step, ↺ goes back to the start of the epoch, ▶ plays, ▶▶ train runs whole epochs and stops
by itself once it converges or repeats. Back to the initial weights is the panel's Reset
(restart()), a setting rather than a step.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from .perceptron_model import PerceptronModel

SAMPLE_MS = 700            # one sample per 0.7 s at 1×
SPEED_MIN, SPEED_MAX = 0.25, 16.0
TRAIN_BUDGET_MS = 8        # "train" mode: epochs run per tick within this budget
TRAIN_EPOCHS = 1000        # "train" mode stops after this many epochs in all


class PerceptronPlayer(QObject):
    GRANULARITIES = ("sample", "epoch")
    # what the toolbar's step sizes and ▶▶ train mean here (no backward pass: the rule)
    GRAN_TIPS = {"sample": "One sample at a time: its z, the answer y and, after a mistake, "
                           "the rule's update of the weights",
                 "epoch": "One whole epoch: every sample once, in order"}
    TRAIN_TIP = ("Train fast: whole epochs, until it converges (an epoch without mistakes) "
                 "or the weights come back to an earlier state (T)")

    event_changed = Signal(object)     # the step just made (PerceptronStep) or None
    trace_changed = Signal(object)     # same as event_changed: a perceptron step is its trace
    state_changed = Signal()           # play/pause, granularity, speed, training toggled
    shown_changed = Signal()           # what the views show changed
    message = Signal(str)

    def __init__(self, model: PerceptronModel, parent=None):
        super().__init__(parent)
        self.model = model
        self.granularity = "sample"
        self.speed = 1.0
        self.playing = False
        self.training = False
        self._sizes: list[int] = []        # samples each step forward made (◀ undoes one)
        self.data_fixed = False             # a lesson slide locks the points (no "change")
        self.RESTART_TIP = "Back to the start of this epoch"
        model.data_changed.connect(self._sizes.clear)
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)

    # -- the Player contract --------------------------------------------------------------
    @property
    def event(self):
        return self.model.last

    @property
    def trace(self):
        return self.model.last

    def can_step_back(self) -> bool:
        return self.model.can_step_back()

    def mark(self) -> int:
        """Where the player is in its steps (see Player.mark)."""
        return self.model.mark()

    def play(self):
        if self.model.finished:
            self.message.emit(self._nothing_left())
            return
        self.playing = True
        self._timer.start(self._interval())
        self.state_changed.emit()

    def pause(self):
        if not self.playing and not self.training:
            return
        self.playing = False
        self.training = False
        self._timer.stop()
        self.state_changed.emit()

    def toggle_play(self):
        self.pause() if self.playing else self.play()

    def step_forward(self):
        """One sample or one epoch forward (the granularity); ◀ undoes exactly this."""
        m = self.model
        if m.finished:
            self.message.emit(self._nothing_left())
            return
        before = m.n_steps
        if self.granularity == "epoch":
            m.step_epoch()
        else:
            m.step_sample()
        self._made(m.n_steps - before)
        self._emit_step()

    def _made(self, n: int):
        if sum(self._sizes) + n > self.model.n_steps:   # restarted since (new settings)
            self._sizes.clear()
        if n > 0:
            self._sizes.append(n)

    def step_back(self):
        """Back exactly as far as the last step forward went (a sample, an epoch, one
        epoch of a run); with nothing left to undo, says so."""
        self.pause()
        m = self.model
        if sum(self._sizes) > m.n_steps:     # restarted since: the sizes are stale
            self._sizes.clear()
        if not m.can_step_back():
            self._sizes.clear()
            self.message.emit("Nothing to step back to: this is the oldest state kept.")
            return
        n = self._sizes.pop() if self._sizes else (
            m.cursor or len(m.X) if self.granularity == "epoch" else 1)
        for _ in range(n):
            if not m.step_back():
                break
        self._emit_step()

    def restart_step(self):
        """Back to the start of the current epoch (of the previous one when at a boundary)."""
        self.pause()
        self._sizes.clear()
        m = self.model
        if m.step_back():
            while m.cursor != 0 and m.step_back():
                pass
        self._emit_step()

    def restart(self):
        """Back to the initial weights, before the first sample."""
        self.pause()
        self._sizes.clear()
        self.model.restart()
        self._emit_step()

    def set_granularity(self, name: str):
        if name not in self.GRANULARITIES:
            raise ValueError(f"unknown granularity {name!r}; valid: "
                             f"{', '.join(self.GRANULARITIES)}")
        self.granularity = name
        self.state_changed.emit()

    def set_speed(self, x: float):
        self.speed = min(SPEED_MAX, max(SPEED_MIN, float(x)))
        if self._timer.isActive():
            self._timer.setInterval(self._interval())
        self.state_changed.emit()

    def set_training(self, on: bool):
        """Fast mode (▶▶ train): whole epochs as fast as the display allows, until it
        converges, its weights repeat or TRAIN_EPOCHS have gone by."""
        m = self.model
        why = (self._nothing_left() if m.finished else
               "It never converges: the weights already came back to an earlier state, so "
               "training on would only repeat the same epochs." if m.cycle is not None else
               f"Training stops at {TRAIN_EPOCHS} epochs: step back (◀), Reset the weights "
               "or change the data first." if m.epoch >= TRAIN_EPOCHS else "")
        if on and why:     # (it had started a clock that trained nothing, ❚❚ lit, for ever)
            self.message.emit(why)
            self.state_changed.emit()    # (the toolbar's ▶▶ train checked itself: not on)
            return
        self.training = bool(on)
        self.playing = bool(on)
        if on:
            self._timer.start(16)
        else:
            self._timer.stop()
        self.state_changed.emit()

    def shutdown(self):
        self._timer.stop()
        self.playing = self.training = False

    # -- internals ------------------------------------------------------------------------
    def _nothing_left(self) -> str:
        if not self.model.points:
            return "No points to learn from: left-click the plane to add some."
        n = self.model.epoch
        return (f"Nothing left to learn: it converged after {n} epoch{'s' if n != 1 else ''}. "
                + ("Step back (◀) or Reset the weights to watch it again."
                   if self.data_fixed else
                   "Step back (◀), Reset the weights or change the data first."))

    def _interval(self) -> int:
        return max(16, int(SAMPLE_MS / self.speed))

    def _emit_step(self):
        self.event_changed.emit(self.model.last)
        self.trace_changed.emit(self.model.last)
        self.shown_changed.emit()
        self.state_changed.emit()

    def _tick(self):
        m = self.model
        had_cycle = m.cycle is not None
        if self.training:
            from time import perf_counter
            end = perf_counter() + TRAIN_BUDGET_MS / 1000
            m.blockSignals(True)
            try:
                while (not m.finished and m.cycle is None and m.epoch < TRAIN_EPOCHS
                       and perf_counter() < end):
                    before = m.n_steps
                    m.step_epoch()
                    self._made(m.n_steps - before)      # ◀ undoes one epoch of the run
            finally:
                m.blockSignals(False)
            m.changed.emit()
        else:
            before = m.n_steps
            m.step_epoch() if self.granularity == "epoch" else m.step_sample()
            self._made(m.n_steps - before)
        self._emit_step()
        if m.finished or (m.cycle is not None and not had_cycle):
            self.pause()
        elif self.training and m.epoch >= TRAIN_EPOCHS:
            self.pause()
            self.message.emit(f"Training stopped after {TRAIN_EPOCHS} epochs without "
                              "converging.")
