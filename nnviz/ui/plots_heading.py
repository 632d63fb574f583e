"""Where the decision map's heading goes: the name of the unit whose output the map shows
(DecisionBoundaryPlot.show_unit: "showing hidden layer 1 · unit 2" … "h₁,₂"), inside the
plane, in bold type as large as fits (plots_unitmap.fit_heading), and over none of the
data's dots where it can be (they are what the unit is judged on):

- a handful of points (XOR's four big dots): in a room between them (free_rooms): along
  the plane's top first (above the highest dots, or between the top ones), then along its
  bottom, then between the dots; there the longest name in the largest type that fits.
  None when no room holds even the shortest name: never over a dot;
- many points (the playground's 250 small ones): at the top, centred, as long as that hides
  hardly any of them (HIDE_SHARE); else the first spot (the top's and the bottom's middle
  and corners), name and type that hides so few, or failing that the fewest. (At 200 %
  the top's "hidden 1 · unit 1" had hidden 16 of the circle's 250 and 39 of the quadrants'.)

Positions are the view box's pixels; each function returns where the heading's top centre
goes (its anchor) or None.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor

from . import plots_unitmap as U
from . import theme

HIDE_SHARE = 0.01   # many points: the heading may hide this share of them (1 %; a dot hidden:
#                     its centre under the card), as the playground's top heading did at 100 %


def place(plot, few: bool, pt_range: tuple[float, float]) -> None:
    """Place (or hide) the heading of `plot` (a DecisionBoundaryPlot) for the unit it shows:
    inside the plane (its border too), at most about a third of its height; `few`: its dots
    are a handful of big ones."""
    heading, vb = plot.heading, plot.plot.getViewBox()
    zoom = theme.manager().zoom
    border = 2 * zoom
    spot = None
    if plot.unit is not None and vb.width() > 0:
        inset = border + 1
        plane = QRectF(0, 0, vb.width(), vb.height()).adjusted(inset, inset, -inset, -inset)
        dots = dot_rects(vb, (plot.train_points, plot.test_points))
        spot = (between_dots if few else fewest_hidden)(
            heading, U.unit_headings(plot.session, *plot.unit), plane, dots,
            border / 2 + zoom, 0.35 * vb.height(), pt_range, zoom)
    if spot is None:
        heading.hide()
        return
    t = theme.current()
    card = QColor(t.surface)
    card.setAlpha(235)
    heading.fill = pg.mkBrush(card)
    heading.border = pg.mkPen(t.highlight, width=border)
    heading.setPos(vb.mapToView(spot))
    heading.show()
    heading.update()


def dot_rects(vb, items) -> np.ndarray:
    """The view box's pixel rects (rows: left, top, right, bottom) of the visible dots of
    the ScatterPlotItems `items` (one size for all, as the map draws them; their pens'
    width included)."""
    vb.updateMatrix()
    m = vb.childTransform()               # (the view's coordinates → the box's pixels)
    rects = [np.zeros((0, 4))]
    for item in items:
        if not item.isVisible() or not len(item.data):
            continue
        pen = item.opts["pen"]
        side = item.opts["size"] + (pen.widthF() if pen is not None else 0.0)
        x, y = (np.asarray(v, dtype=float) for v in item.getData())
        px, py = m.m11() * x + m.m21() * y + m.dx(), m.m12() * x + m.m22() * y + m.dy()
        rects.append(np.stack([px, py, px, py], axis=1) + np.array([-1, -1, 1, 1]) * side / 2)
    return np.concatenate(rects)


def free_rooms(plane: QRectF, B: np.ndarray, least: float) -> list[QRectF]:
    """The largest rectangles inside `plane` that overlap none of the rects `B` (rows: left,
    top, right, bottom; none narrower or
    lower than `least`): each left edge is the plane's or a block's right edge, each right
    edge the plane's or a block's left edge, and each is as tall as the blocks across it
    leave it; none inside another. `plane` itself when there are no blocks."""
    if not len(B):
        return [QRectF(plane)]
    left, top, right, bottom = plane.left(), plane.top(), plane.right(), plane.bottom()
    lefts = [x for x in np.unique(np.r_[left, B[:, 2]]) if left <= x < right]
    rights = [x for x in np.unique(np.r_[right, B[:, 0]]) if left < x <= right]
    rooms = []
    for x0 in lefts:
        for x1 in rights:
            if x1 - x0 < least:
                continue
            across = B[(B[:, 0] < x1) & (B[:, 2] > x0)]
            y = top
            for y0, y1 in sorted(across[:, [1, 3]].tolist()) + [[bottom, bottom]]:
                if min(y0, bottom) - y >= least:
                    rooms.append((x0, y, x1, min(y0, bottom)))
                y = max(y, y1)
    if not rooms:
        return []
    R = np.unique(np.array(rooms), axis=0)
    inside = ((R[:, None, :2] >= R[None, :, :2]).all(-1) &
              (R[:, None, 2:] <= R[None, :, 2:]).all(-1))
    np.fill_diagonal(inside, False)
    return [QRectF(QPointF(a, b), QPointF(c, d)) for a, b, c, d in R[~inside.any(axis=1)]]


def between_dots(heading, forms, plane: QRectF, dots: np.ndarray, gap: float,
                 max_h: float, pt_range, zoom: float) -> QPointF | None:
    """Fit `heading` into the room of `plane` that hides none of the dots (their rects
    `dots`, each kept `gap` clear), no higher than `max_h`: the rooms along the plane's top
    first, then those along its bottom, then the others; among these the longest form, the
    largest type, the room nearest the top centre. At the top of a room along the top, at
    the bottom of one along the bottom, else in the middle of its room; None when it fits
    in none."""
    blocks = dots + np.array([-gap, -gap, gap, gap])

    def zone(q: QRectF) -> int:
        return 0 if q.top() <= plane.top() + 0.5 else \
            1 if q.bottom() >= plane.bottom() - 0.5 else 2

    best, best_zone = None, None
    for q in sorted(free_rooms(plane, blocks, 8.0 * zoom), key=zone):
        if best_zone is not None and zone(q) != best_zone:
            break                         # (a room along an earlier edge took it)
        fit = U.fit_heading(heading, forms, q.width(), min(q.height(), max_h), pt_range, zoom)
        if fit is None:
            continue
        key = (fit[0], -fit[1], abs(q.center().x() - plane.center().x()) + q.top())
        if best is None or key < best[0]:
            best, best_zone = (key, q), zone(q)
    if best is None:
        return None
    q = best[1]
    U.fit_heading(heading, forms, q.width(), min(q.height(), max_h), pt_range, zoom)
    h = heading.textItem.boundingRect().height()
    y = q.top() if best_zone == 0 else q.bottom() - h if best_zone == 1 else \
        q.center().y() - h / 2
    return QPointF(q.center().x(), y)


def fewest_hidden(heading, forms, plane: QRectF, D: np.ndarray, gap: float,
                  max_h: float, pt_range, zoom: float) -> QPointF | None:
    """Fit `heading` across `plane` (no higher than `max_h`) where it hides at most
    HIDE_SHARE of the dots (their rects `D`; a dot is hidden when its centre is under the
    card or `gap` around it): the first such spot of the top's middle, the bottom's, then
    the top's and the bottom's corners, longest form and largest type first (each form in
    its largest and its smallest type); failing that, where it hides the fewest."""
    cx, cy = (D[:, 0] + D[:, 2]) / 2, (D[:, 1] + D[:, 3]) / 2
    spare = HIDE_SHARE * len(D)
    best = None
    for i, form in enumerate(forms):
        for pts in (pt_range, (pt_range[1], pt_range[1])):
            fit = U.fit_heading(heading, [form], plane.width(), max_h, pts, zoom)
            if fit is None:
                continue
            size = heading.textItem.boundingRect().size()
            w, h = size.width(), size.height()
            xs = (plane.center().x() - w / 2, plane.left(), plane.right() - w)
            for k, (x, y) in enumerate((x, y) for y in (plane.top(), plane.bottom() - h)
                                       for x in xs):
                hidden = int(np.count_nonzero((cx > x - gap) & (cx < x + w + gap) &
                                              (cy > y - gap) & (cy < y + h + gap)))
                rank = (0, 2, 3, 1, 4, 5)[k]
                key = (0, i, -fit[1], rank, hidden) if hidden <= spare else \
                    (1, hidden, i, -fit[1], rank)
                if best is None or key < best[0]:
                    best = (key, form, pts, QPointF(x + w / 2, y))
        if best is not None and best[0][0] == 0:
            break                         # (no later form beats one that hides so few)
    if best is None:
        return None
    U.fit_heading(heading, [best[1]], plane.width(), max_h, best[2], zoom)
    return best[3]
