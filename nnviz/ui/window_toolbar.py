"""The main window's toolbar (a mixin of MainWindow): the scenario list, the place where a
scenario's player bar goes, and the training progress at its right (epochs or steps, loss,
accuracy, with the test figures), which moves to the status bar when the toolbar is too
narrow for it (window_fit.fit_stats decides)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolBar, QWidget

from .. import scenarios
from . import window_fit
from .numbers import epochs_done, fmt
from .scenario_box import ScenarioBox
from .statusbar import StatusBar


class WindowToolbar:
    """Toolbar methods of MainWindow (uses its choose_scenario and focus_central)."""

    def _build_toolbar(self):
        """The toolbar (and the status bar, where the progress figures go when the toolbar
        is too narrow for them)."""
        self.toolbar = QToolBar("Controls", self)
        self.toolbar.setObjectName("toolbar")
        self.toolbar.setMovable(False)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        self.setStatusBar(StatusBar(self))
        self.scenario_box = ScenarioBox(self)
        self.scenario_box.setAccessibleName("Scenario")
        self.scenario_box.setToolTip("Choose a scenario (the lessons in syllabus order)")
        self.scenario_box.addItem("Start page", "")
        for name in scenarios.names():
            self.scenario_box.addItem(scenarios.get(name).title, name)
        self.scenario_box.activated.connect(
            lambda i: self.choose_scenario(self.scenario_box.itemData(i) or None))
        self.scenario_box.closed.connect(   # (after the choice, if any, is handled)
            lambda: QTimer.singleShot(0, self, self.focus_central))
        window_fit.elide_choice(self.scenario_box)
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
        self._stats_action = self.toolbar.addWidget(self.stats_label)
        # when the toolbar is too narrow for it, the same text shows in the status bar
        self.stats_status = QLabel("", self)
        self.stats_status.setObjectName("statsStatus")
        self.stats_status.setToolTip(self.stats_label.toolTip())
        self.statusBar().addPermanentWidget(self.stats_status)
        self.stats_status.hide()

    def show_stats(self, stats: dict):
        parts = [stats["name"]] if stats.get("name") else []   # whose figures, if not obvious
        if "epoch" in stats:
            parts.append(epochs_done(stats["epoch"]))
        if "steps" in stats:          # gradient descent counts steps, not epochs
            parts.append(f"{stats['steps']:,d} step{'' if stats['steps'] == 1 else 's'}")
        if stats.get("loss") is not None:
            test = stats.get("test_loss")
            parts.append(f"loss {fmt(stats['loss'])}"      # (a diverged 5.82e+12 in short)
                         + (f" (test {fmt(test)})" if test is not None else ""))
        if stats.get("acc") is not None:
            test = stats.get("test_acc")
            parts.append(f"acc {100 * stats['acc']:.0f}%"
                         + (f" (test {100 * test:.0f}%)" if test is not None else ""))
        self.stats_label.setText("   ".join(parts))
        self.stats_status.setText(self.stats_label.text())
        self._fit_stats()

    def _refit_later(self, *_):
        QTimer.singleShot(0, self, self._fit_stats)

    def _fit_stats(self):
        window_fit.fit_stats(self)
