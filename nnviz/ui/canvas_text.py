"""Text and pens for the network canvas: fonts made once per size, cached static texts and
widths, small text cards, and flat-capped pens."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QPainter,
    QPen,
    QStaticText,
)


def make_font(px: float, bold: bool = False) -> QFont:
    f = QFont()
    f.setPixelSize(max(8, int(round(px))))
    f.setBold(bold)
    return f


def flat_pen(colour, width, style=Qt.PenStyle.SolidLine):
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


_WIDTHS: dict = {}      # (pixel size, bold) → {text: width}


def width_table(font: QFont) -> dict:
    """The remembered text widths of one font size: text → fm.horizontalAdvance(text), as
    text_width fills it (looked up once, e.g. per column of value cards)."""
    key = (font.pixelSize(), font.bold())
    table = _WIDTHS.get(key)
    if table is None:
        if len(_WIDTHS) > 64:
            _WIDTHS.clear()
        table = _WIDTHS[key] = {}
    return table


def text_width(fm: QFontMetricsF, font: QFont, text: str, table: dict | None = None) -> float:
    """fm.horizontalAdvance(text), remembered per font size (values repeat a lot); `table`:
    width_table(font), when the caller has it."""
    if table is None:
        table = width_table(font)
    w = table.get(text)
    if w is None:
        if len(table) > 20000:
            table.clear()
        w = table[text] = fm.horizontalAdvance(text)
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


def text_box_rect(pos: QPointF, lines, font: QFont, fm: QFontMetricsF,
                  anchor: str = "left", width: float | None = None) -> QRectF:
    """The rectangle of text_box's card for these lines at pos (anchor: which side of the
    card pos is on: left, center or right; pos is its top); `width`: their lines_width,
    when the caller has it."""
    fh = fm.height()
    w = lines_width(lines, font, fm) if width is None else width
    h = fh * len(lines) + 2 * (fh * 0.18) * 0.6
    x = pos.x() - (w / 2 if anchor == "center" else (w if anchor == "right" else 0))
    return QRectF(x, pos.y(), w, h)


def card_height(fm: QFontMetricsF, n: int) -> float:
    """The height of text_box's card of n lines (text_box_rect's, without the widths)."""
    return fm.height() * (n + 0.216)


def lines_width(lines, font: QFont, fm: QFontMetricsF, table: dict | None = None) -> float:
    """The width of text_box's card for these lines (the widest line and the padding);
    `table`: width_table(font), when the caller has it."""
    if table is None:
        table = width_table(font)
    if len(lines) == 1:
        return text_width(fm, font, lines[0][0], table) + fm.height() * 0.36
    return max(text_width(fm, font, t, table) for t, _ in lines) + fm.height() * 0.36


def text_box_layout(pos: QPointF, lines, font: QFont, fm: QFontMetricsF,
                    anchor: str = "left", width: float | None = None) -> tuple[QRectF, list]:
    """text_box's card rectangle and where each line goes: [(QPointF, text, role)]
    (`width`: as text_box_rect's)."""
    fh = fm.height()
    pad = fh * 0.18
    r = text_box_rect(pos, lines, font, fm, anchor, width)
    x, y = r.x() + pad, pos.y() + pad * 0.6
    placed = []
    for text, role in lines:
        placed.append((QPointF(x, y), text, role))
        y += fh
    return r, placed


def text_box(p: QPainter, pos: QPointF, lines, font: QFont, fm: QFontMetricsF, th,
             anchor: str = "left", box: bool = True, roles: Roles | None = None) -> QRectF:
    """Lines of (text, role) on a small plain card; returns its rectangle."""
    if not lines:
        return QRectF()
    roles = roles if roles is not None else Roles(th)
    r, placed = text_box_layout(pos, lines, font, fm, anchor)
    if box:
        p.fillRect(r, roles["surface"])
    p.setFont(font)
    for at, text, role in placed:
        p.setPen(roles[role])
        p.drawStaticText(at, static_text(text))
    return r


class Fonts:
    """The canvas's fonts and metrics for one text size (made once, reused each frame)."""

    _cache: dict = {}

    def __init__(self, px: float):
        self.font = make_font(px)
        self.small = make_font(px * 0.85)
        self.bold = make_font(px * 1.05, bold=True)
        self.fm, self.fms = QFontMetricsF(self.font), QFontMetricsF(self.small)
        self.fmb = QFontMetricsF(self.bold)

    @classmethod
    def get(cls, px: float) -> Fonts:
        f = cls._cache.get(px)
        if f is None:
            if len(cls._cache) > 16:
                cls._cache.clear()
            f = cls._cache[px] = Fonts(px)
        return f
