"""Where the weight vector's label goes on the perceptron's plane (PerceptronPlot,
perceptron_view.py; the decision line's ends and shaded half: ui/square_geometry.py): never
over a point's marker, its rings (wrong now, current sample) or the arrow's head.

place_label puts "w = (w1, w2)" nearest the arrow's tip, along the arrow first, and
no_line_label (w1 = w2 = 0) its "no line yet" in a corner of the plot, both searching the
whole plane (clear_spot: a grid of places over what the plot shows), in their fullest form
and type, then in shorter forms and smaller type. Where no place is clear even then (a
crowded set on a small plane in large type), the label is a caption under the plot, in a
row of the plot's own layout: outside the plane, over nothing. It had searched only around
the tip and, finding nothing clear there, kept its full size over the points: at 1280×720
in 200 % "w = (1, 1)" sat over (0, 1) and (1, 1), and among 24 random points at 150 % its
two-line form over nine of them."""

from __future__ import annotations

import textwrap

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer

from ..ui import theme
from . import neuron_plots as npl
from .perceptron_texts import fmt
from .plot_text import key_sizes as plot_text_sizes

LABEL_GAP_PX = 6.0       # between the arrow's tip and the weight's label
LABEL_FAR_COST = 2.0     # a pixel further from the tip costs as much as a line's pixel covered
NO_LINE_LEAST = 0.6      # the no-line label shrinks to this share of its type to fit
LABEL_LEAST = 0.6        # and the weight's label, where no place is clear in its type
LEAST_PT = 12.0          # the no-line label: or this type, if smaller (a small plane
                         # in large type)
ARROW_WEIGHT = 20.0      # the arrow's weight among the lines the label should not cover
EDGE_PX = 2.0            # the label keeps this far inside the plane
GRID_STEPS = 80          # places tried across the plane's shorter side (at least 2 px apart)
NEAREST = 400            # of the clear places, the nearest this many are weighed for lines
CAPTION_ROW = 4          # the caption's row in the plot's layout: under the bottom axis
CAPTION_LEAST_PT = 9.0   # the caption shrinks to the plot's width, down to this
CAPTION_WAIT_MS = 60     # the layout unchanged this long, a label with no room is a caption


def weight_forms(w, side_text: str | None = None) -> list[str]:
    """The weight's label, fullest form first: on one line, then "w =" over its numbers;
    with the line off the plot, its sentence too, then on shorter lines."""
    pair = f"({fmt(w[0])}, {fmt(w[1])})"
    forms = [f"w = {pair}", f"w =\n{pair}"]
    if side_text is not None:
        long = f"\nthe line is off the plot:\nall of it is {side_text}"
        short = f"\nthe line is\noff the plot:\nall of it is\n{side_text}"
        narrow = "\n" + "\n".join(textwrap.wrap(    # (a column beside the points)
            f"the line is off the plot: all of it is {side_text}", 9))
        forms = [forms[0] + long, forms[1] + long, forms[1] + short, forms[1] + narrow]
    return forms


def weight_captions(w, side_text: str | None = None) -> list[str]:
    """The weight's caption under the plot (rich text), on one line, then on more."""
    text = f"the arrow: w = ({fmt(w[0])}, {fmt(w[1])})"
    if side_text is None:
        return [text]
    more = f"the line is off the plot: all of it is {side_text}"
    return [f"{text}; {more}", f"{text}<br>{more}",
            f"{text}<br>{more.replace(': ', ':<br>')}"]


def place_label(plot, w, tip, d, scale, side_text: str | None = None):
    """The weight's label clear of every point, ring and the arrow's head: nearest the
    place just past the arrow's tip (it sat over the head), covering as little of the
    lines as it may (its card keeps it readable over them, less so under the arrow)."""
    (x0, x1), (y0, y1) = plot.box.viewRange()
    sx, sy = float(scale[0]), float(scale[1])
    if not (sx > 0 and sy > 0):
        return
    tx, ty = (tip[0] - x0) / sx, (y1 - tip[1]) / sy       # the tip in pixels (y down)
    ux, uy = float(d[0]), -float(d[1])                     # the arrow on screen
    norm = float(np.hypot(ux, uy)) or 1.0
    ux, uy = ux / norm, uy / norm

    def far(left, top, lw, lh):      # from the place just past the tip, along the arrow
        reach = LABEL_GAP_PX + abs(ux) * lw / 2 + abs(uy) * lh / 2
        return np.hypot(left + lw / 2 - (tx + ux * reach), top + lh / 2 - (ty + uy * reach))

    base = npl.font_pt(15)
    _settle(plot, weight_forms(w, side_text), weight_captions(w, side_text), base,
            max(9.0, LABEL_LEAST * base), far, (sx, sy), (float(tip[0]), float(tip[1])))


def no_line_label(plot, b):
    """The no-line label where it covers no point: in a corner of what the plot shows
    (not of the data's range: the locked aspect may show more; it ran off the right),
    else wherever on the plane is clear, on one, two or three lines, in its type or
    smaller (down to least_pt), without w0 in its type before with it in smaller type
    (the formula below says w0 too); else a caption under the plot. On an about square
    plane every corner of the AND gate's has a point: the label had sat over (0, 1)."""
    w0 = fmt(b)
    forms = [f"w1 = w2 = 0:\nno line yet\n(w0 = {w0})",
             f"w1 = w2 = 0: no line yet\n(w0 = {w0})",
             f"w1 = w2 = 0: no line yet (w0 = {w0})",
             "w1 = w2 = 0:\nno line yet", "w1 = w2 = 0: no line yet"]
    (x0, x1), (y0, y1) = plot.box.viewRange()
    sx, sy = plot.box.viewPixelSize()
    if not (sx > 0 and sy > 0):
        plot.w_label.setText(forms[0])
        return
    w_px, h_px = (x1 - x0) / sx, (y1 - y0) / sy

    def far(left, top, lw, lh):      # from the nearest corner
        dx = np.minimum(left - EDGE_PX, w_px - EDGE_PX - lw - left)
        dy = np.minimum(top - EDGE_PX, h_px - EDGE_PX - lh - top)
        return np.hypot(dx, dy)

    base = npl.font_pt(15)
    _settle(plot, forms, [f"w1 = w2 = 0: no line yet (w0 = {w0})"], base,
            least_pt(base, NO_LINE_LEAST), far, (sx, sy), ())


def least_pt(base: float, share: float) -> float:
    """The smallest type a label on the plane may shrink to: `share` of its own, or
    LEAST_PT if that is smaller (in large type a small plane has room for little), but
    never below 9 pt."""
    return max(9.0, min(share * base, LEAST_PT))


def _settle(plot, forms, captions, base, least, far, scale, state):
    """The label on the plane in the first type (base down to least) and form that has a
    clear place, the one `far` (left, top, width, height → pixels) finds nearest; else the
    caption under the plot, once the layout has settled (CAPTION_WAIT_MS: not while the
    view is still being laid out). With a caption shown, a new size of the view or the
    plot, another type or other points take it away: the plane, laid out again without it,
    decides. A step (another label) decides on the plane as it is, smaller: where the
    whole plane had no room for this label, the caption stays (else back and forth)."""
    layout = (plot.width(), plot.height(), plot.plot.width(), plot.plot.height(),
              round(base, 2), np.asarray(plot.model.X, float).tobytes())
    key = (layout, tuple(forms), state)
    shown = plot.caption.isVisible()
    if shown and plot.caption_key[0] != layout:    # (its row gone, the plane grows:
        _hide_label(plot)                          # sigResized, refresh)
        _hide_caption(plot)
        return
    if shown and key in plot.no_room:
        _show_caption(plot, captions, base, key)   # (the theme's colour may change)
        return
    if _on_plane(plot, forms, base, least, far, scale):
        plot.caption_pending = None
        if shown:
            _hide_caption(plot)
        return
    if not shown:
        settled = (layout, plot.box.geometry().getRect())
        if plot.caption_pending != settled:
            plot.caption_pending = settled
            _hide_label(plot)
            QTimer.singleShot(CAPTION_WAIT_MS, plot, plot.refresh)
            return
        if len(plot.no_room) > 64:
            plot.no_room.clear()
        plot.no_room.add(key)
        plot.axes_frozen = (axes_key(plot), plot._axes_px())
    _show_caption(plot, captions, base, key)


def _on_plane(plot, forms, base, least, far, scale) -> bool:
    """The label placed on the plane where it covers no point (True), if it may be."""
    (x0, x1), (y0, y1) = plot.box.viewRange()
    sx, sy = scale                       # (pixel sizes, both > 0)
    w_px, h_px = (x1 - x0) / sx, (y1 - y0) / sy
    discs, segments = label_obstacles(plot, x0, y1, sx, sy)
    font = plot.w_label.textItem.font()
    plot.w_label.setAnchor((0.0, 0.0))
    for pt in plot_text_sizes(base, least):
        font.setPointSizeF(pt)
        plot.w_label.setFont(font)
        for text in forms:
            plot.w_label.setText(text)
            rect = plot.w_label.boundingRect()
            spot = clear_spot(rect.width(), rect.height(), w_px, h_px, discs, segments, far)
            if spot is not None:
                plot.label_covers, left, top = spot
                plot.w_label.setPos(float(x0 + left * sx), float(y1 - top * sy))
                plot.w_label.setVisible(True)
                return True
    return False


def _hide_label(plot):
    plot.w_label.setText("")
    plot.w_label.setVisible(False)
    plot.label_covers = 0.0


def clear_spot(lw, lh, w_px, h_px, discs, segments, far):
    """(lines covered, left, top) of the best place for a lw × lh label inside a w_px ×
    h_px plane (pixels, y down) over none of the discs (their squares): of a grid of
    places over the whole plane, the clear ones nearest by `far`, weighed by the lines
    they cover; None where no place is clear."""
    if lw > w_px - 2 * EDGE_PX or lh > h_px - 2 * EDGE_PX:
        return None
    step = max(2.0, min(w_px, h_px) / GRID_STEPS)
    lefts = np.append(np.arange(EDGE_PX, w_px - EDGE_PX - lw, step), w_px - EDGE_PX - lw)
    tops = np.append(np.arange(EDGE_PX, h_px - EDGE_PX - lh, step), h_px - EDGE_PX - lh)
    left, top = (a.ravel() for a in np.meshgrid(lefts, tops))
    if discs:
        cx, cy, r = (np.asarray(discs, float)[:, i] for i in range(3))
        hit = ((left[:, None] < cx + r) & (left[:, None] + lw > cx - r)
               & (top[:, None] < cy + r) & (top[:, None] + lh > cy - r)).any(axis=1)
        left, top = left[~hit], top[~hit]
    if not len(left):
        return None
    dist = np.asarray(far(left, top, lw, lh), float)
    order = np.argsort(dist, kind="stable")[:NEAREST]
    left, top, dist = left[order], top[order], dist[order]
    lines = np.zeros(len(left))
    for ax, ay, bx, by, half, weight in segments:
        n = max(2, int(np.hypot(bx - ax, by - ay) // 2))
        t = np.linspace(0.0, 1.0, n)
        qx, qy = ax + (bx - ax) * t, ay + (by - ay) * t
        inside = ((qx > left[:, None] - half) & (qx < left[:, None] + lw + half)
                  & (qy > top[:, None] - half) & (qy < top[:, None] + lh + half))
        lines += inside.sum(axis=1) * 2.0 * weight
    best = int(np.argmin(lines + LABEL_FAR_COST * dist))
    return float(lines[best]), float(left[best]), float(top[best])


def add_caption(plot):
    """The caption under the plot (hidden): a row of the plot's layout below its bottom
    axis, across the plot's whole width; the plane above it shrinks to make room, the
    plot and the view's layout stay (PlaneLayout._axes_px: the plot as measured without
    it, axes_frozen, while the view's size and type stay, till it has gone: _thaw)."""
    item = plot.plot.getPlotItem()
    plot.caption = pg.LabelItem("", parent=item, justify="center")
    plot.caption.setObjectName("perceptron_caption")
    item.layout.addItem(plot.caption, CAPTION_ROW, 0, 1, 3)
    plot.caption_key = plot.caption_pending = plot.axes_frozen = None
    plot.no_room = set()        # (layout, label, where it points) with no room on the plane
    plot.caption.setVisible(False)
    _caption_height(plot, 0.0)


def axes_key(plot) -> tuple:
    """What the plot's axes, as measured without the caption, hold for: the view's size and
    type."""
    return plot.width(), plot.height(), round(npl.font_pt(15), 2)


def _show_caption(plot, captions, base, key):
    """The label as a caption under the plot, as wide as the plot at most: in the first
    form in its type or down to LABEL_LEAST of it, else in the next, down to the last
    form in CAPTION_LEAST_PT; the label on the plane hidden."""
    cap = plot.caption
    room = plot.plot.getPlotItem().width() - 4
    t = theme.current()
    tries = [(html, pt) for i, html in enumerate(captions) for pt in plot_text_sizes(
        base, CAPTION_LEAST_PT if i == len(captions) - 1 else max(9.0, LABEL_LEAST * base))]
    for html, pt in tries:
        if (html, pt, t.text) != getattr(cap, "shown", None):
            cap.setText(html, color=t.text, size=f"{pt:.1f}pt", bold=True)
            cap.shown = (html, pt, t.text)
        if cap.item.boundingRect().width() <= room:
            break
    cap.setMinimumSize(0, 0)          # (its text's width must not widen the plot's
    cap.setPreferredWidth(0)          # columns: it is fitted to the plot)
    _hide_label(plot)
    plot.caption_key = key
    cap.setVisible(True)
    _caption_height(plot, cap.item.boundingRect().height())


def _hide_caption(plot):
    """No caption; the plot as measured with it gone, once laid out again (its shorter
    axes had been narrower: measured at once, the layout settled on another size)."""
    plot.caption.setVisible(False)
    plot.caption_key = None
    _caption_height(plot, 0.0)
    QTimer.singleShot(CAPTION_WAIT_MS, plot, lambda: _thaw(plot))


def _thaw(plot):
    if not plot.caption.isVisible() and plot.axes_frozen is not None:
        plot.axes_frozen = None
        plot._share_height()


def _caption_height(plot, height: float):
    """The caption's row this high (0: none)."""
    layout = plot.plot.getPlotItem().layout
    if layout.rowMaximumHeight(CAPTION_ROW) != height:
        plot.caption.setMaximumHeight(height)
        layout.setRowFixedHeight(CAPTION_ROW, height)


def label_obstacles(plot, x0, y1, sx, sy):
    """What the weight's label should not cover, in pixels (y down): the points with
    their rings and the arrow's head as discs (x, y, radius: clear_spot keeps out of the
    square around each), the lines and the arrow as segments (x0, y0, x1, y1, half
    width, weight: it may cover them, at a cost)."""
    zoom = max(1.0, theme.manager().zoom)

    def px(p):
        return (float(p[0]) - x0) / sx, (y1 - float(p[1])) / sy

    discs = [(*px(p), plot.marker_px / 2 + 2)
             for p in np.asarray(plot.model.X, float).reshape(-1, 2)]
    for item in (plot.pos, plot.neg, plot.wrong, plot.current):   # as drawn, with outlines
        discs += [(*px((spot.pos().x(), spot.pos().y())),
                   spot.size() / 2 + spot.pen().widthF() / 2 + 2) for spot in item.points()]
    segments = []     # (the label's card keeps it readable over a line, not the arrow)
    for item, half, weight in ((plot.line, 3.0 * zoom, 2.0), (plot.old_line, 1.5, 1.0),
                               (plot.vector, 3.0, ARROW_WEIGHT)):
        xs, ys = item.getData()
        if xs is not None and len(xs) >= 2:
            segments.append((*px((xs[0], ys[0])), *px((xs[-1], ys[-1])), half, weight))
    head = plot.head.polygon()
    if head.size() == 3:
        pts = [px((head.at(i).x(), head.at(i).y())) for i in range(3)]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]     # (its box: a label had
        discs.append(((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2,   # touched it)
                      max(max(xs) - min(xs), max(ys) - min(ys)) / 2 + 1))
    return discs, segments
