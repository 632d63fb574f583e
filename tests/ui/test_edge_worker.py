"""The edge worker (nnviz/ui/edge_worker.py): a helper process paints the canvas's edge
strips into shared memory. Its pixels must equal the in-process painter's; a dead or failing
worker must never break or hang the canvas; no process or shared memory is left behind."""

from __future__ import annotations

import os
import signal
import time

import numpy as np
import pytest

from nnviz.ui import canvas_layers, edge_worker

from .canvases import canvas_on_quadrants


def make_canvas(qtbot, sizes, w=1100, h=700, dropout=0.0):
    return canvas_on_quadrants(qtbot, sizes, w, h, dropout, data_seed=1, n_points=24,
                               net_seed=4)


@pytest.fixture
def worker():
    """The worker switched on and running (started fresh), stopped after the test."""
    edge_worker.reset()
    edge_worker.set_enabled(True)
    w = edge_worker.client()
    w.start()
    deadline = time.monotonic() + 60
    while not w.usable():
        assert time.monotonic() < deadline and not w.failed, f"no worker: {w.reason}"
        time.sleep(0.02)
    yield w
    edge_worker.reset()
    edge_worker.set_enabled(None)


def repaint_edges(c, by_worker: bool) -> np.ndarray:
    """Repaint every strip (worker asked or not) and return a copy of the base image."""
    c.layers.balance.adaptive = False     # the worker always asked, with the share set
    edge_worker.client().paused = not by_worker
    c.layers.forget_edges()
    c.grab()
    return c.layers.base_buf.copy()


def test_worker_pixels_equal_in_process(qtbot, worker):
    s, p, c = make_canvas(qtbot, [2, 6, 6, 5, 1])
    c.grab()
    assert c.layers._shared is not None, "the base image lives in shared memory"
    before = c.layers.strips_by_worker
    for share in (1.0, 0.5):             # all strips to the worker, then split with it
        c.layers.balance.share = share
        mine = repaint_edges(c, by_worker=False)
        theirs = repaint_edges(c, by_worker=True)
        assert np.array_equal(mine, theirs)
    assert c.layers.strips_by_worker > before
    # after training (other widths and colours), with dashed bias edges
    s.train_steps(40)
    c.set_show_bias_nodes(True)
    c.layers.balance.share = 1.0
    assert np.array_equal(repaint_edges(c, by_worker=False), repaint_edges(c, by_worker=True))
    # the edges really are there: strips are not a plain background
    bg = c.layers.base_buf[0, 0]
    assert np.count_nonzero(c.layers.base_buf != bg) > 5000
    p.shutdown()


def test_worker_faded_edges_of_dropped_units(qtbot, worker):
    s, p, c = make_canvas(qtbot, [2, 6, 6, 1], dropout=0.5)
    p.set_granularity("layer")
    p.step_forward()
    p.step_forward()
    c.layers.balance.share = 1.0
    assert np.array_equal(repaint_edges(c, by_worker=False), repaint_edges(c, by_worker=True))
    p.shutdown()


def test_dead_worker_falls_back_without_hanging(qtbot, worker):
    s, p, c = make_canvas(qtbot, [2, 5, 5, 1])
    c.grab()
    reference = repaint_edges(c, by_worker=False)
    os.kill(worker.pid, signal.SIGKILL)
    t0 = time.monotonic()
    got = repaint_edges(c, by_worker=True)
    assert time.monotonic() - t0 < 5
    assert np.array_equal(got, reference), "painted in-process instead"
    assert worker.failed and worker.proc is None
    # later frames paint in-process without asking again
    painted, requests = c.layers.strips_painted, worker.requests
    s.train_steps(5)
    c.grab()
    assert c.layers.strips_painted > painted and worker.requests == requests
    p.shutdown()


def test_failed_request_is_painted_in_process(qtbot, worker):
    s, p, c = make_canvas(qtbot, [2, 4, 4, 1])
    c.grab()
    reference = repaint_edges(c, by_worker=False)
    c._relayout()                        # new strip geometry, which the worker never got …
    keys = {(c.layers._uid, c.layout_serial, c.show_bias_nodes, k) for k in range(3)}
    worker._sent |= keys                 # … but the canvas believes it did: the worker fails
    c.layers.balance.share = 1.0
    requests = worker.requests
    assert np.array_equal(repaint_edges(c, by_worker=True), reference)
    assert worker.requests == requests and not worker.failed
    assert np.array_equal(repaint_edges(c, by_worker=True), reference)   # resent: works
    assert worker.requests == requests + 1
    p.shutdown()


def test_shutdown_leaves_no_process_or_shared_memory(qtbot, worker):
    s, p, c = make_canvas(qtbot, [2, 3, 1])
    c.grab()
    name = c.layers._shared.name
    pid = worker.pid
    assert os.path.exists(f"/dev/shm/{name}") or os.name != "posix"
    edge_worker.shutdown()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    c.layers.release()
    assert not os.path.exists(f"/dev/shm/{name}")
    c.grab()                             # the worker is gone: the canvas still paints
    p.shutdown()


def test_no_shared_memory_paints_in_process(qtbot, monkeypatch):
    edge_worker.reset()
    edge_worker.set_enabled(True)

    def refuse(h, w):
        raise OSError("no /dev/shm here")
    monkeypatch.setattr(edge_worker, "SharedBuffer", refuse)
    monkeypatch.setattr(canvas_layers, "START_DELAY", 0.0)
    try:
        s, p, c = make_canvas(qtbot, [2, 4, 1])
        c.grab()
        assert c.layers._shared is None and edge_worker.client().failed
        assert "no shared memory" in edge_worker.client().reason
        painted = c.layers.strips_painted
        c.grab()
        c.grab()
        assert c.layers.strips_painted == painted      # no reallocation on every frame
        bg = c.layers.base_buf[0, 0]
        assert np.count_nonzero(c.layers.base_buf != bg) > 1000   # edges and text drawn
        p.shutdown()
    finally:
        edge_worker.reset()
        edge_worker.set_enabled(None)


def test_worker_starts_after_the_first_frames(qtbot, monkeypatch):
    """Not at once (its start-up would compete with the application's): a canvas starts
    it when it repaints edges START_DELAY after its first frame; then it paints."""
    edge_worker.reset()
    edge_worker.set_enabled(True)
    monkeypatch.setattr(canvas_layers, "START_DELAY", 0.3)
    try:
        s, p, c = make_canvas(qtbot, [2, 5, 5, 1])
        c.grab()
        w = edge_worker.client()
        assert w.proc is None and not w.starting and c.layers._shared is None
        qtbot.wait(350)
        s.train_steps(3)
        c.grab()
        assert w.starting or w.proc is not None
        qtbot.waitUntil(w.usable, timeout=60000)
        c.layers.balance.adaptive = False
        painted = c.layers.strips_by_worker
        s.train_steps(3)
        c.layers.forget_edges()
        c.grab()
        assert c.layers._shared is not None and c.layers.strips_by_worker > painted
        p.shutdown()
    finally:
        edge_worker.reset()
        edge_worker.set_enabled(None)
