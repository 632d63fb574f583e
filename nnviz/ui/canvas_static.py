"""The network canvas's static text: column titles fitted so that neighbours never
overlap, the input units' names (canvas_names), and the legend (weight colours and widths,
the accents, the bias badge), wrapped and shrunk to fit."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QFont,
    QFontMetricsF,
    QLinearGradient,
    QPainter,
    QPolygonF,
)

from . import theme
from .canvas_layout import MIN_FONT_PX, min_font_px
from .canvas_names import paint_input_names
from .canvas_text import Fonts, flat_pen, make_font, text_width
from .canvas_units import unit_geometry


def paint_static(c, p: QPainter):
    """What changes only with the layout, theme or weight scale: column titles, the
    inputs' names, legend."""
    th = theme.current()
    lay = c.net_layout
    f = Fonts.get(lay.font_px)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    _paint_titles(c, p, th, f)
    paint_input_names(c, p, th)
    _paint_legend(c, p, th, f.small, f.fms)


TITLE_MIN_PX = 10.0      # the titles' type never shrinks below this (about the small type
                         # of a canvas at 100 %): they take one-word names, else none show
TITLE_STYLES = ("full", "two", "short", "short_one")


def title_layout(c, f) -> tuple[QFont, QFontMetricsF, list[list[str]], float]:
    """(font, metrics, lines per column, top y) of the column titles (cached with the
    layout), fitted between the header and the units so that neighbours never overlap
    nor run off the canvas: one line, else name / activation on two lines, else short
    names (h1, h2 …), shrinking the font down to TITLE_MIN_PX; then the short names
    alone ("h1"); else no titles (lines all empty): a low canvas keeps its height for the
    network (canvas_layout._bands)."""
    lay = c.net_layout
    key = ("titles", tuple(c.column_title(ci) for ci in range(len(lay.columns))))
    fit = lay._segments.get(key)
    if fit is None:
        fit = lay._segments[key] = _fit_titles(c, lay)
    return fit


def _fit_titles(c, lay):
    cols = lay.columns
    gaps = [cols[i + 1].x - cols[i].x for i in range(len(cols) - 1)]
    gap = min(gaps) if gaps else lay.rect.width()
    edge = 2 * min(cols[0].x - lay.rect.left(), lay.rect.right() - cols[-1].x) - 4
    top = min(g[0].bounds.top() for g in (unit_geometry(c, ci) for ci in range(len(cols))) if g)
    px = lay.font_px * 0.85
    floor = min(px, TITLE_MIN_PX)

    def fits(font, fm, style):
        lines = [c.column_title_lines(ci, style) for ci in range(len(cols))]
        n = max(len(ls) for ls in lines)
        if n > lay.title_lines:
            return None
        widths = [max(text_width(fm, font, t) for t in ls) for ls in lines]
        y = max(lay.header.bottom(), top - fm.height() * (n + 0.5))
        if max(widths) <= min(gap * 0.94, gap - fm.height() * 0.6) \
                and max(widths[0], widths[-1]) <= edge \
                and y + fm.height() * n <= top:
            return font, fm, lines, y
        return None

    while True:
        font = make_font(px)
        fm = QFontMetricsF(font)
        for style in TITLE_STYLES:
            got = fits(font, fm, style)
            if got is not None:
                return got
        if px <= floor:
            return fits(font, fm, "name") or (font, fm, [[] for _ in cols], top)
        px = max(floor, px * 0.88)


def title_lines(c, col: int, style: str = "full") -> list[str]:
    """Column col's title in a style: "full" one line, "two" name / activation, "short"
    abbreviated (in, h1, h2 …, out) over the activation, "short_one" the same on one line
    (h1 · tanh), "name" the abbreviated name alone."""
    full = c.column_title(col)
    if style == "full":
        return [full]
    name, _, act = full.partition(" · ")
    if style != "two":
        n_cols = len(c.session.net.sizes)
        name = ("in" if col == 0 else "out" if col == n_cols - 1
                else f"h{col}" if n_cols > 3 else "h")
        act = {"leaky_relu": "leaky", "softmax": "softmax", "sigmoid": "σ"}.get(act, act)
        if style == "name" or not act:
            return [name]
        if style == "short_one":
            return [f"{name} · {act}"]
    return [name, act] if act else [name]


def _paint_titles(c, p, th, f):
    lay = c.net_layout
    font, fm, lines, y = title_layout(c, f)
    p.setFont(font)
    p.setPen(th.qcolor("muted"))
    for col, ls in zip(lay.columns, lines):
        for i, text in enumerate(ls):
            w = text_width(fm, font, text)
            p.drawText(QPointF(col.x - w / 2, y + fm.ascent() + i * fm.height()), text)


def ramp_ends(w_scale: float) -> tuple[str, str]:
    """The colour ramp's end labels: weights beyond them get the end colours (the scale is
    the 95th percentile of |w|, so a few larger weights do), hence ≤ and ≥."""
    return f"≤ −{w_scale:.2g}", f"≥ +{w_scale:.2g}"


def legend_items(c, fm, room: float = float("inf")) -> list[tuple[str, float, object]]:
    """(kind, width, data) of the legend's items, in order (the colour ramp shortened, to
    no less than three lines' height, when it is wider than `room`)."""
    m = c.model
    h = fm.height()
    low, high = ramp_ends(m.w_scale)
    labels = fm.horizontalAdvance(f"weight {low}") + fm.horizontalAdvance(high) + 12
    ramp = max(min(120 * c.net_layout.font_px / 15, room - labels), min(3 * h, room))
    items = [("ramp", labels + ramp, ramp)]
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


LEGEND_MIN_PX = 10.0     # the legend's type never shrinks below this (at 100 %; with a zoom,
                         # legend_min_px): items are left out


def legend_min_px(zoom: float) -> float:
    """The legend's smallest type at this zoom: it grows as the canvas's smallest type
    does (in projector type a legend at 10 px, against 22-px text elsewhere, was too
    small to read from the back of a room; the colour guide explains every item)."""
    return LEGEND_MIN_PX * min_font_px(zoom) / MIN_FONT_PX


def legend_rows(c, rect: QRectF, font: QFont):
    """(font, metrics, rows of items) of the legend: wrapped to the width, the font
    shrunk until every item fits the width and the rows fit the legend's height; below
    legend_min_px the last items are left out instead (on a tiny canvas the type had gone
    down to 8 px): the bias badge's note, then the current step's ring, …; when not even
    the colour ramp fits (a low canvas: canvas_layout._bands gave the legend no room), no
    legend (rows empty)."""
    px = float(font.pixelSize())
    floor = min(px, legend_min_px(theme.manager().zoom))
    drop = 0
    while True:
        f = make_font(px)
        fm = QFontMetricsF(f)
        gap = fm.height()
        rows, row, x = [], [], 0.0
        items = legend_items(c, fm, rect.width())
        items = items[:len(items) - drop]
        for item in items:
            if row and x + item[1] > rect.width():
                rows.append(row)
                row, x = [], 0.0
            row.append(item)
            x += item[1] + gap
        if row:
            rows.append(row)
        fits = (max((w for _k, w, _d in items), default=0.0) <= rect.width()
                and len(rows) * fm.height() * 1.3 <= rect.height() + 1)
        if fits or not items:
            return f, fm, rows
        if px > floor:
            px = max(floor, px * 0.9)
        else:
            drop += 1


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
                low, high = ramp_ends(m.w_scale)
                label = f"weight {low}"
                p.drawText(QPointF(x, cy + base), label)
                bx = x + fm.horizontalAdvance(label) + 6
                grad = QLinearGradient(bx, 0, bx + data, 0)
                for s in (-1.0, -0.5, 0.0, 0.5, 1.0):
                    grad.setColorAt((s + 1) / 2, theme.diverging(s, 1.0))
                p.fillRect(QRectF(bx, cy - h * 0.3, data, h * 0.6), QBrush(grad))
                p.setPen(th.qcolor("muted"))
                p.drawText(QPointF(bx + data + 6, cy + base), high)
            elif kind == "width":
                w, text = data
                p.setPen(m.edge_pen(w * m.w_scale))
                p.drawLine(QPointF(x, cy), QPointF(x + h * 1.6, cy))
                p.setPen(th.qcolor("muted"))
                p.drawText(QPointF(x + h * 1.6 + 4, cy + base), text)
            elif kind == "accent":
                role, text, shape = data
                marker(p, th.qcolor(role), QPointF(x + h * 0.4, cy), h * 0.32, shape)
                p.setPen(th.qcolor("muted"))
                p.drawText(QPointF(x + h, cy + base), text)
            elif kind == "bias":
                s = h * 0.55
                p.setPen(flat_pen(th.qcolor("muted"), 1.0))
                p.setBrush(th.qcolor("surface"))
                p.drawRect(QRectF(x + h * 0.4 - s / 2, cy - s / 2, s, s))
                p.setPen(th.qcolor("muted"))
                p.drawText(QPointF(x + h, cy + base), "bias b (click to edit)")
            x += width + gap
        cy += row_h


def marker(p, colour, at: QPointF, size: float, shape: str):
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
        p.setPen(flat_pen(colour, size * 0.8))
        p.drawLine(QPointF(at.x() - size * 1.3, at.y()), QPointF(at.x() + size * 1.3, at.y()))
    else:
        p.setPen(flat_pen(colour, max(2.0, size * 0.45)))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(at, size * 1.1, size * 1.1)
