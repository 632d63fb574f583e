"""Frames painted with the edge worker: while it paints some strips of edges, the canvas
computes the thumbnails, paints its own strips and draws what is final already; after the
worker's answer it draws the worker's strips and paints the units straight over them. The
frames must be pixel for pixel those painted in one process, in every drawing option, and
so must the cached frame image built on the next repaint."""

from __future__ import annotations

import pytest

from nnviz.ui import edge_worker

from .test_edge_worker import make_canvas, worker  # noqa: F401 — the worker fixture


def frame(c, by_worker: bool):
    """A full repaint (every strip, the units) with the worker asked or not; the frame
    shown, and the cached frame image built on the next repaint."""
    c.layers.balance.adaptive = False
    c.layers.balance.share = 0.6         # both processes paint strips
    w = edge_worker.client()
    w.paused = not by_worker
    requests = w.requests
    c.layers.forget_edges()
    shown = c.grab().toImage()
    assert bool(c.layers.late) == by_worker   # the worker's strips drawn after the rest
    assert (w.requests > requests) == by_worker
    frames = c.layers.frames_built
    cached = c.grab().toImage()          # nothing changed: the cached frame image is drawn
    assert c.layers.frames_built == frames + 1
    return shown, cached


def check_same(c):
    shown_here, cached_here = frame(c, by_worker=False)
    shown_worker, cached_worker = frame(c, by_worker=True)
    assert cached_here == shown_here
    assert shown_worker == shown_here
    assert cached_worker == shown_here


@pytest.mark.parametrize("option", ["values", "bias_nodes", "discs", "no_values"])
def test_worker_frames_equal_in_process_frames(qtbot, worker, option):  # noqa: F811
    s, p, c = make_canvas(qtbot, [2, 6, 6, 5, 1], w=1000, h=640)
    p.set_granularity("layer")
    for _ in range(3):                   # values showing, a beat in progress
        p.step_forward()
    p.pause()
    if option == "bias_nodes":
        c.set_show_bias_nodes(True)
    elif option == "discs":
        c.set_show_thumbnails(False)
    elif option == "no_values":
        c.set_show_values(False)
    check_same(c)
    s.train_steps(20)                    # new weights, values and thumbnails
    check_same(c)
    p.shutdown()
