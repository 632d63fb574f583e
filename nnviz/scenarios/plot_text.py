"""A plot's title and axis names that stay inside the plot at any type size: a short form
of the title when the whole one would be too small to read, axis names shrunk to their
axis, and a title row as tall as the title (pyqtgraph's is 30 px whatever the type)."""

from __future__ import annotations

import math

import pyqtgraph as pg

from ..ui import theme
from . import neuron_plots as npl

LEGIBLE_PT, KEEP_SHARE = 10.0, 0.6  # a title or legend smaller (or under this share of
                                    # its size at the zoom) takes its short form
TITLE_ROW_PX = 30           # pyqtgraph's title row: taller only for a taller title


def legible(base_pt: float) -> float:
    """The least size of a whole title or legend (the short form reads better, larger)."""
    return max(min(base_pt, LEGIBLE_PT), KEEP_SHARE * base_pt)


class PlotText(npl._TitleFitter):
    """A plot's title and axis names inside the plot at any type. pyqtgraph makes no plot
    narrower than its title, and npl.set_title shrinks one to 8 pt at least: at 200–250 %
    the landscape gets its least width (260 px) and its long title beside the zoomed left
    axis held the plot ~350 px wide, its right side off the widget. So a title smaller than
    legible() takes its short form, an axis name shrinks to its axis's length, and the 30 px
    title row grows with the title (35 pt at 250 % ran off the top, onto the view box)."""

    def __init__(self, pw: pg.PlotWidget, x: str, y: str, base_pt: float = 14.0):
        super().__init__(pw)
        pw._title_fitter = self         # (npl.set_title would fit with this one too)
        self.base, self.forms = base_pt, ("", "")
        self.names, self._named = {"bottom": x, "left": y}, {}
        for name in self.names:         # (a longer or taller axis: room for its name)
            pw.getPlotItem().getAxis(name).geometryChanged.connect(self._fit_names)

    def show(self, text: str, short: str | None = None):   # (short: on a narrow plot)
        forms = (text, short or text)
        if forms != self.forms:
            self.forms, self._shown = forms, None
        self.apply()

    def refresh(self):                  # (a new theme or zoom: colour and type)
        self._shown, self._named = None, {}
        self.apply()
        self._fit_names()

    def _set_text(self, text: str):
        if text != self.text:
            self.text, self._shown = text, None
        super().apply()

    def apply(self):
        text, short = self.forms
        if not text:
            return
        item = self.pw.getPlotItem()
        room = self.pw.width() - sum(item.getAxis(name).width() for name in ("left", "right")
                                     if item.getAxis(name).isVisible())
        base = npl.font_pt(self.base)    # (set_title's measure of the room beside the axes)
        fits = npl.fit_pt(base, [text], room, margin_px=24.0, smallest=1.0) >= legible(base)
        self._set_text(text if fits else short)
        if self.text != short and item.minimumWidth() > self.pw.width():
            self._set_text(short)       # (another column took the room: the short one)
        label = item.titleLabel
        need = max(TITLE_ROW_PX, math.ceil(label.item.boundingRect().height()))
        if label.maximumHeight() != need or item.layout.rowMinimumHeight(0) != need:
            label.setMaximumHeight(need)
            item.layout.setRowFixedHeight(0, need)

    def _fit_names(self):
        try:
            item = self.pw.getPlotItem()
        except RuntimeError:            # the plot is being deleted
            return
        colour = theme.current().text
        for name, text in self.names.items():
            axis = item.getAxis(name)
            room = axis.width() if name == "bottom" else axis.height()
            if room <= 0:
                continue
            pt = round(npl.fit_pt(npl.font_pt(13), [text], room, margin_px=16.0), 1)
            if self._named.get(name) != (text, pt, colour):
                self._named[name] = (text, pt, colour)
                item.setLabel(name, text, color=colour, **{"font-size": f"{pt:.1f}pt"})
