"""What the step player reveals: groups of trace events by granularity, and the values
shown so far (pure data, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..engine.events import BatchLoss, DeltaUnit, ForwardUnit, OutputError, SampleLoss, WeightUpdate


@dataclass
class _Entry:
    """One step (or one training slice) that can be undone."""
    state_before: dict
    replay_state: dict | None       # the state right before the recorded step (to re-run it)
    trace: object | None            # the StepTrace, None for unrecorded training
    updates: int = 1
    rules: dict | None = None       # the trainer's step rules it was made with (step_rules)
    start: str = "before ▶▶ train"  # where ◀ over a training run goes back to


@dataclass
class Shown:
    """What the views show now: the revealed events, by what they are about."""
    sample: int | None = None
    forward: dict = field(default_factory=dict)     # (layer, unit) → ForwardUnit
    errors: dict = field(default_factory=dict)      # unit → OutputError
    sample_loss: SampleLoss | None = None
    deltas: dict = field(default_factory=dict)      # (layer, unit) → DeltaUnit
    batch_loss: BatchLoss | None = None
    updates: dict = field(default_factory=dict)     # (layer, unit, input) → WeightUpdate

    def apply(self, ev):
        if isinstance(ev, ForwardUnit):
            if ev.sample != self.sample:
                self.sample = ev.sample
                self.forward.clear()
                self.errors.clear()
                self.deltas.clear()
                self.sample_loss = None
            self.forward[(ev.layer, ev.unit)] = ev
        elif isinstance(ev, OutputError):
            self.errors[ev.unit] = ev
        elif isinstance(ev, SampleLoss):
            self.sample_loss = ev
        elif isinstance(ev, DeltaUnit):
            self.deltas[(ev.layer, ev.unit)] = ev
        elif isinstance(ev, BatchLoss):
            self.batch_loss = ev
        elif isinstance(ev, WeightUpdate):
            self.updates[(ev.layer, ev.unit, ev.input)] = ev


def _group_key(ev, granularity):
    if granularity == "layer":
        return (ev.phase, ev.sample, getattr(ev, "layer", None))
    if granularity == "sample":
        return ev.sample
    return 0   # batch, epoch: everything is one group


def build_groups(events, granularity):
    """Groups (lists of beats, each a list of event indices) for this granularity."""
    if granularity == "unit":
        return [[[i]] for i in range(len(events))]
    groups, key = [], object()
    for i, ev in enumerate(events):
        k = _group_key(ev, granularity)
        if not groups or k != key:
            groups.append([])
            key = k
        groups[-1].append(i)
    out = []
    for idx in groups:
        beats: dict = {}
        for i in idx:   # beats by (phase, layer), in order of first appearance
            ev = events[i]
            beats.setdefault((ev.phase, getattr(ev, "layer", None)), []).append(i)
        out.append(list(beats.values()))
    return out
