"""What training reports: per-epoch history and classification accuracy."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class History:
    """Per-epoch figures from `Trainer.fit`."""
    loss: list[float] = field(default_factory=list)
    test_loss: list[float] = field(default_factory=list)
    acc: list[float] = field(default_factory=list)
    test_acc: list[float] = field(default_factory=list)
    best_epoch: int | None = None
    stopped_early: bool = False
    diverged: bool = False

    def __len__(self):
        return len(self.loss)


def accuracy(o: np.ndarray, Y: np.ndarray, output_activation: str) -> float:
    """Fraction classified right: argmax for several outputs, threshold for one."""
    if o.shape[1] > 1:
        return float(np.mean(np.argmax(o, axis=1) == np.argmax(Y, axis=1)))
    cut = 0.0 if output_activation in ("tanh", "sign", "linear") and Y.min() < 0 else 0.5
    return float(np.mean((o[:, 0] >= cut) == (Y[:, 0] >= cut)))
