"""The player's "train" mode as a frame loop (a mixin of Player).

Each frame: measure what drawing the previous frame cost (a moving average of the time from
the end of one training slice to the start of the next, robust to one-off spikes), train for
the frame period minus that cost and a small margin, in one or a few engine calls whose
size comes from the measured time per update, then emit `frame` once so the views draw.

With the training worker (train_worker.py; on unless NNVIZ_TRAIN_WORKER=0) the engine trains
in a helper process the whole time instead, and each frame (the clock then ticks at the
frame rate) only sets the session's trainer to the worker's latest state before the views
draw: drawing no longer takes time away from training. Until the worker has started, and if
it fails, frames train in-process as above.
"""

from __future__ import annotations

import time

from . import train_worker
from .player_groups import _Entry

FRAME_S = 1.0 / 60.0           # "train" mode: the frame period to hold (60 fps)
FRAME_MARGIN_S = 0.0012        # … minus a little slack for the event loop and the OS
MIN_TRAIN_S = 0.0025           # training time per frame even when drawing takes it all
DRAW_GUESS_S = 0.006           # drawing cost assumed until the first frame is measured
DRAW_EMA = 0.2                 # weight of the newest frame in the drawing-cost average
STEP_EMA = 0.3                 # … and of the newest chunk in the time-per-update average
MAX_CHUNK = 200_000            # updates per engine call at most
STARVED_FRAMES = 6             # frames without an update from the training worker …
STARVED_BACKOFF_S = 1.0        # … after which frames train in-process for this long


class TrainLoop:
    """Train-mode methods of Player (uses its session, _history, _busy, frame, message,
    training, _last_record_epoch, set_training)."""

    _remote_idle = 0                     # frames in a row the worker made no update
    _remote_resume = 0.0                 # train in-process until then (it was starved)
    FRAME_INTERVAL_MS = 16               # the frame clock while the worker trains (≈ 60 Hz)
    draw_cost: float = DRAW_GUESS_S      # measured drawing cost per frame (moving average)
    step_cost: float | None = None       # measured seconds per update (moving average)
    _slice_end: float | None = None      # when the last training slice ended

    def _train_frame(self, now: float):
        """One frame of train mode: measure what drawing the last frame cost, train for the
        rest of the frame period, then let the views draw once."""
        if self._train_remote():
            return
        if self._timer.interval() != 0:      # in-process: the next slice right after drawing
            self._timer.setInterval(0)
        if self._slice_end is not None:
            # drawing + events since the last slice; a one-off spike (another program
            # took the CPU) counts for little, a lasting rise wins within ~10 frames
            gap = min(now - self._slice_end, 1.5 * self.draw_cost + 0.001)
            self.draw_cost += DRAW_EMA * (gap - self.draw_cost)
        self._train_slice()
        if self.training:
            self.frame.emit()

    def _train_remote(self) -> bool:
        """One frame of train mode with the training worker: take its latest state (or start
        a run), then let the views draw. False when the worker is off or unusable (the
        frame then trains in-process)."""
        worker = train_worker.client() if train_worker.enabled() else None
        if worker is None or worker.failed or time.perf_counter() < self._remote_resume:
            return False
        if not worker.usable():
            worker.start()                      # in the background; in-process meanwhile
            return False
        s = self.session
        tr = s.trainer
        if worker.running:
            state = tr.get_state()
            made = worker.collect(s)
            if made is not None:
                self._slice_end = time.perf_counter()
                if worker.step_s is not None:
                    self.step_cost = worker.step_s
                if made:
                    self._remember(_Entry(state, None, None, made))
                    self._run_entries += 1
                if made or tr.diverged:
                    self._remote_idle = 0
                    self._after_slice(remote=True)
                    if self.training:
                        self.frame.emit()
                    return True
                self._remote_idle += 1
                if self._remote_idle > STARVED_FRAMES:   # other programs keep it from a core
                    worker.halt()
                    self._remote_idle = 0
                    self._remote_resume = time.perf_counter() + STARVED_BACKOFF_S
                    return False
                return True
            if worker.failed:
                return False
        if tr.diverged or not worker.begin(s):
            return False
        self._timer.setInterval(self.FRAME_INTERVAL_MS)   # the frame clock paces the views
        return True

    def _after_slice(self, remote: bool = False):
        """The views learn of the new weights; a finished epoch adds a history row; a
        divergence stops training with the reason (and the session says so, unless its
        train_steps already did)."""
        s, tr = self.session, self.session.trainer
        s.notify_weights_changed()
        if s.epoch != self._last_record_epoch:
            self._last_record_epoch = s.epoch
            s.record_history()
        if tr.diverged:
            self.set_training(False)
            if remote:
                s.diverged.emit(tr.diverged_reason)
            self.message.emit(f"Training diverged ({tr.diverged_reason}). The last good "
                              "weights are kept; lower the learning rate or reset.")

    def train_budget(self) -> float:
        """Seconds of training in the next frame: the frame period minus the measured
        drawing cost and a small margin (at least MIN_TRAIN_S)."""
        return max(MIN_TRAIN_S, FRAME_S - FRAME_MARGIN_S - self.draw_cost)

    def _train_slice(self, budget_s: float | None = None):
        """Train for `budget_s` seconds (default: train_budget()) in as few engine calls as
        possible: the number of updates per call comes from the measured time per update."""
        s = self.session
        tr = s.trainer
        t0 = time.perf_counter()
        budget = self.train_budget() if budget_s is None else float(budget_s)
        end = t0 + budget
        state = tr.get_state()
        done = 0
        self._busy = True
        try:
            for _ in range(4):   # normally one call; more only if the estimate was cautious
                now = time.perf_counter()
                left = end - now
                per = self.step_cost
                n = 8 if per is None else int(left / per)
                if n < 1 or tr.diverged:
                    break
                n = min(n, MAX_CHUNK)
                s.train_steps(n, notify=False)
                after = time.perf_counter()
                made = tr.steps - state["steps"] - done
                done += made
                if made > 0:
                    sample = (after - now) / made
                    self.step_cost = sample if per is None else per + STEP_EMA * (sample - per)
                if made < n or end - after < 2 * self.step_cost:
                    break
        finally:
            self._busy = False
        self._slice_end = time.perf_counter()
        if done:
            self._remember(_Entry(state, None, None, done))
            self._run_entries += 1
        self._after_slice()
        return done

    def _stop_training(self):
        self.training = False
        worker = train_worker.current()
        if worker is not None:
            worker.halt()
        self._merge_run()

    def _merge_run(self):
        """The frames of this training run become one undo step: ◀ goes back to where ▶▶
        train started (each ◀ had undone one frame's worth, 51 to 126 updates as the
        machine allowed, about 100 clicks for a few seconds of training)."""
        n = min(self._run_entries, len(self._history))
        self._run_entries = 0
        if n > 1:
            run = [self._history.pop() for _ in range(n)][::-1]
            self._history.append(_Entry(run[0].state_before, None, None,
                                        sum(e.updates for e in run)))
        if n and self._run_cut:      # the undo steps were forgotten during the run
            self._history[-1].start = f"when {self._run_cut}"
        self._run_cut = ""
        if self.session.epoch != self._last_record_epoch:
            self._last_record_epoch = self.session.epoch
            self.session.record_history()
