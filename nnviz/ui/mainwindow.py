"""The main window: one layout for every scenario.

Toolbar (scenario selector, the player's controls, epoch/loss/accuracy), the scenario's
controls in the left dock, its view in the centre (under the lesson bar when a lesson
plays), its plots in the right dock, and a status line. A start page shows the scenarios
as cards. This module arranges them and switches scenarios; the toolbar is built in
nnviz.ui.window_toolbar, files are opened and saved in nnviz.ui.window_files, lessons and
the presenter clicker are in nnviz.ui.window_lessons (three mixins of MainWindow). Menus,
file dialogs, export and settings live in nnviz.ui.menus; presenting in nnviz.ui.projector;
autosave in nnviz.ui.autosave; fitting small screens in nnviz.ui.window_fit.

Focus: the scenario list never keeps the focus by itself (its Up/Down and a stray mouse
wheel would switch scenario, asking to save the work): at start the start page has it, and
once a scenario is opened (or its choice cancelled) the scenario's view, where the player's
keys work as everywhere. The list takes the mouse wheel only when it has the focus.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QMainWindow,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .. import scenarios
from . import appearance, theme, wheel_guard, window_fit
from .autosave import Autosaver
from .page_stack import ViewStack
from .projector import Projector
from .settings import Settings
from .startpage import StartPage
from .unsaved import UnsavedWork
from .window_files import WindowFiles
from .window_lessons import WindowLessons
from .window_toolbar import WindowToolbar
from .zoom import ZoomController


@dataclass
class _Built:
    """A scenario with its widgets, built but not yet shown."""
    scenario: object
    view: QWidget
    controls: QWidget
    plots: QWidget | None

    def discard(self):
        self.scenario.shutdown()
        for w in (self.view, self.controls, self.plots):
            if w is not None:
                w.deleteLater()
        self.scenario.deleteLater()


class MainWindow(WindowToolbar, WindowFiles, WindowLessons, QMainWindow):
    scenario_changed = Signal(object)   # the new Scenario (or None for the start page)

    def __init__(self, parent=None, settings: Settings | None = None, autosave: bool = True,
                 remember: bool = False):
        """remember: read and write the user's preferences (the `nnviz` command sets it;
        a bare MainWindow, as in tests, leaves them alone)."""
        super().__init__(parent)
        self.remember = remember
        self.setWindowTitle("nnviz")
        self.setObjectName("MainWindow")
        self.settings = settings if settings is not None else Settings()
        self.scenario = None
        self.current_path: str | None = None
        self.unsaved = UnsavedWork(self)    # the "*" and the save question
        self.unsaved.changed.connect(self._update_title)
        self._view = None
        self._player_bar = None
        self.lesson_player = None
        self._from_lesson = False       # the scenario shown was opened by a lesson's slide
        self.lesson_bar = None
        appearance.install()
        self._build_toolbar()       # (and the status bar)

        # centre: notices, the lesson bar, then the start page or the scenario's view
        central = QWidget(self)
        self.central_layout = QVBoxLayout(central)
        self.central_layout.setContentsMargins(0, 0, 0, 0)
        self.central_layout.setSpacing(0)
        self.central_layout.addWidget(self._restore_notice(central))
        # (a ViewStack: its least height is the shown view's, passed on when the view's
        # changes (a formula panel's new height), so that the lesson bar above leaves it
        # that height; a QStackedWidget kept the change to itself, and the view got 2 px
        # less than its least, its canvas drawn over by the panel below)
        self.stack = ViewStack(central)
        self.start_page = StartPage(self)
        self.start_page.chosen.connect(self.choose_scenario)
        self.start_page.help_wanted.connect(lambda page: self.menus.guide(page))
        self.stack.addWidget(self.start_page)
        self.central_layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.start_page.setFocus(Qt.FocusReason.OtherFocusReason)   # not the scenario list

        # docks
        self.controls_dock = self._dock("Scenario", "controls",
                                        Qt.DockWidgetArea.LeftDockWidgetArea)
        self.plots_dock = self._dock("Plots", "plots", Qt.DockWidgetArea.RightDockWidgetArea)
        theme.manager().changed.connect(self._restyle_docks)   # (after appearance.apply)
        # zoom and projector type change the player bar's width: fit it again once the
        # new type is laid out (it had stayed whole, behind the toolbar's » button)
        theme.manager().changed.connect(self._refit_later)
        # and the side panels' content: the docks fit it again at the new zoom
        self._docks_zoom = theme.manager().zoom
        theme.manager().changed.connect(self._zoom_changed)

        self.zoom = ZoomController(self)
        self.zoom.watch(QApplication.instance())
        self.projector = Projector(self)
        self.projector.toggled.connect(lambda _on: QTimer.singleShot(50, self.balance_docks))
        self.autosaver = Autosaver(self)
        from .menus import Menus
        self.menus = Menus(self)
        self.autosaver.failed.connect(lambda why: self.statusBar().showMessage(
            f"Autosave failed ({why}): your work is not being kept for you; save it with "
            "File ▸ Save As."))
        if autosave:
            if self.autosaver.crashed_last_time() and self.autosaver.keep_crashed():
                self.notice.show()
            self.autosaver.start()
        from .playerbar import watch_focus_origin
        watch_focus_origin()          # (Space presses a control the keyboard moved to)
        wheel_guard.watch()           # (a wheel over a panel scrolls it, not its controls)
        from . import settings as settings_module
        self.statusBar().showMessage(
            f"Note: {settings_module.config_problem}." if settings_module.config_problem
            else "Choose a scenario to begin.")

    def _restyle_docks(self):
        for dock in (self.controls_dock, self.plots_dock):
            dock.setFont(appearance.dock_font())

    def _dock(self, title, name, area):
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{name}_dock")
        dock.setFont(appearance.dock_font())      # its title follows the zoom
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        dock.hide()
        dock.toggleViewAction().setEnabled(False)     # until a scenario fills it
        return dock

    # -- scenarios ------------------------------------------------------------------------
    def _build(self, name: str, preferences: bool = True) -> _Built:
        scenario = scenarios.create(name, self)
        built = _Built(scenario, None, None, None)
        try:
            built.view = scenario.create_view()
            built.controls = scenario.create_controls()
            built.plots = scenario.create_plots()
            player = scenario.player
            if player is not None and self.remember:   # the teacher's preferred pace
                step = self.settings.get("player/granularity")
                # (not in a lesson: its steps and answers are written for the scenario's
                # own step size; at a remembered "layer", 10 steps had shown one layer each
                # where the answer spoke of 10 updates)
                if preferences and step in player.GRANULARITIES:   # (the perceptron steps
                    player.set_granularity(step)       # by sample or epoch only)
                player.set_speed(self.settings.get("player/speed"))
        except Exception:
            built.discard()
            raise
        return built

    def open_scenario(self, name: str | None, keep_lesson: bool = False):
        """Switch to scenario `name` (None: the start page). Returns the new Scenario."""
        if not keep_lesson:
            self.end_lesson()
        if not name:
            self._close_scenario()
            self.stack.setCurrentWidget(self.start_page)
            for dock in (self.controls_dock, self.plots_dock):
                dock.hide()
                dock.toggleViewAction().setEnabled(False)     # nothing to show
            self.scenario_box.setCurrentIndex(0)
            self.focus_central()
            self.stats_label.setText("")
            self.stats_status.setText("")
            self._fit_stats()
            self.current_path = None
            self.setWindowTitle("nnviz")
            self.scenario_changed.emit(None)
            return None
        built = self._build(name, preferences=not keep_lesson)
        self.current_path = None
        scenario = self._install(built)     # (closes the one before, by its own flag)
        self._from_lesson = keep_lesson
        return scenario

    def _install(self, built: _Built):
        self._close_scenario()
        scenario = self.scenario = built.scenario
        self._view = built.view
        self.stack.addWidget(self._view)
        self.stack.setCurrentWidget(self._view)
        window_fit.narrow_combos(built.controls)     # before the dock sizes itself to it
        window_fit.spin_ranges(built.controls)
        self.controls_dock.setWidget(window_fit.scrolling(built.controls))
        self.controls_dock.show()
        self.controls_dock.toggleViewAction().setEnabled(True)
        if built.plots is not None:
            self.plots_dock.setWidget(window_fit.plots_scrolling(built.plots))
            self.plots_dock.show()
        else:
            self.plots_dock.hide()
        self.plots_dock.toggleViewAction().setEnabled(built.plots is not None)   # never empty
        if scenario.player is not None:
            from .playerbar import PlayerBar
            self._player_bar = PlayerBar(scenario.player, self.player_area)
            self.player_area.layout().addWidget(self._player_bar)
        scenario.status_message.connect(self.statusBar().showMessage)
        scenario.stats_changed.connect(self.show_stats)
        self.show_stats(scenario.current_stats())    # not the last scenario's figures
        QTimer.singleShot(0, self._fit_stats)     # once the new player bar is laid out
        self.balance_docks()
        QTimer.singleShot(0, self.balance_docks)   # again once laid out (if it did not take)
        scenario.state_changed.connect(self.autosaver.schedule)
        self.unsaved.track(scenario)
        self.scenario_box.setCurrentIndex(max(0, self.scenario_box.findData(scenario.name)))
        focus = self.focusWidget()
        if self.lesson_bar is None or focus is None or not self.lesson_bar.isAncestorOf(focus):
            self.focus_central()     # (a lesson's next slide leaves its buttons the focus)
        self._update_title()
        self.statusBar().showMessage(scenario.summary)
        self.projector.apply_to_new_scenario()
        if self.remember:
            self.settings.set("session/last_scenario", scenario.name)
        self.scenario_changed.emit(scenario)
        return scenario

    def focus_central(self):
        """Give the focus to what the centre shows: the scenario's view (a tab widget's
        page, not its tab bar) or the start page. Not to the scenario list (module
        docstring); not to a control of the view either, which might keep the arrows."""
        view = self._view if self._view is not None else self.start_page
        if isinstance(view, QTabWidget) and view.currentWidget() is not None:
            view = view.currentWidget()
        view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _close_scenario(self):
        if self.scenario is None:
            return
        player = self.scenario.player
        if player is not None and self.remember:
            if not self._from_lesson:     # (a lesson's step size is the lesson's)
                self.settings.set("player/granularity", player.granularity)
            self.settings.set("player/speed", float(player.speed))
        self.scenario.shutdown()
        if self._player_bar is not None:
            self._player_bar.setParent(None)
            self._player_bar.deleteLater()
            self._player_bar = None
        for dock in (self.controls_dock, self.plots_dock):
            w = dock.widget()
            if w is not None:
                dock.setWidget(None)
                w.deleteLater()
        self.stack.removeWidget(self._view)
        self._view.deleteLater()
        self._view = None
        self.scenario.deleteLater()
        self.scenario = None

    def _update_title(self):
        parts = ["nnviz"]
        if self.scenario is not None:
            parts.append(self.scenario.title)
        if self.current_path:
            import os
            parts.append(os.path.basename(self.current_path))
        self.setWindowTitle(" — ".join(parts) + (" *" if self.modified else ""))

    # -- unsaved work (unsaved.UnsavedWork) ---------------------------------------------
    @property
    def modified(self) -> bool:
        return self.unsaved.modified

    @modified.setter
    def modified(self, on: bool):
        self.unsaved.modified = bool(on)

    def maybe_save(self, before: str) -> bool:
        """True when the current work may be replaced: see UnsavedWork.ask."""
        return self.unsaved.ask(before)

    def choose_scenario(self, name: str | None):
        """The scenario list, a start-page card or a menu asked for `name`: after the
        unsaved work is saved or given up (the list goes back when they cancel)."""
        current = self.scenario.name if self.scenario is not None else None
        if name == current:
            return
        if not self.maybe_save("opening another scenario"):
            self.scenario_box.setCurrentIndex(max(0, self.scenario_box.findData(current or "")))
            if self.focusWidget() is self.scenario_box:   # (its Up/Down: again)
                self.focus_central()
            return
        self.open_scenario(name)

    # -- resizing and closing -------------------------------------------------------------
    def balance_docks(self):
        window_fit.balance_docks(self)

    def _zoom_changed(self):
        """After a zoom, once the new type is laid out: the panel's combo boxes take their
        width in the new type and the docks are sized to their content again (they had
        kept their width, and at 250 % the panel was cut off at the right)."""
        zoom = theme.manager().zoom
        if zoom != self._docks_zoom:
            self._docks_zoom = zoom
            QTimer.singleShot(0, self, self._refit_docks)
            for ms in (60, 300):       # (wrapped text settles later; later still when busy)
                QTimer.singleShot(ms, self, self.balance_docks)

    def _refit_docks(self):
        panel = self.controls_dock.widget()
        if panel is not None:
            window_fit.narrow_combos(panel)
        self.balance_docks()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._fit_stats()

    def closeEvent(self, event):
        if not self.maybe_save("closing nnviz"):
            event.ignore()
            return
        if self.remember and not self.projector.active:
            self.settings.set("window/geometry", bytes(self.saveGeometry().data()))
            self.settings.set("window/state", bytes(self.saveState().data()))
        self.end_lesson()
        self._close_scenario()
        self.projector.set_blank(False)
        self.autosaver.stop()
        self.menus.shutdown()
        self.zoom.unwatch(QApplication.instance())
        self.settings.sync()
        super().closeEvent(event)
