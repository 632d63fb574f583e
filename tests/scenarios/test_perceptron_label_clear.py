"""The weight vector's label never covers a data point's marker or a ring round one (the
current sample, wrong now), at 1024×600, 1280×720 and 1600×1000, at 100 %, 150 %, 200 %
and in projector type, for the AND and OR gates and a crowded random set.

At 1280×720 in 200 % after four AND steps "w = (1, 1)" sat over the points (0, 1) and
(1, 1); among 24 random points its two-line form sat over several. It looked for a clear
place only around the arrow's tip and, finding none, kept its full size over the points.
Now it searches the whole plane, then shorter forms and smaller type, and as a last resort
becomes a caption under the plot. The measure here is the drawn items' own, in scene
pixels: the label's rectangle against each marker's and ring's."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF

from nnviz.scenarios.perceptron_texts import fmt
from tests.scenarios.perceptron_walk import settled, walk_steps
from tests.ui.screens import in_look

SIZES = [(1024, 600), (1280, 720), (1600, 1000)]
LOOKS = ["100 %", "150 %", "200 %", "projector"]
CROWDED = {"data": "separable", "seed": 3, "lr": 0.25, "targets": "bipolar",
           "w_init": [0.35, -0.45, 0.125]}
RUNS = [({"data": "and"}, (0, 4, 9)), ({"data": "or"}, (0, 4)), (CROWDED, (0, 9, 27))]




def _marks(view) -> list[tuple[str, tuple, QRectF]]:
    """Every point's marker and every ring as drawn: (what, where, its square in scene
    pixels, pen included)."""
    marks = []
    for what, item in (("point", view.pos), ("point", view.neg), ("wrong ring", view.wrong),
                       ("current ring", view.current)):
        for spot in item.points():
            c = view.box.mapViewToScene(spot.pos())
            r = spot.size() / 2 + spot.pen().widthF() / 2
            marks.append((what, (round(spot.pos().x(), 2), round(spot.pos().y(), 2)),
                          QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r)))
    return marks


def _overlaps(view) -> list[tuple]:
    """What the weight's label covers (nothing when it is a caption under the plot), and
    where its caption would fail: over the plane, or without the weights."""
    label = view.w_label
    if label.isVisible() and label.textItem.toPlainText():
        rect = label.sceneBoundingRect()
        bad = [(what, where) for what, where, mark in _marks(view) if rect.intersects(mark)]
        if not view.box.sceneBoundingRect().adjusted(-1, -1, 1, 1).contains(rect):
            bad.append(("outside the plane", rect))
        if view.head.polygon().size() == 3 and rect.intersects(
                view.head.sceneBoundingRect()):
            bad.append(("the arrow's head", rect))
        return bad
    cap = view.caption
    if not cap.isVisible():
        return [("no label at all",)]
    text = cap.item.sceneBoundingRect()
    w = view.model.w
    bad = []
    if f"w = ({fmt(w[0])}, {fmt(w[1])})" not in cap.item.toPlainText() and (
            w[0] or w[1]):
        bad.append(("caption without the weights", cap.item.toPlainText()))
    if text.intersects(view.box.sceneBoundingRect()):
        bad.append(("caption over the plane", text, view.box.sceneBoundingRect()))
    plot = view.plot.getPlotItem().sceneBoundingRect().adjusted(-1, -1, 1, 1)
    if not plot.contains(text):
        bad.append(("caption outside the plot", text, plot))
    return bad


def _settled_overlaps(view, qtbot):
    """What the label covers once the view has laid out (the legend moves, the caption's
    row takes its height, from the event queue)."""
    def find():
        view.plot.grab()
        return _overlaps(view)
    return settled(find, qtbot, 8, 40)


@pytest.mark.parametrize("look", LOOKS)
@pytest.mark.parametrize("size", SIZES)
def test_the_weight_label_covers_no_point_or_ring(main_window, qtbot, size, look):
    def check(sc, settings, n):
        bad = _settled_overlaps(sc.view, qtbot)
        assert not bad, (settings["data"], n, main_window.size().toTuple(), bad,
                         sc.view.w_label.textItem.toPlainText())
    walk_steps(main_window, qtbot, size, look, RUNS, check)


def test_the_case_seen_and_at_200_percent_in_1280_by_720(main_window, qtbot):
    """After four AND steps w = (1, 1): the label, on the plane still (in smaller type),
    is clear of (0, 1), (1, 1) and the current sample's ring."""
    sc = main_window.open_scenario("perceptron")
    with in_look(main_window, (1280, 720), "200 %"):
        sc.load_state({"data": "and"})
        sc.run_steps(4)
        view = sc.view
        assert not _settled_overlaps(view, qtbot)
        assert view.w_label.isVisible()
        assert view.w_label.textItem.toPlainText() == "w = (1, 1)"
        assert len(view.current.points()) == 1


def test_a_crowded_plane_gets_a_caption_and_a_roomy_one_the_label_back(main_window, qtbot):
    """Among 24 points on a small plane at 150 % no place is clear even in smaller type:
    the label goes under the plot (and stays there, not back and forth, while the view
    stays); in a larger window it is back on the plane, clear."""
    sc = main_window.open_scenario("perceptron")
    with in_look(main_window, (1024, 600), "150 %"):
        sc.load_state(CROWDED)
        sc.run_steps(9)
        view = sc.view
        assert not _settled_overlaps(view, qtbot)
        assert not view.w_label.isVisible() and view.caption.isVisible()
        assert "the arrow: w = (1.015, −0.57)" in view.caption.item.toPlainText()
        below = view.caption.item.sceneBoundingRect().top()
        assert below >= view.box.sceneBoundingRect().bottom()
        qtbot.wait(200)
        seen = set()
        for _ in range(5):                      # settled: no flicker
            qtbot.wait(40)
            seen.add((view.caption.isVisible(), view.box.sceneBoundingRect().getRect()))
        assert len(seen) == 1, seen
        sc.run_steps(1)                         # a step: still clear
        assert not _settled_overlaps(view, qtbot)
        main_window.resize(1600, 1000)
        qtbot.wait(100)
        assert not _settled_overlaps(view, qtbot)
        assert view.w_label.isVisible() and not view.caption.isVisible()


def test_the_no_line_label_covers_no_point(main_window, qtbot):
    """With w1 = w2 = 0 (no line) among the crowded points, its label too covers none."""
    sc = main_window.open_scenario("perceptron")
    for size, look in (((1024, 600), "150 %"), ((1280, 720), "200 %"),
                       ((1600, 1000), "100 %")):
        with in_look(main_window, size, look):
            for data in ({"data": "and"}, CROWDED):
                sc.load_state({**data, "w_init": [0.0, 0.0, 0.5]})
                view = sc.view
                bad = _settled_overlaps(view, qtbot)
                assert not bad, (size, look, data["data"], bad)
                shown = (view.w_label.textItem.toPlainText() if view.w_label.isVisible()
                         else view.caption.item.toPlainText())
                assert "no line yet" in shown


def test_the_check_sees_a_label_over_a_point(main_window, qtbot):
    """The measure itself: the label moved onto a point is seen as covering it."""
    sc = main_window.open_scenario("perceptron")
    main_window.resize(1280, 720)
    sc.load_state({"data": "and"})
    sc.run_steps(4)
    view = sc.view
    assert not _settled_overlaps(view, qtbot)
    view.w_label.setPos(QPointF(0.0, 1.0))      # its top-left corner on (0, 1)
    assert ("point", (0.0, 1.0)) in _overlaps(view)


@pytest.mark.parametrize("size", [(1280, 720), (1024, 700)])
def test_the_off_the_plot_label_covers_no_point(main_window, qtbot, size):
    """With the line off the plot (w0 = 6) at 150 %, its label, five lines long, had sat
    over all four points and three rings; it now says the same where it covers none."""
    sc = main_window.open_scenario("perceptron")
    with in_look(main_window, size, "150 %"):
        sc.load_state({"data": "and", "lr": 1.0, "w_init": [1.0, 1.0, 6.0]})
        view = sc.view
        assert not _settled_overlaps(view, qtbot)
        shown = (view.w_label.textItem.toPlainText() if view.w_label.isVisible()
                 else view.caption.item.toPlainText())
        assert "w = (1, 1)" in shown and "off the plot" in shown, shown
