"""The plots' axes: FittedAxis spaces its labels so that they never collide (and, for a
square plane, settles on a width: set_steady_width), DecadeAxis labels a log scale at its
decades only; fitted_axes() gives a plot both fitted axes."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtGui import QFontMetricsF

STEADY_MARGIN = 1.05          # a steady axis widens for labels that fit with this to spare
                              # (the hidden space's range grows a little as its plane shrinks)


class FittedAxis(pg.AxisItem):
    """An axis whose labelled ticks are never closer than their labels are wide (a
    horizontal axis) or high (a vertical one).

    pyqtgraph asks for at least 2.25 intervals whatever the axis's length, so a short axis
    in large type (a small plane on the projector) ran its labels together ("0 0.51.01.5"),
    and a short loss plot stacked six labels in 100 pixels. Here the major spacing grows in
    1-2-5 steps until a label and a gap fit between ticks."""

    steady_width = False                 # see set_steady_width
    hold_widest = False                  # see set_hold_widest
    value_limits = None                  # (lo, hi): no ticks outside (a key's room beyond
                                         # the data: no "−0.5" under a sigmoid's curves)

    def __init__(self, orientation: str, **kwargs):
        super().__init__(orientation, **kwargs)
        self.setStyle(maxTextLevel=0)    # labels on the (spaced) major ticks only
        self._room = None                # steady: the room its plane is given (set_room)
        self._seen: set[float] = set()   # the label widths drawn in that room
        self._seen_font = None           # (and with this tick font)
        self._floor = 0.0                # never narrower than this in that room

    def set_steady_width(self, on: bool = True):
        """A vertical axis that settles: for a square plane (see _SquareBox), whose height
        follows the axis's width.

        There the spacing followed the height and the width the spacing: at 200 % zoom the
        XOR hidden space's axis took the width of "0.5" (44.5 px), which left the plane
        too short for three labels; "0" and "1" then took 17.8 px, the plane grew tall
        enough for three again, and so on without end, drawn with labels wider than the
        axis's room (over its title, "h₂"). A steady axis
        - takes a spacing whose labels are wider than the ones it shows only if it would
          still fit on a plane that much shorter (as the square becomes), with
          STEADY_MARGIN to spare;
        - takes its labels' width exactly (pyqtgraph kept a width up to 10 px too wide,
          which then depended on what the axis had shown before);
        - and, should its width come back to one it had in the same room (the plane's range
          follows its size too: the hidden space's room for the points' names), stops
          narrowing until that room changes (set_room) or its font does."""
        self.steady_width = bool(on)
        self.forget_width()

    def set_hold_widest(self, on: bool = True):
        """A vertical axis that, should its width come back to one it had in the same room,
        stays at the widest it had until that room (set_room) or its font changes, and
        otherwise lays out as pyqtgraph does (steady_width's last point alone: on the
        perceptron's locked square plane the axis's width set the range, the range the
        ticks and the ticks the width, and at 1024×600 in 200 % it flipped with every
        paint; steady_width's coarser ticks made the plane there 1.3 times wider than
        high)."""
        self.hold_widest = bool(on)
        self.forget_width()

    def set_room(self, room):
        """What the plane is given from outside (any comparable value: _SquareBox gives its
        width, its height cap and its window's size): a steady axis starts afresh when it
        changes."""
        if room != self._room:
            self._room = room
            self.forget_width()

    def forget_width(self):
        """Start afresh: no label width seen, no width held."""
        self._seen, self._floor = set(), 0.0
        self.picture = None
        self.update()

    def _held(self, x) -> float:
        """The label width x, or the widest seen in this room and font once the width has
        come back to one it had (a loop)."""
        font = (self.style.get("tickFont") or self.font()).toString()
        if font != self._seen_font:
            self._seen_font = font
            self._seen, self._floor = set(), 0.0
        x = round(float(x), 2)
        if x != self.textWidth and x in self._seen:      # back to a width it had: a loop
            self._floor = max(self._seen)
        self._seen.add(x)
        return max(x, self._floor)

    def _updateMaxTextSize(self, x):
        vertical = self.orientation in ("left", "right")
        if not (self.steady_width and vertical):
            super()._updateMaxTextSize(self._held(x) if self.hold_widest and vertical else x)
            return
        x = self._held(x)
        if x != self.textWidth:
            self.textWidth = x
        if self.style["autoExpandTextSpace"]:
            self._updateWidth()

    def _updateWidth(self):
        """A steady axis's labels keep clear of its title: pyqtgraph gives the (turned)
        title 0.8 of its height, from 5 px left of the axis, and from 200 % zoom on its
        text reached into the labels' column ("0.5" under "h₂")."""
        super()._updateWidth()
        if not self.steady_width or self.orientation != "left" or self.fixedWidth is not None \
                or not self.isVisible() or self.label is None or not self.label.isVisible():
            return
        box = self.label.boundingRect().height()
        text_right = box - self.label.document().documentMargin() - 5   # (pyqtgraph's nudge)
        clash = text_right + 1.0 - 0.8 * box                 # and a pixel between them
        if clash > 0:
            w = self.maximumWidth() + clash
            self.setMaximumWidth(w)
            self.setMinimumWidth(w)

    def _labels_width(self, fm: QFontMetricsF, minVal: float, maxVal: float,
                      major: float) -> float:
        """The widest label of the ticks at spacing `major` (as the axis will draw them)."""
        lo, hi = sorted((minVal, maxVal))
        first, last = math.ceil(lo / major - 1e-9), math.floor(hi / major + 1e-9)
        if last < first:
            return 0.0
        values = [k * major for k in range(first, last + 1)]
        strings = self.tickStrings(values, self.scale * self.autoSIPrefixScale, major)
        return max((fm.horizontalAdvance(t) for t in strings if t), default=0.0)

    def boundingRect(self):
        """With a grid, pyqtgraph bounds a vertical axis by the view exactly, and so hid
        the label of a tick at the view's edge ("0" under a bar chart): allow its usual
        15-pixel overhang there too."""
        rect = super().boundingRect()
        if self.grid is not False and self.orientation in ("left", "right") \
                and self.style["hideOverlappingLabels"] is False:
            rect = rect.adjusted(0, -15, 0, 15)
        return rect

    def tickValues(self, minVal, maxVal, size):
        levels = super().tickValues(minVal, maxVal, size)
        if self.value_limits is None:
            return levels
        lo, hi = self.value_limits
        eps = 1e-9 * max(1.0, abs(hi - lo))
        return [(spacing, [v for v in values if lo - eps <= v <= hi + eps])
                for spacing, values in levels]

    def tickSpacing(self, minVal: float, maxVal: float, size: float):
        levels = super().tickSpacing(minVal, maxVal, size)
        span = abs(maxVal - minVal)
        horizontal = self.orientation in ("bottom", "top")
        if not levels or self._tickSpacing is not None or size <= 0 or not span > 0 \
                or (self.logMode and not horizontal):
            return levels
        fm = QFontMetricsF(self.style.get("tickFont") or self.font())
        major = levels[0][0]
        scale = self.scale * self.autoSIPrefixScale
        steady = self.steady_width and not horizontal
        for _ in range(8):
            room = size
            if horizontal:
                ends = [math.floor(minVal / major) * major, math.ceil(maxVal / major) * major]
                label = max(fm.horizontalAdvance(t)
                            for t in self.tickStrings(ends, scale, major))
            else:
                label = fm.height()
                wider = self._labels_width(fm, minVal, maxVal, major) - self.textWidth \
                    if steady else 0.0
                if wider > 0.5:     # the plane as it would be with these labels' width
                    room = (size - wider) / STEADY_MARGIN
            if major * room / span >= label + 0.8 * fm.height():   # a label and a gap
                break
            major = _next_nice(major)
        if major == levels[0][0]:
            return levels
        minor = major / (4 if _mantissa(major) == 2 else 5)
        return [(major, 0), (minor, 0)]


class DecadeAxis(pg.AxisItem):
    """A log-scale axis labelled at the decades only (1, 0.1, 0.01) when two or more show:
    pyqtgraph also labels 2–9 × each decade, and on a short axis those ran together."""

    def __init__(self, orientation: str, **kwargs):
        super().__init__(orientation, **kwargs)
        self.setStyle(maxTextLevel=0)     # the minors as ticks without text

    def logTickValues(self, minVal, maxVal, size, stdTicks):
        majors = [float(v) for v in range(math.ceil(minVal), math.floor(maxVal) + 1)]
        if len(majors) < 2:
            return super().logTickValues(minVal, maxVal, size, stdTicks)
        minors = [v + math.log10(m) for v in range(math.floor(minVal), math.ceil(maxVal))
                  for m in range(2, 10) if minVal < v + math.log10(m) < maxVal]
        return [(None, majors), (None, minors)]


def _mantissa(v: float) -> int:
    """1, 2 or 5: the leading digit of a 1-2-5 step (rounded)."""
    m = v / 10.0 ** math.floor(math.log10(v))
    c = min((1, 2, 5, 10), key=lambda c: abs(c - m))
    return 1 if c == 10 else c


def _next_nice(v: float) -> float:
    """The next step of 1, 2, 5, 10, 20, ... after v (a 1-2-5 step; 0.25 → 0.5)."""
    k = 10.0 ** math.floor(math.log10(v))
    for m in (1, 2, 5, 10):
        if m * k > v * (1 + 1e-9):
            return m * k
    return 20 * k


def fitted_axes() -> dict:
    """axisItems for a PlotWidget or PlotItem: bottom and left axes whose labels never
    collide."""
    return {"bottom": FittedAxis("bottom"), "left": FittedAxis("left")}
