"""The fine-grained events of one training step, in teaching order.

`StepTrace.events()` yields them. Each is a small frozen record of numbers only (the GUI
formats them). Layers are numbered from 0 (the first weight layer); `unit` is a unit's
index within its layer; `sample` is the row within the step's batch.

Order for a step on a batch of B samples:
  for each sample s:
    ForwardUnit   for each layer k, each unit i         (phase "forward")
    OutputError   for each output unit                  (phase "error")
    SampleLoss    that sample's loss                    (phase "error")
    DeltaUnit     from the output layer back, each unit (phase "backward")
  BatchLoss      the batch's mean loss                  (phase "error")
  WeightUpdate   for each layer from the output back, each unit, each incoming weight and
                 then its bias (input == BIAS)          (phase "update")
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

BIAS = -1  # WeightUpdate.input for a bias


@dataclass(frozen=True, slots=True)
class ForwardUnit:
    """z = b + Σⱼ wⱼ xⱼ and a = g(z) for one unit on one sample."""
    phase: ClassVar[str] = "forward"
    sample: int
    layer: int
    unit: int
    x: tuple[float, ...]        # the inputs reaching the unit (previous layer's a)
    w: tuple[float, ...]        # the weights into the unit (row `unit` of W)
    b: float
    z: float
    a: float
    activation: str
    dropped: bool = False       # dropout removed this unit on this sample (a is then 0)
    scale: float = 1.0          # dropout factor: a = g(z)·scale (0 dropped, 1/(1 − p) kept)


@dataclass(frozen=True, slots=True)
class OutputError:
    """Output unit `unit` compared with its target: error = o − t, and ∂L/∂o."""
    phase: ClassVar[str] = "error"
    sample: int
    layer: int
    unit: int
    o: float
    t: float
    error: float     # o − t
    dL_do: float


@dataclass(frozen=True, slots=True)
class SampleLoss:
    phase: ClassVar[str] = "error"
    sample: int
    layer: int       # the output layer
    loss: float
    loss_name: str


@dataclass(frozen=True, slots=True)
class DeltaUnit:
    """δ = ∂L/∂z for one unit on one sample, with the terms it was made of.

    Output unit: δ = ∂L/∂o · g'(z) (or the fused o − t form, see `fused`).
    Hidden unit: δ = g'(z) · Σₖ w_ki δₖ over the units k of the next layer; `downstream`
    holds the (k, w_ki, δₖ) triples and `dL_da` their sum.
    """
    phase: ClassVar[str] = "backward"
    sample: int
    layer: int
    unit: int
    z: float
    a: float
    fprime: float                 # g'(z) (for softmax: the diagonal term aᵢ(1 − aᵢ))
    dL_da: float                  # ∂L/∂a: ∂L/∂o at the output, Σₖ w_ki δₖ when hidden
    delta: float
    is_output: bool
    downstream: tuple[tuple[int, float, float], ...] = ()
    fused: str | None = None      # e.g. "sigmoid+bce": δ = (o − t)/K computed directly
    dropped: bool = False
    scale: float = 1.0            # dropout factor: δ = g'(z)·∂L/∂a·scale


@dataclass(frozen=True, slots=True)
class BatchLoss:
    phase: ClassVar[str] = "error"
    loss: float                   # mean over the batch, before the update
    loss_name: str
    batch_size: int
    reg: float = 0.0              # the L1/L2 penalty added to the loss, if any

    sample: ClassVar[None] = None


@dataclass(frozen=True, slots=True)
class WeightUpdate:
    """One weight (or bias, input == BIAS) of layer `layer`, unit `unit`, updated.

    grad = mean over the batch of δ·x (x = 1 for a bias) plus `grad_reg` from L1/L2;
    `terms` are the per-sample (δ, x) pairs; new = old + step, where the step is −η·grad
    for plain SGD and the optimizer's own step otherwise.
    """
    phase: ClassVar[str] = "update"
    layer: int
    unit: int
    input: int
    old: float
    grad: float
    new: float
    lr: float
    optimizer: str
    terms: tuple[tuple[float, float], ...]
    grad_reg: float = 0.0
    clip_scale: float = 1.0       # gradient clipping multiplied the gradient by this

    @property
    def step(self) -> float:
        return self.new - self.old

    @property
    def is_bias(self) -> bool:
        return self.input == BIAS

    sample: ClassVar[None] = None


Event = ForwardUnit | OutputError | SampleLoss | DeltaUnit | BatchLoss | WeightUpdate
