"""The network canvas's units layer: a transparent image the size of the canvas on which the
units are painted while the edge worker paints the edges (canvas_layers), then composited
over the edges rectangle by rectangle: the same pixels as painting the units over them."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter


class UnitsLayer:
    """A transparent image the size of the canvas on which the units (thumbnails, values,
    header) are painted while the edge worker paints the edges; composited over the base
    image rectangle by rectangle (only where something was painted)."""

    def __init__(self):
        self.buf: np.ndarray | None = None
        self.image: QImage | None = None     # the layer (logical coordinates)
        self._plain: QImage | None = None    # the same pixels in device pixels
        self.rects: list[tuple[int, int, int, int]] = []   # device pixels: x0, y0, x1, y1
        self.pairs: list[tuple[QRectF, QRectF]] = []       # (logical, device) rectangles
        self._clear: list[QRect] = []        # what to clear before the next paint
        self._cache: dict = {}               # device rectangle → (pair, clear rectangle)
        self.current = False     # holds the units of the frame last drawn

    def release(self):
        self.buf = self.image = self._plain = None
        self.rects, self.pairs, self._clear = [], [], []
        self.current = False

    def paint(self, c, paint_units, w: int, h: int, dpr: float):
        if self.buf is None or self.buf.shape != (h, w):
            self.buf = np.zeros((h, w), np.uint32)
            self.image = QImage(self.buf.data, w, h, 4 * w, UNITS_FORMAT)
            self._plain = QImage(self.buf.data, w, h, 4 * w, UNITS_FORMAT)
            self.rects, self.pairs, self._clear = [], [], []
        if self.image.devicePixelRatio() != dpr:
            self.image.setDevicePixelRatio(dpr)
            self._cache = {}
        if self._clear:                      # what the last frame painted: transparent
            p = QPainter(self._plain)
            p.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(0, 0, 0))
            p.drawRects(self._clear)
            p.end()
        painted: list = []
        p = QPainter(self.image)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        paint_units(c, p, painted)
        p.end()
        self.rects = rects = _device_rects(painted, dpr, w, h)
        cache = self._cache
        if len(cache) > 4000:
            cache.clear()
        pairs, clear = [], []
        for r in rects:
            ent = cache.get(r)
            if ent is None:
                x0, y0, x1, y1 = r
                ent = cache[r] = (
                    (QRectF(x0 / dpr, y0 / dpr, (x1 - x0) / dpr, (y1 - y0) / dpr),
                     QRectF(x0, y0, x1 - x0, y1 - y0)), QRect(x0, y0, x1 - x0, y1 - y0))
            pairs.append(ent[0])
            clear.append(ent[1])
        self.pairs, self._clear = pairs, clear
        self.current = True

    def composite(self, p: QPainter):
        """Draw the painted rectangles of the layer with painter p (source over)."""
        if self.image.devicePixelRatio() == 1.0:   # whole pixels: the cheaper overload
            img, draw = self._plain, p.drawImage
            for x0, y0, x1, y1 in self.rects:
                draw(x0, y0, img, x0, y0, x1 - x0, y1 - y0)
            return
        img, draw = self.image, p.drawImage
        for target, source in self.pairs:
            draw(target, img, source)


UNITS_FORMAT = QImage.Format.Format_ARGB32_Premultiplied


def _device_rects(rects, dpr: float, w: int, h: int) -> list[tuple[int, int, int, int]]:
    """Logical QRectF → (x0, y0, x1, y1) whole device pixels, one pixel of margin, within
    the image. Rectangles that overlap must do so only where the layer is opaque or clear
    (compositing those pixels twice then changes nothing)."""
    if not rects:
        return []
    c = np.array([r.getCoords() for r in rects], float) * dpr
    c[:, :2] -= 1.0
    c[:, 2:] += 2.0
    c = np.trunc(c).astype(np.int64)     # int() of each: toward zero, as before
    np.clip(c[:, 0::2], 0, w, out=c[:, 0::2])
    np.clip(c[:, 1::2], 0, h, out=c[:, 1::2])
    keep = (c[:, 2] > c[:, 0] + 2) & (c[:, 3] > c[:, 1] + 2)   # not a margin alone
    return [tuple(r) for r in c[keep].tolist()]
