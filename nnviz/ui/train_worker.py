"""The training worker: a helper process that trains while the main process draws.

In the player's "train" mode the window redraws ~60 times a second; drawing a large network
takes most of a frame, which left little time to train in between. With the worker, the
engine trains in its own process on the other core the whole time, and once a frame the
main process asks for the worker's trainer state (weights, optimizer state, position, RNG:
Trainer.get_state) and sets its own trainer to it, so everything the views draw and every
step back still comes from the main process's trainer. The numbers are the engine's own:
the worker runs the same Trainer.train_steps from the same state, so a run gives exactly the
weights the same number of updates would give in-process (tested).

Protocol (main → worker): ("setup", net dict, trainer settings, X, Y) builds the worker's
trainer; ("run", seq, state) sets its state and trains in ~1 ms chunks until ("halt",),
divergence, or a new run; ("report", seq) is answered at the next chunk's end with
("state", seq, state, last batch loss, seconds per update); ("stop",) ends it.

The worker runs at a lower priority (nice +10; "below normal" on Windows), so drawing and the edge
worker come first; when other programs keep it from a core (no update for several frames)
the player trains in-process for a second before trying it again.
NNVIZ_TRAIN_WORKER=0 turns it off, =1 on; unset, DEFAULT decides. When it is off, not started
yet, or failed, the player trains in-process as before.
"""

from __future__ import annotations

import os
import sys
import time

import numpy as np

from .helper_process import HelperProcess, Single, Switch

DEFAULT = True
ENV = "NNVIZ_TRAIN_WORKER"
CHUNK_S = 0.001          # the worker's training chunk: how late a report may be
REPORT_WAIT = 0.004      # seconds a frame waits for the report it asked for (else: next frame)
STUCK_S = 5.0            # a report this late means the worker is stuck: it is given up

SWITCH = Switch(ENV, DEFAULT)


def enabled() -> bool:
    """Whether the player should train in the worker (set_enabled, else $NNVIZ_TRAIN_WORKER,
    else DEFAULT)."""
    return SWITCH.enabled()


def set_enabled(on: bool | None) -> None:
    """Force the worker on or off for this process (None: back to the environment)."""
    SWITCH.set(on)


# -- the worker process -----------------------------------------------------------------------
def _lower_priority() -> None:
    """Let drawing come first: nice +10 (Linux, macOS), "below normal" on Windows."""
    try:
        if hasattr(os, "nice"):
            os.nice(10)
        elif sys.platform == "win32":
            import ctypes
            kernel32 = ctypes.windll.kernel32
            kernel32.SetPriorityClass(kernel32.GetCurrentProcess(), 0x4000)  # BELOW_NORMAL
    except (OSError, AttributeError):
        pass


def worker_main(conn) -> None:
    """The worker's loop (see the module docstring for the messages)."""
    from ..engine import Network, Trainer
    _lower_priority()
    trainer = X = Y = None
    seq, running, loss, per = 0, False, float("nan"), None
    conn.send(("ready", os.getpid()))
    try:
        while True:
            try:
                if running and not conn.poll(0):
                    n = 1 if per is None else max(1, int(CHUNK_S / per))
                    t0 = time.perf_counter()
                    steps0 = trainer.steps
                    loss = trainer.train_steps(X, Y, n)
                    made = trainer.steps - steps0
                    if made:
                        sample = (time.perf_counter() - t0) / made
                        per = sample if per is None else per + 0.3 * (sample - per)
                    if trainer.diverged:
                        running = False
                    continue
                msg = conn.recv()
            except (EOFError, OSError):
                break
            kind = msg[0]
            try:
                if kind == "stop":
                    break
                if kind == "setup":
                    _, net_dict, settings, X, Y = msg
                    trainer = Trainer.from_settings(Network.from_dict(net_dict), settings)
                    running, per = False, None
                elif kind == "run":
                    _, seq, state = msg
                    trainer.set_state(state)
                    running, loss = not trainer.diverged, float("nan")
                elif kind == "halt":
                    running = False
                elif kind == "report":
                    conn.send(("state", seq, trainer.get_state(), loss, per))
            except Exception as exc:   # noqa: BLE001 — reported: the player trains itself
                running = False
                conn.send(("error", seq, f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


# -- the player's side ------------------------------------------------------------------------
class TrainWorker(HelperProcess):
    """The main process's handle on the worker: one run at a time, for one session."""

    def __init__(self):
        super().__init__(worker_main, "nnviz-train-worker")
        self._seq = 0
        self._setup_key = None      # what the worker's trainer was built from
        self._run = None            # (session, trainer, net, X, Y, settings, params) of the run
        self.step_s: float | None = None   # the worker's seconds per update (last report)
        self._asked: float | None = None   # when the unanswered report request was sent

    def _forget(self) -> None:
        self._setup_key = None
        self._run = None
        self._asked = None

    @property
    def running(self) -> bool:
        return self._run is not None

    def begin(self, session) -> bool:
        """Start a run from the session's trainer state (the worker's trainer rebuilt first
        when the network, the settings or the data changed); False if it cannot."""
        if not self.usable():
            return False
        tr, net = session.trainer, session.trainer.net
        settings = tr.settings()
        X, Y = np.asarray(session.X, float), np.asarray(session.Y, float)
        key = (tuple(net.sizes), tuple(layer.activation for layer in net.layers),
               repr(sorted(settings.items())), X.shape, Y.shape, hash(X.tobytes()),
               hash(Y.tobytes()))
        if key != self._setup_key:
            if not self.send(("setup", net.to_dict(), settings, X, Y)):
                return False
            self._setup_key = key
        self._seq += 1
        self._asked = None
        state = tr.get_state()
        if not self.send(("run", self._seq, state)):
            return False
        self._run = (session, tr, net, session.X, session.Y, settings, state["params"])
        return True

    def halt(self) -> None:
        """End the run (what the worker trained since the last report is dropped)."""
        if self._run is not None:
            self._run = None
            self._asked = None
            self.send(("halt",))

    def current(self, session) -> bool:
        """Whether the run still belongs to the session as it is: same trainer, network,
        data and settings, and weights untouched since the last report (an edit, a reset or
        a new setting ends the run: the worker would not know of it)."""
        run = self._run
        if run is None:
            return False
        s, tr, net, X, Y, settings, params = run
        return (s is session and session.trainer is tr and tr.net is net and session.X is X
                and session.Y is Y and tr.settings() == settings
                and _same_params(net, params))

    def collect(self, session, wait: float = REPORT_WAIT) -> int | None:
        """Take the worker's latest state into the session's trainer: ask for it (unless a
        request is still unanswered) and wait at most `wait` seconds for the answer. The
        number of updates the worker made since the last report (0: no answer yet, or no
        updates), or None when the run no longer applies or the worker failed (the run is
        then over)."""
        if not self.current(session):
            self.halt()
            return None
        now = time.monotonic()
        if self._asked is None:
            if not self.send(("report", self._seq)):
                self._run = None
                return None
            self._asked = now
        msg = self.poll(wait)
        while msg is not None and msg[1] != self._seq:   # answers to runs already over
            msg = self.poll(wait)
        if msg is None:
            if self.failed:
                self._run = None
                return None
            if now - self._asked > STUCK_S:
                self.give_up(f"no answer within {STUCK_S:g} s")
                self._run = None
                return None
            return 0                          # it is busy (a long chunk): next frame
        self._asked = None
        if msg[0] != "state":
            self.give_up(f"it failed: {msg[2]}")
            self._run = None
            return None
        _, _, state, _loss, per = msg
        tr = session.trainer
        made = state["steps"] - tr.steps
        if made < 0:                        # cannot happen: the run started from tr's state
            self.halt()
            return None
        if per is not None:
            self.step_s = per
        tr.set_state(state)
        s, tr, net, X, Y, settings, _ = self._run
        self._run = (s, tr, net, X, Y, settings, state["params"])
        if tr.diverged:
            self._run = None
        return made


def _same_params(net, params) -> bool:
    """Whether the network's weights and biases equal params ([(W, b), …], get_params)."""
    return len(params) == len(net.layers) and all(
        np.array_equal(layer.W, W) and np.array_equal(layer.b, b)
        for layer, (W, b) in zip(net.layers, params))


_SINGLE = Single(lambda: TrainWorker())


def client() -> TrainWorker:
    """The application's training worker (created, not started, on first use)."""
    return _SINGLE.get()


def current() -> TrainWorker | None:
    """The training worker if one was made (None: never used)."""
    return _SINGLE.instance


def shutdown() -> None:
    """Stop the worker if it runs (a later training starts a new one)."""
    _SINGLE.shutdown()


def reset() -> None:
    """Stop the worker and forget it, failures included."""
    _SINGLE.reset()
