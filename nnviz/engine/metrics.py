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


# A learning rate too large shows in the loss curve before anything becomes infinite: each
# step overshoots the valley's floor, so the loss jumps up and down and climbs back above
# the best it reached. Over the last UNSETTLED_WINDOW rows, unsettled() asks for both.
UNSETTLED_WINDOW = 20
UNSETTLED_RISE = 1.5       # the window's median loss over the best loss before it
UNSETTLED_JUMP = 0.1       # the mean jump between rows, relative to that median
UNSETTLED_START = 0.5      # that median over the first loss (not noise around a tiny loss)


def unsettled(loss, start: int = 0, window: int = UNSETTLED_WINDOW
              ) -> tuple[float, float] | None:
    """(the recent loss level, the best loss before it) when a loss curve (one value per
    row, oldest first) shows steps too large: over its last `window` rows (all of them at
    or after row `start`: rows since the training settings last changed) the loss jumps
    about (mean |change| at least UNSETTLED_JUMP of their median) and sits well above
    (UNSETTLED_RISE ×) the best loss of the rows before them, and not far below
    (UNSETTLED_START ×) the first loss. A slow, smooth rise (a regularization penalty) or
    noise around a loss already small is not enough; NaN rows are ignored. None when the
    curve looks settled (or is too short to tell)."""
    v = np.asarray(loss, dtype=float)
    n = len(v)
    if n - max(0, start) < window or n < 2 * window:
        return None
    recent, before = v[n - window:], v[:n - window]
    recent, before = recent[np.isfinite(recent)], before[np.isfinite(before)]
    if len(recent) < window // 2 or len(before) == 0:
        return None
    level = float(np.median(recent))
    best = float(before.min())
    if level <= 0 or level < UNSETTLED_RISE * best or level < UNSETTLED_START * before[0]:
        return None
    if float(np.mean(np.abs(np.diff(recent)))) < UNSETTLED_JUMP * level:
        return None
    return level, best
