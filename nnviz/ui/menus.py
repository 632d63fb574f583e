"""The main window's menus and the dialogs behind them: files (open, save, recent),
lessons, settings, the shortcuts sheet and About (the export dialogs: export_dialogs.py)."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox

from .. import files, lessons, scenarios, version
from ..files import NnvizFileError
from .export_dialogs import ExportDialogs, with_ending  # noqa: F401  (re-exported)

OPEN_FILTER = "nnviz files (*.nnviz *.nnviz-lesson);;Saved scenarios (*.nnviz);;" \
              "Lessons (*.nnviz-lesson);;All files (*)"


class Menus(ExportDialogs):
    def __init__(self, window):
        self.w = window
        bar = window.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.open_action = self.act(
            "&Open…", self.open_dialog, QKeySequence.StandardKey.Open, self.file_menu,
            "Open a saved scenario (.nnviz) or a lesson (.nnviz-lesson)")
        self.recent_menu = self.file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self.fill_recent)
        self.save_action = self.act(
            "&Save", self.save, QKeySequence.StandardKey.Save, self.file_menu,
            "Save the scenario with its settings, weights, data and history")
        self.act("Save &as…", self.save_as, QKeySequence.StandardKey.SaveAs, self.file_menu,
                 "Save the scenario under a new name")
        self.file_menu.addSeparator()
        self.act("Export &picture…", self.export_picture, QKeySequence("Ctrl+E"),
                 self.file_menu, "The canvas or a plot as PNG (any scale) or SVG (vector)")
        self.act("Export step &trace as CSV…", self.export_csv, None, self.file_menu,
                 "Every z, a, delta, gradient and update of the current step")
        self.act("Export &animation…", self.export_animation, None, self.file_menu,
                 "The current step, or N training steps, as an animated GIF or PNG sequence")
        self.file_menu.addSeparator()
        self.act("&Quit", window.close, QKeySequence.StandardKey.Quit, self.file_menu)

        self.view_menu = bar.addMenu("&View")
        for dock, text, key in ((window.controls_dock, "&Scenario panel", "F6"),
                                (window.plots_dock, "&Plots panel", "F7")):
            # window-wide keys: they show a panel in projector mode too (no menu bar there)
            action = dock.toggleViewAction()
            action.setText(text)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            window.addAction(action)
            self.view_menu.addAction(action)
        self.view_menu.addSeparator()
        for a in window.zoom.actions():
            self.view_menu.addAction(a)
        self.view_menu.addSeparator()
        for a in (window.projector.action, window.projector.blank_action,
                  window.projector.spotlight_action):
            self.view_menu.addAction(a)
        self.view_menu.addSeparator()
        self.act("&Settings…", self.settings_dialog, QKeySequence("Ctrl+,"), self.view_menu,
                 "Theme, palette, zoom and the player's pace")

        self.scenario_menu = bar.addMenu("&Scenario")
        self.start_page_action = self.act("Start page", lambda: window.choose_scenario(None),
                                          QKeySequence("Ctrl+Home"), self.scenario_menu)
        self.scenario_menu.addSeparator()
        for i, name in enumerate(scenarios.names()):
            self.act(scenarios.get(name).title, lambda _=False, n=name: window.choose_scenario(n),
                     QKeySequence(f"Ctrl+{i + 1}") if i < 9 else None, self.scenario_menu)

        self.lesson_menu = bar.addMenu("&Lesson")
        for path in lessons.shipped():
            try:
                title = lessons.load(path).title
            except NnvizFileError:
                continue
            self.act(title, lambda _=False, p=path: self.open_file(p), None, self.lesson_menu,
                     f"Start the lesson {os.path.basename(path)}")
        self.lesson_menu.addSeparator()
        self.slide_actions = [
            self.act("Next slide", lambda: window.lesson_player and window.lesson_player.next(),
                     QKeySequence("Ctrl+PgDown"), self.lesson_menu),
            self.act("Previous slide",
                     lambda: window.lesson_player and window.lesson_player.previous(),
                     QKeySequence("Ctrl+PgUp"), self.lesson_menu),
            self.act("End the lesson", window.end_lesson, None, self.lesson_menu)]
        # greyed in the open menu when no lesson runs (they did nothing, silently); enabled
        # again when it closes, so that their keys work as soon as a lesson starts
        self.lesson_menu.aboutToShow.connect(lambda: self._slides_enabled(
            window.lesson_player is not None))
        self.lesson_menu.aboutToHide.connect(lambda: self._slides_enabled(True))
        # presenter clicker: window-wide keys, listed in the shortcuts sheet
        self.clicker_forward = self.act("Clicker forward", window.clicker_forward,
                                        QKeySequence("PgDown"), None)
        self.clicker_back = self.act("Clicker back", window.clicker_back,
                                     QKeySequence("PgUp"), None)

        self.help_menu = bar.addMenu("&Help")
        # Shift+F1: window-wide, so that it opens in projector mode too (no menu bar there)
        self.guide_action = self.act(
            "&Getting started", lambda: self.guide(0), QKeySequence("Shift+F1"), self.help_menu,
            "How the application is laid out, and how to watch, step and present")
        self.act("What the &colours mean", lambda: self.guide(1), None, self.help_menu,
                 "The colour key: the same meaning in every view")
        self.shortcuts_action = self.act("&Keyboard shortcuts", self.shortcuts,
                                         QKeySequence("F1"), self.help_menu)
        self.help_menu.addSeparator()
        self.act("&About nnviz", self.about, None, self.help_menu)
        self._dialogs = []

    def _slides_enabled(self, on: bool):
        for action in self.slide_actions:
            action.setEnabled(on)

    def act(self, text, slot, shortcut=None, menu=None, tip=""):
        action = QAction(text, self.w)
        if shortcut is not None:
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(lambda _=False: slot())
        if menu is not None:
            menu.addAction(action)
        self.w.addAction(action)
        return action

    def shutdown(self):
        for d in self._dialogs:
            d.close()

    # -- files ----------------------------------------------------------------------------
    def _folder(self) -> str:
        return self.w.settings.get("files/last_folder") or os.path.expanduser("~")

    def open_dialog(self):
        path, _ = QFileDialog.getOpenFileName(self.w, "Open", self._folder(), OPEN_FILTER)
        if path:
            self.open_file(path)

    def open_file(self, path: str) -> bool:
        if not self.w.maybe_save("opening another file"):
            return False
        try:
            self.w.open_path(path)
        except NnvizFileError as exc:
            QMessageBox.warning(self.w, "Cannot open this file",
                                f"{exc}\n\nNothing was changed: your current work is as it was.")
            return False
        self._remember(path)
        return True

    def _remember(self, path: str):
        if self.w.remember:
            self.w.settings.add_recent(path)
            self.w.settings.set("files/last_folder", os.path.dirname(os.path.abspath(path)))

    def fill_recent(self):
        self.recent_menu.clear()
        recent = self.w.settings.recent_files()
        if not recent:
            self.recent_menu.addAction("(no recent files)").setEnabled(False)
        for path in recent:
            a = self.recent_menu.addAction(os.path.basename(path))
            a.setToolTip(path)
            a.triggered.connect(lambda _=False, p=path: self.open_file(p))

    def save(self):
        if self.w.current_path:
            self._save_to(self.w.current_path)
        else:
            self.save_as()

    def save_as(self):
        if self.w.scenario is None:
            self.w.statusBar().showMessage("Open a scenario first: there is nothing to save.")
            return
        start = os.path.join(self._folder(), f"{self.w.scenario.name}{files.SUFFIX}")
        path, _ = QFileDialog.getSaveFileName(self.w, "Save scenario", start,
                                              "Saved scenarios (*.nnviz)")
        if path and not path.endswith(files.SUFFIX):
            path = self._may_replace(path, path + files.SUFFIX)
        if path:
            self._save_to(path)

    def _save_to(self, path):
        try:
            self.w.save_path(path)
        except (NnvizFileError, ValueError) as exc:
            QMessageBox.warning(self.w, "Could not save", str(exc))
            return
        self._remember(path)

    def _may_replace(self, typed: str, path: str) -> str:
        """`path`, the dialog's `typed` name with its ending added; when that adds the
        ending and names a file that exists, only if the user agrees to replace it ("" if
        not): the dialog had asked about the name as typed, which did not exist, and the
        file with the ending was overwritten without a word."""
        if not path or path == typed or not os.path.exists(path):
            return path
        answer = QMessageBox.question(
            self.w, "Replace file?",
            f"“{os.path.basename(path)}” already exists in {os.path.dirname(path)}. "
            "Replace it?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return path if answer == QMessageBox.StandardButton.Yes else ""

    # -- help -------------------------------------------------------------------------------
    def settings_dialog(self):
        from .settingsdialog import SettingsDialog
        dialog = SettingsDialog(self.w)
        self._dialogs.append(dialog)
        dialog.show()
        return dialog

    def shortcuts(self):
        from .shortcuts import ShortcutsDialog
        dialog = ShortcutsDialog(self.w)
        self._dialogs.append(dialog)
        dialog.show()
        return dialog

    def guide(self, page: int = 0):
        """Help ▸ Getting started (page 0) or What the colours mean (page 1): one dialog,
        raised again rather than opened twice."""
        from .guide import GuideDialog
        dialog = next((d for d in self._dialogs if isinstance(d, GuideDialog)), None)
        if dialog is None:
            dialog = GuideDialog(self.w)
            self._dialogs.append(dialog)
        dialog.show_page(page)
        dialog.show()
        dialog.raise_()
        return dialog

    def about(self):
        QMessageBox.about(self.w, "About nnviz",
                          f"<h3>nnviz {version()}</h3><p>Watch neural networks work: the "
                          "McCulloch–Pitts neuron, the perceptron, XOR and backpropagation, "
                          "step by step with the real numbers.</p>")
