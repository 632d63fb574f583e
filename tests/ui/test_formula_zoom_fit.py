"""The formula panel's text and its sign-convention note never overlap, at any zoom.

At 250 % in a 1920×1080 window the XOR panel's hint ("Step with → …") and the "Sign
convention: δ = ∂L/∂z …" note were drawn over each other (at 1280×720 even at 100 %, by
7 px): the note kept its whole wrapped text (five lines at 250 %) and the formula its three
lines, more than the minimum XOR had set for the panel at the zoom it was built at, so the
panel's layout laid the one over the other. The note now takes at most two lines (whole,
else its first sentence, else its formulas, else those on one elided line) and the panel's
own minimum, which follows the zoom, holds both.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt

SIZES = [(1920, 1080), (1280, 720)]
ZOOMS = [1.0, 2.0, 2.5]


def _rect(widget, panel) -> QRect:
    return QRect(widget.mapTo(panel, QPoint(0, 0)), widget.size())


def _check(panel, where: str) -> None:
    """The formula's text area and the note: apart, both inside the panel, the note's
    text whole in its own rect."""
    box = panel.rect()
    text = _rect(panel.scroll.viewport(), panel)    # where the formula's text is drawn
    note = _rect(panel.convention, panel)
    assert panel.convention.isVisible(), where
    assert not text.intersects(note), (where, text, note)
    assert box.contains(text) and box.contains(note), (where, box, text, note)
    label = panel.convention
    if label.wordWrap():
        assert label.heightForWidth(label.width()) <= label.height() + 1, where
    else:                                            # one line, elided to fit
        assert label.fontMetrics().horizontalAdvance(label.text()) <= label.width(), where
    assert "δ = ∂L/∂z" in label.text(), where


def _open(main_window, name: str):
    sc = main_window.open_scenario(name)
    if name == "xor":
        sc.show_page(1)                     # "Learned by backpropagation"
    return sc


@pytest.mark.parametrize("name", ["xor", "mlp"])
def test_the_hint_and_the_sign_convention_never_overlap(main_window, qtbot, name):
    from nnviz.ui import theme
    sc = _open(main_window, name)
    try:
        for size in SIZES:
            main_window.resize(*size)
            for zoom in ZOOMS:
                theme.manager().set_zoom(zoom)
                qtbot.wait(60)
                panel = sc.formula
                if size == (1920, 1080) or zoom < 2.5:
                    assert "Step with →" in panel.label.text()
                else:     # 250 % at 1280×720: the short hint where the long one has no
                    # room (xor's window had grown to 819 px high to keep it; the views'
                    # minimum heights now count the formula panel at one line)
                    assert any(hint in panel.label.text()
                               for hint in ("Step with →", "→ steps, Space plays"))
                # in its full size (its words fit: no smaller type, see _narrow_type)
                assert f"font-size:{round(17 * zoom)}px" in panel.label.text()
                _check(panel, f"{name} {size} {zoom:.0%}")
                if size == (1920, 1080):        # room for the words, not just the formulas
                    assert panel.convention.text().startswith("Sign convention: δ = ∂L/∂z")
        assert "the same step" in sc.formula.convention.toolTip()    # the whole note
    finally:
        theme.manager().set_zoom(1.0)


@pytest.mark.parametrize("name,size,granularity", [("xor", (1920, 1080), "unit"),
                                                   ("mlp", (1280, 720), "layer")])
def test_long_formulas_at_250_percent_stay_readable(main_window, qtbot, name, size,
                                                    granularity):
    """Stepping at 250 %: each step's formulas wrap (a product of numbers such as
    0.5323·(1.0272·(−0.6491)) was one word wider than the MLP's panel, cut off at its right
    edge), the text scrolls when it is longer than the panel, and the note stays below it."""
    from nnviz.ui import theme
    sc = _open(main_window, name)
    main_window.resize(*size)
    theme.manager().set_zoom(2.5)
    try:
        qtbot.wait(60)
        sc.player.set_granularity(granularity)
        for i in range(12):
            qtbot.keyClick(sc.canvas, Qt.Key.Key_Right)
            sc.player.pause()
            qtbot.wait(30)
            panel = sc.formula
            view = panel.scroll.viewport()
            _check(panel, f"step {i + 1}")
            assert not panel.label.text().startswith("Step with"), i
            assert panel.label.width() <= view.width(), i          # nothing cut at the right
            assert not panel.scroll.horizontalScrollBar().isVisible(), i
            need = panel.label.heightForWidth(view.width())
            assert need <= view.height() + 2 or panel.scroll.verticalScrollBar().isVisible()
    finally:
        theme.manager().set_zoom(1.0)
