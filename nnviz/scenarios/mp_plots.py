"""The McCulloch–Pitts scenario's right-hand views: the truth table with the current row
lit, and the geometric view (the unit square cut by the line x1 + x2 = θ)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
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


class GeometryView(QWidget):
    """Single unit: the square of (x1, x2) (other inputs fixed at their current values) with
    the line where the excitatory count reaches θ, and corners lit where the unit fires.
    XOR network: the input square beside the hidden square (h1, h2), where one line works."""

    def __init__(self, model: MPModel, parent=None):
        super().__init__(parent)
        self.model = model
        self.setObjectName("mp_geometry")
        self.setMinimumSize(280, 280)
        self.setToolTip("Each corner of the square is one input pattern, lit where the unit "
                        "fires; the line is where the count of excitatory inputs equals θ.")
        model.changed.connect(self.update)
        theme.manager().changed.connect(self.update)

    def _font(self, px: float, bold=False) -> QFont:
        f = QFont(self.font())
        f.setPixelSize(max(10, int(px)))
        f.setBold(bold)
        return f

    def paintEvent(self, event):
        t = theme.current()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), t.qcolor("background"))
        m = self.model
        if m.mode == "xor":
            w, h = self.width(), self.height()
            if h > 0.9 * w:
                self._xor_input(p, QRectF(0, 0, w, h / 2))
                self._xor_hidden(p, QRectF(0, h / 2, w, h / 2))
            else:
                self._xor_input(p, QRectF(0, 0, w / 2, h))
                self._xor_hidden(p, QRectF(w / 2, 0, w / 2, h))
        elif m.n_inputs == 1:
            self._number_line(p, QRectF(self.rect()))
        else:
            self._square_unit(p, QRectF(self.rect()))
        p.end()

    # -- helpers --------------------------------------------------------------------------
    def _frame(self, area: QRectF):
        """The plotting square inside `area` and a map from (x1, x2) to pixels."""
        z = theme.manager().zoom       # projector type: larger labels, a smaller square,
        short = min(area.width(), area.height())   # but the square keeps half the room
        u = min(max(11.0 * z, short / 22 * z), short / 18.6)
        # top: the title, then the top corners' labels (above their discs); bottom: the
        # bottom corners' labels, the axis label below them, the caption
        side = min(area.width() - 4 * u, area.height() - 9.3 * u)
        if 2.6 * u > 0.14 * side:     # the axis label is pushed down by the corner labels
            side = min(area.width() - 4 * u, (area.height() - 11.9 * u) / 0.86)
        x0 = area.x() + (area.width() - side) / 2 + u
        y0 = area.y() + 4.4 * u + side
        to_px = lambda a, b: QPointF(x0 + a * side / 1.4 + 0.2 * side / 1.4,  # noqa: E731
                                     y0 - b * side / 1.4 - 0.2 * side / 1.4)
        return u, side, to_px

    def _axes(self, p, to_px, u, xlabel, ylabel, title):
        t = theme.current()
        p.setPen(QPen(t.qcolor("muted"), 1.5))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(QRectF(to_px(0, 1), to_px(1, 0)))
        p.setPen(t.qcolor("text"))
        p.setFont(self._font(u * 1.0, True))
        a = to_px(0.5, -0.2)
        p.drawText(QRectF(a.x() - 4 * u, _xlabel_top(to_px, u), 8 * u, 1.6 * u),
                   Qt.AlignmentFlag.AlignCenter, xlabel)
        b = to_px(-0.2, 0.5)
        p.drawText(QRectF(b.x() - 3 * u, b.y() - 0.8 * u, 2.6 * u, 1.6 * u),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, ylabel)
        c = to_px(0.5, 1.2)
        p.drawText(QRectF(c.x() - 12 * u, c.y() - 4.2 * u, 24 * u, 1.8 * u),
                   Qt.AlignmentFlag.AlignCenter, title)

    def _corner(self, p, at: QPointF, value: int, u, current=False, label=None, blocked=False,
                above=False):
        """A corner's disc with its value; its label below it, or above it for a top corner
        (outside the square, whose edges ran through the labels), clear of the ring that
        marks the current input (it had covered the label)."""
        t = theme.current()
        r = 0.75 * u
        if current:
            p.setPen(QPen(t.qcolor("forward"), 0.3 * u))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(at, r + 0.45 * u, r + 0.45 * u)
        p.setPen(QPen(t.qcolor("text"), 2))
        p.setBrush(t.qcolor("highlight") if value else t.qcolor("surface"))
        p.drawEllipse(at, r, r)
        p.setFont(self._font(u * 0.85, True))
        p.setPen(theme.ink_on(t.qcolor("highlight")) if value else t.qcolor("text"))
        p.drawText(QRectF(at.x() - r, at.y() - r, 2 * r, 2 * r), Qt.AlignmentFlag.AlignCenter,
                   str(value))
        if label or blocked:
            p.setFont(self._font(u * 0.75))
            p.setPen(t.qcolor("negative") if blocked else t.qcolor("muted"))
            text = (f"{label}: blocked" if label else "blocked") if blocked else label
            gap = r + 0.65 * u                       # past the ring (r + 0.45 u, pen 0.3 u)
            top = at.y() - gap - 1.2 * u if above else at.y() + gap
            p.drawText(QRectF(at.x() - 5 * u, top, 10 * u, 1.2 * u),
                       Qt.AlignmentFlag.AlignCenter, text)

    def _half_plane(self, p, to_px, a, b, c, colour):
        """Shade {a·x1 + b·x2 ≥ c} inside the drawing box and draw the line a·x1 + b·x2 = c."""
        box = [(-0.2, -0.2), (1.2, -0.2), (1.2, 1.2), (-0.2, 1.2)]
        poly = []
        for k in range(4):
            (x1, y1), (x2, y2) = box[k], box[(k + 1) % 4]
            f1, f2 = a * x1 + b * y1 - c, a * x2 + b * y2 - c
            if f1 >= 0:
                poly.append((x1, y1))
            if (f1 >= 0) != (f2 >= 0):
                s = f1 / (f1 - f2)
                poly.append((x1 + s * (x2 - x1), y1 + s * (y2 - y1)))
        if len(poly) >= 3:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(theme.blend(colour, 0.16))
            p.drawPolygon(QPolygonF([to_px(*q) for q in poly]))
        ends = []
        for k in range(4):
            (x1, y1), (x2, y2) = box[k], box[(k + 1) % 4]
            f1, f2 = a * x1 + b * y1 - c, a * x2 + b * y2 - c
            if (f1 >= 0) != (f2 >= 0):
                s = f1 / (f1 - f2)
                ends.append(to_px(x1 + s * (x2 - x1), y1 + s * (y2 - y1)))
        if len(ends) >= 2:
            p.setPen(QPen(colour, 4))
            p.drawLine(ends[0], ends[1])
            return ends
        return None

    def _caption(self, p, area, to_px, u, colour, text):
        p.setPen(colour)
        font = self._font(u * 0.95, True)
        p.setFont(font)
        wide = p.fontMetrics().horizontalAdvance(text)
        if wide > area.width() - u:
            font.setPixelSize(max(9, int(font.pixelSize() * (area.width() - u) / wide)))
            p.setFont(font)
        p.drawText(QRectF(area.x(), _xlabel_top(to_px, u) + 1.7 * u, area.width(), 1.6 * u),
                   Qt.AlignmentFlag.AlignCenter, text)

    # -- single unit ----------------------------------------------------------------------
    def _square_unit(self, p, area: QRectF):
        t = theme.current()
        m = self.model
        mp = m.unit
        u, side, to_px = self._frame(area)
        others = [i for i in range(2, mp.n_inputs)]
        others_on = sum(m.x[i] for i in others if i not in mp.inhibitory)
        others_block = any(m.x[i] for i in others if i in mp.inhibitory)
        theta = mp.threshold - others_on
        a = 0 if 0 in mp.inhibitory else 1
        b = 0 if 1 in mp.inhibitory else 1
        title = "x1, x2 plane" + (", " + ", ".join(f"x{i + 1} = {m.x[i]}" for i in others)
                                  if others else "")
        self._axes(p, to_px, u, "x1", "x2", title)
        colour = t.qcolor("update")
        line_text = None
        if not others_block and (a or b):
            ends = self._half_plane(p, to_px, a, b, theta, colour)
            terms = " + ".join(n for n, k in (("x1", a), ("x2", b)) if k)
            line_text = f"{terms} = {theta}"
            shift = f" (θ − {others_on} already on)" if others_on else ""
            self._caption(p, area, to_px, u, colour,
                          f"{line_text}{shift}: the shaded side fires"
                          if ends else f"{line_text}{shift} lies outside the square")
        elif others_block:
            self._caption(p, area, to_px, u, t.qcolor("negative"),
                          "an inhibitory input is on: no corner can fire")
        else:
            self._caption(p, area, to_px, u, t.qcolor("muted"),
                          "no excitatory input here: θ alone decides")
        for x1 in (0, 1):
            for x2 in (0, 1):
                x = list(m.x)
                x[0], x[1] = x1, x2
                blocked = mp.inhibited(x)
                self._corner(p, to_px(x1, x2), mp.fire(x), u,
                             current=(x1, x2) == tuple(m.x[:2]),
                             label=f"({x1}, {x2})", blocked=bool(blocked), above=x2 == 1)

    def _number_line(self, p, area: QRectF):
        t = theme.current()
        m = self.model
        mp = m.unit
        z = theme.manager().zoom
        u = max(12.0 * z, min(area.width(), area.height()) / 18 * z)
        y = area.height() / 2
        x_at = lambda v: area.x() + 3 * u + (v + 0.3) / 1.6 * (area.width() - 6 * u)  # noqa: E731
        p.setPen(QPen(t.qcolor("muted"), 2))
        p.drawLine(QPointF(x_at(-0.3), y), QPointF(x_at(1.3), y))
        title = "one input: the points x1 = 0 and x1 = 1"
        font = self._font(u, True)
        p.setFont(font)
        wide = p.fontMetrics().horizontalAdvance(title)
        if wide > area.width() - u:            # a narrow plot: smaller type, then shorter
            font.setPixelSize(max(12, int(font.pixelSize() * (area.width() - u) / wide)))
            p.setFont(font)
            if p.fontMetrics().horizontalAdvance(title) > area.width() - u:
                title = "x1 = 0 and x1 = 1"
        p.setPen(t.qcolor("text"))
        p.drawText(QRectF(area.x(), y - 6 * u, area.width(), 2 * u), Qt.AlignmentFlag.AlignCenter,
                   title)
        for v in (0, 1):
            self._corner(p, QPointF(x_at(v), y), mp.fire([v]), u, current=m.x[0] == v,
                         label=f"x1 = {v}", blocked=bool(mp.inhibited([v])))

    # -- XOR network ----------------------------------------------------------------------
    def _xor_input(self, p, area):
        m = self.model
        u, side, to_px = self._frame(area)
        self._axes(p, to_px, u, "x1", "x2", "inputs: no line splits XOR")
        for x1 in (0, 1):
            for x2 in (0, 1):
                self._corner(p, to_px(x1, x2), m.node_values([x1, x2])[-1], u,
                             current=[x1, x2] == m.x, label=f"({x1}, {x2})", above=x2 == 1)

    def _xor_hidden(self, p, area):
        t = theme.current()
        m = self.model
        u, side, to_px = self._frame(area)
        self._axes(p, to_px, u, "h1", "h2", "hidden units: one line does it")
        self._half_plane(p, to_px, 1, 1, 1, t.qcolor("update"))
        self._caption(p, area, to_px, u, t.qcolor("update"), "line h1 + h2 = 1 (the OR unit)")
        groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for x1 in (0, 1):
            for x2 in (0, 1):
                v = m.node_values([x1, x2])
                groups.setdefault((v[2], v[3]), []).append((x1, x2))
        cur = tuple(m.node_values()[2:4])
        for (h1, h2), xs in groups.items():
            y = m.node_values(list(xs[0]))[-1]
            label = " and ".join(f"({a}, {b})" for a, b in xs)
            self._corner(p, to_px(h1, h2), y, u, current=(h1, h2) == cur, label=label,
                         above=h2 == 1)


def _xlabel_top(to_px, u: float) -> float:
    """Where the x axis's label starts: under the square, and below the bottom corners'
    labels (a disc, a gap, a label: see GeometryView._corner), not between them: on a small
    square "x1" ran into "(0, 0)" and "(1, 0)"."""
    return max(to_px(0.5, -0.2).y(), to_px(0, 0).y() + 0.75 * u + 0.65 * u + 1.2 * u)
