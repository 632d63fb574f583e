"""Widgets whose text takes a short form where the whole of it does not fit: their least
width is the short text's, so a long label no longer holds a panel wider than its dock at
projector type (the map's "Show test data (strong rims)" made the MLP's plots column 563 px
wide at 250 %; XOR's "Show the hand-built network" its panel 545 px)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QCheckBox, QPushButton, QSizePolicy


class ShortText:
    """Mixin (before the Qt class): `texts` = (whole, short)."""

    texts: tuple[str, str]

    def _size(self, text: str) -> QSize:
        hint, metrics = super().sizeHint(), self.fontMetrics()
        return QSize(hint.width() - metrics.horizontalAdvance(self.text())
                     + metrics.horizontalAdvance(text), hint.height())

    def sizeHint(self) -> QSize:
        return self._size(self.texts[0])

    def minimumSizeHint(self) -> QSize:
        return self._size(self.texts[1])

    def resizeEvent(self, event):
        super().resizeEvent(event)
        text = self.texts[self.width() < self.sizeHint().width()]
        if self.text() != text:
            self.setText(text)


class ShortCheckBox(ShortText, QCheckBox):
    def __init__(self, text: str, short: str, parent=None):
        super().__init__(text, parent)
        self.texts = (text, short)


class ShortButton(ShortText, QPushButton):
    def __init__(self, text: str, short: str, parent=None):
        super().__init__(text, parent)
        self.texts = (text, short)
        # (a push button's policy is Minimum: layouts would hold it at its whole text)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
