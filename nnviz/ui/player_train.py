"""The player's "train" mode as a frame loop (a mixin of Player).

Each frame: measure what drawing the previous frame cost (a moving average of the time from
the end of one training slice to the start of the next, robust to one-off spikes), train for
the frame period minus that cost and a small margin, in one or a few engine calls whose
size comes from the measured time per update, then emit `frame` once so the views draw.
"""

from __future__ import annotations

import time

from .player_groups import _Entry

FRAME_S = 1.0 / 60.0           # "train" mode: the frame period to hold (60 fps)
FRAME_MARGIN_S = 0.0012        # … minus a little slack for the event loop and the OS
MIN_TRAIN_S = 0.0025           # training time per frame even when drawing takes it all
DRAW_GUESS_S = 0.006           # drawing cost assumed until the first frame is measured
DRAW_EMA = 0.2                 # weight of the newest frame in the drawing-cost average
STEP_EMA = 0.3                 # … and of the newest chunk in the time-per-update average
MAX_CHUNK = 200_000            # updates per engine call at most


class TrainLoop:
    """Train-mode methods of Player (uses its session, _history, _busy, frame, message,
    training, _last_record_epoch, set_training)."""

    draw_cost: float = DRAW_GUESS_S      # measured drawing cost per frame (moving average)
    step_cost: float | None = None       # measured seconds per update (moving average)
    _slice_end: float | None = None      # when the last training slice ended

    def _train_frame(self, now: float):
        """One frame of train mode: measure what drawing the last frame cost, train for the
        rest of the frame period, then let the views draw once."""
        if self._slice_end is not None:
            # drawing + events since the last slice; a one-off spike (another program
            # took the CPU) counts for little, a lasting rise wins within ~10 frames
            gap = min(now - self._slice_end, 1.5 * self.draw_cost + 0.001)
            self.draw_cost += DRAW_EMA * (gap - self.draw_cost)
        self._train_slice()
        if self.training:
            self.frame.emit()

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
        s.notify_weights_changed()
        if done:
            self._history.append(_Entry(state, None, None, done))
        if s.epoch != self._last_record_epoch:
            self._last_record_epoch = s.epoch
            s.record_history()
        if tr.diverged:
            self.set_training(False)
            self.message.emit(f"Training diverged ({tr.diverged_reason}). The last good "
                              "weights are kept; lower the learning rate or reset.")
        return done

    def _stop_training(self):
        self.training = False
        if self.session.epoch != self._last_record_epoch:
            self._last_record_epoch = self.session.epoch
            self.session.record_history()
