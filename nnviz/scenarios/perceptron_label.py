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
LABEL_LEAST = 0.6        # and the weight's label, where it would cover a point or the arrow
LEAST_PT = 12.0          # the no-line label: or this type, if smaller (a small plane
                         # in large type)
ARROW_WEIGHT = 20.0      # the arrow's weight among the marks the label should not cover
LABEL_ROOM = 0.85        # the weight's label is at most this share of the plane's width


def weight_text(plot, w, side_text: str | None = None):
    """The weight's label in the fullest form that fits the plane's width as measured in
    its type (with the line off the plot, and its sentence, LABEL_ROOM of it): on one
    line, then "w =" over its numbers, then that sentence on shorter lines too; else the
    last, in smaller type (fit_label). At 150 % in a 1024×600 window "w = (0.35, −0.45)"
    was wider than the plane and ran off its right."""
    pair = f"({fmt(w[0])}, {fmt(w[1])})"
    forms = [f"w = {pair}", f"w =\n{pair}"]
    if side_text is not None:
        long = f"\nthe line is off the plot:\nall of it is {side_text}"
        short = f"\nthe line is\noff the plot:\nall of it is\n{side_text}"
        forms = [forms[0] + long, forms[1] + long, forms[1] + short]
    room = plot.box.width() * (1.0 if side_text is None else LABEL_ROOM)
    for text in forms:
        plot.w_label.setText(text)
        if room <= 0 or plot.w_label.textItem.boundingRect().width() <= room:
            return
    plot.fit_label()


def no_line_label(plot, b):
    """The no-line label where it covers no point: in a corner of what the plot shows
    (not of the data's range: the locked aspect may show more; it ran off the right),
    else along the top or bottom edge or in the middle, on one, two or three lines, in
    its type or smaller (down to least_pt), without w0 in its type before with it in
    smaller type (the formula below says w0 too). On an about square plane every
    corner of the AND gate's has a point: the label had sat over (0, 1). Where nothing
    fits, the place over the fewest points (it had been the first form in its own type,
    over all four points of a small plane at 200 %)."""
    w0 = fmt(b)
    forms = (f"w1 = w2 = 0:\nno line yet\n(w0 = {w0})",
             f"w1 = w2 = 0: no line yet\n(w0 = {w0})",
             f"w1 = w2 = 0: no line yet (w0 = {w0})",
             "w1 = w2 = 0:\nno line yet", "w1 = w2 = 0: no line yet")
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
    best = None      # (covered, pt, text, left, top): the least covering, larger first
    for pt in plot_text_sizes(base, least_pt(base, NO_LINE_LEAST)):
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
                if best is None or covered < best[0]:
                    best = (covered, pt, text, left, top)
    if best is None:     # (it fits nowhere whole: its first form, as wide as it may be)
        font.setPointSizeF(base)
        plot.w_label.setFont(font)
        plot.w_label.setText(forms[0])
        plot.fit_label()
        rect = plot.w_label.boundingRect()
        best = (covered_by(pad, pad, rect.width(), rect.height(), discs, []), 0.0, "",
                pad, pad)
    else:
        font.setPointSizeF(best[1])
        plot.w_label.setFont(font)
        plot.w_label.setText(best[2])
    plot.w_label.setAnchor((0, 0))
    plot.w_label.setPos(x0 + best[3] * sx, y1 - best[4] * sy)
    plot.label_covers = best[0]


def least_pt(base: float, share: float) -> float:
    """The smallest type a label on the plane may shrink to: `share` of its own, or
    LEAST_PT if that is smaller (in large type a small plane has room for little), but
    never below 9 pt."""
    return max(9.0, min(share * base, LEAST_PT))


def place_label(plot, tip, d, scale):
    """The label beside the arrow's tip (it sat over the head), inside the plot: of the
    places around the tip (along the arrow first, then turning away from it, then a
    little further out), the one that covers least (a point's marker much, the arrow
    much, a line a little: the label's card keeps it readable there) for its distance
    from the tip. At 1280×720 in projector type "w = (1, 1)" sat over the point (1, 1).
    Where every place in its type covers a point or the arrow (a small plane in large
    type: at 200 % it sat over (0, 1) and (1, 1)), the label is a little smaller, down
    to LABEL_LEAST of its type (not to least_pt: among many points it shrank to 12 pt
    in projector type, too small to read); where none is clear even then, in its type
    again."""
    (x0, x1), (y0, y1) = plot.box.viewRange()
    sx, sy = float(scale[0]), float(scale[1])
    if not (sx > 0 and sy > 0):
        return
    w_px, h_px = (x1 - x0) / sx, (y1 - y0) / sy
    tx, ty = (tip[0] - x0) / sx, (y1 - tip[1]) / sy       # the tip in pixels (y down)
    discs, segments = label_obstacles(plot, x0, y1, sx, sy)
    arrow = [s for s in segments if s[-1] >= ARROW_WEIGHT]
    ux, uy = float(d[0]), -float(d[1])                     # the arrow on screen
    norm = float(np.hypot(ux, uy)) or 1.0
    ux, uy = ux / norm, uy / norm
    font = plot.w_label.textItem.font()
    base = font.pointSizeF()
    first = None
    for pt in plot_text_sizes(base, max(9.0, LABEL_LEAST * base)):
        if pt != base:
            font.setPointSizeF(pt)
            plot.w_label.setFont(font)
        rect = plot.w_label.boundingRect()
        lw, lh = rect.width(), rect.height()
        best = _best_place(tx, ty, ux, uy, lw, lh, w_px, h_px, discs, segments)
        first = first or best
        if covered_by(best[2], best[3], lw, lh, discs, arrow) <= 0:
            break
    else:                        # nowhere clear: in its type, where it covers least
        font.setPointSizeF(base)
        plot.w_label.setFont(font)
        best = first
    _score, plot.label_covers, left, top = best
    plot.w_label.setAnchor((0.0, 0.0))
    plot.w_label.setPos(float(x0 + left * sx), float(y1 - top * sy))


def _best_place(tx, ty, ux, uy, lw, lh, w_px, h_px, discs, segments):
    """(score, covered, left, top) of the best place for a lw × lh label around the tip
    (tx, ty), the arrow pointing (ux, uy), in a w_px × h_px plot (all in pixels)."""
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
    return best


def label_obstacles(plot, x0, y1, sx, sy):
    """What the weight's label should not cover, in pixels (y down): the points with
    their rings and the arrow's head as discs (x, y, radius: covered_by counts the square
    around it), the lines and the arrow as segments (x0, y0, x1, y1, half width, weight)."""
    zoom = max(1.0, theme.manager().zoom)
    size = plot.marker_px

    def px(p):
        return (float(p[0]) - x0) / sx, (y1 - float(p[1])) / sy

    discs = [(*px(p), size / 2 + 2) for p in np.asarray(plot.model.X, float).reshape(-1, 2)]
    for item, grow in ((plot.wrong, 14), (plot.current, 26)):
        xs, ys = item.getData()
        if xs is not None:
            discs += [(*px((x, y)), (size + grow) / 2 + 3) for x, y in zip(xs, ys)]
    segments = []     # (the label's card keeps it readable over a line, not the arrow)
    for item, half, weight in ((plot.line, 3.0 * zoom, 2.0), (plot.old_line, 1.5, 1.0),
                               (plot.vector, 3.0, ARROW_WEIGHT)):
        xs, ys = item.getData()
        if xs is not None and len(xs) >= 2:
            segments.append((*px((xs[0], ys[0])), *px((xs[-1], ys[-1])), half, weight))
    head = plot.head.polygon()
    if head.size() == 3:
        pts = [px((head.at(i).x(), head.at(i).y())) for i in range(3)]
        segments += [(*pts[i], *pts[j], 2.0, ARROW_WEIGHT) for i, j in ((0, 1), (0, 2), (1, 2))]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]     # (its box: a label had
        discs.append(((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2,   # touched it)
                      max(max(xs) - min(xs), max(ys) - min(ys)) / 2 + 1))
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
