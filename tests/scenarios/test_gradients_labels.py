"""The gradients scenario's plots at the QA sizes: the history's "━ layer N" names stand
right of the lines (their stubs had covered the last tenth of every line), and every number
is in the ×10ⁿ style the log axes use (the bars and the panel had said "1.5e-11" beside an
axis reading "10⁻⁵")."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF

from tests.trained_window import trained_window

SIZES = [((1600, 1000), False), ((1024, 600), False), ((1920, 1080), True)]


@pytest.fixture
def gradients(qtbot, _qt_names, request):
    size, projector = request.param
    with trained_window(qtbot, "gradients", size, projector) as (w, sc):
        yield sc


def _curve_points(plot):
    """Every drawn point of every line, in scene coordinates (log scale: log₁₀ y)."""
    vb = plot.getPlotItem().getViewBox()
    out = []
    for curve in plot._curves:
        xs, ys = curve.xData, curve.yData
        for x, y in zip(xs, ys):
            out.append(vb.mapViewToScene(QPointF(float(x), float(np.log10(y)))))
    return out


@pytest.mark.parametrize("gradients", SIZES, indirect=True,
                         ids=["1600x1000", "1024x600", "1920x1080-projector"])
def test_line_names_never_cover_the_lines(gradients, qtbot):
    plot = gradients.history_plot
    qtbot.waitUntil(lambda: all(lab.isVisible() for lab in plot.labels))
    points = _curve_points(plot)
    assert len(points) >= 7 * 20
    rects = [lab.sceneBoundingRect() for lab in plot.labels]
    right = max(p.x() for p in points)
    for k, rect in enumerate(rects):
        assert rect.left() > right, (k + 1, rect.left(), right)   # right of every line
        assert not any(rect.contains(p) for p in points), k + 1
    vb = plot.getPlotItem().getViewBox().sceneBoundingRect().adjusted(-1, -1, 1, 1)
    assert all(vb.contains(r) for r in rects)                     # and inside the plot


@pytest.mark.parametrize("gradients", SIZES[:2], indirect=True, ids=["1600x1000", "1024x600"])
def test_numbers_are_written_as_powers_of_ten(gradients):
    bars = gradients.bars
    texts = [t.textItem.toPlainText().replace("\n", "") for t in bars._texts]
    assert texts[0] == "1.5×10⁻¹¹" and texts[-1] == "5.1×10⁻¹", texts
    assert not any("e-" in t or "e+" in t for t in texts)
    readout = gradients.readout.text()
    assert "e-" not in readout and "e+" not in readout
    assert "1.5 × 10⁻¹¹" in readout and "5.1 × 10⁻¹" in readout
    ticks = bars.getPlotItem().getAxis("left")._tickLevels[0]
    assert [label for _v, label in ticks] == ["10⁻¹⁰", "10⁻⁵", "1"]
    # the bar labels stay within their slots and inside the plot
    vb = bars.getPlotItem().vb.sceneBoundingRect().adjusted(-1, -1, 1, 1)
    rects = [t.mapRectToScene(t.boundingRect()) for t in bars._texts]
    assert all(vb.contains(r) for r in rects), (rects, vb)
    for a, b in zip(rects, rects[1:]):
        assert a.right() <= b.left() + 1, (a, b)


def test_times_ten():
    from nnviz.ui.numbers import times_ten
    assert times_ten(1.5e-11) == "1.5 × 10⁻¹¹"
    assert times_ten(0.51) == "5.1 × 10⁻¹"
    assert times_ten(2.3) == "2.3"
    assert times_ten(9.96) == "1.0 × 10¹"
    assert times_ten(-4.2e-5, gap="") == "−4.2×10⁻⁵"
    assert times_ten(1.2e-11, 1) == "10⁻¹¹" and times_ten(3.3e10, 1) == "3 × 10¹⁰"
    assert times_ten(0.0) == "0"
