"""The lesson bar: the navigator above the scenario view (title, ◀ slide list ▶, End
lesson), the slide's caption and its "predict first" prompt with the reveal button. It
shows a LessonPlayer (lesson_player.py), which walks the slides, and follows it.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from . import window_fit
from .lesson_player import FIX, LessonPlayer  # noqa: F401  (re-exported)
from .text_area import WrappedTextArea


class LessonBar(QFrame):
    """The navigator above the scenario view: title, ◀ slide list ▶, caption, prompt."""

    closed = Signal()

    def __init__(self, player: LessonPlayer, parent=None):
        super().__init__(parent)
        self.player = player
        self.setObjectName("lesson_bar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # the title beside the navigation, or above it when the bar is narrow (projector
        # type on a small screen squeezed it into a column one word wide)
        top = self.top = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.title.setMinimumWidth(120)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.prev_button = QPushButton("◀ Previous", self)
        self.prev_button.setToolTip("Previous slide (Ctrl+Page Up)")
        self.prev_button.clicked.connect(player.previous)
        self.slide_box = QComboBox(self)
        self.slide_box.setToolTip("Jump to a slide of the lesson")
        for i, s in enumerate(player.lesson.slides):
            self.slide_box.addItem(f"{i + 1}. {s.title or s.scenario}")
        window_fit.narrow_combo(self.slide_box, 12)
        # as wide as its longest slide title when there is room (shortened with "…" only
        # when there is not)
        self.slide_box.setMinimumWidth(self.slide_box.minimumSizeHint().width())
        self.slide_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.slide_box.activated.connect(player.go)
        self.next_button = QPushButton("Next ▶", self)
        self.next_button.setToolTip("Next slide (Ctrl+Page Down)")
        self.next_button.clicked.connect(player.next)
        self.close_button = QPushButton("End lesson", self)
        self.close_button.setToolTip("Leave the lesson and unlock the controls")
        self.close_button.clicked.connect(self.closed.emit)
        top.addWidget(self.title, 1)
        nav = QHBoxLayout()
        for w in (self.prev_button, self.slide_box, self.next_button, self.close_button):
            nav.addWidget(w, 1 if w is self.slide_box else 0)
        top.addLayout(nav)
        # on a narrow bar the buttons go short ("◀", "▶", "End"): their long texts held a
        # 1024-px window 60 to 170 px wider than the screen
        self._texts = {self.prev_button: ("◀ Previous", "◀"), self.next_button: ("Next ▶", "▶"),
                       self.close_button: ("End lesson", "End")}
        self._short_buttons(False)
        # the caption, the prompt and any problem scroll when the bar would take more
        # than MAX_SHARE of the window's height (a 1024×768 projector: the bar left the
        # network 30 px)
        body = QWidget(self)
        self.caption = QLabel(body)
        self.caption.setObjectName("lesson_caption")
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        # (no minimum height: in the scrolling area a wrapped label's minimum is its height
        # at some narrow width, which held the text taller than it is)
        self.question = QLabel(body)
        self.question.setObjectName("lesson_question")
        self.question.setWordWrap(True)
        self.reveal_button = QPushButton("Reveal the answer (Page Down)", self)
        self.reveal_button.setToolTip("Show the answer and run the step the class predicted")
        self.reveal_button.clicked.connect(player.reveal)
        self.problem = QLabel(body)
        self.problem.setObjectName("lesson_problem")
        self.problem.setWordWrap(True)
        inner = QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.caption)
        inner.addWidget(self.question)
        inner.addWidget(self.problem)
        inner.addStretch(1)
        policy = body.sizePolicy()       # its height follows its width (wrapped text): an
        policy.setHeightForWidth(True)   # empty scroll bar showed at every size otherwise
        body.setSizePolicy(policy)
        self.body = WrappedTextArea(body, self)
        self.body.setObjectName("lesson_body")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)      # (a short projector's pixels go to the
        layout.setSpacing(4)                       # network below)
        layout.addLayout(top)
        layout.addWidget(self.body, 1)
        # the reveal button stays in view under the text, however far that scrolls (it
        # had been scrolled out of view on small projectors)
        layout.addWidget(self.reveal_button, 0, Qt.AlignmentFlag.AlignRight)
        if parent is not None:      # the share of the window's height it may take
            parent.installEventFilter(self)
        player.slide_changed.connect(lambda _: self.refresh())
        player.prompt_changed.connect(self.refresh)
        self.refresh()

    TITLE_EM = 24       # the title goes above the navigation below this width (in em)
    MAX_SHARE = 0.4     # of its parent's height, at most (the rest scrolls)

    def eventFilter(self, obj, event):
        if obj is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self._cap_height()
        return super().eventFilter(obj, event)

    def _cap_height(self):
        # its text's box may shrink to one line, and scroll: at its usual least height a
        # bar with the reveal button held a 1280×720 projector's window 768 px tall
        line = self.caption.fontMetrics().lineSpacing() + 2 * self.body.frameWidth() + 2
        if self.body.minimumHeight() != line:
            self.body.setMinimumHeight(line)
        parent = self.parentWidget()
        if parent is not None and parent.height() > 0:
            most = max(self.minimumSizeHint().height(), int(parent.height() * self.MAX_SHARE))
            # a text less than a line longer than that shows whole: a scroll bar for its
            # last few pixels (3 px on a 1280×720 projector) hid more than it kept
            need = self.sizeHint().height()
            if most < need <= most + self.fontMetrics().lineSpacing():
                most = need
            if self.maximumHeight() != most:
                self.setMaximumHeight(most)

    def _short_buttons(self, short: bool):
        for b, (long, brief) in self._texts.items():
            pad = b.sizeHint().width() - b.fontMetrics().horizontalAdvance(b.text())
            b.setMinimumWidth(b.fontMetrics().horizontalAdvance(brief) + pad)
            b.setText(brief if short else long)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._cap_height()       # (its text wraps anew)
        long = sum(b.fontMetrics().horizontalAdvance(t[0]) + 30 for b, t in self._texts.items())
        short = self.width() < long + self.slide_box.minimumWidth() + 60
        if (self.prev_button.text() == "◀") != short:
            self._short_buttons(short)
        nav = sum(w.sizeHint().width() for w in (self.prev_button, self.next_button,
                                                   self.close_button))
        nav += self.slide_box.minimumWidth()
        room = self.width() - nav - 40
        wide = room >= self.TITLE_EM * self.fontMetrics().height()
        want = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.top.direction() != want:
            self.top.setDirection(want)
            self.refresh()           # (the title names the slide only beside the list)
        # beside the title the slide list takes at most a quarter of the bar; below it, the
        # whole row is the buttons'
        most = max(self.slide_box.minimumWidth(), self.width() // 4) if wide else 16777215
        if self.slide_box.maximumWidth() != most:
            self.slide_box.setMaximumWidth(most)

    def refresh(self):
        p = self.player
        if p.index < 0:
            return
        slide = p.slide
        n = len(p.lesson.slides)
        self.slide_box.setCurrentIndex(p.index)
        self.prev_button.setEnabled(p.index > 0)
        self.next_button.setEnabled(p.index < n - 1)
        # above a narrow bar's list, which names the slide, the title does not again
        beside = self.top.direction() == QBoxLayout.Direction.LeftToRight
        self.title.setText(f"<b>{html.escape(p.lesson.title)}</b> — slide {p.index + 1} of {n}"
                           + (f": {html.escape(slide.title)}" if slide.title and beside
                              else ""))
        self.title.setToolTip(slide.title or "")
        self.caption.setText(slide.caption)
        if slide.predict is None:
            self.question.hide()
            self.reveal_button.hide()
        else:
            self.question.show()
            question = f"<b>Predict first:</b> {html.escape(slide.predict.question)}"
            if p.pending:
                self.question.setText(question)
            else:
                answer = html.escape(slide.predict.answer or "watch the canvas")
                self.question.setText(f"{question}<br><b>Answer:</b> {answer}")
            self.reveal_button.setVisible(p.pending)
        self.problem.setVisible(bool(p.problem))
        self.problem.setText(p.problem)
        self._cap_height()           # (a longer text may show whole: see there)
