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
its painting takes much longer than its CPU time (canvas_layers.Balance).

One worker per application, started in the background by the first canvas that repaints
edges half a second after its first frame (spawn: the same
on Linux, Windows, macOS and in a PyInstaller bundle, whose entry point calls
multiprocessing.freeze_support()), stopped at QApplication.aboutToQuit and at exit.

NNVIZ_EDGE_WORKER=1 turns the worker on, NNVIZ_EDGE_WORKER=0 off; unset, DEFAULT decides.
The worker process imports only NumPy, PySide6.QtCore/QtGui and edge_paint.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import threading
import time
import weakref
from multiprocessing import shared_memory

import numpy as np

from . import edge_paint

DEFAULT = True         # measured on 2 cores: ~20 % faster full frames (tests/bench/render.py)
TIMEOUT = 0.25         # seconds a frame waits for the worker before painting itself
START_TIMEOUT = 30.0   # seconds the worker may take to start before it is given up
ENV = "NNVIZ_EDGE_WORKER"

_override: bool | None = None


def enabled() -> bool:
    """Whether canvases should use the worker (set_enabled, else $NNVIZ_EDGE_WORKER, else
    DEFAULT)."""
    if _override is not None:
        return _override
    value = os.environ.get(ENV, "").strip().lower()
    if value in ("0", "off", "no", "false"):
        return False
    if value in ("1", "on", "yes", "true"):
        return True
    return DEFAULT


def set_enabled(on: bool | None) -> None:
    """Force the worker on or off for this process (None: back to the environment)."""
    global _override
    _override = on


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
    if _CLIENT is not None:
        _CLIENT.forget(name)


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
class EdgeWorker:
    """The main process's handle on the worker: start, paint requests, stop."""

    def __init__(self):
        self.proc = None
        self.conn = None
        self.ready = False
        self.failed = False          # gave up on it (slow, dead, failed to start)
        self.reason = ""
        self.started_at = 0.0
        self.requests = 0            # requests painted by the worker (for tests and bench)
        self.paused = False          # running but not asked (A/B measurements)
        self.paint_ms = 0.0          # how long the worker painted the last request
        self.paint_cpu_ms = 0.0      # and its CPU time doing so
        self._seq = 0
        self._sent: set = set()      # strip keys whose segments the worker has
        self._released: list = []    # buffers to tell the worker to let go of
        self._hooked = False
        self._starting: threading.Thread | None = None   # launching the worker

    # lifecycle
    @property
    def starting(self) -> bool:
        return self._starting is not None and self.proc is None

    def start(self) -> None:
        """Start the worker in the background (returns at once: a helper thread launches
        it) unless it runs, is starting or failed."""
        if self.proc is not None or self.failed or self._starting is not None:
            return
        self._hook()
        self._starting = threading.Thread(target=self._launch, name="nnviz-edge-worker-start",
                                          daemon=True)
        self._starting.start()

    def _launch(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        try:
            parent, child = ctx.Pipe(duplex=True)
            proc = ctx.Process(target=worker_main, args=(child,), name="nnviz-edge-worker",
                               daemon=True)
            proc.start()
            child.close()
        except Exception as exc:   # noqa: BLE001 — no worker: the canvas paints itself
            self.reason, self.failed = f"could not start: {exc}", True
            return
        self.started_at = time.monotonic()
        self.proc, self.conn = proc, parent

    def _started(self) -> None:
        """Wait for a launch in progress to finish (shutdown and give_up need its result)."""
        t = self._starting
        if t is not None:
            t.join(10.0)
            self._starting = None

    def _hook(self):
        if self._hooked:
            return
        self._hooked = True
        atexit.register(self.shutdown)
        from PySide6.QtCore import QCoreApplication
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def usable(self) -> bool:
        """True when the worker is up and answering (never waits)."""
        if self.ready:
            return True
        if self.conn is None or self.failed:
            if self._starting is not None and not self._starting.is_alive():
                self._starting = None      # launched (or failed): nothing to wait for
            return False
        try:
            if self.conn.poll(0):
                msg = self.conn.recv()
                self.ready = msg[0] == "ready"
                return self.ready
        except (EOFError, OSError):
            self.give_up("it ended while starting")
            return False
        if time.monotonic() - self.started_at > START_TIMEOUT or not self.proc.is_alive():
            self.give_up("it did not start")
        return False

    @property
    def pid(self) -> int | None:
        return None if self.proc is None else self.proc.pid

    def shutdown(self) -> None:
        """Stop the worker and wait for it to end (killed if it does not)."""
        self._started()
        proc, conn = self.proc, self.conn
        ready = self.ready
        self.proc = self.conn = None
        self.ready = False
        self._sent = set()
        self._released = []
        if conn is not None and ready:   # still starting: not worth waiting for, killed
            try:
                conn.send(("stop",))
            except (OSError, ValueError):
                pass
        if proc is not None:
            if ready:
                proc.join(1.0)
            _end(proc)
        if conn is not None:
            conn.close()

    def give_up(self, reason: str) -> None:
        """Stop using the worker: killed at once (it may be stuck painting)."""
        self.reason = reason
        self.failed = True
        self._started()
        proc, conn = self.proc, self.conn
        self.proc = self.conn = None
        self.ready = False
        if proc is not None:
            _end(proc)
        if conn is not None:
            conn.close()

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


def _end(proc) -> None:
    """Make sure a worker process has ended (killed if needed) and free its handle."""
    if proc.is_alive():
        proc.kill()
        proc.join(2.0)
    if not proc.is_alive():
        proc.close()


_CLIENT: EdgeWorker | None = None


def client() -> EdgeWorker:
    """The application's worker handle (created, not started, on first use)."""
    global _CLIENT
    if _CLIENT is None:
        _CLIENT = EdgeWorker()
    return _CLIENT


def shutdown() -> None:
    """Stop the worker if it runs (a later canvas may start a new one)."""
    if _CLIENT is not None:
        _CLIENT.shutdown()


def reset() -> None:
    """Stop the worker and forget it, failures included (the next canvas starts afresh)."""
    global _CLIENT
    if _CLIENT is not None:
        _CLIENT.shutdown()
    _CLIENT = None
