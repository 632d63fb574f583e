"""The canvas's unit thumbnails: each unit's output over the input plane as a small RGB32
image, from the engine's grid activations and the theme's diverging palette (one vectorized
lookup for all the columns into reused buffers). Discretized (as TensorFlow Playground's
"Discretize output" does to every neuron's picture), the same lookup goes through a
two-colour table: no extra pass over the pixels."""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtGui import QImage

from . import theme

CENTRED = {"sigmoid": 0.5, "step": 0.5, "softmax": 0.5}   # activations with outputs in [0, 1]


def signed_array(values: np.ndarray, activation: str | None) -> np.ndarray:
    if activation in CENTRED:
        return np.clip((values - 0.5) * 2.0, -1.0, 1.0)
    if activation is None:   # inputs / features: scale by their own range
        m = float(np.max(np.abs(values))) if values.size else 1.0
        return values / (m if m > 0 else 1.0)
    return np.clip(values, -1.0, 1.0)


LUT_N = 256


def lut32(theme_=None) -> np.ndarray:
    """The diverging palette as 0xFFRRGGBB words (for RGB32 images), negative first."""
    rgb = theme.diverging_lut(LUT_N, theme_).astype(np.uint32)
    return (0xFF000000 | (rgb[:, 0] << 16) | (rgb[:, 1] << 8) | rgb[:, 2]).astype(np.uint32)


def discrete_lut(lut: np.ndarray) -> np.ndarray:
    """A lookup table (negative first) made two-coloured: every index below the middle
    takes the negative end's colour, the rest the positive end's. The thumbnails' index is
    at least LUT_N // 2 exactly when their signed value is ≥ 0 (see lut_index_params), so
    through this table a thumbnail shows only its sign, as the discretized map does."""
    half = len(lut) // 2
    out = np.empty_like(lut)
    out[:half] = lut[0]
    out[half:] = lut[-1]
    return out


def heatmap_images(values: np.ndarray, activation: str | None, lut: np.ndarray) -> list[QImage]:
    """One RGB32 image per unit from an (n, n, units) float32 grid (row 0 at the lowest y;
    the images have the highest y on top)."""
    s = signed_array(values, activation) if activation is not None else np.concatenate(
        [signed_array(values[:, :, u:u + 1], None) for u in range(values.shape[2])], axis=2)
    idx = ((s + 1.0) * (0.5 * (LUT_N - 1)) + 0.5).astype(np.intp)
    np.clip(idx, 0, LUT_N - 1, out=idx)
    words = np.ascontiguousarray(lut[idx[::-1]].transpose(2, 0, 1))   # (units, n, n)
    n_rows, n_cols = words.shape[1], words.shape[2]
    out = []
    for u in range(words.shape[0]):
        img = QImage(words[u].data, n_cols, n_rows, 4 * n_cols, QImage.Format.Format_RGB32)
        out.append(img.copy())   # own the pixels
    return out


def lut_index_params(values: np.ndarray, activation: str | None) -> tuple[np.ndarray, np.ndarray]:
    """Per-unit (scale, offset) so that clip(v·scale + offset, 0, LUT_N − 1) is the LUT
    index heatmap_images uses (signed_array then round), for an (..., units) grid."""
    half = 0.5 * (LUT_N - 1)
    units = values.shape[-1]
    if activation in CENTRED:            # s = 2(v − ½): index = v·(N − 1) + ½
        return np.full(units, 2 * half, np.float32), np.full(units, 0.5, np.float32)
    if activation is None:               # each input feature scaled by its own range
        m = np.abs(values.reshape(-1, units)).max(axis=0) if values.size else np.ones(units)
        m = np.where(m > 0, m, 1.0)
        return (half / m).astype(np.float32), np.full(units, half + 0.5, np.float32)
    return np.full(units, half, np.float32), np.full(units, half + 0.5, np.float32)


BOUNDED = {"tanh", "sigmoid", "step", "softmax"}   # outputs within [−1, 1]: never clipped


def _unit_params(src: np.ndarray, activation: str | None) -> tuple[np.ndarray, np.ndarray]:
    """lut_index_params for a (units, n, n) grid (the same numbers)."""
    half = 0.5 * (LUT_N - 1)
    units = src.shape[0]
    if activation is None:
        m = np.abs(src.reshape(units, -1)).max(axis=1) if src.size else np.ones(units)
        m = np.where(m > 0, m, 1.0)
        return (half / m).astype(np.float32), np.full(units, half + 0.5, np.float32)
    if activation in CENTRED:
        return np.full(units, 2 * half, np.float32), np.full(units, 0.5, np.float32)
    return np.full(units, half, np.float32), np.full(units, half + 0.5, np.float32)


class _Buffers:
    """The reused pixel buffers of some columns' thumbnails, and the QImages over them."""

    def __init__(self, units: int, n_rows: int, n_cols: int):
        shape = (units, n_rows, n_cols)
        self.f = np.empty(shape, np.float32)
        self.idx = np.empty(shape, np.int32)   # (np.take is ~1.6× faster with int32
                                               # indices than with intp ones)
        self.words = np.empty(shape, np.uint32)
        self.offsets = np.empty((units, 1, 1), np.float32)
        self.images = [QImage(self.words[u].data, n_cols, n_rows, 4 * n_cols,
                              QImage.Format.Format_RGB32) for u in range(units)]


class ThumbnailImages:
    """The thumbnails of all the columns from one vectorized LUT lookup, into one reused
    (units, n, n) pixel buffer that the QImages point into (no per-unit copies): per column
    one scaling pass, then one offset, cast and lookup pass for every unit at once."""

    def __init__(self):
        self._bufs: dict = {}

    def columns(self, key, grids, lut: np.ndarray) -> list[list[QImage]]:
        """grids: per column (values, activation, units): an (n, n, all units) float32 grid
        (row 0 at the lowest y) and the units to picture (None: all) → per column one RGB32
        image per unit, the highest y on top; valid until the next call with key."""
        n_rows, n_cols = grids[0][0].shape[:2]
        counts = [v.shape[2] if units is None else len(units) for v, _a, units in grids]
        total = sum(counts)
        b = self._bufs.get(key)
        if b is None or b.f.shape != (total, n_rows, n_cols):
            b = self._bufs[key] = _Buffers(total, n_rows, n_cols)
        f, out, a = b.f, [], 0
        for (values, activation, units), count in zip(grids, counts):
            src = np.moveaxis(values[::-1], 2, 0)      # (units, n, n), top row = highest y
            if units is not None:
                src = src[units]
            scale, offset = _unit_params(src, activation)
            part = f[a:a + count]
            np.multiply(src, scale[:, None, None], out=part)
            b.offsets[a:a + count, 0, 0] = offset
            if activation not in BOUNDED:              # huge values (a diverging net) too
                part += b.offsets[a:a + count]
                np.clip(part, 0, LUT_N - 1, out=part)
                b.offsets[a:a + count] = 0.0           # added already
            out.append(b.images[a:a + count])
            a += count
        f += b.offsets
        np.copyto(b.idx, f, casting="unsafe")          # truncates: the offset rounds
        np.take(lut, b.idx, out=b.words, mode="clip")
        return out

    def images(self, key, values: np.ndarray, activation: str | None,
               lut: np.ndarray) -> list[QImage]:
        """One column's thumbnails (see columns)."""
        return self.columns(key, [(values, activation, None)], lut)[0]

    def clear(self):
        self._bufs.clear()


def heatmap_image(values: np.ndarray, activation: str | None, lut: np.ndarray) -> QImage:
    """A single (n, n) grid as an image (see heatmap_images)."""
    return heatmap_images(values[:, :, None], activation, lut)[0]


# -- the canvas's thumbnails ------------------------------------------------------------------
def grid_spec(c) -> tuple[int, list[tuple[str | None, list[int] | None]]]:
    """(grid size, per column (activation, the units shown or None for all))."""
    sizes = c.session.net.sizes
    return c.thumbnail_grid(), [
        (c.model.activation_name(ci), None if len(col.shown) == sizes[ci] else col.shown)
        for ci, col in enumerate(c.net_layout.columns)]


def _start(c) -> bool:
    """Mark the canvas's thumbnails as recomputed now; False when none are shown."""
    c._thumbs_dirty = False
    c._thumbs_time = time.perf_counter()
    c._thumbs = {}
    return c.show_thumbnails and c.session.has_input_plane


def _lut(c) -> np.ndarray:
    """The canvas's thumbnail palette: the theme's, two-coloured when it discretizes."""
    if c._lut is None:
        c._lut = discrete_lut(lut32()) if getattr(c, "discretize", False) else lut32()
    return c._lut


def _show(c, images):
    c._thumbs = {(ci, u): img for ci, col in enumerate(c.net_layout.columns)
                 for u, img in zip(col.shown, images[ci])}


def refresh(c) -> None:
    """Recompute the canvas's thumbnails in this process: the session's grid activations
    (the engine's forward pass), then one lookup for all columns."""
    if not _start(c):
        return
    n, spec = grid_spec(c)
    try:
        _, _, acts = c.session.grid_activations(n)
    except ValueError:
        return
    grids = [(acts[ci], act, units) for ci, (act, units) in enumerate(spec)]
    _show(c, c._thumb_images.columns("all", grids, _lut(c)))
