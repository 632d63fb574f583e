"""Presenting: projector mode (F5), blank screen (B), spotlight (S).

Projector mode makes the window full screen, switches to the high-contrast palette, raises
the zoom (body text ≥ 20 px), draws thicker edges and hides the controls dock and the
menu bar, so only the canvas, the formula panel, the plots and the player stay (F6 shows the
controls again, in projector type, to change a setting in front of the class). Leaving it
restores exactly what was there before.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from . import theme, zoom

PROJECTOR_EDGE_BOOST = 1.5


class BlankOverlay(QWidget):
    """A black cover over the whole window (the B key of a presenter clicker)."""

    def __init__(self, window):
        super().__init__(window)
        self.setObjectName("blank_overlay")
        self.setAutoFillBackground(True)
        pal = self.palette()
        pal.setColor(self.backgroundRole(), Qt.GlobalColor.black)
        self.setPalette(pal)
        layout = QVBoxLayout(self)
        hint = QLabel("Screen blanked — press B to show it again", self)
        hint.setStyleSheet("color: #303030;")
        hint.setAlignment(Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(hint)
        self.hide()
        window.installEventFilter(self)

    def eventFilter(self, obj, event):
        if obj is self.parent() and event.type() == QEvent.Type.Resize:
            self.setGeometry(obj.rect())
        return False

    def mousePressEvent(self, event):
        self.parent().projector.blank_action.setChecked(False)


class Projector(QObject):
    toggled = Signal(bool)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.active = False
        self._saved = None
        self.action = QAction("&Projector mode", window)
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence("F5"))
        self.action.setToolTip("Full screen, large type, high contrast, controls hidden (F5; "
                               "F6 shows the scenario's controls)")
        self.action.toggled.connect(self.set_active)
        self.blank_action = QAction("&Blank the screen", window)
        self.blank_action.setCheckable(True)
        self.blank_action.setShortcut(QKeySequence("B"))
        self.blank_action.setToolTip("Cover everything in black until B is pressed again")
        self.blank_action.toggled.connect(self.set_blank)
        self.spotlight_action = QAction("&Spotlight the current step", window)
        self.spotlight_action.setCheckable(True)
        self.spotlight_action.setShortcut(QKeySequence("S"))
        self.spotlight_action.setToolTip("Dim everything on the canvas except the current "
                                         "unit or edge (S)")
        self.spotlight_action.toggled.connect(self.set_spotlight)
        # Escape leaves projector mode (full screen without a menu bar: a teacher who does
        # not know F5 was stuck); enabled only while it is on, so Escape is free otherwise
        self.leave_action = QAction("Leave projector mode", window)
        self.leave_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.leave_action.setToolTip("Leave projector mode (Esc or F5)")
        self.leave_action.setEnabled(False)
        self.leave_action.triggered.connect(self._escape)
        for a in (self.action, self.blank_action, self.spotlight_action, self.leave_action):
            a.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            window.addAction(a)
        self.overlay = BlankOverlay(window)

    # -- projector mode ---------------------------------------------------------------------
    def set_active(self, on: bool):
        on = bool(on)
        if on == self.active:
            return
        w = self.window
        m = theme.manager()
        if on:
            self._saved = {"zoom": m.zoom, "palette": m.palette, "mode": m.mode,
                           "edge_boost": m.edge_boost, "state": w.windowState(),
                           "controls": w.controls_dock.isVisible() or w.scenario is not None,
                           "menubar": w.menuBar().isVisible()}
            self.active = True
            m.set_appearance(palette="high-contrast", edge_boost=PROJECTOR_EDGE_BOOST)
            zoom.set_zoom(max(m.zoom, zoom.PROJECTOR_ZOOM))
            w.controls_dock.hide()
            w.menuBar().hide()
            w.setWindowState(w.windowState() | Qt.WindowState.WindowFullScreen)
        else:
            s = self._saved or {}
            self.active = False
            m.set_appearance(mode=s.get("mode"), palette=s.get("palette"),
                             edge_boost=s.get("edge_boost", 1.0))
            zoom.set_zoom(s.get("zoom", zoom.DEFAULT_ZOOM))
            w.setWindowState(s.get("state", Qt.WindowState.WindowNoState))
            w.menuBar().setVisible(s.get("menubar", True))
            if w.scenario is not None:
                w.controls_dock.show()
            self._saved = None
        if self.action.isChecked() != on:
            self.action.setChecked(on)
        self.leave_action.setEnabled(on)
        self.toggled.emit(on)

    def _escape(self):
        """Escape in projector mode: an editor being typed in (a weight, a number box) gets
        it, to cancel its edit; the blank screen is lifted first; else projector mode ends."""
        focus = QApplication.focusWidget()
        if isinstance(focus, (QLineEdit, QAbstractSpinBox)) and focus.window() is self.window:
            self.leave_action.setEnabled(False)     # (else the key comes back here)
            try:
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(focus, QKeyEvent(kind, Qt.Key.Key_Escape,
                                                            Qt.KeyboardModifier.NoModifier))
            finally:
                self.leave_action.setEnabled(self.active)
            return
        if self.blanked:
            self.blank_action.setChecked(False)     # (B blanks again at the next press)
            self.set_blank(False)
            return
        self.set_active(False)

    def toggle(self):
        self.set_active(not self.active)

    # -- blank screen -------------------------------------------------------------------------
    def set_blank(self, on: bool):
        if on:
            self.overlay.setGeometry(self.window.rect())
            self.overlay.raise_()
            self.overlay.show()
        else:
            self.overlay.hide()

    @property
    def blanked(self) -> bool:
        return self.overlay.isVisible()

    # -- spotlight ------------------------------------------------------------------------
    def set_spotlight(self, on: bool):
        """Dim every network canvas of the scenario's view except the current unit/edge."""
        from .spotlight import Spotlight
        for canvas in self.canvases():
            current = canvas.findChild(Spotlight, "spotlight")
            if on and current is None:
                Spotlight(canvas)
            elif not on and current is not None:
                current.setParent(None)
                current.deleteLater()

    def canvases(self):
        from .canvas import NetworkCanvas
        view = getattr(self.window, "_view", None)
        if view is None:
            return []
        found = view.findChildren(NetworkCanvas)
        return [view] + found if isinstance(view, NetworkCanvas) else found

    def apply_to_new_scenario(self):
        """Called after a scenario opens: keep the projector layout and the spotlight."""
        if self.active:
            self.window.controls_dock.hide()
        if self.spotlight_action.isChecked():
            self.set_spotlight(True)
