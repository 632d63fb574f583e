"""A tiny test-only scenario with a real session, player and canvas (XOR, 2-2-1)."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QPushButton, QVBoxLayout, QWidget

from nnviz.engine import Network, Trainer
from nnviz.scenarios.base import Scenario

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
Y = np.array([[0], [1], [1], [0]], dtype=float)
KEYS = {"lr", "seed", "network", "steps", "show_values"}


class TinyScenario(Scenario):
    name = "classroom-tiny"
    title = "Tiny XOR (test)"
    summary = "A 2-2-1 network on XOR, for the classroom tests"

    def __init__(self, parent=None):
        super().__init__(parent)
        from nnviz.ui.player import Player
        from nnviz.ui.session import TrainingSession
        self.seed = 3
        net = Network.build([2, 2, 1], hidden="sigmoid", output="sigmoid", seed=self.seed)
        self.session = TrainingSession(Trainer(net, lr=0.5, seed=self.seed), X, Y)
        self._player = Player(self.session, self)
        self.canvas = None

    @property
    def player(self):
        return self._player

    def create_view(self):
        from nnviz.ui.canvas import NetworkCanvas
        self.canvas = NetworkCanvas(self.session, self._player)
        return self.canvas

    def create_controls(self):
        box = QWidget()
        layout = QVBoxLayout(box)
        self.lr_spin = QDoubleSpinBox(box)
        self.lr_spin.setRange(0.01, 5.0)
        self.lr_spin.setValue(0.5)
        self.lr_spin.setToolTip("learning rate")
        self.lr_spin.valueChanged.connect(self._set_lr)
        self.values_box = QCheckBox("values", box)
        self.values_box.setChecked(True)
        self.values_box.setToolTip("show values")
        self.values_box.toggled.connect(lambda on: self.canvas.set_show_values(on))
        self.reset_button = QPushButton("Reset", box)
        self.reset_button.setToolTip("reset")
        self.reset_button.clicked.connect(self.reset)
        for w in (self.lr_spin, self.values_box, self.reset_button):
            layout.addWidget(w)
        self.named_controls.update(lr=self.lr_spin, show_values=self.values_box,
                                   reset=self.reset_button)
        return box

    def _set_lr(self, v):
        self.session.trainer.lr = float(v)
        self.state_changed.emit()

    def run_steps(self, n):
        self._player.pause()
        self.session.train_steps(n)

    def reset(self):
        self._player.pause()
        net = Network.build([2, 2, 1], hidden="sigmoid", output="sigmoid", seed=self.seed)
        self.session.replace(Trainer(net, lr=self.session.trainer.lr, seed=self.seed), X, Y)
        self.state_changed.emit()

    def shutdown(self):
        self._player.shutdown()

    def get_state(self):
        return {"lr": self.session.trainer.lr, "seed": self.seed,
                "network": self.session.net.to_dict(), "steps": self.session.trainer.steps,
                "show_values": self.values_box.isChecked()}

    def load_state(self, state):
        if not isinstance(state, dict):
            raise ValueError("state must be a dict")
        extra = set(state) - KEYS
        if extra:
            raise ValueError(f"unknown settings: {', '.join(sorted(map(str, extra)))}")
        s = {**self.get_state(), **state}
        lr = s["lr"]
        if isinstance(lr, bool) or not isinstance(lr, (int, float)) or not 0.01 <= lr <= 5:
            raise ValueError("lr: must be a number from 0.01 to 5")
        if not isinstance(s["show_values"], bool):
            raise ValueError("show_values: must be true or false")
        for key in ("seed", "steps"):
            if isinstance(s[key], bool) or not isinstance(s[key], int) or s[key] < 0:
                raise ValueError(f"{key}: must be a whole number ≥ 0")
        net = Network.from_dict(s["network"])
        if net.sizes != [2, 2, 1]:
            raise ValueError(f"network: must be 2-2-1, got {net.sizes}")
        self._player.pause()
        self.seed = s["seed"]
        trainer = Trainer(net, lr=float(lr), seed=self.seed)
        trainer.steps = s["steps"]
        self.session.replace(trainer, X, Y)
        self.lr_spin.blockSignals(True)
        self.lr_spin.setValue(float(lr))
        self.lr_spin.blockSignals(False)
        self.values_box.setChecked(s["show_values"])
