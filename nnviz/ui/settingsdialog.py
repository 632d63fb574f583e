"""The settings dialog: theme (system, light, dark), palette, zoom, the player's pace.

Changes apply at once (so a teacher sees them on the projector) and are remembered when
the window remembers preferences.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel

from . import theme, zoom

MODE_LABELS = {"system": "Follow the system", "light": "Light", "dark": "Dark"}


class SettingsDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.setObjectName("settings_dialog")
        self.setWindowTitle("nnviz settings")
        m = theme.manager()
        form = QFormLayout(self)
        self.mode_box = QComboBox(self)
        self.mode_box.setToolTip("Light or dark colours; by default nnviz follows the system")
        for key, label in MODE_LABELS.items():
            self.mode_box.addItem(label, key)
        self.mode_box.setCurrentIndex(self.mode_box.findData(m.mode))
        self.palette_box = QComboBox(self)
        self.palette_box.setToolTip("High contrast for projectors; colour-blind safe colours "
                                    "(Okabe–Ito) for every kind of colour vision")
        for key, label in theme.PALETTE_LABELS.items():
            self.palette_box.addItem(label, key)
        self.palette_box.setCurrentIndex(self.palette_box.findData(m.palette))
        self.zoom_box = QComboBox(self)
        self.zoom_box.setToolTip("Size of text, lines and units (also Ctrl + / − / 0)")
        for z in zoom.ZOOM_STEPS:
            self.zoom_box.addItem(f"{round(z * 100)} %", z)
        self.zoom_box.setCurrentIndex(zoom.nearest_step(m.zoom))
        self.granularity_box = QComboBox(self)
        self.granularity_box.setToolTip("How much one step forward shows, for new scenarios")
        for g in ("unit", "layer", "sample", "batch", "epoch"):
            self.granularity_box.addItem(g, g)
        self.granularity_box.setCurrentIndex(
            self.granularity_box.findData(window.settings.get("player/granularity")))
        form.addRow("Theme:", self.mode_box)
        form.addRow("Palette:", self.palette_box)
        form.addRow("Zoom:", self.zoom_box)
        form.addRow("Step size:", self.granularity_box)
        note = QLabel("Changes apply at once.", self)
        form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        form.addRow(buttons)
        self.mode_box.currentIndexChanged.connect(self.apply)
        self.palette_box.currentIndexChanged.connect(self.apply)
        self.zoom_box.currentIndexChanged.connect(self.apply)
        self.granularity_box.currentIndexChanged.connect(self.apply)

    def apply(self):
        m = theme.manager()
        m.set_appearance(mode=self.mode_box.currentData(), palette=self.palette_box.currentData())
        zoom.set_zoom(self.zoom_box.currentData())
        if self.window.remember:
            s = self.window.settings
            s.set("theme/mode", m.mode)
            s.set("theme/palette", m.palette)
            s.set("view/zoom", m.zoom)
            s.set("player/granularity", self.granularity_box.currentData())
