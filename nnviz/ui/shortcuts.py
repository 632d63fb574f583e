"""The keyboard shortcuts sheet (F1), built from the window's real actions."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout

# keys handled outside QActions (presenter clicker), described in words
EXTRA = [
    ("Page Down", "Presenter clicker forward: reveal the prediction, step the player, or go to "
                  "the next lesson slide"),
    ("Page Up", "Presenter clicker back: step back, or go to the previous lesson slide"),
    ("Ctrl + mouse wheel", "Zoom in or out"),
]


def collect(window) -> list[tuple[str, str]]:
    """(keys, description) for every action of the window that has a shortcut."""
    seen, rows = set(), []
    for action in window.findChildren(QAction):
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        keys = [k for k in keys if k]
        text = action.text().replace("&", "").rstrip(".…")
        if not keys or not text or (text, keys[0]) in seen:
            continue
        seen.add((text, keys[0]))
        rows.append((" or ".join(keys), text))
    rows.sort(key=lambda r: r[1].lower())
    return rows + EXTRA


class ShortcutsDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.rows = collect(window)
        cells = "".join(f"<tr><td style='padding:2px 16px 2px 0'><b>{html.escape(k)}</b></td>"
                        f"<td>{html.escape(d)}</td></tr>" for k, d in self.rows)
        label = QLabel(f"<table>{cells}</table>", self)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        scroll = QScrollArea(self)
        scroll.setWidget(label)
        scroll.setWidgetResizable(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(buttons)
        self.resize(640, 560)
