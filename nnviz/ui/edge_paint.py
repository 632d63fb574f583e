"""Painting the network canvas's edges from plain numbers.

The one edge painter: the canvas uses it in its own process and the edge worker
(edge_worker.py) uses it in a helper process, so both paint exactly the same pixels.
It imports only NumPy and PySide6.QtCore/QtGui (the worker must start quickly).

An edge's look is one integer *code*: its opaque colour 0xRRGGBB, its width in eighths of a
pixel and whether it is dashed (a bias edge) — see edge_codes. Each code gets one cached
flat-capped pen (round caps and alpha are several times slower to antialias).

The edges are painted in *strips*: strip k holds the edges between column k and column
k + 1, clipped to a rectangle with whole device-pixel sides, so that neighbouring strips
never share a pixel and may be painted in any order (or by two processes at once) with the
same result. Balance decides how much of that work the edge worker gets (plain numbers).
"""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen

WIDTH_STEPS = 8            # widths are coded in eighths of a pixel
MAX_WIDTH_CODE = 2047      # 11 bits: up to ~256 px wide
FORMAT = QImage.Format.Format_RGB32     # opaque: the fastest to fill, paint and blit

_PENS: dict[int, QPen] = {}


def edge_codes(rgb: np.ndarray, width: np.ndarray, dashed: np.ndarray | bool = False
               ) -> np.ndarray:
    """One int64 code per edge: (0xRRGGBB << 12) | (width·8 << 1) | dashed."""
    w8 = np.clip(np.rint(np.asarray(width, float) * WIDTH_STEPS), 1, MAX_WIDTH_CODE)
    rgb = np.asarray(rgb).astype(np.int64) & 0xFFFFFF
    return (rgb << 12) | (w8.astype(np.int64) << 1) | np.asarray(dashed, np.int64)


def pen(code: int) -> QPen:
    """The cached flat-capped pen of an edge code."""
    p = _PENS.get(code)
    if p is None:
        if len(_PENS) > 20000:
            _PENS.clear()
        rgb, w8, dashed = code >> 12, (code >> 1) & MAX_WIDTH_CODE, code & 1
        p = QPen(QColor.fromRgb(0xFF000000 | rgb), w8 / WIDTH_STEPS,
                 Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
        p.setCapStyle(Qt.PenCapStyle.FlatCap)
        _PENS[code] = p
    return p


def segments_array(lines) -> np.ndarray:
    """(n, 4) float64 array (x1, y1, x2, y2) of QLineF segments (exact: QLineF holds
    doubles)."""
    return np.array([(ln.x1(), ln.y1(), ln.x2(), ln.y2()) for ln in lines],
                    float).reshape(-1, 4)


def segment_lines(segments: np.ndarray) -> list[QLineF]:
    """The QLineF segments of an (n, 4) array (the inverse of segments_array)."""
    return [QLineF(x1, y1, x2, y2) for x1, y1, x2, y2 in np.asarray(segments, float).tolist()]


def device_rect(rect: QRectF, dpr: float) -> tuple[float, float, float, float]:
    """(x, y, w, h) of rect grown to whole device pixels (in logical coordinates)."""
    x0, y0 = np.floor(rect.left() * dpr), np.floor(rect.top() * dpr)
    x1, y1 = np.ceil(rect.right() * dpr), np.ceil(rect.bottom() * dpr)
    return (float(x0 / dpr), float(y0 / dpr), float((x1 - x0) / dpr), float((y1 - y0) / dpr))


def strip_bounds(xs: list[float], top: float, bottom: float, dpr: float
                 ) -> list[tuple[float, float, float, float]]:
    """(x, y, w, h) of the strips between consecutive column centres xs, with whole
    device-pixel sides: strip k ends exactly where strip k + 1 begins (no shared pixel)."""
    edges = [float(np.rint(x * dpr) / dpr) for x in xs]
    y0, y1 = np.floor(top * dpr) / dpr, np.ceil(bottom * dpr) / dpr
    return [(edges[k], float(y0), edges[k + 1] - edges[k], float(y1 - y0))
            for k in range(len(edges) - 1)]


def paint_strips(img: QImage, background: int, strips) -> None:
    """Repaint strips of edges on img (an RGB32 image): each strip is
    ((x, y, w, h), lines, codes) with lines a list of QLineF and codes their edge codes
    (a list of ints); its rectangle is filled with the background colour 0xRRGGBB, then its
    edges are drawn in order, clipped to it, antialiased."""
    bg = QColor.fromRgb(0xFF000000 | (background & 0xFFFFFF))
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    set_pen, draw = p.setPen, p.drawLine
    pens = _PENS
    for (x, y, w, h), lines, codes in strips:
        rect = QRectF(x, y, w, h)
        p.setClipRect(rect)
        p.fillRect(rect, bg)
        last = None
        for line, code in zip(lines, codes):
            if code != last:
                pn = pens.get(code)
                set_pen(pn if pn is not None else pen(code))
                last = code
            draw(line)
    p.end()


def image(buf: np.ndarray, dpr: float) -> QImage:
    """An RGB32 QImage over a (h, w) uint32 buffer (no copy: keep buf alive)."""
    h, w = buf.shape
    img = QImage(buf.data, w, h, 4 * w, FORMAT)
    img.setDevicePixelRatio(dpr)
    return img


class Balance:
    """The share of the edge work (canvas_strips.strip_cost) sent to the worker, so that it
    finishes when this process has done its other work (thumbnails, units) and painted the
    other strips: learnt from each frame's timings (smoothed), including the worker's
    latency (the time a request takes beyond its painting: messages, waking up).

    The worker only helps when it has a core of its own: when its painting takes much
    longer than its CPU time (other processes keep the cores busy), the canvas paints
    alone for BACKOFF seconds, then tries the worker again."""

    SMOOTH = 0.3
    SMOOTH_CONTENTION = 0.2
    CONTENDED = 1.35     # worker wall / CPU time above which it is sharing a core
    BACKOFF = 2.0        # seconds without the worker after that
    MAX_LATENCY = 1.5    # ms: a request's latency counted at most (messages, waking up)

    def __init__(self, share: float = 0.7):
        self.share = share
        self.adaptive = True        # False: a fixed share, always the worker (tests)
        self.worker_rate = None     # worker ms per unit of cost
        self.own_rate = None        # this process's ms per unit of cost
        self.meanwhile_ms = None    # this process's other work before waiting
        self.latency_ms = 0.0       # a request's time beyond the worker's painting
        self.contention = 1.0       # the worker's wall / CPU time while painting (smoothed)
        self.resume_at = 0.0        # time.monotonic() when the worker may be asked again
        self.backoffs = 0           # times the worker was found sharing a core

    def _mix(self, old, new):
        return new if old is None else old + self.SMOOTH * (new - old)

    def use_worker(self) -> bool:
        return not self.adaptive or time.monotonic() >= self.resume_at

    def learn(self, cost_w: float, cost_m: float, worker_ms: float, worker_cpu_ms: float,
              own_ms: float, meanwhile_ms: float, latency_ms: float | None = None,
              waited: bool = True):
        """One frame's timings: the worker painted strips of cost_w in worker_ms (CPU
        worker_cpu_ms), this process those of cost_m in own_ms and did meanwhile_ms of
        other work before waiting (counted from the request); latency_ms is the time from
        the request to its answer less worker_ms: exact when this process waited for the
        answer, else an upper bound (the answer was there already)."""
        if not self.adaptive:
            return
        if latency_ms is not None and (waited or latency_ms < self.latency_ms):
            latency_ms = min(self.MAX_LATENCY, max(0.0, latency_ms))   # a hiccup: bounded
            self.latency_ms += self.SMOOTH * (latency_ms - self.latency_ms)
        ratio = min(2.0, worker_ms / max(0.05, worker_cpu_ms))   # one hiccup is not enough
        self.contention += self.SMOOTH_CONTENTION * (ratio - self.contention)
        if self.contention > self.CONTENDED:    # several slow frames in a row
            self.contention = 1.0
            self.resume_at = time.monotonic() + self.BACKOFF
            self.backoffs += 1
        self.worker_rate = self._mix(self.worker_rate, worker_cpu_ms / cost_w)
        if cost_m > 0:
            self.own_rate = self._mix(self.own_rate, own_ms / cost_m)
        self.meanwhile_ms = self._mix(self.meanwhile_ms, meanwhile_ms)
        rw, rm = self.worker_rate, self.own_rate if self.own_rate is not None \
            else self.worker_rate
        total = cost_w + cost_m
        # the worker's x of the cost ends with this process's: L + rw·x = T + rm·(total − x)
        x = (self.meanwhile_ms - self.latency_ms + rm * total) / (rw + rm)
        self.share = min(1.0, max(0.1, x / total))
