"""Where a unit's parts go on the network canvas: its square, frames and bias badge
(UnitGeometry, made once per layout) and where its value card goes (beside it in full,
shortened, below it, or not at all: value_card)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF

from .canvas_text import Fonts, text_box_rect, text_width, width_table

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


def unit_reach(r: float, badge: bool) -> float:
    """How far below its centre a unit's bounds (UnitGeometry.bounds) reach at radius r:
    its thick frame, or the bias badge at its lower left corner (canvas.bias_badge_rect:
    a square of max(7, 0.42 r) centred 0.95 r below the centre), and the 2-px rim. For
    canvas_layout, which packs rows no tighter than a "⋮ n more" mark between two units."""
    t = max(3.0, r * 0.16)
    reach = r * 1.08 + t / 2
    if badge:
        reach = max(reach, r * 0.95 + max(7.0, r * 0.42) / 2 + 0.5)
    return reach + 2.0


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


def more_mark(c, ci: int):
    """(text, card rectangle) of column ci's mark for its elided units, or None (cached
    with the layout): see _mark_plan."""
    return _mark_plan(c).get(ci)


def mark_forms(n: int) -> tuple[str, ...]:
    """A mark's forms for n elided units, longest first."""
    return (f"⋮ {n:,} more", f"⋮ {n:,}", "⋮")


def _mark_plan(c) -> dict:
    """column → its mark (text, card rectangle) or None, for the whole canvas (cached with
    the layout). Every column takes the same form, the longest that fits them all: "⋮ 5
    more", else "⋮ 5", else "⋮" ("⋮ 10 more" beside a bare "⋮" had looked like two
    different things). A mark fits where its card covers no unit, no value card of the
    column before (where those cards may really go: card_zones, ending above that column's
    own mark as _bottoms makes them, not the two lines a card would take were the mark not
    there, which had left a mark in the second hidden column no room for its count), no
    input's name and no other column's mark, by half a line at least (side by side in
    narrow columns each mark was painted over by the next: "⋮ 4 mo"), and stays on the
    canvas; a column where not even "⋮" fits has none (a low canvas: hovering names
    units). The card of the unit above it gives way to it (_bottoms)."""
    lay = c.net_layout
    plan = lay._segments.get("more")
    if plan is not None:
        return plan
    lay._segments["more"] = plan = {}          # (no marks while it is being made)
    cols = [ci for ci, col in enumerate(lay.columns) if col.more and col.more_pos is not None]
    if not cols:
        return plan
    f = Fonts.get(lay.font_px)
    units = [g.bounds for k in range(len(lay.columns)) for g in unit_geometry(c, k)]
    gap = f.fms.height() * 0.5      # between two marks side by side (else one "⋮ 4 more ⋮ 4")

    def marks(form: int) -> dict:
        out = {}
        for ci in cols:
            col = lay.columns[ci]
            at = QPointF(col.more_pos.x(), col.more_pos.y() - f.fms.height() * 0.6)
            taken = list(units)
            if ci:       # (its own column's cards: _bottoms)
                taken += card_zones(c, ci - 1, _bottoms_with(c, ci - 1, out.get(ci - 1)))
            if ci == 0:
                from .canvas_names import input_names  # (an import cycle)
                taken += [rect for _u, _t, rect in input_names(c).items]
            taken += [m[1].adjusted(-gap, 0, gap, 0) for m in out.values() if m is not None]
            text = mark_forms(col.more)[form]
            box = text_box_rect(at, [(text, "muted")], f.small, f.fms, "center")
            fits = lay.rect.contains(box) and not any(box.intersects(t) for t in taken)
            out[ci] = (text, box) if fits else None
        return out

    tries = [marks(form) for form in range(3)]
    some = {ci for ci in cols if any(t[ci] is not None for t in tries)}
    best = next((t for t in tries if all(t[ci] is not None for ci in some)), tries[-1])
    plan.update(best)
    return plan


def card_zones(c, ci: int, bottoms: dict | None = None) -> list[QRectF]:
    """Where column ci's value cards beside their units may go: as wide as card_room, two
    lines high (a card has at most two: a value and a delta), or less where a card beside
    the unit must end higher (`bottoms`: _bottoms)."""
    f = Fonts.get(c.net_layout.font_px)
    room = max(0.0, card_room(c, ci))
    h = text_box_rect(QPointF(), [("0", "text")] * 2, f.small, f.fms).height()
    col = c.net_layout.columns[ci]
    out = []
    for u, g in zip(col.shown, unit_geometry(c, ci)):
        x = g.text_at.x() - (room if g.anchor == "right" else 0.0)
        high = h if bottoms is None else min(h, bottoms[u][0] - g.text_at.y())
        if high > 0:
            out.append(QRectF(x, g.text_at.y(), room, high))
    return out


def _bottoms(c, ci: int) -> dict:
    """unit → (how low a card beside it may reach, how low one below it may reach): the
    next unit's card (beside) or square (below), the elided units' mark, the legend (or
    the canvas's bottom)."""
    col = c.net_layout.columns[ci]
    return _bottoms_with(c, ci, more_mark(c, ci) if col.more else None)


def _bottoms_with(c, ci: int, mark) -> dict:
    """_bottoms, with column ci's mark given (None: no mark)."""
    lay = c.net_layout
    col = lay.columns[ci]
    end = lay.legend.top() if lay.legend.height() > 0 else lay.rect.bottom() - 2
    geo = unit_geometry(c, ci)
    out = {}
    for n, (u, g) in enumerate(zip(col.shown, geo)):
        beside = below = end
        if n + 1 < len(geo):
            nxt = geo[n + 1]
            beside, below = nxt.text_at.y() - 2, nxt.bounds.top()
        if mark is not None and g.rect.center().y() < mark[1].top() < below:
            below = mark[1].top()     # (the mark under this unit: the cards end above it
            box, x = mark[1], g.text_at.x()    # when they would reach it)
            if (box.right() > x) if g.anchor == "left" else (box.left() < x):
                beside = min(beside, box.top() - 1)
        out[u] = (beside, below - 2)
    return out


def _card_limits(c, ci: int, fm) -> tuple[float, float, dict]:
    """Column ci's room for value cards (cached with the layout): (card_room, the widest
    card centred below a unit, per unit how low a card beside it and one below it may
    reach: _bottoms)."""
    lay = c.net_layout
    key = ("cards", ci, fm.height())
    limits = lay._segments.get(key)
    if limits is None:
        limits = lay._segments[key] = (card_room(c, ci), _below_width(lay, ci), _bottoms(c, ci))
    return limits


class CardFit:
    """What value_card measures a column's cards against, in one font: the column's room
    (_card_limits), the line height and padding, and the font's remembered text widths
    (looked up once per column, not once per unit)."""

    __slots__ = ("room", "below_w", "bottoms", "fh", "pad", "widths", "font", "fm", "below_dy")

    def __init__(self, c, ci: int, font, fm):
        self.room, self.below_w, self.bottoms = _card_limits(c, ci, fm)
        self.fh = fm.height()
        self.pad = self.fh * 0.36
        self.widths = width_table(font)
        self.font, self.fm = font, fm
        self.below_dy = c.net_layout.radius * 0.3

    def width(self, lines) -> float:
        """lines_width(lines, font, fm)."""
        widths, best = self.widths, None
        for text, _role in lines:
            w = widths.get(text)
            if w is None:
                w = text_width(self.fm, self.font, text, widths)
            if best is None or w > best:
                best = w
        return best + self.pad

    def beside(self, g: UnitGeometry, form, end: float):
        """The card of these lines beside the unit, or None when it does not fit."""
        if g.text_at.y() + self.fh * (len(form) + 0.216) <= end and self.width(form) <= self.room:
            return form, g.text_at, g.anchor
        return None

    def below(self, g: UnitGeometry, form, end: float):
        """The card of these lines centred below the unit, or None when it does not fit."""
        y = g.rect.bottom() + self.below_dy
        if self.width(form) <= self.below_w and y + self.fh * (len(form) + 0.216) <= end:
            return form, QPointF(g.rect.center().x(), y), "center"
        return None


def value_card(c, ci: int, u: int, g: UnitGeometry, font, fm, fit: CardFit | None = None,
               lines=None):
    """(lines, anchor point, side) of unit u's value card, or None: beside the unit in
    full when that fits before the next column (and above the next unit's card, the
    legend or the canvas's bottom); else the numbers alone to two decimals, beside it
    (on one line when two do not fit the height) or centred below it (a deep network's
    narrow columns); else none (hovering the unit shows them). An input whose name has
    no band of its own beside it (a crowded column: canvas_names' "card" mode) has its
    card over its name, starting with it. `fit` (CardFit of the column and font) and
    `lines` (the unit's unit_lines) when the caller has them."""
    m = c.model
    if lines is None:
        lines = m.unit_lines(ci, u)
    if not lines:
        return None
    if fit is None:
        fit = CardFit(c, ci, font, fm)
    beside_end, below_end = fit.bottoms[u]
    if ci == 0:
        from .canvas_names import card_lines, input_names  # (an import cycle)
        named = card_lines(c, u, lines, font, fm, fit.room)
        if named is not None:      # over the name, centred beside the unit: "x₁² = 0.53"
            h = text_box_rect(g.text_at, named, font, fm).height()
            return named, QPointF(g.text_at.x(), g.rect.center().y() - h / 2), g.anchor
        plan = input_names(c)
        if plan.mode == "card":    # (the name stays): the numbers below it, or none
            name = plan.by_unit.get(u)
            if name is None or g.rect.bottom() + fit.below_dy >= name[1].bottom():
                return fit.below(g, m.compact_lines(ci, u, lines), below_end)
            return None
    full = fit.beside(g, lines, beside_end)   # (the short forms only when it does not fit)
    if full is not None:
        return full
    short = m.compact_lines(ci, u, lines)
    one = [(" ".join(t for t, _ in short), short[0][1])] if len(short) > 1 else short
    return fit.beside(g, short, beside_end) or fit.beside(g, one, beside_end) \
        or fit.below(g, short, below_end)


def _frame_rects(outer: QRectF, t: float) -> tuple[QRectF, ...]:
    """A rectangle's border of thickness t inside `outer`, as four rectangles to fill
    (much faster than stroking a wide pen)."""
    x, y, w, h = outer.x(), outer.y(), outer.width(), outer.height()
    return (QRectF(x, y, w, t), QRectF(x, y + h - t, w, t),
            QRectF(x, y + t, t, h - 2 * t), QRectF(x + w - t, y + t, t, h - 2 * t))
