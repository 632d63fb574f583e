"""The keyboard shortcuts sheet (F1), built from the window's real actions and the player's
keys (nnviz.ui.playerbar.KEYS), in three parts: the player, the window's actions, and the
keys handled outside QActions (the player's part only when the open scenario has a
player); first, when the open scenario has keys of its own (Scenario.own_keys), those.
Every key is listed once; long descriptions wrap (the sheet never scrolls sideways). The
sheet grows with the zoom."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout

from . import window_fit
from .playerbar import KEYS as PLAYER_KEYS

# keys handled outside QActions or better described in words than by their action's name
# (the presenter clicker's Page Down / Page Up actions): (key sequence or None, shown
# keys, description)
EXTRA = [
    ("PgDown", "Page Down", "Presenter clicker forward: reveal the prediction, step the "
                            "player, or go to the next lesson slide"),
    ("PgUp", "Page Up", "Presenter clicker back: step back, or go to the previous lesson "
                        "slide"),
    (None, "Ctrl + mouse wheel", "Zoom in or out"),
]
PLAYER_TITLE = "Player (scenarios with ▶ controls)"
WINDOW_TITLE = "Window"
OTHER_TITLE = "Presenting and zoom"


def key_text(seq: QKeySequence) -> str:
    """A key sequence as the sheet shows it ("Page Down", not Qt's "PgDown")."""
    return (seq.toString(QKeySequence.SequenceFormat.NativeText)
            .replace("PgDown", "Page Down").replace("PgUp", "Page Up"))


def sections(window) -> list[tuple[str, list[tuple[str, str]]]]:
    """(title, [(keys, description)]) for the player, the window's actions that have a
    shortcut (sorted by description) and the extra keys; each key in one row only."""
    described = {QKeySequence(k).toString() for k, _, _ in EXTRA if k}
    seen, rows = set(), []
    for action in window.findChildren(QAction):
        seqs = [s for s in action.shortcuts() if not s.isEmpty()]
        text = action.text().replace("&", "").rstrip(".…")
        if not seqs or not text or (text, seqs[0].toString()) in seen:
            continue
        if any(s.toString() in described for s in seqs):
            continue                   # listed below, in words
        seen.add((text, seqs[0].toString()))
        rows.append((" or ".join(key_text(s) for s in seqs), text))
    # (in the menus' order: File, View, Scenario, Lesson — sorted by their words, the
    # scenarios' Ctrl+8 came first and Save sat among them)
    scenario = getattr(window, "scenario", None)
    own = [(scenario.own_keys_title, list(scenario.own_keys))] \
        if scenario is not None and scenario.own_keys else []
    # the player's keys unless the open scenario has no player (its own keys may be the
    # same keys with other meanings: gradient descent's arrows)
    player = [] if scenario is not None and scenario.player is None \
        else [(PLAYER_TITLE, list(PLAYER_KEYS))]
    return [*own, *player, (WINDOW_TITLE, rows),
            (OTHER_TITLE, [(shown, text) for _, shown, text in EXTRA])]


def collect(window) -> list[tuple[str, str]]:
    """(keys, description) for every row of the sheet, in its order."""
    return [row for _, rows in sections(window) for row in rows]


class ShortcutsDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.sections = sections(window)
        self.rows = [row for _, rows in self.sections for row in rows]
        cells = []
        for title, rows in self.sections:
            cells.append(f"<tr><td colspan='2' style='padding:10px 0 4px 0'>"
                         f"<b><big>{html.escape(title)}</big></b></td></tr>")
            cells.extend(f"<tr><td style='padding:2px 16px 2px 0' nowrap>"
                         f"<b>{html.escape(k)}</b></td><td>{html.escape(d)}</td></tr>"
                         for k, d in rows)
        self.label = QLabel(f"<table width='100%'>{''.join(cells)}</table>", self)
        self.label.setObjectName("shortcuts_table")
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)       # long descriptions wrap: no sideways scrolling
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.scroll = QScrollArea(self)
        self.scroll.setWidget(self.label)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll)
        layout.addWidget(buttons)
        window_fit.fit_dialog(self, 640, 560)     # (grows with the zoom, as its text)
