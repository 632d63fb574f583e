"""Where the weight vector's label goes on the perceptron's plane (PerceptronPlot,
perceptron_view.py; the decision line's ends and shaded half: ui/square_geometry.py):
beside the arrow's tip where it covers least (place_label), or, with no line (w1 = w2 = 0),
where it covers no point (no_line_label)."""

from __future__ import annotations

import numpy as np

from ..ui import theme
from . import neuron_plots as npl
from .perceptron_texts import fmt
from .plot_text import key_sizes as plot_text_sizes

LABEL_GAP_PX = 6.0       # between the arrow's tip and the weight's label
LABEL_FURTHER_PX = (0.0, 20.0, 45.0, 80.0)   # further out when nearer it would cover a mark
LABEL_FAR_COST = 2.0     # a pixel further from the tip costs as much as a line's pixel covered
NO_LINE_LEAST = 0.6      # the no-line label shrinks to this share of its type to fit


def no_line_label(plot, b):
    """The no-line label where it covers no point: in a corner of what the plot shows
    (not of the data's range: the locked aspect may show more; it ran off the right),
    else along the top or bottom edge or in the middle, on one, two or three lines, in
    its type or smaller (down to NO_LINE_LEAST of it). On an about square plane every
    corner of the AND gate's has a point: the label had sat over (0, 1). Where nothing
    fits, the place over the fewest points in its own type."""
    w0 = fmt(b)
    forms = (f"w1 = w2 = 0:\nno line yet\n(w0 = {w0})",
             f"w1 = w2 = 0: no line yet\n(w0 = {w0})",
             f"w1 = w2 = 0: no line yet (w0 = {w0})")
    (x0, x1), (y0, y1) = plot.box.viewRange()
    sx, sy = plot.box.viewPixelSize()
    if not (sx > 0 and sy > 0):
        plot.w_label.setText(forms[0])
        return
    w_px, h_px = (x1 - x0) / sx, (y1 - y0) / sy
    discs, _segments = label_obstacles(plot, x0, y1, sx, sy)
    pad = 0.02 * min(w_px, h_px)
    font = plot.w_label.textItem.font()
    base = npl.font_pt(15)
    best = None
    for pt in plot_text_sizes(base, max(9.0, NO_LINE_LEAST * base)):
        font.setPointSizeF(pt)
        for text in forms:
            plot.w_label.setFont(font)
            plot.w_label.setText(text)
            rect = plot.w_label.boundingRect()
            lw, lh = rect.width(), rect.height()
            if lw > w_px - 2 * pad or lh > h_px - 2 * pad:
                continue
            spots = [(pad, pad), (w_px - pad - lw, pad), (pad, h_px - pad - lh),
                     (w_px - pad - lw, h_px - pad - lh), ((w_px - lw) / 2, pad),
                     ((w_px - lw) / 2, h_px - pad - lh), ((w_px - lw) / 2, (h_px - lh) / 2)]
            for left, top in spots:
                covered = covered_by(left, top, lw, lh, discs, [])
                if covered <= 0:
                    plot.w_label.setAnchor((0, 0))
                    plot.w_label.setPos(x0 + left * sx, y1 - top * sy)
                    plot.label_covers = 0.0
                    return
                if pt == base and text == forms[0] and (best is None or covered < best[0]):
                    best = (covered, left, top)
    font.setPointSizeF(base)
    plot.w_label.setFont(font)
    plot.w_label.setText(forms[0])
    plot.fit_label()
    if best is None:
        best = (0.0, pad, pad)
    plot.w_label.setAnchor((0, 0))
    plot.w_label.setPos(x0 + best[1] * sx, y1 - best[2] * sy)
    plot.label_covers = best[0]


def place_label(plot, tip, d, scale):
    """The label beside the arrow's tip (it sat over the head), inside the plot: of the
    places around the tip (along the arrow first, then turning away from it, then a
    little further out), the one that covers least (a point's marker much, the arrow
    much, a line a little: the label's card keeps it readable there) for its distance
    from the tip. At 1280×720 in projector type "w = (1, 1)" sat over the point (1, 1)."""
    (x0, x1), (y0, y1) = plot.box.viewRange()
    sx, sy = float(scale[0]), float(scale[1])
    if not (sx > 0 and sy > 0):
        return
    w_px, h_px = (x1 - x0) / sx, (y1 - y0) / sy
    rect = plot.w_label.boundingRect()
    lw, lh = rect.width(), rect.height()
    tx, ty = (tip[0] - x0) / sx, (y1 - tip[1]) / sy       # the tip in pixels (y down)
    discs, segments = label_obstacles(plot, x0, y1, sx, sy)
    ux, uy = float(d[0]), -float(d[1])                     # the arrow on screen
    norm = float(np.hypot(ux, uy)) or 1.0
    ux, uy = ux / norm, uy / norm
    best = None      # the place covering least, near the tip, the arrow's way
    for extra in LABEL_FURTHER_PX:
        for k, turn in enumerate((0, 45, -45, 90, -90, 135, -135, 180)):
            a = np.radians(turn)
            cx, cy = ux * np.cos(a) - uy * np.sin(a), ux * np.sin(a) + uy * np.cos(a)
            reach = LABEL_GAP_PX + extra + abs(cx) * lw / 2 + abs(cy) * lh / 2
            left = min(max(tx + cx * reach - lw / 2, 0.0), max(0.0, w_px - lw))
            top = min(max(ty + cy * reach - lh / 2, 0.0), max(0.0, h_px - lh))
            covered = covered_by(left, top, lw, lh, discs, segments)
            far = float(np.hypot(left + lw / 2 - tx, top + lh / 2 - ty))
            score = covered + LABEL_FAR_COST * far + 0.5 * k
            if best is None or score < best[0]:
                best = (score, covered, left, top)
    _score, plot.label_covers, left, top = best
    plot.w_label.setAnchor((0.0, 0.0))
    plot.w_label.setPos(float(x0 + left * sx), float(y1 - top * sy))


def label_obstacles(plot, x0, y1, sx, sy):
    """What the weight's label should not cover, in pixels (y down): the points with
    their rings as discs (x, y, radius), the lines and the arrow as segments
    (x0, y0, x1, y1, half width, weight)."""
    zoom = max(1.0, theme.manager().zoom)
    size = 28 * zoom

    def px(p):
        return (float(p[0]) - x0) / sx, (y1 - float(p[1])) / sy

    discs = [(*px(p), size / 2 + 2) for p in np.asarray(plot.model.X, float).reshape(-1, 2)]
    for item, grow in ((plot.wrong, 14), (plot.current, 26)):
        xs, ys = item.getData()
        if xs is not None:
            discs += [(*px((x, y)), (size + grow) / 2 + 3) for x, y in zip(xs, ys)]
    segments = []     # (the label's card keeps it readable over a line, not the arrow)
    for item, half, weight in ((plot.line, 3.0 * zoom, 2.0), (plot.old_line, 1.5, 1.0),
                               (plot.vector, 3.0, 20.0)):
        xs, ys = item.getData()
        if xs is not None and len(xs) >= 2:
            segments.append((*px((xs[0], ys[0])), *px((xs[-1], ys[-1])), half, weight))
    head = plot.head.polygon()
    if head.size() == 3:
        pts = [px((head.at(i).x(), head.at(i).y())) for i in range(3)]
        segments += [(*pts[0], *pts[1], 2.0, 20.0), (*pts[0], *pts[2], 2.0, 20.0),
                     (*pts[1], *pts[2], 2.0, 20.0)]
    return discs, segments


def covered_by(left, top, w, h, discs, segments) -> float:
    """How much of the rectangle marks cover: a point's disc counts its overlap (px²) many
    times over, a line the length of it under the label (× its weight: the arrow much)."""
    cost = 0.0
    right, bottom = left + w, top + h
    for cx, cy, r in discs:
        ox = min(right, cx + r) - max(left, cx - r)
        oy = min(bottom, cy + r) - max(top, cy - r)
        if ox > 0 and oy > 0:
            cost += 10.0 * ox * oy
    for ax, ay, bx, by, half, weight in segments:
        n = max(2, int(np.hypot(bx - ax, by - ay) // 2))
        t = np.linspace(0.0, 1.0, n)
        qx, qy = ax + (bx - ax) * t, ay + (by - ay) * t
        inside = (qx > left - half) & (qx < right + half) & (qy > top - half) & (qy < bottom + half)
        cost += float(inside.sum()) * 2.0 * weight
    return cost
