"""Small pictures of the input features (x₁, x₁², sin(x₁) …) for the buttons that choose
them, as TensorFlow Playground shows its features.

Each picture is drawn as the network canvas draws an input unit's thumbnail: the feature's
values over the input plane (the data sets' extent, x₂ upwards) scaled by their own largest
size, through the theme's diverging palette (canvas_thumbs), in a thin border; so that a
student matches the button with its unit on the canvas. No maths here: the values come from
the engine's feature transform.

    FeatureIcons(buttons)   # {feature name: button}: each button gets its picture; the
                            # pictures and their size follow the theme and the zoom

Pictures are cached per (feature, theme, side, device pixel ratio). A disabled button
(e.g. locked by a lesson) shows Qt's greyed picture.
"""

from __future__ import annotations

import atexit
from functools import lru_cache

import numpy as np
from PySide6.QtCore import QObject, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPen, QPixmap

from ..engine import datasets
from ..engine.grid import grid_points
from . import appearance, theme
from .canvas_thumbs import heatmap_image, lut32

ICON_TYPE = 1.5           # a picture's side in body-text heights
BORDER = 1.0 / 24         # the border's width, as a share of the side (1 px at 24 px)


def side(zoom: float | None = None) -> int:
    """A picture's side (logical px) at a zoom (default: the current one)."""
    return round(appearance.font_px(zoom) * ICON_TYPE)


@lru_cache(maxsize=64)
def values(name: str, n: int) -> np.ndarray:
    """Feature `name` over an n × n grid of the input plane, (n, n), row 0 at the lowest
    x₂ (the canvas thumbnails' layout)."""
    _xs, _ys, P = grid_points(datasets.EXTENT, n)
    v = datasets.features(P, [name])[:, 0].reshape(n, n).astype(np.float32)
    v.setflags(write=False)
    return v


@lru_cache(maxsize=128)
def pixmap(name: str, side_px: int, t: theme.Theme, dpr: float = 1.0) -> QPixmap:
    """The picture of feature `name`, `side_px` logical pixels square, in theme `t`."""
    full = max(2, round(side_px * dpr))
    pm = QPixmap(full, full)
    pm.setDevicePixelRatio(dpr)
    pm.fill(Qt.GlobalColor.transparent)
    border = max(1, round(side_px * dpr * BORDER))       # whole device pixels: crisp
    inner = max(2, full - 2 * border)
    img = heatmap_image(values(name, inner), None, lut32(t))   # as the canvas's thumbnail
    p = QPainter(pm)
    p.drawImage(QRectF(border / dpr, border / dpr, inner / dpr, inner / dpr), img)
    pen = QPen(t.qcolor("muted"), border / dpr)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    half = border / dpr / 2
    p.drawRect(QRectF(half, half, side_px - 2 * half, side_px - 2 * half))
    p.end()
    return pm


@lru_cache(maxsize=64)
def icon(name: str, side_px: int, t: theme.Theme, dpr: float = 1.0) -> QIcon:
    """An icon of feature `name`: its picture in the normal, active and selected modes,
    checked or not (the disabled mode is left to Qt: a greyed picture)."""
    ic = QIcon()
    pm = pixmap(name, side_px, t, dpr)
    for mode in (QIcon.Mode.Normal, QIcon.Mode.Active, QIcon.Mode.Selected):
        for state in (QIcon.State.Off, QIcon.State.On):
            ic.addPixmap(pm, mode, state)
    return ic


# the cached pictures go before Qt does at exit (a QPixmap freed after the application
# may crash the interpreter's last moments)
atexit.register(icon.cache_clear)
atexit.register(pixmap.cache_clear)


class FeatureIcons(QObject):
    """Keeps feature buttons pictured, following the theme and the zoom; `after()` runs
    after each refresh (the buttons' minimum widths have changed)."""

    def __init__(self, buttons: dict, parent: QObject | None = None, after=None):
        super().__init__(parent)
        self.buttons = dict(buttons)
        self.after = after
        theme.manager().changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        s, t = side(), theme.current()
        for name, b in self.buttons.items():
            dpr = float(b.devicePixelRatioF()) or 1.0
            b.setIcon(icon(name, s, t, dpr))
            b.setIconSize(QSize(s, s))
            b.setMinimumWidth(0)                    # the picture and the text fit
            b.setMinimumWidth(b.sizeHint().width())
        if self.after is not None:
            self.after()


__all__ = ["FeatureIcons", "icon", "pixmap", "side", "values"]
