"""Where the network canvas puts things: columns of units, elided large layers, edges.

Pure geometry (no painting). Columns: 0 is the inputs, column k + 1 is engine layer k.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtGui import QFontMetricsF

from .canvas_text import make_font
from .canvas_units import unit_reach

MAX_SHOWN = 12          # at most this many units drawn per column; the rest are elided


@dataclass
class Column:
    n: int                          # units in the layer
    shown: list[int]                # unit indices drawn
    pos: dict[int, QPointF]         # unit index → centre
    x: float
    more: int = 0                   # units elided
    more_pos: QPointF | None = None  # where the "… n more" mark goes
    bias_pos: QPointF | None = None  # the bias node (feeding the next column), if shown


@dataclass
class Layout:
    rect: QRectF
    columns: list[Column]
    radius: float
    font_px: float
    edges: list[tuple[int, int, int]] = field(default_factory=list)   # (layer, unit, input)
    header: QRectF = field(default_factory=QRectF)
    legend: QRectF = field(default_factory=QRectF)
    title_lines: int = 2            # the most lines the column titles may take (0: none)
    _segments: dict = field(default_factory=dict, repr=False)

    def unit_pos(self, col: int, unit: int) -> QPointF | None:
        return self.columns[col].pos.get(unit)

    def edge_ends(self, layer: int, unit: int, inp: int) -> tuple[QPointF, QPointF] | None:
        """(source, target) centres for weight W[layer][unit, inp] (None when elided)."""
        src = self.columns[layer].pos.get(inp)
        dst = self.columns[layer + 1].pos.get(unit)
        if src is None or dst is None:
            return None
        return src, dst

    def strip_segments(self, layer: int) -> list[QLineF]:
        """The drawn segments of layer's weights, in the order of `edges` (for each unit
        i, for each input j): centre to centre, minus the part hidden under the units."""
        key = ("w", layer)
        lines = self._segments.get(key)
        if lines is None:
            src, dst = self.columns[layer], self.columns[layer + 1]
            lines = [visible_segment(src.pos[j], dst.pos[i], self.radius, self.radius)
                     for i in dst.shown for j in src.shown]
            self._segments[key] = lines
        return lines

    def bias_segments(self, layer: int) -> list[QLineF]:
        """The bias edges from column layer's bias node to the next column's units."""
        key = ("b", layer)
        lines = self._segments.get(key)
        if lines is None:
            src, dst = self.columns[layer].bias_pos, self.columns[layer + 1]
            lines = [] if src is None else [
                visible_segment(src, dst.pos[i], self.radius * 0.7, self.radius)
                for i in dst.shown]
            self._segments[key] = lines
        return lines

    def strip_rect(self, layer: int) -> QRectF:
        """The band that holds layer's edges and nothing else: from column layer's centre
        line to the next column's, over the height of the units."""
        ys = [p.y() for col in self.columns for p in col.pos.values()]
        ys += [col.bias_pos.y() for col in self.columns if col.bias_pos is not None]
        pad = self.radius + 4
        top, bottom = min(ys) - pad, max(ys) + pad
        x0, x1 = self.columns[layer].x, self.columns[layer + 1].x
        return QRectF(x0, top, x1 - x0, bottom - top)

    def bias_ends(self, layer: int, unit: int) -> tuple[QPointF, QPointF] | None:
        src = self.columns[layer].bias_pos
        dst = self.columns[layer + 1].pos.get(unit)
        if src is None or dst is None:
            return None
        return src, dst


def shown_units(n: int, room: int) -> tuple[list[int], int]:
    """The unit indices drawn for a layer of n units with room for `room` slots, and how
    many are elided (the first ones, a gap, and the last one)."""
    room = max(3, min(MAX_SHOWN, room))
    if n <= room:
        return list(range(n)), 0
    first = room - 2            # one slot for the "… more" mark, one for the last unit
    return list(range(first)) + [n - 1], n - first - 1


LEFT_MARGIN_EM = 7.5      # room left of the inputs (font_px): their values
RIGHT_MARGIN_EM = 13.5    # room right of the outputs (font_px): their values and target card
TITLE_ONE_LINE_EM = 8.5   # column gap (in font_px) below which titles need two lines
MARGINS_SHARE = 0.55      # the value margins take at most this share of the canvas width
MIN_FONT_PX = 12.0        # (unless the type would go below this: then the margins shrink;
                          # with a zoom (projector type) it is larger: min_font_px)
HEIGHT_EM = 12.0          # a low canvas: the type is at most its height / this (down to
                          # min_font_px), so that the text leaves the network some height
BODY_SHARE = 0.5          # the bands of text (header, titles, legend, the bottom unit's
                          # card) leave the network at least this share of the height: bands
                          # give way in order (the bottom, legend, titles, header: _bands)
SLOT_EM = 2.4             # a unit's row (font_px) when there is room: two-line value cards
                          # (value and δ) beside every unit
R_MIN_EM = 0.55           # the smallest unit radius (font_px) a layer is packed down to, so
                          # as to show more of its units rather than elide them. font_px never
                          # goes below min_font_px, the type sized to be read from the back
                          # of a classroom (18 px in projector mode), so a unit's square (2 r
                          # = 1.1 em, 20 px there) stays about a line of that type high: its
                          # colour, thumbnail and frame are as visible as the canvas's text.
                          # Smaller, a projected unit shrank to a speck whose thumbnail read
                          # as one flat colour; larger (the old 2.4-em rows), an 8-unit hidden
                          # layer in a 1280 × 720 projector window showed only 3 units
R_SHARE = 0.34            # a unit's radius is this share of its row; packed rows (down to
PACKED_SHARE = 0.36       # R_MIN_EM) give it up to this share: the gap between squares still
                          # keeps the frames, bias badges and one-line value cards apart, and
                          # the current step's ring (1.32 r) clear of the neighbours' squares


FULL_ZOOM = 1.5           # up to this zoom (projector type) the smallest canvas type grows
                          # with the zoom, beyond it with √zoom: min_font_px


def min_font_px(zoom: float) -> float:
    """The smallest canvas type at this zoom. Up to FULL_ZOOM it grows as all other text
    does: a narrow canvas in projector type had the 12 px of a desktop one (its column
    titles and legend ~10 px, against 20-px text everywhere else), then ~15 px (with
    √zoom), still the smallest type on the screen. Beyond it, more slowly: at 250 % type
    growing with the zoom left a small window room for two of a layer's four units."""
    zoom = max(1.0, zoom)
    return MIN_FONT_PX * min(zoom, FULL_ZOOM) * max(1.0, zoom / FULL_ZOOM) ** 0.5


def compute(sizes: list[int], rect: QRectF, zoom: float = 1.0, bias_nodes: bool = False,
            thumbnails: bool = False) -> Layout:
    """Lay the network out left to right inside rect."""
    font_px = max(11.0, min(30.0, 15.0 * zoom * max(0.75, min(1.6, rect.height() / 700.0))))
    # a narrow canvas (e.g. projector type beside big panels): smaller type, so that the
    # margins for the values (LEFT + RIGHT_MARGIN_EM) leave the network most of the width
    font_px = max(min_font_px(zoom), min(font_px, rect.width() * MARGINS_SHARE
                                   / (LEFT_MARGIN_EM + RIGHT_MARGIN_EM)))
    font_px = max(min_font_px(zoom), min(font_px, rect.height() / HEIGHT_EM))
    n_cols = len(sizes)
    # left: the inputs' values; right: the outputs' values and the target / error card
    # (narrower still than the smallest type allows: the network keeps its share anyway)
    squeeze = min(1.0, rect.width() * MARGINS_SHARE
                  / (font_px * (LEFT_MARGIN_EM + RIGHT_MARGIN_EM)))
    left, right = font_px * LEFT_MARGIN_EM * squeeze, font_px * RIGHT_MARGIN_EM * squeeze
    col_gap = (rect.width() - left - right) / max(1, n_cols - 1)
    two_lines = n_cols > 1 and col_gap < font_px * TITLE_ONE_LINE_EM
    badge = not bias_nodes and n_cols > 1
    header_h, title_h, title_lines, legend_h, bottom_h = _bands(rect, font_px, two_lines, badge)
    extra = 1 if bias_nodes else 0
    need = max(sizes) + extra
    if need > _slots(rect.height() - header_h - title_h - legend_h - bottom_h,
                     SLOT_EM * font_px) and bottom_h > font_px * 1.7:
        bottom_h = font_px * 1.7     # packed rows have one-line cards: less room under them
    body = QRectF(rect.left() + left, rect.top() + header_h + title_h,
                  rect.width() - left - right,
                  rect.height() - header_h - title_h - legend_h - bottom_h)
    room = _slots(body.height(), SLOT_EM * font_px)
    if need > room:     # a layer would be elided: rows down to the smallest legible unit
        room = max(room, min(need, _slots(body.height(), packed_slot(font_px, badge))))
    room = max(3, room - extra)
    most = max(min(s, room, MAX_SHOWN) for s in sizes) + extra
    row_gap = body.height() / max(1, most)
    row_r = max(row_gap * R_SHARE, min(R_MIN_EM * font_px, row_gap * PACKED_SHARE))
    radius = min(col_gap * 0.2, row_r, font_px * (2.6 if thumbnails else 1.9))
    radius = max(6.0, radius)
    columns = []
    for c, n in enumerate(sizes):
        x = body.left() + c * col_gap if n_cols > 1 else body.center().x()
        shown, more = shown_units(n, room)
        slots = len(shown) + (1 if more else 0)
        total = slots + (1 if bias_nodes and c < n_cols - 1 else 0)
        top = body.center().y() - (total - 1) * row_gap / 2
        pos: dict[int, QPointF] = {}
        more_pos = None
        slot = 0
        for idx, u in enumerate(shown):
            if more and idx == len(shown) - 1:
                more_pos = QPointF(x, top + slot * row_gap)
                slot += 1
            pos[u] = QPointF(x, top + slot * row_gap)
            slot += 1
        bias_pos = None
        if bias_nodes and c < n_cols - 1:
            bias_pos = QPointF(x, top + slot * row_gap)
        columns.append(Column(n, shown, pos, x, more, more_pos, bias_pos))
    edges = []
    for k in range(n_cols - 1):
        for i in columns[k + 1].shown:
            for j in columns[k].shown:
                edges.append((k, i, j))
    header = QRectF(rect.left(), rect.top(), rect.width(), header_h)
    legend = QRectF(rect.left(), rect.bottom() - legend_h, rect.width(), legend_h)
    return Layout(rect, columns, radius, font_px, edges, header, legend, title_lines)


def _slots(height: float, slot: float) -> int:
    """How many rows of `slot` px fit in height."""
    return int(height // (slot + 1e-9))


def packed_slot(font_px: float, badge: bool) -> float:
    """The smallest row: a unit of radius R_MIN_EM × font_px at PACKED_SHARE of it, and no
    less than a "⋮ n more" mark (the small type, centred 0.6 of its line height above
    its slot: canvas_units._mark_plan) needs between the bounds of the units above and
    below it (at 100 % rows of 1.53 em left it a fraction of a pixel too little, and the
    marks gave way to none)."""
    r = R_MIN_EM * font_px
    fh = QFontMetricsF(make_font(font_px * 0.85)).height()
    return max(r / PACKED_SHARE, unit_reach(r, badge) + fh * 0.62 + 1.0)


def _bands(rect: QRectF, font_px: float, two_lines: bool, badge: bool = True):
    """(header, titles, title lines, legend, bottom) heights of the bands of text above and
    below the network. In full: the header, titles on one or two lines, the legend on as
    many rows as its items need at this width (measured: canvas_static.legend_band; it
    had two rows' room, and a narrow projector canvas left items out) and room under the
    bottom unit for its value card; when they would leave the network less than
    BODY_SHARE of the height (a low canvas, a large zoom) they give way in order: the room
    under the bottom unit, the legend to its rows at its smallest type, the titles to one
    line, the legend to one row (saying what it leaves out), then none, the titles to
    none, a slimmer header."""
    from .canvas_static import legend_band  # (an import cycle)
    f = font_px
    bands = {"header": f * 2.2, "titles": f * (2.8 if two_lines else 1.6),
             "legend": legend_band(rect.width(), f, badge), "bottom": f * 3.0}
    lines = 2 if two_lines else 1
    steps = (("bottom", f * 1.7), ("legend", legend_band(rect.width(), f, badge, True)),
             ("titles", f * 1.6), ("legend", legend_band(rect.width(), f, badge, True, 1)),
             ("legend", 0.0), ("titles", 0.0), ("header", f * 1.6), ("bottom", f * 0.6))
    need = rect.height() * BODY_SHARE
    for band, height in steps:
        if rect.height() - sum(bands.values()) >= need:
            break
        if band == "titles":
            lines = 1 if height else 0
        bands[band] = min(bands[band], height)
    return bands["header"], bands["titles"], lines, bands["legend"], bands["bottom"]


def dist_to_segment(p: QPointF, a: QPointF, b: QPointF) -> float:
    dx, dy = b.x() - a.x(), b.y() - a.y()
    L2 = dx * dx + dy * dy
    if L2 == 0:
        return math.hypot(p.x() - a.x(), p.y() - a.y())
    t = max(0.0, min(1.0, ((p.x() - a.x()) * dx + (p.y() - a.y()) * dy) / L2))
    return math.hypot(p.x() - (a.x() + t * dx), p.y() - (a.y() + t * dy))


def visible_segment(a: QPointF, b: QPointF, cut_a: float, cut_b: float) -> QLineF:
    """The segment a → b without its first cut_a and last cut_b pixels (the parts under
    the units at its ends; shorter lines are cheaper to antialias)."""
    line = QLineF(a, b)
    length = line.length()
    if length <= cut_a + cut_b + 1:
        return line
    return QLineF(line.pointAt(cut_a / length), line.pointAt(1 - cut_b / length))


def lerp(a: QPointF, b: QPointF, t: float) -> QPointF:
    return QPointF(a.x() + (b.x() - a.x()) * t, a.y() + (b.y() - a.y()) * t)
