"""Unsaved work: whether the scenario's work changed since it was opened or saved (the
window's title gets a "*"), and the Save / Discard / Cancel question before it is closed
or replaced. A change is a change of the scenario's state, less its `view_keys` (how the
work is looked at), compared with the state it had when opened or saved."""

from __future__ import annotations

import json

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox


class UnsavedWork(QObject):
    """Follows the window's scenario; `modified` is what the title shows."""

    changed = Signal()          # modified went on or off

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.modified = False
        self._clean: str | None = None      # the state when opened or saved (state_text)
        self._check = QTimer(self)          # signals come many times a second while
        self._check.setSingleShot(True)     # training; a check reads the whole state
        self._check.setInterval(250)
        self._check.timeout.connect(self.check)

    def state_text(self) -> str | None:
        """The scenario's state as text, without its view keys (None when there is no
        scenario or its state cannot be read)."""
        scenario = self.window.scenario
        try:
            state = scenario.get_state()
            for key in getattr(scenario, "view_keys", ()):
                state.pop(key, None)
            return json.dumps(state, sort_keys=True, default=str)
        except (AttributeError, TypeError, ValueError):
            return None

    def track(self, scenario) -> None:
        """A scenario was installed: its state now is the clean one; its changes are
        checked from now on."""
        scenario.state_changed.connect(self.mark)
        scenario.stats_changed.connect(self.mark)      # (its weights moved)
        self.set_clean()

    def set_clean(self) -> None:
        """The work as it is now is saved (or just opened, or what a lesson left)."""
        self._clean = self.state_text()
        self._set(False)

    def set_unsaved(self) -> None:
        """The work is in no file (restored from an autosave)."""
        self._clean = None
        self._set(True)

    def mark(self, *_):
        if not self._check.isActive():
            self._check.start()

    def check(self):
        """Set by a real change, off again when the work is back where it was clean."""
        w = self.window
        if w.lesson_player is None and w.scenario is not None:
            self._set(self.state_text() != self._clean)

    def _set(self, on: bool):
        if on != self.modified:
            self.modified = on
            self.changed.emit()

    def ask(self, before: str) -> bool:
        """True when the work may be replaced (`before`: what the user asked, e.g.
        "closing"): saved, thrown away or unchanged; False when they cancelled. Only the
        real app asks (tests and screenshots do not), and never during a lesson."""
        w = self.window
        if not (w.remember and self.modified and w.scenario is not None
                and w.lesson_player is None) or self.state_text() == self._clean:
            return True
        box = QMessageBox(QMessageBox.Icon.Question, "Save your work?",
                          f"The {w.scenario.title} scenario has changes that are not "
                          f"saved. Save them before {before}?",
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, w)
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Cancel:
            return False
        if answer == QMessageBox.StandardButton.Save:
            w.menus.save()
            return not self.modified          # (cancelled or failed: keep it open)
        return True
