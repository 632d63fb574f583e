"""The decision map's colour scale, in whichever form takes no room from the map (the owner,
DecisionBoundaryPlot with its _SquareBox, picks the form and the place):

- "row": under the plane and as wide as it: the strip between what its ends mean (class 0 ↔
  class 1, the output's value, a unit's output), what it measures written on its neutral
  middle. One line when the labels leave the strip at least 40 % of the plane (shorter texts
  first), else the strip over a line of labels, else the strip alone.
- "column": right of the plane and as tall as it: a vertical strip, its +1 end at the top,
  the labels beside it (on a projector the map is short and wide panels have room there).
- "compact": one short line where a row of controls leaves room (the ends' labels around a
  short strip; class swatches).
- "": not shown (no room anywhere: the map keeps its size).

A softmax map's scale is its class colours: a swatch and name per class (in a row, or one
under the other in a column), the names shortened to their numbers when the room is short.
The strip shows exactly the colours the map's image item draws: its lookup table faded by
the item's opacity over the background (a paler heatmap gets a paler strip), two blocks when
the map is discretized. It follows the theme and the zoom (its type is the axes'). Every
piece drawn (pieces()) lies inside the widget and no text overlaps another or an end of the
strip: the tests check that.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen
from PySide6.QtWidgets import QWidget

from . import theme

TICK_PT = 10.5          # the type of the axes' tick labels (× zoom)
STRIP_N = 256           # colours across the strip (the map's LUT size)
MIN_STRIP = 0.4         # a row's strip: at least this share of the plane's width
COMPACT_STRIP = 3.0     # the compact form's strip: this many lines long


@dataclass
class Scale:
    """What the strip shows: `colours` (n, 3) uint8 from −1 to +1 (or one per class with
    `classes`), and the texts for its low end, middle and high end, longest first
    (a narrow plane gets the shorter ones)."""
    colours: np.ndarray
    texts: list[tuple[str, str, str]] = field(default_factory=list)
    classes: list[str] | None = None     # class names: swatches instead of a strip
    note: str = ""                       # after the swatches (e.g. "pale = unsure")


@dataclass
class Piece:
    """One thing drawn: the strip, a swatch (class `index`) or a text (`name`: "left", "mid",
    "right" for a strip's low end, middle, high end; "class" or "note" beside swatches)."""
    kind: str
    rect: QRectF
    text: str = ""
    name: str = ""
    index: int = 0
    vertical: bool = False               # a strip from −1 (bottom) to +1 (top)


class ColourBar(QWidget):
    """The scale's strip (or swatches) and labels, in the form and the rectangle
    set_form(mode, rect) gives (the owner asks row_height, column_width and compact_width
    first); `image` is the map's ImageItem (its opacity fades the strip as it fades the
    map)."""

    def __init__(self, image, parent=None):
        super().__init__(parent)
        self._image = image
        self.scale: Scale | None = None
        self.mode = ""
        self.hide()

    # -- what is shown (also for tests) -------------------------------------------------------
    def set_scale(self, scale: Scale) -> bool:
        """True when the scale's texts or colours changed (its sizes may have)."""
        old = self.scale
        self.scale = scale
        changed = old is None or old.classes != scale.classes or old.texts != scale.texts \
            or old.note != scale.note or not np.array_equal(old.colours, scale.colours)
        if changed:
            self.setToolTip(self._tip())
            self.update()
        return changed

    def set_form(self, mode: str, rect: QRectF | None = None):
        """Show the scale as `mode` ("row", "column", "compact") in `rect` (the parent's
        coordinates), or hide it (mode "")."""
        self.mode = mode if self.scale is not None else ""
        if not self.mode or rect is None or rect.width() < 1 or rect.height() < 1:
            self.mode = ""
            self.hide()
            return
        geo = rect.toAlignedRect()
        if geo != self.geometry():
            self.setGeometry(geo)
        self.show()
        if self.parentWidget() is not None:
            self.raise_()
        self.update()

    def font_(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(TICK_PT * theme.manager().zoom)
        return font

    def strip_colours(self) -> np.ndarray:
        """(n, 3) uint8: the colours drawn, low to high (the scale's, faded as the map)."""
        if self.scale is None:
            return np.zeros((0, 3), np.uint8)
        alpha = float(self._image.opacity()) if self._image is not None else 1.0
        bg = QColor(theme.current().background)
        back = np.array([bg.red(), bg.green(), bg.blue()], float)
        c = back + (self.scale.colours.astype(float) - back) * alpha
        return np.clip(np.round(c), 0, 255).astype(np.uint8)

    def pieces(self) -> list[Piece]:
        """What is drawn now, in this widget's coordinates (nothing when hidden)."""
        w, h = float(self.width()), float(self.height())
        if self.scale is None or not self.mode:
            return []
        fitted = {"row": lambda: self._row(w), "column": lambda: self._column(h, w),
                  "compact": lambda: self._compact(w)}[self.mode]()
        return fitted[1] if fitted is not None else []

    def texts(self) -> tuple[str, str, str] | list[str]:
        """The labels drawn: (low end, middle, high end), or the class names and the note."""
        pieces = [p for p in self.pieces() if p.kind == "text"]
        if self.scale is not None and self.scale.classes is not None:
            return [p.text for p in pieces]
        named = {p.name: p.text for p in pieces}
        return named.get("left", ""), named.get("mid", ""), named.get("right", "")

    def strip_rect(self) -> QRectF:
        """Where the strip (or the swatches) is drawn, in this widget's coordinates."""
        rect = QRectF()
        for p in self.pieces():
            if p.kind in ("strip", "swatch"):
                rect = p.rect if rect.isNull() else rect.united(p.rect)
        return rect

    def _tip(self) -> str:
        s = self.scale
        if s.classes is not None:
            return "Colours: " + ", ".join(s.classes) + (f" ({s.note})" if s.note else "")
        left, mid, right = s.texts[0] if s.texts else ("", "", "")
        tip = f"Colour scale: {left} (left/bottom) to {right} (right/top)"
        return tip + (f"; the middle: {mid}" if mid else "")

    # -- sizes for the owner ------------------------------------------------------------------
    def _fm(self) -> QFontMetricsF:
        return QFontMetricsF(self.font_())

    def row_height(self, width: float) -> float | None:
        """The row form's height under a plane `width` wide (None: it cannot show there)."""
        fitted = self._row(width) if self.scale is not None else None
        return fitted[0] if fitted is not None else None

    def column_width(self, height: float, room: float) -> float | None:
        """The column form's width beside a plane `height` tall, at most `room` (None: it
        does not fit)."""
        fitted = self._column(height, room) if self.scale is not None else None
        return fitted[0] if fitted is not None else None

    def column_reserve(self) -> float:
        """The column form's usual width (a strip or swatch and "class 0"), whatever it
        shows now."""
        fm = self._fm()
        return round(0.8 * fm.height()) + fm.horizontalAdvance(" class 0") + 1

    def compact_width(self, room: float) -> float | None:
        """The compact form's width, at most `room` (None: it does not fit); its height is
        line_height()."""
        fitted = self._compact(room) if self.scale is not None else None
        return fitted[0] if fitted is not None else None

    def line_height(self) -> float:
        return float(np.ceil(self._fm().height())) + 2.0

    # -- the forms: (size along the free direction, pieces) or None ----------------------------
    def _candidates(self) -> list[tuple[str, str, str]]:
        """The scale's texts, longest first, then the last ones without the middle."""
        texts = list(self.scale.texts) or [("", "", "")]
        left, mid, right = texts[-1]
        return texts + ([(left, "", right)] if mid else [])

    def _text(self, fm, x: float, y: float, text: str, name: str) -> Piece:
        return Piece("text", QRectF(x, y, fm.horizontalAdvance(text), fm.height()), text, name)

    def _row(self, width: float):
        fm = self._fm()
        line = fm.height()
        if self.scale.classes is not None:
            fitted = self._swatch_line(width, with_note=True)
            return None if fitted is None else (line + 2, fitted[1])
        top = 1.0
        if width < 2 * line:              # (a sliver of a strip says nothing)
            return None
        candidates = self._candidates()
        first = candidates[0][::2]
        for ends in (True, False):       # the full ends' names, then shorter ones
            group = [c for c in candidates if (c[::2] == first) == ends]
            fitted = self._row_line(fm, width, group) or self._row_under(fm, width, group)
            if fitted is not None:
                return fitted
        thin = round(0.6 * line)          # the strip alone (its meaning in the tooltip)
        return thin + 2 * top, [Piece("strip", QRectF(0.0, top, width, thin))]

    def _row_line(self, fm, width: float, candidates):
        """One line: the ends' labels beside the strip, its middle's written on it."""
        line, pad, top = fm.height(), fm.horizontalAdvance(" "), 1.0
        for left, mid, right in candidates:
            wl, wm, wr = (fm.horizontalAdvance(t) for t in (left, mid, right))
            x0 = wl + pad if left else 0.0
            strip_w = width - x0 - (wr + pad if right else 0.0)
            if strip_w >= max(MIN_STRIP * width, 2 * line, wm + 2 * pad if mid else 0.0):
                strip = QRectF(x0, top, strip_w, line)
                out = [Piece("strip", strip)]
                if left:
                    out.append(self._text(fm, 0.0, top, left, "left"))
                if mid:
                    out.append(self._text(fm, strip.center().x() - wm / 2, top, mid, "mid"))
                if right:
                    out.append(self._text(fm, width - wr, top, right, "right"))
                return line + 2 * top, out
        return None

    def _row_under(self, fm, width: float, candidates):
        """Two lines: the strip as wide as the plane, the labels under its ends (and
        middle)."""
        line, pad, top = fm.height(), fm.horizontalAdvance(" "), 1.0
        thin = round(0.6 * line)
        y = top + thin + 2
        for left, mid, right in candidates:
            wl, wm, wr = (fm.horizontalAdvance(t) for t in (left, mid, right))
            if wl + wr + 2 * pad > width:
                continue
            out = [Piece("strip", QRectF(0.0, top, width, thin)),
                   self._text(fm, 0.0, y, left, "left"),
                   self._text(fm, width - wr, y, right, "right")]
            if mid and width / 2 - wm / 2 >= wl + 2 * pad and \
                    width / 2 + wm / 2 <= width - wr - 2 * pad:
                out.append(self._text(fm, width / 2 - wm / 2, y, mid, "mid"))
            return y + line + top, out
        return None

    def _column(self, height: float, room: float):
        fm = self._fm()
        line, pad = fm.height(), fm.horizontalAdvance(" ")
        if self.scale.classes is not None:
            return self._swatch_column(height, room)
        thick = round(0.7 * line)
        gap = 0.3 * line
        if height < 2 * line + gap:
            return None
        x = thick + pad
        for left, mid, right in self._candidates():
            if height < 3 * line + 2 * gap:
                mid = ""
            wide = x + max(fm.horizontalAdvance(t) for t in (left, mid, right)) + 1
            if wide > room:
                continue
            out = [Piece("strip", QRectF(0.0, 0.0, thick, height), vertical=True),
                   self._text(fm, x, 0.0, right, "right"),
                   self._text(fm, x, height - line, left, "left")]
            if mid:
                out.append(self._text(fm, x, height / 2 - line / 2, mid, "mid"))
            return wide, [p for p in out if p.kind != "text" or p.text]
        return None

    def _compact(self, room: float):
        fm = self._fm()
        line, pad = fm.height(), fm.horizontalAdvance(" ")
        if self.scale.classes is not None:
            return self._swatch_line(room, with_note=False, natural=True)
        pairs = [(left, right) for left, _mid, right in self._candidates()]
        for (left, right), length in ((p, n * line) for p in dict.fromkeys(pairs)
                                      for n in (COMPACT_STRIP, 2)):
            wl, wr = fm.horizontalAdvance(left), fm.horizontalAdvance(right)
            wide = (wl + pad if left else 0) + length + (wr + pad if right else 0) + 1
            if wide <= room:
                thick = round(0.7 * line)
                x0 = wl + pad if left else 0.0
                out = [Piece("strip", QRectF(x0, 1 + (line - thick) / 2, length, thick))]
                if left:
                    out.append(self._text(fm, 0.0, 1.0, left, "left"))
                if right:
                    out.append(self._text(fm, x0 + length + pad, 1.0, right, "right"))
                return wide, out
        return None

    def _names(self) -> list[list[str]]:
        """The class names, then shortened to their numbers."""
        full = list(self.scale.classes)
        return [full, [n.split()[-1] for n in full]]

    def _swatch_line(self, width: float, with_note: bool, natural: bool = False):
        """A swatch and name per class on one line, centred in `width` (or at its natural
        width), then the note (when `with_note` and it fits)."""
        fm = self._fm()
        line = fm.height()
        box, gap = round(0.8 * line), fm.horizontalAdvance("  ")
        note = self.scale.note if with_note else ""
        options = [(n, note) for n in self._names()[:1] if note] + \
            [(n, "") for n in self._names()]
        for names, note in options:
            widths = [box + gap / 2 + fm.horizontalAdvance(n) for n in names]
            total = sum(widths) + gap * (len(names) - 1) + \
                (gap + fm.horizontalAdvance(note) if note else 0)
            if total + 1 > width:
                continue
            x = 0.0 if natural else (width - total) / 2
            out = []
            for i, (name, w) in enumerate(zip(names, widths)):
                out.append(Piece("swatch", QRectF(x, 1 + (line - box) / 2, box, box), index=i))
                out.append(self._text(fm, x + box + gap / 2, 1.0, name, "class"))
                x += w + gap
            if note:
                out.append(self._text(fm, x, 1.0, note, "note"))
            return (total + 1 if natural else line + 2), out
        return None

    def _swatch_column(self, height: float, room: float):
        """A swatch and name per class, one under the other from the top (the note under
        them when it fits)."""
        fm = self._fm()
        line = fm.height()
        box, pad = round(0.8 * line), fm.horizontalAdvance(" ")
        step = 1.25 * line
        k = len(self.scale.classes)
        if k * step > height + 0.25 * line:
            return None
        for names in self._names():
            wide = box + pad + max(fm.horizontalAdvance(n) for n in names) + 1
            if wide > room:
                continue
            out = []
            for i, name in enumerate(names):
                y = i * step
                out.append(Piece("swatch", QRectF(0.0, y + (line - box) / 2, box, box), index=i))
                out.append(self._text(fm, box + pad, y, name, "class"))
            note = self.scale.note
            if note and (k + 0.25) * step + line <= height and \
                    fm.horizontalAdvance(note) + 1 <= wide:
                out.append(self._text(fm, 0.0, (k + 0.25) * step, note, "note"))
            return wide, out
        return None

    # -- painting -----------------------------------------------------------------------------
    def paintEvent(self, event):
        pieces = self.pieces()
        if not pieces:
            return
        t = theme.current()
        p = QPainter(self)
        p.setFont(self.font_())
        fm = self._fm()
        colours = self.strip_colours()
        border = QPen(QColor(t.muted), 1)
        for piece in pieces:
            if piece.kind == "strip":
                rgbx = np.full((len(colours), 4), 255, np.uint8)
                rgbx[:, :3] = colours
                rgbx = np.ascontiguousarray(rgbx[::-1, None] if piece.vertical
                                            else rgbx[None, :])
                h, w = rgbx.shape[:2]
                img = QImage(rgbx.data, w, h, 4 * w, QImage.Format.Format_RGBX8888)
                p.drawImage(piece.rect, img)   # nearest pixels: a discretized strip stays sharp
                p.setPen(border)
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(piece.rect)
            elif piece.kind == "swatch":
                r, g, b = colours[piece.index]
                p.setPen(border)
                p.setBrush(QColor(int(r), int(g), int(b)))
                p.drawRect(piece.rect)
            else:
                p.setPen(QColor(t.muted if piece.name == "note" else t.text))
                p.drawText(QPointF(piece.rect.left(), piece.rect.top() + fm.ascent()),
                           piece.text)
        p.end()
