"""How the network canvas draws an edge (a mixin of CanvasModel): its colour (sign by hue,
magnitude by strength, opaque: blended toward the background), its width (1 px for small
weights up to 5 width units, a unit's share of the theme's edge scale at the zoom, capped by
the unit size), as cached flat-capped pens and as edge_paint codes for whole strips."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPen

from . import edge_paint, theme

EDGE_STEPS = 128        # colour steps per sign for edges
WIDEST_EDGE = 0.4       # the widest edge is at most this share of a unit's side


class EdgeLooks:
    """Edge colours, widths and pens of CanvasModel (uses its w_scale, radius, _colours,
    _rgb, _rgb_faded and _pens)."""

    def _lut_index(self, w: float) -> int:
        s = w / self.w_scale
        s = -1.0 if s < -1.0 else (1.0 if s > 1.0 else s)
        return int(round((s + 1.0) * EDGE_STEPS))

    def edge_colour(self, w: float) -> QColor:
        """Sign by hue, magnitude by strength: opaque, blended toward the background."""
        if self._colours is None:
            self._build_colours()
        return self._colours[self._lut_index(w)]

    def _build_colours(self):
        cols = []
        for k in range(2 * EDGE_STEPS + 1):
            s = k / EDGE_STEPS - 1.0
            cols.append(theme.blend(theme.diverging(s, 1.0), 0.3 + 0.7 * abs(s)))
        self._colours = cols
        # 0xRRGGBB of each colour index, and of the same faded (edges of dropped units)
        self._rgb = np.array([c.rgb() & 0xFFFFFF for c in cols], np.int64)
        self._rgb_faded = np.array([theme.blend(c, 0.25).rgb() & 0xFFFFFF for c in cols],
                                   np.int64)
        self._pens = {}

    def edge_codes(self, ci: np.ndarray, width: np.ndarray, faded: np.ndarray | None = None,
                   dashed: bool = False) -> np.ndarray:
        """edge_paint codes of edges with colour indices ci and widths (see edge_keys);
        faded edges (out of a dropped unit) are 1 px and mostly background."""
        if self._colours is None:
            self._build_colours()
        rgb = self._rgb[ci]
        if faded is not None and faded.any():
            rgb = np.where(faded, self._rgb_faded[ci], rgb)
            width = np.where(faded, 1.0, width)
        return edge_paint.edge_codes(rgb, width, dashed)

    def edge_width(self, w: float, zoom: float = 1.0) -> float:
        """1 px for small weights (Qt's fastest antialiased line), up to ~5 px."""
        s = min(1.0, abs(w) / self.w_scale)
        k = self.width_unit(zoom)
        if s < 0.15:
            return max(1.0, round(k))
        return round((1.0 + 4.0 * s) * k * 2) / 2

    def width_unit(self, zoom: float = 1.0) -> float:
        """Pixels per unit of edge width (edges are 1 to 5 units wide): the theme's edge
        scale at this zoom, but the widest edge at most WIDEST_EDGE of a unit's side (a
        crowded projector layout had 12-px edges beside 20-px squares)."""
        k = theme.current().edge_scale * max(0.75, zoom)
        if self.radius > 0:
            k = min(k, WIDEST_EDGE * 2 * self.radius / 5)
        return k

    def colour_index(self, w: np.ndarray, scaled: bool = False) -> np.ndarray:
        """edge_keys' colour indices alone (of weights, or of w / w_scale clipped to ±1
        when `scaled`)."""
        s = w if scaled else np.clip(np.asarray(w, dtype=float) / self.w_scale, -1.0, 1.0)
        return np.rint((s + 1.0) * EDGE_STEPS).astype(np.int32)

    def edge_keys(self, w: np.ndarray, zoom: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
        """(colour index, width) for an array of weights: the vectorized edge_colour /
        edge_width (same rounding), used to find which edges changed their look."""
        s = np.clip(np.asarray(w, dtype=float) / self.w_scale, -1.0, 1.0)
        ci = self.colour_index(s, scaled=True)
        k = self.width_unit(zoom)
        a = np.abs(s)
        width = np.where(a < 0.15, max(1.0, round(k)), np.round((1.0 + 4.0 * a) * k * 2) / 2)
        return ci, width

    def pen_for(self, ci: int, width: float, dashed: bool = False,
                faded: bool = False) -> QPen:
        """The cached flat-capped pen of a colour index and width (see edge_keys); faded
        (an edge out of a dropped unit): thin and mostly background."""
        if self._colours is None:
            self._build_colours()
        key = (int(ci), float(width), dashed, faded)
        pen = self._pens.get(key)
        if pen is None:
            colour = self._colours[key[0]]
            if faded:
                colour = theme.blend(colour, 0.25)
            pen = QPen(colour, 1.0 if faded else key[1],
                       Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            self._pens[key] = pen
        return pen

    def edge_pen(self, w: float, zoom: float = 1.0, dashed: bool = False) -> QPen:
        """A cached flat-capped pen for a weight (colour and width quantized finely)."""
        return self.pen_for(self._lut_index(w), self.edge_width(w, zoom), dashed)
