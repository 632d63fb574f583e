"""A panel's explanation folded to its first lines, with a link to show the rest: on a
1280×800 screen the whole text had pushed a scenario's most used controls (the learning
rate, Reset) below the panel's fold. The links work from the keyboard (Tab, Enter)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


class FoldLabel(QLabel):
    """`summary` always; `details` (rich text) after it once "More…" is followed, until
    "Less"."""

    def __init__(self, summary: str, details: str, parent=None, more: str = "More…",
                 name: str = "explanation"):
        super().__init__(parent)
        self.summary, self.details, self.more = summary, details, more
        self.folded = True
        self.setObjectName(name)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.linkActivated.connect(lambda link: self.set_folded(link != "more"))
        self._write()

    def set_folded(self, on: bool):
        self.folded = bool(on)
        self._write()

    def _write(self):
        if self.folded:
            self.setText(f"{self.summary} <a href='more'>{self.more}</a>")
        else:
            self.setText(f"{self.summary}{self.details} <a href='less'>Less</a>")


__all__ = ["FoldLabel"]
