"""Every scenario with a network canvas and a decision map links them, as the MLP
playground does: hovering a unit shows its output in the map, and Discretize output applies
to the canvas's thumbnails (the overfitting and XOR scenarios had neither)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt


@pytest.mark.parametrize("name, canvas, boundary, col", [
    ("mlp", "canvas", "boundary", 1),
    ("regularization", "canvas", "boundary", 2),
    ("xor", "canvas", "plots.boundary", 1),
    ("xor", "hand_canvas", "hand_plots.boundary", 1),
])
def test_hover_and_discretize_reach_the_other_view(main_window, qtbot, name, canvas, boundary,
                                                   col):
    sc = main_window.open_scenario(name)
    if name == "xor":
        sc.show_page(0 if canvas == "hand_canvas" else 1)
    c = getattr(sc, canvas)
    b = sc
    for part in boundary.split("."):
        b = getattr(b, part)
    qtbot.waitExposed(c)
    qtbot.waitUntil(lambda: c.net_layout is not None and c.unit_pos(col, 0) is not None)
    qtbot.mouseMove(c, QPoint(3, 3))     # (a move to where the pointer already is: none)
    qtbot.mouseMove(c, c.unit_pos(col, 0).toPoint())
    qtbot.waitUntil(lambda: b.unit == (col, 0))
    qtbot.mouseMove(c, QPoint(2, 2))
    qtbot.waitUntil(lambda: b.unit is None)
    assert not c.discretize
    qtbot.mouseClick(b.discretize_box, Qt.MouseButton.LeftButton)
    assert b.discretize and c.discretize
