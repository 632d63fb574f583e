"""The input plane of a TrainingSession (a mixin): a grid over its extent and every layer's
outputs on it, as the decision maps and hidden-unit maps draw them (the engine computes
them; the session caches them until the weights change)."""

from __future__ import annotations

import numpy as np


class InputPlane:
    """Grid methods of TrainingSession (uses its extent, features, n_inputs, view_net and
    _grid_cache, which its _changed() clears)."""

    def grid_points(self, n: int = 100, extent=None):
        """(xs, ys, points): an n×n grid over the session's extent (or `extent`); points are
        (n·n, 2), row-major in y."""
        x0, x1, y0, y1 = self.extent if extent is None else extent
        xs = np.linspace(x0, x1, n)
        ys = np.linspace(y0, y1, n)
        gx, gy = np.meshgrid(xs, ys)
        return xs, ys, np.column_stack([gx.ravel(), gy.ravel()])

    def grid_activations(self, n: int = 100, extent=None):
        """(xs, ys, acts): acts[k] is an (n, n, units) float32 array of layer k's outputs over
        the input plane (k = 0: the input features; then each layer), row i at ys[i].

        Over the session's extent, or `extent` (x0, x1, y0, y1), e.g. a plot's whole view
        around it. Computed by the engine (grid.grid_outputs) on the feature-transformed
        grid and cached until the weights change. Needs a 2-D input plane (2 inputs or
        features)."""
        n = int(n)
        if not 2 <= n <= 1000:
            raise ValueError(f"grid size must be 2 … 1000, got {n}")
        extent = tuple(float(v) for v in (self.extent if extent is None else extent))
        key = (n, extent)
        cached = self._grid_cache.get(key)
        if cached is not None:
            return cached
        if self.features is None and self.n_inputs != 2:
            raise ValueError(f"the network has {self.n_inputs} inputs, not a 2-D input plane")
        x0, x1, y0, y1 = extent
        xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
        from ..engine.grid import grid_outputs
        # float32 (n, n, units) arrays; views of the engine's own (units, points) layout
        out = grid_outputs(self.view_net, xs, ys, self.features, dtype=np.float32)
        result = (xs, ys, out)
        self._grid_cache[key] = result
        return result

    @property
    def has_input_plane(self) -> bool:
        return self.features is not None or self.n_inputs == 2
