"""The centre of the window on small screens: the network keeps the height, the formula
panel keeps one height whether idle or stepping (the canvas never jumps when a step
appears; see test_formula_steady), and no piece's least height holds the window taller than
the screen.

(QA: in a lesson on a 1280×720 projector the idle formula panel took ~190 px, mostly
empty, and left the network ~150 px; then, made as short as its hint, it grew at the first
step and the whole network jumped; softmax at 200 % held a 1280×720 window 754 px tall,
lesson 04 in projector type 732 to 768 px, the status line off the projector.)
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from nnviz import lessons

from .screens import sized


def _shown(window, cls):
    return [c for c in window.centralWidget().findChildren(cls) if c.isVisible()]


def _idle(panel) -> bool:
    """No step to write out: the panel shows its hint."""
    return panel.player.trace is None or not panel.player.active


def _idle_panel_shows_its_hint(panel, where):
    """Idle, the panel shows its hint, whole, and no more than fits (no scroll bar)."""
    assert _idle(panel), where
    from nnviz.ui.formula_lines import IDLE_HINT, IDLE_HINT_SHORT
    text = panel.label.text()
    assert IDLE_HINT in text or IDLE_HINT_SHORT in text, where   # (short: a one-line panel)
    view = panel.scroll.viewport()
    assert panel.label.heightForWidth(view.width()) <= view.height() + 2, where


def _geometry(widget):
    return widget.mapTo(widget.window(), widget.rect().topLeft()), widget.size()


def _lesson(name):
    return lessons.load(next(p for p in lessons.shipped() if name in p))


def test_a_lesson_on_a_1280x720_projector_keeps_the_network(main_window, qtbot):
    from nnviz.ui.canvas import NetworkCanvas
    from nnviz.ui.formula import FormulaPanel
    sized(main_window, qtbot, 1280, 720, projector=True)
    try:
        player = main_window.start_lesson(_lesson("03-xor"))
        player.go(2)                 # "Learning the weights": a prediction to make first
        main_window.scenario.settle()
        qtbot.wait(300)
        assert main_window.height() <= 720
        central = main_window.centralWidget().height()
        canvas, = _shown(main_window, NetworkCanvas)
        assert canvas.height() >= 0.33 * central, (canvas.height(), central)
        panel, = _shown(main_window, FormulaPanel)
        _idle_panel_shows_its_hint(panel, "lesson 03, slide 3")
        # the network and the truth table beside it show whole: the panel below, which
        # keeps one height idle or stepping, takes only the room they leave (in projector
        # type in 720 px under the slide's text, at its least it had cut the network in
        # half and left two of the table's rows)
        visible = canvas.visibleRegion().boundingRect()
        assert visible.height() >= canvas.height() - 6, (visible, canvas.size())
        grid = main_window.scenario.table.table
        area = main_window.scenario.canvas.parentWidget().table_area
        last = grid.visualItemRect(grid.item(3, 0))
        bottom = grid.viewport().mapTo(area.viewport(), last.bottomLeft()).y()
        assert 0 <= bottom <= area.viewport().height(), (bottom, area.viewport().height())
        # and the slide's text, question included, shows in full (no scrolling)
        body = main_window.lesson_bar.body
        assert body.verticalScrollBar().maximum() == 0, (body.height(),
                                                        body.widget().height())
        # the clicker reveals the answer and steps: the canvas keeps its size (the slide's
        # answer, replacing the reveal button, may move it)
        before = canvas.size()
        main_window.activateWindow()
        qtbot.wait(50)
        qtbot.keyClick(main_window, Qt.Key.Key_PageDown)
        qtbot.waitUntil(lambda: not _idle(panel), timeout=2000)
        qtbot.wait(200)
        assert canvas.size() == before     # (the panel takes the 16 px the slide's text
        # gave up: the room the network leaves it, see FormulaPanel.others_need)
        assert main_window.height() <= 720
    finally:
        main_window.end_lesson()
        main_window.projector.set_active(False)


@pytest.mark.parametrize("size,projector,share", [((1920, 1080), True, 0.65),
                                                  ((1024, 600), False, 0.55)])
def test_the_formula_panel_keeps_one_height_and_the_network_its_room(main_window, qtbot,
                                                                     size, projector, share):
    """The panel's height is that of a step's formulas, idle too (it had been as short as
    its hint and grew at the first step, moving the network); the network keeps at least
    the share of the view it had at the first step before (0.73 and 0.50 of it)."""
    sized(main_window, qtbot, *size, projector=projector)
    try:
        sc = main_window.open_scenario("mlp")
        sc.run_steps(50)
        sc.settle()
        qtbot.wait(200)
        view = main_window._view
        _idle_panel_shows_its_hint(sc.formula, f"{size}")
        assert sc.canvas.height() >= share * view.height(), (sc.canvas.height(),
                                                             view.height())
        # a step to show: the same panel, the same network, the formulas instead
        idle = _geometry(sc.canvas), sc.formula.height()
        main_window.activateWindow()
        qtbot.keyClick(sc.canvas, Qt.Key.Key_Right)
        qtbot.waitUntil(lambda: not _idle(sc.formula), timeout=2000)
        qtbot.wait(200)
        assert (_geometry(sc.canvas), sc.formula.height()) == idle
        assert "Step with →" not in sc.formula.label.text()
        assert main_window.height() <= size[1]
    finally:
        main_window.projector.set_active(False)


def test_softmax_at_200_percent_keeps_a_1280x720_window(main_window, qtbot):
    from nnviz.ui import theme
    sized(main_window, qtbot, 1280, 720)
    try:
        theme.manager().set_zoom(2.0)
        qtbot.wait(200)
        sc = main_window.open_scenario("softmax")
        sc.run_steps(50)
        sc.settle()
        qtbot.wait(300)
        assert main_window.minimumSizeHint().height() <= 720
        assert main_window.height() <= 720
        # the plots do not fit: their panel scrolls
        area = main_window.plots_dock.widget()
        assert area.verticalScrollBar().maximum() > 0
    finally:
        theme.manager().set_zoom(1.0)


def test_lesson_04_on_a_1280x720_projector_stays_on_the_screen(main_window, qtbot):
    """Every slide, with the clicker's steps and reveals: the window stays 720 px tall (the
    lesson bar's reveal button above an active formula panel and the learning-rate banner
    held it 768 px tall)."""
    sized(main_window, qtbot, 1280, 720, projector=True)
    try:
        lesson = _lesson("04-mlp")
        player = main_window.start_lesson(lesson)
        for i in range(len(lesson.slides)):
            player.go(i)
            qtbot.wait(150)
            assert main_window.height() <= 720, f"slide {i + 1}"
            for k in range(3):
                player.advance()
                qtbot.wait(150)
                assert main_window.height() <= 720, f"slide {i + 1}, click {k + 1}"
                assert main_window.minimumSizeHint().height() <= 720, f"slide {i + 1}"
                if player.index != i:
                    break
    finally:
        main_window.end_lesson()
        main_window.projector.set_active(False)


@pytest.mark.parametrize("path", lessons.shipped(), ids=lambda p: p.rsplit("/", 1)[-1][:2])
def test_every_lesson_keeps_a_1024x600_window_on_the_screen(main_window, qtbot, path):
    """A lesson started in a 1024×600 window and walked slide by slide: the window stays
    600 px tall and its least height within that. (The XOR lesson's second tab had held it
    695 px tall: its formula panel fixed at the height it had chosen in a taller window; a
    lesson bar shown before it had capped its text's box grew it by 18 px at the start.)"""
    sized(main_window, qtbot, 1024, 600)
    lesson = lessons.load(path)
    player = main_window.start_lesson(lesson)
    try:
        for i in range(len(lesson.slides)):
            player.go(i)
            qtbot.wait(100)
            assert main_window.height() <= 600, f"slide {i + 1}"
            assert main_window.minimumSizeHint().height() <= 600, f"slide {i + 1}"
    finally:
        main_window.end_lesson()
