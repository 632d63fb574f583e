"""The lesson bar: the navigator above the scenario view (title, ◀ slide list ▶, End
lesson), the slide's caption and its "predict first" prompt with the reveal button. It
shows a LessonPlayer (lesson_player.py), which walks the slides, and follows it.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
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
        # one line, shortened with "…" when narrow, the whole in its tooltip (wrapped, it
        # took two or three lines at some widths, which the bar's least height did not
        # count: the buttons under it were squeezed, or, counted, a dock's passing width
        # grew the window for good; see _fit_title)
        self.title = QLabel(self)
        self.title.setWordWrap(False)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setMinimumWidth(120)
        self.title.installEventFilter(self)
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
        # when there is not). (Not AdjustToContents: with it the box resized itself to its
        # longest title 20 ms after each slide change, behind its layout's back, and at
        # 1024×600 it lay 146 px over ▶ and End until the next resize.)
        self.slide_box.setMinimumWidth(self.slide_box.minimumSizeHint().width())
        self.slide_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToContentsOnFirstShow)
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
        self._least_body()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)      # (a short projector's pixels go to the
        layout.setSpacing(4)                       # network below; LOOSE, see _set_tight)
        self._tight = False
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
        # (a LayoutRequest: the view below may need another height, e.g. a new scenario's)
        if obj is self.parentWidget() and event.type() in (QEvent.Type.Resize,
                                                           QEvent.Type.LayoutRequest):
            self._cap_height()
        elif obj is self.title and event.type() == QEvent.Type.Resize \
                and event.oldSize().width() != event.size().width():
            self._fit_title()
        return super().eventFilter(obj, event)

    def others_need(self) -> int:
        """The height the rest of the parent's layout needs: the least heights of the
        widgets beside the bar (the scenario's view: the canvas's minimum, the formula
        panel's height), with the layout's margins and spacing."""
        parent = self.parentWidget()
        layout = parent.layout() if parent is not None else None
        if layout is None:
            return 0
        m = layout.contentsMargins()
        need, gap = m.top() + m.bottom(), max(0, layout.spacing())
        for i in range(layout.count()):
            item = layout.itemAt(i)
            if item.widget() is self or item.isEmpty():
                continue
            least = item.minimumSize().height()
            if item.hasHeightForWidth():      # (a box layout takes that as its least)
                least = max(least, item.heightForWidth(parent.width()))
            need += least + gap
        return need

    def _least_body(self):
        # its text's box may shrink to one line, and scroll: at its usual least height a
        # bar with the reveal button held a 1280×720 projector's window 768 px tall (set
        # from the start: shown before, the box's default least height had grown a 1024×600
        # window 18 px taller than the screen when a lesson started)
        line = self.caption.fontMetrics().lineSpacing() + 2 * self.body.frameWidth() + 2
        if self.body.minimumHeight() != line:
            self.body.setMinimumHeight(line)

    def _cap_height(self):
        self._least_body()
        parent = self.parentWidget()
        if parent is not None and parent.height() > 0:
            # At most MAX_SHARE of the height, and never more than the view below leaves
            # (its least height: the canvas's minimum, a formula panel's height, see
            # page_stack.ViewStack). The bar had taken the share whatever the view needed
            # (its wrapped title made its whole text's height its least): 214 of a 1024×600
            # window's 535 px, and the view got 321 of the 339 px it needs; the canvas kept
            # its 240-px minimum and the formula panel was drawn over its bottom 12 px (the
            # legend). The slide's text gives way (it scrolls, down to one line), not the
            # network; first the bar draws its lines closer (TIGHT).
            room = parent.height() - self.others_need()
            most = max(self.minimumSizeHint().height(),
                       min(int(parent.height() * self.MAX_SHARE), room))
            # a text less than a line longer than that shows whole: a scroll bar for its
            # last few pixels (3 px on a 1280×720 projector) hid more than it kept
            need = self.sizeHint().height()
            gaps = 1 + (not self.reveal_button.isHidden())
            saving = self._saving(gaps)
            if self._tight:
                need += saving
            tight = need > most and need - saving <= room
            if tight != self._tight:
                self._set_tight(tight)
            if tight:
                need -= saving
            if most < need <= min(room, most + self.fontMetrics().lineSpacing()):
                most = need
            if self.maximumHeight() != most:
                self.setMaximumHeight(most)

    def _fit_title(self):
        """The title on one line: the lesson's name in bold, "— slide i of n" and, beside
        the slide list (above a narrow bar's list, which names the slide, not again) the
        slide's title; what does not fit is shortened with "…", the slide's title first,
        then the lesson's name; the tooltip has it all."""
        p = self.player
        if p.index < 0:
            return
        slide = p.slide
        beside = self.top.direction() == QBoxLayout.Direction.LeftToRight
        name, count = p.lesson.title, f" — slide {p.index + 1} of {len(p.lesson.slides)}"
        extra = f": {slide.title}" if slide.title and beside else ""
        plain = self.title.fontMetrics()
        bold = QFont(self.title.font())
        bold.setBold(True)
        strong = QFontMetrics(bold)
        room = self.title.contentsRect().width() - 2
        whole = f"{name}{count}: {slide.title}" if slide.title else name + count
        if room > 0 and strong.horizontalAdvance(name) + plain.horizontalAdvance(count + extra) \
                > room:
            left = room - strong.horizontalAdvance(name) - plain.horizontalAdvance(count)
            extra = plain.elidedText(extra, Qt.TextElideMode.ElideRight, left) \
                if left > plain.horizontalAdvance(": ……") else ""
            if not extra:
                name = strong.elidedText(name, Qt.TextElideMode.ElideRight,
                                         max(0, room - plain.horizontalAdvance(count)))
        text = f"<b>{html.escape(name)}</b>{html.escape(count + extra)}"
        if self.title.text() != text:
            self.title.setText(text)
        self.title.setToolTip(whole)

    LOOSE, TIGHT = (6, 4), (2, 2)      # the bar's top and bottom margins and its spacing

    def _saving(self, gaps: int) -> int:
        """The pixels the TIGHT margins and spacing save with `gaps` gaps between rows."""
        return 2 * (self.LOOSE[0] - self.TIGHT[0]) + gaps * (self.LOOSE[1] - self.TIGHT[1])

    def _set_tight(self, tight: bool) -> None:
        """Closer lines when the text would scroll by less than they save (lesson 03's
        question at 1280×720 in projector type: 6 px)."""
        self._tight = tight
        margin, spacing = self.TIGHT if tight else self.LOOSE
        self.layout().setContentsMargins(8, margin, 8, margin)
        self.layout().setSpacing(spacing)

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
        most = max(self.slide_box.minimumWidth(), self.width() // 4) if wide \
            else window_fit.QWIDGETSIZE_MAX
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
        self._fit_title()
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
