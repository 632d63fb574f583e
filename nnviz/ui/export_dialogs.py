"""The File ▸ Export dialogs (a mixin of Menus): a picture of the canvas or a plot (PNG at
any scale, or SVG), the current step's trace as CSV, and an animation (the next step event by
event, or N training steps) as a GIF or PNG sequence. Each asks what to export and where,
adds the chosen file type's ending to a name typed without one, and runs the export with a
busy cursor and a status line (the work itself is export.py and export_progress.py)."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox

from ..files import NnvizFileError
from ..scenarios.base import Scenario
from . import export


class ExportDialogs:
    """Export methods of Menus (uses its window `w`, _folder and _may_replace)."""

    def targets(self) -> dict:
        """What can be exported as a picture: name → widget."""
        found = {"Whole window": self.w}
        if self.w._view is not None:
            found["Centre view (canvas and formula)"] = self.w._view
        plots = self.w.plots_dock.widget()
        if plots is not None and self.w.plots_dock.isVisible():
            import pyqtgraph as pg
            views = [v for v in plots.findChildren(pg.GraphicsView) if v.isVisible()]
            for i, v in enumerate(views):
                title = _plot_name(v) or f"plot {i + 1}"
                key = f"Plot: {title[:40]}"
                found[key if key not in found else f"{key} ({i + 1})"] = v
            if not views:
                found["Plots panel"] = plots
        return found

    def export_picture(self):
        targets = self.targets()
        name, ok = QInputDialog.getItem(self.w, "Export picture", "What to export:",
                                        list(targets), 1 if len(targets) > 1 else 0, False)
        if not ok:
            return
        scale, ok = QInputDialog.getDouble(self.w, "Export picture",
                                           "Scale (2 = twice the screen size; PNG only):",
                                           self.w.settings.get("export/scale"), 0.25,
                                           export.MAX_SCALE, 2)
        if not ok:
            return
        path = self._save_path("Export picture",
                               "PNG picture (*.png);;SVG vector picture (*.svg)")
        if path:
            self._run(lambda: export.save_picture(targets[name], path, scale), path)

    def export_csv(self):
        if self.w.scenario is None:
            self.w.statusBar().showMessage("Open a scenario first, then step forward once.")
            return
        player = self.w.scenario.player
        if player is None:     # (no step to make: "step forward first" sent one in circles)
            self.w.statusBar().showMessage(
                "This scenario has no training steps, so there is no step trace to export; "
                "File ▸ Export picture… saves what it shows.")
            return
        trace = player.trace
        if trace is None:
            self.w.statusBar().showMessage("No step to export yet: step forward once first.")
            return
        if not hasattr(trace, "a_in"):      # the perceptron's rule: no network trace
            self.w.statusBar().showMessage(
                "This scenario's steps have no network trace (z, a, δ) to export: its panel "
                "writes each step out. Export a picture or an animation instead.")
            return
        path = self._save_path("Export step trace", "CSV table (*.csv)")
        if path:
            self._run(lambda: export.save_trace_csv(trace, path), path)

    def export_animation(self):
        scenario = self.w.scenario
        if scenario is None or self.w._view is None:
            self.w.statusBar().showMessage("Open a scenario first.")
            return
        if type(scenario).run_steps is Scenario.run_steps:   # nothing steps here: N frames
            self.w.statusBar().showMessage(                  # of the same picture, said
                "This scenario has no training steps to animate; File ▸ Export picture… "
                "saves what it shows.")                       # "Exported" (activations, neuron)
            return
        choices = ["N training steps (one frame per step)"]
        if scenario.player is not None and hasattr(scenario.player, "step_complete"):
            choices.insert(0, "The next step, event by event")   # (the network player's)
        kind, ok = QInputDialog.getItem(self.w, "Export animation", "Animate:", choices, 0, False)
        if not ok:
            return
        n = export.STEP_FRAMES
        if kind.startswith("N"):
            most = export.frames_allowed(self.w._view)    # (memory: frames are held)
            n, ok = QInputDialog.getInt(self.w, "Export animation",
                                        f"Training steps (at most {most:,}):", min(30, most),
                                        1, most)
            if not ok:
                return
        path = self._save_path("Export animation",
                               "Animated GIF (*.gif);;PNG sequence (*.png)")
        if not path:
            return
        if kind.startswith("N"):
            def advance():
                scenario.run_steps(1)
        else:
            advance = export.step_advancer(scenario.player)
        scenario.show_what_trains()     # the first frame: the page the steps change (XOR's
        #                                 had shown the hand-built network, then switched)
        from .export_progress import record_and_save
        self._run(lambda: record_and_save(self.w, self.w._view, advance, n, path), path,
                  (".gif", ".png"))

    def _save_path(self, title: str, filters: str) -> str:
        """A save dialog's path ("" when cancelled), with its type's ending added."""
        path, chosen = QFileDialog.getSaveFileName(self.w, title, self._folder(), filters)
        return self._may_replace(path, with_ending(path, chosen, filters))

    def _run(self, job, path, suffixes=None):
        """Run an export with a busy cursor and a status line saying what is going on (an
        animation takes seconds: the window had just frozen)."""
        try:
            if suffixes is not None:      # before the work (an animation trains first)
                export.check_target(path, suffixes)
            self.w.statusBar().showMessage(f"Exporting {os.path.basename(path)}…")
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            QApplication.processEvents()
            try:
                job()
            finally:
                QApplication.restoreOverrideCursor()
        except export.Cancelled:
            self.w.statusBar().showMessage("Export cancelled: no file was written.")
            return
        except (NnvizFileError, ValueError, OSError) as exc:
            self.w.statusBar().clearMessage()
            QMessageBox.warning(self.w, "Export failed", str(exc))
            return
        self.w.statusBar().showMessage(f"Exported {path}")


def with_ending(path: str, chosen: str, filters: str) -> str:
    """A save dialog's path with the ending of the chosen file type ("PNG picture (*.png)")
    added when it has none of the dialog's endings: "slide1" had given "Export failed …
    choose a name ending in .png" and three dialogs to go through again."""
    import re

    def endings(text):
        return tuple(re.findall(r"\*(\.[\w.]+)", text or ""))
    mine = endings(chosen) or endings(filters)
    if not path or not mine or path.lower().endswith(endings(filters)):
        return path
    return path.rstrip(".") + mine[0]          # ("slide1." had become "slide1..png")


def _plot_name(view) -> str:
    """A plot's name for the export list: its title, else "loss vs epoch" from its axes
    ("Plot 1", "Plot 2" had not said which was which)."""
    import re
    item = view.getPlotItem() if hasattr(view, "getPlotItem") else None
    if item is None:
        return view.toolTip() or view.objectName()

    def plain(text) -> str:
        return re.sub(r"<[^>]+>", "", text or "").strip()
    title = plain(item.titleLabel.text) if item.titleLabel.isVisible() else ""
    if title:
        return title
    left, bottom = (plain(item.getAxis(n).labelText) for n in ("left", "bottom"))
    return f"{left} vs {bottom}" if left and bottom else left or bottom
