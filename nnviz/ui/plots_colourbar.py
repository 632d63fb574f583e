"""The decision map's colour scale: one compact row right under the plane and as wide as it:
a strip from −1 (left) to +1 (right) in the map's own palette between what its ends mean for
the task (class 0 ↔ class 1, the output's value, a unit's output), what it measures written
on its neutral middle; for a softmax map, the class colours as swatches instead.

The strip shows exactly the colours the map's image item draws: its lookup table faded by
the item's opacity over the background (a paler heatmap gets a paler strip), two blocks
when the map is discretized. It follows the theme and the zoom (its type is the axes').
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from . import theme

TICK_PT = 10.5          # the type of the axes' tick labels (× zoom)
STRIP_N = 256           # colours across the strip (the map's LUT size)


@dataclass
class Scale:
    """What the strip shows: `colours` (n, 3) uint8 from −1 to +1 (or one per class with
    `classes`), and the texts under its left end, middle and right end, longest first
    (a narrow plane gets the shorter ones)."""
    colours: np.ndarray
    texts: list[tuple[str, str, str]] = field(default_factory=list)
    classes: list[str] | None = None     # class names: swatches instead of a strip
    note: str = ""                       # after the swatches (e.g. "pale = unsure")


class ColourBar(QWidget):
    """The strip and its labels, aligned with the plane: `span()` gives the plane's left
    edge and width in this widget's coordinates; `image` is the map's ImageItem (its
    opacity fades the strip as it fades the map)."""

    def __init__(self, span, image, parent=None):
        super().__init__(parent)
        self._span = span
        self._image = image
        self.scale: Scale | None = None
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    # -- what is shown (also for tests) -------------------------------------------------------
    def set_scale(self, scale: Scale):
        old = self.scale
        self.scale = scale
        if old is None or old.classes != scale.classes or old.texts != scale.texts \
                or old.note != scale.note or not np.array_equal(old.colours, scale.colours):
            self.updateGeometry()
            self.update()

    def font_(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(TICK_PT * theme.manager().zoom)
        return font

    def strip_colours(self) -> np.ndarray:
        """(n, 3) uint8: the colours drawn, left to right (the scale's, faded as the map)."""
        if self.scale is None:
            return np.zeros((0, 3), np.uint8)
        alpha = float(self._image.opacity()) if self._image is not None else 1.0
        bg = QColor(theme.current().background)
        back = np.array([bg.red(), bg.green(), bg.blue()], float)
        c = back + (self.scale.colours.astype(float) - back) * alpha
        return np.clip(np.round(c), 0, 255).astype(np.uint8)

    def texts(self) -> tuple[str, str, str] | list[str]:
        """The labels drawn: (left, middle, right), or the class names and the note."""
        if self.scale is None:
            return ("", "", "")
        if self.scale.classes is not None:
            names, note = self._class_labels(self._span_rect().width())
            return names + ([note] if note else [])
        return self._layout()[1]

    def strip_rect(self) -> QRectF:
        """Where the strip is drawn (this widget's coordinates)."""
        return self._layout()[0] if self.scale is not None and self.scale.classes is None \
            else self._span_rect()

    # -- geometry -----------------------------------------------------------------------------
    def _metrics(self) -> QFontMetricsF:
        return QFontMetricsF(self.font_())

    def _strip_h(self) -> float:
        return round(1.15 * self._metrics().height())

    def sizeHint(self):
        return QSize(160, int(round(self._strip_h() + 0.3 * self._metrics().height())))

    def minimumSizeHint(self):
        return self.sizeHint()

    def _span_rect(self) -> QRectF:
        """The plane's width, as a row of this widget."""
        left, width = self._span()
        left = max(0.0, min(left, self.width() - 20.0))
        width = max(20.0, min(width, self.width() - left))
        return QRectF(left, 0.15 * self._metrics().height(), width, self._strip_h())

    def _layout(self) -> tuple[QRectF, tuple[str, str, str]]:
        """The strip's rectangle and the texts: the ends' beside it (as long as leaves the
        strip at least half the plane), the middle's inside it, on the neutral middle."""
        row = self._span_rect()
        fm = self._metrics()
        pad = fm.horizontalAdvance(" ")
        texts = self.scale.texts or [("", "", "")]
        for left, mid, right in texts:
            w_l, w_m, w_r = (fm.horizontalAdvance(t) for t in (left, mid, right))
            strip_w = row.width() - w_l - w_r - 2 * pad * (bool(left) + bool(right))
            if strip_w >= max(0.5 * row.width(), w_m + 4 * pad):
                break
        x = row.left() + (w_l + pad if left else 0.0)
        return QRectF(x, row.top(), max(8.0, strip_w), row.height()), (left, mid, right)

    def _class_labels(self, width: float) -> tuple[list[str], str]:
        """The class names (shortened to their numbers when the full ones do not fit) and
        the note (dropped when it does not fit)."""
        fm = self._metrics()
        box = self._strip_h() * 0.8
        full = self.scale.classes
        short = [n.split()[-1] for n in full]
        for names, note in ((full, self.scale.note), (full, ""), (short, "")):
            need = sum(1.3 * box + fm.horizontalAdvance(n) for n in names) \
                + fm.horizontalAdvance("  ") * len(names)
            if note:
                need += fm.horizontalAdvance(note)
            if need <= width:
                return list(names), note
        return short, ""

    # -- painting -----------------------------------------------------------------------------
    def paintEvent(self, event):
        if self.scale is None:
            return
        t = theme.current()
        p = QPainter(self)
        p.setFont(self.font_())
        fm = self._metrics()
        colours = self.strip_colours()
        if self.scale.classes is not None:
            self._paint_classes(p, self._span_rect(), colours, fm, t)
            p.end()
            return
        rect, (left, mid, right) = self._layout()
        rgb = np.ascontiguousarray(colours[None, :, :])
        img = QImage(rgb.data, rgb.shape[1], 1, 3 * rgb.shape[1], QImage.Format.Format_RGB888)
        p.drawImage(rect, img)             # nearest pixels: a discretized strip stays sharp
        p.setPen(QPen(QColor(t.muted), 1))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(rect)
        pad = fm.horizontalAdvance(" ")
        y = rect.center().y() + (fm.ascent() - fm.descent()) / 2
        p.setPen(QColor(t.text))
        p.drawText(QPointF(rect.left() - pad - fm.horizontalAdvance(left), y), left)
        p.drawText(QPointF(rect.right() + pad, y), right)
        p.drawText(QPointF(rect.center().x() - fm.horizontalAdvance(mid) / 2, y), mid)
        p.end()

    def _paint_classes(self, p: QPainter, row: QRectF, colours, fm, t):
        """A swatch and name per class, centred under the plane (one row), then the note."""
        names, note = self._class_labels(row.width())
        box = self._strip_h() * 0.8
        gap = fm.horizontalAdvance("  ")
        widths = [1.3 * box + fm.horizontalAdvance(n) for n in names]
        total = sum(widths) + gap * (len(names) - 1) \
            + (gap + fm.horizontalAdvance(note) if note else 0)
        x = row.center().x() - total / 2
        top = row.center().y() - box / 2
        y = row.center().y() + (fm.ascent() - fm.descent()) / 2
        for (r, g, b), name, w in zip(colours, names, widths):
            p.setPen(QPen(QColor(t.muted), 1))
            p.setBrush(QColor(int(r), int(g), int(b)))
            p.drawRect(QRectF(x, top, box, box))
            p.setPen(QColor(t.text))
            p.drawText(QPointF(x + 1.3 * box, y), name)
            x += w + gap
        if note:
            p.setPen(QColor(t.muted))
            p.drawText(QPointF(x, y), note)
