"""A test-only scenario: a small network on XOR with the shared canvas, player and formula."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSpinBox, QSplitter, QVBoxLayout, QWidget

from nnviz.engine import Network, Trainer
from nnviz.scenarios.base import Scenario
from nnviz.ui.canvas import NetworkCanvas
from nnviz.ui.formula import FormulaPanel
from nnviz.ui.player import Player
from nnviz.ui.session import TrainingSession

XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
XOR_Y = np.array([[0], [1], [1], [0]], dtype=float)


def make_session(sizes=(2, 3, 1), batch_size=None, lr=0.5, seed=3, X=XOR_X, Y=XOR_Y,
                 hidden="sigmoid", loss="half_sse"):
    net = Network.build(list(sizes), hidden=hidden, output="sigmoid", seed=seed)
    net.layers[0].b[:] = np.linspace(-0.3, 0.4, net.sizes[1])   # non-zero biases
    return TrainingSession(Trainer(net, loss=loss, lr=lr, batch_size=batch_size, seed=seed), X, Y)


class DemoScenario(Scenario):
    name = "ui-demo"
    title = "UI demo (tests)"
    summary = "A 2-3-1 network on XOR for the UI tests."

    def __init__(self, parent=None):
        super().__init__(parent)
        self.session = make_session()
        self._player = Player(self.session, self)
        self.canvas = self.formula = None

    @property
    def player(self):
        return self._player

    def create_view(self):
        split = QSplitter(Qt.Orientation.Vertical)
        self.canvas = NetworkCanvas(self.session, self._player, split)
        self.formula = FormulaPanel(self._player, split)
        split.addWidget(self.canvas)
        split.addWidget(self.formula)
        return split

    def create_controls(self):
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.addWidget(QLabel("Hidden units"))
        self.spin = QSpinBox(w)
        self.spin.setObjectName("demoSpin")
        self.spin.setRange(1, 8)
        self.spin.setValue(3)
        lay.addWidget(self.spin)
        return w

    def run_steps(self, n):
        self.session.train_steps(n)

    def shutdown(self):
        self._player.shutdown()
