"""The perceptron's control panel: the data, the learning settings and the step-by-step
buttons. The widgets are kept as the scenario's attributes (data_box, lr_spin, …), which
its other methods keep in step with the model."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from . import neuron_plots as npl
from .perceptron_model import PRESETS
from .perceptron_texts import EXPLANATION

SPEEDS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)


def build_controls(self) -> QWidget:
    panel = QWidget()
    panel.setObjectName("perceptron_controls")
    layout = QVBoxLayout(panel)
    layout.addWidget(npl.explanation(EXPLANATION, panel))

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
    layout.addWidget(learn)
    self.named_controls.update(targets=self.targets_box, lr=self.lr_spin)

    stepper = QGroupBox("Learning, step by step", panel)
    grid = QGridLayout(stepper)
    self.restart_button = _button(self, stepper, "|◀ Restart", "Back to the initial weights, "
                                       "before the first sample", self._player.restart)
    self.back_button = _button(self, stepper, "◀ Back", "Undo the last step, exactly",
                                    self._player.step_back)
    self.play_button = _button(self, stepper, "▶ Play", "Play or pause: one sample at a time",
                                    self._player.toggle_play)
    self.step_button = _button(self, stepper, "Step ▶", "Show the next sample and apply "
                                    "the rule to it", self.step_sample)
    self.epoch_button = _button(self, stepper, "Epoch ▶▶|", "Run to the end of this epoch",
                                     self.step_epoch)
    self.train_button = _button(self, stepper, "▶▶ Run", "Run whole epochs fast until it "
                                     "converges or repeats itself",
                                     lambda: self._player.set_training(
                                         not self._player.training))
    for k, b in enumerate((self.restart_button, self.back_button, self.play_button,
                           self.step_button, self.epoch_button, self.train_button)):
        grid.addWidget(b, k // 3, k % 3)
    self.speed_box = QComboBox(stepper)
    for s in SPEEDS:
        self.speed_box.addItem(f"{s:g}×", s)
    self.speed_box.setCurrentIndex(SPEEDS.index(1.0))
    self.speed_box.setToolTip("Playing speed (1× = one sample every 0.7 s)")
    self.speed_box.currentIndexChanged.connect(
        lambda i: self._player.set_speed(self.speed_box.itemData(i)))
    row = QHBoxLayout()
    row.addWidget(QLabel("Speed", stepper))
    row.addWidget(self.speed_box, 1)
    grid.addLayout(row, 2, 0, 1, 3)
    layout.addWidget(stepper)
    self.named_controls["stepper"] = stepper
    layout.addStretch(1)
    self._sync_controls()
    self._sync_stepper()
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

def _button(self, parent, text, tip, slot):
    b = QPushButton(text, parent)
    b.setToolTip(tip)
    b.clicked.connect(lambda _=False: slot())
    return b
