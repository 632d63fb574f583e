"""The network canvas's target cards: once the error step is shown, each output's target and
error ("t = 1", "o − t = 0.0833") on a small card right of the unit, placed where it covers
no unit, value card, title, elided mark or other card, in the longest form that fits them
all (shorter forms, the small type, fewer decimals); an output with no room has none
(hovering it shows its target)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF

from .canvas_static import title_layout
from .canvas_text import Fonts, card_height, text_box, text_box_rect, text_width
from .canvas_units import TEXT_OFFSET, more_mark, unit_geometry, value_card
from .numbers import fmt


def paint_targets(c, p, th, out):
    """The outputs' targets and errors, once the error step is shown (target_cards)."""
    sh = c.model.shown
    for at, lines, f, m in target_cards(c, sh.errors) if sh is not None and sh.errors else ():
        out.append(text_box(p, at, lines, f, m, th))


def target_cards(c, errors) -> list:
    """[(top left, lines, font, metrics)] of the outputs' target cards (_target_place), on
    the canvas and covering no unit, value card, title or other card: one form for all,
    the longest in which most fit (_TARGET_FORMS); an output where it does not fit has
    none (hovering it shows its target). Moved left over the unit where the margin was
    narrow, softmax's cards at 1024×600 had lain on its squares."""
    lay = c.net_layout
    last = len(lay.columns) - 1
    col, geo, fonts = lay.columns[last], unit_geometry(c, last), Fonts.get(lay.font_px)
    values = {}
    for u, g in zip(col.shown, geo) if c.show_values else ():
        v = value_card(c, last, u, g, fonts.small, fonts.fms)
        if v is not None:
            values[u] = text_box_rect(v[1], v[0], fonts.small, fonts.fms, v[2])
    mark = more_mark(c, last) if col.more else None
    taken = [g.bounds.adjusted(2, 2, -2, -2) for g in geo] + list(values.values()) \
        + _title_rects(c, last) + ([mark[1]] if mark is not None else [])   # (not the rims)
    shown = [(u, errors[u]) for u in col.shown if u in errors]
    key = (tuple((u, e.t, e.error) for u, e in shown), tuple(r.getRect() for r in taken))
    if lay._segments.get("targets", (None,))[0] == key:
        return lay._segments["targets"][1]
    end = lay.legend.top() if lay.legend.height() > 0 else lay.rect.bottom() - 2
    room = QRectF(0, lay.header.bottom(), lay.rect.right() - 2, end - lay.header.bottom())
    best: list = []
    for form in range(len(_TARGET_FORMS)):
        placed, boxes = [], list(taken)
        for u, ev in shown:
            lines, f, m = _target_form(ev, form, fonts)
            for at in _target_place(col.pos[u], lay.radius, len(lines), m, values.get(u)):
                box = text_box_rect(at, lines, f, m)
                if room.contains(box) and not any(box.intersects(t) for t in boxes):
                    placed.append((at, lines, f, m))
                    boxes.append(box)
                    break
        best = placed if len(placed) > len(best) else best
        if len(best) == len(shown):
            break
    lay._segments["targets"] = (key, best)
    return best


# the target card's forms, longest first: (its lines, o − t's decimals, in the small type)
_TARGET_FORMS = tuple((parts, digits, small) for parts in (("t", "o − t = "), ("o − t = ",))
                      for digits, small in ((4, False), (4, True), (2, True))) \
    + tuple(((*t, e), 2, True) for t in (("t",), ()) for e in ("o−t = ", "o−t="))


def _target_form(ev, form: int, fonts):
    """(lines, font, metrics) of an output's target card in form `form` of _TARGET_FORMS."""
    parts, digits, small = _TARGET_FORMS[form]
    lines = [(f"t = {fmt(ev.t, 2)}", "text") if part == "t"
             else (part + fmt(ev.error, digits), "backward") for part in parts]
    return (lines, fonts.small, fonts.fms) if small else (lines, fonts.font, fonts.fm)


def _target_place(pos, r, n: int, m, value) -> tuple[QPointF, QPointF]:
    """Where an output's target card of n lines may go (its top left), right of the unit,
    clear of its ring (never over it): level with its top (or higher, to end above its
    value card, `value`), else as low as that card (or the unit's middle) lets it."""
    h = card_height(m, n)
    low = pos.y() - h / 2 if value is None else value.top() - h - 2
    x = pos.x() + r * TEXT_OFFSET
    return QPointF(x, min(low, pos.y() - r - m.height() * 0.4)), QPointF(x, low)


def _title_rects(c, ci: int) -> list[QRectF]:
    """The rectangle of column ci's title (none when titles are left out)."""
    font, fm, lines, y = title_layout(c, Fonts.get(c.net_layout.font_px))
    if not lines[ci]:
        return []
    w = max(text_width(fm, font, t) for t in lines[ci])
    return [QRectF(c.net_layout.columns[ci].x - w / 2, y, w, fm.height() * len(lines[ci]))]
