"""The usual centre of a network scenario: the canvas above the formula panel (which keeps
one height, see formula.ROWS), and the panel's sign-convention note, which takes at most two
lines."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QSplitter


def network_view(session, player):
    """(splitter, canvas, formula): the network canvas over the formula panel, which sets
    its own height (FormulaPanel.fit_height)."""
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


class ConventionNote(QLabel):
    """The formula panel's sign-convention note: the first of its `forms` (longest first)
    that takes at most `lines` lines (LINES; one in a panel short of room, see
    FormulaPanel.height_for) at the note's width, else the last on one line, elided; the
    whole note is its tooltip. Its height is that text's, fixed, so the panel's minimum
    holds it. (Kept whole it took five lines at 250 %, more than the panel had with the
    formula's lines, and the panel's layout drew it over the formula's text.)"""

    LINES = 2

    def __init__(self, forms: tuple[str, ...], parent=None):
        super().__init__(forms[0], parent)
        self.forms = forms
        self.lines = self.LINES
        self.setObjectName("convention")
        self.setToolTip(forms[0])
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # the panel's width is not the note's to choose (an elided line takes any)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.fit()

    def form(self, lines: int) -> tuple[str, bool, int]:
        """(text, wrapped, height) of the note in at most `lines` lines at its width."""
        metrics = self.fontMetrics()
        width = max(1, self.width())
        flags = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.TextFlag.TextWordWrap)
        for text in self.forms:
            height = metrics.boundingRect(QRect(0, 0, width, 1 << 20), flags, text).height()
            if height <= lines * metrics.lineSpacing():
                return text, True, height
        text = metrics.elidedText(self.forms[-1], Qt.TextElideMode.ElideRight, width)
        return text, False, metrics.height()

    def fit(self) -> None:
        text, wrap, height = self.form(self.lines)
        self.setWordWrap(wrap)
        if self.text() != text:
            self.setText(text)
        if self.minimumHeight() != height or self.maximumHeight() != height:
            self.setFixedHeight(height)

    def set_lines(self, lines: int) -> None:
        """At most `lines` lines from now on."""
        if lines != self.lines:
            self.lines = lines
            self.fit()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.fit()

    def changeEvent(self, event):
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:      # (a zoom: the type's size)
            self.fit()
