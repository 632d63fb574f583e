"""The usual centre of a network scenario: the canvas above the formula panel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter


def network_view(session, player):
    """(splitter, canvas, formula): the network canvas over the formula panel, 3 : 1."""
    from .canvas import NetworkCanvas
    from .formula import FormulaPanel
    split = QSplitter(Qt.Orientation.Vertical)
    canvas = NetworkCanvas(session, player)
    formula = FormulaPanel(player)
    split.addWidget(canvas)
    split.addWidget(formula)
    split.setStretchFactor(0, 3)
    split.setStretchFactor(1, 1)
    return split, canvas, formula
