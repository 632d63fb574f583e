"""The network canvas's cached pictures, so that a frame repaints only what changed.

- The *base* image: background, column titles, legend and the edges. Its edges are kept
  in vertical strips, one per layer of weights (strip k holds the edges from column k to
  column k + 1, and nothing else); a strip is repainted only when the look (colour index,
  width) of one of its edges changed. Text is repainted only when the layout, the theme
  or the legend's numbers change.
- The *frame* image: a copy of the base with the units, values, thumbnails, header and
  targets painted over it; paintEvent blits it and paints the moving overlay on top.

Edges are the costly part (long antialiased lines); when several strips changed they are
painted on two threads at once (QPainter on a QImage is thread-safe per image, the strips'
pixels are disjoint, and Qt releases the GIL while it rasterizes).
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from PySide6.QtGui import QImage, QPainter

from ..engine.events import BIAS
from . import theme

FORMAT = QImage.Format.Format_RGB32     # opaque: the fastest to fill, paint and blit
THREAD_MIN_EDGES = 60                  # below this many edges to repaint, one thread
_POOL: ThreadPoolExecutor | None = None
threads = 2                            # painting threads for the edges (1 = no helper)


def _pool() -> ThreadPoolExecutor:
    global _POOL
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nnviz-edges")
    return _POOL


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
    out = [(line, m.pen_for(ci[n], width[n], faded=bool(faded[n])))
           for n, line in enumerate(lines)]
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
        self.strips_painted = 0         # strips repainted so far (for tests)

    def drop(self):
        """Forget everything: the next render repaints the whole picture."""
        self._base_key = None
        self._strip_keys = {}
        self.frame = None

    def forget_edges(self):
        """Repaint every strip of edges on the next render (as if every weight changed)."""
        self._strip_keys = {}
        self.frame = None

    def invalidate_frame(self):
        self.frame = None

    def _image(self, buf, dpr) -> QImage:
        h, w = buf.shape
        img = QImage(buf.data, w, h, 4 * w, FORMAT)
        img.setDevicePixelRatio(dpr)
        return img

    def render(self, c, paint_static, paint_units, meanwhile=None) -> QImage:
        """The frame image, repainting only what changed since the last one.

        `meanwhile()` (e.g. computing the thumbnails) runs on this thread while the helper
        thread starts on the edges; then this thread helps with the edges left."""
        dpr = c.devicePixelRatioF()
        w, h = max(1, int(c.width() * dpr)), max(1, int(c.height() * dpr))
        if self.base_buf is None or self.base_buf.shape != (h, w):
            self.base_buf = np.empty((h, w), np.uint32)
            self.frame_buf = np.empty((h, w), np.uint32)
            self.drop()
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
            self.frame = None
        # which strips changed their look
        todo = []
        for k in range(len(c.net_layout.columns) - 1):
            key, looks = strip_edges(c, k)
            if self._strip_keys.get(k) != key:
                todo.append((k, key, looks))
        self.strips_painted += len(todo)
        if todo:
            self._paint_strips(c, todo, dpr, bg, meanwhile)
            self.frame = None
        elif meanwhile is not None and meanwhile():
            self.frame = None
        if self.frame is None:
            np.copyto(self.frame_buf, self.base_buf)
            img = self._image(self.frame_buf, dpr)
            p = QPainter(img)
            paint_units(c, p)
            p.end()
            self.frame = img
        return self.frame

    def _paint_strips(self, c, todo, dpr, bg, meanwhile):
        lay = c.net_layout
        jobs = deque(sorted(((lay.strip_rect(k), strip_lines(c, k, looks))
                             for k, _key, looks in todo), key=lambda j: -len(j[1])))
        buf = self.base_buf

        def paint():
            """Paint strips from the shared queue until it is empty."""
            img = self._image(buf, dpr)
            p = QPainter(img)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            while True:
                try:
                    rect, lines = jobs.popleft()
                except IndexError:
                    break
                p.setClipRect(rect)
                p.fillRect(rect, bg)
                for line, pen in lines:
                    p.setPen(pen)
                    p.drawLine(line)
            p.end()

        n_edges = sum(len(lines) for _r, lines in jobs)
        fut = None
        if threads > 1 and n_edges >= THREAD_MIN_EDGES:
            fut = _pool().submit(paint)
        if meanwhile is not None:
            meanwhile()
        paint()
        if fut is not None:
            fut.result()
        for k, key, _looks in todo:
            self._strip_keys[k] = key


__all__ = ["CanvasLayers", "FORMAT", "BIAS"]
