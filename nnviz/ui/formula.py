"""FormulaPanel: the current event's formula filled in with the engine's own numbers.

The lines come from FormulaLines (formula_lines.py: every number shown is a field of an
engine event, never recomputed, only formatted); the panel shows as many as fit its one
height, in the phases' colours, above the sign convention it uses: δ = ∂L/∂z and
w ← w − η·∂L/∂w. A step that would not fit whole is written more tightly (a shorter
heading, fewer terms of a long sum, its notes in short) rather than scrolled, and its
formulas break where a reader would break them (formula_fit.py).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from . import theme
from .formula_fit import lines_html
from .formula_lines import (
    IDLE_HINT,
    IDLE_HINT_SHORT,
    MAX_EVENTS,
    ROUNDED,
    ROUNDED_SHORT,
    TIGHTEST,
    FormulaLines,
    shown_sample,
)
from .netview import ConventionNote
from .window_fit import QWIDGETSIZE_MAX

# The panel has one height, idle or stepping, so that the canvas above it never moves when
# a step appears, changes or goes (it had grown from its idle hint's height at the first →,
# and again at steps with longer text, and the whole network jumped as the class began to
# follow): room for ROWS lines of its type (a step's heading and one unit's formulas with
# the ≈ note, as most beats write them), at most SHARE of the view it shares with the
# canvas, at least LEAST_ROWS lines. What does not fit scrolls.
ROWS = 5.5
LEAST_ROWS = 3
SHARE = 1 / 3
GAP = 3            # px between the panel's lines (1 in its tightest form)
# a step that shows whole in no form at the panel's type gets smaller type, down to this
# share of it (in projector type still larger than the normal type), before it scrolls
LEAST_TYPE = 0.85
CONVENTION = ("Sign convention: δ = ∂L/∂z and gradient descent w ← w − η·∂L/∂w. "
              "Textbooks that write Δw = +η·δ·x define δ with the opposite sign "
              "(δ = (t − o)·…): the same step.")
# the note's shorter forms, for a narrow panel or large type (see ConventionNote)
CONVENTION_FORMS = (CONVENTION, "Sign convention: δ = ∂L/∂z and w ← w − η·∂L/∂w.",
                    "δ = ∂L/∂z, w ← w − η·∂L/∂w")


def line_height(px: int) -> float:
    """The height the panel allows a line of its text at px (a heading is px + 2)."""
    return 1.45 * (px + 2)


class FormulaPanel(QWidget):
    """The formula of the player's current event, filled in with the real numbers."""

    def __init__(self, player, parent=None):
        super().__init__(parent)
        self.player = player
        self.words = FormulaLines(player)   # what it shows
        self.setObjectName("formulaPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(4)
        self.label = QLabel(self)
        self.label.setObjectName("formula")
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.convention = ConventionNote(CONVENTION_FORMS, self)
        self.rule = line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        # a short panel scrolls its text instead of clipping it
        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("formulaScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        # (a word wider than the panel, e.g. a heading's at 250 % in a narrow window, is
        # reachable, not cut off; the formulas break at measured widths, see formula_fit)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.scroll.setWidget(self.label)
        self.scroll.viewport().setAutoFillBackground(False)
        self.label.setAutoFillBackground(False)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(line)
        layout.addWidget(self.convention)
        self.setToolTip("The current step of learning, written out with the network's numbers")
        self._host = None    # the widget whose resizes set the panel's height (_watch_host)
        self._fitted = None  # what fit_height last fitted the height to
        self._gap = GAP      # the px between the lines shown (_fitting)
        self._watch_host()
        self.convention.installEventFilter(self)
        player.event_changed.connect(self.refresh)
        player.trace_changed.connect(self.refresh)
        theme.manager().changed.connect(self.refresh)
        self.refresh()

    # -- text -----------------------------------------------------------------------------------
    def lines(self, max_events: int = MAX_EVENTS, brief: bool = False,
              tight: int = 0) -> list[tuple[str, str]]:
        """(text, role) lines of the current beat (FormulaLines.lines; tests read them)."""
        return self.words.lines(max_events, brief, tight)

    def plain_text(self) -> str:
        return "\n".join(t for t, _ in self.lines()) + "\n" + CONVENTION

    # -- display ----------------------------------------------------------------------------------
    def idle(self) -> bool:
        """No step to write out: the panel shows its hint and what a step will show."""
        return self.player.trace is None or not self.player.active

    def _watch_host(self) -> None:
        """Follow the resizes of the widget the panel shares with the canvas (its parent):
        the panel's height is a share of it (see fit_height)."""
        host = self.parentWidget()
        if host is self._host:
            return
        if self._host is not None:
            self._host.removeEventFilter(self)
        self._host = host
        self._fitted = None
        if host is not None:
            host.installEventFilter(self)

    def eventFilter(self, obj, event):
        # (the host's height, or the note's: a new width or type changed its lines; the
        # host shown: fit_height waits for that)
        if obj in (self._host, self.convention) and event.type() == QEvent.Type.Resize \
                and event.oldSize().height() != event.size().height():
            self.fit_height()
        elif obj is self._host and event.type() == QEvent.Type.Show:
            self.fit_height()
        return super().eventFilter(obj, event)

    def event(self, event):
        if event.type() == QEvent.Type.ParentChange:      # (added to a splitter after)
            self._watch_host()
            self.fit_height()
        return super().event(event)

    def chrome(self, note_lines: int) -> int:
        """The panel's height besides its text: margins, the rule and the note in at most
        note_lines lines (its height follows the width and the zoom)."""
        layout = self.layout()
        m = layout.contentsMargins()
        return m.top() + m.bottom() + 2 * layout.spacing() + self.rule.sizeHint().height() \
            + self.convention.form(note_lines)[2]

    def height_for(self, host_height: int, px: int, room: int | None = None) -> tuple[int, int]:
        """(height, note lines) of the panel in a view host_height px tall, its text at px:
        room for ROWS lines, with the note in two; in a view too short for that (at most
        SHARE of it), the note in one line and that share, down to LEAST_ROWS lines; and
        never more than `room` (what the views beside it leave: others_need), down to one
        line. It depends on neither the step shown nor whether there is one."""
        lh = line_height(px)
        full = int(ROWS * lh) + 8 + self.chrome(ConventionNote.LINES)   # (8: the text's pad)
        if full <= SHARE * host_height and (room is None or full <= room):
            return full, ConventionNote.LINES
        least = int(LEAST_ROWS * lh) + 8 + self.chrome(1)
        height = max(least, int(SHARE * host_height))
        if room is not None and height > room:   # (a lesson's XOR page at 1280×720 in
            # projector type: the panel at LEAST_ROWS had cut the network in half)
            height = max(int(lh) + 8 + self.chrome(1), room)
        return height, 1

    def least_height(self) -> int:
        """The panel's height at one line of text (the least height_for gives)."""
        return int(line_height(_px())) + 8 + self.chrome(1)   # (as height_for's least)

    def others_need(self, host) -> int:
        """The height the host's other views need whole (their minimum sizes; wrapped
        text, e.g. MLP's training banner, at its width) and the splitter handles or layout
        spacing between them and the panel."""
        if isinstance(host, QSplitter):
            others = [host.widget(i) for i in range(host.count())]
            gap = host.handleWidth()
        else:
            layout = host.layout()
            others = [] if layout is None else [layout.itemAt(i).widget()
                                                for i in range(layout.count())]
            gap = 0 if layout is None else max(0, layout.spacing())
        need = 0
        if not isinstance(host, QSplitter) and host.layout() is not None:
            m = host.layout().contentsMargins()       # (a plain layout's margins: the
            need += m.top() + m.bottom()              # panel was 18 px too tall in MLP)
        for w in others:
            if w is None or w is self or w.isHidden():
                continue
            wrapped = w.heightForWidth(w.width()) if w.hasHeightForWidth() else 0
            need += max(w.minimumHeight(), w.minimumSizeHint().height(), wrapped) + gap
        return need

    def fit_height(self) -> None:
        """Set the panel's height (height_for) for its host's current height and the zoom:
        called when either changes, never because a step appears or changes."""
        host = self.parentWidget()
        if host is None or not host.isVisible():
            # not yet shown, or a hidden tab: its height is not the window's (fitted to a
            # new view's default 480 px the panel was fixed at 160 px, and held a lesson's
            # XOR page in a 1024×600 window 651 px tall); until it shows, one line at least
            self._fitted = None
            least = self.least_height()
            if self.minimumHeight() != least or self.maximumHeight() != QWIDGETSIZE_MAX:
                self.setMinimumHeight(least)
                self.setMaximumHeight(QWIDGETSIZE_MAX)
            return
        room = host.height() - self.others_need(host)
        key = (host.height(), room, _px(), self.convention.width(),
               self.convention.font().key())
        if key == self._fitted:
            return
        self._fitted = key
        height, note_lines = self.height_for(host.height(), _px(), room)
        self.convention.set_lines(note_lines)
        if self.minimumHeight() != height or self.maximumHeight() != height:
            self.setFixedHeight(height)

    def _fitting(self, px: int) -> tuple[list[tuple[str, str]], int]:
        """(the lines to show, their type size): of a beat, as many of its events (up to
        MAX_EVENTS) as show whole in the panel, at least one (the rest are summed up in
        "… and n more"), else the one written more tightly (FormulaLines.lines' `tight`: a
        short heading, long sums with fewer of their terms), else in type down to
        LEAST_TYPE of px, until it shows whole; idle, the hint and as many of the lines
        after it as fit whole. The label holds the text of the lines returned."""
        view = self.scroll.maximumViewportSize()      # (without its scroll bars)
        width, room = view.width(), view.height()

        def fits(lines, size: int = px, gap: int = GAP) -> bool:
            self._gap = gap
            self.label.setText(self._html(lines, size, width, gap))
            return width <= 0 or self.label.heightForWidth(width) <= room

        if self.idle():
            lines = self.lines()
            for n in range(len(lines), 1, -1):
                if fits(lines[:n]):
                    return lines[:n], px
            short = [(IDLE_HINT_SHORT, lines[0][1])]     # (a panel of one line: a lesson's
            if not fits(lines[:1]) and fits(short):       # XOR page at 1280×720 projector)
                return short, px
            fits(lines[:1])
            return lines[:1], px
        evs, _others = shown_sample(self.player.active)
        for n in range(min(MAX_EVENTS, len(evs)), 0, -1):
            lines = self.lines(n)
            if fits(lines):
                return lines, px
        # one event does not fit: the notes after it in short, else without the ≈ note
        # (the label's tooltip has it); else the same written more tightly (in projector
        # type at 1280×720 a step's δ or update took a line or two more than the panel's
        # height, and students saw it scroll); else it scrolls
        for tight in range(TIGHTEST + 1):
            brief = self.lines(1, brief=True, tight=tight)
            options = [brief] + ([brief[:-1]] if brief[-1][0] == ROUNDED_SHORT else [])
            gap = GAP if tight < TIGHTEST else 1
            for option in options:
                if fits(option, px, gap):
                    return option, px
        tightest = options[-1]
        for size in range(px - 1, math.ceil(LEAST_TYPE * px) - 1, -1):
            if fits(tightest, size, 1):
                return tightest, size
        # (it scrolls: broken at the width the scroll bar leaves)
        bar = self.scroll.verticalScrollBar().sizeHint().width()
        self._gap = GAP
        self.label.setText(self._html(brief, px, width - bar))
        return brief, px

    def resizeEvent(self, event):
        super().resizeEvent(event)
        # (a new width wraps the text anew, see _narrow_type; a new height fits more or
        # fewer lines; the scroll area is resized next)
        if event.oldSize() != event.size():
            QTimer.singleShot(0, self, self.refresh)

    def _html(self, lines, px: int, width: int | None = None, gap: int = GAP) -> str:
        """The lines as the label's rich text at px, `gap` px apart, the formulas broken at
        `width` (the view's, by default) where a reader would break them (formula_fit)."""
        th = theme.current()
        heading = lines[0][0] not in (IDLE_HINT, IDLE_HINT_SHORT)   # (plain text)
        if width is None:
            width = self.scroll.maximumViewportSize().width()
        return lines_html(lines, px, self.label.font(), width,
                          lambda role: getattr(th, role, th.text), heading, gap)

    def _narrow_type(self, lines, px: int, size: int) -> None:
        """A word still wider than the view (the heading's "(backpropagation)" at 250 % in a
        1280-px window, cut off at the right) gets smaller type than `size` (what the lines
        were fitted at), to 60 % of px, before it needs the horizontal scroll bar."""
        room = self.scroll.width() - self.scroll.verticalScrollBar().sizeHint().width() - 2
        while self.isVisible() and size > 0.6 * px \
                and self.label.minimumSizeHint().width() > room > 0:
            size -= 1
            self.label.setText(self._html(lines, size, gap=self._gap))

    def refresh(self, *_):
        th = theme.current()
        zoom = theme.manager().zoom
        px = _px()
        _restyle(self.convention, f"color: {th.muted}; font-size: {int(12 * zoom)}px;")
        self.fit_height()
        lines, size = self._fitting(px)
        self._narrow_type(lines, px, size)
        # (what ≈ means, in full, wherever the panel shows only its short form or none;
        # the beat in full wherever it is written more tightly)
        full = lines if self.idle() else self.lines()
        self.label.setToolTip("\n".join(t for t, _r in full) if full != lines else
                              ROUNDED if any(" ≈ " in t for t, _r in lines) else "")
        _restyle(self, f"#formulaPanel {{ background: {th.surface}; }}")
        self.setAutoFillBackground(True)


def _restyle(widget: QWidget, sheet: str) -> None:
    """Set a style sheet only when it changes (each set re-polishes the widget: half the
    time of a refresh, at every beat of a step)."""
    if widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)


def _px() -> int:
    """The formula's type size at the current zoom."""
    return int(round(17 * theme.manager().zoom))
