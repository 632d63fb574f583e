"""The canvas's vectorized thumbnails (ThumbnailImages) give exactly the pixels of the plain
per-unit version (heatmap_images), also when the input column's pictures are reused."""

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
