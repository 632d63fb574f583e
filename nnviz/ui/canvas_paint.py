"""Painting the network canvas: the cached static picture and the moving overlay.

Edges are opaque (colours blended toward the background, never alpha) with flat caps: both
are several times faster to paint than alpha and round caps.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QLinearGradient,
    QPainter,
    QPen,
    QPolygonF,
    QStaticText,
)

from ..engine.events import BIAS
from . import theme
from .canvas_layout import lerp
from .canvas_model import fmt


def make_font(px: float, bold: bool = False) -> QFont:
    f = QFont()
    f.setPixelSize(max(8, int(round(px))))
    f.setBold(bold)
    return f


def _pen(colour, width, style=Qt.PenStyle.SolidLine):
    pen = QPen(colour, width, style)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


_STATIC: dict = {}


def static_text(text: str) -> QStaticText:
    """A cached QStaticText (laid out once, fast to draw again)."""
    st = _STATIC.get(text)
    if st is None:
        if len(_STATIC) > 4000:
            _STATIC.clear()
        st = QStaticText(text)
        st.setTextFormat(Qt.TextFormat.PlainText)
        st.setPerformanceHint(QStaticText.PerformanceHint.AggressiveCaching)
        _STATIC[text] = st
    return st


_WIDTHS: dict = {}


def text_width(fm: QFontMetricsF, font: QFont, text: str) -> float:
    """fm.horizontalAdvance(text), remembered per font size (values repeat a lot)."""
    key = (font.pixelSize(), font.bold(), text)
    w = _WIDTHS.get(key)
    if w is None:
        if len(_WIDTHS) > 20000:
            _WIDTHS.clear()
        w = _WIDTHS[key] = fm.horizontalAdvance(text)
    return w


class Roles(dict):
    """Theme colours by role, as QColor objects made once per paint."""

    def __init__(self, th):
        super().__init__()
        self.th = th

    def __missing__(self, role):
        c = self.th.qcolor(role)
        self[role] = c
        return c


def text_box(p: QPainter, pos: QPointF, lines, font: QFont, fm: QFontMetricsF, th,
             anchor: str = "left", box: bool = True, roles: Roles | None = None) -> QRectF:
    """Lines of (text, role) on a small plain card; returns its rectangle."""
    if not lines:
        return QRectF()
    roles = roles if roles is not None else Roles(th)
    pad = fm.height() * 0.18
    w = max(text_width(fm, font, t) for t, _ in lines) + 2 * pad
    h = fm.height() * len(lines) + 2 * pad * 0.6
    x = pos.x() - (w / 2 if anchor == "center" else (w if anchor == "right" else 0))
    r = QRectF(x, pos.y(), w, h)
    if box:
        p.fillRect(r, roles["surface"])
    p.setFont(font)
    y = r.top() + pad * 0.6
    for text, role in lines:
        p.setPen(roles[role])
        p.drawStaticText(QPointF(r.left() + pad, y), static_text(text))
        y += fm.height()
    return r


def edge_lines(c) -> list:
    """(QLineF, QPen) for every edge drawn (and the bias edges when bias nodes show)."""
    from .canvas_layers import strip_edges, strip_lines
    out = []
    for k in range(len(c.net_layout.columns) - 1):
        _key, looks = strip_edges(c, k)
        out.extend(strip_lines(c, k, looks))
    return out


def paint_edges(c, p: QPainter, lines):
    """The background colour and the edges (the vector path, e.g. for SVG export)."""
    p.fillRect(QRectF(0, 0, c.width(), c.height()), theme.current().qcolor("background"))
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for line, pen in lines:
        p.setPen(pen)
        p.drawLine(line)


class Fonts:
    """The canvas's fonts and metrics for one text size (made once, reused each frame)."""

    _cache: dict = {}

    def __init__(self, px: float):
        self.font = make_font(px)
        self.small = make_font(px * 0.85)
        self.bold = make_font(px * 1.05, bold=True)
        self.fm, self.fms = QFontMetricsF(self.font), QFontMetricsF(self.small)

    @classmethod
    def get(cls, px: float) -> Fonts:
        f = cls._cache.get(px)
        if f is None:
            if len(cls._cache) > 16:
                cls._cache.clear()
            f = cls._cache[px] = Fonts(px)
        return f


def paint_background(c, p: QPainter):
    """Everything that does not move, over paint_edges' picture: static text, then the
    units, values, thumbnails and header."""
    paint_static(c, p)
    paint_units(c, p)


def paint_static(c, p: QPainter):
    """What changes only with the layout, theme or weight scale: column titles, legend."""
    th = theme.current()
    lay = c.net_layout
    f = Fonts.get(lay.font_px)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    _paint_titles(c, p, th, f)
    _paint_legend(c, p, th, f.small, f.fms)


def title_layout(c, f) -> tuple[QFont, QFontMetricsF, list[list[str]], float]:
    """(font, metrics, lines per column, top y) of the column titles, fitted so that
    neighbours never overlap: one line, else name / activation on two lines, else short
    names (h1, h2 …), shrinking the font as a last resort."""
    lay = c.net_layout
    cols = lay.columns
    gaps = [cols[i + 1].x - cols[i].x for i in range(len(cols) - 1)]
    room = (min(gaps) if gaps else lay.rect.width()) * 0.94
    top = min(col.pos[col.shown[0]].y() for col in cols) - lay.radius
    px = lay.font_px * 0.85
    while True:
        font = make_font(px)
        fm = QFontMetricsF(font)
        for style in ("full", "two", "short"):
            lines = [c.column_title_lines(ci, style) for ci in range(len(cols))]
            widest = max(text_width(fm, font, t) for ls in lines for t in ls)
            n = max(len(ls) for ls in lines)
            y = max(lay.header.bottom(), top - fm.height() * (n + 0.5))
            if widest <= room and y + fm.height() * n <= top + 1:
                return font, fm, lines, y
        if px <= 8:
            return font, fm, lines, y
        px = max(8.0, px * 0.88)


def _paint_titles(c, p, th, f):
    lay = c.net_layout
    font, fm, lines, y = title_layout(c, f)
    p.setFont(font)
    p.setPen(th.qcolor("muted"))
    for col, ls in zip(lay.columns, lines):
        for i, text in enumerate(ls):
            w = text_width(fm, font, text)
            p.drawText(QPointF(col.x - w / 2, y + fm.ascent() + i * fm.height()), text)


def paint_units(c, p: QPainter):
    """What changes with the shown step: units (fill, thumbnail, bias badge), values,
    the elided marks, bias nodes, the header and the targets."""
    th = theme.current()
    lay = c.net_layout
    f = Fonts.get(lay.font_px)
    font, small, fm, fms = f.font, f.small, f.fm, f.fms
    r = lay.radius
    _paint_header(c, p, th, f.bold)
    # units (rectangles and images need no antialiasing; circles turn it on)
    roles = Roles(th)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    dpr = p.device().devicePixelRatioF()
    for ci, col in enumerate(lay.columns):
        _paint_column(c, p, roles, ci, col, r, dpr, font, small, fm, fms)
        if col.more:
            mp = col.more_pos
            text_box(p, QPointF(mp.x(), mp.y() - fms.height() * 0.6),
                     [(c.more_text(ci), "muted")], small, fms, th, "center", roles=roles)
        if col.bias_pos is not None:
            bp = col.bias_pos
            p.setPen(_pen(th.qcolor("muted"), 1.5))
            p.setBrush(th.qcolor("surface"))
            p.drawRoundedRect(QRectF(bp.x() - r * 0.7, bp.y() - r * 0.7, r * 1.4, r * 1.4), 4, 4)
            p.setFont(small)
            p.setPen(th.qcolor("text"))
            p.drawText(QRectF(bp.x() - r, bp.y() - r, 2 * r, 2 * r), Qt.AlignmentFlag.AlignCenter,
                       "+1")
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    _paint_targets(c, p, th, font, fm)


class UnitGeometry:
    """Where a unit's parts go (made once per layout): its square, the frames around a
    thumbnail (thick: showing a value; thin: not), the bias badge and the values' anchor."""

    __slots__ = ("rect", "corner", "thick", "thin", "badge_out", "badge_in", "text_at",
                 "anchor")

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
        self.anchor = "right" if ci == 0 else "left"
        x = pos.x() - r * 1.15 if ci == 0 else pos.x() + r * 1.12
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


def _paint_column(c, p, roles, ci, col, r, dpr, font, small, fm, fms):
    """A column's units: thumbnail (or disc), frame, dropout veil, bias badge, values."""
    m = c.model
    shown = col.shown
    values = m.column_values(ci, shown)
    dropped = m.dropped_units(ci)
    badges = m.bias_colours(ci, shown) if not c.show_bias_nodes and ci > 0 else None
    muted = roles["muted"]
    for n, (u, g) in enumerate(zip(shown, unit_geometry(c, ci))):
        v = values[n]
        fill = m.fill_of(ci, v)
        thumb = c.thumbnail(ci, u) if c.show_thumbnails else None
        if thumb is not None:
            if abs(thumb.width() - 2 * r * dpr) < 1.5:
                p.drawImage(g.corner, thumb)      # drawn at its own size
            else:
                p.drawImage(g.rect, thumb)
            for fr in (g.thick if v is not None else g.thin):   # thick: the activation
                p.fillRect(fr, fill if v is not None else muted)
        else:
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            p.setPen(_pen(muted, 1.5))
            p.setBrush(fill)
            p.drawEllipse(g.rect)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            if r > fm.height() * 0.75:
                p.setFont(font if r > fm.height() * 1.1 else small)
                p.setPen(QColor("#000000") if fill.lightness() > 130 else QColor("#ffffff"))
                p.drawText(g.rect, Qt.AlignmentFlag.AlignCenter, m.unit_name(ci, u))
        if u in dropped:   # dropout removed it on this sample: greyed and hatched
            _veil(p, roles, g.rect, thumb is None)
        if badges is not None:   # the bias as a small square badge on the unit
            p.fillRect(g.badge_out, muted)
            p.fillRect(g.badge_in, badges[n])
        if c.show_values:
            lines = m.unit_lines(ci, u)
            if lines:
                text_box(p, g.text_at, lines, small, fms, roles.th, g.anchor, roles=roles)


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


def _paint_header(c, p, th, bold):
    lay = c.net_layout
    p.setFont(bold)
    p.setPen(th.qcolor("text"))
    p.drawText(lay.header.adjusted(lay.font_px, 0, -lay.font_px, 0),
               Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, c.header_text())
    phase = c.phase_text()
    if phase:
        text, role = phase
        p.setPen(th.qcolor(role))
        p.drawText(lay.header.adjusted(lay.font_px, 0, -lay.font_px, 0),
                   Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, text)


def _frame_rects(outer: QRectF, t: float) -> tuple[QRectF, ...]:
    """A rectangle's border of thickness t inside `outer`, as four rectangles to fill
    (much faster than stroking a wide pen)."""
    x, y, w, h = outer.x(), outer.y(), outer.width(), outer.height()
    return (QRectF(x, y, w, t), QRectF(x, y + h - t, w, t),
            QRectF(x, y + t, t, h - 2 * t), QRectF(x + w - t, y + t, t, h - 2 * t))


def _paint_targets(c, p, th, font, fm):
    """Targets and errors to the right of the outputs, once the error step is shown."""
    sh = c.model.shown
    if sh is None or not sh.errors:
        return
    col = c.net_layout.columns[-1]
    r = c.net_layout.radius
    for u, ev in sh.errors.items():
        pos = col.pos.get(u)
        if pos is None:
            continue
        lines = [(f"t = {fmt(ev.t, 2)}", "text"), (f"o − t = {fmt(ev.error)}", "backward")]
        text_box(p, QPointF(pos.x() + r * 1.25, pos.y() - r - fm.height() * 0.4), lines, font, fm,
                 th)


def legend_items(c, fm) -> list[tuple[str, float, object]]:
    """(kind, width, data) of the legend's items, in order."""
    m = c.model
    h = fm.height()
    ramp = 120 * c.net_layout.font_px / 15
    items = [("ramp", fm.horizontalAdvance(f"weight −{m.w_scale:.2g}") + ramp
              + fm.horizontalAdvance(f"+{m.w_scale:.2g}") + 12, ramp)]
    for w, text in ((0.1, "small |w|"), (1.0, "large |w|")):
        items.append(("width", h * 1.6 + 4 + fm.horizontalAdvance(text), (w, text)))
    for role, text, shape in (("forward", "forward signal", "dot"),
                              ("backward", "backward δ", "diamond"),
                              ("update", "weight update", "line"),
                              ("highlight", "current step", "ring")):
        items.append(("accent", h + fm.horizontalAdvance(text), (role, text, shape)))
    if not c.show_bias_nodes and len(c.session.net.sizes) > 1:
        items.append(("bias", h + fm.horizontalAdvance("bias b (click to edit)"), None))
    return items


def legend_rows(c, rect: QRectF, font: QFont):
    """(font, metrics, rows of items) of the legend: wrapped to the width, the font
    shrunk until every item fits the width and the rows fit the legend's height."""
    px = float(font.pixelSize())
    while True:
        f = make_font(px)
        fm = QFontMetricsF(f)
        gap = fm.height()
        rows, row, x = [], [], 0.0
        items = legend_items(c, fm)
        for item in items:
            if row and x + item[1] > rect.width():
                rows.append(row)
                row, x = [], 0.0
            row.append(item)
            x += item[1] + gap
        rows.append(row)
        fits = (max(w for _k, w, _d in items) <= rect.width()
                and len(rows) * fm.height() * 1.3 <= rect.height() + 1)
        if fits or px <= 8:
            return f, fm, rows
        px = max(8.0, px * 0.9)


def _paint_legend(c, p, th, font, fm):
    """The legend, wrapped over as many rows as the width needs (bottom-aligned)."""
    lay, m = c.net_layout, c.model
    rect = lay.legend.adjusted(lay.font_px, lay.font_px * 0.2, -lay.font_px, -lay.font_px * 0.2)
    font, fm, rows = legend_rows(c, rect, font)
    p.setFont(font)
    h = fm.height()
    gap = h
    row_h = h * 1.3
    cy = rect.bottom() - row_h * (len(rows) - 0.5)
    base = fm.ascent() / 2 - 1
    for row in rows:
        x = rect.left()
        for kind, width, data in row:
            if kind == "ramp":
                p.setPen(th.qcolor("muted"))
                label = f"weight −{m.w_scale:.2g}"
                p.drawText(QPointF(x, cy + base), label)
                bx = x + fm.horizontalAdvance(label) + 6
                grad = QLinearGradient(bx, 0, bx + data, 0)
                for s in (-1.0, -0.5, 0.0, 0.5, 1.0):
                    grad.setColorAt((s + 1) / 2, theme.diverging(s, 1.0))
                p.fillRect(QRectF(bx, cy - h * 0.3, data, h * 0.6), QBrush(grad))
                p.setPen(th.qcolor("muted"))
                p.drawText(QPointF(bx + data + 6, cy + base), f"+{m.w_scale:.2g}")
            elif kind == "width":
                w, text = data
                p.setPen(m.edge_pen(w * m.w_scale))
                p.drawLine(QPointF(x, cy), QPointF(x + h * 1.6, cy))
                p.setPen(th.qcolor("muted"))
                p.drawText(QPointF(x + h * 1.6 + 4, cy + base), text)
            elif kind == "accent":
                role, text, shape = data
                _marker(p, th.qcolor(role), QPointF(x + h * 0.4, cy), h * 0.32, shape)
                p.setPen(th.qcolor("muted"))
                p.drawText(QPointF(x + h, cy + base), text)
            elif kind == "bias":
                s = h * 0.55
                p.setPen(_pen(th.qcolor("muted"), 1.0))
                p.setBrush(th.qcolor("surface"))
                p.drawRect(QRectF(x + h * 0.4 - s / 2, cy - s / 2, s, s))
                p.setPen(th.qcolor("muted"))
                p.drawText(QPointF(x + h, cy + base), "bias b (click to edit)")
            x += width + gap
        cy += row_h


def _marker(p, colour, at: QPointF, size: float, shape: str):
    if shape == "dot":
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        p.drawEllipse(at, size, size)
    elif shape == "diamond":
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        p.drawPolygon(QPolygonF([QPointF(at.x(), at.y() - size * 1.3),
                                 QPointF(at.x() + size, at.y()),
                                 QPointF(at.x(), at.y() + size * 1.3),
                                 QPointF(at.x() - size, at.y())]))
    elif shape == "line":
        p.setPen(_pen(colour, size * 0.8))
        p.drawLine(QPointF(at.x() - size * 1.3, at.y()), QPointF(at.x() + size * 1.3, at.y()))
    else:
        p.setPen(_pen(colour, max(2.0, size * 0.45)))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(at, size * 1.1, size * 1.1)


# -- the moving overlay --------------------------------------------------------------------------
def paint_overlay(c, p: QPainter):
    """The active beat: pulses, the highlighted units and edges, updates sliding old → new."""
    pl = c.player
    if pl is None or not pl.active or c.player.trace is None:
        return
    th = theme.current()
    lay, m = c.net_layout, c.model
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    t = pl.progress
    r = lay.radius
    hl = th.qcolor("highlight")
    ring = _pen(hl, max(3.0, r * 0.2) * th.edge_scale)
    phase = pl.active[0].phase
    sq = c.show_thumbnails and bool(c._thumbs)
    size = max(4.0, r * 0.28)
    small = make_font(lay.font_px * 0.85)
    fms = QFontMetricsF(small)
    if phase == "forward":
        fwd = th.qcolor("forward")
        for ev in pl.active:
            dst = lay.unit_pos(ev.layer + 1, ev.unit)
            if dst is None:
                continue
            src_col = lay.columns[ev.layer]
            travel = min(1.0, t / 0.6)
            for j in (src_col.shown if travel < 1.0 else ()):
                src = src_col.pos[j]
                _marker(p, fwd, lerp(src, dst, travel), size, "dot")
            _ring(p, ring, dst, r, sq)
    elif phase == "backward":
        bwd = th.qcolor("backward")
        for ev in pl.active:
            dst = lay.unit_pos(ev.layer + 1, ev.unit)
            if dst is None:
                continue
            travel = min(1.0, t / 0.6)
            if travel >= 1.0:
                pass
            elif ev.is_output:
                src = QPointF(dst.x() + r * 3.0, dst.y())
                _marker(p, bwd, lerp(src, dst, travel), size, "diamond")
            else:
                nxt = lay.columns[ev.layer + 2]
                for kk in nxt.shown:
                    _marker(p, bwd, lerp(nxt.pos[kk], dst, travel), size, "diamond")
            _ring(p, _pen(bwd, ring.widthF()), dst, r, sq)
    elif phase == "error":
        for ev in pl.active:
            unit = getattr(ev, "unit", None)
            if unit is None:
                continue
            pos = lay.unit_pos(len(lay.columns) - 1, unit)
            if pos is not None:
                _ring(p, ring, pos, r, sq)
    elif phase == "update":
        upd = th.qcolor("update")
        labels = len(pl.active) <= 3
        for ev in pl.active:
            ends = lay.bias_ends(ev.layer, ev.unit) if ev.input == BIAS and c.show_bias_nodes \
                else (None if ev.input == BIAS else lay.edge_ends(ev.layer, ev.unit, ev.input))
            w = m.weight(ev.layer, ev.unit, ev.input)
            if ends is not None:
                a, b = ends
                width = m.edge_width(w, theme.manager().zoom)
                p.setPen(_pen(upd, width + max(4.0, r * 0.18)))
                p.drawLine(a, b)
                p.setPen(_pen(m.edge_colour(w), width))
                p.drawLine(a, b)
                where = lerp(a, b, 0.55)
            else:
                pos = lay.unit_pos(ev.layer + 1, ev.unit)
                if pos is None:
                    continue
                br = c.bias_badge_rect(ev.layer + 1, ev.unit)
                p.setPen(_pen(upd, 3.0))
                p.setBrush(m.edge_colour(w))
                p.drawRect(br.adjusted(-2, -2, 2, 2))
                where = QPointF(br.left(), br.bottom())
            if labels:
                text_box(p, where, [(f"{fmt(ev.old)} → {fmt(ev.new)}", "update")], small, fms,
                         th, "center")
        if len(pl.active) > 3:
            targets = {(ev.layer, ev.unit) for ev in pl.active}
            for k, u in targets:
                pos = lay.unit_pos(k + 1, u)
                if pos is not None:
                    _ring(p, _pen(upd, ring.widthF() * 0.7), pos, r, sq)


def _ring(p, pen, at: QPointF, r: float, square: bool = False):
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    if square:
        p.drawRoundedRect(QRectF(at.x() - r * 1.22, at.y() - r * 1.22, r * 2.44, r * 2.44),
                          r * 0.2, r * 0.2)
    else:
        p.drawEllipse(at, r * 1.18, r * 1.18)
