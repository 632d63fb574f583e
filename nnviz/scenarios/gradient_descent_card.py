"""The card over the loss landscape with the numbers of the point under the mouse (or the
keys' point: gradient_descent_keys); its text comes from gradient_descent_readout.

The card always shows whole inside the plot, and beside the point it describes, never over
it, whenever there is room for that: first at its own type, wrapped at CARD_SHARE of the
plot's width (or as narrow as the room beside the point); on a short plot (a projector at
200 %) as wide as the plot, in fewer lines; then in smaller type, down to the app's body
text at 100 % (never smaller). Where no place clear of the point fits even then, it shows in
that smallest type, in its fewest lines, in the plot's corner away from the point.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QWidget

from ..ui import theme
from ..ui.appearance import BASE_FONT_PX
from . import neuron_plots as npl
from .gradient_descent_readout import loose, strict, widest_phrase

CARD_SHARE = 0.55       # the card's lines wrap at most at this share of the plot's width
CARD_PT = (13, 11, 10)  # its type × zoom: a roomy plot, a small one (22 px on a projector),
#                         and where neither can avoid the point
SMALLER = 0.88          # below CARD_PT: each smaller type tried is this share of the last
EDGE = 4                # px between the card and the plot's edges
SMALL_PLOT = (560, 330)     # a plot narrower or less tall than this (× zoom) is small


class HoverCard(QLabel):
    """A card over the landscape with the numbers under the mouse; it never takes the mouse
    (clicks go through to the landscape), always shows whole inside the plot, and does not
    cover the point it describes: below or above it, else beside it (module docstring). On
    a small plot it is compact: smaller type and padding."""

    def __init__(self, host: QWidget):
        super().__init__(host)
        self.setObjectName("descent_card")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setIndent(0)       # (a framed label indents by half an "x": its lines were cut)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()
        self.restyle()

    def restyle(self):
        self._look = None           # (type, compact) of the current font and style sheet
        self._shown = None          # what the card was last laid out for (show_at)
        self._set_look(CARD_PT[0], False)

    def _set_look(self, pt: float, compact: bool):
        """The card's type (`pt` × zoom points) and frame (thinner when compact)."""
        old, self._look = self._look, (pt, compact)
        if old is None or old[0] != pt:
            f = QFont(self.font())
            f.setPointSizeF(npl.font_pt(pt))
            self.setFont(f)
        if old is not None and old[1] == compact:
            return
        t, z = theme.current(), theme.manager().zoom
        border = max(1, round((0.9 if compact else 1.5) * z * t.edge_scale))
        self.setStyleSheet(f"#descent_card {{ color: {t.text}; background: {t.surface}; "
                           f"border: {border}px solid {t.muted};"
                           f" border-radius: {round((4 if compact else 6) * z)}px;"
                           f" padding: {round((4 if compact else 6) * z)}px; }}")

    def smallest_pt(self) -> float:
        """The least type the card takes (× zoom, as CARD_PT): the app's body text at 100 %
        (BASE_FONT_PX), or CARD_PT's least at 100 % if that is smaller still."""
        body = BASE_FONT_PX * 72 / max(1, self.logicalDpiY())        # points
        return min(CARD_PT[-1], body / theme.manager().zoom)

    def _smaller(self, than: float) -> list[float]:
        """The types below `than` that a card too big for its plot steps down to."""
        least, pts = self.smallest_pt(), []
        pt = than * SMALLER
        while pt > least * 1.02:
            pts.append(round(pt, 2))
            pt *= SMALLER
        return pts + [least] if least < than else pts

    def _fit(self, html: str, room: int):
        """Text and size: one line each when they fit in `room` px, else wrapped between
        phrases, or also at their soft places, or at any space; no wider than its lines.
        (resize, not a fixed size: that would stay the least of QLabel's next hints.)"""
        self.setWordWrap(False)
        self.setText(strict(html))
        if self.sizeHint().width() <= room:
            self.resize(self.sizeHint())
            return
        m = self.contentsMargins()
        room_text = room - m.left() - m.right() - 2
        text = next((form for form in (strict(html), strict(html, soft=True))
                     if widest_phrase(form, self.font()) <= room_text), loose(html))
        self.setWordWrap(True)
        self.setText(text)
        width = min(room, room - room_text + 1 + int(widest_phrase(text, self.font(),
                                                                   room_text)))
        self.resize(width, self.heightForWidth(width))

    def _place(self, at: QPoint, off: int) -> QPoint | None:
        """Where the card, at its size, shows without covering `at` (at least `off` px
        away): below or above it (to its right, else left), else on its right or left (level
        with it); None when nowhere inside the host."""
        host = self.parentWidget()
        W, H, w, h = host.width(), host.height(), self.width(), self.height()
        if w > W - 2 * EDGE or h > H - 2 * EDGE:
            return None
        right, left = at.x() + off, at.x() - off - w
        x = max(EDGE, min(right if right + w <= W - EDGE else left, W - w - EDGE))
        if at.y() + off + h <= H - EDGE:
            return QPoint(x, at.y() + off)
        if at.y() - off - h >= EDGE:
            return QPoint(x, at.y() - off - h)
        y = max(EDGE, min(at.y() - h // 2, H - h - EDGE))
        if right + w <= W - EDGE:
            return QPoint(right, y)
        return QPoint(left, y) if left >= EDGE else None

    def _corner(self, at: QPoint) -> QPoint:
        """The plot's corner away from `at`, the card inside the plot (as far as it fits)."""
        host = self.parentWidget()
        W, H, w, h = host.width(), host.height(), self.width(), self.height()
        x = EDGE if at.x() > W / 2 else W - w - EDGE
        y = EDGE if at.y() > H / 2 else H - h - EDGE
        return QPoint(max(EDGE, x), max(EDGE, y))

    def _most_pt(self, html: str, looks: list[tuple[float, bool]], full: int) -> float:
        """The largest type of `looks` ((type, compact), largest first) whose fewest lines
        (the plot's width) are not taller than the plot: no larger type can show whole. (A
        bisection: a few layouts instead of one per type, on every move of the mouse.)"""
        room = self.parentWidget().height() - 2 * EDGE

        def fits(i: int) -> bool:
            self._set_look(*looks[i])
            self._fit(html, full)
            return self.height() <= room
        if fits(0):                     # (a roomy plot: its own type)
            return looks[0][0]
        lo, hi = 1, len(looks) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if fits(mid):
                hi = mid
            else:
                lo = mid + 1
        return looks[lo][0]

    def show_at(self, html: str, at: QPoint):
        """Show `html` beside the point `at` (host coordinates), whole inside the host: at
        its type, wrapped at the plot's share or as narrow as the room on the point's wider
        side; else as wide as the plot; else in smaller type (module docstring)."""
        host = self.parentWidget()
        W, H = host.width(), host.height()
        z = theme.manager().zoom
        key = (html, W, H, at.x(), at.y(), z)
        if key != self._shown:          # (the mouse moved on the same point: as it is)
            self._lay_out(html, at, W, H, z)
            self._shown = key
        self.raise_()
        self.show()

    def _lay_out(self, html: str, at: QPoint, W: int, H: int, z: float):
        """Type, text, size and place of the card (show_at), tried largest and roomiest
        first; the first that fits whole clear of the point is kept."""
        off = round(15 * z)          # clear of the ring drawn round a hovered point
        compact = W < SMALL_PLOT[0] * z or H < SMALL_PLOT[1] * z
        full = max(40, W - 2 * EDGE)
        cap = max(min(80, full), min(full, round(CARD_SHARE * W)))
        beside = max(40, min(cap, max(at.x(), W - at.x()) - off - EDGE))
        own = list(CARD_PT[1:] if compact else CARD_PT)
        smaller = self._smaller(own[-1])
        most = self._most_pt(html, [(pt, compact) for pt in own]
                             + [(pt, True) for pt in smaller], full)
        tries = ([(pt, room, compact) for pt in own for room in (cap, beside)]
                 + [(pt, full, compact) for pt in own]
                 + [(pt, room, True) for pt in smaller for room in (cap, beside, full)])
        pos = None
        for pt, room, small in dict.fromkeys(t for t in tries if t[0] <= most):
            self._set_look(pt, small)
            self._fit(html, room)
            if (pos := self._place(at, off)) is not None:
                break
        else:       # nowhere clear of the point: whole, in its fewest lines, far from it
            self._set_look(smaller[-1] if smaller else own[-1], True)
            self._fit(html, full)
            pos = self._corner(at)
        self.move(pos)
