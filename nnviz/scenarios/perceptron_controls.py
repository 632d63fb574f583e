"""The perceptron's control panel: the data and the learning settings, with Reset (back to
the initial weights). The widgets are kept as the scenario's attributes (data_box, lr_spin,
…), which its other methods keep in step with the model.

Stepping, playing, the speed and fast training are the toolbar's (▶|, ▶, speed, ▶▶ train,
and their keys), as in every other scenario: the panel had a second set under other names
("Step ▶", "▶ Play", "▶▶ Run", a speed list of its own) that the projector hid, a lesson's
question did not lock, and the step text named instead of the toolbar's."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..ui.fold_label import FoldLabel
from .perceptron_model import PRESETS
from .perceptron_texts import EXPLANATION


def build_controls(self) -> QWidget:
    panel = QWidget()
    panel.setObjectName("perceptron_controls")
    layout = QVBoxLayout(panel)
    self.explanation = FoldLabel(*EXPLANATION, panel)   # (folded: Reset fits 1280×800)
    layout.addWidget(self.explanation)

    data = QGroupBox("Data", panel)
    form = QFormLayout(data)
    self.data_box = QComboBox(data)
    for key, label in PRESETS.items():
        self.data_box.addItem(label, key)
    self.data_box.addItem("Your own points", "custom")
    self.data_box.setToolTip("The points to learn: a logic gate or a random set")
    self.data_box.activated.connect(self._data_chosen)
    form.addRow("Points", self.data_box)
    self.regen_button = QPushButton("New random set", data)
    self.regen_button.setToolTip("Draw a new random set of the same kind (new seed)")
    self.regen_button.clicked.connect(self.regenerate)
    form.addRow("", self.regen_button)
    self.class_box = QComboBox(data)
    self.class_box.addItem("● class 1 (y = 1)", 1)
    self.class_box.addItem("■ class 0 (y = 0 or −1)", 0)
    self.class_box.setToolTip("The class of the points a left-click adds to the plane")
    self.class_box.currentIndexChanged.connect(
        lambda i: setattr(self, "new_class", self.class_box.itemData(i)))
    form.addRow("Click adds", self.class_box)
    layout.addWidget(data)
    self.enable_rules["regenerate"] = lambda _w: self._may_regenerate()
    self.named_controls.update(data=self.data_box, regenerate=self.regen_button,
                               new_class=self.class_box)

    learn = QGroupBox("Learning", panel)
    form = QFormLayout(learn)
    self.targets_box = QComboBox(learn)
    self.targets_box.addItems(["binary (0 / 1)", "bipolar (−1 / +1)"])
    self.targets_box.setToolTip("How the classes are written: targets and outputs 0/1, "
                                "or −1/+1 (then each update moves the weights twice as far)")
    self.targets_box.activated.connect(self._settings_edited)
    form.addRow("Targets", self.targets_box)
    self.lr_spin = _spin(self, learn, 0.01, 10.0, 0.1, "The learning rate η: how far one "
                              "mistake moves the weights")
    form.addRow("Learning rate η", self.lr_spin)
    self.w_spins = []
    for name, tip in (("w1", "Initial weight of input x1"),
                      ("w2", "Initial weight of input x2"),
                      ("w0", "Initial bias w0 (the weight of the constant input x0 = 1)")):
        spin = _spin(self, learn, -10.0, 10.0, 0.5, tip)
        form.addRow(f"initial {name}", spin)
        self.w_spins.append(spin)
        self.named_controls[name] = spin
    self.reset_button = QPushButton("Reset", learn)
    self.reset_button.setToolTip("Back to the initial weights, before the first sample "
                                 "(epoch 0)")
    self.reset_button.clicked.connect(lambda _=False: self.reset())
    form.addRow("", self.reset_button)
    layout.addWidget(learn)
    self.named_controls.update(targets=self.targets_box, lr=self.lr_spin,
                               reset=self.reset_button)
    layout.addStretch(1)
    self._sync_controls()
    return panel


def _spin(self, parent, lo, hi, step, tip):
    spin = QDoubleSpinBox(parent)
    spin.setRange(lo, hi)
    spin.setDecimals(2)
    spin.setSingleStep(step)
    spin.setToolTip(tip)
    spin.setKeyboardTracking(False)
    spin.valueChanged.connect(self._settings_edited)
    return spin
