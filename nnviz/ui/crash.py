"""Unexpected exceptions: autosave first, then a dialog with the details and a copy button.

`CrashReporter(window).install()` replaces sys.excepthook (Qt calls it for exceptions
raised in slots and event handlers); the app keeps running.
"""

from __future__ import annotations

import sys
import traceback

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from .. import version


class CrashDialog(QDialog):
    def __init__(self, details: str, saved_to: str | None, parent=None, save_error: str = ""):
        super().__init__(parent)
        self.setObjectName("crash_dialog")
        self.setWindowTitle("nnviz: something went wrong")
        saved = (f"Your work was saved to {saved_to}." if saved_to
                 else f"Your work could not be autosaved ({save_error}): save it with "
                      "File ▸ Save As now." if save_error
                 else "There was no work in progress to save.")
        self.message = QLabel(
            "<b>nnviz hit an unexpected error.</b><br>The app is still running. " + saved +
            "<br>If it happens again, please copy the details and send them to the developers.",
            self)
        self.message.setWordWrap(True)
        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setPlainText(details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton("&Copy details", self)
        self.copy_button.setToolTip("Copy the error details to the clipboard")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.details)
        layout.addWidget(buttons)
        self.resize(720, 420)

    def add(self, details: str):
        self.details.appendPlainText("\n" + details)

    def copy(self):
        QApplication.clipboard().setText(self.details.toPlainText())
        self.copy_button.setText("Copied")


class CrashReporter(QObject):
    def __init__(self, window=None, autosave=None):
        super().__init__(window)
        self.window = window
        self.autosave = autosave           # callable returning the path saved to, or None
        self.dialog: CrashDialog | None = None
        self._previous = None
        self.count = 0

    def install(self):
        self._previous = sys.excepthook
        sys.excepthook = self.handle

    def uninstall(self):
        if sys.excepthook == self.handle and self._previous is not None:
            sys.excepthook = self._previous

    def handle(self, exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        self.count += 1
        details = (f"nnviz {version()}, Python {sys.version.split()[0]}\n"
                   + "".join(traceback.format_exception(exc_type, exc, tb)))
        print(details, file=sys.stderr)
        saved_to = None
        if self.autosave is not None:
            try:
                saved_to = self.autosave()
            except Exception as save_exc:  # noqa: BLE001 - never fail while reporting
                details += f"\n(autosave failed too: {save_exc})"
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add(details)
        else:
            saver = getattr(self.window, "autosaver", None)
            error = saver.error if saved_to is None and saver is not None and getattr(
                self.window, "scenario", None) is not None else ""
            self.dialog = CrashDialog(details, saved_to, self.window, error)
            self.dialog.show()
