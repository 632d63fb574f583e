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
    badge = not c.show_bias_nodes and len(c.session.net.sizes) > 1
    return legend_entries(fm, c.net_layout.font_px, c.model.w_scale, badge, room)


def legend_entries(fm, font_px: float, w_scale: float, badge: bool,
                   room: float = float("inf")) -> list[tuple[str, float, object]]:
    """legend_items for a canvas type, weight scale and bias badge (or not)."""
    h = fm.height()
    low, high = ramp_ends(w_scale)
    labels = fm.horizontalAdvance(f"weight {low}") + fm.horizontalAdvance(high) + 12
    ramp = max(min(120 * font_px / 15, room - labels), min(3 * h, room))
    items = [("ramp", labels + ramp, ramp)]
    for w, text in ((0.1, "small |w|"), (1.0, "large |w|")):
        items.append(("width", h * 1.6 + 4 + fm.horizontalAdvance(text), (w, text)))
    for role, text, shape in (("forward", "forward signal", "dot"),
                              ("backward", "backward δ", "diamond"),
                              ("update", "weight update", "line"),
                              ("highlight", "current step", "ring")):
        items.append(("accent", h + fm.horizontalAdvance(text), (role, text, shape)))
    if badge:
        items.append(("bias", h + fm.horizontalAdvance(BIAS_TEXT), None))
    return items


BIAS_TEXT = "bias b (click to edit)"
LEGEND_MIN_PX = 10.0     # the legend's type never shrinks below this (at 100 %; with a zoom,
                         # legend_min_px): items are left out, and a note says how many
                         # and where they are explained (note_forms)
ROW_EM = 1.3             # a legend row's height (line heights)
SAMPLE_SCALE = 0.77      # the weight scale legend_band measures with (before the weights
                         # are known): the ramp's ends at their usual widest, "≤ −0.77"


def legend_min_px(zoom: float) -> float:
    """The legend's smallest type at this zoom: it grows as the canvas's smallest type
    does (in projector type a legend at 10 px, against 22-px text elsewhere, was too
    small to read from the back of a room; the colour guide explains every item)."""
    return LEGEND_MIN_PX * min_font_px(zoom) / MIN_FONT_PX


def note_forms(n: int) -> tuple[str, ...]:
    """The note that ends a legend leaving out its last n items, longest first (Help ▸
    What the colours mean explains every item)."""
    return (f"+{n} more: Help ▸ What the colours mean", f"+{n} more (Help ▸ colours)",
            f"+{n} more (Help)", f"+{n} more")


def _wrap(items, width: float, gap: float) -> list[list]:
    """The items wrapped into rows of at most `width` (`gap` between neighbours)."""
    rows, row, x = [], [], 0.0
    for item in items:
        if row and x + item[1] > width:
            rows.append(row)
            row, x = [], 0.0
        row.append(item)
        x += item[1] + gap
    if row:
        rows.append(row)
    return rows


def _inner(width: float, font_px: float) -> float:
    """The legend's width for its items: the band less a margin each side (_paint_legend)."""
    return width - 2 * font_px


def legend_band(width: float, font_px: float, badge: bool, smallest: bool = False,
                max_rows: int | None = None) -> float:
    """The height of the legend's band on a canvas `width` wide: all its items wrapped to
    the width, in its type (the canvas's small type, or its smallest: legend_min_px),
    measured (canvas_layout._bands); at most max_rows rows."""
    px = font_px * 0.85
    if smallest:
        px = min(px, legend_min_px(theme.manager().zoom))
    fm = QFontMetricsF(make_font(px))
    inner = _inner(width, font_px)
    items = legend_entries(fm, font_px, SAMPLE_SCALE, badge, inner)
    n = len(_wrap(items, inner, fm.height()))
    if max_rows is not None:
        n = min(n, max_rows)
    # (_paint_legend's rect: the band less 0.2 font_px above and below; +1: rounding)
    return n * fm.height() * ROW_EM + font_px * 0.4 + 1


def legend_plan(c, rect: QRectF, font: QFont):
    """(font, metrics, rows, note) of the legend: its items wrapped to the width, the font
    shrunk until every item fits the width and the rows fit the legend's height; below
    legend_min_px the last items are left out instead (on a tiny canvas the type had gone
    down to 8 px; in projector type a narrow canvas had silently lost the bias badge's
    note): the bias badge's note, then the current step's ring, …, and the last row ends
    with a note of kind "note" saying how many and where they are explained (note_forms;
    `note` is its text, else None); when not even that fits (a low canvas:
    canvas_layout._bands gave the legend no room), no legend (rows empty)."""
    px = float(font.pixelSize())
    floor = min(px, legend_min_px(theme.manager().zoom))
    width = rect.width()

    def fits(rows, fm):
        return (max((w for row in rows for _k, w, _d in row), default=0.0) <= width
                and len(rows) * fm.height() * ROW_EM <= rect.height() + 1)

    while True:
        f = make_font(px)
        fm = QFontMetricsF(f)
        items = legend_items(c, fm, width)
        rows = _wrap(items, width, fm.height())
        if fits(rows, fm) or not items:
            return f, fm, rows, None
        if px <= floor:
            break
        px = max(floor, px * 0.9)
    for keep in range(len(items) - 1, -1, -1):
        for text in note_forms(len(items) - keep):
            note = ("note", fm.horizontalAdvance(text), text)
            rows = _wrap(items[:keep] + [note], width, fm.height())
            if fits(rows, fm):
                return f, fm, rows, text
    return f, fm, [], None


def legend_rows(c, rect: QRectF, font: QFont):
    """(font, metrics, rows of items) of the legend (legend_plan, without its note)."""
    f, fm, rows, _note = legend_plan(c, rect, font)
    rows = [[item for item in row if item[0] != "note"] for row in rows]
    return f, fm, [row for row in rows if row]


def _paint_legend(c, p, th, font, fm):
    """The legend, wrapped over as many rows as the width needs (bottom-aligned)."""
    lay, m = c.net_layout, c.model
    rect = lay.legend.adjusted(lay.font_px, lay.font_px * 0.2, -lay.font_px, -lay.font_px * 0.2)
    font, fm, rows, _note = legend_plan(c, rect, font)
    p.setFont(font)
    h = fm.height()
    gap = h
    row_h = h * ROW_EM
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
                p.setPen(m.edge_pen(w * m.w_scale, theme.manager().zoom))   # as the edges
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
                p.drawText(QPointF(x + h, cy + base), BIAS_TEXT)
            elif kind == "note":         # what is left out, and where it is explained
                p.setPen(th.qcolor("text"))
                p.drawText(QPointF(x, cy + base), data)
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
