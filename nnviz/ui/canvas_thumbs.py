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
from .thumb_pixels import CENTRED, LUT_N, Scratch, counts, lookup

MAX_GRID = 96              # thumbnail heatmap resolution at most (points per side)
MIN_INTERVAL = 1 / 15      # thumbnails are recomputed at most ~15×/s while training


def signed_array(values: np.ndarray, activation: str | None) -> np.ndarray:
    if activation in CENTRED:
        return np.clip((values - 0.5) * 2.0, -1.0, 1.0)
    if activation is None:   # inputs / features: scale by their own range
        m = float(np.max(np.abs(values))) if values.size else 1.0
        return values / (m if m > 0 else 1.0)
    return np.clip(values, -1.0, 1.0)


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


class _Buffers:
    """The reused pixel buffers of some columns' thumbnails, and the QImages over them; the
    words in shared memory (`shared`: an edge_worker.SharedBuffer) when the edge worker
    computes them."""

    def __init__(self, units: int, n_rows: int, n_cols: int, shared=None):
        shape = (units, n_rows, n_cols)
        self.scratch = Scratch(shape)
        self.shared = shared
        self.words = np.empty(shape, np.uint32) if shared is None \
            else shared.array.reshape(shape)
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
        image per unit, the highest y on top; valid until the next call with key (see
        thumb_pixels.lookup)."""
        n_rows, n_cols = grids[0][0].shape[:2]
        per_column = counts(grids)
        b = self.buffers(key, sum(per_column), n_rows, n_cols)
        lookup(grids, lut, b.scratch, b.words)
        return split(b.images, per_column)

    def buffers(self, key, total: int, n_rows: int, n_cols: int, make_shared=None) -> _Buffers:
        """key's buffers for total thumbnails of n_rows × n_cols, made anew when their size
        changed (or with make_shared(h, w), a SharedBuffer, when they are not shared yet)."""
        b = self._bufs.get(key)
        if b is None or b.words.shape != (total, n_rows, n_cols) \
                or (make_shared is not None and b.shared is None):
            shared = make_shared(total * n_rows, n_cols) if make_shared is not None else None
            b = self._bufs[key] = _Buffers(total, n_rows, n_cols, shared)
        return b

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


def split(images: list, per_column: list[int]) -> list[list]:
    """A list cut into consecutive pieces of the given lengths."""
    out, a = [], 0
    for n in per_column:
        out.append(images[a:a + n])
        a += n
    return out


def wanted(c) -> bool:
    """The canvas's thumbnails need recomputing: the weights changed since (at most every
    MIN_INTERVAL while training)."""
    if not (c._thumbs_dirty and c.show_thumbnails):
        return False
    training = c.player is not None and c.player.training
    return not (training and time.perf_counter() - c._thumbs_time < MIN_INTERVAL)


def refresh_if_due(c) -> bool:
    """Recompute the thumbnails in this process when wanted; True when they changed."""
    if not wanted(c):
        return False
    refresh(c)
    return True


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


def worker_job(c, make_shared):
    """(job, finish) when the thumbnails are wanted and the edge worker may compute them,
    else None. job holds the numbers thumb_pixels.compute needs (the weights as the views
    show them, the input plane, the palette, the name of the shared pixel buffer made with
    make_shared(h, w)). The canvas's thumbnails are the buffer's images at once, their
    pixels written by the worker: draw them only after its answer; finish(ok) recomputes
    them here when it did not answer (ok False)."""
    if not wanted(c):
        return None
    if not _start(c):
        return None
    s = c.session
    n, spec = grid_spec(c)
    sizes = s.net.sizes
    per_column = [sizes[ci] if units is None else len(units) for ci, (_a, units) in enumerate(spec)]
    try:
        b = c._thumb_images.buffers("all", sum(per_column), n, n, make_shared)
    except OSError:              # no shared memory here: computed in this process
        refresh(c)
        return None
    job = {"name": b.shared.name, "shape": b.words.shape, "n": n, "spec": spec,
           "layers": [(layer.W, layer.b, layer.activation) for layer in s.view_net.layers],
           "extent": tuple(float(v) for v in s.extent), "features": s.features,
           "lut": _lut(c)}

    _show(c, split(b.images, per_column))    # (their pixels once the worker answered)

    def finish(ok: bool):
        if not ok:
            refresh(c)
    return job, finish
