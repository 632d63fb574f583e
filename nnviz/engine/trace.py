"""StepTrace: the full record of one training step (forward, error, backward, update)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from .activations import get_activation
from .events import (
    BIAS,
    BatchLoss,
    DeltaUnit,
    ForwardUnit,
    OutputError,
    SampleLoss,
    WeightUpdate,
)
from .losses import MeanKernel, get_loss


@dataclass
class StepTrace:
    """What happened in one step on one batch. Arrays are per layer k (0 = first weights).

    a_in: the batch inputs X, (batch, n_in); z[k], a[k]: (batch, n_out of layer k);
    delta[k] = ∂L/∂z per sample (not divided by the batch size); grad_W[k], grad_b[k]: the
    batch-averaged gradients actually used (regularization and clipping included);
    W_before/W_after, b_before/b_after: the parameters around the update.
    """
    a_in: np.ndarray
    targets: np.ndarray
    z: list[np.ndarray]
    a: list[np.ndarray]
    delta: list[np.ndarray]
    grad_W: list[np.ndarray]
    grad_b: list[np.ndarray]
    W_before: list[np.ndarray]
    W_after: list[np.ndarray]
    b_before: list[np.ndarray]
    b_after: list[np.ndarray]
    activations: list[str]
    loss: float                         # batch loss before the update (data term)
    loss_name: str
    lr: float
    optimizer: str
    step_index: int = 0                 # the trainer's update count (from 0)
    epoch: int = 0
    sample_index: np.ndarray | None = None   # rows of the training set in this batch
    mask: list[np.ndarray | None] = field(default_factory=list)  # dropout keep-masks
    reg_loss: float = 0.0
    grad_W_reg: list[np.ndarray] | None = None
    grad_b_reg: list[np.ndarray] | None = None
    clip_scale: float = 1.0
    diverged: bool = False
    diverged_reason: str = ""
    fused: str | None = None            # "sigmoid+bce" or "softmax+cce" when used
    dropout: float = 0.0                # the dropout probability used (kept units × 1/(1 − p))

    @property
    def Y(self):
        return self.targets

    @property
    def n_layers(self) -> int:
        return len(self.z)

    @property
    def batch_size(self) -> int:
        return self.a_in.shape[0]

    def inputs_to(self, k: int) -> np.ndarray:
        """The activations entering layer k, (batch, n_in of k)."""
        return self.a_in if k == 0 else self.a[k - 1]

    def _scale(self, mk, s, i) -> float:
        if mk is None:
            return 1.0
        return float(mk[s, i]) / (1.0 - self.dropout) if self.dropout else float(mk[s, i])

    def events(self) -> Iterator:
        """The step as events in teaching order (see nnviz.engine.events)."""
        L = self.n_layers
        last = L - 1
        loss = get_loss(self.loss_name)
        for s in range(self.batch_size):
            for k in range(L):
                x = tuple(float(v) for v in self.inputs_to(k)[s])
                W, b = self.W_before[k], self.b_before[k]
                mk = self.mask[k] if k < len(self.mask) else None
                for i in range(W.shape[0]):
                    yield ForwardUnit(s, k, i, x, tuple(float(v) for v in W[i]), float(b[i]),
                                      float(self.z[k][s, i]), float(self.a[k][s, i]),
                                      self.activations[k],
                                      dropped=bool(mk is not None and mk[s, i] == 0),
                                      scale=self._scale(mk, s, i))
            o, t = self.a[last][s], self.targets[s]
            dL_do = loss.dL_do(o[None, :], t[None, :])[0]
            for i in range(o.shape[0]):
                yield OutputError(s, last, i, float(o[i]), float(t[i]), float(o[i] - t[i]),
                                  float(dL_do[i]))
            yield SampleLoss(s, last, float(loss.per_sample(o[None, :], t[None, :])[0]),
                             self.loss_name)
            for k in range(last, -1, -1):
                act = get_activation(self.activations[k])
                zk, ak = self.z[k][s], self.a[k][s]
                fprime = act.derivative(zk)   # from z: a may carry the dropout factor
                mk = self.mask[k] if k < len(self.mask) else None
                for i in range(zk.shape[0]):
                    if k == last:
                        downstream, dL_da = (), float(dL_do[i])
                    else:
                        Wn = self.W_before[k + 1]
                        dn = self.delta[k + 1][s]
                        downstream = tuple((j, float(Wn[j, i]), float(dn[j]))
                                           for j in range(Wn.shape[0]))
                        dL_da = float(Wn[:, i] @ dn)
                    yield DeltaUnit(s, k, i, float(zk[i]), float(ak[i]), float(fprime[i]),
                                    dL_da, float(self.delta[k][s, i]), k == last, downstream,
                                    fused=self.fused if k == last else None,
                                    dropped=bool(mk is not None and mk[s, i] == 0),
                                    scale=self._scale(mk, s, i))
        yield BatchLoss(self.loss, self.loss_name, self.batch_size, self.reg_loss)
        B = self.batch_size
        for k in range(last, -1, -1):
            xin = self.inputs_to(k)
            d = self.delta[k]
            gWr = self.grad_W_reg[k] if self.grad_W_reg is not None else None
            gbr = self.grad_b_reg[k] if self.grad_b_reg is not None else None
            for i in range(self.W_before[k].shape[0]):
                for j in range(self.W_before[k].shape[1]):
                    yield WeightUpdate(k, i, j, float(self.W_before[k][i, j]),
                                       float(self.grad_W[k][i, j]), float(self.W_after[k][i, j]),
                                       self.lr, self.optimizer,
                                       tuple((float(d[s, i]), float(xin[s, j])) for s in range(B)),
                                       grad_reg=float(gWr[i, j]) if gWr is not None else 0.0,
                                       clip_scale=self.clip_scale)
                yield WeightUpdate(k, i, BIAS, float(self.b_before[k][i]),
                                   float(self.grad_b[k][i]), float(self.b_after[k][i]),
                                   self.lr, self.optimizer,
                                   tuple((float(d[s, i]), 1.0) for s in range(B)),
                                   grad_reg=float(gbr[i]) if gbr is not None else 0.0,
                                   clip_scale=self.clip_scale)


class _lazy:
    """A field computed from the step's raw arrays when first read, then stored like any
    other attribute (a non-data descriptor: the instance's own value wins afterwards)."""

    def __init__(self, fn):
        self.fn, self.name = fn, fn.__name__

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


_KERNELS = threading.local()      # one MeanKernel per loss and thread (they reuse arrays)


def _views(flat, spec):
    """Per-layer (rows, units) views into a flat copy, as _Buffers.spec describes them."""
    return [flat[o:o + shape[0] * shape[1]].reshape(shape) for o, shape in spec]


class RecordedStepTrace(StepTrace):
    """The StepTrace of `Trainer.step` / `next_step`: the same fields with the same numbers,
    but the per-layer lists are made only when first read.

    A recorded step copies the few flat arrays the training loop reuses in place (the
    intermediate block of z, a, delta; the weights after; the gradient) and takes the fresh
    ones it owns (the weights before, the batch, the dropout masks), so a trace is never
    changed by later steps. The lists of per-layer views are built on first access: a trace
    nobody looks at (a step made only to move on) costs a few copies. Made by
    `RecordedStepTrace.record`; constructing it like a StepTrace also works.
    """

    @classmethod
    def record(cls, fields: dict) -> RecordedStepTrace:
        """A trace with the eager `fields` set: all but the lazy ones and perhaps "loss"
        (then computed when first read), plus "_raw", the tuple the lazy ones come from:
        (block, spec) the z, a, delta block and its layout; prev, theta, g, g_reg the flat
        weights before, after, the gradient and its regularization part (or None); layout
        of those; keep the dropout keep-masks (or None); l1, l2; index the sample rows (or
        None)."""
        t = object.__new__(cls)
        t.__dict__ = fields
        return t

    @_lazy
    def loss(self):
        # the step's output o is the block's last "a" array; MeanKernel gives Loss.mean's bits
        r = self._raw
        o, = _views(r[0], r[1]["a"][-1:])
        kernels = _KERNELS.__dict__
        kernel = kernels.get(self.loss_name)
        if kernel is None:
            kernel = kernels[self.loss_name] = MeanKernel(get_loss(self.loss_name))
        return kernel(o, self.targets)

    @_lazy
    def z(self):
        r = self._raw
        return _views(r[0], r[1]["z"])

    @_lazy
    def a(self):
        r = self._raw
        return _views(r[0], r[1]["a"])

    @_lazy
    def delta(self):
        r = self._raw
        return _views(r[0], r[1]["delta"])

    @_lazy
    def W_before(self):
        return self._weights(2)

    @_lazy
    def b_before(self):
        return self._biases(2)

    @_lazy
    def W_after(self):
        return self._weights(3)

    @_lazy
    def b_after(self):
        return self._biases(3)

    @_lazy
    def grad_W(self):
        return self._weights(4)

    @_lazy
    def grad_b(self):
        return self._biases(4)

    @_lazy
    def grad_W_reg(self):
        return None if self._raw[5] is None else self._weights(5)

    @_lazy
    def grad_b_reg(self):
        return None if self._raw[5] is None else [np.zeros_like(b) for b in self.b_before]

    @_lazy
    def reg_loss(self):
        l1, l2 = self._raw[8:10]
        reg_loss = 0.0
        if l1 or l2:
            for W in self.W_before:
                reg_loss += 0.5 * l2 * float(np.sum(W * W)) + l1 * float(np.sum(np.abs(W)))
        return reg_loss

    @_lazy
    def mask(self):
        keep = self._raw[7]
        if keep is None:
            return [None] * len(self.activations)
        last = len(keep) - 1
        return [m.astype(float) if k < last else None for k, m in enumerate(keep)]

    @_lazy
    def sample_index(self):
        index = self._raw[10]
        return None if index is None else np.array(index)

    def _weights(self, i):
        flat = self._raw[i]
        return [flat[w0:w1].reshape(shape) for w0, w1, _b1, shape in self._raw[6]]

    def _biases(self, i):
        flat = self._raw[i]
        return [flat[w1:b1] for _w0, w1, b1, _shape in self._raw[6]]
