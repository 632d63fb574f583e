"""How the step player follows its session (a mixin of Player): a change of the weights
from outside (an edit, a reset) ends the step shown; a new network or new data settles the
step shown first, while the old network and data are still in place, then forgets the
steps (they cannot be replayed on another network)."""

from __future__ import annotations


class SessionFollow:
    """Session-following methods of Player (uses its session, pause, trace, training,
    playing, _busy, _history, _history_due, _set_trace and state_changed)."""

    def _follow_session(self, session):
        session.weights_changed.connect(self._on_weights_changed)
        session.replacing.connect(self._on_replacing)
        session.structure_changed.connect(self._on_structure_changed)

    def _on_weights_changed(self):
        if self._busy or self.training:
            return
        if self.trace is not None:   # edited or reset from outside: the trace no longer applies
            self.playing = False
            self._set_trace(None)
            self.state_changed.emit()

    def _on_replacing(self):
        """The session is about to get a new network or data: stop, and finish the group
        being animated (its update shown, its epoch's row recorded) on the network and data
        the step was made with. Finished later, it had shown the old network's step with
        the new data, or beside a scenario's new settings (a crash, both)."""
        self.pause()

    def _on_structure_changed(self):
        self._history_due = False      # a new network: the old one's epoch is not recorded
        self.pause()
        self._history.clear()
        self._set_trace(None)
