"""A plot's title and axis names that stay inside the plot at any type size: a short form
of the title when the whole one would be too small to read, axis names shrunk to their
axis, and a title row as tall as the title (pyqtgraph's is 30 px whatever the type; the
title's part is neuron_plots' shared _TitleFitter); and a plot's key (legend) placed
where it covers no data: a corner clear of the curves, else room made above or below them."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor

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


# -- a plot's key (legend) where it covers no data ------------------------------------------
CORNERS = ("top-left", "top-right", "bottom-left", "bottom-right")
KEY_PAD_PX = 8.0      # a key's distance from the plot's edges
KEY_CLEAR_PX = 10.0   # and from every curve (a dot on a curve: its radius and outline)
HEADROOM_MOST = 0.3   # a key above the curves takes at most this share of the plot's height


def curve_px(curves, x_range, y_range, size) -> np.ndarray:
    """Points at most 2 px apart along each curve ((xs, ys) in data units), in the view
    box's pixels (y down): a steep piece (a step's jump) between two samples counts too."""
    (x0, x1), (y0, y1) = x_range, y_range
    w, h = size
    big = 4.0 * max(w, h, 1.0)
    out = []
    for xs, ys in curves:
        xs, ys = np.asarray(xs, float), np.asarray(ys, float)
        ok = np.isfinite(xs) & np.isfinite(ys)
        if not ok.any() or x1 <= x0 or y1 <= y0:
            continue
        px = np.column_stack([(xs[ok] - x0) / (x1 - x0) * w, (y1 - ys[ok]) / (y1 - y0) * h])
        px = np.clip(px, -big, big)
        if len(px) > 1:
            seg = np.diff(px, axis=0)
            n = np.clip(np.ceil(np.hypot(seg[:, 0], seg[:, 1]) / 2.0), 1, 4000).astype(int)
            idx = np.repeat(np.arange(len(n)), n)
            t = (np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)) / n[idx]
            out.append(px[idx] + seg[idx] * t[:, None])
        out.append(px[-1:])
    return np.vstack(out) if out else np.zeros((0, 2))


def corner_rect(corner: str, key_size, view_size, pad: float = KEY_PAD_PX) -> QRectF:
    """The key's rectangle (view box pixels) in `corner` of the plot, `pad` from its edges."""
    kw, kh = key_size
    w, h = view_size
    left = pad if corner.endswith("left") else w - pad - kw
    top = pad if corner.startswith("top") else h - pad - kh
    return QRectF(left, top, kw, kh)


def free_corner(key_size, view_size, points: np.ndarray, obstacles=(), corners=CORNERS,
                clear: float = KEY_CLEAR_PX):
    """The first of `corners` where the key lies inside the plot, `clear` pixels from every
    curve point and clear of the `obstacles` (QRectF, view box pixels); None if none."""
    w, h = view_size
    for corner in corners:
        rect = corner_rect(corner, key_size, view_size)
        if rect.left() < 0 or rect.top() < 0 or rect.right() > w or rect.bottom() > h:
            return None                 # (larger than the plot: no corner holds it)
        grown = rect.adjusted(-clear, -clear, clear, clear)
        if len(points) and bool(np.any(
                (points[:, 0] >= grown.left()) & (points[:, 0] <= grown.right())
                & (points[:, 1] >= grown.top()) & (points[:, 1] <= grown.bottom()))):
            continue
        if any(grown.intersects(o) for o in obstacles):
            continue
        return corner
    return None


def make_room(key_size, view_size, curves, x_range, y_range, corner: str,
              clear: float = KEY_CLEAR_PX, most: float = HEADROOM_MOST):
    """A y range (y0, y1) grown at the top (a top `corner`) or the bottom (a bottom one) so
    that the key fits in that corner above (below) the curves under it, `clear` pixels from
    them; None when the room would take more than `most` of the plot's height."""
    w, h = view_size
    (x0, x1), (y0, y1) = x_range, y_range
    if w <= 0 or h <= 0:
        return None
    rect = corner_rect(corner, key_size, view_size)
    lo_x = x0 + (rect.left() - clear) / w * (x1 - x0)
    hi_x = x0 + (rect.right() + clear) / w * (x1 - x0)
    top = corner.startswith("top")
    extreme = -np.inf if top else np.inf
    for xs, ys in curves:
        xs, ys = np.asarray(xs, float), np.asarray(ys, float)
        under = (xs >= lo_x) & (xs <= hi_x) & np.isfinite(ys)
        if under.any():
            extreme = max(extreme, float(ys[under].max())) if top else \
                min(extreme, float(ys[under].min()))
    if not np.isfinite(extreme):
        return y0, y1
    share = (key_size[1] + KEY_PAD_PX + clear) / h
    if share >= 1.0:
        return None
    if top:       # the key's share of the new range lies above the highest curve point
        y1n, y0n = max(y1, (extreme - share * y0) / (1.0 - share)), y0
        grown = (y1n - y1) / (y1n - y0n)
    else:
        y0n, y1n = min(y0, (extreme - share * y1) / (1.0 - share)), y1
        grown = (y0 - y0n) / (y1n - y0n)
    return (y0n, y1n) if grown <= most else None


def headroom_top(key_size, view_size, curves, x_range, y_range, corner: str,
                 clear: float = KEY_CLEAR_PX, most: float = HEADROOM_MOST):
    """The top of a y range that makes room for the key in a top `corner` above the curves
    (make_room), or None."""
    if not corner.startswith("top"):
        return None
    room = make_room(key_size, view_size, curves, x_range, y_range, corner, clear, most)
    return None if room is None else room[1]


KEY_KEEP = 0.8        # a key shrinks this far to find a free corner before room is made


def key_sizes(pt: float, least: float) -> list[float]:
    """A key's type sizes to try, from pt down to least (a tenth smaller each time)."""
    sizes = [pt]
    while sizes[-1] > least + 0.05:
        sizes.append(round(max(least, sizes[-1] * 0.9), 1))
    return sizes


def find_key_place(forms, pt_for, least: float, size_for, corner_for, room_for):
    """Where a key goes, and in which form and type: (labels, pt, corner, y_range) with
    y_range None when the plot's range stays, or None when no form fits anywhere.

    `forms` are the key's labels, longest first; pt_for(labels) is the type a form gets
    (None: it does not fit the plot), size_for(labels, pt) the key's size so drawn,
    corner_for(size) a free corner or None (free_corner), room_for(size) a (corner,
    y_range) that makes room or None (make_room). In this order: each form in its type or
    a little smaller (KEY_KEEP) in a free corner, else with room made; then each form in
    smaller type, down to `least`, in a free corner (a long form in 9 pt read worse than a
    short one in 12)."""
    later = []
    for labels in forms:
        pt = pt_for(labels)
        if pt is None:
            continue
        sizes = key_sizes(pt, least)
        near = [p for p in sizes if p >= KEY_KEEP * pt]
        for p in near:
            corner = corner_for(size_for(labels, p))
            if corner is not None:
                return labels, p, corner, None
        room = room_for(size_for(labels, pt))
        if room is not None:
            return labels, pt, room[0], room[1]
        later.append((labels, [p for p in sizes if p not in near]))
    for labels, sizes in later:
        for p in sizes:
            corner = corner_for(size_for(labels, p))
            if corner is not None:
                return labels, p, corner, None
    return None


def anchor_key(legend, corner: str, pad: float = KEY_PAD_PX) -> None:
    """Anchor a pyqtgraph legend in `corner` of its view box, `pad` from the edges."""
    ax = 0.0 if corner.endswith("left") else 1.0
    ay = 0.0 if corner.startswith("top") else 1.0
    legend.anchor(itemPos=(ax, ay), parentPos=(ax, ay),
                  offset=(pad if ax == 0 else -pad, pad if ay == 0 else -pad))


def fill_key(legend, items, labels, pt: float) -> None:
    """Fill a plot's key anew: each item (a curve) with its label, in the theme's text on its
    background, at pt points."""
    t = theme.current()
    legend.clear()
    legend.setLabelTextSize(f"{pt:.1f}pt")
    legend.setLabelTextColor(t.text)
    legend.setBrush(pg.mkBrush(QColor(t.background)))
    legend.setPen(npl.pen(t.muted, 1))
    for item, text in zip(items, labels):
        legend.addItem(item, text)


def show_key(legend, items, chosen) -> str | None:
    """The key as find_key_place chose it ((labels, pt, corner, …), or None: no key), filled
    and anchored in its corner; its corner."""
    legend.setVisible(chosen is not None)
    if chosen is None:
        legend.clear()
        return None
    labels, pt, corner = chosen[:3]
    fill_key(legend, items, labels, pt)
    anchor_key(legend, corner)
    return corner
