"""XOR's titles in large type: whole, and over nothing else.

At 250 % the truth table's box was narrower than the table, and its title was cut off
mid-word ("Truth table (computed by"); the output unit's line under the hidden space
wrapped to five lines in half the plots panel, which cut its last lines off or drew them
over the plot.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect

from nnviz.ui import theme

CASES = [((1920, 1080), 2.5), ((1280, 720), 2.0), ((1280, 720), 2.5), ((1024, 768), 1.5),
         ((1280, 720), 1.0)]


def _rect(widget, ancestor) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def _whole(label):
    """The label's text is shown whole: every word fits its width, every line its height."""
    width = label.contentsRect().width()
    fm = label.fontMetrics()
    words = label.text().replace("<b>", "").replace("</b>", "").split()
    bold = label.font()
    bold.setBold(True)
    from PySide6.QtGui import QFontMetrics
    wide = QFontMetrics(bold)
    assert all(max(fm.horizontalAdvance(w), wide.horizontalAdvance(w)) <= width
               for w in words), (label.text(), width)
    assert label.heightForWidth(label.width()) <= label.height() + 1, label.text()


@pytest.mark.parametrize("size,zoom", CASES)
def test_the_truth_tables_title_is_whole(main_window, qtbot, size, zoom):
    main_window.resize(*size)
    sc = main_window.open_scenario("xor")
    try:
        theme.manager().set_zoom(zoom)
        for page, table in ((1, sc.table), (0, sc.hand_table)):
            sc.show_page(page)
            qtbot.wait(150)
            caption = table.layout().itemAt(0).widget()     # (its first row)
            _whole(caption)
            # and not cut off at the right by the box that shows the table (a short box
            # scrolls it up and down, never sideways)
            view = table.parentWidget()                    # the scroll area's viewport
            bar = view.parentWidget().horizontalScrollBar()

            def in_sight(view=view, bar=bar, parts=(caption, table.table)):
                return bar.maximum() == 0 and all(
                    0 <= _rect(p, view).left() and _rect(p, view).right() < view.width()
                    for p in parts)
            qtbot.waitUntil(in_sight, timeout=3000)    # (once laid out, however busy)
            _whole(caption)
            if "computed" not in caption.text():           # shortened: said in full
                assert caption.toolTip() == "Truth table (computed by the network)"
    finally:
        theme.manager().set_zoom(1.0)


@pytest.mark.parametrize("size,zoom", CASES)
def test_the_output_units_line_is_whole_and_clear_of_the_plots(main_window, qtbot, size,
                                                                zoom):
    main_window.resize(*size)
    sc = main_window.open_scenario("xor")
    sc.show_page(1)
    try:
        theme.manager().set_zoom(zoom)
        qtbot.wait(200)
        plots = sc.plots
        caption = plots.hidden.caption
        assert caption.text().startswith("The output unit's line")
        assert caption.isVisible()
        _whole(caption)
        parts = {"line": caption, "hidden space": plots.hidden.square,
                 "input plane": plots.boundary.square, "hidden title": plots.hidden_title,
                 "plane title": plots.plane_title, "loss": plots.loss}
        rects = {n: _rect(w, plots) for n, w in parts.items() if w.isVisible()}
        names = list(rects)
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                assert not rects[a].intersects(rects[b]), (a, rects[a], b, rects[b])
        for title in (plots.hidden_title, plots.plane_title):
            _whole(title)
    finally:
        theme.manager().set_zoom(1.0)
