"""The outputs' target cards (t, o − t) never cover each other nor a value card: on a short
canvas (softmax's three outputs at 1024×600) they had stacked on top of one another."""

from __future__ import annotations

from PySide6.QtGui import QImage, QPainter

from nnviz.ui import canvas_paint
from nnviz.ui.canvas_text import Fonts, text_box_rect
from nnviz.ui.canvas_units import unit_geometry, value_card


def _cards(c):
    """(value card rectangles, every card rectangle painted) right of the last hidden
    column, as painted now."""
    lay = c.net_layout
    last = len(lay.columns) - 1
    f = Fonts.get(lay.font_px)
    values = []
    for u, g in zip(lay.columns[last].shown, unit_geometry(c, last)):
        card = value_card(c, last, u, g, f.small, f.fms)
        if card is not None:
            values.append(text_box_rect(card[1], card[0], f.small, f.fms, card[2]))
    img = QImage(c.size(), QImage.Format.Format_ARGB32_Premultiplied)
    p = QPainter(img)
    painted: list = []
    canvas_paint.paint_units(c, p, painted)
    p.end()
    x = lay.columns[last - 1].x + lay.radius * 2
    cards = [r for r in painted if r.left() > x and r.width() > 1.5 * r.height()]   # (not
    # the units' squares)
    return values, cards


def softmax_at_the_error(main_window, qtbot):
    """The softmax scenario's canvas with its error step shown (forward, forward, the
    error at the outputs, by layer), painted once."""
    sc = main_window.open_scenario("softmax")
    qtbot.wait(100)
    player = sc.player
    player.set_granularity("layer")
    for _ in range(3):
        player.step_forward()
    player.pause()
    sc.canvas.grab()
    return sc.canvas


def test_target_cards_stay_clear_on_a_short_canvas(main_window, qtbot):
    main_window.resize(1024, 600)
    qtbot.waitUntil(lambda: main_window.width() == 1024)
    c = softmax_at_the_error(main_window, qtbot)
    assert c.model.shown is not None and c.model.shown.errors, "the error step is shown"
    values, cards = _cards(c)
    targets = [r for r in cards if r not in values]
    assert len(targets) == len(c.model.shown.errors), (targets, values)
    for i, a in enumerate(cards):
        for b in cards[i + 1:]:
            assert not a.intersects(b), (a, b)
    c.player.shutdown()
