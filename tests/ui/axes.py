"""What a pyqtgraph axis draws, for tests that check plots against their widgets."""

from __future__ import annotations

from PySide6.QtGui import QImage, QPainter


def tick_labels(axis) -> list:
    """(rectangle in the axis's coordinates, text) of each tick label the axis would draw
    now."""
    img = QImage(8, 8, QImage.Format.Format_ARGB32_Premultiplied)
    p = QPainter(img)
    try:
        specs = axis.generateDrawSpecs(p)
    finally:
        p.end()
    return [] if specs is None else [(rect, text) for rect, _flags, text in specs[2]]
