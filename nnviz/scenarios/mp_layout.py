"""Where the McCulloch–Pitts drawing puts things: the header (title and reason), the legend
rows at the bottom, and the network in the band left between them.

The band is measured from the header's and the legend's real text, so the network never
runs into either (in projector type the legend takes three rows and the XOR network's unit
names had been drawn over it). No painting here: mp_view draws what this computes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF

LEGEND_LABELS = ("excitatory: counts 1 when on", "inhibitory: blocks the unit when on",
                 "lit = 1 (firing)")
LEGEND_ROW = 2.2        # legend row pitch, in units
NAME_ROOM = 1.9         # a unit's name above or below it: 1.6 u of text and a 0.3 u gap
WRAP = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap


@dataclass
class TextBox:
    text: str
    rect: QRectF
    font: QFont
    flags: int


@dataclass
class NetGeometry:
    u: float
    centres: list[QPointF]
    radii: list[float]
    header: list[TextBox]
    names: list[TextBox | None]
    legend: list[tuple[int, float, float]]   # (kind, x, y) of each legend entry
    output_end: QPointF
    output_text: QRectF
    band: QRectF                             # where the network may draw
    extra: dict = field(default_factory=dict)


def font(base: QFont, px: float, bold: bool = False) -> QFont:
    f = QFont(base)
    f.setPixelSize(max(10, int(px)))
    f.setBold(bold)
    return f


def fitted(base: QFont, text: str, width: float, px: float, min_px: float, bold: bool,
           top: float, left: float) -> TextBox:
    """`text` at `px`, smaller (down to `min_px`) when wider than `width`, wrapped onto
    more lines when even that is too wide: never cut at the edge."""
    f = font(base, px, bold)
    wide = QFontMetricsF(f).horizontalAdvance(text)
    if wide > width:
        f = font(base, max(min_px, px * width / wide), bold)
    fm = QFontMetricsF(f)
    if fm.horizontalAdvance(text) <= width:
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return TextBox(text, QRectF(left, top, width, fm.height() * 1.15), f, flags)
    rect = fm.boundingRect(QRectF(0, 0, width, 10 * fm.height()), int(WRAP), text)
    return TextBox(text, QRectF(left, top, width, rect.height() + 0.15 * fm.height()), f,
                   int(WRAP))


def legend_rows(base: QFont, u: float, width: float) -> list[list[int]]:
    """The legend's entries on rows as wide as the view allows."""
    fm = QFontMetricsF(font(base, u))
    widths = [fm.horizontalAdvance(x) + (2.4 if i == 2 else 6.0) * u
              for i, x in enumerate(LEGEND_LABELS)]
    rows: list[list[int]] = [[]]
    used, room = 0.0, width - 2 * u
    for i, w in enumerate(widths):
        if rows[-1] and used + w > room:
            rows.append([])
            used = 0.0
        rows[-1].append(i)
        used += w
    return rows


def legend_advance(base: QFont, u: float, kind: int) -> float:
    """How far a legend entry reaches to the right of where it starts."""
    w = QFontMetricsF(font(base, u)).horizontalAdvance(LEGEND_LABELS[kind])
    return (2.4 if kind == 2 else 5.4) * u + w


def compute(base: QFont, width: float, height: float, u: float, title: str, reason: str,
            units, n_in: int) -> NetGeometry:
    """Everything's place for a view of `width` × `height` at unit size `u`; `units` are the
    model's NetUnits (sources, name, meaning)."""
    # header: the title, the reason under it (each fitted to the width)
    head = fitted(base, title, width - 2 * u, 1.25 * u, 1.0 * u, True, 0.6 * u, u)
    why = fitted(base, reason, width - 2 * u, 1.0 * u, 0.85 * u, False,
                 head.rect.bottom() + 0.1 * u, u)
    top = why.rect.bottom() + 0.4 * u

    # legend: rows from the bottom up; the entries reach 1 u above and below their centre
    rows = legend_rows(base, u, width)
    y0 = height - 2.0 * u - (len(rows) - 1) * LEGEND_ROW * u
    legend = []
    for r, items in enumerate(rows):
        x = u
        for kind in items:
            legend.append((kind, x, y0 + r * LEGEND_ROW * u))
            x += legend_advance(base, u, kind)
    bottom = y0 - 1.0 * u - 0.6 * u

    # the network: columns by depth; names (when shown) need room above and below
    column = [0] * n_in
    for unit in units:
        column.append(1 + max(column[s] for s in unit.sources))
    n_cols = max(column) + 1
    show_names = len(units) > 1
    pad = NAME_ROOM * u if show_names else 0.0
    a, b = top + pad, max(top + pad + 1.0, bottom - pad)
    left, right = 7.0 * u, width - 13.0 * u
    xs = [left + (right - left) * c / max(1, n_cols - 1) for c in range(n_cols)]
    centres = []
    for i, c in enumerate(column):
        members = [j for j, cj in enumerate(column) if cj == c]
        k = members.index(i)
        centres.append(QPointF(xs[c], a + (b - a) * (k + 0.5) / len(members)))
    span = b - a
    r_in = min(2.0 * u, span / max(1, n_in) / 3.2)
    r_unit = min(3.6 * u if n_cols == 2 else 2.8 * u, span / 5.0)
    radii = [r_in] * n_in + [r_unit] * len(units)

    names: list[TextBox | None] = []
    name_font = font(base, 1.05 * u, True)
    fm = QFontMetricsF(name_font)
    mid = (a + b) / 2
    for k, unit in enumerate(units):
        if not show_names:
            names.append(None)
            continue
        node = n_in + k
        c, r = centres[node], radii[node]
        text = f"{unit.name} = {unit.meaning}"
        w = fm.horizontalAdvance(text) + 0.4 * u
        below = c.y() > mid + 1
        y = c.y() + r + 0.3 * u if below else c.y() - r - NAME_ROOM * u
        x = c.x() - w / 2
        # clear of the nodes in earlier columns at its height (the output's name had
        # touched h1)
        for j, cj in enumerate(column):
            cy, rj = centres[j].y(), radii[j]
            if cj < column[node] and cy - rj < y + 1.6 * u and cy + rj > y:
                x = max(x, centres[j].x() + rj + 0.5 * u)
        x = min(x, width - 0.5 * u - w)
        names.append(TextBox(text, QRectF(x, y, w, 1.6 * u), name_font,
                             int(Qt.AlignmentFlag.AlignCenter)))

    out = centres[-1]
    end = QPointF(width - 7.0 * u, out.y())
    return NetGeometry(u, centres, radii, [head, why], names, legend, end,
                       QRectF(end.x() + 0.5 * u, out.y() - 1.5 * u, 6.5 * u, 3.0 * u),
                       QRectF(0, top, width, bottom - top))
