"""The network canvas does not move when stepping starts, goes on or ends.

The idle formula panel had been as short as its one-line hint ("Step with → …") so that a
small window kept room for the network; at the teacher's first → it grew to show the
formulas and the whole canvas above it jumped, at the very moment the class began to
follow (and again at steps with longer text, and back at the end). The panel now has one
height, idle or stepping, set by its type and the view's height only; idle, it fills it
with the hint and what a step will write out.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from .screens import sized

RIGHT, LEFT = Qt.Key.Key_Right, Qt.Key.Key_Left


def _ready(window, qtbot, granularity="unit"):
    """The window shown and its player's keys routed (see test_player_rules), stepping
    unit by unit (the most beats, the most kinds of text)."""
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.wait(50)
    qtbot.mouseClick(window._player_bar.granularity_buttons[granularity],
                     Qt.MouseButton.LeftButton)


def _open(window, qtbot, name):
    sc = window.open_scenario(name)
    if name == "xor":
        sc.show_page(1)                        # "Learned by backpropagation"
    _ready(window, qtbot)
    sc.settle()
    qtbot.wait(200)
    return sc


def _idle(panel) -> bool:
    return panel.player.trace is None or not panel.player.active


def _place(sc):
    """Where the canvas is in its window, how large, and the formula panel's height."""
    canvas = sc.canvas
    return canvas.mapTo(canvas.window(), QPoint(0, 0)), canvas.size(), sc.formula.height()


# One case per kind of panel height and host (formula.FormulaPanel.height_for): room for
# ROWS lines (1600×1000), a share of a projector's view (1280×720) and the least height
# (1024×600), each in the playground's plain layout (mlp) and in a splitter (the others);
# each scenario's own step texts at least once. (Softmax and gradients at 1280×720, XOR at
# 1600×1000 and softmax at 1024×600 had repeated one of these: same host, same height rule.)
CASES = [("mlp", (1600, 1000), False), ("softmax", (1600, 1000), False),
         ("mlp", (1280, 720), True), ("xor", (1280, 720), True),
         ("regularization", (1280, 720), True),
         ("mlp", (1024, 600), False), ("gradients", (1024, 600), False)]


@pytest.mark.parametrize("name,size,projector", CASES)
def test_the_canvas_keeps_its_place_from_idle_through_the_steps_and_back(
        main_window, qtbot, name, size, projector):
    sized(main_window, qtbot, *size, projector)
    try:
        sc = _open(main_window, qtbot, name)
        panel = sc.formula
        assert _idle(panel) and "Step with →" in panel.label.text()
        idle = _place(sc)
        # the first step: the formulas appear in the room the hint had
        qtbot.keyClick(sc.canvas, RIGHT)
        qtbot.waitUntil(lambda: not _idle(panel), timeout=2000)
        qtbot.wait(100)
        assert "Step with →" not in panel.label.text()
        assert _place(sc) == idle, "first step"
        # the steps after it, short and long
        for i in range(8):
            qtbot.keyClick(sc.canvas, RIGHT)
            qtbot.wait(40)
            assert _place(sc) == idle, f"step {i + 2}"
        # and back to before the step: the hint again, nothing moved
        for _ in range(30):
            if _idle(panel):
                break
            qtbot.keyClick(sc.canvas, LEFT)
            qtbot.wait(40)
            assert _place(sc) == idle, "stepping back"
        sc.player.pause()
        qtbot.wait(100)
        assert _idle(panel) and "Step with →" in panel.label.text()
        assert _place(sc) == idle, "idle again"
        assert (main_window.width(), main_window.height()) == size
    finally:
        main_window.projector.set_active(False)


def test_the_idle_panel_says_what_a_step_will_write_out(main_window, qtbot):
    """Idle, the room a step's formulas will take holds the hint and, as far as they fit
    whole, the forward pass, backward pass and update in symbols, in their colours."""
    sized(main_window, qtbot, 1600, 1000, False)
    sc = _open(main_window, qtbot, "mlp")
    panel = sc.formula
    texts = [t for t, _role in panel.lines()]
    assert texts[0].startswith("Step with →")
    assert texts[1].startswith("Forward pass: z = b + Σᵢ wᵢxᵢ, then a = g(z)")
    assert "tanh" in texts[1] and "sigmoid" in texts[1]          # the network's own
    assert texts[2].startswith("Backward pass: δ = ∂L/∂z")
    assert texts[3].startswith("Weight update: w ← w − η·∂L/∂w with η = ")
    shown = panel.label.text()
    assert "Step with →" in shown and "Forward pass" in shown
    view = panel.scroll.viewport()
    assert panel.label.heightForWidth(view.width()) <= view.height()       # whole


def test_a_step_shows_whole_on_a_large_projector(main_window, qtbot):
    """In projector type on 1920×1080 the XOR update's ≈ note was cut through the middle at
    the panel's bottom while the canvas had room (the panel then grew, moving the canvas):
    the panel's one height holds each unit step whole."""
    sized(main_window, qtbot, 1920, 1080, True)
    try:
        sc = _open(main_window, qtbot, "xor")
        panel = sc.formula
        seen = set()
        for i in range(10):
            qtbot.keyClick(sc.canvas, RIGHT)
            sc.player.pause()
            qtbot.wait(40)
            view = panel.scroll.viewport()
            assert panel.label.heightForWidth(view.width()) <= view.height() + 2, i
            seen.update(role for _t, role in panel.lines())
        assert {"forward", "backward"} <= seen
    finally:
        main_window.projector.set_active(False)


def test_the_height_follows_the_window_not_the_step(main_window, qtbot):
    """The panel's height is set again when its view's height changes (a share of it in a
    small window, room for ROWS lines in a large one), never by a step."""
    from nnviz.ui.formula import ROWS, SHARE, _px, line_height
    sc = _open(main_window, qtbot, "regularization")
    panel = sc.formula
    host = panel.parentWidget()
    heights = {}
    for size in ((1024, 600), (1600, 1000), (1280, 800)):
        main_window.resize(*size)
        qtbot.wait(150)
        height, _lines = panel.height_for(host.height(), _px())
        assert panel.height() == height, size
        heights[size] = height
        assert height <= max(SHARE * host.height(), 3 * line_height(_px()) + 80), size
    assert heights[(1024, 600)] < heights[(1600, 1000)]
    full = heights[(1600, 1000)]
    assert full >= ROWS * line_height(_px())        # room for ROWS lines when it fits
