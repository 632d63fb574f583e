"""Small shared pieces for the neuron, activations, gradient-descent and softmax scenarios.

Themed pyqtgraph plots legible on a projector, a labelled value slider, explanation text,
and checking helpers for load_state. Drawing only: no maths here.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget

from ..ui import theme
from ..ui.plots_base import fitted_axes, plain_numbers

# Okabe & Ito's palette: distinguishable with every common colour-vision deficiency.
# Used for categories (optimizers, classes), never for signed values (that is the
# diverging palette's job), so the two meanings never mix.


def category_colours() -> list[str]:
    return list(theme.category_colours())


def font_pt(base: float) -> float:
    return base * theme.manager().zoom


def fit_pt(base: float, lines, room_px: float, margin_px: float = 0.0,
           smallest: float = 7.0) -> float:
    """The point size, at most `base`, at which the widest of `lines` (plus margin_px,
    e.g. a text item's document margins) fits in room_px: labels over neighbouring bars
    shrink on a narrow plot instead of running into each other."""
    font = QFont()
    font.setPointSizeF(base)
    widest = max((QFontMetricsF(font).horizontalAdvance(t) for t in lines), default=0.0)
    if room_px <= 0 or widest <= 0:
        return base
    return max(smallest, min(base, base * (room_px - margin_px) / widest))


LEGIBLE_PT, KEEP_SHARE = 10.0, 0.6  # (legible(): a whole title under this takes its short form)
LEAST_PT = 8.0              # the least title at 100 %; a title with a short form: × the zoom
TITLE_ROW_PX, TITLE_PAD_PX = 30, 6  # pyqtgraph's title row; room above and below the lines
TITLE_SHARE = 0.18          # of the plot's height, at most, for the title's lines (large type)


def legible(base_pt: float) -> float:
    """The least size of a whole title or legend (the short form reads better, larger)."""
    return max(min(base_pt, LEGIBLE_PT), KEEP_SHARE * base_pt)


class _TitleFitter(QObject):
    """Keeps a plot's title within the plot (see set_title): `forms` are the whole title
    and its shorter forms, `text` the one shown now, `base` its size at 100 %."""

    row_pad = TITLE_PAD_PX      # px the title row has beyond the title's lines (at least 30)

    def __init__(self, pw: pg.PlotWidget):
        super().__init__(pw)
        self.pw = pw
        self.text, self.base, self.forms = "", 14.0, ()
        self._shown = None
        self._axis_widths = None
        pw.installEventFilter(self)
        # an axis grows with its tick labels (no resize of the widget): look again then
        item = pw.getPlotItem()
        for name in ("left", "right"):
            item.getAxis(name).geometryChanged.connect(self._axis_changed)

    def set_forms(self, text: str, short=None) -> None:
        """The whole title, then the shorter ones (a string or a sequence, longest first)."""
        shorts = (short,) if isinstance(short, str) else tuple(short or ())
        forms = (text, *(s for s in shorts if s and s != text)) if text else ()
        if forms != self.forms:
            self.forms, self._shown = forms, None

    def least(self, base: float) -> float:
        """The least size (type at the zoom: base) of a title that has a shorter form next:
        the 8 pt of 100 %, grown with the type (8 pt beside 27 pt ticks cannot be read)."""
        return min(base, LEAST_PT * max(1.0, theme.manager().zoom))

    def _axis_changed(self):
        try:
            item = self.pw.getPlotItem()
            widths = tuple(round(item.getAxis(name).width()) for name in ("left", "right"))
        except RuntimeError:      # the plot is being deleted (its axes go first)
            return
        if widths != self._axis_widths:      # (heights change with the title: ignored)
            self._axis_widths = widths
            self._shown = None
            self.apply()

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Resize:
            self.apply()
        return False

    def apply(self):
        if not self.forms:
            return
        item = self.pw.getPlotItem()
        # the title sits over the view box: the width less the axes beside it
        room = self.pw.width() - sum(item.getAxis(name).width() for name in ("left", "right")
                                     if item.getAxis(name).isVisible())
        base = font_pt(self.base)
        least = self.least(base)
        base = min(base, max(least, self.base, self._tallest_pt(base)))
        for k, text in enumerate(self.forms):
            last = k == len(self.forms) - 1
            if not last and fit_pt(base, [text], room, 24.0, smallest=1.0) < least:
                continue                      # too small to read whole: a shorter form
            self._fit(text, base, room, min(base, LEAST_PT) if last else least)
            if last or item.minimumWidth() <= self.pw.width():
                break                         # (else another column took the room)
        self._fit_row()

    def _tallest_pt(self, base: float) -> float:
        """The size whose lines take TITLE_SHARE of the plot's height: at 250 % a 35 pt
        title took a quarter of a short plot, its curve squeezed under it."""
        font = QFont()
        font.setPointSizeF(base)
        return base * TITLE_SHARE * self.pw.height() / QFontMetricsF(font).height()

    def _fit(self, text: str, base: float, room: float, smallest: float):
        """Show `text` at base, or smaller (down to `smallest`) to fit in `room`."""
        item = self.pw.getPlotItem()
        pt = fit_pt(base, [text], room, margin_px=24.0, smallest=smallest)
        colour = theme.current().text
        key = (text, round(pt, 1), colour, self.pw.width())
        if key == self._shown:
            return
        self.text = text
        item.setTitle(text, color=colour, size=f"{pt:.1f}pt")
        for _ in range(3):    # other columns (a colour bar) may take room too: shrink again
            over = item.minimumWidth() - self.pw.width() + 4
            title_w = item.titleLabel.minimumWidth()
            if over <= 0 or pt <= smallest or title_w <= over:
                break
            pt = max(smallest, pt * (title_w - over) / title_w)
            item.setTitle(text, color=colour, size=f"{pt:.1f}pt")
        self._shown = key

    def _fit_row(self):
        """pyqtgraph's title row is 30 px whatever the type: a taller title (over ~15 pt)
        ran off the top and onto the view box. The row grows to the title's lines."""
        item = self.pw.getPlotItem()
        label = item.titleLabel
        lines = label.item.boundingRect().height() - 2 * label.item.document().documentMargin()
        need = max(TITLE_ROW_PX, math.ceil(lines) + self.row_pad)
        if label.maximumHeight() != need or item.layout.rowMinimumHeight(0) != need:
            label.setMaximumHeight(need)
            item.layout.setRowFixedHeight(0, need)


def set_title(pw: pg.PlotWidget, text: str, base_pt: float = 14.0, short=None) -> None:
    """The plot's title at base_pt (× the zoom), in smaller type when the plot is too narrow
    for it: pyqtgraph will not make a plot narrower than its title, and the rest of the plot
    (axes, colour bar, the curve's far end) then ran off the widget. `short` (a string, or
    several longest first) is shown instead when the whole title would be smaller than
    legible at the zoom (_TitleFitter.least); the title row grows with the title."""
    fitter = getattr(pw, "_title_fitter", None)
    if fitter is None:
        fitter = pw._title_fitter = _TitleFitter(pw)
    fitter.set_forms(text, short)
    fitter.base = base_pt
    fitter.apply()


def style_plot(pw: pg.PlotWidget, title: str = "", x: str = "", y: str = "") -> None:
    """Theme colours and projector-sized type for a plot (call again when the theme changes)."""
    t = theme.current()
    pw.setBackground(t.background)
    item = pw.getPlotItem()
    tick_font = QFont()
    tick_font.setPointSizeF(font_pt(11))
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setPen(pg.mkPen(t.muted))
        axis.setTextPen(pg.mkPen(t.text))
        axis.setStyle(tickFont=tick_font, tickTextOffset=6)
    label_css = {"color": t.text, "font-size": f"{font_pt(13):.0f}pt"}
    if x:
        item.setLabel("bottom", x, **label_css)
    if y:
        item.setLabel("left", y, **label_css)
    if title:
        set_title(pw, title)
    item.showGrid(x=True, y=True, alpha=0.25)
    plain_numbers(item)


def make_plot(parent=None, title: str = "", x: str = "", y: str = "") -> pg.PlotWidget:
    pw = pg.PlotWidget(parent, axisItems=fitted_axes())
    pw.setMenuEnabled(False)
    pw.getPlotItem().hideButtons()
    pw.setMinimumSize(260, 220)
    style_plot(pw, title, x, y)
    return pw


def pen(colour, width: float = 3.0, style=Qt.PenStyle.SolidLine) -> QPen:
    p = pg.mkPen(QColor(colour), width=width * theme.current().edge_scale)
    p.setStyle(style)
    return p


def text_item(html: str = "", anchor=(0, 0)) -> pg.TextItem:
    item = pg.TextItem(html=html, anchor=anchor)
    return item


def sequential_lut(n: int = 256) -> np.ndarray:
    """(n, 3) uint8 ramp from the background (low) to the muted text colour (high): for
    non-negative quantities such as a loss, so it never looks like a signed value."""
    t = theme.current()
    lo = np.array(QColor(t.background).getRgb()[:3], float)
    hi = np.array(QColor(t.muted).getRgb()[:3], float)
    s = np.linspace(0.0, 1.0, n)[:, None] ** 0.8
    return np.clip(np.round(lo + (hi - lo) * s), 0, 255).astype(np.uint8)


def explanation(html: str, parent=None) -> QLabel:
    label = QLabel(html, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setObjectName("explanation")
    return label


def fmt(v: float, digits: int = 2) -> str:
    """A number as students read it: fixed digits, a real minus sign."""
    s = f"{v:.{digits}f}"
    if s.startswith("-"):
        s = "−" + s[1:]
    if s in ("−0." + "0" * digits,):
        s = s[1:]
    return s


def paren(v: float, digits: int = 2) -> str:
    """A number in brackets when negative, for products written out: 2 · (−1.5)."""
    return f"({fmt(v, digits)})" if v < 0 else fmt(v, digits)


class ValueSlider(QWidget):
    """A labelled slider for a real value on a fixed grid (lo … hi in steps of `step`).

    Arrow keys move one step, Page Up/Down ten. `valueChanged(float)` carries the value."""

    valueChanged = Signal(float)

    def __init__(self, label: str, lo: float, hi: float, step: float, value: float,
                 tooltip: str, parent=None):
        super().__init__(parent)
        self.lo, self.hi, self.step = float(lo), float(hi), float(step)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 2, 0, 2)
        row = QHBoxLayout()
        self.name_label = QLabel(label, self)
        self.value_label = QLabel("", self)
        self.value_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        row.addWidget(self.name_label)
        row.addWidget(self.value_label)
        lay.addLayout(row)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(0, round((self.hi - self.lo) / self.step))
        self.slider.setSingleStep(1)
        self.slider.setPageStep(10)
        self.slider.setToolTip(tooltip)
        self.setToolTip(tooltip)
        lay.addWidget(self.slider)
        self.slider.setValue(self._index(value))
        self._show()
        self.slider.valueChanged.connect(self._moved)

    def _index(self, value: float) -> int:
        return int(round((min(max(value, self.lo), self.hi) - self.lo) / self.step))

    def value(self) -> float:
        return round(self.lo + self.slider.value() * self.step, 10)

    def setValue(self, value: float) -> None:
        self.slider.setValue(self._index(value))

    def contains(self, value) -> bool:
        """True if `value` is a number this slider can show exactly."""
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return False
        if not math.isfinite(value) or not self.lo - 1e-9 <= value <= self.hi + 1e-9:
            return False
        return abs(self.lo + self._index(value) * self.step - value) < 1e-9

    def _show(self):
        self.value_label.setText(f"<b>{fmt(self.value(), 2)}</b>")

    def _moved(self, _):
        self._show()
        self.valueChanged.emit(self.value())


def check_keys(state: dict, allowed, scenario: str) -> None:
    if not isinstance(state, dict):
        raise ValueError(f"{scenario} settings must be a dictionary, got {type(state).__name__}")
    extra = set(state) - set(allowed)
    if extra:
        raise ValueError(f"{scenario} has no setting called {', '.join(sorted(map(str, extra)))};"
                         f" valid settings: {', '.join(sorted(allowed))}")


def check_number(state: dict, key: str, lo: float, hi: float) -> float:
    v = state[key]
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        raise ValueError(f"{key} must be a number, got {v!r}")
    if not lo <= v <= hi:
        raise ValueError(f"{key} = {v} is out of range ({fmt(lo)} … {fmt(hi)})")
    return float(v)


def check_choice(state: dict, key: str, choices) -> str:
    v = state[key]
    if v not in choices:
        raise ValueError(f"{key} = {v!r} is not valid; choose one of: {', '.join(choices)}")
    return v


def check_bool(state: dict, key: str) -> bool:
    v = state[key]
    if not isinstance(v, bool):
        raise ValueError(f"{key} must be true or false, got {v!r}")
    return v
