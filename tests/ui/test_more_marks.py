"""The "⋮ n more" marks of a network's elided units: one form for the whole canvas (the
longest that fits every column), never a bare "⋮" where a count fits. In the regularization
scenario (2-16-16-1) hidden 1 read "⋮ 5 more" beside hidden 2's "⋮ 5" (1600×1000), and
"⋮ 10 more" beside a bare "⋮" in projector mode (1920×1080): hidden 2's mark was kept clear
of two lines of hidden 1's value cards that could never be there (they end above hidden
1's own mark)."""

from __future__ import annotations

import pytest

from tests.trained_window import trained_window


@pytest.fixture
def regularization(qtbot, _qt_names, request):
    size, projector = request.param
    with trained_window(qtbot, "regularization", size, projector) as (w, sc):
        yield sc, w


def _canvas(window):
    from nnviz.ui.canvas import NetworkCanvas
    return next(c for c in window.findChildren(NetworkCanvas) if c.isVisible())


def _value_cards(c):
    """The rectangles of the value cards as painted."""
    from nnviz.ui.canvas_text import Fonts, text_box_rect
    from nnviz.ui.canvas_units import unit_geometry, value_card
    f = Fonts.get(c.net_layout.font_px)
    out = []
    for ci, col in enumerate(c.net_layout.columns):
        for u, g in zip(col.shown, unit_geometry(c, ci)):
            card = value_card(c, ci, u, g, f.small, f.fms)
            if card is not None:
                lines, at, side = card
                out.append((ci, u, text_box_rect(at, lines, f.small, f.fms, side)))
    return out


def _form(n: int, text: str) -> str:
    """Which form a mark for n units takes: "full" ("⋮ 5 more"), "count" ("⋮ 5"), "bare"."""
    return {f"⋮ {n:,} more": "full", f"⋮ {n:,}": "count", "⋮": "bare"}[text]


SIZES = [((1600, 1000), False), ((1920, 1080), True), ((1024, 600), False)]


@pytest.mark.parametrize("regularization", SIZES, indirect=True,
                         ids=["1600x1000", "1920x1080-projector", "1024x600"])
def test_every_column_marks_its_elided_units_in_one_form(regularization, qtbot):
    from nnviz.ui.canvas_units import more_mark
    sc, w = regularization
    c = _canvas(w)
    c.grab()
    cols = [ci for ci, col in enumerate(c.net_layout.columns) if col.more]
    assert cols == [1, 2]                          # 2-16-16-1: both hidden layers elided
    labels = [c.more_label(ci) for ci in cols]
    assert all(labels), labels
    forms = {_form(c.net_layout.columns[ci].more, t) for ci, t in zip(cols, labels)}
    assert len(forms) == 1, labels                 # one form for all
    assert "⋮" not in labels, labels               # a count fits here: it is shown
    if w.width() >= 1600:
        assert all(t.endswith(" more") for t in labels), labels
    # the marks stay clear of every value card actually painted, after a step too
    for _ in range(2):
        for ci, u, rect in _value_cards(c):
            for k in cols:
                assert not rect.intersects(more_mark(c, k)[1]), (ci, u, k, labels)
        sc.player.step_forward()
        sc.player.pause()
        qtbot.wait(100)
        c.grab()
