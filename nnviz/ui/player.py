"""The step player: plays a trainer's trace events at a chosen granularity.

One frame clock (a parented QTimer that runs only while something moves) drives both the
per-event animation and the fast "train" mode. Train mode is a frame loop: each frame trains
for the frame period minus the drawing cost measured on the previous frames (a moving
average of the time between the end of one slice and the start of the next), in one or a
few engine calls sized from the measured time per update, then emits `frame` once and
lets the views draw; the next slice starts as soon as they have (a 0 ms timer), so the UI
is never blocked for more than one frame and training gets all the time drawing leaves.

Events come from the engine (StepTrace.events()); the player only groups them and decides
what is revealed when:

- a *group* is what one step forward reveals (unit: one event; layer: the events of one
  (phase, sample, layer); sample: one sample's forward + error + backward, then the update
  group; batch: one whole step; epoch: the rest of the epoch, its last step recorded);
- a group is animated as *beats*: the events of one (phase, layer) at a time.

Stepping back is real: before every update the trainer's full state is kept
(trainer.get_state), so stepping back restores the exact earlier weights, and stepping
forward again replays the same numbers (player_steps.py; train mode is player_train.py;
how a step's groups and beats are revealed is player_reveal.py).
"""

from __future__ import annotations

import time
from collections import deque

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from .player_follow import SessionFollow
from .player_groups import Shown, _Entry, build_groups  # noqa: F401  (re-exported)
from .player_reveal import BEAT_MS, HOLD_MS, BeatReveal  # noqa: F401  (re-exported)
from .player_steps import KEEP_TRACES, StepHistory  # noqa: F401  (re-exported)
from .player_train import (  # noqa: F401  (re-exported)
    DRAW_GUESS_S,
    FRAME_MARGIN_S,
    FRAME_S,
    MIN_TRAIN_S,
    TrainLoop,
)
from .session import TrainingSession

FRAME_MS = 16                  # the frame clock while animating (≈ 60 Hz)
KEEP_UPDATES = 600             # undo steps kept: steps, weight edits, training runs
SPEED_MIN, SPEED_MAX = 0.25, 16.0


class Player(StepHistory, TrainLoop, SessionFollow, BeatReveal, QObject):
    """Plays a TrainingSession's steps event by event; steps back exactly."""

    GRANULARITIES = ("unit", "layer", "sample", "batch", "epoch")

    event_changed = Signal(object)   # the current event changed (None: between steps)
    trace_changed = Signal(object)   # a new current StepTrace (or None)
    state_changed = Signal()         # play/pause, granularity, speed, training toggled
    shown_changed = Signal()         # the revealed values changed (views redraw them)
    frame = Signal()                 # the animation advanced (views redraw moving parts)
    message = Signal(str)            # what just happened, in words

    def __init__(self, session: TrainingSession, parent=None):
        super().__init__(parent)
        self.session = session
        self.granularity = "sample"
        self.speed = 1.0
        self.playing = False
        self.training = False
        self.trace = None
        self.events: list = []
        self.shown = Shown()
        self.active: list = []       # the events of the beat being animated (or last shown)
        self.progress = 1.0          # 0 … 1 through the active beat
        self._groups: list = []
        self._pos = -1               # index of the last revealed group
        self._beat = 0               # beat being animated in group _pos
        self._animating = False
        self._hold = 0.0             # ms left to wait before the next group (playing)
        self._t = 0.0                # ms into the active beat
        self._last = 0.0
        self._history: deque[_Entry] = deque(maxlen=KEEP_UPDATES)
        self._busy = False           # our own changes to the weights
        self._edit_before = None     # the trainer's state before a weight edit in progress
        self._run_entries = 0        # undo entries the current training run has made
        self._run_cut = ""           # what happened when the run's undo steps were forgotten
        self._cleared_why = ""       # why the undo steps were forgotten (clear_history)
        self._last_record_epoch = None
        self._history_due = False    # the shown step ended an epoch: record it when shown
        self.next_step_epoch = False  # the next new step makes the rest of the epoch, as at
        #                               "epoch" granularity, whatever the granularity (export)
        self._first_update = 0       # index of the trace's first update event
        self.draw_cost = DRAW_GUESS_S   # measured drawing cost per frame (moving average)
        self.step_cost: float | None = None  # measured seconds per update (moving average)
        self._slice_end: float | None = None  # when the last training slice ended
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._tick)
        self._follow_session(session)

    # -- properties ---------------------------------------------------------------------------
    @property
    def event(self):
        return self.active[0] if self.active else None

    @property
    def trace_epoch(self) -> int | None:
        """The epoch (from 1) the current step belongs to."""
        if self.trace is None or not self._history:
            return None
        return self._history[-1].state_before["epoch"] + 1

    @property
    def animating(self) -> bool:
        return self._animating

    @property
    def phase(self) -> str | None:
        return self.active[0].phase if self.active else None

    @property
    def timer_active(self) -> bool:
        return self._timer.isActive()

    @property
    def history_length(self) -> int:
        """Updates that can be undone (stepping back through the kept history)."""
        return sum(e.updates for e in self._history)

    def mark(self) -> tuple:
        """Where the player is in its steps (equal marks: the same place, e.g. a lesson
        stepping back to before its reveal)."""
        return (len(self._history), self._pos if self.trace is not None else -1,
                self.trace is not None)

    def can_step_back(self) -> bool:
        return (self.trace is not None and self._pos > 0) or bool(self._history)

    def step_complete(self) -> bool:
        """True when the whole current trace is revealed (or there is none)."""
        return self.trace is None or (self._pos >= len(self._groups) - 1 and not self._animating)

    def group_position(self) -> tuple[int, int]:
        """(revealed groups, groups in the current trace)."""
        return (self._pos + 1, len(self._groups)) if self.trace is not None else (0, 0)

    # -- controls -----------------------------------------------------------------------------
    def play(self):
        if self.training:
            self.set_training(False)
        if self.playing:
            return
        self.playing = True
        if not self._animating:
            self._hold = 0.0
        self._start_clock()
        self.state_changed.emit()

    def pause(self):
        """Stop everything that moves: playing, training and any animation."""
        changed = self.playing or self.training
        self.playing = False
        if self.training:
            self._stop_training()
        if self._animating:
            self._finish_group()
        self._timer.stop()
        if changed:
            self.state_changed.emit()

    def leave_step(self):
        """Pause and stop showing the current step: the views see the engine's weights
        (the step's update) and its epoch's history row is recorded (see end_player_step)."""
        self.pause()
        if self.trace is not None:
            self._set_trace(None)

    def toggle_play(self):
        if self.playing or self.training:
            self.pause()
        else:
            self.play()

    def step_forward(self):
        """Reveal the next group of events (starting the next step when this one is done)."""
        if self.training:
            self.set_training(False)
        if self._animating:
            self._finish_group()
        if self.trace is None or self._pos >= len(self._groups) - 1:
            if not self._new_trace():
                return
        else:
            self._pos += 1
        self._start_group()

    def restart_step(self):
        """Show the current step again from its first group."""
        if self.trace is None:
            return
        if self.training:
            self.set_training(False)
        self._animating = False
        self._pos = 0
        self.shown = Shown()          # nothing of it is revealed again yet
        self._rehold(from_start=True)  # and the views see the weights from before it
        self._start_group()

    def set_granularity(self, name: str):
        if name not in self.GRANULARITIES:
            raise ValueError(f"unknown granularity {name!r}; "
                             f"valid: {', '.join(self.GRANULARITIES)}")
        if name == self.granularity:
            return
        revealed = self._revealed_prefix()
        was_animating = self._animating
        self.granularity = name
        if self.trace is not None:
            self._groups = build_groups(self.events, name)
            ends = [max(max(b) for b in g) + 1 for g in self._groups]
            pos = 0
            for k, end in enumerate(ends):
                if end <= revealed:
                    pos = k
            self._pos = pos
            self._animating = False
            self._show_static()
            if was_animating:
                self._hold = 0.0
        self.state_changed.emit()

    def set_speed(self, x: float):
        x = float(x)
        if not SPEED_MIN <= x <= SPEED_MAX:
            raise ValueError(f"speed must be {SPEED_MIN}× … {SPEED_MAX:g}×, got {x}")
        if x != self.speed:
            self.speed = x
            self.state_changed.emit()

    def set_training(self, on: bool, since: str = ""):
        """Train mode on or off. `since`: the run goes on from an earlier one across a
        change that forgot the undo steps (◀ over it then goes back to the weights "when
        {since}", not "before ▶▶ train")."""
        on = bool(on)
        if on == self.training:
            return
        if on:
            self.playing = False
            if self._animating:
                self._finish_group()
            self.training = True
            self._run_entries = 0          # this run's frames (one undo step when it stops)
            self._run_cut = since          # (clear_history during the run sets it too)
            self._set_trace(None)
            self._last_record_epoch = self.session.epoch
            self._slice_end = None
            self._start_clock()
            self.message.emit("Training: the network learns as fast as it can while drawing.")
        else:
            self._stop_training()
            if not self.playing:
                self._timer.stop()
        self.state_changed.emit()

    def clear_history(self, why: str = "", when: str = "the settings changed"):
        """Forget the undo steps; `why` completes what ◀ then says ("Nothing to step back
        to: {why}"; it had said "this is the oldest state kept" after a rebuild). During
        ▶▶ train, ◀ over the run then goes back to the weights "when {when}" (it had said
        "before ▶▶ train", where it no longer goes)."""
        self._history.clear()
        self._cleared_why = why
        if self.training:
            self._run_cut = when

    def shutdown(self):
        self.pause()
        self._timer.stop()

    # -- internals: the clock -----------------------------------------------------------------
    def _start_clock(self):
        self._last = time.perf_counter()
        # train mode is a frame loop: the next slice starts as soon as the frame is drawn
        # (its length is set by the training budget); animation ticks at the frame rate
        interval = 0 if self.training else FRAME_MS
        if self._timer.interval() != interval:
            self._timer.setInterval(interval)
        if not self._timer.isActive():
            self._timer.start()

    def _tick(self):
        now = time.perf_counter()
        dt = min(100.0, (now - self._last) * 1000.0)
        self._last = now
        if self.training:
            self._train_frame(now)
            return
        if self._animating:
            self._t += dt
            dur = self._beat_ms()
            if self._t >= dur:
                if self._beat + 1 < len(self._groups[self._pos]):
                    self._beat += 1
                    self._begin_beat()
                else:
                    self.progress = 1.0
                    self._animating = False
            else:
                self.progress = self._t / dur
            self.frame.emit()
            return
        if self.playing:
            self._hold -= dt * self.speed
            if self._hold <= 0:
                self.step_forward()
            return
        self._timer.stop()
