"""The main window: one layout for every scenario.

Toolbar (scenario selector, the player's controls, epoch/loss/accuracy), the scenario's
controls in the left dock, its view in the centre, its plots in the right dock, and a
status line. A start page shows the scenarios as cards.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from .. import __version__, scenarios
from .startpage import StartPage


class MainWindow(QMainWindow):
    scenario_changed = Signal(object)   # the new Scenario (or None for the start page)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("nnviz")
        self.setObjectName("MainWindow")
        self.scenario = None
        self._player_bar = None

        # toolbar
        self.toolbar = QToolBar("Controls", self)
        self.toolbar.setObjectName("toolbar")
        self.toolbar.setMovable(False)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self.scenario_box = QComboBox(self)
        self.scenario_box.setToolTip("Choose a scenario (the lessons in syllabus order)")
        self.scenario_box.addItem("Start page", "")
        for name in scenarios.names():
            self.scenario_box.addItem(scenarios.get(name).title, name)
        self.scenario_box.activated.connect(
            lambda i: self.open_scenario(self.scenario_box.itemData(i) or None))
        self.toolbar.addWidget(self.scenario_box)
        self.player_area = QWidget(self)
        self.player_area.setLayout(QHBoxLayout())
        self.player_area.layout().setContentsMargins(8, 0, 8, 0)
        self.toolbar.addWidget(self.player_area)
        spacer = QWidget(self)
        spacer.setSizePolicy(spacer.sizePolicy().horizontalPolicy().Expanding,
                             spacer.sizePolicy().verticalPolicy().Preferred)
        self.toolbar.addWidget(spacer)
        self.stats_label = QLabel("", self)
        self.stats_label.setObjectName("stats")
        self.stats_label.setToolTip("Training progress: epochs done, loss, accuracy")
        self.toolbar.addWidget(self.stats_label)

        # centre: start page or the scenario's view
        self.stack = QStackedWidget(self)
        self.start_page = StartPage(self)
        self.start_page.chosen.connect(self.open_scenario)
        self.stack.addWidget(self.start_page)
        self.setCentralWidget(self.stack)

        # docks
        self.controls_dock = self._dock("Scenario", "controls", Qt.DockWidgetArea.LeftDockWidgetArea)
        self.plots_dock = self._dock("Plots", "plots", Qt.DockWidgetArea.RightDockWidgetArea)

        self._build_menus()
        self.statusBar().showMessage("Choose a scenario to begin.")

    # -- building -------------------------------------------------------------------------
    def _dock(self, title, name, area):
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{name}_dock")
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        dock.hide()
        return dock

    def _build_menus(self):
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.file_menu.addAction(quit_action)
        self.view_menu = bar.addMenu("&View")
        self.view_menu.addAction(self.controls_dock.toggleViewAction())
        self.view_menu.addAction(self.plots_dock.toggleViewAction())
        self.scenario_menu = bar.addMenu("&Scenario")
        home = QAction("Start page", self)
        home.setShortcut(QKeySequence("Ctrl+Home"))
        home.triggered.connect(lambda: self.open_scenario(None))
        self.scenario_menu.addAction(home)
        self.scenario_menu.addSeparator()
        for i, name in enumerate(scenarios.names()):
            action = QAction(scenarios.get(name).title, self)
            if i < 9:
                action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _=False, n=name: self.open_scenario(n))
            self.scenario_menu.addAction(action)
        self.lesson_menu = bar.addMenu("&Lesson")
        self.help_menu = bar.addMenu("&Help")
        about = QAction("&About nnviz", self)
        about.triggered.connect(self.show_about)
        self.help_menu.addAction(about)

    # -- scenarios ------------------------------------------------------------------------
    def open_scenario(self, name: str | None):
        """Switch to scenario `name` (None: the start page). Returns the new Scenario."""
        self._close_scenario()
        if not name:
            self.stack.setCurrentWidget(self.start_page)
            self.controls_dock.hide()
            self.plots_dock.hide()
            self.scenario_box.setCurrentIndex(0)
            self.stats_label.setText("")
            self.setWindowTitle("nnviz")
            self.scenario_changed.emit(None)
            return None
        scenario = scenarios.create(name, self)
        self.scenario = scenario
        self._view = scenario.create_view()
        self.stack.addWidget(self._view)
        self.stack.setCurrentWidget(self._view)
        self.controls_dock.setWidget(scenario.create_controls())
        self.controls_dock.show()
        plots = scenario.create_plots()
        if plots is not None:
            self.plots_dock.setWidget(plots)
            self.plots_dock.show()
        else:
            self.plots_dock.hide()
        if scenario.player is not None:
            from .playerbar import PlayerBar
            self._player_bar = PlayerBar(scenario.player, self.player_area)
            self.player_area.layout().addWidget(self._player_bar)
        scenario.status_message.connect(self.statusBar().showMessage)
        scenario.stats_changed.connect(self.show_stats)
        self.scenario_box.setCurrentIndex(max(0, self.scenario_box.findData(name)))
        self.setWindowTitle(f"nnviz — {scenario.title}")
        self.statusBar().showMessage(scenario.summary)
        self.scenario_changed.emit(scenario)
        return scenario

    def _close_scenario(self):
        if self.scenario is None:
            return
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
        self.scenario.deleteLater()
        self.scenario = None

    def show_stats(self, stats: dict):
        parts = []
        if "epoch" in stats:
            parts.append(f"epoch {stats['epoch']:07,d}")
        if stats.get("loss") is not None:
            parts.append(f"loss {stats['loss']:.4f}")
        if stats.get("acc") is not None:
            parts.append(f"acc {100 * stats['acc']:.0f}%")
        self.stats_label.setText("   ".join(parts))

    def show_about(self):
        QMessageBox.about(self, "About nnviz",
                          f"<h3>nnviz {__version__}</h3><p>Watch neural networks work: the "
                          "McCulloch–Pitts neuron, the perceptron, XOR and backpropagation, "
                          "step by step with the real numbers.</p>")

    def closeEvent(self, event):
        self._close_scenario()
        super().closeEvent(event)
