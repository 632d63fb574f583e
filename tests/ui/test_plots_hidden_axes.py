"""The hidden space's left axis at large zoom: steady, and clear of its title.

At 200 % zoom (1920×1080) the XOR hidden space's left axis took the width of "0.5"
(44.5 px), which left the square plane too short for three labels; "0" and "1" then took
17.8 px, the plane grew tall enough for three again, and so on without end: the axis was
laid out anew on every frame and drawn with "0.5" wider than its room, over its title "h₂".
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QVBoxLayout, QWidget

from nnviz.ui import theme

from .axes import tick_labels as label_rects
from .demo_scenario import make_session


@contextmanager
def zoomed(zoom: float):
    m = theme.manager()
    old = m.zoom
    m.set_zoom(zoom)
    try:
        yield
    finally:
        m.set_zoom(old)


def title_rect(axis) -> QRectF:
    """The axis title's text (without the text item's margin), in axis coordinates."""
    label = axis.label
    m = label.document().documentMargin()
    return label.mapRectToParent(label.boundingRect()).adjusted(m, m, -m, -m)


def layouts_while_idle(axis, qtbot, rounds: int) -> int:
    """How often the axis changed its geometry over `rounds` repaints with nothing else
    changing (each repaint may lay the plot out anew)."""
    changes = []

    def changed():
        changes.append(axis.width())

    axis.geometryChanged.connect(changed)
    try:
        for _ in range(rounds):
            axis.picture = None
            axis.update()
            qtbot.wait(20)
    finally:
        axis.geometryChanged.disconnect(changed)
    return len(changes)


def assert_steady_and_clear(axis, qtbot, where):
    """The axis settles (a few layouts may pass first) and then stays put; its labels keep
    off its title and within its room."""
    layouts_while_idle(axis, qtbot, 6)                     # settle
    assert layouts_while_idle(axis, qtbot, 5) == 0, (where, axis.width())
    title = title_rect(axis)
    labels = label_rects(axis)
    assert labels, where
    for rect, text in labels:
        assert not rect.intersects(title), (where, text, rect, title)
    # the labels drawn fit the axis's room (pyqtgraph draws them right-aligned to the ticks)
    assert all(rect.width() <= axis.textWidth + 0.5 for rect, _t in labels), \
        (where, labels, axis.textWidth)
    assert layouts_while_idle(axis, qtbot, 2) == 0, where  # (measuring changed nothing)


def test_xor_hidden_space_axis_at_200_percent(main_window, qtbot):
    """The reported case: XOR at 1920×1080, 200 % zoom, after training."""
    main_window.resize(1920, 1080)
    sc = main_window.open_scenario("xor")
    sc.run_steps(3000)
    with zoomed(2.0):
        qtbot.wait(100)
        plot = sc.plots.hidden
        assert_steady_and_clear(plot.plot.getAxis("left"), qtbot, "xor 200 %")
        vb = plot.plot.getViewBox()
        assert abs(vb.width() - vb.height()) <= 1.5           # still square


@pytest.mark.parametrize("zoom", [1.25, 2.0])
def test_hidden_space_axis_is_steady_at_every_width(qtbot, zoom):
    """A hidden-space plot on its own, from narrow to wide: at every width its left axis
    settles, and no tick label runs into the axis's title."""
    from nnviz.ui.plots import HiddenSpacePlot
    session = make_session(sizes=(2, 2, 1), seed=5)
    session.train_steps(400)
    with zoomed(zoom):
        box = QWidget()
        qtbot.addWidget(box)
        layout = QVBoxLayout(box)
        plot = HiddenSpacePlot(session, 0, box)
        plot.set_compact(True)
        layout.addWidget(plot)
        box.resize(240, 420)
        box.show()
        qtbot.waitExposed(box)
        axis = plot.plot.getAxis("left")
        for width in range(150, 400, 25):     # (25 px steps: still fails without the fix)
            box.resize(width, 420)
            qtbot.wait(20)
            assert_steady_and_clear(axis, qtbot, (zoom, width))
        box.close()
