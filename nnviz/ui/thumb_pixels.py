"""The canvas thumbnails' pixels from plain numbers (NumPy only): each unit's output over the
input plane mapped through the theme's diverging palette, one vectorized lookup for all the
columns into a (units, n, n) buffer of 0xFFRRGGBB words.

Used in the main process (canvas_thumbs) and by the edge worker (edge_worker.py), which
computes a canvas's thumbnails from a job (the network's weights, the input plane, the
palette) while the main process paints the units: both call `compute`/`lookup`, so the
pixels are the same. The network's outputs on the grid come from the engine
(session_grid.plane_grid: nnviz.engine.grid.grid_outputs).
"""

from __future__ import annotations

import numpy as np

CENTRED = {"sigmoid": 0.5, "step": 0.5, "softmax": 0.5}   # activations with outputs in [0, 1]
BOUNDED = {"tanh", "sigmoid", "step", "softmax"}   # outputs within [−1, 1]: never clipped
LUT_N = 256


def unit_params(src: np.ndarray, activation: str | None) -> tuple[np.ndarray, np.ndarray]:
    """Per unit (scale, offset) so that clip(v·scale + offset, 0, LUT_N − 1), truncated, is
    the palette index of value v, for a (units, n, n) grid: [0, 1] outputs centred at ½,
    inputs scaled by their own range, the rest clipped to ±1."""
    half = 0.5 * (LUT_N - 1)
    units = src.shape[0]
    if activation is None:
        m = np.abs(src.reshape(units, -1)).max(axis=1) if src.size else np.ones(units)
        m = np.where(m > 0, m, 1.0)
        return (half / m).astype(np.float32), np.full(units, half + 0.5, np.float32)
    if activation in CENTRED:
        return np.full(units, 2 * half, np.float32), np.full(units, 0.5, np.float32)
    return np.full(units, half, np.float32), np.full(units, half + 0.5, np.float32)


class Scratch:
    """The reused working arrays of a lookup into (units, n, n) words."""

    def __init__(self, shape: tuple[int, int, int]):
        self.f = np.empty(shape, np.float32)
        self.idx = np.empty(shape, np.intp)
        self.offsets = np.empty((shape[0], 1, 1), np.float32)


def counts(grids) -> list[int]:
    """How many thumbnails each column of grids (see lookup) gives."""
    return [v.shape[2] if units is None else len(units) for v, _a, units in grids]


def lookup(grids, lut: np.ndarray, scratch: Scratch, words: np.ndarray) -> None:
    """grids: per column (values, activation, units): an (n, n, all units) float32 grid (row
    0 at the lowest y) and the units to picture (None: all) → words, (units, n, n) 0xFFRRGGBB,
    the highest y on top, the columns' units one after another: per column one scaling
    pass, then one offset, cast and lookup pass for every unit at once."""
    f, a = scratch.f, 0
    for (values, activation, units), count in zip(grids, counts(grids)):
        src = np.moveaxis(values[::-1], 2, 0)      # (units, n, n), top row = highest y
        if units is not None:
            src = src[units]
        scale, offset = unit_params(src, activation)
        part = f[a:a + count]
        np.multiply(src, scale[:, None, None], out=part)
        scratch.offsets[a:a + count, 0, 0] = offset
        if activation not in BOUNDED:              # huge values (a diverging net) too
            part += scratch.offsets[a:a + count]
            np.clip(part, 0, LUT_N - 1, out=part)
            scratch.offsets[a:a + count] = 0.0     # added already
        a += count
    f += scratch.offsets
    np.copyto(scratch.idx, f, casting="unsafe")    # truncates: the offset rounds
    np.take(lut, scratch.idx, out=words, mode="clip")


def compute(job: dict, scratch: Scratch, words: np.ndarray) -> None:
    """A canvas's thumbnails from a job (canvas_thumbs.worker_job): the network rebuilt from
    its weights, the engine's outputs over the input plane, then lookup into words."""
    from ..engine.network import Dense, Network
    from .session_grid import plane_grid
    net = Network([Dense(W, b, act) for W, b, act in job["layers"]])
    _xs, _ys, acts = plane_grid(net, job["extent"], job["n"], job["features"])
    grids = [(acts[ci], act, units) for ci, (act, units) in enumerate(job["spec"])]
    lookup(grids, job["lut"], scratch, words)
