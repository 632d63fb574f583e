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

Edges are the costly part (long antialiased lines, ~14 µs each, most of it Qt's per-scanline
rasterizing) and PySide6 keeps the GIL inside QPainter calls, so a helper thread cannot
paint them in parallel. With the edge worker (edge_worker.py; on unless
NNVIZ_EDGE_WORKER=0) the base image lives in shared memory and a helper process repaints
some strips while this process computes the thumbnails and paints the others; both paint
with edge_paint, so the pixels are the same. Meanwhile this process also paints the units
on a transparent layer (canvas_paint.UnitsLayer, composited over the edges afterwards:
the same pixels as painting them over the edges) and draws the parts of the base image
that are final already; after the worker's answer only its strips, the units and the
overlay remain to draw.
"""

from __future__ import annotations

import itertools
import time

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter

from ..engine.events import BIAS
from . import edge_paint, edge_worker, theme
from .canvas_paint import UnitsLayer
from .edge_paint import FORMAT, Balance

_UIDS = itertools.count(1)
START_DELAY = 0.5      # seconds after a canvas's first paint before it starts the edge worker


def strip_edges(c, k: int):
    """(key, codes) of strip k: the edge_paint code of each of its edges (the weights in
    layout order, then the bias edges when bias nodes show); key changes with any look."""
    return all_strip_edges(c, [k])[0]


def all_strip_edges(c, strips=None) -> list[tuple[bytes, np.ndarray]]:
    """strip_edges of several strips (default: all) from one vectorized pass."""
    lay, m = c.net_layout, c.model
    zoom = theme.manager().zoom
    if strips is None:
        strips = range(len(lay.columns) - 1)
    ws, bs, fades, counts = [], [], [], []
    any_faded = False
    for k in strips:
        W, b = m.shown_params(k)
        rows = lay.columns[k + 1].shown
        cols = lay.columns[k].shown
        if len(rows) == W.shape[0] and len(cols) == W.shape[1]:
            w = W.ravel()                 # every unit shown: layout order is W's order
        else:
            w = W[np.ix_(rows, cols)].ravel()
        ws.append(w)
        dropped = m.dropped_units(k)
        if dropped:   # edges out of units dropout removed on this sample
            fades.append(np.tile([j in dropped for j in cols], len(rows)))
            any_faded = True
        else:
            fades.append(np.zeros(len(w), bool))
        if c.show_bias_nodes:
            bs.append(b[rows])
        counts.append(len(w))
    if not ws:
        return []
    ci, width = m.edge_keys(np.concatenate(ws), zoom)
    codes = m.edge_codes(ci, width, np.concatenate(fades) if any_faded else None)
    parts = np.split(codes, np.cumsum(counts)[:-1])
    if c.show_bias_nodes:
        bci, bwidth = m.edge_keys(np.concatenate(bs), zoom)
        bias = np.split(m.edge_codes(bci, bwidth, dashed=True),
                        np.cumsum([len(b) for b in bs])[:-1])
        parts = [np.concatenate([p, q]) for p, q in zip(parts, bias)]
    return [(p.tobytes(), p) for p in parts]


def strip_segments(c, k: int) -> list:
    """The QLineF segments of strip k, in the order of strip_edges' codes."""
    lay = c.net_layout
    lines = lay.strip_segments(k)
    return lines + lay.bias_segments(k) if c.show_bias_nodes else lines


def strip_lines(c, k: int, codes) -> list:
    """(QLineF, QPen) of strip k's edges (and dashed bias edges when bias nodes show)."""
    return [(line, edge_paint.pen(code))
            for line, code in zip(strip_segments(c, k), np.asarray(codes).tolist())]


def strip_rects(c, dpr: float) -> list[tuple[float, float, float, float]]:
    """(x, y, w, h) of every strip: whole device pixels, neighbours share no pixel."""
    lay = c.net_layout
    key = ("bounds", dpr)
    rects = lay._segments.get(key)
    if rects is None:
        r = lay.strip_rect(0)
        rects = lay._segments[key] = edge_paint.strip_bounds(
            [col.x for col in lay.columns], r.top(), r.bottom(), dpr)
    return rects


def _segments_array(c, k: int) -> np.ndarray:
    lay = c.net_layout
    key = ("array", k, c.show_bias_nodes)
    arr = lay._segments.get(key)
    if arr is None:
        arr = lay._segments[key] = edge_paint.segments_array(strip_segments(c, k))
    return arr


def strip_cost(c, k: int) -> float:
    """A rough cost of painting strip k: antialiased lines cost per scanline they cross,
    plus a fixed cost per line."""
    lay = c.net_layout
    key = ("cost", k, c.show_bias_nodes)
    cost = lay._segments.get(key)
    if cost is None:
        seg = _segments_array(c, k)
        cost = lay._segments[key] = float(np.abs(seg[:, 3] - seg[:, 1]).sum() + 8 * len(seg))
    return cost


def split_strips(c, todo, share: float) -> tuple[list, list]:
    """(the worker's, this process's) strips of todo: about `share` of the cost to the
    worker (largest strips first)."""
    costs = {k: strip_cost(c, k) for k, _key, _codes in todo}
    target = share * sum(costs.values())
    theirs, mine, done = [], [], 0.0
    for item in sorted(todo, key=lambda t: -costs[t[0]]):
        cost = costs[item[0]]
        if done + cost / 2 <= target:
            theirs.append(item)
            done += cost
        else:
            mine.append(item)
    return theirs, mine


def _complement(strips, width: float, height: float) -> list[tuple]:
    """(x, y, w, h) rectangles covering the image (width × height) but the strips (which
    share their top and bottom)."""
    if not strips:
        return [(0.0, 0.0, width, height)]
    top, bottom = strips[0][1], strips[0][1] + strips[0][3]
    out = [(0.0, 0.0, width, top), (0.0, bottom, width, height - bottom)]
    x = 0.0
    for sx, _sy, sw, _sh in sorted(strips):
        if sx > x:
            out.append((x, top, sx - x, bottom - top))
        x = max(x, sx + sw)
    out.append((x, top, width - x, bottom - top))
    return [r for r in out if r[2] > 0 and r[3] > 0]


def _bounding(strips) -> tuple:
    """The (x, y, w, h) rectangle around strips (which share their top and bottom)."""
    x0 = min(x for x, _y, _w, _h in strips)
    x1 = max(x + w for x, _y, w, _h in strips)
    return (x0, strips[0][1], x1 - x0, strips[0][3])


def _blit(p: QPainter, img: QImage, rects, dpr: float) -> None:
    """Draw parts (x, y, w, h) of img (logical coordinates, whole device pixels) with p,
    pixel for pixel."""
    for x, y, w, h in rects:
        x0, y0 = round(x * dpr), round(y * dpr)
        dw, dh = round((x + w) * dpr) - x0, round((y + h) * dpr) - y0
        p.drawImage(QRectF(x0 / dpr, y0 / dpr, dw / dpr, dh / dpr), img,
                    QRectF(x0, y0, dw, dh))


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
        self.units = UnitsLayer()       # the units, painted while the worker paints edges
        self.units_ready = False        # this frame's units are on the units layer
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
        self.units.current = False

    def release(self):
        """Free the images (the shared memory at once); the next render rebuilds them."""
        self.base_buf = self.frame_buf = self.frame = None
        self.units.release()
        if self._shared is not None:
            self._shared.release()
            self._shared = None
        self.drop()

    def refresh(self, c, paint_static, meanwhile=None, paint_units=None, early=None) -> bool:
        """Bring the base image up to date; True when anything changed since the last
        paint. `meanwhile()` brings the thumbnails up to date (True when they changed).
        With `paint_units`, the units may be painted on the units layer while the edge
        worker paints (self.units_ready then tells); `early(rects)` is then given the parts
        of the base image that are final before the worker's strips are (self.late lists
        those strips' rectangles; empty when nothing was given to early)."""
        self.units_ready = False
        self.late = []
        if self._dirty:
            self._update_base(c, paint_static, meanwhile, paint_units, early)
            self._dirty = False
            return True
        if meanwhile is not None and meanwhile():   # thumbnails held back while training
            self.frame = None
            self.units.current = False              # the layer shows the old ones
            return True
        return False

    def paint(self, c, p: QPainter, paint_static, paint_units, meanwhile=None):
        """Draw the static picture with painter p, repainting only what changed.

        Right after a change the base is drawn and the units painted straight over it
        with p, or composited from the units layer when they were painted there while the
        edge worker painted (no full-size copy: while training every frame is such a
        frame); the cached frame image (base + units) is built on the first repaint
        without a change, so that animating frames only blit it."""
        dpr = c.devicePixelRatioF()
        img = None

        def early(rects):        # drawn while the worker paints
            nonlocal img
            img = edge_paint.image(self.base_buf, dpr)
            _blit(p, img, rects, dpr)

        if self.refresh(c, paint_static, meanwhile, paint_units, early):
            if self.late:        # the rest: the worker's strips
                _blit(p, img, self.late, dpr)
            else:
                p.drawImage(0, 0, edge_paint.image(self.base_buf, dpr))
            if self.units_ready:
                self.units.composite(p)
            else:
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
        if self.units.current:       # the units the last frame composited: same pixels
            self.units.composite(p)
        else:
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

    def _update_base(self, c, paint_static, meanwhile, paint_units=None, early=None):
        """Bring the base image up to date: static text, and the strips of edges whose
        look changed (sent to the edge worker first when it runs); `meanwhile()` (the
        thumbnails) runs while the worker paints, then `paint_units` on the units layer,
        then `early` (see refresh)."""
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
        self.units.current = False
        pending, theirs, mine = None, [], todo
        if len(todo) > 1 and worker is not None and self._shared is not None \
                and self.balance.use_worker():
            theirs, mine = split_strips(c, todo, self.balance.share)
            geo = (self._uid, c.layout_serial, c.show_bias_nodes)
            ts = time.perf_counter()
            pending = worker.submit(
                self._shared.name, self.base_buf.shape, dpr, bg.rgb() & 0xFFFFFF,
                [(rects[k], geo + (k,), _segments_array(c, k), codes)
                 for k, _key, codes in theirs]) if theirs else None
            if pending is None:
                theirs, mine = [], todo
        if meanwhile is not None:
            meanwhile()
        self.units.current = False
        if pending is not None and paint_units is not None:
            self.units.paint(c, paint_units, w, h, dpr)
            self.units_ready = True
        t1 = time.perf_counter()
        img = edge_paint.image(self.base_buf, dpr) if todo else None
        if mine:   # this process's share (the worker paints other strips: no shared pixel)
            self._paint_here(c, img, rects, bg, mine)
        if pending is not None:
            t2 = t3 = time.perf_counter()
            if early is not None:     # one rectangle over the worker's strips: blits
                late = [_bounding([rects[k] for k, _key, _codes in theirs])]   # by the row
                early(_complement(late, w / dpr, h / dpr))
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

__all__ = ["Balance", "CanvasLayers", "FORMAT", "BIAS", "strip_edges", "strip_lines"]
