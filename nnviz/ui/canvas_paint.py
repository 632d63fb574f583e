"""Painting the network canvas: the units (thumbnails, frames, bias badges, values) and the
header, and the edges as vectors (for export). The static text is in canvas_static, the
moving overlay in canvas_overlay, the outputs' target cards in canvas_targets, fonts and
text cards in canvas_text (the painting helpers re-exported here).

Edges are opaque (colours blended toward the background, never alpha) with flat caps: both
are several times faster to paint than alpha and round caps.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QPainter,
)

from . import theme
from .canvas_header import header_forms
from .canvas_names import DISC_NAME_MIN
from .canvas_overlay import paint_overlay
from .canvas_static import legend_items, legend_rows, marker, paint_static, title_layout
from .canvas_targets import paint_targets
from .canvas_text import (
    Fonts,
    Roles,
    flat_pen,
    lines_width,
    make_font,
    static_text,
    text_box,
    text_box_layout,
    text_width,
    width_table,
)
from .canvas_units import CardFit, more_mark, unit_geometry, value_card


def edge_lines(c) -> list:
    """(QLineF, QPen) for every edge drawn (and the bias edges when bias nodes show)."""
    from .canvas_strips import all_strip_edges, strip_lines
    out = []
    for k, (_key, looks) in enumerate(all_strip_edges(c)):
        out.extend(strip_lines(c, k, looks))
    return out


def paint_edges(c, p: QPainter, lines):
    """The background colour and the edges (the vector path, e.g. for SVG export)."""
    p.fillRect(QRectF(0, 0, c.width(), c.height()), theme.current().qcolor("background"))
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for line, pen in lines:
        p.setPen(pen)
        p.drawLine(line)


def paint_background(c, p: QPainter):
    """Everything that does not move, over paint_edges' picture: static text, then the
    units, values, thumbnails and header."""
    paint_static(c, p)
    paint_units(c, p)


def paint_units(c, p: QPainter, rects: list | None = None):
    """What changes with the shown step: units (fill, thumbnail, bias badge), values,
    the elided marks, bias nodes, the header and the targets.

    With `rects` (a list), the rectangles (logical QRectF) that hold everything painted are
    appended to it (where each thing landed: tests check that nothing covers another)."""
    th = theme.current()
    lay = c.net_layout
    f = Fonts.get(lay.font_px)
    font, small, fm, fms = f.font, f.small, f.fm, f.fms
    r = lay.radius
    out = rects if rects is not None else _Discard()
    _paint_header(c, p, th, f.bold, f.fmb, out)
    # units (rectangles and images need no antialiasing; circles turn it on)
    roles = Roles(th)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    dpr = p.device().devicePixelRatioF()
    for ci, col in enumerate(lay.columns):
        _paint_column(c, p, roles, ci, col, r, dpr, font, small, fm, fms, out)
        mark = more_mark(c, ci) if col.more else None
        if mark is not None:
            out.append(text_box(p, mark[1].topLeft() + QPointF(mark[1].width() / 2, 0),
                                [(mark[0], "muted")], small, fms, th, "center", roles=roles))
        if col.bias_pos is not None:
            bp = col.bias_pos
            out.append(QRectF(bp.x() - r - 2, bp.y() - r - 2, 2 * r + 4, 2 * r + 4))
            p.setPen(flat_pen(th.qcolor("muted"), 1.5))
            p.setBrush(th.qcolor("surface"))
            p.drawRoundedRect(QRectF(bp.x() - r * 0.7, bp.y() - r * 0.7, r * 1.4, r * 1.4), 4, 4)
            p.setFont(small)
            p.setPen(th.qcolor("text"))
            p.drawText(QRectF(bp.x() - r, bp.y() - r, 2 * r, 2 * r), Qt.AlignmentFlag.AlignCenter,
                       "+1")
    if c.show_values:
        _paint_cards(p, _card_layout(c, small, fms), small, roles, out)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    paint_targets(c, p, th, out)


class _Discard:
    """A list that keeps nothing (paint_units without rects)."""

    __slots__ = ()

    def append(self, item):
        pass

    def extend(self, items):
        pass


def _paint_column(c, p, roles, ci, col, r, dpr, font, small, fm, fms, out):
    """A column's units: thumbnail (or disc), frame, dropout veil, bias badge (their value
    cards: _paint_cards)."""
    m = c.model
    shown = col.shown
    values = m.column_values(ci, shown)
    dropped = m.dropped_units(ci)
    badges = m.bias_colours(ci, shown) if not c.show_bias_nodes and ci > 0 else None
    muted = roles["muted"]
    fills = m.column_fills(ci, values)
    no_pen = Qt.PenStyle.NoPen
    for n, (u, g) in enumerate(zip(shown, unit_geometry(c, ci))):
        v = values[n]
        fill = fills[n]
        thumb = c.thumbnail(ci, u) if c.show_thumbnails else None
        if thumb is not None:
            if abs(thumb.width() - 2 * r * dpr) < 1.5:
                p.drawImage(g.corner, thumb)      # drawn at its own size
            else:
                p.drawImage(g.rect, thumb)
            p.setPen(no_pen)                      # thick: the activation (drawRects fills
            p.setBrush(fill if v is not None else muted)   # as fillRect does, faster)
            p.drawRects(g.thick if v is not None else g.thin)
        else:
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            p.setPen(flat_pen(muted, 1.5))
            p.setBrush(fill)
            p.drawEllipse(g.rect)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            if r > fm.height() * DISC_NAME_MIN:
                p.setFont(font if r > fm.height() * 1.1 else small)
                p.setPen(QColor("#000000") if fill.lightness() > 130 else QColor("#ffffff"))
                p.drawText(g.rect, Qt.AlignmentFlag.AlignCenter, m.unit_name(ci, u))
        if u in dropped:   # dropout removed it on this sample: greyed and hatched
            _veil(p, roles, g.rect, thumb is None)
        out.append(g.bounds)
    if badges is not None:   # the biases as small square badges on the units (over their
        geo = unit_geometry(c, ci)                  # own unit only: after all of them)
        p.setPen(no_pen)
        p.setBrush(muted)
        p.drawRects([g.badge_out for g in geo])
        for g, colour in zip(geo, badges):
            p.fillRect(g.badge_in, colour)


def _card_layout(c, font, fm) -> tuple[list, dict]:
    """The units' value cards laid out (canvas_units.value_card, text_box_layout): (card
    rectangles, {role: [(point, QStaticText)]}), remembered with the layout for as long as
    every card's text stays the same (an update changes the weights, not the values)."""
    lay, m = c.net_layout, c.model
    columns = [m.column_lines(ci, col.shown) for ci, col in enumerate(lay.columns)]
    key = (fm.height(), tuple(tuple(tuple(lines) for lines in texts) for texts in columns))
    last = lay._segments.get("card layout")
    if last is not None and last[0] == key:
        return last[1]
    rects, placed_by_role = [], {}
    widths = width_table(font)
    for ci, (col, texts) in enumerate(zip(lay.columns, columns)):
        fit = CardFit(c, ci, font, fm)
        for n, (u, g) in enumerate(zip(col.shown, unit_geometry(c, ci))):
            card = value_card(c, ci, u, g, font, fm, fit, texts[n])
            if card is None:
                continue
            lines, at, side = card
            r, placed = text_box_layout(at, lines, font, fm, side,
                                        lines_width(lines, font, fm, widths))
            rects.append(r)
            for point, text, role in placed:
                placed_by_role.setdefault(role, []).append((point, static_text(text)))
    laid = (rects, placed_by_role)
    lay._segments["card layout"] = (key, laid)
    return laid


def _paint_cards(p, laid, font, roles, out):
    """The units' value cards (text_box's cards, all in one font; opaque, they may overlap
    the units' bounds): the card rectangles first, then the texts role by role (fewer
    painter state changes than card by card)."""
    rects, texts = laid
    if not rects:
        return
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(roles["surface"])
    p.drawRects(rects)
    p.setFont(font)
    draw = p.drawStaticText
    for role, items in texts.items():
        p.setPen(roles[role])
        for at, st in items:
            draw(at, st)
    out.extend(rects)


def _veil(p, roles, rect: QRectF, disc: bool):
    p.setRenderHint(QPainter.RenderHint.Antialiasing, disc)
    veil = QColor(roles["surface"])
    veil.setAlpha(200)
    hatch = QBrush(roles["muted"], Qt.BrushStyle.BDiagPattern)
    for brush in (QBrush(veil), hatch):
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(brush)
        if disc:
            p.drawEllipse(rect)
        else:
            p.drawRect(rect)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, False)


def _paint_header(c, p, th, bold, fm, out):
    """The step (left) and the phase (right) over the columns; their rectangles to out. On
    a narrow canvas (or at a large zoom) the phase is shortened ("error at outputs"), then
    the step (canvas_header.header_forms: "update 6 · point 242"), then the phase is elided
    or left out, and last the step elided."""
    lay = c.net_layout
    box = lay.header.adjusted(lay.font_px, 0, -lay.font_px, 0)
    p.setFont(bold)
    room = box.width()
    forms = header_forms(c)
    phase = c.phase_text()
    gap = text_width(fm, bold, "  ")
    header, shown = _header_fit(forms, phase, room, gap, lambda t: text_width(fm, bold, t))
    if shown is None and phase:       # no form fits beside the short phase: elide that
        left = room - text_width(fm, bold, header) - gap
        if left > text_width(fm, bold, "MMMMMM"):
            shown = fm.elidedText(phase[2], Qt.TextElideMode.ElideRight, left)
    if text_width(fm, bold, header) > room:
        header = fm.elidedText(header, Qt.TextElideMode.ElideRight, room)
    p.setPen(th.qcolor("text"))
    out.append(_header_line(p, box, header, False, bold, fm))
    if shown:
        p.setPen(th.qcolor(phase[1]))
        out.append(_header_line(p, box, shown, True, bold, fm))


def _header_line(p, box: QRectF, text: str, right: bool, font, fm) -> QRectF:
    """One header text, vertically centred in box, at its left or right: drawn as a cached
    QStaticText (laid out once; drawText shaped it again every frame) where drawText
    would put it; its rectangle, with room for glyph overhangs."""
    w = text_width(fm, font, text)
    h = fm.height()
    x = box.right() - w if right else box.left()
    y = box.top() + (box.height() - h) / 2
    p.drawStaticText(QPointF(x, y), static_text(text))
    return QRectF(x - 2, y - 2, w + 4, h + 4)


def _header_fit(forms, phase, room, gap, width):
    """(step text, phase text or None) for the header: the longest step with the full
    phase, else the longest step with the short phase, …; without a phase, the longest
    step that fits. The phase is None when no step form fits beside its short form."""
    if not phase:
        return next((f for f in forms if width(f) <= room), forms[-1]), None
    for text in (phase[0], phase[2]):
        w = width(text) + gap
        if text is phase[0]:
            if width(forms[0]) + w <= room:
                return forms[0], text
            continue
        for f in forms:
            if width(f) + w <= room:
                return f, text
    return forms[-1], None


__all__ = ["Fonts", "Roles", "edge_lines", "flat_pen", "legend_items", "legend_rows",
           "make_font", "marker", "paint_background", "paint_edges", "paint_overlay",
           "paint_static", "paint_units", "static_text", "text_box", "text_width",
           "title_layout"]
