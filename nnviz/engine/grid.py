"""Evaluating a network over the input plane, for heatmaps and per-unit thumbnails.

    xs, ys, P = grid_points((-6, 6, -6, 6), 100)
    acts = grid_outputs(net, xs, ys, features=["x1", "x2", "x1*x2"])
    acts[0]        # (len(ys), len(xs), n_features): the input features on the grid
    acts[k]        # (len(ys), len(xs), units of layer k) for k = 1 … number of layers
    acts[-1][r, c] # the network's output at the point (xs[c], ys[r])

Float32 by default: fast and plenty for drawing; the maths is the engine's own forward pass
(computed units × points in float32, see _forward_by_units).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .datasets import features as feature_transform

MAX_GRID = 2000   # per side


def grid_points(extent=(-6.0, 6.0, -6.0, 6.0), n: int = 100):
    """(xs, ys, P): n evenly spaced x1 values, n x2 values, and the n·n points as rows,
    P[r·n + c] = (xs[c], ys[r]) (row r of an image is x2 = ys[r])."""
    n = int(n)
    if not 2 <= n <= MAX_GRID:
        raise ValueError(f"grid size must be from 2 to {MAX_GRID}, got {n}")
    x0, x1, y0, y1 = (float(v) for v in extent)
    if not (np.isfinite([x0, x1, y0, y1]).all() and x1 > x0 and y1 > y0):
        raise ValueError(f"extent must be (xmin, xmax, ymin, ymax) with min < max, got {extent}")
    xs = np.linspace(x0, x1, n)
    ys = np.linspace(y0, y1, n)
    gx, gy = np.meshgrid(xs, ys)
    return xs, ys, np.column_stack([gx.ravel(), gy.ravel()])


def grid_outputs(net, xs, ys, features: Sequence[str] | None = None,
                 dtype=np.float32) -> list[np.ndarray]:
    """Every layer's activations over the grid xs × ys (see the module docstring).

    `features` names the input features the network sees (nnviz.engine.datasets.FEATURES);
    None means the network takes the raw (x1, x2).
    """
    xs = np.asarray(xs, dtype=np.float64)
    ys = np.asarray(ys, dtype=np.float64)
    gx, gy = np.meshgrid(xs, ys)
    P = np.column_stack([gx.ravel(), gy.ravel()])
    F = P if features is None else feature_transform(P, features)
    shape = (len(ys), len(xs))
    single = np.dtype(dtype) == np.float32
    with np.errstate(over="ignore", invalid="ignore"):
        if single:
            acts = _forward_by_units(net, F)
            if not all(np.isfinite(a).all() for a in acts):
                # past float32's range (~3.4e38, e.g. weights from a file): in float64,
                # handed back in float32's range
                _, acts = net.forward_all(F, dtype=np.float64)
                acts = [np.clip(a, -3e38, 3e38).astype(np.float32) for a in acts]
        else:
            _, acts = net.forward_all(F, dtype=dtype)
    return [a.reshape(shape + (a.shape[1],)) for a in acts]


def _forward_by_units(net, F) -> list[np.ndarray]:
    """Network.forward_all in float32 with the points along the fast axis: each layer's
    z = W·a + b is computed as a (units, points) array, so the bias add and the activation
    run over long rows instead of rows of a few units (about twice as fast on a grid). The
    same maths; returned as (points, units) views."""
    a = np.ascontiguousarray(np.asarray(F, dtype=np.float32).T)     # (features, points)
    acts = [a.T]
    for layer in net.layers:
        z = layer.W.astype(np.float32) @ a
        z += layer.b.astype(np.float32)[:, None]
        out = np.empty_like(z)
        layer.act.f_into(z.T, out.T)       # (points, units) views: softmax runs over units
        acts.append(out.T)
        a = out
    return acts
