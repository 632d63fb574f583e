"""Painting the network canvas: the units (thumbnails, frames, bias badges, values), the
header and targets, and the edges as vectors (for export). The static text is in
canvas_static, the moving overlay in canvas_overlay, fonts and text cards in canvas_text
(all re-exported here).

Edges are opaque (colours blended toward the background, never alpha) with flat caps: both
are several times faster to paint than alpha and round caps.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QImage,
    QPainter,
)

from . import theme
from .canvas_header import header_forms
from .canvas_model import fmt
from .canvas_names import DISC_NAME_MIN
from .canvas_overlay import paint_overlay
from .canvas_static import legend_items, legend_rows, marker, paint_static, title_layout
from .canvas_text import (
    Fonts,
    Roles,
    card_height,
    flat_pen,
    lines_width,
    make_font,
    static_text,
    text_box,
    text_box_layout,
    text_box_rect,
    text_width,
    width_table,
)
from .canvas_units import TEXT_OFFSET, CardFit, more_mark, unit_geometry, value_card


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
    appended to it: painted on a transparent layer, only those need compositing."""
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
    _paint_targets(c, p, th, font, fm, out)


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
        if badges is not None:   # the bias as a small square badge on the unit
            p.fillRect(g.badge_out, muted)
            p.fillRect(g.badge_in, badges[n])
        out.append(g.bounds)


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


def _paint_targets(c, p, th, font, fm, out):
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


class UnitsLayer:
    """A transparent image the size of the canvas on which the units (thumbnails, values,
    header) are painted while the edge worker paints the edges; composited over the base
    image rectangle by rectangle (only where something was painted)."""

    def __init__(self):
        self.buf: np.ndarray | None = None
        self.image: QImage | None = None     # the layer (logical coordinates)
        self._plain: QImage | None = None    # the same pixels in device pixels
        self.rects: list[tuple[int, int, int, int]] = []   # device pixels: x0, y0, x1, y1
        self.pairs: list[tuple[QRectF, QRectF]] = []       # (logical, device) rectangles
        self._clear: list[QRect] = []        # what to clear before the next paint
        self._cache: dict = {}               # device rectangle → (pair, clear rectangle)
        self.current = False     # holds the units of the frame last drawn

    def release(self):
        self.buf = self.image = self._plain = None
        self.rects, self.pairs, self._clear = [], [], []
        self.current = False

    def paint(self, c, paint_units, w: int, h: int, dpr: float):
        if self.buf is None or self.buf.shape != (h, w):
            self.buf = np.zeros((h, w), np.uint32)
            self.image = QImage(self.buf.data, w, h, 4 * w, UNITS_FORMAT)
            self._plain = QImage(self.buf.data, w, h, 4 * w, UNITS_FORMAT)
            self.rects, self.pairs, self._clear = [], [], []
        if self.image.devicePixelRatio() != dpr:
            self.image.setDevicePixelRatio(dpr)
            self._cache = {}
        if self._clear:                      # what the last frame painted: transparent
            p = QPainter(self._plain)
            p.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(0, 0, 0))
            p.drawRects(self._clear)
            p.end()
        painted: list = []
        p = QPainter(self.image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        paint_units(c, p, painted)
        p.end()
        self.rects = rects = _device_rects(painted, dpr, w, h)
        cache = self._cache
        if len(cache) > 4000:
            cache.clear()
        pairs, clear = [], []
        for r in rects:
            ent = cache.get(r)
            if ent is None:
                x0, y0, x1, y1 = r
                ent = cache[r] = (
                    (QRectF(x0 / dpr, y0 / dpr, (x1 - x0) / dpr, (y1 - y0) / dpr),
                     QRectF(x0, y0, x1 - x0, y1 - y0)), QRect(x0, y0, x1 - x0, y1 - y0))
            pairs.append(ent[0])
            clear.append(ent[1])
        self.pairs, self._clear = pairs, clear
        self.current = True

    def composite(self, p: QPainter):
        """Draw the painted rectangles of the layer with painter p (source over)."""
        if self.image.devicePixelRatio() == 1.0:   # whole pixels: the cheaper overload
            img, draw = self._plain, p.drawImage
            for x0, y0, x1, y1 in self.rects:
                draw(x0, y0, img, x0, y0, x1 - x0, y1 - y0)
            return
        img, draw = self.image, p.drawImage
        for target, source in self.pairs:
            draw(target, img, source)


UNITS_FORMAT = QImage.Format.Format_ARGB32_Premultiplied


def _device_rects(rects, dpr: float, w: int, h: int) -> list[tuple[int, int, int, int]]:
    """Logical QRectF → (x0, y0, x1, y1) whole device pixels, one pixel of margin, within
    the image. Rectangles that overlap must do so only where the layer is opaque or clear
    (compositing those pixels twice then changes nothing)."""
    if not rects:
        return []
    c = np.array([r.getCoords() for r in rects], float) * dpr
    c[:, :2] -= 1.0
    c[:, 2:] += 2.0
    c = np.trunc(c).astype(np.int64)     # int() of each: toward zero, as before
    np.clip(c[:, 0::2], 0, w, out=c[:, 0::2])
    np.clip(c[:, 1::2], 0, h, out=c[:, 1::2])
    keep = (c[:, 2] > c[:, 0] + 2) & (c[:, 3] > c[:, 1] + 2)   # not a margin alone
    return [tuple(r) for r in c[keep].tolist()]


__all__ = ["Fonts", "Roles", "UnitsLayer", "edge_lines", "flat_pen", "legend_items", "legend_rows",
           "make_font", "marker", "paint_background", "paint_edges", "paint_overlay",
           "paint_static", "paint_units", "static_text", "text_box", "text_width",
           "title_layout"]
