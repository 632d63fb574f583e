"""The numbers of each update on a gradient-descent path, from the engine's own traces.

`surfaces.descent_path` keeps where (w, b) went and the loss there, not the gradient nor
the step. `record` runs the same Trainer again (same model, start, optimizer, learning
rate, batch size and seed) with recorded steps for as many updates as the path has, and
keeps each trace's gradient and the change the update made to (w, b). `point` combines
them with the path into the numbers of one point, which the readout and the hover card
only format. No maths here beyond reading the traces (the step is W_after − W_before).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine import Trainer, surfaces


@dataclass(frozen=True)
class Updates:
    """grad[k] and step[k]: the gradient (∂L/∂w, ∂L/∂b) that update k + 1 used (measured at
    point k, on its batch) and the change it made to (w, b); n_samples[k]: that batch's size."""
    grad: np.ndarray            # (n, 2)
    step: np.ndarray            # (n, 2)
    n_samples: np.ndarray       # (n,)


@dataclass(frozen=True)
class Point:
    """One point of a path: after `n` of the path's updates (0 = the start)."""
    label: str                  # the path's name in the scenario
    optimizer: str
    lr: float
    n: int                      # updates made to reach this point
    planned: int                # updates asked for (the Steps setting)
    last: int                   # the path's last update (< planned when it stopped early)
    w: float
    b: float
    loss: float                 # the whole data set's loss here (what the landscape shows)
    grad: tuple[float, float] | None    # the gradient update n used (None at the start)
    step: tuple[float, float] | None    # the change update n made to (w, b)
    n_samples: int              # samples behind that gradient
    data_size: int              # samples in the data set
    next_grad: tuple[float, float] | None = None   # at the start: the first update's
    next_step: tuple[float, float] | None = None
    stopped: str = ""           # why the path ended early (diverged), else ""

    @property
    def plain_step(self) -> bool:
        """True when the step is −η·∇L exactly (plain gradient descent)."""
        return self.optimizer == "sgd"


def record(model: str, path: surfaces.Path, X, Y, seed: int = 0) -> Updates:
    """The traces of the Trainer run that made `path` (one recorded step per update)."""
    spec = surfaces.MODELS[model]
    net = surfaces.neuron(path.w[0], path.b[0], spec["activation"])
    trainer = Trainer(net, loss=spec["loss"], optimizer=path.optimizer, lr=path.lr,
                      batch_size=path.batch_size, seed=seed)
    n = len(path) - 1
    grad, step = np.empty((n, 2)), np.empty((n, 2))
    n_samples = np.empty(n, dtype=int)
    for k in range(n):
        trace = trainer.next_step(X, Y)
        grad[k] = trace.grad_W[0][0, 0], trace.grad_b[0][0]
        step[k] = (trace.W_after[0][0, 0] - trace.W_before[0][0, 0],
                   trace.b_after[0][0] - trace.b_before[0][0])
        n_samples[k] = trace.a_in.shape[0]
    return Updates(grad, step, n_samples)


def point(label: str, path: surfaces.Path, updates: Updates | None, k: int, planned: int,
          data_size: int) -> Point:
    """The numbers of point k of `path` (k updates made); without `updates` only where it
    is and its loss (the gradient and the step are then None)."""
    last = len(path) - 1
    k = max(0, min(int(k), last))
    i = k - 1 if k > 0 else 0               # the update that led here, or the first one
    known = updates is not None and last > 0

    def pair(a):
        return (float(a[i, 0]), float(a[i, 1])) if known else None
    batch = data_size if path.batch_size is None else min(path.batch_size, data_size)
    return Point(
        label=label, optimizer=path.optimizer, lr=path.lr, n=k, planned=planned, last=last,
        w=float(path.w[k]), b=float(path.b[k]), loss=float(path.loss[k]),
        grad=pair(updates.grad) if k > 0 and known else None,
        step=pair(updates.step) if k > 0 and known else None,
        n_samples=int(updates.n_samples[i]) if known else batch,
        data_size=data_size,
        next_grad=pair(updates.grad) if k == 0 and known else None,
        next_step=pair(updates.step) if k == 0 and known else None,
        stopped=(path.reason or "training diverged") if path.diverged and k == last else "")
