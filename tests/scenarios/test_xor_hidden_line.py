"""The output unit's line in XOR's hidden space: where it just crossed a corner of the plot,
its thick pen clipped by the plot's edges showed as a black sliver a few pixels long. The
line is drawn as its piece inside the plot now, and a piece too short to read as a line
is not drawn at all (the background still shows the two sides)."""

from __future__ import annotations

import numpy as np
import pytest

MIN_PX = 18.0     # a shorter piece reads as a sliver, not as a line


def _visible_piece(plot) -> tuple[float, list]:
    """The drawn line clipped to what the plot shows: its length in pixels and its ends
    (view coordinates); (0, []) when nothing of it is inside."""
    lx, ly = plot.line.getData()
    if lx is None or len(lx) < 2:
        return 0.0, []
    vb = plot.plot.getViewBox()
    (x0, x1), (y0, y1) = vb.viewRange()
    p, q = np.array([lx[0], ly[0]], float), np.array([lx[-1], ly[-1]], float)
    d = q - p
    lo, hi = 0.0, 1.0                                # Liang–Barsky
    for pk, qk in ((-d[0], p[0] - x0), (d[0], x1 - p[0]), (-d[1], p[1] - y0),
                   (d[1], y1 - p[1])):
        if pk == 0:
            if qk < 0:
                return 0.0, []
            continue
        r = qk / pk
        if pk < 0:
            lo = max(lo, r)
        else:
            hi = min(hi, r)
    if lo >= hi:
        return 0.0, []
    a, b = p + lo * d, p + hi * d
    sx, sy = vb.width() / (x1 - x0), vb.height() / (y1 - y0)
    return float(np.hypot((b[0] - a[0]) * sx, (b[1] - a[1]) * sy)), [a, b]


@pytest.mark.parametrize("seed,steps", [(23, 100), (34, 190), (38, 250)])
def test_no_sliver_of_the_line_in_a_corner(main_window, qtbot, seed, steps):
    """Starts whose line, after these many updates, just crosses a corner of the plot."""
    main_window.resize(1600, 1000)
    sc = main_window.open_scenario("xor")
    sc.set_setting("seed", seed)
    sc.run_steps(steps)
    plot = sc.plots.hidden
    qtbot.waitUntil(lambda: plot.plot.getViewBox().width() > 100)
    plot._dirty = True
    plot.refresh()
    length, ends = _visible_piece(plot)
    assert length == 0.0 or length >= MIN_PX, length
    lx, ly = plot.line.getData()
    assert (length > 0) == (len(lx) == 2)
    if length > 0:           # drawn as its piece inside the plot
        (x0, x1), (y0, y1) = plot.plot.getViewBox().viewRange()
        assert np.all((lx >= x0 - 1e-9) & (lx <= x1 + 1e-9))
        assert np.all((ly >= y0 - 1e-9) & (ly <= y1 + 1e-9))


def test_while_training_the_line_is_a_whole_piece_or_none(main_window, qtbot):
    main_window.resize(1280, 800)
    sc = main_window.open_scenario("xor")
    sc.set_setting("seed", 37)
    plot = sc.plots.hidden
    qtbot.waitUntil(lambda: plot.plot.getViewBox().width() > 100)
    shown = []
    for _ in range(50):
        sc.session.train_steps(10)
        plot._dirty = True
        plot.refresh()
        length, _ends = _visible_piece(plot)
        assert length == 0.0 or length >= MIN_PX, length
        shown.append(length > 0)
        if length > 0:       # on the engine's line w·h + b = 0
            lx, ly = plot.line.getData()
            W, b = sc.session.net.layers[1].W[0], sc.session.net.layers[1].b[0]
            assert np.allclose(W[0] * lx + W[1] * ly + b, 0, atol=1e-9)
    assert sum(shown) > 25                           # most of the time there is a line


def test_square_piece():
    from nnviz.ui.plots_hidden import square_piece
    piece = square_piece(1.0, 1.0, -1.0, 0.0, 2.0)   # x + y = 1 across the lower left
    assert sorted(map(tuple, np.round(piece, 9))) == [(0.0, 1.0), (1.0, 0.0)]
    assert square_piece(1.0, 1.0, 10.0, 0.0, 2.0) is None       # misses the square
    assert square_piece(0.0, 0.0, 1.0, 0.0, 2.0) is None        # no line at all
    corner = square_piece(1.0, -1.0, 0.0, 0.0, 2.0)             # the diagonal, corner to corner
    assert sorted(map(tuple, np.round(corner, 9))) == [(0.0, 0.0), (2.0, 2.0)]
