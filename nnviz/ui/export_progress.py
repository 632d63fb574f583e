"""A progress window for recording an animation: how many frames so far, and Cancel (a long
recording had frozen the window for minutes, with only a wait cursor to say why)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from . import export


class RecordingProgress:
    """progress(frames) for export.record: shows frames of n, False once Cancel is
    pressed; encoding() says the frames are being written; close() when done."""

    def __init__(self, parent: QWidget, n: int):
        self.dialog = QProgressDialog("Recording the animation…", "Cancel", 0, n, parent)
        self.dialog.setWindowTitle("Export animation")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(400)       # a short recording shows no window
        self.dialog.setValue(0)

    def __call__(self, frames: int) -> bool:
        self.dialog.setLabelText(f"Recording the animation: frame {frames:,} of "
                                 f"{self.dialog.maximum():,}…")
        self.dialog.setValue(frames)
        return not self.dialog.wasCanceled()

    def encoding(self):
        self.dialog.setLabelText("Writing the file…")
        self.dialog.setCancelButton(None)
        QApplication.processEvents()

    def close(self):
        self.dialog.reset()
        self.dialog.deleteLater()


def record_and_save(parent: QWidget, widget: QWidget, advance, n: int, path: str) -> None:
    """export.record then export.save_animation, with a progress window over `parent`
    (Cancel raises export.Cancelled: no file is written)."""
    progress = RecordingProgress(parent, n)
    try:
        frames = export.record(widget, advance, n, progress=progress)
        progress.encoding()
        export.save_animation(frames, path)
    finally:
        progress.close()
