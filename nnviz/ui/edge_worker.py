"""The edge worker: a helper process that paints the network canvas's edges while the main
process computes the thumbnails and the units (PySide6 holds the GIL inside every QPainter
call, so a thread cannot paint in parallel; a process can).

How it works. A canvas keeps its base image (background, text, edges) in shared memory
(SharedBuffer). When edges must be repainted it sends the worker a small request over a
pipe: the buffer's name and size, and per strip its rectangle, its segments (only the first
time: the worker keeps them) and one integer code per edge (edge_paint.edge_codes). The
worker repaints those strips straight into the shared image with edge_paint.paint_strips —
the same code the canvas uses in-process, so the pixels are identical — and replies. The
canvas meanwhile does its own work and then waits for the reply (at most TIMEOUT seconds:
a slow, dead or failed worker is stopped and the canvas paints the edges itself; it never
hangs).

The worker only helps with a core of its own: the canvas stops asking it for a while when
its painting takes much longer than its CPU time (edge_paint.Balance).

One worker per application, started in the background by the first canvas that repaints
edges half a second after its first frame, stopped at QApplication.aboutToQuit and at exit
(the process's lifecycle is helper_process.HelperProcess, shared with the training worker).

NNVIZ_EDGE_WORKER=1 turns the worker on, NNVIZ_EDGE_WORKER=0 off; unset, DEFAULT decides.
The worker process imports only NumPy, PySide6.QtCore/QtGui, edge_paint and helper_process.
"""

from __future__ import annotations

import os
import time
import weakref
from multiprocessing import shared_memory

import numpy as np

from . import edge_paint
from .helper_process import HelperProcess, Single, Switch

DEFAULT = True         # measured on 2 cores: ~20 % faster full frames (tests/bench/render.py)
TIMEOUT = 0.25         # seconds a frame waits for the worker before painting itself
START_TIMEOUT = 30.0   # seconds the worker may take to start before it is given up
ENV = "NNVIZ_EDGE_WORKER"

SWITCH = Switch(ENV, DEFAULT)


def enabled() -> bool:
    """Whether canvases should use the worker (set_enabled, else $NNVIZ_EDGE_WORKER, else
    DEFAULT)."""
    return SWITCH.enabled()


def set_enabled(on: bool | None) -> None:
    """Force the worker on or off for this process (None: back to the environment)."""
    SWITCH.set(on)


class _Shm(shared_memory.SharedMemory):
    """A SharedMemory whose garbage collection never complains while an array still
    views it (the mapping is then freed with the last view)."""

    def __del__(self):
        try:
            self.close()
        except BufferError:
            pass


def _unlink(shm: _Shm) -> None:
    try:
        shm.unlink()
    except (FileNotFoundError, OSError):
        pass
    try:
        shm.close()
    except BufferError:   # an array still views it: freed with that array
        pass


class SharedBuffer:
    """A (h, w) uint32 pixel buffer in shared memory, named for the worker. Released (its
    name removed, the worker told to let go) by release(), when collected, or at exit."""

    def __init__(self, h: int, w: int):
        self.shm = _Shm(create=True, size=max(4, h * w * 4))
        self.name = self.shm.name
        self.array = np.ndarray((h, w), np.uint32, buffer=self.shm.buf)
        self._finalizer = weakref.finalize(self, _release, self.shm, self.name)

    def release(self) -> None:
        self.array = None
        self._finalizer()


def _release(shm: _Shm, name: str) -> None:
    _unlink(shm)
    worker = _SINGLE.instance
    if worker is not None:
        worker.forget(name)


# -- the worker process -----------------------------------------------------------------------
def worker_main(conn) -> None:
    """The worker's loop: ("paint", seq, name, (h, w), dpr, background, strips) →
    ("done", seq, painting ms, its CPU ms) or ("error", seq, text); ("release", name);
    ("stop",) or a closed pipe ends it."""
    buffers: dict[str, tuple] = {}        # name → (shm, array, image)
    geometry: dict[tuple, list] = {}      # strip key → its QLineF segments
    conn.send(("ready", os.getpid()))
    try:
        while True:
            try:
                msg = conn.recv()
            except (EOFError, OSError):
                break
            kind = msg[0]
            if kind == "stop":
                break
            if kind == "release":
                _drop(buffers, msg[1])
            elif kind == "paint":
                _, seq, name, shape, dpr, background, strips = msg
                try:
                    img = _attach(buffers, name, shape, dpr)
                    jobs = []
                    for rect, key, segments, codes in strips:
                        if segments is not None:
                            if len(geometry) > 512:
                                geometry.clear()
                            geometry[key] = edge_paint.segment_lines(segments)
                        lines = geometry.get(key)
                        if lines is None:
                            raise KeyError(f"unknown strip {key}")
                        jobs.append((rect, lines, codes.tolist()))
                    t0, c0 = time.perf_counter(), time.process_time()
                    edge_paint.paint_strips(img, background, jobs)
                    conn.send(("done", seq, (time.perf_counter() - t0) * 1000.0,
                               (time.process_time() - c0) * 1000.0))
                except Exception as exc:   # noqa: BLE001 — reported to the canvas, which paints
                    conn.send(("error", seq, f"{type(exc).__name__}: {exc}"))
    finally:
        for name in list(buffers):
            _drop(buffers, name)
        conn.close()


def _attach(buffers, name, shape, dpr):
    ent = buffers.get(name)
    if ent is None or ent[1].shape != tuple(shape):
        _drop(buffers, name)
        shm = _Shm(name=name)
        arr = np.ndarray(tuple(shape), np.uint32, buffer=shm.buf)
        ent = buffers[name] = (shm, arr, edge_paint.image(arr, dpr))
    img = ent[2]
    if img.devicePixelRatio() != dpr:
        img.setDevicePixelRatio(dpr)
    return img


def _drop(buffers, name):
    ent = buffers.pop(name, None)
    if ent is not None:
        shm = ent[0]
        del ent
        try:
            shm.close()
        except BufferError:
            pass


# -- the canvas's side ------------------------------------------------------------------------
class EdgeWorker(HelperProcess):
    """The main process's handle on the worker: paint requests (its start, stop and failure
    handling are HelperProcess's)."""

    START_TIMEOUT = START_TIMEOUT

    def __init__(self):
        super().__init__(worker_main, "nnviz-edge-worker")
        self.requests = 0            # requests painted by the worker (for tests and bench)
        self.paused = False          # running but not asked (A/B measurements)
        self.paint_ms = 0.0          # how long the worker painted the last request
        self.paint_cpu_ms = 0.0      # and its CPU time doing so
        self._seq = 0
        self._sent: set = set()      # strip keys whose segments the worker has
        self._released: list = []    # buffers to tell the worker to let go of

    def _forget(self) -> None:
        self._sent = set()
        self._released = []

    # requests
    def submit(self, name: str, shape, dpr: float, background: int, strips) -> int | None:
        """Ask the worker to repaint strips [(rect, key, segments, codes)] of buffer `name`;
        the request's number, or None when it cannot take it."""
        if self.paused or not self.usable():
            return None
        self._seq += 1
        try:
            while self._released:
                self.conn.send(("release", self._released.pop()))
        except (OSError, ValueError) as exc:
            self.give_up(f"could not send: {exc}")
            return None
        payload = []
        for rect, key, segments, codes in strips:
            payload.append((rect, key, None if key in self._sent else segments, codes))
        try:
            self.conn.send(("paint", self._seq, name, tuple(shape), float(dpr), int(background),
                            payload))
        except (OSError, ValueError) as exc:
            self.give_up(f"could not send: {exc}")
            return None
        self._sent.update(key for _r, key, _s, _c in strips)
        return self._seq

    def wait(self, seq: int, timeout: float = TIMEOUT) -> bool:
        """True when request seq was painted. False when it was not; the worker then no
        longer touches the buffer (it failed the request, or it was stopped)."""
        deadline = time.monotonic() + timeout
        conn = self.conn
        try:
            while conn is not None:
                left = deadline - time.monotonic()
                if left <= 0 or not conn.poll(left):
                    self.give_up(f"no answer within {timeout:g} s")
                    return False
                msg = conn.recv()
                if msg[1] != seq:
                    continue          # a stale answer (cannot happen: one request at a time)
                if msg[0] == "done":
                    self.requests += 1
                    self.paint_ms, self.paint_cpu_ms = msg[2], msg[3]
                    return True
                self._sent = set()    # e.g. it forgot some segments: resend next time
                return False
        except (EOFError, OSError):
            self.give_up("it ended")
        return False

    def forget(self, name: str) -> None:
        """A buffer was released: the worker lets go of it with the next request (this may
        run from the garbage collector, in the middle of another send)."""
        if self.conn is not None:
            self._released.append(name)


_SINGLE = Single(lambda: EdgeWorker())


def client() -> EdgeWorker:
    """The application's worker handle (created, not started, on first use)."""
    return _SINGLE.get()


def shutdown() -> None:
    """Stop the worker if it runs (a later canvas may start a new one)."""
    _SINGLE.shutdown()


def reset() -> None:
    """Stop the worker and forget it, failures included (the next canvas starts afresh)."""
    _SINGLE.reset()
