"""The units layer (canvas_units_layer.UnitsLayer): while the edge worker paints the edges, the
canvas paints the units, values and header on a transparent layer and composites it over
the edges afterwards. The frames must be pixel for pixel those painted in one process
(units straight over the edges), in every drawing option, and the cached frame built from
the layer too. (Only the antialiased rims of units drawn as discs, without thumbnails, may
differ by one level in 255: blending onto a transparent layer then over the edges rounds
differently from blending onto the edges.)"""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.ui import edge_worker

from .test_edge_worker import make_canvas, worker  # noqa: F401 — the worker fixture


def frame(c, by_worker: bool):
    """A full repaint (every strip, the units) with the worker asked or not; the frame
    shown, and the cached frame image built on the next repaint."""
    c.layers.balance.adaptive = False
    c.layers.balance.share = 1.0
    w = edge_worker.client()
    w.paused = not by_worker
    requests = w.requests
    c.layers.forget_edges()
    shown = c.grab().toImage()
    assert c.layers.units_ready == by_worker
    assert bool(c.layers.late) == by_worker   # the worker's strips drawn after the rest
    assert (w.requests > requests) == by_worker
    cached = c.grab().toImage()          # nothing changed: the cached frame image is drawn
    return shown, cached


def pixels(img) -> np.ndarray:
    """(h, w, 4) uint8 channels of an RGB32 image."""
    return np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), -1, 4)[
        :, :img.width()].copy()


def check_same(c, rims: bool = False):
    """The layer's frames equal the in-process ones (disc rims: within one level)."""
    shown_here, cached_here = frame(c, by_worker=False)
    shown_layer, cached_layer = frame(c, by_worker=True)
    assert cached_here == shown_here
    if not rims:
        assert shown_layer == shown_here
        assert cached_layer == shown_here
        return shown_here
    here = pixels(shown_here).astype(int)
    for img in (shown_layer, cached_layer):
        diff = np.abs(pixels(img) - here)
        assert diff.max() <= 1
        assert np.count_nonzero(diff.max(axis=2)) < 0.01 * diff.shape[0] * diff.shape[1]
    return shown_here


@pytest.mark.parametrize("option", ["values", "bias_nodes", "discs", "no_values"])
def test_layer_frames_equal_in_process_frames(qtbot, worker, option):  # noqa: F811
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
    rims = option == "discs"
    img = check_same(c, rims)
    # the units really are there: the layer is not empty
    arr = c.layers.units.buf
    assert np.count_nonzero(arr) > 20000
    assert not img.isNull()
    s.train_steps(20)                    # new weights, values and thumbnails
    check_same(c, rims)
    p.shutdown()


def test_layer_with_dropout_and_elided_units(qtbot, worker):  # noqa: F811
    s, p, c = make_canvas(qtbot, [2, 40, 6, 1], w=900, h=520, dropout=0.5)
    assert c.elided(1) > 0
    p.set_granularity("layer")
    p.step_forward()
    p.step_forward()
    p.pause()
    check_same(c)
    p.shutdown()


def test_layer_cleared_between_frames(qtbot, worker):  # noqa: F811
    """What an earlier frame painted on the layer (a longer value, a thick frame) never
    shows through a later one."""
    s, p, c = make_canvas(qtbot, [2, 5, 5, 1], w=900, h=560)
    p.set_granularity("layer")
    for _ in range(3):
        p.step_forward()
    p.pause()
    frame(c, by_worker=True)
    p.restart_step()                     # back to before the step: fewer values shown
    check_same(c)
    c.set_show_values(False)
    check_same(c)
    p.shutdown()


@pytest.mark.parametrize("dpr", [1.0, 1.25, 2.0])
def test_early_and_late_parts_tile_the_image(dpr):
    """What is drawn while the worker paints and its strips after it cover the image
    exactly once, in whole device pixels."""
    from nnviz.ui.canvas_strips import bounding as _bounding
    from nnviz.ui.canvas_strips import complement as _complement
    from nnviz.ui.edge_paint import strip_bounds

    w, h = 803, 517                                    # device pixels
    xs = [40.3, 150.7, 260.2, 371.9, 480.05, 590.6]    # column centres (logical)
    strips = strip_bounds(xs, 61.4, 377.7, dpr)
    for theirs in ([0, 1, 2, 3, 4], [0, 2, 4], [3], [1, 4]):
        late = [strips[k] for k in theirs]
        if len(theirs) > 1:           # as the canvas does: one rectangle around them
            late = [_bounding(late)]
        count = np.zeros((h, w), int)
        for x, y, rw, rh in _complement(late, w / dpr, h / dpr) + late:
            x0, y0 = round(x * dpr), round(y * dpr)
            x1, y1 = round((x + rw) * dpr), round((y + rh) * dpr)
            assert abs(x * dpr - x0) < 1e-6 and abs((y + rh) * dpr - y1) < 1e-6
            count[y0:y1, x0:x1] += 1
        assert (count == 1).all()


def test_late_thumbnails_not_taken_from_the_layer(qtbot, worker):  # noqa: F811
    """Thumbnails held back while training arrive on a later repaint without other
    changes: the cached frame then shows them, not the layer's older pictures."""
    s, p, c = make_canvas(qtbot, [2, 5, 5, 1], w=900, h=560)
    frame(c, by_worker=True)             # the layer holds the units with these thumbnails
    for layer in s.net.layers:           # new weights the canvas has not been told about
        layer.W *= -1.0
    s._grid_cache.clear()
    c._thumbs_dirty = True               # as when they were held back (train mode)
    shown = c.grab().toImage()           # the thumbnails are recomputed, units painted
    cached = c.grab().toImage()          # nothing changed: the cached frame
    assert cached == shown
    p.shutdown()
