"""The perceptron's plane fits its data in projector mode, and the weight vector's label
covers no point.

In projector mode at 1280×720 the plane was a wide strip under the legend and the formula:
its locked aspect showed x from −2.6 to 3.6 around points in [0, 1]. The legend now goes
beside an about square plane there. And "w = (1, 1)" sat over the point (1, 1) (at
1024×600 too); the no-line label, in a corner of a square plane, over (0, 1)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF

from tests.ui.screens import projector_window


def _ranges(view):
    (x0, x1), (y0, y1) = view.box.viewRange()
    return x1 - x0, y1 - y0, (x0, x1, y0, y1)


def _settled_range(view, qtbot):
    """The view range once painting no longer changes it (a square plane's axis width, y
    range and tick spacing had gone back and forth)."""
    seen = []
    for _ in range(6):
        view.plot.grab()
        qtbot.wait(30)
        seen.append(tuple(round(v, 6) for v in _ranges(view)[2]))
    assert len(set(seen[-4:])) == 1, seen
    return seen[-1]


def _hits_point(rect, view, centre_xy, radius) -> bool:
    c = view.box.mapViewToScene(QPointF(*map(float, centre_xy)))
    nx = min(max(c.x(), rect.left()), rect.right())
    ny = min(max(c.y(), rect.top()), rect.bottom())
    return (c.x() - nx) ** 2 + (c.y() - ny) ** 2 < radius ** 2


def _label_clear_of_points(view):
    label = view.w_label.sceneBoundingRect()
    radius = view.marker_px / 2                               # a point's marker
    for p in view.model.X:
        assert not _hits_point(label, view, p, radius), (p, label)
    vb = view.box.sceneBoundingRect().adjusted(-1, -1, 1, 1)
    assert vb.contains(label), (label, vb)
    if view.head.polygon().size() == 3:
        assert not label.intersects(view.head.sceneBoundingRect())


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize("steps", [0, 5, 50])
def test_projector_plane_fits_the_data(main_window, qtbot, size, steps):
    sc = main_window.open_scenario("perceptron")
    with projector_window(main_window, size):
        qtbot.wait(100)
        sc.run_steps(steps)
        qtbot.wait(100)
        view = sc.view
        x0, x1, y0, y1 = _settled_range(view, qtbot)
        lo, hi = sc.model.view_range                    # the data with its margin
        span = hi - lo
        assert x1 - x0 <= 1.2 * span and y1 - y0 <= 1.2 * span, (x0, x1, y0, y1)
        X = np.asarray(sc.model.X, float)
        assert (X[:, 0] > x0).all() and (X[:, 0] < x1).all()
        assert (X[:, 1] > y0).all() and (X[:, 1] < y1).all()
        assert view.legend_beside
        # the legend beside the plane, the formula below both; nothing over the plane
        plot = view.plot.geometry()
        assert view.legend.geometry().left() >= plot.right() - 1
        assert view.legend.height() >= view.legend.heightForWidth(view.legend.width()) - 1
        assert view.text_area.geometry().top() >= plot.bottom() - 1
        _label_clear_of_points(view)


@pytest.mark.parametrize("size,projector", [((1280, 720), True), ((1024, 600), False),
                                            ((1600, 1000), False)])
@pytest.mark.parametrize("steps", [0, 5, 9, 50])
def test_weight_label_covers_no_point(main_window, qtbot, size, projector, steps):
    sc = main_window.open_scenario("perceptron")
    if projector:
        ctx = projector_window(main_window, size)
    else:
        main_window.resize(*size)
        import contextlib
        ctx = contextlib.nullcontext()
    with ctx:
        qtbot.wait(100)
        sc.run_steps(steps)
        qtbot.wait(100)
        _settled_range(sc.view, qtbot)
        _label_clear_of_points(sc.view)


def test_desktop_type_keeps_the_legend_below(main_window, qtbot):
    main_window.resize(1600, 1000)
    sc = main_window.open_scenario("perceptron")
    qtbot.wait(100)
    view = sc.view
    assert not view.legend_beside
    assert view.text_area.geometry().top() >= view.plot.geometry().bottom() - 1
