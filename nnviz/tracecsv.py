"""One training step's trace as a CSV table (Qt-free).

Long format, one number per row, so a spreadsheet can filter and pivot it:

    quantity, layer, sample, unit, input, value

`quantity` is one of x (the inputs), target, z, a, delta, grad_W, grad_b, W_before,
W_after, b_before, b_after, update_W, update_b (after − before) and loss, then the step's
context (context_rows): lr, clip_scale, reg_loss, dropout and dropout_mask. `layer` counts
weight layers from 1; `sample` is the row of the batch (or blank), `unit` the unit in the
layer, `input` the incoming unit for weights (or blank). All values come straight from
the engine's StepTrace; nothing is recomputed except the after − before differences.
"""

from __future__ import annotations

import csv
import io
import os

import numpy as np

HEADER = ("quantity", "layer", "sample", "unit", "input", "value")


def rows(trace):
    """Yield the CSV rows (without the header) of a StepTrace."""
    def num(v):
        return repr(float(v))

    for s in range(trace.a_in.shape[0]):
        for j, v in enumerate(trace.a_in[s]):
            yield ("x", 0, s, j, "", num(v))
        for j, v in enumerate(np.atleast_1d(trace.targets[s])):
            yield ("target", trace.n_layers, s, j, "", num(v))
    per_sample = (("z", trace.z), ("a", trace.a), ("delta", trace.delta))
    for name, arrays in per_sample:
        for k, arr in enumerate(arrays):
            for s in range(arr.shape[0]):
                for i, v in enumerate(arr[s]):
                    yield (name, k + 1, s, i, "", num(v))
    matrices = (("grad_W", trace.grad_W), ("W_before", trace.W_before),
                ("W_after", trace.W_after),
                ("update_W", [a - b for a, b in zip(trace.W_after, trace.W_before)]))
    for name, arrays in matrices:
        for k, W in enumerate(arrays):
            for i in range(W.shape[0]):
                for j in range(W.shape[1]):
                    yield (name, k + 1, "", i, j, num(W[i, j]))
    vectors = (("grad_b", trace.grad_b), ("b_before", trace.b_before),
               ("b_after", trace.b_after),
               ("update_b", [a - b for a, b in zip(trace.b_after, trace.b_before)]))
    for name, arrays in vectors:
        for k, b in enumerate(arrays):
            for i, v in enumerate(b):
                yield (name, k + 1, "", i, "", num(v))
    yield ("loss", trace.n_layers, "", "", "", num(trace.loss))
    yield from context_rows(trace)


def context_rows(trace):
    """The rows after `loss` in the step-trace CSV: what the step was made with, so that
    update_W = −lr · grad_W (plain SGD) and which units dropout silenced can be read from
    the file alone. Blank columns do not apply.

    lr            η, the learning rate of the step
    clip_scale    the factor gradient clipping multiplied the gradient by (1: not clipped;
                  grad_W and grad_b are already clipped)
    reg_loss      the regularization term (l1·Σ|w| + l2·½Σw²), not in `loss` (layer as
                  loss's: the last); its gradient is already in grad_W
    dropout       the dropout probability p (0: no unit was dropped, no dropout_mask rows)
    dropout_mask  per hidden layer, sample and unit: 1 kept, 0 dropped (the trace's mask;
                  a kept unit's a was multiplied by 1/(1 − p)); only when p > 0
    """
    def num(v):
        return repr(float(v))
    yield ("lr", "", "", "", "", num(trace.lr))
    yield ("clip_scale", "", "", "", "", num(trace.clip_scale))
    yield ("reg_loss", trace.n_layers, "", "", "", num(trace.reg_loss))
    yield ("dropout", "", "", "", "", num(getattr(trace, "dropout", 0.0)))
    for k, mk in enumerate(getattr(trace, "mask", None) or []):
        if mk is None:
            continue
        mk = np.atleast_2d(mk)
        for smp in range(mk.shape[0]):
            for i in range(mk.shape[1]):
                yield ("dropout_mask", k + 1, smp, i, "", num(mk[smp, i]))


def to_text(trace) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows(trace))
    return out.getvalue()


def write(trace, path: str | os.PathLike) -> None:
    """Write the CSV atomically (see nnviz.files.write_atomic)."""
    from .files import write_atomic
    write_atomic(path, to_text(trace))
