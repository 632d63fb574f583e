"""Placing the labels of a few points on a plot (plain numbers, in pixels, y down): each
label beside its own point, on the side away from the others, clear of the other labels,
of every point and of the plot's edges; pushed further out (with a leader line to its
point) only when no spot beside the point is free.

    groups = coincident(points, radius)          # points drawn on one spot share a label
    rects, leaders = place(points, sizes, radius, bounds)
"""

from __future__ import annotations

import math

import numpy as np

GAP = 3.0              # pixels between a point's disc and its label
RINGS = 4              # distances tried: beside the point, then further out
#  directions tried around the preferred one (radians), nearest first
TURNS = [0.0] + [s * k * math.pi / 8 for k in range(1, 9) for s in (1, -1)][:-1]


def coincident(points: np.ndarray, radius: float) -> list[list[int]]:
    """Groups of points drawn (nearly) on one spot, closer than half a point's radius:
    one label names them all. Each group in input order; groups in order of their first."""
    points = np.asarray(points, float)
    groups: list[list[int]] = []
    taken = [False] * len(points)
    for k in range(len(points)):
        if taken[k]:
            continue
        same = [m for m in range(k, len(points))
                if not taken[m] and math.dist(points[m], points[k]) < 0.5 * radius]
        for m in same:
            taken[m] = True
        groups.append(same)
    return groups


def _overlap(a, b) -> float:
    """Area shared by two (x, y, w, h) rectangles."""
    w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def place(points: np.ndarray, sizes: np.ndarray, radius: float, bounds, obstacles=(),
          line=None) -> tuple[np.ndarray, np.ndarray]:
    """(rects, leaders): for each point (pixels), its label's (x, y, w, h) rectangle of size
    sizes[i] = (w, h), and whether it sits away from its point (draw a line to it).
    `obstacles`: (x, y, w, h) rectangles labels should not cover either (e.g. a line's
    pieces: line_pieces). `line` (x0, y0, x1, y1): a dividing line a label should stay on
    its point's side of (across it, a label reads as naming a point of the other side).

    Each label is tried beside its point first in the direction away from the points'
    middle, then turning around the point, then further out; the first spot that covers
    no other label, no point and stays within bounds wins (the outermost points choose
    first); when none is free, the spot that covers least."""
    points = np.asarray(points, float).reshape(-1, 2)
    sizes = np.asarray(sizes, float).reshape(-1, 2)
    n = len(points)
    rects = np.zeros((n, 4))
    leaders = np.zeros(n, bool)
    if n == 0:
        return rects, leaders
    middle = points.mean(axis=0)
    away = points - middle
    dist = np.hypot(away[:, 0], away[:, 1])
    angles = np.arctan2(away[:, 1], away[:, 0])
    for i in range(n):       # a point at the middle: spread around it (upper left first)
        if dist[i] < 0.5 * radius:
            angles[i] = -0.75 * math.pi + 2 * math.pi * i / n
    discs = np.array([(px - radius, py - radius, 2 * radius, 2 * radius)
                      for px, py in points] + list(obstacles), float).reshape(-1, 4)
    turns = np.array(TURNS)
    placed = np.zeros((0, 4))
    for i in np.argsort(-dist, kind="stable"):
        w, h = sizes[i]
        # every spot tried, in order (ring by ring, nearest turn first), at once
        ring = np.repeat(np.arange(RINGS), len(turns))
        r = radius + GAP + ring * 0.8 * h
        t = angles[i] + np.tile(turns, RINGS)
        cx, cy = np.cos(t), np.sin(t)
        spots = np.column_stack([points[i][0] + r * cx + (cx - 1) * w / 2,
                                 points[i][1] + r * cy + (cy - 1) * h / 2,
                                 np.full(len(t), w), np.full(len(t), h)])
        inside = _overlaps(spots, np.array([[bounds[0], bounds[1], bounds[2] - bounds[0],
                                             bounds[3] - bounds[1]]]))
        cost = (w * h - inside) * 4 + _overlaps(spots, placed) * 2 + _overlaps(spots, discs)
        if line is not None:      # across the line: as bad as covering a label
            centres = spots[:, :2] + (w / 2, h / 2)
            cost += np.where(_sides(line, centres) * _side(line, points[i]) < 0, w * h, 0.0)
        free = np.flatnonzero(cost <= 1e-9)       # (float rounding of whole areas)
        k = int(free[0]) if len(free) else int(np.argmin(cost))
        rects[i] = spots[k]
        leaders[i] = ring[k] > 0
        placed = np.vstack([placed, spots[k]])
    return rects, leaders


def leader_line(point, rect, radius: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """From the edge of the point's disc to the nearest point of its label's rectangle."""
    x, y, w, h = rect
    qx = min(max(point[0], x), x + w)
    qy = min(max(point[1], y), y + h)
    dx, dy = qx - point[0], qy - point[1]
    d = math.hypot(dx, dy) or 1.0
    return (point[0] + dx / d * radius, point[1] + dy / d * radius), (qx, qy)


def line_pieces(x0: float, y0: float, x1: float, y1: float, width: float,
                step: float = 6.0) -> list[tuple]:
    """Small squares along a line (pixels), as obstacles for place."""
    n = max(1, int(math.hypot(x1 - x0, y1 - y0) / step))
    half = width / 2 + 1
    return [(x0 + (x1 - x0) * k / n - half, y0 + (y1 - y0) * k / n - half, 2 * half, 2 * half)
            for k in range(n + 1)]


def _overlaps(spots: np.ndarray, rects: np.ndarray) -> np.ndarray:
    """For each (x, y, w, h) spot, the area it shares with all of rects (summed)."""
    if not len(rects):
        return np.zeros(len(spots))
    a, b = spots[:, None, :], rects[None, :, :]
    w = np.minimum(a[..., 0] + a[..., 2], b[..., 0] + b[..., 2]) - np.maximum(a[..., 0],
                                                                               b[..., 0])
    h = np.minimum(a[..., 1] + a[..., 3], b[..., 1] + b[..., 3]) - np.maximum(a[..., 1],
                                                                               b[..., 1])
    return (np.clip(w, 0, None) * np.clip(h, 0, None)).sum(axis=1)


def _sides(line, p: np.ndarray) -> np.ndarray:
    """_side for many points (an (n, 2) array)."""
    x0, y0, x1, y1 = line
    return np.sign((x1 - x0) * (p[:, 1] - y0) - (y1 - y0) * (p[:, 0] - x0))


def _side(line, p) -> float:
    """Which side of the line (x0, y0, x1, y1) point p lies on: the sign of the cross
    product (0 on it)."""
    x0, y0, x1, y1 = line
    return float(np.sign((x1 - x0) * (p[1] - y0) - (y1 - y0) * (p[0] - x0)))
