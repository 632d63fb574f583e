"""Where the canvas puts the "old → new" cards of a weight update: on the edge, at the first
of a few points along it where the card covers no unit, no unit's value card and no other
update card (several updates at once converge on the same units, and the middle of their
edges is often where another unit's values are)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF

from .canvas_layout import lerp
from .canvas_names import input_names
from .canvas_text import text_box_rect
from .canvas_units import unit_geometry, value_card

ALONG = (0.55, 0.4, 0.7, 0.3, 0.8, 0.22, 0.88)   # points tried along an edge, in order


def value_cards(c, font, fm):
    """(anchor point, lines, side) of every shown unit's value card (as paint_units
    draws them; none when values are hidden)."""
    lay = c.net_layout
    out = []
    if not c.show_values:
        return out
    for ci, col in enumerate(lay.columns):
        for u, g in zip(col.shown, unit_geometry(c, ci)):
            card = value_card(c, ci, u, g, font, fm)
            if card is not None:
                lines, at, side = card
                out.append((at, lines, side))
    return out


def obstacles(c, font, fm) -> list[QRectF]:
    """What an update card should not cover: every shown unit (an input with its name
    beside it) and its value card."""
    lay = c.net_layout
    names = input_names(c).by_unit
    out = [g.bounds if u not in names else g.bounds.united(names[u][1])
           for u, g in zip(lay.columns[0].shown, unit_geometry(c, 0))]
    out += [g.bounds for ci in range(1, len(lay.columns)) for g in unit_geometry(c, ci)]
    out += [text_box_rect(at, lines, font, fm, anchor)
            for at, lines, anchor in value_cards(c, font, fm)]
    return out


def place_on_edge(a: QPointF, b: QPointF, text: str, font, fm, taken: list[QRectF]) -> QPointF:
    """The anchor (top centre) of an update card on the edge a → b: the first point of
    ALONG where its card overlaps nothing in `taken`, else the one overlapping least. The
    card's rectangle is added to `taken`."""
    best, best_cost = None, None
    for s in ALONG:
        at = lerp(a, b, s)
        at = QPointF(at.x(), at.y() - fm.height() * 0.5)   # centred on the edge
        rect = text_box_rect(at, [(text, "update")], font, fm, "center")
        cost = sum(_area(rect.intersected(o)) for o in taken)
        if best_cost is None or cost < best_cost:
            best, best_cost = (at, rect), cost
        if cost == 0:
            break
    taken.append(best[1])
    return best[0]


def _area(r: QRectF) -> float:
    return max(0.0, r.width()) * max(0.0, r.height())


__all__ = ["ALONG", "obstacles", "place_on_edge", "value_cards"]
