"""`nnviz --check-helpers`: start both helper processes and check that they give exactly what
the app computes without them, for packaged builds and for support ("is the app using its
helpers on this machine?").

- The edge worker repaints every edge of a canvas; the picture must equal, pixel for pixel,
  the one painted in this process.
- The training worker trains a network for a while; the weights must equal, bit for bit, the
  same number of updates made in this process.

Prints one line per helper and returns 0 when both are fine, 1 otherwise (with the reason).
"""

from __future__ import annotations

import time

import numpy as np

START_S = 60.0          # a helper may take this long to start (a cold, packaged start)


def _started(module):
    """(the helper of `module` switched on and started, "" or why it is not running)."""
    module.set_enabled(True)
    worker = module.client()
    return worker, _wait_ready(worker)


def _wait_ready(worker) -> str:
    worker.start()
    deadline = time.monotonic() + START_S
    while not worker.usable():
        if worker.failed or time.monotonic() > deadline:
            return worker.reason or f"it did not start within {START_S:g} s"
        time.sleep(0.02)
    return ""


def check_edge_worker() -> tuple[bool, str]:
    from ..engine import Network, Trainer
    from . import edge_worker
    from .canvas import NetworkCanvas
    from .session import TrainingSession
    worker, problem = _started(edge_worker)
    if problem:
        return False, f"edge worker: not running ({problem})"
    rng = np.random.default_rng(1)
    X = rng.uniform(-3, 3, (24, 2))
    Y = (X[:, :1] * X[:, 1:] > 0).astype(float)
    net = Network.build([2, 6, 6, 1], hidden="tanh", output="sigmoid", seed=4)
    session = TrainingSession(Trainer(net, lr=0.1, batch_size=4, seed=3), X, Y)
    canvas = NetworkCanvas(session)
    canvas.resize(1000, 640)
    try:
        canvas.grab()
        if canvas.layers.base_buf is None:
            return False, "edge worker: the canvas painted nothing"
        balance = canvas.layers.balance
        balance.adaptive, balance.share = False, 1.0     # every strip to the worker
        pictures = []
        for by_worker in (False, True):
            worker.paused = not by_worker
            canvas.layers.forget_edges()
            before = worker.requests
            canvas.grab()
            if by_worker and worker.requests == before:
                return False, f"edge worker: it did not paint ({worker.reason or 'no answer'})"
            pictures.append(canvas.layers.base_buf.copy())
        worker.paused = False
        if not np.array_equal(*pictures):
            return False, "edge worker: its pixels differ from this process's"
        return True, f"edge worker: ok (process {worker.pid}, the same pixels)"
    finally:
        canvas.close()
        canvas.deleteLater()


def check_train_worker() -> tuple[bool, str]:
    from ..engine import Network, Trainer, datasets
    from . import train_worker
    from .session import TrainingSession
    worker, problem = _started(train_worker)
    if problem:
        return False, f"training worker: not running ({problem})"
    X, Y = datasets.load("circle", n=120, noise=0.1, seed=3)
    net = Network.build([2, 5, 4, 1], hidden="tanh", output="sigmoid", seed=3)
    session = TrainingSession(Trainer(net, loss="bce", optimizer="adam", lr=0.05,
                                      batch_size=7, seed=3), X, Y)
    start = session.trainer.get_state()
    if not worker.begin(session):
        return False, f"training worker: it would not start a run ({worker.reason})"
    made, deadline = 0, time.monotonic() + 10.0
    while made < 200 and time.monotonic() < deadline:
        time.sleep(0.01)
        got = worker.collect(session)
        if got is None:
            return False, f"training worker: the run ended ({worker.reason or 'no reason'})"
        made += got
    worker.halt()
    if made == 0:
        return False, "training worker: it made no update in 10 s"
    remote = session.trainer.get_state()["params"]
    session.trainer.set_state(start)
    session.trainer.train_steps(session.X, session.Y, made)
    local = session.trainer.get_state()["params"]
    same = all(np.array_equal(a, b) for pa, pb in zip(remote, local) for a, b in zip(pa, pb))
    if not same:
        return False, "training worker: its weights differ from this process's"
    return True, f"training worker: ok (process {worker.pid}, {made} updates, the same weights)"


def run() -> int:
    """Check both helpers; print a line each; 0 if both are fine."""
    from . import edge_worker, train_worker
    from .application import make_app
    make_app()
    ok = True
    try:
        for check in (check_edge_worker, check_train_worker):
            try:
                good, line = check()
            except Exception as exc:   # noqa: BLE001 — a report, not a crash
                good, line = False, f"{check.__name__}: failed: {type(exc).__name__}: {exc}"
            print(line, flush=True)
            ok = ok and good
    finally:
        edge_worker.shutdown()
        train_worker.shutdown()
    return 0 if ok else 1
