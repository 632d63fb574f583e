"""Update cards ("0.8701 → 0.8659") on the canvas go where they cover no unit, no value
card and no other update card."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFont, QFontMetricsF

from nnviz.ui.canvas_labels import ALONG, obstacles, place_on_edge
from nnviz.ui.canvas_text import text_box_rect


def _font():
    f = QFont()
    f.setPixelSize(13)
    return f, QFontMetricsF(f)


def test_card_moves_along_the_edge_off_what_it_would_cover(qapp):
    font, fm = _font()
    a, b = QPointF(0, 300), QPointF(1000, 300)
    text = "0.8701 → 0.8659"
    middle = text_box_rect(QPointF(550, 300 - fm.height() * 0.5), [(text, "update")], font,
                           fm, "center")
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
    from nnviz.ui.numbers import fmt
    assert fmt(-0.0) == "0.0000" and fmt(-0.0, 2) == "0.00"
    assert fmt(-0.5) == "−0.5000" and fmt(-4e-05) == "−4.00e−05"


def test_compact_cards_never_write_a_small_delta_as_zero():
    """On a crowded canvas the cards show two decimals: XOR's hidden δ = −0.0048 read
    'δ 0.00' while it still moved a weight by 0.014. Small numbers keep two significant
    digits; a true zero stays 0.00."""
    from nnviz.ui.canvas_model import CanvasModel
    lines = [("a = 0.5713", "text"), ("δ = −0.0048", "backward")]
    assert CanvasModel.compact_lines(None, 1, 0, lines) == [("0.57", "text"),
                                                            ("δ −0.0048", "backward")]
    from nnviz.ui.numbers import short
    assert short("5.70e−06") == "5.7e−06" and short("0.0000") == "0.00"
    assert short("−0.0000") == "0.00" and short("0.4951") == "0.50"


def _card_rects(canvas):
    from nnviz.ui.canvas_labels import value_cards
    from nnviz.ui.canvas_text import Fonts
    f = Fonts.get(canvas.net_layout.font_px)
    return [(text_box_rect(at, lines, f.small, f.fms, side), lines)
            for at, lines, side in value_cards(canvas, f.small, f.fms)]


def test_values_of_a_deep_narrow_network_never_run_into_each_other(qtbot):
    """Seven columns in a narrow canvas: each hidden unit's values shrink to two decimals
    (beside or below the unit) or are left to the hover card, but never overlap another
    card or another unit (they ran together: 'a = 0.4…(a = 0.5…')."""
    from .canvases import canvas_on_quadrants
    s, p, c = canvas_on_quadrants(qtbot, [2, 4, 4, 4, 4, 4, 4, 1], 760, 560, 0.0,
                                  data_seed=1, n_points=24, net_seed=4)
    p.set_granularity("layer")
    for _ in range(9):                    # forward values and some deltas
        p.step_forward()
    p.pause()
    cards = _card_rects(c)
    short = [lines for _r, lines in cards if "=" not in lines[0][0]]
    assert len(short) >= 8                                # "0.49", "−0.12": no "a = "
    from nnviz.ui.canvas_units import unit_geometry
    units = [g.rect for ci in range(len(c.net_layout.columns)) for g in unit_geometry(c, ci)]
    for i, (r, _l) in enumerate(cards):
        for j, (q, _m) in enumerate(cards):
            assert i == j or not r.intersects(q), (r, q)
        assert sum(1 for u in units if r.intersects(u)) == 0
    p.shutdown()


def test_an_elided_current_unit_rings_its_more_mark(qtbot):
    """The formula shows a unit folded into "⋮ n more": that mark is ringed in the step's
    colour (nothing on the canvas showed where the numbers came from)."""
    from nnviz.ui import theme
    from nnviz.ui.canvas_text import Fonts

    from .canvases import canvas_on_quadrants
    s, p, c = canvas_on_quadrants(qtbot, [2, 40, 1], 900, 520, 0.0, data_seed=1,
                                  n_points=24, net_seed=4)
    col = c.net_layout.columns[1]
    assert col.more and col.more_pos is not None
    p.set_granularity("unit")
    while not (p.event is not None and p.event.phase == "forward" and p.event.layer == 0
               and p.event.unit not in col.pos):
        p.step_forward()
    p.pause()
    p.progress = 1.0
    img = c.grab().toImage()
    fms = Fonts.get(c.net_layout.font_px).fms
    w = fms.horizontalAdvance(c.more_text(1)) + fms.height()
    y = col.more_pos.y() - fms.height() * 0.6 + fms.height() / 2
    x = col.more_pos.x() - w / 2
    ring = theme.current().qcolor("highlight")
    near = [img.pixelColor(int(x + dx), int(y)) for dx in (-2, -1, 0, 1, 2)]
    assert any(abs(q.red() - ring.red()) + abs(q.green() - ring.green())
               + abs(q.blue() - ring.blue()) < 60 for q in near), [q.name() for q in near]
    p.shutdown()
