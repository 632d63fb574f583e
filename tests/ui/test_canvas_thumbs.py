"""The canvas's vectorized thumbnails (ThumbnailImages) give exactly the pixels of the plain
per-unit version (heatmap_images): one column, and all the columns of a network at once
(mixed activations, elided units, reused buffers)."""

import numpy as np
import pytest

from nnviz.ui.canvas_thumbs import ThumbnailImages, heatmap_images, lut32


def _grid(activation, rng, n=23, units=4):
    z = rng.normal(0, 4, (n, n, units))
    if activation == "tanh":
        v = np.tanh(z)
    elif activation == "sigmoid":
        v = 1 / (1 + np.exp(-z))
    elif activation == "step":
        v = (z > 0) * 1.0
    else:            # relu / inputs: unbounded, huge values too
        v = z * 1e6 if activation == "relu" else z
    return np.ascontiguousarray(v, dtype=np.float32)


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "step", "relu", None])
def test_same_pixels_as_plain_lookup(qapp, activation):
    rng = np.random.default_rng(3)
    lut = lut32()
    thumbs = ThumbnailImages()
    for _ in range(3):          # new values each time: nothing stale is reused
        v = _grid(activation, rng)
        got = [img.copy() for img in thumbs.images(0, v, activation, lut)]
        want = heatmap_images(v, activation, lut)
        assert got == want
        again = [img.copy() for img in thumbs.images(0, v.copy(), activation, lut)]
        assert again == want


def test_input_pictures_follow_the_palette(qapp):
    v = _grid(None, np.random.default_rng(4))
    thumbs = ThumbnailImages()
    lut = lut32()
    first = [img.copy() for img in thumbs.images(0, v, None, lut)]
    inverted = lut[::-1].copy()          # another palette (e.g. a theme change)
    second = [img.copy() for img in thumbs.images(0, v, None, inverted)]
    assert second == heatmap_images(v, None, inverted)
    assert second != first


def test_all_columns_at_once_equal_per_column(qapp):
    rng = np.random.default_rng(5)
    lut = lut32()
    thumbs = ThumbnailImages()
    acts = [None, "tanh", "relu", "sigmoid", "step", "tanh"]
    for _ in range(3):          # new values each time into the same buffers
        grids = [(_grid(a, rng, n=19, units=u), a, units)
                 for a, u, units in zip(acts, [2, 5, 4, 3, 6, 1],
                                        [None, [0, 1, 4], None, [2], None, None])]
        got = thumbs.columns("all", grids, lut)
        for (v, a, units), images in zip(grids, got):
            picked = v if units is None else np.ascontiguousarray(v[:, :, units])
            assert [img.copy() for img in images] == heatmap_images(picked, a, lut)
