"""No text is cut off on a small screen: every word-wrapped label shown is as high as its
text needs at its width. At 1024×768 the scenario explanations stopped mid-sentence (the
controls below squeezed them), the formula panel's sign convention lost its last line, and in
projector type on 1280×800 the McCulloch–Pitts geometry text was cut. (That no scenario
panel needs a horizontal scroll bar at 1024×768 is checked in test_toolbar_fit's walk at
that size: test_every_scenario_fits_a_1024_wide_screen.)"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from .axes import bottom_labels_apart, plots_wider_than_their_widgets
from .screens import every_scenario, projector_window


@pytest.mark.parametrize("projector,size", [(True, (1280, 800)), (False, (1024, 768))])
def test_no_wrapped_text_is_cut(main_window, qtbot, projector, size):
    """The same walk through every scenario checks the plots too (test_plot_axes had walked
    them twice more): none held wider than its widget by its title, and in projector type
    no bottom axis's labels running together (see axes.py)."""
    cut, over, checked = [], [], 0
    for name, _sc in every_scenario(main_window, qtbot, projector, size, 30):
        for label in main_window.findChildren(QLabel):
            if label.isVisible() and label.wordWrap() and label.text():
                need = label.heightForWidth(label.width())
                if need > label.height() + 1:
                    cut.append((name, label.objectName(), label.text()[:40],
                                label.height(), need))
        over += plots_wider_than_their_widgets(main_window, name)
        if projector:
            checked += bottom_labels_apart(main_window, name)
    assert not cut
    assert not over
    assert checked >= 8 or not projector


def test_dock_titles_follow_the_zoom(main_window, qtbot):
    """QDockWidget paints its title in the platform's small title font when its own font
    equals the application's: the "Plots" title stayed at 11 px in projector type."""
    from PySide6.QtWidgets import QApplication
    main_window.open_scenario("xor")
    main_window.projector.set_active(True)
    try:
        qtbot.wait(30)
        body = QApplication.font().pixelSize()
        for dock in (main_window.controls_dock, main_window.plots_dock):
            assert dock.font().pixelSize() == body
            assert dock.font() != QApplication.font("QDockWidget")
    finally:
        main_window.projector.set_active(False)
    assert main_window.plots_dock.font().pixelSize() == QApplication.font().pixelSize()


def test_formula_panel_shows_a_step_whole_without_changing_height(main_window, qtbot):
    """In projector type on 1920×1080 the XOR update's ≈ note was cut through the middle
    at the panel's bottom: the panel's one height (formula.FormulaPanel.height_for, the
    same idle and stepping, so the canvas never jumps) shows it whole, as it does the
    step's short hint before it."""
    from PySide6.QtCore import Qt

    sc = main_window.open_scenario("xor")
    sc.show_page(1)
    with projector_window(main_window, (1920, 1080)):
        qtbot.wait(60)
        panel = sc.formula
        split = panel.parentWidget()
        before = split.sizes()[1]
        sc.player.set_granularity("unit")
        for _ in range(10):
            qtbot.keyClick(sc.canvas, Qt.Key.Key_Right)
        sc.player.pause()
        qtbot.wait(60)
        view = panel.scroll.viewport()
        assert "≈" in panel.plain_text()
        assert panel.label.heightForWidth(view.width()) <= view.height()      # whole
        assert not panel.scroll.verticalScrollBar().isVisible()
        assert split.sizes()[1] == before
        sc.player.set_granularity("sample")
        qtbot.keyClick(sc.canvas, Qt.Key.Key_Left)          # back before the step: the
        qtbot.wait(30)                                        # short hint
        assert "≈" not in panel.plain_text()
        assert split.sizes()[1] == before


def test_playground_layer_steps_show_whole_at_one_height(main_window, qtbot):
    """The playground's formula panel sits in a plain layout (no splitter): its layer steps
    had stayed cut behind a scroll bar; then, growing to show them, it changed height at
    almost every step, moving the canvas each time. Now each shows whole in one height."""
    from PySide6.QtCore import Qt

    sc = main_window.open_scenario("mlp")
    with projector_window(main_window, (1920, 1080)):
        qtbot.wait(60)
        panel = sc.formula
        before = panel.height()
        sc.player.set_granularity("layer")
        heights = []
        for _ in range(12):
            qtbot.keyClick(sc.canvas, Qt.Key.Key_Right)
            qtbot.wait(5)
            heights.append(panel.height())
            view = panel.scroll.viewport()
            assert panel.label.heightForWidth(view.width()) <= view.height() + 2
        sc.player.pause()
        assert set(heights) == {before}
