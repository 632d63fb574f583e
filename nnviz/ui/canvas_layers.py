"""The network canvas's cached pictures, so that a frame repaints only what changed.

- The *base* image: background, column titles, legend and the edges. Its edges are kept
  in vertical strips, one per layer of weights (strip k holds the edges from column k to
  column k + 1, and nothing else); a strip is repainted only when the look (colour index,
  width) of one of its edges changed. Text is repainted only when the layout, the theme
  or the legend's numbers change.
- The *frame* image: a copy of the base with the units, values, thumbnails, header and
  targets painted over it, built only when a repaint finds nothing changed (animating
  frames blit it). Right after a change the base is drawn and the units are painted straight
  over it (no full-size copy: while training, every frame is such a frame).

Edges are the costly part (long antialiased lines, ~14 µs each, most of it Qt's per-scanline
rasterizing). They are painted on this thread: PySide6 keeps the GIL inside QPainter calls,
so painting strips on a helper thread measured no faster (slightly slower).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage, QPainter

from ..engine.events import BIAS
from . import theme

FORMAT = QImage.Format.Format_RGB32     # opaque: the fastest to fill, paint and blit


def strip_edges(c, k: int):
    """(key, looks) of strip k: a key of its edges' looks (colour index and width of
    each), and those looks as arrays for strip_lines."""
    lay, m = c.net_layout, c.model
    zoom = theme.manager().zoom
    W, b = m.shown_params(k)
    rows = lay.columns[k + 1].shown
    cols = lay.columns[k].shown
    w = W[np.ix_(rows, cols)].ravel()
    if c.show_bias_nodes:
        w = np.concatenate([w, b[rows]])
    ci, width = m.edge_keys(w, zoom)
    dropped = m.dropped_units(k)
    faded = np.zeros(len(w), bool)
    if dropped:   # edges out of units dropout removed on this sample
        faded[:len(rows) * len(cols)] = np.tile([j in dropped for j in cols], len(rows))
    key = (ci.tobytes(), width.tobytes(), faded.tobytes(), c.show_bias_nodes, m.w_scale)
    return key, (ci, width, faded)


def strip_lines(c, k: int, looks) -> list:
    """(QLineF, QPen) of strip k's edges (and dashed bias edges when bias nodes show)."""
    lay, m = c.net_layout, c.model
    ci, width, faded = looks
    lines = lay.strip_segments(k)
    out = list(zip(lines, m.pens_for(ci[:len(lines)], width[:len(lines)],
                                     faded[:len(lines)])))
    if c.show_bias_nodes:
        base = len(lines)
        for n, line in enumerate(lay.bias_segments(k)):
            out.append((line, m.pen_for(ci[base + n], width[base + n], dashed=True)))
    return out


class CanvasLayers:
    """The base and frame images of one canvas (see the module docstring)."""

    def __init__(self):
        self.base_buf: np.ndarray | None = None
        self.frame_buf: np.ndarray | None = None
        self.frame: QImage | None = None
        self._base_key = None
        self._strip_keys: dict[int, object] = {}
        self._dirty = True              # something may have changed since the last paint
        self.strips_painted = 0         # strips repainted so far (for tests)
        self.frames_built = 0           # frame images built so far (for tests)

    def drop(self):
        """Forget everything: the next render repaints the whole picture."""
        self._base_key = None
        self.forget_edges()

    def forget_edges(self):
        """Repaint every strip of edges on the next render (as if every weight changed)."""
        self._strip_keys = {}
        self.invalidate_frame()

    def invalidate_frame(self):
        """The units or the edges' looks may have changed: check on the next render."""
        self.frame = None
        self._dirty = True

    def _image(self, buf, dpr) -> QImage:
        h, w = buf.shape
        img = QImage(buf.data, w, h, 4 * w, FORMAT)
        img.setDevicePixelRatio(dpr)
        return img

    def refresh(self, c, paint_static, meanwhile=None) -> bool:
        """Bring the base image up to date; True when anything changed since the last
        paint. `meanwhile()` brings the thumbnails up to date (True when they changed)."""
        if self._dirty:
            self._update_base(c, paint_static, meanwhile)
            self._dirty = False
            return True
        if meanwhile is not None and meanwhile():   # thumbnails held back while training
            self.frame = None
            return True
        return False

    def paint(self, c, p: QPainter, paint_static, paint_units, meanwhile=None):
        """Draw the static picture with painter p, repainting only what changed.

        Right after a change the base is drawn and the units painted straight over it
        with p (no full-size copy: while training every frame is such a frame); the
        cached frame image (base + units) is built on the first repaint without a change,
        so that animating frames only blit it."""
        if self.refresh(c, paint_static, meanwhile):
            p.drawImage(0, 0, self._image(self.base_buf, c.devicePixelRatioF()))
            paint_units(c, p)
            return
        p.drawImage(0, 0, self.frame if self.frame is not None
                    else self._build_frame(c, paint_units, c.devicePixelRatioF()))

    def render(self, c, paint_static, paint_units, meanwhile=None) -> QImage:
        """The frame image (base + units), repainting only what changed since the last one."""
        self.refresh(c, paint_static, meanwhile)
        return self.frame if self.frame is not None \
            else self._build_frame(c, paint_units, c.devicePixelRatioF())

    def _build_frame(self, c, paint_units, dpr) -> QImage:
        np.copyto(self.frame_buf, self.base_buf)
        img = self._image(self.frame_buf, dpr)
        p = QPainter(img)
        paint_units(c, p)
        p.end()
        self.frame = img
        self.frames_built += 1
        return img

    def _update_base(self, c, paint_static, meanwhile):
        """Bring the base image up to date: static text, and the strips of edges whose
        look changed; `meanwhile()` runs first (the thumbnails)."""
        dpr = c.devicePixelRatioF()
        w, h = max(1, int(c.width() * dpr)), max(1, int(c.height() * dpr))
        if self.base_buf is None or self.base_buf.shape != (h, w):
            self.base_buf = np.empty((h, w), np.uint32)
            self.frame_buf = np.empty((h, w), np.uint32)
            self._base_key = None
            self._strip_keys = {}
        bg = theme.current().qcolor("background")
        base_key = (w, h, dpr, c.layout_serial, c.static_key())
        if base_key != self._base_key:
            img = self._image(self.base_buf, dpr)
            img.fill(bg)
            p = QPainter(img)
            paint_static(c, p)
            p.end()
            self._base_key = base_key
            self._strip_keys = {}
        # which strips changed their look
        todo = []
        for k in range(len(c.net_layout.columns) - 1):
            key, looks = strip_edges(c, k)
            if self._strip_keys.get(k) != key:
                todo.append((k, key, looks))
        self.strips_painted += len(todo)
        self.frame = None
        if meanwhile is not None:
            meanwhile()
        if todo:
            self._paint_strips(c, todo, dpr, bg)

    def _paint_strips(self, c, todo, dpr, bg):
        lay = c.net_layout
        img = self._image(self.base_buf, dpr)
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for k, key, looks in todo:
            rect = lay.strip_rect(k)
            p.setClipRect(rect)
            p.fillRect(rect, bg)
            for line, pen in strip_lines(c, k, looks):
                p.setPen(pen)
                p.drawLine(line)
            self._strip_keys[k] = key
        p.end()


__all__ = ["CanvasLayers", "FORMAT", "BIAS"]
