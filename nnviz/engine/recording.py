"""The recorded training step: one `Backprop.step` kept in a RecordedStepTrace.

What makes it cheap (a recorded step costs well under twice a fast one): the batch is
checked for finite numbers in two NumPy calls (shapes are checked once per data set by
the Trainer); the trace takes copies of the few flat arrays the training loop reuses (one
block for z, a and delta, the weights after, the gradient) and keeps the arrays that are
fresh anyway (the weights before, the batch rows, the dropout masks), building its
per-layer lists only when read; with a fused output (sigmoid + bce, softmax + cce) the
loss is computed when first read, from the same numbers, with the same bits.
"""

from __future__ import annotations

import math

import numpy as np

from .backprop import FUSED_TARGET_BOUND, LOSS_REASON, Backprop
from .trace import RecordedStepTrace


def recorded_step(tr, core: Backprop, X, Y, sample_index, a_in, targets,
                  state=None) -> RecordedStepTrace:
    """A recorded step of trainer `tr` on the batch (X, Y) of checked shapes.

    a_in and targets are the trace's own copies of the batch (nothing else may write them);
    state is the trainer's batching position to restore when the batch holds a non-finite
    number (then nothing changes and a ValueError says which)."""
    all_finite = np.logical_and.reduce
    bad = None
    # the loss can wait (see FUSED_TARGET_BOUND) when the targets are that small
    lazy_loss = core.out_kind == 1 and all_finite(
        np.less_equal(np.abs(Y), FUSED_TARGET_BOUND), None)
    if not all_finite(np.isfinite(X), None):
        bad = "inputs"
    elif not lazy_loss and not all_finite(np.isfinite(Y), None):
        bad = "targets"
    if bad is not None:
        if state is not None:
            tr._order, tr._pos, tr.epoch = state
        raise ValueError(f"{bad} contain NaN or infinity")
    reason, loss, scale = core.step(X, Y, tr.rng, not lazy_loss, True)
    if reason and lazy_loss:
        # what the step would have said had it computed the loss first
        loss = core.loss_mean(core._buffers[X.shape[0]].a_raw[-1], Y)
        if not math.isfinite(loss):
            reason, scale = LOSS_REASON, 1.0
        lazy_loss = False
    if reason:
        tr._diverge(reason)
    else:
        tr.steps += 1
    dropping = tr.dropout > 0
    buf = core._buffers[X.shape[0]]
    prev = core.prev                      # the trace takes the weights before …
    core.prev = np.empty_like(prev)       # … and the loop gets a new scratch vector
    reg = tr.l1 or tr.l2
    fields = {
        "a_in": a_in, "targets": targets, "activations": list(core.act_names),
        "loss_name": tr._loss.name, "lr": tr.opt.lr,
        "optimizer": tr.opt.name, "step_index": tr.steps - 1 if not reason else tr.steps,
        "epoch": tr.epoch, "clip_scale": scale, "diverged": bool(reason),
        "diverged_reason": reason, "fused": core.fused, "dropout": tr.dropout,
        "_raw": (buf.block.copy(), buf.spec, prev, core.theta.copy(), core.g.copy(),
                 core.g_reg.copy() if reg else None, core.layout,
                 list(buf.keep) if dropping else None, tr.l1, tr.l2, sample_index)}
    if not lazy_loss:
        fields["loss"] = loss
    return RecordedStepTrace.record(fields)
