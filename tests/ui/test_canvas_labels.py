"""Update cards ("0.8701 → 0.8659") on the canvas go where they cover no unit, no value
card and no other update card."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFont, QFontMetricsF

from nnviz.ui.canvas_labels import ALONG, card_rect, obstacles, place_on_edge


def _font():
    f = QFont()
    f.setPixelSize(13)
    return f, QFontMetricsF(f)


def test_card_moves_along_the_edge_off_what_it_would_cover(qapp):
    font, fm = _font()
    a, b = QPointF(0, 300), QPointF(1000, 300)
    text = "0.8701 → 0.8659"
    middle = card_rect(QPointF(550, 300 - fm.height() * 0.5), text, font, fm)
    value_card = middle.adjusted(-5, -5, 5, 5)          # a unit's values at the middle
    taken = [value_card]
    at = place_on_edge(a, b, text, font, fm, taken)
    assert abs(at.x() - 1000 * ALONG[1]) < 1e-6        # the next point along the edge
    assert not taken[-1].intersects(value_card)
    # a second card on the same edge keeps clear of the first one too
    place_on_edge(a, b, text, font, fm, taken)
    assert not taken[-1].intersects(taken[-2]) and not taken[-1].intersects(value_card)


def test_a_crowded_edge_takes_the_least_covered_point(qapp):
    font, fm = _font()
    a, b = QPointF(0, 300), QPointF(1000, 300)
    wall = QRectF(0, 250, 1000, 100)                    # covers the whole edge
    gap = QRectF(0, 250, 1000 * ALONG[-1] - 200, 100)   # less of it near the end
    for taken in ([wall], [gap]):
        at = place_on_edge(a, b, "1.0000 → 2.0000", font, fm, list(taken))
        assert 0 < at.x() < 1000
    at = place_on_edge(a, b, "1.0000 → 2.0000", font, fm, [gap])
    assert at.x() > 1000 * ALONG[-1] - 200             # off the covered part


def test_obstacles_are_the_units_and_their_value_cards(qtbot, demo):
    scenario, window = demo
    canvas, player = scenario.canvas, scenario.player
    player.set_granularity("layer")
    for _ in range(3):
        player.step_forward()
    font, fm = _font()
    rects = obstacles(canvas, font, fm)
    lay = canvas.net_layout
    units = sum(len(col.shown) for col in lay.columns)
    cards = sum(1 for ci, col in enumerate(lay.columns) for u in col.shown
                if canvas.model.unit_lines(ci, u))
    assert cards > 0 and len(rects) == units + cards
    canvas.set_show_values(False)
    assert len(obstacles(canvas, font, fm)) == units


def test_numbers_have_no_negative_zero():
    """A gradient of exactly −0.0 (the engine can give one) reads 0.0000, not −0.0000."""
    from nnviz.ui.canvas_model import fmt
    assert fmt(-0.0) == "0.0000" and fmt(-0.0, 2) == "0.00"
    assert fmt(-0.5) == "−0.5000" and fmt(-4e-05) == "−4.00e−05"
