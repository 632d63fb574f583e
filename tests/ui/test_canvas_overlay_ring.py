"""The highlight ring drawn from its cached image gives the pixels of the ring drawn as a path
(any sub-pixel position, both shapes, several device pixel ratios), and the weight scale's
fast 95th percentile is NumPy's."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator

from nnviz.ui import canvas_overlay
from nnviz.ui.canvas_model import _percentile_95
from nnviz.ui.canvas_text import flat_pen


def _pixels(draw, dpr: float, at: QPointF, square: bool) -> np.ndarray:
    img = QImage(int(300 * dpr), int(300 * dpr), QImage.Format.Format_ARGB32_Premultiplied)
    img.setDevicePixelRatio(dpr)
    img.fill(QColor("#2a6fdb"))
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    draw(p, flat_pen(QColor("#f0b400"), 7.3), at, 36.65, square)
    p.end()
    return np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.width(), 4).copy()


@pytest.mark.parametrize("dpr", [1.0, 1.25, 2.0])
@pytest.mark.parametrize("square", [True, False])
def test_cached_ring_has_the_pixels_of_the_drawn_ring(qapp, dpr, square):
    canvas_overlay._RINGS.clear()
    for at in (QPointF(100.3, 120.77), QPointF(150.5, 140.25), QPointF(120, 130)):
        cached = _pixels(canvas_overlay._ring, dpr, at, square)
        drawn = _pixels(canvas_overlay._ring_path, dpr, at, square)
        assert (drawn != cached).any(axis=2).sum() == 0
        assert (drawn[..., 2] > 200).sum() > 1000          # the ring was drawn at all
    assert canvas_overlay._RINGS                            # and the cache was used


def test_ring_on_a_vector_device_is_a_path(qapp, tmp_path):
    canvas_overlay._RINGS.clear()
    gen = QSvgGenerator()
    gen.setFileName(str(tmp_path / "ring.svg"))
    p = QPainter(gen)
    canvas_overlay._ring(p, flat_pen(QColor("#f0b400"), 5.0), QPointF(50, 50), 20.0, True)
    p.end()
    assert not canvas_overlay._RINGS
    assert "<image" not in (tmp_path / "ring.svg").read_text()


def test_weight_scale_percentile_is_numpys():
    rng = np.random.default_rng(3)
    for n in (1, 2, 3, 20, 337, 400, 1001):
        for _ in range(20):
            v = np.abs(rng.normal(size=n))
            assert _percentile_95(v) == pytest.approx(float(np.percentile(v, 95)), rel=1e-12)
