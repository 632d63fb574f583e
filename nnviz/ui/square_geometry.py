"""A straight line w·x + b = 0 in a plot's square view [lo, hi]²: the part of the square on
its positive side (half_plane: the perceptron shades it) and the piece of the line inside
the square (line_ends: the perceptron's decision line, the hidden-space plot's output
line), from the signs of w·x + b at its four corners."""

from __future__ import annotations


def _corners(rng):
    lo, hi = rng
    return [(lo, lo), (hi, lo), (hi, hi), (lo, hi)]


def _walk(w, b, rng):
    """Around the square's edges: (corner p, p on the positive side, where the line crosses
    the edge from p to the next corner, or None)."""
    box = _corners(rng)
    out = []
    for k in range(4):
        p, q = box[k], box[(k + 1) % 4]
        fp, fq = w[0] * p[0] + w[1] * p[1] + b, w[0] * q[0] + w[1] * q[1] + b
        cross = None
        if (fp >= 0) != (fq >= 0):
            s = fp / (fp - fq)
            cross = (p[0] + s * (q[0] - p[0]), p[1] + s * (q[1] - p[1]))
        out.append((p, fp >= 0, cross))
    return out


def half_plane(w, b, rng) -> list[tuple[float, float]]:
    """The polygon {x: w·x + b ≥ 0} clipped to the square rng × rng."""
    poly = []
    for p, inside, cross in _walk(w, b, rng):
        if inside:
            poly.append(p)
        if cross is not None:
            poly.append(cross)
    return poly


def line_ends(w, b, rng):
    """The two ends of the piece of w·x + b = 0 inside the square, or None (no line: w = 0,
    or it misses the square). A line through a corner crosses two edges there: the ends
    are the two crossings farthest apart."""
    ends = [cross for _p, _inside, cross in _walk(w, b, rng) if cross is not None]
    if len(ends) < 2:
        return None
    pairs = [(a, c) for i, a in enumerate(ends) for c in ends[i + 1:]]
    return list(max(pairs, key=lambda ac: (ac[0][0] - ac[1][0]) ** 2 + (ac[0][1] - ac[1][1]) ** 2))
