"""The McCulloch–Pitts scenario's truth table, with the current row lit (the geometric view
beside it is in mp_plane)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
)

from ..ui import theme
from .mp_model import MPModel


class TruthTable(QTableWidget):
    """Every input row with the engine's outputs; the current inputs' row is lit. Clicking a
    row sets the inputs to it."""

    def __init__(self, model: MPModel, parent=None):
        super().__init__(parent)
        self.model = model
        self.setObjectName("mp_truth_table")
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setToolTip("The truth table of the current unit, computed by the engine. The "
                        "tinted row is the current inputs (ringed on the plane too); click a "
                        "row to set the inputs to it.")
        self.cellClicked.connect(self._row_clicked)
        model.changed.connect(self.refresh)
        theme.manager().changed.connect(self.refresh)
        self.refresh()

    def lit_row(self) -> int:
        return self.model.current_row()

    def _row_clicked(self, row: int, _col: int):
        cols, rows = self.model.table()
        self.model.set_inputs(rows[row, :self.model.n_inputs].tolist())

    def refresh(self):
        t = theme.current()
        cols, rows = self.model.table()
        font = QFont(self.font())
        font.setPointSizeF(max(13.0, 14.0 * theme.manager().zoom))
        self.setFont(font)
        self.horizontalHeader().setFont(font)
        self.setColumnCount(len(cols))
        self.setRowCount(len(rows))
        self.setHorizontalHeaderLabels(cols)
        current = self.lit_row()
        bold = QFont(font)
        bold.setBold(True)
        row_tint = self.current_colour()
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                item = QTableWidgetItem(str(int(v)))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if c == len(cols) - 1 and v:          # the output: lit where the unit fires
                    fill = t.qcolor("highlight") if r == current else \
                        theme.blend(t.qcolor("highlight"), 0.3)
                    item.setBackground(QBrush(fill))
                    item.setForeground(QBrush(theme.ink_on(fill)))
                    item.setFont(bold)
                elif r == current:                    # the current inputs: the plane's ring
                    item.setBackground(QBrush(row_tint))
                    item.setFont(bold)
                elif c == len(cols) - 1:
                    item.setFont(bold)
                self.setItem(r, c, item)
        self.resizeRowsToContents()
        self.scrollToItem(self.item(current, 0))
        self.setMaximumHeight(self._rows_px(self.rowCount()))   # no empty band under the rows
        self.updateGeometry()
        self._fit_splitter()

    @staticmethod
    def current_colour() -> QColor:
        """The current row's tint: the colour of the ring round the current input on the
        plane (not the firing colour: the row may well not fire)."""
        return theme.blend(theme.current().qcolor("forward"), 0.3)

    def _fit_splitter(self):
        """In its splitter, as high as its rows (or as the plane below leaves): a third
        input doubles the rows, which the splitter's old sizes had scrolled out of view."""
        split = self.parentWidget()
        if not isinstance(split, QSplitter) or split.count() < 2 or split.indexOf(self) != 0:
            return
        sizes = split.sizes()
        total = sum(sizes)
        if total <= 0:
            return
        other = split.widget(1).minimumSizeHint().height()
        want = min(self._rows_px(self.rowCount()), max(self.minimumSizeHint().height(),
                                                       total - other))
        if want != sizes[0]:
            split.setSizes([want, total - want] + sizes[2:])

    SHOWN_AT_LEAST = 4       # rows a short panel still shows whole (two inputs: all of them)

    def _rows_px(self, n: int) -> int:
        header = self.horizontalHeader().sizeHint().height()
        return header + sum(self.rowHeight(r) for r in range(n)) + 2 * self.frameWidth()

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._rows_px(self.rowCount()))

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(),
                     self._rows_px(min(self.rowCount(), self.SHOWN_AT_LEAST)))
