"""The MLP playground's noise slider: 0–50 % in steps of 5, as in TensorFlow Playground.

The data follow every change of the slider's value, whatever made it (a drag, the arrow
keys, Page Up/Down when the slider gets them, the wheel, a click on the track): at once
when the handle is released, otherwise after a short pause (DEBOUNCE_MS), so that a drag or
a held key does not rebuild the data at every step. Only the handle's release had applied
it: keys, the wheel and the track had moved the "%" label over unchanged data.

The label shows the setting (`show`), or the value just chosen until it is applied.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QWidget

STEP, MOST = 5, 50      # percent
DEBOUNCE_MS = 150       # a pause this long in a drag or in key presses applies the value


def percent(noise: float) -> str:
    """The noise (a fraction) as the label writes it: 0.15 → "15%", 0.125 → "12.5%"."""
    return f"{100 * noise:.4g}%"


class NoiseSlider(QWidget):
    committed = Signal(float)       # the noise chosen, as a fraction (0 … 0.5)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.slider = QSlider(Qt.Orientation.Horizontal, self)
        self.slider.setRange(0, MOST // STEP)     # one slider step = STEP percent
        self.slider.setSingleStep(1)
        self.slider.setPageStep(1)                # (also a wheel notch's most: one step)
        self.slider.setToolTip("How much the classes blur into each other (0 = clean)")
        self.slider.setAccessibleName("Noise")
        self.label = QLabel(self)
        self.label.setMinimumWidth(self.label.fontMetrics().horizontalAdvance("50.5%"))
        self.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.slider, 1)
        row.addWidget(self.label)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._commit)
        self._pending = False
        self.slider.valueChanged.connect(self._moved)
        self.slider.sliderReleased.connect(self.flush)
        self.show_noise(0.0)

    def value(self) -> float:
        """The noise the slider points at, as a fraction."""
        return self.slider.value() * STEP / 100

    def show_noise(self, noise: float) -> None:
        """Show the setting `noise` (dropping a value not yet applied): the handle at the
        nearest step, the label the exact figure (a file may hold 0.13)."""
        self._timer.stop()
        self._pending = False
        self.slider.blockSignals(True)
        self.slider.setValue(min(MOST // STEP, max(0, round(100 * noise / STEP))))
        self.slider.blockSignals(False)
        self.label.setText(percent(noise))

    def flush(self) -> None:
        """Apply a value still waiting for its pause, now (the handle was released, or
        another control is about to change the settings)."""
        if self._pending:
            self._commit()

    def _moved(self, _value):
        self.label.setText(percent(self.value()))
        self._pending = True
        self._timer.start()

    def _commit(self):
        self._timer.stop()
        self._pending = False
        self.committed.emit(self.value())
