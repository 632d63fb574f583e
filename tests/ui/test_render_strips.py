"""The edges' looks of every strip from one vectorized pass (canvas_strips.all_strip_edges)
equal those of each strip alone, with elided units, dropout-faded edges and bias nodes;
and they follow the weights the canvas shows."""

from __future__ import annotations

import numpy as np

from nnviz.ui.canvas_strips import all_strip_edges, strip_edges

from .test_edge_worker import make_canvas


def check(c):
    together = all_strip_edges(c)
    assert len(together) == len(c.net_layout.columns) - 1
    for k, (key, codes) in enumerate(together):
        alone_key, alone = strip_edges(c, k)
        assert key == alone_key and np.array_equal(codes, alone)
    return together


def test_strips_together_equal_alone(qtbot):
    s, p, c = make_canvas(qtbot, [2, 40, 6, 3, 1], w=900, h=520, dropout=0.5)
    assert c.elided(1) > 0
    p.set_granularity("layer")
    p.step_forward()
    p.step_forward()                     # a sample with dropped units: faded edges
    p.pause()
    before = check(c)
    faded = [k for k in range(len(before)) if c.model.dropped_units(k)]
    assert faded, "dropout removed some units on this sample"
    c.set_show_bias_nodes(True)
    with_bias = check(c)
    assert all(len(b[1]) > len(a[1]) for a, b in zip(before, with_bias))
    s.train_steps(30)
    after = check(c)
    assert [a[0] for a in after] != [b[0] for b in with_bias]   # new weights, new looks
    # one edge's code follows its weight's colour and width
    k, i = 2, 1
    j = next(j for j in range(6) if j not in c.model.dropped_units(k))   # not faded
    colour, width = c.edge_style(k, i, j)
    code = int(after[k][1][i * 6 + j])
    assert code >> 12 == colour.rgb() & 0xFFFFFF
    assert ((code >> 1) & 2047) / 8 == width
    p.shutdown()
