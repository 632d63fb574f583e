"""Stepping with a memory (a mixin of Player): each step forward runs the engine's recorded
step and keeps the trainer's full state from before it, so stepping back restores the exact
earlier weights and stepping forward again replays the same numbers. The newest
KEEP_TRACES entries keep their StepTrace; older ones re-run it from the saved state when
they are shown again (the same numbers, and memory stays flat)."""

from __future__ import annotations

import numpy as np

from .player_groups import _Entry

KEEP_TRACES = 40               # the newest entries keep their traces; older ones re-run
# the trainer's settings a scenario may change between two steps without a new trainer
# (Regularization's L1, L2 and dropout, Gradients' learning rate and clipping): an older
# step re-runs with those it was made with, not with the current ones
STEP_RULES = ("lr", "batch_size", "l1", "l2", "dropout", "clip_norm")


def step_rules(trainer) -> dict:
    return {name: getattr(trainer, name) for name in STEP_RULES}


def set_step_rules(trainer, rules: dict) -> None:
    for name, value in rules.items():
        setattr(trainer, name, value)


class StepHistory:
    """Step-with-history methods of Player (uses its session, _history, _busy, trace, _pos,
    training, playing, message, state_changed and its trace display methods)."""

    def step_back(self):
        """Back one group; at the start of a step, restore the exact weights from before it."""
        if self.training:
            self.set_training(False)
        if self.playing:
            self.playing = False
            self.state_changed.emit()
        self._animating = False
        if self.trace is not None and self._pos > 0:
            self._pos -= 1
            self._rehold()
            self._show_static()
            self.message.emit("Stepped back.")
            return
        if not self._history:
            self.message.emit("Nothing to step back to: "
                              + (self._cleared_why or "this is the oldest state kept."))
            return
        entry = self._history.pop()
        self._history_due = False      # the step that ended an epoch is undone
        self._busy = True
        try:
            self.session.set_state(entry.state_before)
        finally:
            self._busy = False
        self.session.truncate_history(self.session.epoch)   # the curve ends where we are
        prev = self._history[-1] if self._history else None
        trace = None
        if prev is not None and prev.replay_state is not None:
            trace = prev.trace if prev.trace is not None else self._rerun(prev, entry.state_before)
        self._set_trace(trace, last_group=True)
        if entry.updates == 0:
            self.message.emit("Undid the weight edit: the weights are exactly as before it.")
        elif entry.updates == 1:
            self.message.emit("Stepped back one update: the weights are exactly as before it.")
        elif entry.replay_state is None:
            self.message.emit(f"Stepped back over the training run ({entry.updates:,} "
                              f"updates): the weights are exactly as {entry.start}.")
        else:
            self.message.emit(f"Stepped back {entry.updates:,} updates: the weights are "
                              "exactly as before them.")

    def _new_trace(self) -> bool:
        s = self.session
        if s.trainer.diverged:
            self.pause()
            self.message.emit(f"Training diverged ({s.trainer.diverged_reason}); reset the "
                              "network or lower the learning rate.")
            s.diverged.emit(s.trainer.diverged_reason)
            return False
        self._announce()           # the step shown so far is over: views catch up with it
        self._busy = True
        try:
            state_before = s.trainer.get_state()
            updates = 1
            epoch_before = s.epoch
            s.hold_weights()       # the views keep these weights until the update shows
            whole_epoch, self.next_step_epoch = \
                self.granularity == "epoch" or self.next_step_epoch, False
            if whole_epoch:
                left = s.steps_left_in_epoch()
                if left > 1:
                    s.trainer.train_steps(s.X, s.Y, left - 1)
                    updates = left
            replay = s.trainer.get_state() if not s.trainer.diverged else None
            # the views keep the weights from before this step until it shows the update
            trace = s.next_step(announce=False) if replay is not None else None
            if replay is None:
                s.notify_weights_changed()
                s.diverged.emit(s.trainer.diverged_reason)
        finally:
            self._busy = False
        if trace is None or trace.diverged:   # the engine kept the last good weights
            self.pause()
            self.message.emit("Training diverged: the weights grew without bound. The last "
                              "good weights are kept; lower the learning rate or reset.")
            return False
        self._remember(_Entry(state_before, replay, trace, updates, step_rules(s.trainer)))
        for k in range(len(self._history) - KEEP_TRACES - 1, -1, -1):
            if self._history[k].trace is None:
                break
            self._history[k].trace = None   # re-run on demand: keeps memory flat
        self._history_due = s.epoch != epoch_before   # recorded when the update is shown
        self._set_trace(trace, last_group=False)
        return True

    def _announce(self):
        """Let the views see the weights after the current step's update (held back until
        the player shows it): weights_changed, then the epoch's history row when the step
        ended one."""
        self._busy = True
        try:
            self.session.announce()
        finally:
            self._busy = False
        if self._history_due:      # evaluated with the weights the views now show
            self._history_due = False
            self.session.record_history()

    # -- weight edits (the canvas): each its own undo step ----------------------------------
    def begin_edit(self):
        """A weight is about to be edited (typed, or the first move of a drag). Mid-step,
        before its update is shown, the step is taken back first: the edit applies to the
        weights the views show (the editor had offered the engine's already-updated value
        and the hidden update was kept for every other weight)."""
        if self._edit_before is not None:
            return
        s = self.session
        if self.training:
            self.set_training(False)
        if self.trace is not None and s.holding and self._history \
                and self._history[-1].trace is self.trace:
            entry = self._history.pop()
            self._busy = True
            try:
                s.set_state(entry.state_before)
            finally:
                self._busy = False
            self._history_due = False
            self._set_trace(None)
        self._edit_before = s.trainer.get_state()

    def end_edit(self):
        """The edit is done: ◀ undoes it alone (it had undone the edit and the update
        before it together, the edit then lost without a word)."""
        before, self._edit_before = self._edit_before, None
        if before is None:
            return
        now = self.session.net.get_params()
        if any(not (np.array_equal(W, W0) and np.array_equal(b, b0))
               for (W, b), (W0, b0) in zip(now, before["params"])):
            self._remember(_Entry(before, None, None, 0))
            self.state_changed.emit()

    def _rehold(self, from_start: bool = False):
        """Back before the shown step's update (or to its start: `from_start`): the views
        see the weights (and the epoch count) from before it again, as they did on the way
        forward (the toolbar figures and the decision map had kept the updated ones)."""
        s = self.session
        if s.holding or not self._history or (
                not from_start and self._revealed_prefix() > self._first_update):
            return
        entry = self._history[-1]
        if entry.trace is not self.trace or entry.replay_state is None:
            return
        epoch = entry.state_before["epoch"]
        self._busy = True
        try:
            s.hold_params(entry.replay_state["params"], epoch)
        finally:
            self._busy = False
        if s.epoch != epoch:          # the step ended an epoch: its row waits for the update
            s.truncate_history(epoch)
            self._history_due = True

    def _remember(self, entry: _Entry):
        """A new undo step; when the oldest kept one is dropped to make room, the reason
        the steps before it were forgotten (clear_history) no longer applies."""
        if len(self._history) == self._history.maxlen:
            self._cleared_why = ""
        self._history.append(entry)

    def _rerun(self, entry: _Entry, state_after: dict):
        """Re-create an older step's trace from its saved state (same numbers): with the
        step rules it was made with (a setting may have changed since)."""
        s = self.session
        tr = s.trainer
        now = step_rules(tr)
        self._busy = True
        try:
            tr.set_state(entry.replay_state)
            if entry.rules is not None:
                set_step_rules(tr, entry.rules)
            try:
                trace = tr.next_step(s.X, s.Y)
            finally:
                set_step_rules(tr, now)
            tr.set_state(state_after)
        finally:
            self._busy = False
        entry.trace = trace
        return trace
