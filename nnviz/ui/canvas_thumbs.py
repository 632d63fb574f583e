"""The canvas's unit thumbnails: each unit's output over the input plane as a small RGB32
image, from the engine's grid activations and the theme's diverging palette (one vectorized
lookup per column into reused buffers)."""

from __future__ import annotations

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


class ThumbnailImages:
    """All of a column's thumbnails from one vectorized LUT lookup, into one reused
    (units, n, n) pixel buffer that the QImages point into (no per-unit copies)."""

    def __init__(self):
        self._bufs: dict = {}

    def images(self, key, values: np.ndarray, activation: str | None,
               lut: np.ndarray) -> list[QImage]:
        """(n, n, units) float32 grid (row 0 at the lowest y) → one RGB32 image per unit
        with the highest y on top; the images stay valid until the next call with key."""
        n_rows, n_cols, units = values.shape
        ent = self._bufs.get(key)
        if activation is None and ent is not None and ent[4] is lut \
                and np.array_equal(ent[5], values):
            return ent[3]       # the input features do not change with the weights
        scale, offset = lut_index_params(values, activation)
        if ent is None or ent[0].shape != (units, n_rows, n_cols):
            f = np.empty((units, n_rows, n_cols), np.float32)
            idx = np.empty((units, n_rows, n_cols), np.intp)
            words = np.empty((units, n_rows, n_cols), np.uint32)
            images = [QImage(words[u].data, n_cols, n_rows, 4 * n_cols,
                             QImage.Format.Format_RGB32) for u in range(units)]
            ent = [f, idx, words, images, None, None]
            self._bufs[key] = ent
        f, idx, words, images = ent[:4]
        src = np.moveaxis(values[::-1], 2, 0)          # (units, n, n), top row = highest y
        np.multiply(src, scale[:, None, None], out=f)
        f += offset[:, None, None]
        if activation not in BOUNDED:                  # huge values (a diverging net) too
            np.clip(f, 0, LUT_N - 1, out=f)
        np.copyto(idx, f, casting="unsafe")            # truncates: the offset rounds
        np.take(lut, idx, out=words, mode="clip")
        ent[4], ent[5] = lut, (values.copy() if activation is None else None)
        return images

    def clear(self):
        self._bufs.clear()


def heatmap_image(values: np.ndarray, activation: str | None, lut: np.ndarray) -> QImage:
    """A single (n, n) grid as an image (see heatmap_images)."""
    return heatmap_images(values[:, :, None], activation, lut)[0]
