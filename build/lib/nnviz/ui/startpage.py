"""The start page: one card per scenario, in syllabus order."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from .. import scenarios


class StartPage(QScrollArea):
    chosen = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        inner = QWidget(self)
        outer = QVBoxLayout(inner)
        title = QLabel("<h1>nnviz</h1><p>Watch neural networks work — from the first "
                       "artificial neuron to backpropagation. Pick a scenario:</p>", inner)
        title.setWordWrap(True)
        outer.addWidget(title)
        grid = QGridLayout()
        outer.addLayout(grid)
        outer.addStretch(1)
        self.cards: dict[str, QPushButton] = {}
        for i, name in enumerate(scenarios.names()):
            cls = scenarios.get(name)
            card = QPushButton(f"{i + 1}. {cls.title}\n{cls.summary}", inner)
            card.setObjectName(f"card_{name}")
            card.setToolTip(f"Open the {cls.title} scenario")
            card.setMinimumHeight(80)
            card.clicked.connect(lambda _=False, n=name: self.chosen.emit(n))
            grid.addWidget(card, i // 3, i % 3)
            self.cards[name] = card
        self.setWidget(inner)
        self.setAlignment(Qt.AlignmentFlag.AlignTop)
