"""The perceptron's plane is about square at the usual window sizes, at 100 %, 150 % and
200 % and in projector mode: the legend goes beside it where below it the plane would be
a wide strip, and the legend, the formula, the plane, its points, its arrow and the
weight's label do not overlap.

At 100 % in a 1280×720 window the plane was 1.4 times wider than high under its legend
and formula, at 200 % nearly twice (x from −1.9 to 2.9 around points in [0, 1]); the legend
went beside it only above 100 %, and then moved below and back as the steps' texts grew
and shrank; and at 200 % the weight's label sat over the points (1, 1) and (0, 1)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect

from tests.scenarios.test_perceptron_fit import _label_clear_of_points, _settled_range
from tests.ui.screens import in_look

SIZES = [(1024, 600), (1280, 720), (1366, 768), (1920, 1080)]
LOOKS = ["100 %", "150 %", "200 %", "projector"]
MOST = 1.26         # the plane shows at most this much more x than y (or y than x)




def _in_view(view, widget) -> QRect:
    return QRect(widget.mapTo(view, QPoint(0, 0)), widget.size())


def _layout(view):
    """Where the plane, the legend beside it and the text below are."""
    legend = _in_view(view, view.legend).getRect() if view.legend_beside else None
    return (view.legend_beside, _in_view(view, view.plot).getRect(), legend,
            _in_view(view, view.text_area).getRect())


@pytest.mark.parametrize("look", LOOKS)
@pytest.mark.parametrize("size", SIZES)
def test_the_plane_is_about_square_and_nothing_on_it_overlaps(main_window, qtbot, size,
                                                             look):
    sc = main_window.open_scenario("perceptron")
    with in_look(main_window, size, look):
        qtbot.wait(100)
        sc.run_steps(5)
        qtbot.wait(100)
        view = sc.view
        x0, x1, y0, y1 = _settled_range(view, qtbot)
        lo, hi = sc.model.view_range                      # the data, with its margin
        assert x0 <= lo + 1e-6 and x1 >= hi - 1e-6 and y0 <= lo + 1e-6 and y1 >= hi - 1e-6
        assert x1 - x0 <= MOST * (y1 - y0), (x0, x1, y0, y1)   # not a wide strip
        assert y1 - y0 <= MOST * (x1 - x0), (x0, x1, y0, y1)
        plot, legend = _in_view(view, view.plot), _in_view(view, view.legend)
        text = _in_view(view, view.text_area)
        for part in (plot, text):
            assert view.rect().contains(part), (part, view.rect())
        assert not plot.intersects(text) and not plot.intersects(legend)
        if view.legend_beside:          # beside: whole, above the formula
            assert legend.left() >= plot.right() and view.rect().contains(legend)
            assert view.legend.height() >= view.legend.heightForWidth(legend.width()) - 1
            assert legend.bottom() < text.top()
        else:                           # below: in the text under the plane
            assert text.contains(legend.topLeft()) and text.top() > plot.bottom()
        if look == "projector" or size == (1280, 720) and look == "100 %":
            assert view.legend_beside          # (at 1280×720 the legend below left a strip)
        _label_clear_of_points(view)
        assert view.label_covers < 100          # (a line under the label's card at most)
        before = _layout(view)
        for _ in range(3):                      # a right answer, a mistake: the same layout
            sc.run_steps(1)
            qtbot.wait(30)
            assert _layout(view) == before


@pytest.mark.parametrize("look", ["150 %", "projector"])
def test_the_no_line_label_shrinks_to_a_free_place_on_a_small_plane(main_window, qtbot,
                                                                    look):
    """On a small about square plane in large type no place held the no-line label in its
    type: it sat over (0, 1) and (1, 1). It now goes, smaller or without w0, where it
    covers no point."""
    sc = main_window.open_scenario("perceptron")
    with in_look(main_window, (1024, 600) if look == "projector" else (1280, 720), look):
        sc.load_state({"data": "and", "lr": 1.0, "w_init": [0.0, 0.0, 0.0]})
        qtbot.wait(100)
        view = sc.view
        _settled_range(view, qtbot)
        assert "no line yet" in view.w_label.textItem.toPlainText()
        assert view.label_covers == 0
        _label_clear_of_points(view)
