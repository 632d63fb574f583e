"""Column titles on a narrow canvas (a 1280×800 window leaves the canvas ~430 px wide): when
they need two lines, the layout leaves room for both above the units."""

from __future__ import annotations

from .test_canvas_polish import title_rects


def test_two_line_titles_sit_above_the_units_in_a_small_window(main_window, qtbot):
    main_window.resize(1280, 800)
    sc = main_window.open_scenario("regularization")
    qtbot.wait(20)
    c = sc.canvas
    c.grab()
    assert c.width() < 600                        # the narrow case this is about
    rects, lines = title_rects(c)
    assert max(len(ls) for ls in lines) == 2      # name over activation
    lay = c.net_layout
    radius = lay.radius
    frame = radius * 0.08 + max(3.0, radius * 0.16) / 2   # a thumbnail's thick frame
    top = min(col.pos[col.shown[0]].y() for col in lay.columns) - radius - frame
    for rect, ls in zip(rects, lines):
        assert rect.bottom() <= top, (ls, rect, top)
        assert rect.top() >= lay.header.bottom() - 1, (ls, rect, lay.header)
    for a, b in zip(rects, rects[1:]):
        assert a.right() < b.left(), (lines, a, b)
