"""Where a unit's parts go on the network canvas: its square, frames and bias badge
(UnitGeometry, made once per layout) and where its value card goes (beside it in full,
shortened, below it, or not at all: value_card)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF

from .canvas_text import lines_width, text_box_rect

# values and target cards start this many radii from a unit's centre: clear of the current
# step's highlight ring (canvas_overlay._ring: up to 1.22 r plus half its 0.2 r pen)
TEXT_OFFSET = 1.36


class UnitGeometry:
    """Where a unit's parts go (made once per layout): its square, the frames around a
    thumbnail (thick: showing a value; thin: not), the bias badge and the values' anchor."""

    __slots__ = ("rect", "corner", "thick", "thin", "badge_out", "badge_in", "text_at",
                 "anchor", "bounds")

    def __init__(self, c, ci: int, u: int, pos: QPointF, r: float):
        rect = self.rect = QRectF(pos.x() - r, pos.y() - r, 2 * r, 2 * r)
        self.corner = QPointF(rect.left(), rect.top())
        t = max(3.0, r * 0.16)
        e = r * 0.08 + t / 2
        self.thick = _frame_rects(rect.adjusted(-e, -e, e, e), t)
        self.thin = _frame_rects(rect.adjusted(-0.5, -0.5, 0.5, 0.5), 1.0)
        self.badge_out = self.badge_in = None
        if not c.show_bias_nodes and ci > 0:
            br = c.bias_badge_rect(ci, u)
            self.badge_out = br.adjusted(-0.5, -0.5, 0.5, 0.5)
            self.badge_in = br.adjusted(0.5, 0.5, -0.5, -0.5)
        bounds = self.thick[0].united(self.thick[1]).united(rect)
        if self.badge_out is not None:
            bounds = bounds.united(self.badge_out)
        self.bounds = bounds.adjusted(-2, -2, 2, 2)   # and a disc's antialiased rim
        self.anchor = "right" if ci == 0 else "left"
        x = pos.x() - r * TEXT_OFFSET if ci == 0 else pos.x() + r * TEXT_OFFSET
        self.text_at = QPointF(x, pos.y() + r * 0.45)


def unit_geometry(c, ci: int) -> list[UnitGeometry]:
    """The UnitGeometry of column ci's shown units (cached with the layout)."""
    lay = c.net_layout
    key = ("units", ci, c.show_bias_nodes)
    geo = lay._segments.get(key)
    if geo is None:
        col = lay.columns[ci]
        geo = lay._segments[key] = [UnitGeometry(c, ci, u, col.pos[u], lay.radius)
                                    for u in col.shown]
    return geo


def card_room(c, ci: int) -> float:
    """How wide a unit's value card may be: a hidden unit's from where it starts to just
    before the next column's units; an input's or an output's to the canvas's edge (its
    margin: narrow on a narrow canvas in projector type, where a card in full ran off)."""
    lay = c.net_layout
    col, r = lay.columns[ci], lay.radius
    if ci == 0:
        return col.x - lay.rect.left() - r * TEXT_OFFSET - 2.0
    if ci >= len(lay.columns) - 1:
        return lay.rect.right() - col.x - r * TEXT_OFFSET - 2.0
    return lay.columns[ci + 1].x - col.x - r * (TEXT_OFFSET + 1.0) - 4.0


def _below_width(lay, ci: int) -> float:
    """The widest card centred below a unit of column ci: clear of the neighbouring
    columns' units and inside the canvas."""
    cols, x = lay.columns, lay.columns[ci].x
    room = [cols[k].x - x if k > ci else x - cols[k].x for k in (ci - 1, ci + 1)
            if 0 <= k < len(cols)]
    edges = [2 * (x - lay.rect.left()) - 4] if ci == 0 else []
    if ci == len(cols) - 1:
        edges.append(2 * (lay.rect.right() - x) - 4)
    return max(0.0, min([g - 6 for g in room] + edges))


def _card_limits(c, ci: int, fm) -> tuple[float, float, float]:
    """Column ci's room for value cards (cached with the layout): (card_room, the widest
    card centred below a unit, the most lines such a card may have before it reaches the
    next unit down: 0 when none fits)."""
    lay = c.net_layout
    key = ("cards", ci, fm.height())
    limits = lay._segments.get(key)
    if limits is None:
        room = card_room(c, ci)
        col = lay.columns[ci]
        r = lay.radius
        ys = sorted(col.pos[v].y() for v in col.shown)
        gap = min((b - a for a, b in zip(ys, ys[1:])), default=lay.rect.height())
        below_w = _below_width(lay, ci)
        # a card of n lines (text_box_rect's height) below the unit, clear of the next
        fh = fm.height()
        below_lines = (gap - 4 - 2 * r - r * 0.3 - 2 * (fh * 0.18) * 0.6) / fh
        limits = lay._segments[key] = (room, below_w, below_lines)
    return limits


def value_card(c, ci: int, u: int, g: UnitGeometry, font, fm):
    """(lines, anchor point, side) of unit u's value card, or None: beside the unit in
    full when that fits before the next column; else the numbers alone to two decimals,
    beside it or centred below it (a deep network's narrow columns); else none (hovering
    the unit shows them). An input whose name has no band of its own beside it (a crowded
    column: canvas_names' "card" mode) has its card over its name, starting with it."""
    m = c.model
    lines = m.unit_lines(ci, u)
    if not lines:
        return None
    room, below_w, below_lines = _card_limits(c, ci, fm)
    if ci == 0:
        from .canvas_names import card_lines, input_names  # (an import cycle)
        named = card_lines(c, u, lines, font, fm, room)
        if named is not None:      # over the name, centred beside the unit: "x₁² = 0.53"
            h = text_box_rect(g.text_at, named, font, fm).height()
            return named, QPointF(g.text_at.x(), g.rect.center().y() - h / 2), g.anchor
        plan = input_names(c)
        if plan.mode == "card":    # (the name stays): the numbers below it, or none
            short = m.compact_lines(ci, u, lines)
            at = QPointF(g.rect.center().x(), g.rect.bottom() + c.net_layout.radius * 0.3)
            name = plan.by_unit.get(u)
            if lines_width(short, font, fm) <= below_w and len(short) <= below_lines \
                    and (name is None or at.y() >= name[1].bottom()):
                return short, at, "center"
            return None
    if lines_width(lines, font, fm) <= room:
        return lines, g.text_at, g.anchor
    short = m.compact_lines(ci, u, lines)
    w = lines_width(short, font, fm)
    if w <= room:
        return short, g.text_at, g.anchor
    if w <= below_w and len(short) <= below_lines:
        return short, QPointF(g.rect.center().x(), g.rect.bottom() + c.net_layout.radius * 0.3), \
            "center"
    return None


def _frame_rects(outer: QRectF, t: float) -> tuple[QRectF, ...]:
    """A rectangle's border of thickness t inside `outer`, as four rectangles to fill
    (much faster than stroking a wide pen)."""
    x, y, w, h = outer.x(), outer.y(), outer.width(), outer.height()
    return (QRectF(x, y, w, t), QRectF(x, y + h - t, w, t),
            QRectF(x, y + t, t, h - 2 * t), QRectF(x + w - t, y + t, t, h - 2 * t))
