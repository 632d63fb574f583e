"""How the perceptron's view (PerceptronPlot, perceptron_view.py) shares its room between
the plane, the legend and the formula, at every size and zoom, the plane about square:

- below the plane, the legend and the formula (a tall enough view);
- the legend beside the plane, the formula below both, when below it the plane would be
  a wide strip (at 1280×720 it was 1.4 times wider than high at 100 %, twice at 200 %:
  the locked aspect showed x from −1.9 to 2.9 around points in [0, 1]);
- where the legend does not fit beside it, a plane showing no more than PLANE_RATIO
  times as much x as y, centred, the legend below;
- all the text beside the plane in a view much wider than high (`wide`).

What decides is the formula's height for a mistake (the tallest a step's gets) or the
tallest yet at the view's width, not the step's own: the legend moved beside the plane
and back, and the plane up and down, as the steps' texts changed."""

from __future__ import annotations

from types import SimpleNamespace
from typing import NamedTuple

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QTextDocument, QTextOption
from PySide6.QtWidgets import QBoxLayout, QWidget

from ..engine.units import Perceptron
from ..ui import theme
from ..ui.window_fit import QWIDGETSIZE_MAX
from .perceptron_label import axes_key
from .perceptron_texts import formula_forms

WIDE = 1.5              # width / height above which the text goes beside the plane
TEXT_MIN_WIDTH = 280     # the text beside the plane is at least this wide
PLANE_PX = 300           # below the plane, the text leaves it this much height (if it can)
TEXT_SHARE = 0.35        # of a short view the text keeps anyway (it scrolls)
PLANE_RATIO = 1.25       # the plane's data at most this × as wide as high
BACK_RATIO = 1.12        # the legend beside goes back below when the plane would be
                         # no wider than this there (a little hysteresis: no flicker)
BESIDE_LEAST = 0.9       # beside the legend, the plane at least this × its height below
LEGEND_MIN_WIDTH = 160   # the legend beside the plane is at least this wide
PLANE_SLACK_PX = 24      # the plane plot is wider than high by this × (1 + the zoom): more
                         # than its axes' widths can differ


class Plan(NamedTuple):
    beside: bool          # the legend beside the plane
    column: int           # its width there (0 below)
    text: int             # the height of the text below the plane
    plane: int            # the plane's width when narrower than the view (0: all of it)
    high: int = 0         # the plane's height beside the legend (0 below)


class TextBox(QWidget):
    """The legend and formula below the plane: its size hint is the height its text needs
    at the width it has (a word-wrapped label's own hint is for a width of its choosing:
    at 1280×720 in projector type it asked 340 px for text that took 230)."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        lay = self.layout()
        if lay is None or self.width() <= 1 or not lay.hasHeightForWidth():
            return hint
        return QSize(min(hint.width(), self.width()), lay.heightForWidth(self.width()))


_SIZES: dict[tuple, tuple[float, float]] = {}


def _html_size(label, html: str, width: float, margin: float = 4.0) -> tuple[float, float]:
    """The (ideal width, height) of a label's rich text at this width (1: its longest
    piece that may not wrap), with this document margin; remembered (the view lays out
    on every step)."""
    key = (html, label.font().toString(), width, margin)
    size = _SIZES.get(key)
    if size is None:
        doc = QTextDocument()
        doc.setDefaultTextOption(QTextOption(Qt.AlignmentFlag.AlignLeft))  # words whole
        doc.setDefaultFont(label.font())
        doc.setDocumentMargin(margin)
        doc.setHtml(html)
        doc.setTextWidth(width)
        if len(_SIZES) > 256:
            _SIZES.clear()
        size = _SIZES[key] = (doc.idealWidth(), doc.size().height())
    return size


def mistake_forms(m) -> list[str]:
    """The formula of a mistake on the last point with the current weights, in each of its
    forms (perceptron_texts.formula_forms): about the tallest a step's formula gets (the
    formula before learning, or of a right answer, is two lines shorter)."""
    unit = Perceptron(2, lr=m.lr, bipolar=m.bipolar, w=m.w, b=m.b)
    x = m.X[-1]
    lo, hi = unit.classes
    rec = unit.step(x, lo if unit.net_input(x) >= 0 else hi, len(m.points) - 1)
    return formula_forms(SimpleNamespace(last=rec, bipolar=m.bipolar, points=m.points,
                                         lr=m.lr))


def piece_width(label, html: str) -> float:
    """The width of the longest piece of this rich text that may not wrap, in the label's
    type, as the label lays it out (no document margin): the least width it is whole at."""
    return _html_size(label, html, 1, margin=0.0)[0]


def fitting(label, forms: list[str], room: float) -> str:
    """The first (fullest) of these forms of a label's text whose longest unbreakable
    piece fits `room` pixels, else the last (the tersest)."""
    return next((html for html in forms if piece_width(label, html) <= room), forms[-1])


class PlaneLayout:
    """The layout half of PerceptronPlot (which has the plot, plane_row, legend, formula,
    text_area, text_layout and _legend_html)."""

    def _init_layout(self):
        self.legend_beside = False
        self._move_pending = False
        self._tallest: dict[tuple, int] = {}   # (width, type) → the formula's tallest
        self._forms: list[str] = []           # the step's text, fullest form first
        self._legend_loose = False            # the legend's entries free to wrap
        self._room = QWIDGETSIZE_MAX          # the text's width less its scroll bar's

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._share_height()

    def wide(self) -> bool:
        """A view much wider than high (a lesson in projector type), with room beside an
        about square plane for the text's longest unbreakable piece: the text goes there
        (below it, the plane was a wide strip)."""
        room = self.width() - self.height() - 12
        return self.width() > WIDE * self.height() and room >= max(
            TEXT_MIN_WIDTH, self._text_min_width() + 24)

    def _text_min_width(self) -> float:
        """The width of the text's longest piece that may not wrap in its fullest forms (a
        legend entry, an update such as w0 ← 0 + 1·(−1)·1 = −1)."""
        pieces = [(self.legend, self._legend_html(False, loose=False))]
        pieces += [(self.formula, self._forms[0])] if self._forms else []
        return max(_html_size(label, html, 1)[0] for label, html in pieces)

    def _fit_texts(self, width: int):
        """The formula's and the legend's fullest forms whose longest unbreakable pieces
        fit the text's width less its scroll bar's (there when the text is higher than its
        room): no text runs off the right (at 200 % in a 1024×600 window the step's
        "+ w2·x2 = (−1)·1" did). The legend beside the plane has a column as wide as its
        fullest form (_plan)."""
        bar = self.text_area.verticalScrollBar()
        self._room = room = max(1, width - bar.sizeHint().width())
        if self._forms:
            html = fitting(self.formula, self._forms, room)
            if html != self.formula.text():
                self.formula.setText(html)
        self._legend_loose = not self.legend_beside and piece_width(
            self.legend, self._legend_html(False, loose=False)) > room
        html = self._legend_html(self.legend_beside)
        if html != self.legend.text():
            self.legend.setText(html)

    def _share_height(self):
        """Beside the plane in a wide view, the text takes what the about square plane
        leaves. Below it, the text takes what it needs but at most half the view, and in a
        short view (a lesson in projector type) what leaves the plane PLANE_PX, down to
        TEXT_SHARE of the view (it scrolls); the legend goes beside the plane when that
        keeps the plane about square (`_plan`), else the plane is centred, showing no
        more than PLANE_RATIO times as much x as y."""
        lay = self.layout()
        if self.wide():
            self._want_legend_beside(False)
            self._set_plane_width(0)
            self.plot.setMaximumHeight(QWIDGETSIZE_MAX)
            if lay.direction() != QBoxLayout.Direction.LeftToRight:
                lay.setDirection(QBoxLayout.Direction.LeftToRight)
                self.text_area.setMinimumHeight(0)
                self.text_area.setMaximumHeight(QWIDGETSIZE_MAX)
            room = max(TEXT_MIN_WIDTH, self.width() - self.height() - 12)
            if self.text_area.maximumWidth() != room:
                self.text_area.setFixedWidth(room)
            self._fit_texts(room)
            return
        if lay.direction() != QBoxLayout.Direction.TopToBottom:
            lay.setDirection(QBoxLayout.Direction.TopToBottom)
            self.text_area.setMinimumWidth(0)
            self.text_area.setMaximumWidth(QWIDGETSIZE_MAX)
        self._fit_texts(self._text_width())
        plan = self._plan()
        self._want_legend_beside(plan.beside)
        if plan.beside != self.legend_beside:     # (until it moves: as it is now)
            plan = self._plan(keep=True)
        most = plan.text
        if self.text_area.maximumHeight() != most or self.text_area.minimumHeight() != most:
            self.text_area.setFixedHeight(most)   # (a maximum alone: the plane, stretching,
                                                  # left the text its small size hint)
        if self.legend_beside and plan.beside and self.legend.width() != plan.column:
            self.legend.setFixedWidth(plan.column)
        self._set_plane_width(plan.plane)
        # beside the legend (its height for its width), the plane's row is at least as
        # high as the plot's size hint, which is the plot's size: it never shrank, and
        # pushed the formula 9 px out of the view at 1366×768 in 150 %
        high = plan.high if self.legend_beside and plan.beside else QWIDGETSIZE_MAX
        if self.plot.maximumHeight() != high:
            self.plot.setMaximumHeight(high)

    def _set_plane_width(self, width: int):
        """The plane no wider than this, centred (0: as wide as its row)."""
        pad = 0
        if width > 0:
            m = self.layout().contentsMargins()
            pad = max(0, (self.width() - m.left() - m.right() - width) // 2)
        if self.plane_row.contentsMargins().left() != pad:
            self.plane_row.setContentsMargins(pad, 0, pad, 0)

    def _want_legend_beside(self, beside: bool):
        """Move the legend beside the plane or below it, later: never from inside a layout
        pass (the plane's resize, sigResized → refresh, comes while its row lays out, and
        taking the legend out of that row then crashed Qt)."""
        if beside != self.legend_beside and not self._move_pending:
            self._move_pending = True
            QTimer.singleShot(0, self, self._move_legend)

    def _text_width(self) -> int:
        """The width of the text below the plane (the view's, less the margins)."""
        m = self.layout().contentsMargins()
        return max(1, self.width() - m.left() - m.right())

    def _text_need(self) -> int:
        """The height the text below the plane needs at the width it gets, as it is now."""
        box = self.text_area.widget()
        lay = box.layout()
        width = self._text_width()
        if box.width() != width and lay.hasHeightForWidth():
            return lay.heightForWidth(width)
        return box.sizeHint().height()

    def _needs(self) -> tuple[int, int]:
        """The heights the formula alone and the legend and the formula need below the
        plane: for the formula, the tallest yet at this width and type or a mistake's (a
        step's text is two lines longer after a mistake: the plane went up and down, and
        the legend beside it and back, from one step to the next)."""
        width = self._text_width()
        key = (width, round(theme.manager().zoom, 3), self.formula.font().pointSizeF(),
               self.legend.font().pointSizeF())
        formula = max(self._tallest.get(key, 0), self.formula.heightForWidth(width))
        if self.model.points:
            tall = fitting(self.formula, mistake_forms(self.model), self._room)
            formula = max(formula, int(_html_size(self.formula, tall, width)[1]) + 2)
        self._tallest = {key: formula}
        spacing = max(0, self.text_layout.spacing())
        legend = int(_html_size(self.legend, self._legend_html(False), width)[1]) + 2
        if not self.legend_beside:        # (what the text box measures is exact)
            legend = max(legend, self._text_need() - formula - spacing)
        return formula + 4, formula + spacing + legend + 4

    def _text_height(self, need: int) -> int:
        h = self.height()
        return max(60, min(need, max(int(h * TEXT_SHARE), min(h // 2, h - PLANE_PX))))

    def _plan(self, keep: bool = False) -> Plan:
        """Where the legend goes and how high the text below the plane is (keep: for the
        legend where it is now, until it moves). Below the plane if there the plane is
        at most PLANE_RATIO times wider than high; else beside it, the plane about square
        and at least BESIDE_LEAST of what it would be below, if the legend fits there (in
        large type in a narrow view it does not) and the text below leaves the plane at
        least half the view; else below, the plane narrowed to show PLANE_RATIO times as
        much x as y."""
        m = self.layout().contentsMargins()
        inner_w = self.width() - m.left() - m.right()
        inner_h = self.height() - m.top() - m.bottom()
        spacing = max(0, self.layout().spacing())
        formula, full = self._needs()
        zoom = max(1.0, theme.manager().zoom)
        slack = int(PLANE_SLACK_PX * (1.0 + zoom))
        below_text = self._text_height(full)
        below_h = inner_h - below_text - spacing
        dw, dh = self._axes_px()
        narrow = dw + int(PLANE_RATIO * (below_h - dh))
        below = Plan(False, 0, below_text, narrow if below_h > dh and narrow < inner_w else 0)
        least = int(max(LEGEND_MIN_WIDTH, self._legend_min_width()))
        high = inner_h - self._text_height(formula) - spacing
        side = min(high, inner_w - least - spacing - slack)
        column = inner_w - side - slack - spacing
        if below_h <= 0 or side <= 0:
            return below
        beside = Plan(True, column, inner_h - side - spacing, 0, side)
        if keep:
            return beside if self.legend_beside else below
        if inner_w - dw <= (BACK_RATIO if self.legend_beside else PLANE_RATIO) * (below_h - dh):
            return below
        enough = BESIDE_LEAST - (0.05 if self.legend_beside else 0.0)
        if side >= enough * below_h and self._legend_height(column) <= side \
                and beside.text <= max(below_text, self.height() // 2):
            return beside
        return below

    def _axes_px(self) -> tuple[int, int]:
        """How much wider and higher the plane's plot is than its data (ViewBox): its
        axes, their labels and margins (at 200 % the bottom axis is the higher: a plot
        1.25 times wider than high showed 1.4 times more x than y). Once the weight's
        caption has come under the plane, as measured before it came, while the view's
        size and type stay (perceptron_label: the plane makes room for it, the layout
        stays; the shorter plane's axes were narrower, and after it the layout settled
        on another size)."""
        frozen = getattr(self, "axes_frozen", None)
        if frozen is not None and frozen[0] == axes_key(self):
            return frozen[1]
        box = self.box.geometry()
        if box.width() <= 0 or box.height() <= 0:
            return 0, 0
        return (max(0, int(self.plot.width() - box.width())),
                max(0, int(self.plot.height() - box.height())))

    def _legend_min_width(self) -> float:
        """The width of the legend's longest piece that may not wrap (beside the plane)."""
        return _html_size(self.legend, self._legend_html(True), 1)[0] + 4

    def _legend_height(self, column: int) -> float:
        """The legend's height beside the plane in a column this wide."""
        return _html_size(self.legend, self._legend_html(True), column)[1] + 4

    def _move_legend(self):
        self._move_pending = False
        self._set_legend_beside(not self.wide() and self._plan().beside)
        self._share_height()

    def _set_legend_beside(self, beside: bool):
        if beside == self.legend_beside:
            return
        self.legend_beside = beside
        if beside:
            self.text_layout.removeWidget(self.legend)
            self.plane_row.addWidget(self.legend, 0, Qt.AlignmentFlag.AlignTop)
        else:
            self.plane_row.removeWidget(self.legend)
            self.legend.setMinimumWidth(0)
            self.legend.setMaximumWidth(QWIDGETSIZE_MAX)
            self.text_layout.insertWidget(0, self.legend)
        # (a widget a layout takes from another parent shows only later, from the event
        # queue: until then the text's height was measured without it, and cut it off)
        self.legend.show()
        self.legend.setText(self._legend_html(beside))
        self.text_layout.invalidate()
