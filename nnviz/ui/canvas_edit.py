"""The inline weight editor: a small field over the canvas to type a weight exactly."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit


def parse_number(text: str) -> float:
    """A typed number ('−0.5', '1e-3', '0,25'); ValueError in words otherwise."""
    t = text.strip().replace("−", "-").replace(",", ".")
    if not t:
        raise ValueError("type a number, e.g. 0.35 or −1.2")
    try:
        v = float(t)
    except ValueError:
        raise ValueError(f"“{text.strip()}” is not a number; type e.g. 0.35 or −1.2") from None
    if not math.isfinite(v):
        raise ValueError("the weight must be a finite number")
    if abs(v) > 1e6:
        raise ValueError("keep weights between −1,000,000 and 1,000,000")
    return v


def _shown(value: float) -> str:
    return f"{value:.6g}".replace("-", "−")


class WeightEditor(QFrame):
    """`name = [value]` — Enter applies, Escape cancels; bad input says what is wrong."""

    accepted = Signal(float)
    cancelled = Signal()

    def __init__(self, name: str, value: float, parent=None):
        super().__init__(parent)
        self.setObjectName("weightEditor")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        self.label = QLabel(f"{name} =", self)
        # shown to 6 significant digits (the full repr ran off the field: "…258721328185935");
        # Enter on the text as shown keeps the exact value
        self.value = float(value)
        self.shown = _shown(self.value)
        self.field = QLineEdit(self.shown, self)
        self.field.setObjectName("weightField")
        self.field.setToolTip("Type the new value and press Enter (Escape cancels). "
                              "Or drag the edge up/down to adjust it.")
        self.field.selectAll()
        self.field.setMinimumWidth(self.field.fontMetrics().horizontalAdvance("−0.000000000") + 16)
        layout.addWidget(self.label)
        layout.addWidget(self.field)
        self.error = QLabel("", self)
        self.error.setObjectName("weightError")
        self.error.hide()
        layout.addWidget(self.error)
        self.field.returnPressed.connect(self._apply)
        self._done = False

    def follow(self, value: float):
        """The weight changed while the editor is open (training, a step, ◀): offer the
        new value, unless something of one's own is typed already. (It had kept the old
        number, and Enter on it silently put the old weight back over the trained one.)"""
        if self._done or self.field.text().strip() != self.shown:
            return
        value = float(value)
        if value == self.value:
            return
        whole = self.field.selectedText() == self.field.text()
        self.value, self.shown = value, _shown(value)
        self.field.setText(self.shown)
        if whole:
            self.field.selectAll()
        self.error.hide()

    def _apply(self):
        if self.field.text().strip() == self.shown:     # not edited: the weight as it is
            self._done = True
            self.accepted.emit(self.value)
            return
        try:
            v = parse_number(self.field.text())
        except ValueError as exc:
            self.error.setText(str(exc))
            self.error.setStyleSheet("color: #c62828;")
            self.error.show()
            self.adjustSize()
            return
        self._done = True
        self.accepted.emit(v)

    def keyPressEvent(self, event):
        if event.key() == Qt.Key.Key_Escape:
            self._done = True
            self.cancelled.emit()
            return
        super().keyPressEvent(event)

    def open(self):
        self.adjustSize()
        self.show()
        self.raise_()
        self.field.setFocus(Qt.FocusReason.PopupFocusReason)
