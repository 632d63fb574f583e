"""The mouse wheel over a panel scrolls the panel, not the control under the pointer.

A drop-down list, a number box or a slider inside a scrolling panel took every wheel turn
that passed over it while the teacher scrolled the panel: one notch over the MLP's noise
slider rebuilt the network and threw away its training, one over "Learning rate" changed
it. Such a control takes the wheel only once it has the keyboard focus (clicked or reached
with Tab), as in most desktop applications; otherwise the turn scrolls the panel around it.
Ctrl + wheel is left alone (it zooms: nnviz.ui.zoom).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollArea,
    QScrollBar,
    QWidget,
)

GUARDED = (QComboBox, QAbstractSpinBox, QAbstractSlider)


def scroll_area_of(widget: QWidget) -> QScrollArea | None:
    """The scroll area a widget sits in (inside its scrolled contents), or None."""
    w = widget.parentWidget()
    while w is not None:
        if isinstance(w, QScrollArea):
            return w
        w = w.parentWidget()
    return None


def guarded(widget) -> QScrollArea | None:
    """The panel a wheel turn over `widget` should scroll instead of changing the widget,
    or None (not a guarded control, focused, or in no scrolling panel)."""
    if not isinstance(widget, GUARDED) or isinstance(widget, QScrollBar) or widget.hasFocus():
        return None
    return scroll_area_of(widget)


class _WheelGuard(QObject):
    def eventFilter(self, obj, event):
        if event.type() != QEvent.Type.Wheel or \
                event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            return False
        area = guarded(obj) if isinstance(obj, QWidget) else None
        if area is None:
            return False
        bar = area.verticalScrollBar()
        if event.angleDelta().x() and not event.angleDelta().y():
            bar = area.horizontalScrollBar()
        if bar.isVisible():
            QApplication.sendEvent(bar, event)      # the panel scrolls
        return True                                  # the control keeps its value


_guard: _WheelGuard | None = None


def watch() -> None:
    """Guard every window of the application (once)."""
    global _guard
    app = QApplication.instance()
    if _guard is None and app is not None:
        _guard = _WheelGuard(app)
        app.installEventFilter(_guard)


__all__ = ["GUARDED", "guarded", "scroll_area_of", "watch"]
