"""Opening and saving the main window's work (a mixin of MainWindow): a saved scenario or a
lesson file (open_path), a checked document (open_document), saving (save_path), and the
work autosaved by a session that did not close cleanly: the notice that offers it and
restoring it (restore_autosave). Opening is all or nothing: a file that cannot be used
leaves the current work exactly as it was."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from .. import files, lessons


class WindowFiles:
    """File methods of MainWindow (uses its _build, _install, end_lesson, start_lesson,
    maybe_save, unsaved, autosaver, current_path, _from_lesson, _update_title and status
    bar)."""

    def _restore_notice(self, parent) -> QWidget:
        """The notice over the centre (hidden until a crashed session's work is kept):
        restore that work, or dismiss the notice."""
        self.notice = QWidget(parent)
        self.notice.setObjectName("restore_notice")
        row = QHBoxLayout(self.notice)
        self.notice_label = QLabel("nnviz did not close cleanly last time. Your work was "
                                   "autosaved.", self.notice)
        self.restore_button = QPushButton("Restore it", self.notice)
        self.restore_button.setToolTip("Open the autosaved work of the last session")
        self.dismiss_button = QPushButton("Dismiss", self.notice)
        self.notice_label.setWordWrap(True)     # (unwrapped, in projector type it held a
        row.addWidget(self.notice_label, 1)     # 1024-px window 1190 px wide)
        row.addWidget(self.restore_button)
        row.addWidget(self.dismiss_button)
        self.notice.hide()
        self.restore_button.clicked.connect(self.restore_autosave)
        self.dismiss_button.clicked.connect(self.notice.hide)
        return self.notice

    def open_path(self, path: str):
        """Open a saved scenario or a lesson. NnvizFileError (file, place, problem) if it
        cannot be used; then the current work is left exactly as it was."""
        if lessons.is_lesson(path):
            self.start_lesson(lessons.load(path))
            return
        doc = files.load(path)
        self.open_document(doc, path)

    def open_document(self, doc: files.Document, path: str = "<file>"):
        """Load a checked document into a fresh scenario, then show it (never half-way)."""
        built = self._build(doc.scenario)
        try:
            built.scenario.load_state(doc.state)
        except (ValueError, TypeError, KeyError, IndexError) as exc:
            built.discard()
            raise files.NnvizFileError(path, "$.state", f"the {doc.scenario} scenario cannot "
                                                         f"use these settings: {exc}") from None
        self.end_lesson()
        self._install(built)
        self._from_lesson = False
        self.current_path = None if path.startswith("<") else path
        self._update_title()
        self.statusBar().showMessage(f"Opened {path}")
        return built.scenario

    def save_path(self, path: str):
        """Save the current scenario (atomically). NnvizFileError on failure."""
        if self.scenario is None:
            raise ValueError("open a scenario first: the start page has nothing to save")
        files.save(path, self.scenario.name, self.scenario.get_state())
        self.current_path = path
        self.unsaved.set_clean()
        self._update_title()
        self.statusBar().showMessage(f"Saved {path}")

    def restore_autosave(self):
        if not self.maybe_save("restoring the autosave"):
            return
        self.notice.hide()
        path = self.autosaver.recovery
        try:
            self.open_document(files.load(path), str(path))
        except files.NnvizFileError as exc:
            QMessageBox.warning(self, "Cannot restore the autosave",
                                f"{exc}\n\nThe last session's autosave cannot be used. "
                                "Open your last saved file with File ▸ Open, or choose a "
                                "scenario to start again.")
            return
        self.current_path = None
        self.unsaved.set_unsaved()         # restored work is in no file yet
        self._update_title()
