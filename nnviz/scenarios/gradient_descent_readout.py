"""The numbers of the gradient-descent paths in words: the readout under the landscape and
the text of the card shown while the mouse is over it (the card itself:
gradient_descent_card).

Everything shown comes from the scenario (`GradientDescentScenario.point`, `loss_at`), which
takes it from the engine's paths and traces: this module only writes the numbers down
(nnviz.ui.numbers.fmt: fixed decimals, real minus signs) in the theme's colours, the
gradient in the "backward" accent and the step in the "update" accent, as everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QTextDocument, QTextOption
from PySide6.QtWidgets import QLabel

from ..ui import theme
from ..ui.numbers import fmt
from . import neuron_plots as npl
from .gradient_descent_steps import Point

NB = "\u00a0"           # a no-break space: a formula never wraps inside
GAP = NB * 2 + " "     # a wide gap where a line may wrap
SOFT = "\ue000"        # inside a phrase: where the hover card may wrap on a small plot
DIGITS = 4


def _nb(text: str) -> str:
    """A phrase that never wraps inside (no-break spaces; a word joiner after each "/",
    where Qt would otherwise break "∂L/∂w"); a "¦" in `text` marks where the hover card
    may still wrap it (SOFT), when its plot is too narrow for the whole phrase."""
    return text.replace(" ", NB).replace("/", "/\u2060").replace("¦", SOFT)


def strict(html: str, soft: bool = False) -> str:
    """Phrases whole (or, soft, long ones wrap at their soft places; pairs stay whole)."""
    return html.replace(SOFT, " " if soft else NB)


def pair(v: tuple[float, float]) -> str:
    return f"({fmt(v[0], DIGITS)},{NB}{fmt(v[1], DIGITS)})"


def loose(html: str) -> str:
    """The same text with every space breakable: for a room narrower than a phrase."""
    return html.replace(SOFT, " ").replace(NB, " ").replace("\u2060", "")


def widest_phrase(html: str, font: QFont, room: float = 1) -> float:
    """The width of the widest line of `html` word-wrapped at `room` px (by default: of the
    widest part that a word-wrapped label cannot break)."""
    doc = QTextDocument()
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    doc.setDefaultTextOption(option)
    doc.setHtml(html)
    doc.setTextWidth(room)
    return doc.idealWidth()


def _span(colour: str, text: str) -> str:
    return f'<span style="color:{colour}">{text}</span>'


def _from(p: Point) -> str:
    """Which batch the gradient came from, when it was not all the data."""
    if p.n_samples >= p.data_size:
        return ""
    return " " + _nb(f"on {p.n_samples} of the {p.data_size} points")


def update_title(p: Point) -> str:
    return _nb(f"Start¦(update 0 of {p.planned})" if p.n == 0 else
               f"Update {p.n} of {p.planned}")


GRAD = _nb("gradient ∇L¦= (∂L/∂w, ∂L/∂b)") + " " + _nb("= ")


def detail_lines(p: Point) -> list[str]:
    """HTML lines for one point: the update count, where it is and its loss; then the
    gradient the update that led there used and the step it took (at the start: the first
    update's). Each phrase stays whole (see strict); a narrow window wraps between them."""
    t = theme.current()
    lines = [f"<b>{update_title(p)}</b>{GAP}"
             f"{_nb('(w, b) =¦')}{pair((p.w, p.b))}{GAP}"
             f"{_nb(f'loss L = {fmt(p.loss, DIGITS)}')}"]
    eta = _nb(f"η = {p.lr:g}")
    if p.n > 0 and p.grad is not None:
        before = "the start" if p.n == 1 else f"update {p.n - 1}"
        lines.append(_span(t.backward, f"{GRAD}{pair(p.grad)}, "
                                       f"{_nb('measured at ' + before)}{_from(p)}"))
        if p.plain_step:
            lines.append(_span(t.update, f"{_nb('step taken −η·∇L')} {_nb('= ')}{pair(p.step)}, "
                                         f"{_nb('with ' + eta)}"))
        else:
            lines.append(_span(t.update, f"{_nb(f'step taken by {p.optimizer}¦({eta}):')} "
                                         f"{_nb('(Δw, Δb)')} {_nb('= ')}{pair(p.step)}, "
                                         f"{_nb('its own rule,¦not just −η·∇L')}"))
    elif p.n == 0 and p.next_grad is not None:
        lines.append(_span(t.backward, f"{GRAD}{pair(p.next_grad)} {_nb('here')}{_from(p)}"))
        rule = "−η·∇L" if p.plain_step else f"{p.optimizer}'s step"
        lines.append(_span(t.update, f"{_nb('no update yet:¦the first will step')} "
                                     f"{_nb(rule)} {_nb('= ')}{pair(p.next_step)}, "
                                     f"{_nb('with ' + eta)}"))
    if p.stopped:
        lines.append(f"<b>The path stops here.</b> The next update made training diverge: "
                     f"{p.stopped}.")
    return lines


def single_html(p: Point) -> str:
    """The readout of the one path: its current update, in full."""
    return strict("<br>".join(detail_lines(p)))


def card_html(p: Point, colour: str) -> str:
    """The hover card of one point of a path: the path's name, then the readout's lines."""
    return "<br>".join([f"{_span(colour, '●')} {_nb(p.label)}"] + detail_lines(p))


def landscape_card_html(w: float, b: float, loss: float) -> str:
    t = theme.current()
    return (f"{_nb('(w, b) =¦')}({_nb(f'{fmt(w, 2)}, {fmt(b, 2)}')})<br>"
            f"{_nb(f'loss here L = {fmt(loss, DIGITS)}')}<br>"
            f"{_span(t.muted, 'Click to start the path here.')}")


@dataclass(frozen=True)
class Row:
    """One path of several, as the readout lists it."""
    colour: str
    name: str           # the optimizer, or the kind of batch
    eta: str            # its learning rate ("" when the heading gives the one of all)
    n: int              # the update shown
    planned: int
    loss: float
    stopped: bool       # it diverged and stops at this update


def path_row(p: Point, colour: str, race: bool) -> Row:
    name = p.optimizer if race else p.label
    return Row(colour, name, f"{p.lr:g}" if race else "", p.n, p.planned, p.loss,
               bool(p.stopped))


CELL_PAD = 14           # px between the columns of the rows (× zoom)


class Readout(QLabel):
    """Under the landscape: one path's update in full, or one line per path (a table with
    a heading; two paths to a line when there is room). Lines wrap only between phrases,
    and rows too wide for the readout become sentences that wrap: nothing is cut."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("descent_readout")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.rows: list[Row] = []
        self._html, self._strict, self._narrowest = "", 0.0, 0.0
        self._widest: dict[bool, list[float]] = {}     # the columns' widths, with η or not
        self.heading = ""
        self.layout_kind = None     # (paths per line, with η) or "sentences"; None: one path
        self.restyle()

    def _pad(self) -> int:
        return round(6 * theme.manager().zoom)

    def restyle(self):
        f = QFont(self.font())
        f.setPointSizeF(npl.font_pt(14))
        self.setFont(f)
        t = theme.current()
        self.setStyleSheet(f"#descent_readout {{ color: {t.text}; background: {t.background};"
                           f" padding: {self._pad()}px; }}")

    def show_single(self, html: str):
        self.rows, self.layout_kind = [], None
        self._set(html)

    def show_rows(self, heading: str, rows: list[Row]):
        """One line per path, under a caption with the update shown and the loss L "of each
        {heading}" (e.g. "optimizer")."""
        self.heading, self.rows = heading, rows
        self._widest = {eta: self._widths(eta) for eta in (True, False)}
        self.layout_kind = self._fitting_layout()
        self._render()

    def _set(self, html: str):
        """Show `html`, its phrases whole when the readout is wide enough for the widest
        (else with every space breakable: nothing is cut)."""
        self._html = html
        self._strict = widest_phrase(html, self.font())
        if self.rows:           # the narrowest form of rows is their sentences
            html_min = "<br>".join(self._sentences())
        else:
            html_min = html
        self._narrowest = widest_phrase(loose(html_min), self.font())
        self._apply()

    def _apply(self):
        html = self._html if self.contentsRect().width() >= self._strict else loose(self._html)
        if html != self.text():
            self.setText(html)

    # -- the rows of several paths ----------------------------------------------------------
    def _caption(self, with_eta: bool) -> str:
        """The line above the rows: the update they show, and what each row gives."""
        n = max(r.n for r in self.rows)
        eta = " (η)" if with_eta and any(r.eta for r in self.rows) else ""
        return (f"<b>{_nb(f'Update {n} of {self.rows[0].planned}')}</b>{GAP}"
                f"{_nb(f'loss L of each {self.heading}{eta}:')}")

    def _cells(self, row: Row, with_eta: bool) -> list[str]:
        name = f"{_span(row.colour, '●')}{NB}{_nb(row.name)}"
        if with_eta and row.eta:
            name += _nb(f" ({row.eta})")
        loss = fmt(row.loss, DIGITS)
        if row.stopped:
            loss += " " + _nb(f"(stopped at update {row.n}: diverged)")
        return [name, loss]

    def _widths(self, with_eta: bool) -> list[float]:
        """Each column's widest text, as drawn, and the caption's."""
        doc = QTextDocument()
        doc.setDefaultFont(self.font())
        doc.setDocumentMargin(0)
        widths = [0.0, 0.0]
        for cells in [self._cells(r, with_eta) for r in self.rows]:
            for i, cell in enumerate(cells):
                doc.setHtml(cell)
                widths[i] = max(widths[i], doc.idealWidth())
        return widths

    def _fitting_layout(self):
        room = self.contentsRect().width() - 8
        pad = CELL_PAD * theme.manager().zoom
        for per, with_eta in ((2, True), (2, False), (1, True), (1, False)):
            if per > len(self.rows):
                continue
            one = sum(self._widest[with_eta]) + 2 * pad
            if per * one + (per - 1) * 2 * pad <= room:
                return (per, with_eta)
        return "sentences"

    def _sentences(self) -> list[str]:
        lines = []
        for r in self.rows:
            name, loss = self._cells(r, True)
            lines.append(f"{name}: {_nb(f'update {r.n} of {r.planned},')} {_nb('L = ')}{loss}")
        return lines

    def _render(self):
        if self.layout_kind == "sentences":
            self._set("<br>".join(self._sentences()))
            return
        per, with_eta = self.layout_kind
        pad = round(CELL_PAD * theme.manager().zoom)

        def tds(cells, first):
            gap = f'<td width="{2 * pad}"></td>' if not first else ""
            return gap + "".join(
                f'<td align="{"left" if i == 0 else "right"}" style="padding-right:{pad}px">'
                f"{c}</td>" for i, c in enumerate(cells))
        lines = []
        rows = (len(self.rows) + per - 1) // per          # down the first half, then the next
        for i in range(rows):
            line = [self.rows[i + k * rows] for k in range(per) if i + k * rows < len(self.rows)]
            lines.append("<tr>" + "".join(tds(self._cells(r, with_eta), k == 0)
                                          for k, r in enumerate(line)) + "</tr>")
        self._set(f'{self._caption(with_eta)}'
                  f'<table cellspacing="0" cellpadding="0">{"".join(lines)}</table>')

    def minimumSizeHint(self) -> QSize:
        """As narrow as the widest word: the text wraps (rows become sentences, phrases
        break) rather than hold the window wide."""
        hint = super().minimumSizeHint()
        m = self.contentsMargins()
        hint.setWidth(min(hint.width(), round(self._narrowest) + m.left() + m.right() + 2))
        return hint

    def resizeEvent(self, event):
        super().resizeEvent(event)
        if event.size().width() == event.oldSize().width():
            return
        if self.rows:
            kind = self._fitting_layout()
            if kind != self.layout_kind:
                self.layout_kind = kind
                self._render()
                return
        self._apply()
