"""Widgets of the XOR scenario: the truth table of a network and the plots panels."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..ui import theme, window_fit
from ..ui.numbers import unbroken
from ..ui.plots import DecisionBoundaryPlot, HiddenSpacePlot, LossPlot
from .xor_model import threshold_text, truth_table


def title(text: str, parent=None) -> QLabel:
    label = QLabel(f"<b>{text}</b>", parent)
    label.setWordWrap(True)
    return label


class ShortTitle(QLabel):
    """A bold title, `text` where it fits in at most two lines, else `short` (the whole
    text then in its tooltip); its least width is the short text's longest word, so it is
    never cut off."""

    def __init__(self, text: str, short: str, parent=None):
        super().__init__(f"<b>{text}</b>", parent)
        self.setWordWrap(True)
        self.texts = (text, short)
        window_fit.keep_text_whole(self)

    def _lines(self, text: str, width: int) -> int:
        font = self.font()
        font.setBold(True)
        fm = QFontMetrics(font)
        flags = int(Qt.TextFlag.TextWordWrap)
        return round(fm.boundingRect(0, 0, max(1, width), 10_000, flags, text).height()
                     / fm.lineSpacing())

    def minimumSizeHint(self) -> QSize:
        """As narrow as the short text's longest word: the title never holds the table's
        box wider than the table (QLabel's own answer, for the long text, was wider)."""
        font = self.font()
        font.setBold(True)
        fm = QFontMetrics(font)
        m = self.contentsMargins()
        word = max(fm.horizontalAdvance(w) for w in self.texts[1].split())
        return QSize(word + m.left() + m.right(), super().minimumSizeHint().height())

    def _fit(self):
        long, short = self.texts
        wanted = short if self._lines(long, self.contentsRect().width()) > 2 else long
        if self.text() != f"<b>{wanted}</b>":
            self.setText(f"<b>{wanted}</b>")
            self.setToolTip(long if wanted == short else "")

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event):
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()


def _unbroken_formula(rule: str) -> str:
    """'h₁ fires (= 1) when 1·x₁ − 1·x₂ ≥ θ = 0.5' as rich text that may wrap after 'when'
    but never inside the formula (it broke as '… 1·x₂' / '≥ θ = 0.5')."""
    head, sep, formula = rule.partition(" when ")
    return f"{head} when " + unbroken(formula) if sep else rule


class TruthTable(QWidget):
    """x₁, x₂, the hidden units, the output and the target for the four inputs, as the
    engine computes them for the session's network; rows the network gets right are ticked.
    Below: each unit's firing rule with its threshold (for step networks)."""

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        # compact: the caption right above the table, the rules right below; the layout
        # that holds it centres it beside the canvas at its natural height
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.setSpacing(6)
        self.caption = ShortTitle("Truth table (computed by the network)", "Truth table", self)
        layout.addWidget(self.caption)
        self.table = QTableWidget(self)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        # read-only, nothing to select: Tab passes it by (it had kept Tab for its cells)
        self.table.setTabKeyNavigation(False)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setToolTip("Each row: one input pair, what each hidden unit outputs, the "
                              "network's answer y and the right answer t")
        layout.addWidget(self.table)
        self.rules = QLabel(self)
        self.rules.setWordWrap(True)
        self.rules.setToolTip("A threshold unit fires when its weighted sum reaches its "
                              "threshold θ (θ = −bias)")
        layout.addWidget(self.rules)
        session.weights_changed.connect(self.refresh)
        session.structure_changed.connect(self.refresh)
        self.refresh()

    def rows(self) -> list[dict]:
        return truth_table(self.session.view_net, self.session.X, self.session.Y)

    def changeEvent(self, event):
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:   # projector type: the cells' sizes too
            self.refresh()

    def refresh(self):
        rows = self.rows()
        n_h = len(rows[0]["h"])
        step = self.session.net.layers[-1].activation == "step"
        heads = ["x₁", "x₂"] + [f"h{chr(0x2081 + i)}" for i in range(n_h)] + ["y", "t", ""]
        self.table.setColumnCount(len(heads))
        self.table.setHorizontalHeaderLabels(heads)
        self.table.setRowCount(len(rows))
        t = theme.current()
        for r, row in enumerate(rows):
            vals = row["x"] + row["h"] + [row["y"], row["t"]]
            right = (row["y"] >= 0.5) == (row["t"] >= 0.5)
            for c, v in enumerate(vals):
                self._cell(r, c, f"{v:g}" if (step or c < 2 or c == len(vals) - 1)
                           else f"{v:.2f}")
            self._cell(r, len(vals), "✓" if right else "✗",
                       QColor(t.forward if right else t.backward))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
        # the table's own size: every number readable, no scroll bars, no empty space
        # (a digit's width more than the contents: two made the table 539 px wide at 250 %,
        # too wide beside the canvas and the side panels of a 1280-px window)
        pad = self.table.fontMetrics().horizontalAdvance("0")
        for c in range(self.table.columnCount()):
            self.table.setColumnWidth(c, self.table.columnWidth(c) + pad)
        w = sum(self.table.columnWidth(c) for c in range(self.table.columnCount())) + 4
        h = header.height() + sum(self.table.rowHeight(r) for r in range(len(rows))) + 4
        self.table.setFixedSize(w, h)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rules.setText("<br>".join(_unbroken_formula(rule)
                                       for rule in threshold_text(self.session.view_net))
                           if step else "")


    def _cell(self, r: int, c: int, text: str, colour: QColor | None = None) -> None:
        """Show text in cell (r, c), centred (in colour): the cell's item changed in place
        where it has one (replacing the items at every update deleted hundreds of them
        while training)."""
        item = self.table.item(r, c)
        if item is None:
            item = QTableWidgetItem(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(r, c, item)
        elif item.text() != text:
            item.setText(text)
        if colour is not None and item.foreground().color() != colour:
            item.setForeground(colour)


class XorPlots(QWidget):
    """The right dock for one session: hidden space, decision boundary, (loss curves).

    A short panel (projector type, small screens: less than SIDE_BY_SIDE_LINES lines of
    text high, or less high than wide once the loss plot and the titles have their room)
    puts the two planes side by side under short titles instead of stacking them, so that
    neither is squeezed to a sliver."""

    SIDE_BY_SIDE_LINES = 40
    SHORT_AXIS_TITLES_PX = 480   # a narrower panel names the hidden axes h₁, h₂ only
    LOSS_MIN_PX = 120        # readable on a 1280×800 screen too; side by side, the loss
    PLANE_MIN_PX = 100       # a stacked plane is never capped lower than this
    LOSS_SHARE = 0.22        # plot takes what the planes leave: the planes are stacked only
                             # when they would still get this share less for the loss
    TITLES = {False: ("Hidden space: each input drawn at its hidden activations",
                      "Input plane: the network's output for every (x₁, x₂)"),
              True: ("Hidden space", "Input plane")}

    def __init__(self, session, with_loss: bool, parent=None):
        super().__init__(parent)
        self.session = session
        self.setMinimumWidth(340)
        layout = QVBoxLayout(self)
        self.pair = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self.side_by_side = False
        cells = []
        for _ in range(2):
            cell = QVBoxLayout()
            cells.append(cell)
            self.pair.addLayout(cell, 1)
        head = QHBoxLayout()
        self.hidden_title = title(self.TITLES[False][0], self)
        head.addWidget(self.hidden_title, 1)
        self.axes_box = QComboBox(self)
        self.axes_box.setToolTip("Which two hidden units to use as the axes")
        self.axes_box.activated.connect(self._axes_chosen)
        head.addWidget(self.axes_box)
        cells[0].addLayout(head)
        self.hidden = HiddenSpacePlot(session, 0, self)
        self.hidden.setToolTip("The four inputs placed at (h₁, h₂). Training moves them until "
                               "one straight line (the output unit's) separates the classes")
        cells[0].addWidget(self.hidden, 1)
        self.plane_title = title(self.TITLES[False][1], self)
        self.plane_title.setToolTip(self.TITLES[False][1])
        self.hidden_title.setToolTip(self.TITLES[False][0])
        cells[1].addWidget(self.plane_title)
        self.boundary = DecisionBoundaryPlot(session, 100, self)
        self.boundary.setToolTip("Blue: the network says 1; orange: it says 0; pale: unsure")
        cells[1].addWidget(self.boundary, 1)
        for cell in cells:             # the planes keep to the top, titles on their plots
            cell.addStretch(0)
        layout.addLayout(self.pair, 0)   # the loss takes what the planes leave
        # the output unit's line under its plot, or under both planes when they are side
        # by side (in half the width it took five lines at 250 %, which the panel cut off
        # or drew over the plot); always as high as its text needs
        self.line_caption = self.hidden.caption
        window_fit.keep_text_whole(self.line_caption)
        self.loss = None
        if with_loss:
            layout.addWidget(title("Loss per epoch", self))
            self.loss = LossPlot(session, self)
            self.loss.setToolTip("The training loss after each recorded epoch")
            self.loss.setMinimumHeight(self.LOSS_MIN_PX)
            layout.addWidget(self.loss, 1)
        session.structure_changed.connect(self._fill_axes)
        self._fill_axes()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._arrange()

    def _height(self) -> int:
        """The height the panel has: its scroll area's (see plots_area) when it is in one
        (its own is at least its least height there)."""
        area = self.parentWidget().parentWidget() if self.parentWidget() is not None else None
        if isinstance(area, _PlotsArea):
            return min(self.height(), area.viewport().height())
        return self.height()

    def _arrange(self):
        height = self._height()
        loss_px = 0
        if self.loss is not None:
            loss_px = max(self.LOSS_MIN_PX, int(height * self.LOSS_SHARE))
        # stacked, each plane gets about half the height left; side by side, half the width
        line = self.fontMetrics().lineSpacing()
        left = height - loss_px - (4 if self.loss is not None else 3) * line
        side = left < self.width() or height < self.SIDE_BY_SIDE_LINES * line
        self.hidden.set_compact(side or self.width() < self.SHORT_AXIS_TITLES_PX)
        # stacked over the loss plot, the planes leave it its share (their titles, the
        # line's equation, the check box and the spacing take about twelve lines)
        cap = max(self.PLANE_MIN_PX, (height - loss_px - 12 * line) // 2) \
            if self.loss is not None and not side else None
        for plane in (self.hidden, self.boundary):
            plane.square.set_height_cap(cap)
        if side == self.side_by_side:
            return
        self.side_by_side = side
        self.pair.setDirection(QBoxLayout.Direction.LeftToRight if side
                               else QBoxLayout.Direction.TopToBottom)
        self.line_caption.parentWidget().layout().removeWidget(self.line_caption)
        if side:
            self.layout().insertWidget(1, self.line_caption)
        else:
            self.hidden.layout().addWidget(self.line_caption)
        self.line_caption.show()
        hidden, plane = self.TITLES[side]
        self.hidden_title.setText(f"<b>{hidden}</b>")
        self.plane_title.setText(f"<b>{plane}</b>")

    def _fill_axes(self):
        n = self.session.net.sizes[1]
        pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
        self.axes_box.clear()
        for i, j in pairs:
            self.axes_box.addItem(f"h{chr(0x2081 + i)} – h{chr(0x2081 + j)}", (i, j))
        self.axes_box.setVisible(len(pairs) > 1)
        if self.hidden.axes not in pairs:
            self.hidden.set_axes(0, 1)
        self.axes_box.setCurrentIndex(max(0, pairs.index(self.hidden.axes)))

    def _axes_chosen(self, index: int):
        self.hidden.set_axes(*self.axes_box.itemData(index))


class _PlotsArea(QScrollArea):
    """The XOR plots panel in a scroll area: the panel keeps at least the height its text
    needs (the output unit's line, wrapped in large type) and scrolls in a shorter dock
    instead of drawing one thing over another; the area asks for the panel's sizes."""

    def __init__(self, plots: XorPlots, parent=None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setWidget(plots)

    def sizeHint(self) -> QSize:
        return self.widget().sizeHint()

    def minimumSizeHint(self) -> QSize:
        least = self.widget().minimumSizeHint()
        return QSize(least.width() + self.verticalScrollBar().sizeHint().width(),
                     min(least.height(), super().minimumSizeHint().height()))

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self.widget()._arrange()      # (a panel at its least height gets no resize event)


def plots_area(plots: XorPlots) -> QScrollArea:
    """`plots` in the scroll area the plots dock shows (see _PlotsArea)."""
    return _PlotsArea(plots)
