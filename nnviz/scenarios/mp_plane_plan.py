"""Planning the McCulloch–Pitts plane: the type size first, then the largest square that
fits with every label whole and apart.

The type size starts from the zoom (projector type: corner labels of at least 16 px at
1280×720, where the old plan shrank them to 10 px to keep a square its plot had no room
for) and only drops when even a small square would not fit. The corners' labels go beside
the corners (the plot is usually wider than tall) or above and below them, whichever leaves
the larger square; titles and captions wrap onto a second line rather than shrink or cut.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF

from ..ui import theme

# type sizes as multiples of the unit u
TITLE, AXIS, CAPTION, LABEL, VALUE = 1.0, 1.0, 0.95, 0.8, 0.85
DISC = 0.75                 # a corner's disc radius
OVERHANG = 1.35             # disc, the current input's ring and its pen past the corner
MIN_SIDE = 4.5              # a square smaller than this many units: try smaller type
WRAP = int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap)


def font(base: QFont, px: float, bold: bool = False) -> QFont:
    f = QFont(base)
    f.setPixelSize(max(10, int(px)))
    f.setBold(bold)
    return f


def base_unit() -> float:
    """The unit the plane's type starts from: 14 px at 100 % (labels of 11 px), 21 px in
    projector type (labels of 16 px)."""
    return 14.0 * theme.manager().zoom


def wrapped(f: QFont, text: str, width: float, max_lines: int = 2) -> float | None:
    """The height of `text` wrapped to `width`, or None when it takes more lines."""
    fm = QFontMetricsF(f)
    if fm.horizontalAdvance(text) <= width:
        return fm.height()
    h = fm.boundingRect(QRectF(0, 0, max(1.0, width), 99 * fm.height()), WRAP, text).height()
    words = text.split()
    if round(h / fm.height()) > max_lines or any(fm.horizontalAdvance(w) > width
                                                 for w in words):
        return None
    return h


@dataclass
class Plan:
    u: float
    side: float                     # pixels from x = 0 to x = 1
    origin: QPointF                 # where (0, 0) is
    beside: bool                    # corner labels beside the corners (else above/below)
    title: QRectF
    xlabel: QRectF
    ylabel: QRectF
    caption: QRectF | None
    labels: dict                    # corner → QRectF of its label

    def to_px(self, a: float, b: float) -> QPointF:
        return QPointF(self.origin.x() + a * self.side, self.origin.y() - b * self.side)

    @property
    def margin(self) -> float:
        """How far past the corners (in x units) the shaded side and its line reach."""
        return (OVERHANG + 0.1) * self.u / max(1.0, self.side)


def plan(base: QFont, area: QRectF, u: float, title: str, xlabel: str, ylabel: str,
         caption: str | None, labels: dict, beside: bool,
         side_cap: float | None = None) -> Plan | None:
    """The square for type of unit `u` with the corner labels beside the corners or above
    and below them (no larger than `side_cap`); None when something cannot fit."""
    lf = font(base, u * LABEL)
    lfm = QFontMetricsF(lf)
    lw = {k: max(lfm.horizontalAdvance(t) for t in lines) + 0.3 * u
          for k, lines in labels.items()}
    lh = {k: len(lines) * lfm.lineSpacing() for k, lines in labels.items()}
    af = font(base, u * AXIS, True)
    afm = QFontMetricsF(af)
    inner = area.width() - 0.6 * u
    title_h = wrapped(font(base, u * TITLE, True), title, inner)
    cap_h = 0.0 if caption is None else wrapped(font(base, u * CAPTION, True), caption, inner)
    if title_h is None or cap_h is None:
        return None
    x_h, y_w, y_h = afm.height(), afm.horizontalAdvance(ylabel) + 0.2 * u, afm.height()
    o = OVERHANG * u
    gap = o + 0.1 * u                                 # corner centre to an outer label
    left_w = max(lw[k] for k in labels if k[0] == 0)
    right_w = max(lw[k] for k in labels if k[0] == 1)
    top_h = max(lh[k] for k in labels if k[1] == 1)
    bottom_h = max(lh[k] for k in labels if k[1] == 0)
    if beside:
        above, below = o, o
        left = o + 0.3 * u + max(left_w, y_w)
        right = o + 0.3 * u + right_w
        least = max(top_h, bottom_h) + y_h + 0.4 * u   # "x2" between the two labels
    else:
        above, below = gap + top_h, gap + bottom_h
        left = max(left_w / 2, o + 0.3 * u + y_w)
        right = max(right_w / 2, o + 0.3 * u)   # (the shaded side reaches 0.1 u past the
        #                                        ring, its line's pen 0.1 u more: margin)
        least = max(lw[(0, b)] / 2 + lw[(1, b)] / 2 for b in (0, 1)) + 0.4 * u
    fixed_v = (0.3 * u + title_h + 0.4 * u + above + below + 0.1 * u + x_h
               + (0.2 * u + cap_h if caption else 0.0) + 0.3 * u)
    side = min(area.height() - fixed_v, area.width() - 0.6 * u - left - right,
               side_cap or 1e9)
    if side < max(least, 1.0):
        return None
    spare_v = area.height() - fixed_v - side
    spare_h = area.width() - 0.6 * u - left - right - side
    y = area.y() + 0.3 * u + spare_v / 2
    title_r = QRectF(area.x() + 0.3 * u, y, inner, title_h)
    top = y + title_h + 0.4 * u + above                # the top corners' centres
    x0 = area.x() + 0.3 * u + left + spare_h / 2
    origin = QPointF(x0, top + side)
    xl = QRectF(x0 + side / 2 - 4 * u, origin.y() + below + 0.1 * u, 8 * u, x_h)
    yl = QRectF(x0 - o - 0.3 * u - y_w - 2 * u, top + side / 2 - y_h / 2, y_w + 2 * u, y_h)
    cap = (QRectF(area.x() + 0.3 * u, xl.bottom() + 0.2 * u, inner, cap_h)
           if caption else None)
    rects = {}
    for (a, b), w in lw.items():
        cx, cy = x0 + a * side, origin.y() - b * side
        if beside:
            x = cx + o + 0.3 * u - 0.15 * u if a else cx - o - 0.3 * u - w + 0.15 * u
            rects[(a, b)] = QRectF(x, cy - lh[(a, b)] / 2, w, lh[(a, b)])
        else:
            y0 = cy - gap - lh[(a, b)] if b else cy + gap
            rects[(a, b)] = QRectF(cx - w / 2, y0, w, lh[(a, b)])
    return Plan(u, side, origin, beside, title_r, xl, yl, cap, rects)


def _choose(plans: list[Plan], line: str | None) -> Plan | None:
    """Labels beside the corners unless the line runs through them there (a horizontal
    line), or unless above and below leaves a much larger square; above and below never
    when a vertical line runs through them."""
    by = {q.beside: q for q in plans}
    beside, stacked = by.get(True), by.get(False)
    if beside is None or stacked is None:
        return beside or stacked
    if line == "vertical":
        return beside
    if line == "horizontal":
        return stacked
    return stacked if stacked.side > 1.25 * beside.side else beside


def best(base: QFont, area: QRectF, title: str, xlabel: str, ylabel: str,
         caption: str | None, labels: dict, u_cap: float | None = None,
         line: str | None = None, side_cap: float | None = None) -> Plan | None:
    """The plan with the largest type that still leaves a square of MIN_SIDE units.
    `line`: "vertical", "horizontal" or "diagonal" when the drawn line runs through
    corners (their labels keep out of its way)."""
    u0 = base_unit()
    short = min(area.width(), area.height())
    u = min(max(u0, short / 22 * theme.manager().zoom), 1.5 * u0)
    if u_cap is not None:
        u = min(u, u_cap)
    floor = min(u, max(11.0, 0.6 * u0))
    fallback = None
    while True:
        plans = [q for q in (plan(base, area, u, title, xlabel, ylabel, caption, labels, b,
                                  side_cap) for b in (True, False)) if q is not None]
        roomy = [q for q in plans if q.side >= MIN_SIDE * u]
        if roomy:
            return _choose(roomy, line)
        if u <= floor:
            return _choose(plans, line) or fallback
        fallback = fallback or _choose(plans, line)
        u = max(floor, u * 0.94)
