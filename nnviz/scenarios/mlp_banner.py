"""The MLP playground's banner: when training goes wrong because of the learning rate, it
says so in words above the network, with the fixes one click away.

Two states:
- *diverged* (the engine stopped training: the weights blew up): Reset, or η ÷ 10 and reset;
- *unsettled* (engine.metrics.unsettled: the loss jumps about well above its best, training
  goes on): η ÷ 10 (the weights are kept), or Hide. It goes away by itself when the loss
  settles; after a change of the training settings it waits for a full window of new
  rows (measured against the best loss of the whole run).

Where the full explanation would take more than MAX_SHARE of the view's height (a narrow
view in a small window), the banner says it in one short sentence, the full text in its
tooltip: in a 1024×600 window the full text had left the network and the formula panel
too little room, and they were drawn over each other.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import QPainter, QPen, QTextDocument
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ..engine.metrics import unsettled
from ..ui import theme
from ..ui.numbers import fmt


class TrainingBanner(QFrame):
    """Listens to the session (its `diverged` signal and its history); `lr()` gives the
    learning rate in use, `lower(reset)` divides it by ten (and resets the weights when
    `reset`), `reset()` goes back to the initial weights."""

    def __init__(self, session, lr: Callable[[], float], lower: Callable[[bool], None],
                 reset: Callable[[], None], parent=None):
        super().__init__(parent)
        self.session = session
        self._lr = lr
        self.state: str | None = None        # None, "diverged" or "unsettled"
        self._start = 0          # history rows before the current training settings
        self._hidden = False     # "unsettled" hidden by the user until the settings change
        self._full = self._short = ""
        self._box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self._box.addWidget(self.text, 1)
        self._buttons = QWidget(self)
        row = QHBoxLayout(self._buttons)
        row.setContentsMargins(0, 0, 0, 0)
        self._box.addWidget(self._buttons, 0, Qt.AlignmentFlag.AlignRight)
        self.reset_button = QPushButton("Reset", self._buttons)
        self.reset_button.setToolTip("Back to the initial weights, epoch 0")
        self.reset_button.clicked.connect(reset)
        row.addWidget(self.reset_button)
        self.lower_reset_button = QPushButton("η ÷ 10 and reset", self._buttons)
        self.lower_reset_button.setToolTip("Divide the learning rate by ten and start again "
                                           "from the same initial weights")
        self.lower_reset_button.clicked.connect(lambda: lower(True))
        row.addWidget(self.lower_reset_button)
        self.lower_button = QPushButton("η ÷ 10", self._buttons)
        self.lower_button.setToolTip("Divide the learning rate by ten and go on training "
                                     "from the weights reached")
        self.lower_button.clicked.connect(lambda: lower(False))
        row.addWidget(self.lower_button)
        self.hide_button = QPushButton("Hide", self._buttons)
        self.hide_button.setToolTip("Hide this advice until the training settings change")
        self.hide_button.clicked.connect(self._hide_advice)
        row.addWidget(self.hide_button)
        session.diverged.connect(self.check)
        session.history_changed.connect(self.check)
        if parent is not None:       # its height decides between the full and short text
            parent.installEventFilter(self)
        self.check()

    def restart(self) -> None:
        """The training settings changed (or the weights were replaced): judge the loss
        once a full window of new rows is in, and show hidden advice again."""
        self._start = len(self.session.history["loss"])
        self._hidden = False
        self.check()

    def _hide_advice(self):
        self._hidden = True
        self.check()

    def check(self, *_):
        """Show what the session's state calls for (nothing when all is well)."""
        tr = self.session.trainer
        if tr.diverged:
            self._show("diverged",
                       f"<b>Training diverged:</b> {tr.diverged_reason}. The learning rate "
                       f"({self._lr():g}) is too large for this network: each step "
                       "overshoots and the weights blow up. The last good weights are kept. "
                       "Lower the learning rate, then reset.",
                       f"<b>Training diverged:</b> η = {self._lr():g} is too large, the "
                       "weights blew up. Lower η, then reset.")
            return
        loss = self.session.history["loss"]
        self._start = min(self._start, len(loss))
        figures = None if self._hidden else unsettled(loss, self._start)
        if figures is not None:
            level, best = figures
            self._show("unsettled",
                       f"<b>The loss jumps about</b> (lately ≈ {fmt(level)}, best "
                       f"{fmt(best)}): with η = {self._lr():g} each step overshoots the "
                       "bottom of the valley. Try a smaller learning rate.",
                       f"<b>The loss jumps about:</b> η = {self._lr():g} overshoots. Try a "
                       "smaller η.")
            return
        self._show(None, "", "")

    BESIDE_LINES = 20  # the text keeps at least this many line heights of width beside the
                       # buttons, else they go under it (in a 371-px column the text beside
                       # them had wrapped to 358 px of height)

    MAX_SHARE = 0.3    # of the view's height the full text may take, else the short one

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._arrange()

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Resize and watched is self.parentWidget():
            self._arrange()
        return False

    def _arrange(self):
        """The buttons beside the text where it keeps BESIDE_LINES lines of width, else
        under it; the full text where the banner then takes at most MAX_SHARE of the view's
        height, else the short one."""
        buttons = self._buttons.sizeHint()
        room = self.width() - buttons.width()
        beside = room >= self.BESIDE_LINES * self.fontMetrics().height()
        direction = QBoxLayout.Direction.LeftToRight if beside \
            else QBoxLayout.Direction.TopToBottom
        if self._box.direction() != direction:
            self._box.setDirection(direction)
        text = self._full
        host = self.parentWidget()
        if self.state is not None and host is not None and host.height() > 0:
            m = self._box.contentsMargins()
            width = (room - self._box.spacing() if beside else self.width()) \
                - m.left() - m.right()
            height = self._text_height(self._full, width) + m.top() + m.bottom()
            height = max(height, buttons.height()) if beside \
                else height + self._box.spacing() + buttons.height()
            if height > self.MAX_SHARE * host.height():
                text = self._short
        if self.text.text() != text:
            self.text.setText(text)
        self.text.setToolTip(self._full if text != self._full else "")

    def _text_height(self, html: str, width: float) -> float:
        """The height of rich text wrapped in width, in the label's font."""
        doc = QTextDocument()
        doc.setDefaultFont(self.text.font())
        doc.setDocumentMargin(0)
        doc.setHtml(html)
        doc.setTextWidth(max(1.0, width))
        return doc.size().height()

    def paintEvent(self, event):
        """A rounded frame in the theme's backward colour, as thick as the zoom (painted,
        not a style sheet: a style sheet stops the application font from reaching the
        text, which then stayed small in projector type)."""
        super().paintEvent(event)
        width = 3.0 * max(1.0, theme.manager().zoom)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setPen(QPen(theme.current().qcolor("backward"), width))
        p.setBrush(Qt.BrushStyle.NoBrush)
        half = width / 2
        p.drawRoundedRect(QRectF(self.rect()).adjusted(half, half, -half, -half), 6, 6)
        p.end()

    def _show(self, state: str | None, text: str, short: str):
        """Show a state with its full text and its short one (see _arrange)."""
        self.state = state
        self._full, self._short = text, short
        self.reset_button.setVisible(state == "diverged")
        self.lower_reset_button.setVisible(state == "diverged")
        self.lower_button.setVisible(state == "unsettled")
        self.hide_button.setVisible(state == "unsettled")
        self.setVisible(state is not None)
        self._arrange()
