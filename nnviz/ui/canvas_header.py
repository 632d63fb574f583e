"""What the network canvas's header says: the step on the left ("update 12 · epoch 3 ·
sample 2 of 10 (point 57)"; the sample named by its session: TrainingSession.row_label)
and the phase of the step being shown on the right."""

from __future__ import annotations

from ..engine.events import BatchLoss
from .numbers import epochs_done

# the header's phase: (text, role, a shorter text for a narrow canvas)
PHASES = {"forward": ("forward: z = b + Σ w·x, a = g(z)", "forward", "forward pass"),
          "error": ("error: compare outputs with targets", "backward", "error at outputs"),
          "backward": ("backward: δ = ∂L/∂z", "backward", "backward: δ"),
          "update": ("update: w ← w − η·∂L/∂w", "update", "weight update")}
BATCH_LOSS_PHASE = ("loss: the batch's mean, before the update", "backward", "batch loss")


def header_text(c) -> str:
    """The step canvas c shows (the longest of header_forms)."""
    return header_forms(c)[0]


def header_forms(c) -> list[str]:
    """The step canvas c shows, from the longest form to the shortest (a narrow canvas or a
    large zoom takes the first that fits): epochs and updates at rest; during a step its
    update, epoch, and the sample shown (named by the session: its row, its point of the
    data set or its inputs) or the batch its update averages over."""
    tr = c.model.trace
    s = c.session
    if tr is None:
        updates = f"{s.steps:,} update{'' if s.steps == 1 else 's'}"
        return [f"{epochs_done(s.epoch)} · {updates}", updates]
    sh = c.model.shown
    p = c.player
    ep = p.trace_epoch
    update = f"update {tr.step_index + 1:,}"
    text = update + (f" · epoch {ep:,}" if ep else "")
    if p is not None and p.active and p.active[0].phase == "update" and tr.batch_size > 1:
        batch = f"the batch of {tr.batch_size} samples"     # a mean over them all
        return [f"{text} · {batch}", f"{update} · {batch}",
                f"{update} · batch of {tr.batch_size}", update]
    if sh is not None and sh.sample is not None:
        row = s.row_label(int(tr.sample_index[sh.sample]) if tr.sample_index is not None
                          else sh.sample)
        sample = (f"sample {sh.sample + 1} of {tr.batch_size} ({row})"
                  if tr.batch_size > 1 else f"one sample ({row})")
        return [f"{text} · {sample}", f"{update} · {sample}", f"{update} · {row}", row]
    return [text, update]


def phase_text(c):
    """(text, role, shorter text) of the phase canvas c shows, or None."""
    p = c.player
    if p is None or not p.active or p.trace is None:
        return None
    phase = p.active[0].phase
    if isinstance(p.active[0], BatchLoss):      # after the backward pass: not a new
        return BATCH_LOSS_PHASE                  # comparison with the targets
    optimizer = getattr(p.trace, "optimizer", "sgd")
    if phase == "update" and optimizer != "sgd":   # not the plain rule: the optimizer's
        return (f"update: w ← w + {optimizer} step", "update", "weight update")
    return PHASES[phase]
