"""label_place: labels beside their own points, clear of each other, the points and edges."""

from __future__ import annotations

import itertools

import numpy as np

from nnviz.ui import label_place


def _overlap(a, b) -> float:
    return label_place._overlap(a, b)


def test_a_tight_cluster_gets_one_label_per_point_none_covering_another():
    pts = np.array([[100, 100], [112, 96], [95, 112], [110, 110]], float)
    sizes = np.array([[40, 16]] * 4)
    rects, leaders = label_place.place(pts, sizes, 8, (0, 0, 300, 300))
    for a, b in itertools.combinations(rects, 2):
        assert _overlap(a, b) == 0
    for r in rects:
        for x, y in pts:
            assert _overlap(r, (x - 8, y - 8, 16, 16)) == 0
    # each label lies on the side of its point away from the middle
    middle = pts.mean(axis=0)
    for (x, y), r in zip(pts, rects):
        centre = np.array([r[0] + r[2] / 2, r[1] + r[3] / 2])
        assert np.dot(centre - (x, y), (x, y) - middle) > 0


def test_spread_points_keep_their_labels_close_without_lines():
    pts = np.array([[50, 50], [250, 50], [50, 250], [250, 250]], float)
    rects, leaders = label_place.place(pts, [[40, 16]] * 4, 8, (0, 0, 300, 300))
    assert not leaders.any()
    for (x, y), r in zip(pts, rects):
        nearest = label_place.leader_line((x, y), r, 8)[1]
        assert np.hypot(nearest[0] - x, nearest[1] - y) <= 8 + label_place.GAP + 1


def test_labels_stay_inside_the_plot_and_off_obstacles():
    pts = np.array([[5, 5], [295, 295]], float)          # points in the corners
    line = label_place.line_pieces(0, 150, 300, 150, 4)
    rects, _ = label_place.place(pts, [[60, 20]] * 2, 8, (0, 0, 300, 300), line)
    for x, y, w, h in rects:
        assert x >= 0 and y >= 0 and x + w <= 300 and y + h <= 300
        assert all(_overlap((x, y, w, h), q) == 0 for q in line)


def test_points_on_one_spot_share_a_label():
    pts = np.array([[10, 10], [10.5, 10], [80, 80], [80, 80.2], [40, 40]], float)
    assert label_place.coincident(pts, 8) == [[0, 1], [2, 3], [4]]


def test_labels_stay_on_their_points_side_of_a_dividing_line():
    """A label across the decision line reads as naming a point of the other side."""
    line = (0, 100, 300, 100)                       # horizontal: y = 100
    # the first just above the line, the others far above: "away from the others" is
    # down, across the line
    pts = np.array([[150, 94], [150, 40], [165, 30]], float)
    pieces = label_place.line_pieces(*line, 3)
    rects, _ = label_place.place(pts, [[50, 16]] * 3, 6, (0, 0, 300, 300), pieces, line)
    for (_x, y), r in zip(pts, rects):
        centre_y = r[1] + r[3] / 2
        assert (centre_y < 100) == (y < 100)
