"""A helper process and the pipe to it: the lifecycle the edge worker and the training worker
share.

The process is started with multiprocessing's "spawn" (the same on Linux, Windows, macOS and
in a PyInstaller bundle, whose entry point calls multiprocessing.freeze_support()) from a
background thread, so starting never blocks the window. Its target must first send
("ready", pid); until then `usable()` is False and the caller does the work itself. A helper
that ends, fails or stops answering is given up (killed) and never blocks: the caller falls
back to working in-process. It is stopped at QApplication.aboutToQuit and at exit.

This module imports no Qt at import time (the helpers' own modules must start quickly).
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import threading
import time


class HelperProcess:
    """One helper process: start, usable, send, shutdown, give_up."""

    START_TIMEOUT = 30.0   # seconds the helper may take to start before it is given up

    def __init__(self, target, name: str):
        self.target = target
        self.name = name
        self.proc = None
        self.conn = None
        self.ready = False
        self.failed = False          # gave up on it (slow, dead, failed to start)
        self.reason = ""
        self.started_at = 0.0
        self._hooked = False
        self._starting: threading.Thread | None = None   # launching the process

    # -- lifecycle ----------------------------------------------------------------------------
    @property
    def starting(self) -> bool:
        return self._starting is not None and self.proc is None

    def start(self) -> None:
        """Start the helper in the background (returns at once: a thread launches it) unless
        it runs, is starting or failed."""
        if self.proc is not None or self.failed or self._starting is not None:
            return
        self._hook()
        self._starting = threading.Thread(target=self._launch, name=f"{self.name}-start",
                                          daemon=True)
        self._starting.start()

    def _launch(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        try:
            parent, child = ctx.Pipe(duplex=True)
            proc = ctx.Process(target=self.target, args=(child,), name=self.name, daemon=True)
            proc.start()
            child.close()
        except Exception as exc:   # noqa: BLE001 — no helper: the caller works itself
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
        """True when the helper is up and answering (never waits)."""
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
        if time.monotonic() - self.started_at > self.START_TIMEOUT or not self.proc.is_alive():
            self.give_up("it did not start")
        return False

    @property
    def pid(self) -> int | None:
        return None if self.proc is None else self.proc.pid

    def _forget(self) -> None:
        """What the caller knows about the helper's state is void (it stopped): override."""

    def shutdown(self) -> None:
        """Stop the helper and wait for it to end (killed if it does not)."""
        self._started()
        proc, conn = self.proc, self.conn
        ready = self.ready
        self.proc = self.conn = None
        self.ready = False
        self._forget()
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
        """Stop using the helper: killed at once (it may be stuck)."""
        self.reason = reason
        self.failed = True
        self._started()
        proc, conn = self.proc, self.conn
        self.proc = self.conn = None
        self.ready = False
        self._forget()
        if proc is not None:
            _end(proc)
        if conn is not None:
            conn.close()

    # -- messages -----------------------------------------------------------------------------
    def send(self, msg) -> bool:
        """Send a message; False (and the helper given up) when the pipe is broken."""
        if self.conn is None:
            return False
        try:
            self.conn.send(msg)
            return True
        except (OSError, ValueError) as exc:
            self.give_up(f"could not send: {exc}")
            return False

    def poll(self, timeout: float = 0.0):
        """The next message if one comes within `timeout` seconds, else None (a broken pipe
        gives the helper up)."""
        conn = self.conn
        if conn is None:
            return None
        try:
            if conn.poll(max(0.0, timeout)):
                return conn.recv()
        except (EOFError, OSError):
            self.give_up("it ended")
        return None

    def receive(self, timeout: float):
        """The next message, waiting at most `timeout` seconds; None if none came (the
        helper is then given up: it is stuck or gone)."""
        conn = self.conn
        if conn is None:
            return None
        try:
            if not conn.poll(max(0.0, timeout)):
                self.give_up(f"no answer within {timeout:g} s")
                return None
            return conn.recv()
        except (EOFError, OSError):
            self.give_up("it ended")
            return None


def _end(proc) -> None:
    """Make sure a helper process has ended (killed if needed) and free its handle."""
    if proc.is_alive():
        proc.kill()
        proc.join(2.0)
    if not proc.is_alive():
        proc.close()


class Switch:
    """Whether a helper is used: forced on or off for this process (set), else the
    environment variable `env` ("0"/"off"/"no"/"false" or "1"/"on"/"yes"/"true"), else
    `default`."""

    def __init__(self, env: str, default: bool):
        self.env = env
        self.default = default
        self.override: bool | None = None

    def enabled(self) -> bool:
        if self.override is not None:
            return self.override
        value = os.environ.get(self.env, "").strip().lower()
        if value in ("0", "off", "no", "false"):
            return False
        if value in ("1", "on", "yes", "true"):
            return True
        return self.default

    def set(self, on: bool | None) -> None:
        """Force the helper on or off (None: back to the environment and the default)."""
        self.override = on


class Single:
    """The application's one instance of a helper: made (not started) on first use."""

    def __init__(self, factory):
        self.factory = factory
        self.instance = None

    def get(self):
        if self.instance is None:
            self.instance = self.factory()
        return self.instance

    def shutdown(self) -> None:
        """Stop the helper if it runs (a later use starts a new one)."""
        if self.instance is not None:
            self.instance.shutdown()

    def reset(self) -> None:
        """Stop the helper and forget it, failures included."""
        self.shutdown()
        self.instance = None
