"""The network canvas's cached pictures, so that a frame repaints only what changed.

- The *base* image: background, column titles, legend and the edges. Its edges are kept
  in vertical strips, one per layer of weights (strip k holds the edges from column k to
  column k + 1, and nothing else, in a rectangle with whole device-pixel sides); a strip is
  repainted only when the look (edge_paint code: colour, width) of one of its edges changed.
  Text is repainted only when the layout, the theme or the legend's numbers change.
- The *frame* image: a copy of the base with the units, values, thumbnails, header and
  targets painted over it, built only when a repaint finds nothing changed (animating
  frames blit it). Right after a change the base is drawn and the units are painted straight
  over it (no full-size copy: while training, every frame is such a frame).

Edges are the costly part (long antialiased lines, ~13 µs each, most of it Qt's per-scanline
rasterizing) and PySide6 keeps the GIL inside QPainter calls, so a helper thread cannot
paint them in parallel. With the edge worker (edge_worker.py; on unless
NNVIZ_EDGE_WORKER=0) the base image lives in shared memory and a helper process repaints
some strips while this process computes the thumbnails, paints the other strips and draws
the parts of the base image that are final already; after the worker's answer only its
strips, the units and the overlay remain to draw. (Painting the units on a transparent layer
meanwhile, to composite it afterwards, was measured slower: ~0.4 ms a frame more, the
layer's clearing and compositing costing more than it moved off the frame's tail.)
"""

from __future__ import annotations

import itertools
import time

import numpy as np
from PySide6.QtGui import QImage, QPainter

from . import edge_paint, edge_worker, theme
from .canvas_strips import (
    all_strip_edges,
    blit,
    bounding,
    complement,
    segments_array,
    split_strips,
    strip_cost,
    strip_rects,
    strip_segments,
)
from .edge_paint import Balance

_UIDS = itertools.count(1)
START_DELAY = 0.5      # seconds after a canvas's first paint before it starts the edge worker


class CanvasLayers:
    """The base and frame images of one canvas (see the module docstring)."""

    def __init__(self):
        self.base_buf: np.ndarray | None = None
        self.frame_buf: np.ndarray | None = None
        self.frame: QImage | None = None
        self._shared: edge_worker.SharedBuffer | None = None   # base_buf's shared memory
        self._uid = next(_UIDS)
        self._base_key = None
        self._strip_keys: dict[int, object] = {}
        self._dirty = True              # something may have changed since the last paint
        self.strips_painted = 0         # strips repainted so far (for tests)
        self.strips_by_worker = 0       # of which the edge worker painted (for tests)
        self.frames_built = 0           # frame images built so far (for tests)
        self.balance = Balance()        # how much edge work goes to the worker
        self._born: float | None = None  # when this canvas first painted
        self.last_wait_ms = 0.0         # how long the last frame waited for the worker
        self.late: list = []            # the worker's strips, drawn after the rest

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

    def release(self):
        """Free the images (the shared memory at once); the next render rebuilds them."""
        self.base_buf = self.frame_buf = self.frame = None
        if self._shared is not None:
            self._shared.release()
            self._shared = None
        self.drop()

    def refresh(self, c, paint_static, meanwhile=None, early=None) -> bool:
        """Bring the base image up to date; True when anything changed since the last
        paint. `meanwhile()` brings the thumbnails up to date (True when they changed).
        While the edge worker paints, `early(rects)` is given the parts of the base image
        that are final before the worker's strips are (self.late then lists those strips'
        rectangles; empty when nothing was given to early)."""
        self.late = []
        if self._dirty:
            self._update_base(c, paint_static, meanwhile, early)
            self._dirty = False
            return True
        if meanwhile is not None and meanwhile():   # thumbnails held back while training
            self.frame = None
            return True
        return False

    def paint(self, c, p: QPainter, paint_static, paint_units, meanwhile=None):
        """Draw the static picture with painter p, repainting only what changed.

        Right after a change the base is drawn and the units painted straight over it
        with p (no full-size copy: while training every frame is such a frame); the cached
        frame image (base + units) is built on the first repaint without a change, so that
        animating frames only blit it."""
        dpr = c.devicePixelRatioF()
        img = None

        def early(rects):        # drawn while the worker paints
            nonlocal img
            img = edge_paint.image(self.base_buf, dpr)
            blit(p, img, rects, dpr)

        if self.refresh(c, paint_static, meanwhile, early):
            if self.late:        # the rest: the worker's strips
                blit(p, img, self.late, dpr)
            else:
                p.drawImage(0, 0, edge_paint.image(self.base_buf, dpr))
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
        img = edge_paint.image(self.frame_buf, dpr)
        p = QPainter(img)
        paint_units(c, p)
        p.end()
        self.frame = img
        self.frames_built += 1
        return img

    def _worker(self):
        """The edge worker when it is on, started START_DELAY after this canvas's first
        paint (not at once: its start-up would compete with the application's); None when
        off, not yet started or failed."""
        if not edge_worker.enabled():
            return None
        now = time.monotonic()
        if self._born is None:
            self._born = now
        worker = edge_worker.client()
        if worker.proc is None and not worker.starting:
            if now - self._born < START_DELAY:
                return None
            worker.start()
        return None if worker.failed else worker

    def _allocate(self, h: int, w: int, shared: bool):
        self.release()
        if shared:
            try:
                self._shared = edge_worker.SharedBuffer(h, w)
                self.base_buf = self._shared.array
            except OSError as exc:   # no shared memory here: paint in this process
                self._shared = None
                edge_worker.client().give_up(f"no shared memory: {exc}")
        if self.base_buf is None:
            self.base_buf = np.empty((h, w), np.uint32)
        self.frame_buf = np.empty((h, w), np.uint32)

    def _update_base(self, c, paint_static, meanwhile, early=None):
        """Bring the base image up to date: static text, and the strips of edges whose
        look changed (sent to the edge worker first when it runs); `meanwhile()` (the
        thumbnails) runs while the worker paints, then this process's strips, then `early`
        (see refresh)."""
        dpr = c.devicePixelRatioF()
        w, h = max(1, int(c.width() * dpr)), max(1, int(c.height() * dpr))
        worker = self._worker()
        if self.base_buf is None or self.base_buf.shape != (h, w) \
                or (worker is not None) != (self._shared is not None):
            self._allocate(h, w, worker is not None)
        bg = theme.current().qcolor("background")
        base_key = (w, h, dpr, c.layout_serial, c.static_key())
        if base_key != self._base_key:
            img = edge_paint.image(self.base_buf, dpr)
            img.fill(bg)
            p = QPainter(img)
            paint_static(c, p)
            p.end()
            self._base_key = base_key
            self._strip_keys = {}
        # which strips changed their look
        rects = strip_rects(c, dpr)
        todo = []
        for k, (key, codes) in enumerate(all_strip_edges(c)):
            if self._strip_keys.get(k) != key:
                todo.append((k, key, codes))
        self.strips_painted += len(todo)
        self.frame = None
        pending, theirs, mine = None, [], todo
        if len(todo) > 1 and worker is not None and self._shared is not None \
                and self.balance.use_worker():
            theirs, mine = split_strips(c, todo, self.balance.share)
            geo = (self._uid, c.layout_serial, c.show_bias_nodes)
            ts = time.perf_counter()
            pending = worker.submit(
                self._shared.name, self.base_buf.shape, dpr, bg.rgb() & 0xFFFFFF,
                [(rects[k], geo + (k,), segments_array(c, k), codes)
                 for k, _key, codes in theirs]) if theirs else None
            if pending is None:
                theirs, mine = [], todo
        if meanwhile is not None:
            meanwhile()
        t1 = time.perf_counter()
        img = edge_paint.image(self.base_buf, dpr) if todo else None
        if mine:   # this process's share (the worker paints other strips: no shared pixel)
            self._paint_here(c, img, rects, bg, mine)
        if pending is not None:
            t2 = t3 = time.perf_counter()
            if early is not None:     # one rectangle over the worker's strips: blits
                late = [bounding([rects[k] for k, _key, _codes in theirs])]   # by the row
                early(complement(late, w / dpr, h / dpr))
                self.late = late
                t3 = time.perf_counter()
            ok = worker.wait(pending)
            tw = time.perf_counter()
            self.last_wait_ms = (tw - t3) * 1000.0
            if ok:
                self.strips_by_worker += len(theirs)
                self.balance.learn(sum(strip_cost(c, k) for k, _key, _codes in theirs),
                                   sum(strip_cost(c, k) for k, _key, _codes in mine),
                                   worker.paint_ms, worker.paint_cpu_ms, (t2 - t1) * 1000.0,
                                   (t1 - ts + t3 - t2) * 1000.0,
                                   (tw - ts) * 1000.0 - worker.paint_ms,
                                   self.last_wait_ms > 0.05)
            else:      # it failed or was stopped: it no longer touches the buffer
                self._paint_here(c, img, rects, bg, theirs)
        for k, key, _codes in todo:
            self._strip_keys[k] = key

    @staticmethod
    def _paint_here(c, img, rects, bg, strips):
        edge_paint.paint_strips(img, bg.rgb() & 0xFFFFFF,
                                [(rects[k], strip_segments(c, k), codes.tolist())
                                 for k, _key, codes in strips])


__all__ = ["Balance", "CanvasLayers"]
