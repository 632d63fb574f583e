"""The network canvas on small or crowded canvases: the outputs' target cards never lie on a
unit (softmax at 1024×600 had "o − t = …" over its output squares), the "⋮ n more" marks
are covered by no unit and no other mark (the MLP lesson's [8, 8] slides read "⋮ 4 mo"),
and the highlight rings of a packed column stay apart (in projector mode at 1280×720 the
eight hidden units' rings ran into one bar)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter

from .test_target_cards import softmax_at_the_error

LESSON = Path(__file__).resolve().parents[2] / "resources" / "lessons" \
    / "04-mlp-playground.nnviz-lesson"


@contextlib.contextmanager
def _window(main_window, qtbot, size, projector):
    """The main window at `size` (projector mode on or off)."""
    if projector:
        main_window.projector.set_active(True)
        main_window.setWindowState(main_window.windowState() & ~Qt.WindowState.WindowFullScreen)
    main_window.resize(*size)
    qtbot.waitUntil(lambda: main_window.size().toTuple() == size)
    try:
        yield main_window
    finally:
        if projector:
            main_window.projector.set_active(False)


def _canvas(window):
    from nnviz.ui.canvas import NetworkCanvas
    return next(c for c in window.findChildren(NetworkCanvas) if c.isVisible())


def _units(c):
    """Every unit's square with its thick frame and bias badge (its bounds without the rim
    kept for antialiasing), per column."""
    from nnviz.ui.canvas_units import unit_geometry
    return [[g.bounds.adjusted(2, 2, -2, -2) for g in unit_geometry(c, ci)]
            for ci in range(len(c.net_layout.columns))]


@pytest.mark.parametrize("size, projector", [((1024, 600), False), ((1280, 720), True)],
                         ids=["1024x600", "1280x720-projector"])
def test_target_cards_cover_no_unit(main_window, qtbot, size, projector):
    from nnviz.ui import canvas_paint
    from nnviz.ui.canvas_text import Fonts, text_box_rect
    from nnviz.ui.canvas_units import value_card
    with _window(main_window, qtbot, size, projector):
        c = softmax_at_the_error(main_window, qtbot)
        errors = c.model.shown.errors
        assert len(errors) == 3, "the error step is shown"
        lay = c.net_layout
        last = len(lay.columns) - 1
        f = Fonts.get(lay.font_px)
        units = _units(c)
        values = []
        for u, g in zip(lay.columns[last].shown, canvas_paint.unit_geometry(c, last)):
            v = value_card(c, last, u, g, f.small, f.fms)
            if v is not None:
                values.append(text_box_rect(v[1], v[0], f.small, f.fms, v[2]))
        img = QImage(c.size(), QImage.Format.Format_ARGB32_Premultiplied)
        img.fill(0)
        p = QPainter(img)
        painted: list = []
        canvas_paint.paint_units(c, p, painted)
        p.end()
        # the target cards: painted right of the hidden units, below the header, neither a
        # unit nor a value card
        x = lay.columns[last - 1].x + lay.radius * 2
        own = {r.getRect() for r in values} | {g.bounds.getRect()
                                                for g in canvas_paint.unit_geometry(c, last)}
        cards = [r for r in painted if r.left() > x and r.top() >= lay.header.bottom() - 1
                 and r.getRect() not in own]
        assert len(cards) == 3, (cards, values)      # every output's error still shows
        for i, card in enumerate(cards):
            assert card.right() <= c.width(), card
            for col in units:
                for unit in col:
                    assert not card.intersects(unit), (card, unit)
            for other in cards[i + 1:] + values:
                assert not card.intersects(other), (card, other)
        c.player.shutdown()


def _mark_slides():
    from nnviz import lessons
    lesson = lessons.load(LESSON)
    return [i for i, s in enumerate(lesson.slides) if s.settings.get("hidden", [])[:2] == [8, 8]]


def test_more_marks_are_covered_by_nothing_on_the_lesson_slides(main_window, qtbot):
    from nnviz import lessons
    from nnviz.ui.canvas_units import mark_forms, more_mark
    slides = _mark_slides()
    assert len(slides) >= 2, slides                  # [8, 8, 6] and [8, 8]
    main_window.resize(1024, 600)
    qtbot.waitUntil(lambda: main_window.width() == 1024)
    lp = main_window.start_lesson(lessons.load(LESSON))
    shortened = False
    for i in slides:
        lp.go(i)
        qtbot.wait(100)
        sc = main_window.scenario
        for _ in range(3):                           # as opened, then with values showing
            c = _canvas(main_window)
            c.grab()
            lay = c.net_layout
            units = [u for col in _units(c) for u in col]
            cols = [ci for ci, col in enumerate(lay.columns) if col.more]
            assert len(cols) >= 2, (i, cols)
            marks = [more_mark(c, ci) for ci in cols]
            assert all(m is not None for m in marks), (i, marks)   # each column has one
            for ci, (text, box) in zip(cols, marks):
                assert text in mark_forms(lay.columns[ci].more), text
                assert c.more_label(ci) == text
                shortened |= not text.endswith(" more")
                assert lay.rect.contains(box), box
                for u in units:
                    assert not box.intersects(u), (i, text, box, u)
            for a, (_t, box) in enumerate(marks):
                for _u, other in marks[a + 1:]:
                    assert not box.intersects(other), (i, [m[0] for m in marks], box, other)
            sc.player.set_granularity("layer")
            sc.player.step_forward()
            sc.player.pause()
            qtbot.wait(20)
    assert shortened                                 # the narrow case this is about
    main_window.end_lesson()


def _overlay_alpha(c) -> np.ndarray:
    """The alpha of the moving overlay painted alone on a transparent image."""
    from nnviz.ui import canvas_paint
    img = QImage(c.size(), QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(0)
    p = QPainter(img)
    canvas_paint.paint_overlay(c, p)
    p.end()
    return np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.width(), 4)[
        ..., 3].copy()


def _parts(line: np.ndarray) -> int:
    """How many separate strokes cross a line of pixels (apart: two clear pixels at least
    between them)."""
    on = np.flatnonzero(line > 0)
    return 0 if on.size == 0 else 1 + int(np.sum(np.diff(on) > 2))


def _layer_step(sc, qtbot):
    """The first layer-wide forward step, its pulses arrived: the rings alone."""
    player = sc.player
    player.set_granularity("layer")
    player.step_forward()
    player.pause()
    player.progress = 1.0
    sc.canvas.grab()
    return player


def test_rings_of_a_packed_column_stay_apart(main_window, qtbot):
    with _window(main_window, qtbot, (1280, 720), True):
        sc = main_window.open_scenario("mlp")
        sc.load_state({"hidden": [8], "activations": ["tanh"]})
        qtbot.wait(100)
        player = _layer_step(sc, qtbot)              # the hidden layer, all eight at once
        c = sc.canvas
        lay = c.net_layout
        col = lay.columns[1]
        assert len(col.shown) == 8 and not col.more
        r = lay.radius
        ys = [col.pos[u].y() for u in col.shown]
        assert ys[1] - ys[0] < 3.2 * r               # a packed column: the case this is about
        x = int(round(col.x + 0.5 * r))              # down the rings' right half
        line = _overlay_alpha(c)[:, x]
        for n, (y0, y1) in enumerate(zip(ys, ys[1:])):
            between = line[int(y0 + 0.85 * r):int(y1 - 0.85 * r) + 1]
            assert _parts(between) == 2, (n, between.tolist())   # two rings, apart
            for y in (y0, y1):                       # each ring is there and clearly visible
                near = line[int(y - 1.5 * r):int(y + 1.5 * r) + 1]
                assert (near >= 250).sum() >= 2 * 3, (n, near.tolist())
                # and around the unit, not over its thumbnail
                assert not line[int(y - 0.85 * r) + 1:int(y + 0.85 * r)].any(), n
        player.shutdown()


def test_the_ring_round_a_more_mark_stays_apart_from_its_neighbours(main_window, qtbot):
    """Regularization (2-16-16-1) at 1024×600: a layer-wide step through hidden 1 rings its
    shown units and its "⋮ 7 more" mark; that ring had touched the unit's above it."""
    from nnviz.ui.canvas_units import more_mark
    main_window.resize(1024, 600)
    qtbot.waitUntil(lambda: main_window.width() == 1024)
    sc = main_window.open_scenario("regularization")
    qtbot.wait(100)
    player = _layer_step(sc, qtbot)
    c = sc.canvas
    lay = c.net_layout
    col = lay.columns[1]
    assert col.more and more_mark(c, 1) is not None
    r = lay.radius
    above = max(q.y() for q in col.pos.values() if q.y() < col.more_pos.y())
    below = min(q.y() for q in col.pos.values() if q.y() > col.more_pos.y())
    line = _overlay_alpha(c)[:, int(round(col.x))]
    between = line[int(above + 0.85 * r):int(below - 0.85 * r) + 1]
    # the ring above's bottom, the mark's ring (top and bottom), the ring below's top
    assert _parts(between) == 4, between.tolist()
    player.shutdown()
