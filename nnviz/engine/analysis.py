"""Measurements on networks and training steps, for the syllabus scenarios.

NumPy only. Every function reads engine objects and returns numbers; none changes the
network it is given.

- `compose_linear(net)`: a stack of linear layers is one linear map x ↦ W x + b.
- `gradient_norms(trace)`: the size ‖∂L/∂W‖ of each layer's weight gradient in one step.
- `gradient_probe(trainer, X, Y)`: that step's trace on a copy of the network, so the
  gradient can be measured at any moment of training without changing anything.
- `weight_stats(net, tol)`: how many weights there are, how many are (nearly) zero, and
  their L1 and L2 sizes: what L1 and L2 regularization act on.
- `rotation(yaw, pitch)` / `project(points, yaw, pitch)`: an orthographic view of 3-D points
  (a layer of three units seen from an angle).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .network import Network
from .trace import StepTrace


# -- linear stacks ----------------------------------------------------------------------------
def compose_linear(net: Network) -> tuple[np.ndarray, np.ndarray]:
    """(W, b) with net.forward(X) == X Wᵀ + b, for a network whose layers are all linear.

    Layer by layer: x ↦ W₁x + b₁ ↦ W₂(W₁x + b₁) + b₂ = (W₂W₁)x + (W₂b₁ + b₂), and so on.
    ValueError names the first layer that is not linear (its activation bends the map).
    """
    for k, layer in enumerate(net.layers):
        if layer.activation != "linear":
            raise ValueError(f"layer {k + 1} uses {layer.activation}; only a stack of linear "
                             "layers collapses into one linear map")
    W = np.eye(net.sizes[0])
    b = np.zeros(net.sizes[0])
    for layer in net.layers:
        W = layer.W @ W
        b = layer.W @ b + layer.b
    return W, b


# -- gradients ---------------------------------------------------------------------------------
def gradient_norms(trace: StepTrace, raw: bool = False) -> np.ndarray:
    """‖grad_W[k]‖ (Frobenius norm) for each layer k of a step, first layer first.

    These are the gradients the update used (after clipping). With raw=True the clipping
    is undone: the size of the gradient before clip_norm shrank it.
    """
    norms = np.array([float(np.sqrt(np.sum(g * g))) for g in trace.grad_W])
    if raw and trace.clip_scale > 0:
        norms = norms / trace.clip_scale
    return norms


def gradient_probe(trainer, X, Y) -> StepTrace:
    """The trace of one full-batch step on a copy of `trainer`'s network.

    Same loss, L1/L2 and clip_norm; no dropout (so the measure does not flicker) and the
    copy is thrown away: the real network, optimizer and random state are untouched.
    """
    from .trainer import Trainer  # late: trainer imports this package's siblings
    probe = Trainer(trainer.net.copy(), loss=trainer.loss, optimizer="sgd", lr=1e-3,
                    batch_size=None, seed=0, l1=trainer.l1, l2=trainer.l2,
                    clip_norm=trainer.clip_norm)
    return probe.step(X, Y)


# -- weights ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class WeightStats:
    count: int          # weights (biases not included: regularization leaves them alone)
    near_zero: int      # |w| < tol
    l1: float           # Σ|w|
    l2: float           # Σw²
    max_abs: float
    tol: float

    @property
    def near_zero_fraction(self) -> float:
        return self.near_zero / self.count if self.count else 0.0


def weight_stats(net: Network, tol: float = 1e-2) -> WeightStats:
    """Counts and sizes of the weights (not biases) of every layer."""
    if not (math.isfinite(tol) and tol > 0):
        raise ValueError(f"tolerance must be a positive number, got {tol}")
    w = np.concatenate([layer.W.ravel() for layer in net.layers])
    a = np.abs(w)
    return WeightStats(count=int(w.size), near_zero=int(np.sum(a < tol)), l1=float(a.sum()),
                       l2=float(np.sum(w * w)), max_abs=float(a.max(initial=0.0)), tol=float(tol))


def best_epoch(test_loss) -> int | None:
    """Index of the lowest test loss (the first one if tied); None for an empty list."""
    values = np.asarray(test_loss, dtype=float)
    if values.size == 0 or not np.any(np.isfinite(values)):
        return None
    return int(np.nanargmin(np.where(np.isfinite(values), values, np.nan)))


# -- 3-D views ------------------------------------------------------------------------------------
def rotation(yaw: float, pitch: float) -> np.ndarray:
    """3×3 rotation: turn by `yaw` degrees about the vertical axis, then tilt by `pitch`."""
    y, p = math.radians(yaw), math.radians(pitch)
    turn = np.array([[math.cos(y), -math.sin(y), 0.0],
                     [math.sin(y), math.cos(y), 0.0],
                     [0.0, 0.0, 1.0]])
    tilt = np.array([[1.0, 0.0, 0.0],
                     [0.0, math.cos(p), -math.sin(p)],
                     [0.0, math.sin(p), math.cos(p)]])
    return tilt @ turn


def project(points, yaw: float, pitch: float, centre=None) -> tuple[np.ndarray, np.ndarray]:
    """Orthographic view of (n, 3) points: (xy (n, 2) on the screen, depth (n,)).

    The camera looks along the rotated y axis: screen x is the rotated x, screen up is the
    rotated z, and depth (larger = nearer the viewer) is minus the rotated y. Points are
    turned about `centre` (default: the origin).
    """
    P = np.asarray(points, dtype=float)
    if P.ndim != 2 or P.shape[1] != 3:
        raise ValueError(f"points must have shape (n, 3), got {P.shape}")
    c = np.zeros(3) if centre is None else np.asarray(centre, dtype=float)
    R = rotation(yaw, pitch)
    Q = (P - c) @ R.T
    return Q[:, [0, 2]], -Q[:, 1]


def plane_patch(w, b, lo, hi, n: int = 9) -> list[np.ndarray]:
    """Lines of a grid on the plane w·h + b = 0 inside the box [lo, hi]³.

    Returns a list of (m, 3) polylines (at most 2n), each clipped to the box: a wire
    picture of where a unit reading three others changes its mind.
    """
    w = np.asarray(w, dtype=float)
    if w.shape != (3,) or not np.any(w):
        return []
    k = int(np.argmax(np.abs(w)))          # solve for the coordinate the plane depends on most
    others = [i for i in range(3) if i != k]
    ticks = np.linspace(lo, hi, n)
    fine = np.linspace(lo, hi, 60)
    lines = []
    for axis in (0, 1):
        for t in ticks:
            pts = np.zeros((fine.size, 3))
            pts[:, others[axis]] = t
            pts[:, others[1 - axis]] = fine
            pts[:, k] = -(b + w[others[0]] * pts[:, others[0]]
                          + w[others[1]] * pts[:, others[1]]) / w[k]
            inside = (pts[:, k] >= lo) & (pts[:, k] <= hi)
            if np.count_nonzero(inside) >= 2:
                lines.append(pts[inside])
    return lines
