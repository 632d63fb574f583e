"""The strips of edges of the network canvas: which edges each strip holds and how each
looks (edge_paint codes, from one vectorized pass over all the weights), their segments and
device-pixel rectangles, a strip's painting cost, how strips are split between this process
and the edge worker, and the rectangles the canvas blits around the worker's strips.

Strip k holds the edges from column k to column k + 1 (and its dashed bias edges when bias
nodes show), in a rectangle with whole device-pixel sides that no other strip shares.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter

from . import edge_paint, theme


def strip_edges(c, k: int):
    """(key, codes) of strip k: the edge_paint code of each of its edges (the weights in
    layout order, then the bias edges when bias nodes show); key changes with any look."""
    return all_strip_edges(c, [k])[0]


def all_strip_edges(c, strips=None) -> list[tuple[bytes, np.ndarray]]:
    """strip_edges of several strips (default: all) from one vectorized pass."""
    lay, m = c.net_layout, c.model
    zoom = theme.manager().zoom
    if strips is None:
        strips = range(len(lay.columns) - 1)
    ws, bs, fades, counts = [], [], [], []
    any_faded = False
    for k in strips:
        W, b = m.shown_params(k)
        rows = lay.columns[k + 1].shown
        cols = lay.columns[k].shown
        if len(rows) == W.shape[0] and len(cols) == W.shape[1]:
            w = W.ravel()                 # every unit shown: layout order is W's order
        else:
            w = W[np.ix_(rows, cols)].ravel()
        ws.append(w)
        dropped = m.dropped_units(k)
        if dropped:   # edges out of units dropout removed on this sample
            fades.append(np.tile([j in dropped for j in cols], len(rows)))
            any_faded = True
        else:
            fades.append(np.zeros(len(w), bool))
        if c.show_bias_nodes:
            bs.append(b[rows])
        counts.append(len(w))
    if not ws:
        return []
    ci, width = m.edge_keys(np.concatenate(ws), zoom)
    codes = m.edge_codes(ci, width, np.concatenate(fades) if any_faded else None)
    parts = np.split(codes, np.cumsum(counts)[:-1])
    if c.show_bias_nodes:
        bci, bwidth = m.edge_keys(np.concatenate(bs), zoom)
        bias = np.split(m.edge_codes(bci, bwidth, dashed=True),
                        np.cumsum([len(b) for b in bs])[:-1])
        parts = [np.concatenate([p, q]) for p, q in zip(parts, bias)]
    return [(p.tobytes(), p) for p in parts]


def strip_segments(c, k: int) -> list:
    """The QLineF segments of strip k, in the order of strip_edges' codes."""
    lay = c.net_layout
    lines = lay.strip_segments(k)
    return lines + lay.bias_segments(k) if c.show_bias_nodes else lines


def strip_lines(c, k: int, codes) -> list:
    """(QLineF, QPen) of strip k's edges (and dashed bias edges when bias nodes show)."""
    return [(line, edge_paint.pen(code))
            for line, code in zip(strip_segments(c, k), np.asarray(codes).tolist())]


def strip_rects(c, dpr: float) -> list[tuple[float, float, float, float]]:
    """(x, y, w, h) of every strip: whole device pixels, neighbours share no pixel."""
    lay = c.net_layout
    key = ("bounds", dpr)
    rects = lay._segments.get(key)
    if rects is None:
        r = lay.strip_rect(0)
        rects = lay._segments[key] = edge_paint.strip_bounds(
            [col.x for col in lay.columns], r.top(), r.bottom(), dpr)
    return rects


def segments_array(c, k: int) -> np.ndarray:
    lay = c.net_layout
    key = ("array", k, c.show_bias_nodes)
    arr = lay._segments.get(key)
    if arr is None:
        arr = lay._segments[key] = edge_paint.segments_array(strip_segments(c, k))
    return arr


def strip_cost(c, k: int) -> float:
    """A rough cost of painting strip k: antialiased lines cost per scanline they cross,
    plus a fixed cost per line."""
    lay = c.net_layout
    key = ("cost", k, c.show_bias_nodes)
    cost = lay._segments.get(key)
    if cost is None:
        seg = segments_array(c, k)
        cost = lay._segments[key] = float(np.abs(seg[:, 3] - seg[:, 1]).sum() + 8 * len(seg))
    return cost


def split_strips(c, todo, share: float) -> tuple[list, list]:
    """(the worker's, this process's) strips of todo: about `share` of the cost to the
    worker (largest strips first)."""
    costs = {k: strip_cost(c, k) for k, _key, _codes in todo}
    target = share * sum(costs.values())
    theirs, mine, done = [], [], 0.0
    for item in sorted(todo, key=lambda t: -costs[t[0]]):
        cost = costs[item[0]]
        if done + cost / 2 <= target:
            theirs.append(item)
            done += cost
        else:
            mine.append(item)
    return theirs, mine


def complement(strips, width: float, height: float) -> list[tuple]:
    """(x, y, w, h) rectangles covering the image (width × height) but the strips (which
    share their top and bottom)."""
    if not strips:
        return [(0.0, 0.0, width, height)]
    top, bottom = strips[0][1], strips[0][1] + strips[0][3]
    out = [(0.0, 0.0, width, top), (0.0, bottom, width, height - bottom)]
    x = 0.0
    for sx, _sy, sw, _sh in sorted(strips):
        if sx > x:
            out.append((x, top, sx - x, bottom - top))
        x = max(x, sx + sw)
    out.append((x, top, width - x, bottom - top))
    return [r for r in out if r[2] > 0 and r[3] > 0]


def bounding(strips) -> tuple:
    """The (x, y, w, h) rectangle around strips (which share their top and bottom)."""
    x0 = min(x for x, _y, _w, _h in strips)
    x1 = max(x + w for x, _y, w, _h in strips)
    return (x0, strips[0][1], x1 - x0, strips[0][3])


def blit(p: QPainter, img: QImage, rects, dpr: float) -> None:
    """Draw parts (x, y, w, h) of img (logical coordinates, whole device pixels) with p,
    pixel for pixel."""
    for x, y, w, h in rects:
        x0, y0 = round(x * dpr), round(y * dpr)
        dw, dh = round((x + w) * dpr) - x0, round((y + h) * dpr) - y0
        p.drawImage(QRectF(x0 / dpr, y0 / dpr, dw / dpr, dh / dpr), img,
                    QRectF(x0, y0, dw, dh))
