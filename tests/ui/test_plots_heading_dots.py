"""Hovering a unit on XOR's canvas shows its output in the input plane under a heading: at
200 % zoom and in projector type the heading ("hidden 1 / unit 1", at the plane's top) had
covered the top dots, the (0, 1) and (1, 1) rows of the truth table the unit is judged on.
With a handful of points the heading now goes where it covers none of them, whole inside
the plane, in type still legible."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QFontInfo

from nnviz.ui import theme

from .screens import projector_window


@contextmanager
def shown(window, how: str, size):
    """The window at `size`: in projector type, or at a zoom ("100 %", "200 %")."""
    m = theme.manager()
    zoom = m.zoom
    try:
        if how == "projector":
            with projector_window(window, size):
                yield window
            return
        m.set_zoom(float(how.rstrip(" %")) / 100)
        window.setWindowState(Qt.WindowState.WindowNoState)
        window.resize(*size)
        yield window
    finally:
        m.set_zoom(zoom)


def dot_rects(plot) -> list[QRectF]:
    """The scene rects of the dots drawn on the plane (their rims included)."""
    vb = plot.plot.getViewBox()
    rects = []
    for item in (plot.train_points, plot.test_points):
        if not item.isVisible():
            continue
        side = item.opts["size"] + item.opts["pen"].widthF()
        for x, y in zip(*item.getData()):
            p = vb.mapViewToScene(QPointF(float(x), float(y)))
            rects.append(QRectF(p.x() - side / 2, p.y() - side / 2, side, side))
    return rects


def hover(qtbot, canvas, col: int, unit: int):
    """The pointer onto a unit of the canvas; where something covers it (at 1280×800 and
    200 % the truth table lies over the hidden units), the canvas's own hover signal."""
    qtbot.mouseMove(canvas, QPoint(2, 2))
    pos = canvas.unit_pos(col, unit).toPoint()
    window = canvas.window()
    if window.childAt(canvas.mapTo(window, pos)) is canvas:
        qtbot.mouseMove(canvas, pos)
    else:
        canvas.hovered.emit(("unit", col, unit))


# (100 % at 1920×1080, the roomiest, is the top band's case: the test after this one)
@pytest.mark.parametrize("how,size", [("200 %", (1920, 1080)), ("100 %", (1280, 800)),
                                      ("200 %", (1280, 800)), ("projector", (1280, 720))])
def test_xor_heading_leaves_every_dot_in_sight(main_window, qtbot, how, size):
    from nnviz.ui import plots_unitmap as U
    sc = main_window.open_scenario("xor")
    sc.show_page(1)
    sc.run_steps(200)
    with shown(main_window, how, size):
        qtbot.wait(150)
        for page, canvas, plot in ((1, sc.canvas, sc.plots.boundary),
                                   (0, sc.hand_canvas, sc.hand_plots.boundary)):
            sc.show_page(page)
            qtbot.waitExposed(canvas)
            vb = plot.plot.getViewBox()
            assert len(plot.train_points.getData()[0]) == 4
            qtbot.waitUntil(lambda c=canvas: c.unit_pos(1, 0) is not None)
            for col, unit in ((1, 0), (1, 1), (0, 1)):
                hover(qtbot, canvas, col, unit)
                qtbot.waitUntil(lambda c=col, u=unit, p=plot: p.unit == (c, u))
                qtbot.wait(30)
                assert plot.heading.isVisible(), (how, col, unit)
                pen = plot.heading.border.widthF()
                r = plot.heading.sceneBoundingRect().adjusted(-pen / 2, -pen / 2, pen / 2,
                                                              pen / 2)
                dots = dot_rects(plot)
                assert len(dots) == 4
                hit = [d for d in dots if d.intersects(r)]
                assert not hit, (how, plot.heading_text(), r, hit)
                assert vb.sceneBoundingRect().contains(r), (r, vb.sceneBoundingRect())
                forms = ["\n".join(f) for f in U.unit_headings(plot.session, col, unit)]
                assert plot.heading_text() in forms
                assert QFontInfo(plot.heading.textItem.font()).pixelSize() >= \
                    10 * theme.manager().zoom
            qtbot.mouseMove(canvas, QPoint(2, 2))
            canvas.hovered.emit(None)
            qtbot.waitUntil(lambda p=plot: p.unit is None)
            assert plot.heading_text() == ""


def test_xor_heading_keeps_to_the_top_band_where_it_fits(main_window, qtbot):
    """At 100 % the band above the top dots holds the whole heading: it stays there, at the
    top, its longest form, as before."""
    sc = main_window.open_scenario("xor")
    sc.show_page(1)
    with shown(main_window, "100 %", (1920, 1080)):
        qtbot.wait(150)
        plot = sc.plots.boundary
        plot.show_unit(1, 0)
        qtbot.wait(30)
        vb = plot.plot.getViewBox().sceneBoundingRect()
        r = plot.heading.sceneBoundingRect()
        assert plot.heading_text() == "showing hidden layer 1 · unit 1"
        assert r.top() - vb.top() <= 2 * theme.manager().zoom + 2
        assert abs(r.center().x() - vb.center().x()) <= 1
        assert r.bottom() < min(d.top() for d in dot_rects(plot))
