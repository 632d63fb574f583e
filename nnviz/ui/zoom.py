"""UI zoom: fixed steps, Ctrl + / − / 0 and Ctrl + wheel, broadcast via the theme manager.

The zoom is one number (theme.manager().zoom); text (the application font), lines, units
and plots scale together because every view listens to `theme.manager().changed`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication

from . import theme, window_fit

ZOOM_STEPS = (0.75, 0.85, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5)
DEFAULT_ZOOM = 1.0
PROJECTOR_ZOOM = 1.5


def nearest_step(zoom: float) -> int:
    return min(range(len(ZOOM_STEPS)), key=lambda i: abs(ZOOM_STEPS[i] - zoom))


def step_zoom(delta: int) -> float:
    """Move the zoom `delta` steps (clamped) and return the new zoom."""
    i = max(0, min(len(ZOOM_STEPS) - 1, nearest_step(theme.manager().zoom) + delta))
    set_zoom(ZOOM_STEPS[i])
    return ZOOM_STEPS[i]


def set_zoom(zoom: float) -> None:
    zoom = ZOOM_STEPS[nearest_step(zoom)]
    if zoom != theme.manager().zoom:
        theme.manager().set_zoom(zoom)


def available_size(window) -> QSize:
    """The room the window's screen offers (without task bars)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry().size()


def fits(window) -> bool:
    """Whether the window's smallest size fits its screen at the current zoom, its side
    panels given their widths for it (balance_docks) and showing their content whole
    (window_fit.scrolls_sideways)."""
    for _ in range(2):      # the layouts, and the refits they schedule (single-shot timers)
        QApplication.processEvents()
    balance = getattr(window, "balance_docks", None)
    if balance is not None:
        balance()
        QApplication.processEvents()
    need, room = window.minimumSizeHint(), available_size(window)
    return need.width() <= room.width() and need.height() <= room.height() \
        and not window_fit.scrolls_sideways(window)


def zoom_in_window(window, target: float) -> bool:
    """Set the zoom to `target`, unless zooming in makes a window that fitted its screen no
    longer fit (250 % on a 1366×768 screen forced the window 50–90 px taller than the
    screen: the status line and the numbers fell off): then the zoom stays and the status
    bar says why. True when the zoom is `target`."""
    m = theme.manager()
    old = m.zoom
    target = ZOOM_STEPS[nearest_step(target)]
    if target <= old:
        set_zoom(target)
        return True
    fitted = fits(window)
    size = window.size()
    set_zoom(target)
    if not fitted or fits(window):
        return True
    set_zoom(old)
    fits(window)                  # (the layouts settle at the old zoom) and the window
    window.resize(size)           # goes back to its size: the trial had grown it
    room = available_size(window)
    window.statusBar().showMessage(
        f"{round(target * 100)} % does not fit this {room.width()}×{room.height()} screen; "
        f"kept {round(old * 100)} %.")
    return False


class ZoomController(QObject):
    """Zoom actions for a window's View menu and Ctrl + wheel anywhere in the window."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.zoom_in = QAction("Zoom &in", window)
        self.zoom_in.setShortcuts([QKeySequence.StandardKey.ZoomIn, QKeySequence("Ctrl+=")])
        self.zoom_in.triggered.connect(lambda: self.step(+1))
        self.zoom_out = QAction("Zoom &out", window)
        self.zoom_out.setShortcuts([QKeySequence.StandardKey.ZoomOut])
        self.zoom_out.triggered.connect(lambda: step_zoom(-1))
        self.zoom_reset = QAction("&Actual size", window)
        self.zoom_reset.setShortcut(QKeySequence("Ctrl+0"))
        self.zoom_reset.triggered.connect(lambda: set_zoom(DEFAULT_ZOOM))
        for a in self.actions():
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            window.addAction(a)
        self._wheel_rest = 0
        self._pending = 0           # wheel steps not yet applied
        self._scheduled = False

    def actions(self):
        return [self.zoom_in, self.zoom_out, self.zoom_reset]

    def _wheel_steps(self):
        self._scheduled = False
        delta, self._pending = self._pending, 0
        if delta:
            self.step(delta)

    def step(self, delta: int) -> None:
        """Zoom `delta` steps in or out, within what the screen can show."""
        i = max(0, min(len(ZOOM_STEPS) - 1, nearest_step(theme.manager().zoom) + delta))
        zoom_in_window(self.window, ZOOM_STEPS[i])

    def watch(self, app):
        """Catch Ctrl + wheel over any widget of the window (before plots/canvas zoom)."""
        app.installEventFilter(self)

    def unwatch(self, app):
        app.removeEventFilter(self)

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Wheel and \
                event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            widget = obj if hasattr(obj, "window") else None
            if widget is not None and callable(widget.window) and widget.window() is self.window:
                self._wheel_rest += event.angleDelta().y()
                while abs(self._wheel_rest) >= 120:
                    step = 1 if self._wheel_rest > 0 else -1
                    self._wheel_rest -= 120 * step
                    self._pending += step
                if self._pending and not self._scheduled:   # after the event: the fit check
                    self._scheduled = True                    # lets the layouts settle
                    QTimer.singleShot(0, self._wheel_steps)
                return True
        return False
