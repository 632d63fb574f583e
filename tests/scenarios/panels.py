"""Test helpers: a scenario's three panels in a real window, picking from a combo box, and
turning the mouse wheel over a widget."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QSplitter


def show_panels(qtbot, scenario, width: int, height: int) -> QSplitter:
    """The scenario's controls, view and plots side by side in a shown window.

    Keep the returned window referenced for the test's length (qtbot holds it weakly)."""
    host = QSplitter()
    for w in (scenario.create_controls(), scenario.create_view(), scenario.create_plots()):
        host.addWidget(w)
    qtbot.addWidget(host)
    host.resize(width, height)
    host.show()
    return host


def pick(qtbot, box, value):
    """Choose `value` in a combo box with the keyboard, like a user."""
    box.setFocus()
    target = box.findData(value)
    assert target >= 0, value
    while box.currentIndex() != target:
        key = Qt.Key.Key_Down if box.currentIndex() < target else Qt.Key.Key_Up
        qtbot.keyClick(box, key)


def wheel(widget, notches: int):
    """Turn the mouse wheel over the middle of `widget` (positive: away from the user)."""
    centre = QPointF(widget.rect().center())
    QApplication.sendEvent(widget, QWheelEvent(
        centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(), QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
        False))
