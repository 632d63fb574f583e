"""The input units' names beside them on the network canvas ("x₁", "x₁²", "sin(x₁)"), as
TensorFlow Playground writes each input feature's name beside its node: a thumbnail shows
the feature over the input plane but not which feature it is (a disc has its name inside).

The names are static per layout (painted with the column titles, cached with them), so
they go where no value card can ever be, whatever the numbers:

- "beside": to the left of the unit, in the band between the card of the unit above and
  the unit's own card (which starts 0.45 r below the unit's centre), in the canvas's type,
  else in the small type;
- "card": no such band (a crowded column): the name in the small type centred beside the
  unit, and the unit's value card, when it shows, goes over it and starts with the name
  ("x₁² = 0.53", or the name over the value: canvas_units.value_card);
- "none": not even that fits the margin (hovering the unit names it).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFont, QFontMetricsF, QPainter

from . import theme
from .canvas_text import Fonts, lines_width, text_box_rect, text_width
from .canvas_units import TEXT_OFFSET, card_room

DISC_NAME_MIN = 0.75     # a disc shows its name inside when its radius > this × line height
GAP = 2.0                # px between a name and a value card
WIDEST_VALUE = "−00.00"  # an input's value card at its widest (two decimals: fmt(v, 2))


class InputNames:
    """Where the input units' names go (one layout's): mode ("beside", "card" or "none"),
    font and metrics, per named unit (unit, text, rectangle), and whether a card over a
    name may take two lines (name, value)."""

    __slots__ = ("mode", "font", "fm", "items", "by_unit", "two_lines")

    def __init__(self, mode: str, font: QFont | None = None, fm: QFontMetricsF | None = None,
                 items: list | None = None, two_lines: bool = False):
        self.mode, self.font, self.fm = mode, font, fm
        self.items = items or []
        self.by_unit = {u: (text, rect) for u, text, rect in self.items}
        self.two_lines = two_lines


NONE = InputNames("none")


def disc_shows_name(c) -> bool:
    """True when a unit drawn as a disc has room for its name inside."""
    lay = c.net_layout
    return lay.radius > Fonts.get(lay.font_px).fm.height() * DISC_NAME_MIN


def named_beside(c) -> bool:
    """True when the inputs do not show their names themselves: thumbnails (the feature
    over the input plane), or discs too small for the name inside."""
    return (c.show_thumbnails and c.session.has_input_plane) or not disc_shows_name(c)


def input_names(c) -> InputNames:
    """Where column 0's names go (cached with the layout)."""
    lay = c.net_layout
    key = ("names", c.show_thumbnails)
    plan = lay._segments.get(key)
    if plan is None:
        plan = lay._segments[key] = _plan(c) if named_beside(c) else NONE
    return plan


def _plan(c) -> InputNames:
    lay = c.net_layout
    col = lay.columns[0]
    if not col.shown:
        return NONE
    f = Fonts.get(lay.font_px)
    r = lay.radius
    names = [c.model.unit_name(0, u) for u in col.shown]
    ys = [col.pos[u].y() for u in col.shown]
    right = col.x - r * TEXT_OFFSET
    room = card_room(c, 0)
    card_h = text_box_rect(QPointF(), [(WIDEST_VALUE, "text")], f.small, f.fms).height()
    more = col.more_pos.y() + f.fms.height() * 0.7 if col.more_pos is not None else None
    title = _title_bottom(c, f, right)
    for font, fm in ((f.font, f.fm), (f.small, f.fms)):
        if max(text_width(fm, font, n) for n in names) > room:
            continue
        h = fm.height()
        items = []
        for i, (u, y, name) in enumerate(zip(col.shown, ys, names)):
            top, bottom = y - max(r, h), y + r * 0.45 - GAP   # above the unit's value card
            if i == 0:
                top = max(top, title + GAP)
            else:                                          # below the card of the one above
                top = max(top, ys[i - 1] + r * 0.45 + card_h + GAP)
                if more is not None and ys[i - 1] < more < y:
                    top = max(top, more)
            if bottom - top < h:
                break
            w = text_width(fm, font, name)
            cy = (top + bottom) / 2
            items.append((u, name, QRectF(right - w, cy - h / 2, w, h)))
        else:
            return InputNames("beside", font, fm, items)
    # no band: the names centred beside the units, under their value cards
    font, fm = f.small, f.fms
    gap = min((b - a for a, b in zip(ys, ys[1:])), default=lay.rect.height())
    if max(text_width(fm, font, n) for n in names) > room or gap < card_h + GAP:
        return NONE
    two_h = text_box_rect(QPointF(), [("x", "text")] * 2, font, fm).height()
    items = []
    for u, y, name in zip(col.shown, ys, names):
        w = text_width(fm, font, name)
        items.append((u, name, QRectF(right - w, y - fm.height() / 2, w, fm.height())))
    return InputNames("card", font, fm, items, two_lines=gap >= two_h + GAP)


def _title_bottom(c, f, right: float) -> float:
    """The bottom of column 0's title when it reaches left of `right` (else −∞: none
    shows, or it does not)."""
    from .canvas_static import title_layout  # (an import cycle)
    font, fm, lines, y = title_layout(c, f)
    x = c.net_layout.columns[0].x
    if not lines[0] or x - max(text_width(fm, font, t) for t in lines[0]) / 2 >= right:
        return float("-inf")
    return y + fm.height() * len(lines[0])


def card_lines(c, unit: int, lines, font, fm, room: float):
    """The lines of an input's value card that goes over its name ("card" mode): the
    name and the value on one line, else on two; None when neither fits (or no card goes
    over the name: another mode)."""
    plan = input_names(c)
    if plan.mode != "card" or unit not in plan.by_unit:
        return None
    name = plan.by_unit[unit][0]
    text, role = lines[0]
    one = [(f"{name} = {text}", role)] + lines[1:]
    if lines_width(one, font, fm) <= room:
        return one
    two = [(name, "text")] + lines
    if plan.two_lines and len(lines) == 1 and lines_width(two, font, fm) <= room:
        return two
    return None


def paint_input_names(c, p: QPainter, th=None):
    """The input units' names (with the static text)."""
    plan = input_names(c)
    if not plan.items:
        return
    th = th or theme.current()
    p.setFont(plan.font)
    p.setPen(th.qcolor("text"))
    ascent = plan.fm.ascent()
    for _u, text, rect in plan.items:
        p.drawText(QPointF(rect.left(), rect.top() + ascent), text)


__all__ = ["DISC_NAME_MIN", "InputNames", "card_lines", "disc_shows_name", "input_names",
           "named_beside", "paint_input_names"]
