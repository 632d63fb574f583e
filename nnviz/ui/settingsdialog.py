"""The settings dialog: theme (system, light, dark), palette, zoom, the player's pace.

Changes apply at once (so a teacher sees them on the projector) and are remembered when
the window remembers preferences: only the setting changed (the others may have been changed
elsewhere meanwhile, e.g. the zoom with Ctrl + / −, which the dialog follows), and not while
projector mode is on (its look lasts until it is left, which restores the teacher's own).
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
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        form.addRow(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        form.addRow(buttons)
        for box, what in ((self.mode_box, "mode"), (self.palette_box, "palette"),
                          (self.zoom_box, "zoom"), (self.granularity_box, "granularity")):
            box.currentIndexChanged.connect(lambda _i, w=what: self.apply(w))
        m.changed.connect(self._follow)
        self._follow()

    def _projecting(self) -> bool:
        projector = getattr(self.window, "projector", None)
        return projector is not None and projector.active

    def _follow(self):
        """Show the current theme and zoom (changed here or elsewhere) and what a change
        will do."""
        m = theme.manager()
        for box, value in ((self.mode_box, self.mode_box.findData(m.mode)),
                           (self.palette_box, self.palette_box.findData(m.palette)),
                           (self.zoom_box, zoom.nearest_step(m.zoom))):
            if value >= 0 and box.currentIndex() != value:
                blocked = box.blockSignals(True)
                box.setCurrentIndex(value)
                box.blockSignals(blocked)
        self.note.setText("Projector mode is on: changes to the look last until you leave it "
                          "(F5 or Esc)." if self._projecting() else "Changes apply at once.")

    def apply(self, what: str):
        """Apply the one setting changed, and remember it (not the projector's look)."""
        m = theme.manager()
        if what == "mode":
            m.set_appearance(mode=self.mode_box.currentData())
        elif what == "palette":
            m.set_appearance(palette=self.palette_box.currentData())
        elif what == "zoom" and not zoom.zoom_in_window(self.window,
                                                        self.zoom_box.currentData()):
            return
        if not self.window.remember:
            return
        s = self.window.settings
        if what == "granularity":
            s.set("player/granularity", self.granularity_box.currentData())
        elif not self._projecting():
            key, value = {"mode": ("theme/mode", m.mode), "palette": ("theme/palette", m.palette),
                          "zoom": ("view/zoom", m.zoom)}[what]
            s.set(key, value)
