"""Autosave of the session and crash detection.

While the window is open a marker file (holding the process id) sits in the config
folder; a clean exit removes it. If it is still there at the next start (and its process
is gone), the last session did not end cleanly and the autosave can be restored.
The autosave is written every minute and a few seconds after the scenario says its state
changed (debounced), always atomically. After a crash the old autosave is moved aside
(keep_crashed) before the new session autosaves: it had been overwritten within a minute,
and "Restore it" then brought back the new session's work. A failed autosave says so
(`failed`) once per problem: a read-only config folder lost the work without a word.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from .. import files
from .settings import config_dir

INTERVAL_MS = 60_000
DEBOUNCE_MS = 3_000


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


class Autosaver(QObject):
    saved = Signal(str)
    failed = Signal(str)        # a new problem saving (the message); once per problem

    def __init__(self, window, folder: str | os.PathLike | None = None):
        super().__init__(window)
        self.window = window
        folder = Path(folder) if folder is not None else config_dir()
        self.path = folder / "autosave.nnviz"
        self.recovery = folder / "autosave-crashed.nnviz"   # the crashed session's work
        self.marker = folder / "running.pid"
        self.error = ""
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.save_now)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.save_now)

    def crashed_last_time(self) -> bool:
        """True if the last session ended without a clean exit and left an autosave."""
        try:
            pid = int(self.marker.read_text().strip() or "0")
        except (OSError, ValueError):
            return False
        return self.path.is_file() and not _pid_alive(pid)

    def keep_crashed(self) -> bool:
        """Move the crashed session's autosave aside (to `recovery`), before this session
        autosaves over it; True when there is one to restore."""
        try:
            os.replace(self.path, self.recovery)
        except OSError:
            pass
        return self.recovery.is_file()

    def start(self):
        try:
            self.marker.write_text(str(os.getpid()))
        except OSError as exc:
            self.error = f"cannot write {self.marker}: {exc.strerror or exc}"
        self._timer.start()

    def stop(self):
        """Clean exit: stop the timers and remove the marker."""
        self._timer.stop()
        self._debounce.stop()
        try:
            if self.marker.is_file() and self.marker.read_text().strip() == str(os.getpid()):
                self.marker.unlink()
        except OSError:
            pass

    def schedule(self):
        if self._timer.isActive():
            self._debounce.start()

    def save_now(self) -> str | None:
        """Save the current scenario; the path, or None (nothing to save or it failed)."""
        scenario = getattr(self.window, "scenario", None)
        if scenario is None:
            return None
        try:
            files.save(self.path, scenario.name, scenario.get_state())
        except (files.NnvizFileError, ValueError) as exc:
            if str(exc) != self.error:
                self.error = str(exc)
                self.failed.emit(self.error)
            return None
        self.error = ""
        self.saved.emit(str(self.path))
        return str(self.path)
