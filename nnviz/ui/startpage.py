"""The start page: one card per scenario in syllabus order, each with a live picture."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from .. import scenarios
from . import theme
from .cards import picture_for

TICK_MS = 700   # the pictures move gently: slow enough to read, alive enough to notice
CARD_MIN_W = 260   # a card is never narrower: fewer columns instead
GAP = 16           # between cards
MARGIN_X = 28      # the page's left and right margins


class PictureView(QWidget):
    """Paints one card picture."""

    def __init__(self, picture, parent=None):
        super().__init__(parent)
        self.picture = picture
        self.setMinimumSize(150, 110)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def paintEvent(self, event):
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        t = theme.current()
        r = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        p.fillRect(r, QColor(t.background))
        self.picture.paint(p, r)
        p.end()


class Card(QFrame):
    """A clickable card: live picture, number and title, one line on what it teaches."""

    clicked = Signal(str)

    def __init__(self, number: int, name: str, parent=None):
        super().__init__(parent)
        cls = scenarios.get(name)
        self.name = name
        self.setObjectName(f"card_{name}")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip(f"Open “{cls.title}” (click or press Enter)")
        self.setAccessibleName(cls.title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        self.view = PictureView(picture_for(name), self)
        layout.addWidget(self.view)
        self.title = QLabel(f"{number}. {cls.title}", self)
        self.title.setObjectName("cardTitle")
        self.title.setWordWrap(True)      # projector type on a narrow card: two lines
        self.summary = QLabel(cls.summary, self)
        self.summary.setWordWrap(True)
        self.summary.setObjectName("cardSummary")
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self.setMinimumSize(CARD_MIN_W, 250)
        self._hover = False

    PICTURE_SHARE = 0.5      # the picture's height: this share of the card's width

    def resizeEvent(self, event):
        """Every card's picture is as high as its width says, so that in a row of cards
        the pictures and the titles line up (the picture had taken what the text left)."""
        super().resizeEvent(event)
        h = max(self.view.minimumSizeHint().height(), int(self.width() * self.PICTURE_SHARE))
        if self.view.height() != h:
            self.view.setFixedHeight(h)

    def tick(self):
        self.view.picture.tick()
        self.view.update()

    def mouseReleaseEvent(self, event):
        inside = self.rect().contains(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and inside:
            self.clicked.emit(self.name)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event):
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit(self.name)
        else:
            super().keyPressEvent(event)

    def enterEvent(self, event):
        self._hover = True
        self.update()

    def leaveEvent(self, event):
        self._hover = False
        self.update()

    def paintEvent(self, event):
        t = theme.current()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        lit = self._hover or self.hasFocus()
        p.setPen(QPen(t.qcolor("highlight" if lit else "muted"), 3 if lit else 1))
        p.setBrush(QColor(t.surface))
        p.drawRoundedRect(QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5), 10, 10)
        p.end()


HELP_PAGES = {"guide": 0, "colours": 1}   # the heading's links → nnviz.ui.guide's tabs


class StartPage(QScrollArea):
    """The heading and the cards, in as many equally wide columns as fit the width (a
    fixed four had scrolled sideways below ~1150 px, cutting the fourth column and the
    intro text): never wider than the window, scrolled only up and down."""

    chosen = Signal(str)
    help_wanted = Signal(int)     # a heading link: the guide's page (see HELP_PAGES)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget(self)
        outer = QVBoxLayout(inner)
        outer.setContentsMargins(MARGIN_X, 20, MARGIN_X, 20)
        self.heading = QLabel(inner)
        self.heading.setObjectName("start_heading")
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                             | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.heading.linkActivated.connect(lambda href: self.help_wanted.emit(HELP_PAGES[href]))
        outer.addWidget(self.heading)
        grid = self.grid = QGridLayout()
        grid.setSpacing(GAP)
        outer.addLayout(grid)
        outer.addStretch(1)
        self.cards: dict[str, Card] = {}
        for i, name in enumerate(scenarios.names()):
            card = Card(i + 1, name, inner)
            card.clicked.connect(self.chosen)
            grid.addWidget(card, i // 4, i % 4)
            self.cards[name] = card
        self.columns, self._column_w = 4, 0
        self.setWidget(inner)
        self._apply_theme()
        theme.manager().changed.connect(self._apply_theme)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)

    def tick(self):
        for card in self.cards.values():
            card.tick()

    def columns_for(self, width: int) -> int:
        """How many columns of cards fit a viewport `width` px wide (1 … 4)."""
        room = width - 2 * MARGIN_X
        return max(1, min(4, len(self.cards), (room + GAP) // (CARD_MIN_W + GAP)))

    def viewportEvent(self, event):
        if event.type() == QEvent.Type.Resize:   # (the vertical scroll bar came or went too)
            self._reflow(self.viewport().width())
        return super().viewportEvent(event)

    def _reflow(self, width: int):
        """The cards in as many columns as fit, all exactly as wide (each column's minimum
        width: from their size hints alone the columns came out 280…298 px wide, and the
        pictures, as high as their card is wide, put the titles of a row at different
        heights)."""
        n = self.columns_for(width)
        column_w = max(CARD_MIN_W, (width - 2 * MARGIN_X - (n - 1) * GAP) // n)
        if (n, column_w) == (self.columns, self._column_w):
            return
        grid = self.grid
        if n != self.columns:
            for card in self.cards.values():
                grid.removeWidget(card)
            for i, card in enumerate(self.cards.values()):
                grid.addWidget(card, i // n, i % n)
        for col in range(max(n, self.columns, grid.columnCount())):
            used = col < n
            grid.setColumnStretch(col, 1 if used else 0)
            grid.setColumnMinimumWidth(col, column_w if used else 0)
        self.columns, self._column_w = n, column_w

    def _apply_theme(self):
        t = theme.current()
        z = theme.manager().zoom
        link = f"style='color: {t.positive}'"
        self.heading.setText(
            "<h1>nnviz</h1><p>Watch neural networks work — from the first artificial neuron "
            "(1943) to networks that learn by backpropagation. Cards 1–4 follow the history; "
            "the others look closer at the pieces (one neuron, activations, gradient "
            "descent…). Start at 1, or jump to any card.</p>"
            f"<p>New here? <a href='guide' {link}>Getting started</a> shows how to watch, "
            f"step and present; <a href='colours' {link}>What the colours mean</a> is the "
            "colour key. Both are in the Help menu.</p>")
        self.setStyleSheet(
            f"StartPage, StartPage > QWidget > QWidget {{ background: {t.background}; }}"
            f"QLabel {{ color: {t.text}; font-size: {round(15 * z)}px; }}"
            f"QLabel#cardTitle {{ font-size: {round(19 * z)}px; font-weight: bold; }}"
            f"QLabel#cardSummary {{ color: {t.muted}; font-size: {round(14 * z)}px; }}")
        self.update()

    # the pictures only move while the page is on screen
    def showEvent(self, event):
        self.timer.start()
        super().showEvent(event)

    def hideEvent(self, event):
        self.timer.stop()
        super().hideEvent(event)
