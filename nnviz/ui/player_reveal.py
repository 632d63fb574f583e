"""How the step player reveals a step (a mixin of Player): a new trace is split into groups
of events (player_groups.build_groups); each group is revealed as *beats*, the events of one
(phase, layer) at a time, each animated for its phase's beat length (BEAT_MS at 1×, divided by
the speed), with a pause (HOLD_MS) before the next group while playing. Once the revealed
events reach the step's update, the views are told to show the new weights."""

from __future__ import annotations

from .player_groups import Shown, build_groups

# beat durations at 1× (ms) by phase, and the pause between groups while playing
BEAT_MS = {"forward": 900, "error": 800, "backward": 900, "update": 1000}
HOLD_MS = 350


class BeatReveal:
    """Trace-revealing methods of Player (uses its trace, events, shown, active, progress,
    granularity, speed, phase, _groups, _pos, _beat, _animating, _hold, _t, _first_update,
    _announce, _start_clock and its signals)."""

    def _set_trace(self, trace, last_group: bool = False):
        self.trace = trace
        self._animating = False
        if trace is None:
            self._announce()
            self.events, self._groups, self._pos = [], [], -1
            self.shown = Shown()
            self.active = []
            self.progress = 1.0
            self.trace_changed.emit(None)
            self.shown_changed.emit()
            self.event_changed.emit(None)
            return
        self.shown = Shown()   # a new step: nothing of it is revealed yet (no stale values)
        self.events = list(trace.events())
        self._first_update = next((i for i, ev in enumerate(self.events)
                                   if ev.phase == "update"), len(self.events))
        self._groups = build_groups(self.events, self.granularity)
        self._pos = len(self._groups) - 1 if last_group else 0
        self.trace_changed.emit(trace)
        if last_group:
            self._show_static()

    def _revealed_prefix(self) -> int:
        if self.trace is None or self._pos < 0:
            return 0
        group = self._groups[self._pos]
        beats = group if not self._animating else group[:self._beat]
        ends = [max(b) + 1 for b in beats]
        done = max(ends) if ends else 0
        if self._pos > 0:
            done = max(done, max(max(b) for b in self._groups[self._pos - 1]) + 1)
        return done

    def _show_static(self):
        """Show groups 0 … _pos fully revealed, without animation."""
        self.shown = Shown()
        for g in self._groups[:self._pos + 1]:
            for beat in g:
                for i in beat:
                    self.shown.apply(self.events[i])
        last = self._groups[self._pos][-1] if self._pos >= 0 else []
        self.active = [self.events[i] for i in last]
        self.progress = 1.0
        self._announce_if_updated()
        self.shown_changed.emit()
        self.event_changed.emit(self.event)

    def _start_group(self):
        self._beat = 0
        self._animating = True
        self._hold = HOLD_MS
        self._begin_beat()
        self._start_clock()

    def _begin_beat(self):
        beat = self._groups[self._pos][self._beat]
        self.active = [self.events[i] for i in beat]
        for ev in self.active:
            self.shown.apply(ev)
        self._t = 0.0
        self.progress = 0.0
        self._announce_if_updated(beat)
        self.shown_changed.emit()
        self.event_changed.emit(self.event)

    def _beat_ms(self) -> float:
        return BEAT_MS.get(self.phase, 800) / self.speed

    def _finish_group(self):
        """Jump to the end of the group being animated."""
        group = self._groups[self._pos]
        for beat in group[self._beat + 1:]:
            for i in beat:
                self.shown.apply(self.events[i])
        self._beat = len(group) - 1
        self.active = [self.events[i] for i in group[-1]]
        self.progress = 1.0
        self._animating = False
        self._announce_if_updated()
        self.shown_changed.emit()
        self.event_changed.emit(self.event)

    def _announce_if_updated(self, beat=()):
        """Once the shown step reaches its update (`beat`: the one beginning), the views
        show the new weights."""
        if max(beat, default=-1) >= self._first_update \
                or self._revealed_prefix() > self._first_update:
            self._announce()
