"""A plot's title and axis names that stay inside the plot at any type size: a short form
of the title when the whole one would be too small to read, axis names shrunk to their
axis, and a title row as tall as the title (pyqtgraph's is 30 px whatever the type; the
title's part is neuron_plots' shared _TitleFitter)."""

from __future__ import annotations

import pyqtgraph as pg

from ..ui import theme
from . import neuron_plots as npl
from .neuron_plots import legible


class PlotText(npl._TitleFitter):
    """A plot's title and axis names inside the plot at any type. pyqtgraph makes no plot
    narrower than its title, and a title shrinks to 8 pt at least: at 200–250 % the
    landscape gets its least width (260 px) and its long title beside the zoomed left
    axis held the plot ~350 px wide, its right side off the widget. So a title smaller than
    legible() takes its short form, an axis name shrinks to its axis's length, and the 30 px
    title row grows with the title (35 pt at 250 % ran off the top, onto the view box)."""

    def __init__(self, pw: pg.PlotWidget, x: str, y: str, base_pt: float = 14.0):
        super().__init__(pw)
        pw._title_fitter = self         # (npl.set_title would fit with this one too)
        self.base = base_pt
        self.names, self._named = {"bottom": x, "left": y}, {}
        for name in self.names:         # (a longer or taller axis: room for its name)
            pw.getPlotItem().getAxis(name).geometryChanged.connect(self._fit_names)

    row_pad = 8                         # (its row: the title's lines and document margins)

    def least(self, base: float) -> float:
        return legible(base)            # (also at 100 %: this plot's rule from the start)

    def show(self, text: str, short: str | None = None):   # (short: on a narrow plot)
        self.set_forms(text, short)
        self.apply()

    def refresh(self):                  # (a new theme or zoom: colour and type)
        self._shown, self._named = None, {}
        self.apply()
        self._fit_names()

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
