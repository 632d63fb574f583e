"""Gradient descent's hover card on a small, zoomed window: a projector's 1280×720 at 200 %
and 250 %. The card had kept inside the plot only by its top-left corner: narrow and in
its type × zoom, it ran 800–1500 px down off the bottom of a plot 300 px tall. It shows
whole now (wider, in fewer lines, or in smaller type, never below the body text at 100 %),
text uncut, for every point the keys step to and the mouse points at."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, Qt

from nnviz.scenarios import gradient_descent_card as gdc
from nnviz.scenarios import gradient_descent_readout as rd
from nnviz.ui import theme
from nnviz.ui.appearance import BASE_FONT_PX

from ..ui.test_keyboard_access import _press, _tab_to
from .panels import pick
from .test_gradient_descent import _move

K = Qt.Key


@pytest.fixture
def zoom():
    """Set the zoom for a test (and back afterwards)."""
    m = theme.manager()
    old = m.zoom
    yield m.set_zoom
    m.set_zoom(old)


def _check_whole(view, what):
    """The card is shown whole inside the plot: its frame within the plot's rectangle, its
    text within its frame (the wrapped lines' height and widest line, or one line each),
    in type no smaller than the body text at 100 %."""
    card, plot = view.card, view.plot
    assert card.isVisible(), what
    g = card.geometry()
    assert plot.rect().contains(g), (what, g, plot.rect())
    inside = card.contentsRect()
    if card.wordWrap():
        assert card.heightForWidth(g.width()) <= g.height(), (what, g)
        assert rd.widest_phrase(card.text(), card.font(), inside.width()) <= inside.width(), what
    else:
        hint = card.sizeHint()
        assert hint.width() <= g.width() and hint.height() <= g.height(), (what, hint, g)
    px = card.font().pointSizeF() * card.logicalDpiY() / 72
    assert px >= BASE_FONT_PX - 0.01, (what, px)


def _dot(view, label, k) -> QPoint:
    p = view.scenario.paths[label]
    vb = view.plot.getPlotItem().vb
    return view.plot.mapFromScene(vb.mapViewToScene(QPointF(p.w[k], p.b[k])))


@pytest.mark.parametrize("mode", ["single", "batch", "race"])
@pytest.mark.parametrize("factor", [2.0, 2.5])
def test_the_card_shows_whole_on_a_projector_at_200_and_250_percent(qtbot, main_window, zoom,
                                                                     factor, mode):
    main_window.resize(1280, 720)
    zoom(factor)
    gd = main_window.open_scenario("gradient-descent")
    main_window.activateWindow()
    pick(qtbot, gd.mode_box, mode)
    gd.settle()
    view = gd._view
    plot = view.plot
    qtbot.waitUntil(lambda: main_window.size().width() == 1280)
    qtbot.wait(20)                                    # (the layouts settled at the size)
    assert plot.height() < gdc.SMALL_PLOT[1] * factor      # a short plot: the case here
    # the keys: Tab to the landscape, then → along each path (↓ to the next)
    _tab_to(qtbot, plot)
    ring = round(11 * factor)
    clear = 0
    for i, label in enumerate(gd.paths):
        if i:
            _press(qtbot, K.Key_Down)
        _press(qtbot, K.Key_Home)
        last = len(gd.paths[label]) - 1
        for k in range(last + 1):
            assert view.hovered == ("point", label, k)
            _check_whole(view, (label, k))
            dot, card = _dot(view, label, k), view.card.geometry()
            if card.intersects(QRect(dot.x() - ring, dot.y() - ring, 2 * ring, 2 * ring)):
                # no room clear of it: the plot's far side from the point
                half = plot.height() / 2
                assert (card.center().y() - half) * (dot.y() - half) <= 0, (label, k, card, dot)
            else:
                clear += 1
            if len(gd.paths) > 1 and k == 12:
                _press(qtbot, K.Key_End)           # (several paths: a few points of each)
                _check_whole(view, (label, last))
                break
            _press(qtbot, K.Key_Right)
    # at 200 % the card is nearly always clear of the point (at 250 % the plot, 260 × 290 px,
    # has no room for both: mostly over the landscape's middle, where the paths go)
    shown = sum(min(len(p), 14) if len(gd.paths) > 1 else len(p) for p in gd.paths.values())
    assert clear >= (0.8 if factor == 2.0 else 0) * shown, (clear, shown)
    # the mouse: over a few points of the first path, and over the landscape's corners
    _press(qtbot, K.Key_Escape)
    label, path = next(iter(gd.paths.items()))
    for k in (0, 1, 2, 5, 20, len(path) - 1):
        view.hovered = None
        _move(qtbot, plot.viewport(), _dot(view, label, k), lambda: view.hovered is not None)
        assert view.hovered[0] == "point"
        _check_whole(view, ("mouse", k))
    box = plot.mapFromScene(plot.getPlotItem().vb.sceneBoundingRect()).boundingRect()
    box = box.intersected(plot.rect())                # (at 200 % it runs past the plot)
    for corner in (box.topLeft(), box.topRight(), box.bottomLeft(), box.bottomRight(),
                   box.center()):
        at = corner + QPoint(3 if corner.x() < box.center().x() else -3,
                             3 if corner.y() < box.center().y() else -3)
        view.hovered = None
        _move(qtbot, plot.viewport(), at, lambda: view.hovered is not None)
        _check_whole(view, ("landscape", at))


def test_the_card_keeps_its_own_type_where_there_is_room(gd, qtbot, main_window):
    """On a roomy plot (100 %, 1400×900) nothing changes: its type is CARD_PT's, wrapped at
    most at CARD_SHARE of the plot's width."""
    gd.settle()
    view = gd._view
    _tab_to(qtbot, view.plot)
    for _ in range(4):
        _press(qtbot, K.Key_Right)
        _check_whole(view, "roomy")
        assert view.card._look[0] in gdc.CARD_PT
        assert view.card.width() <= gdc.CARD_SHARE * view.plot.width() + 1
