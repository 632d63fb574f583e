"""The McCulloch–Pitts scenario's geometric view: the unit square cut by the line
x1 + x2 = θ (or, for the XOR network, the input square beside the hidden one), and the
column that holds it above the explanation.

Where things go is planned in mp_plane_plan; this draws the plan and notes what it drew
(`drawn`: role, text, rectangle and type size), which the layout tests read.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ..ui import theme
from . import mp_plane_plan as pp
from .mp_model import MPModel

CENTRE = Qt.AlignmentFlag.AlignCenter
WRAP_CENTRE = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
INPUT_TITLE = "inputs: no line splits XOR"
HIDDEN_TITLE = "hidden units: one line does it"
XOR_CAPTION = "line h1 + h2 = 1 (the OR unit)"     # (room kept under both squares)


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
        self.drawn: list[tuple[str, str, QRectF, int]] = []
        model.changed.connect(self.update)
        theme.manager().changed.connect(self.update)

    def wanted_height(self) -> int:
        """The height at which the square gets its full type and a fair size (the XOR
        network's two half-width squares wrap their titles and captions: more): the column
        gives the plane this much before the explanation under it (which scrolls)."""
        units = 19.0 if self.model.mode == "xor" else 15.5
        return max(self.minimumHeight(), int(units * pp.base_unit()))

    # -- drawing helpers --------------------------------------------------------------------
    def _text(self, p, rect: QRectF, flags, text: str, role: str, halo: bool = False):
        if halo:            # a line or the shading under a label: ring it with background
            ink = p.pen()
            p.setPen(theme.current().qcolor("background"))
            for dx, dy in ((-1, -1), (1, -1), (-1, 1), (1, 1), (0, -1.5), (0, 1.5),
                           (-1.5, 0), (1.5, 0)):
                p.drawText(rect.translated(dx, dy), flags, text)
            p.setPen(ink)
        p.drawText(rect, flags, text)
        self.drawn.append((role, text, p.boundingRect(rect, flags, text),
                           p.font().pixelSize()))

    def paintEvent(self, event):
        t = theme.current()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), t.qcolor("background"))
        self.drawn = []
        m = self.model
        if m.mode == "xor":
            self._xor(p)
        elif m.n_inputs == 1:
            self._number_line(p, QRectF(self.rect()))
        else:
            self._square_unit(p, QRectF(self.rect()))
        p.end()

    def _axes(self, p, plan: pp.Plan, xlabel, ylabel, title):
        t = theme.current()
        u = plan.u
        p.setPen(QPen(t.qcolor("muted"), 1.5))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(QRectF(plan.to_px(0, 1), plan.to_px(1, 0)))
        p.setPen(t.qcolor("text"))
        p.setFont(pp.font(self.font(), u * pp.AXIS, True))
        self._text(p, plan.xlabel, CENTRE, xlabel, "axis")
        self._text(p, plan.ylabel, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                   ylabel, "axis")
        p.setFont(pp.font(self.font(), u * pp.TITLE, True))
        self._text(p, plan.title, WRAP_CENTRE, title, "title")

    def _corner(self, p, at: QPointF, value: int, u, current=False):
        """A corner's disc with its value, ringed when it is the current input."""
        t = theme.current()
        r = pp.DISC * u
        if current:
            p.setPen(QPen(t.qcolor("forward"), 0.3 * u))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(at, r + 0.45 * u, r + 0.45 * u)
        p.setPen(QPen(t.qcolor("text"), 2))
        p.setBrush(t.qcolor("highlight") if value else t.qcolor("surface"))
        p.drawEllipse(at, r, r)
        ring = r + 0.6 * u
        self.drawn.append(("disc", "", QRectF(at.x() - ring, at.y() - ring, 2 * ring, 2 * ring),
                           0))
        p.setFont(pp.font(self.font(), u * pp.VALUE, True))
        p.setPen(theme.ink_on(t.qcolor("highlight")) if value else t.qcolor("text"))
        p.drawText(QRectF(at.x() - r, at.y() - r, 2 * r, 2 * r), CENTRE, str(value))

    def _label(self, p, plan: pp.Plan, corner, lines, blocked=False):
        t = theme.current()
        p.setFont(pp.font(self.font(), plan.u * pp.LABEL))
        p.setPen(t.qcolor("negative") if blocked else t.qcolor("muted"))
        if plan.beside:
            side = Qt.AlignmentFlag.AlignLeft if corner[0] else Qt.AlignmentFlag.AlignRight
            flags = side | Qt.AlignmentFlag.AlignVCenter
        else:
            flags = CENTRE
        self._text(p, plan.labels[corner], flags, "\n".join(lines), "label", halo=True)

    def _half_plane(self, p, plan: pp.Plan, a, b, c, colour):
        """Shade {a·x1 + b·x2 ≥ c} a little past the square and draw a·x1 + b·x2 = c."""
        e = plan.margin
        box = [(-e, -e), (1 + e, -e), (1 + e, 1 + e), (-e, 1 + e)]
        poly, ends = [], []
        for k in range(4):
            (x1, y1), (x2, y2) = box[k], box[(k + 1) % 4]
            f1, f2 = a * x1 + b * y1 - c, a * x2 + b * y2 - c
            if f1 >= 0:
                poly.append((x1, y1))
            if (f1 >= 0) != (f2 >= 0):
                s = f1 / (f1 - f2)
                q = (x1 + s * (x2 - x1), y1 + s * (y2 - y1))
                poly.append(q)
                ends.append(plan.to_px(*q))
        width = max(3.0, 0.2 * plan.u)
        if len(poly) >= 3:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(theme.blend(colour, 0.16))
            shade = QPolygonF([plan.to_px(*q) for q in poly])
            p.drawPolygon(shade)
            bounds = shade.boundingRect().adjusted(-width / 2, -width / 2, width / 2, width / 2)
            self.drawn.append(("shade", "", bounds, 0))     # (it too must not be cut)
        if len(ends) >= 2:
            p.setPen(QPen(colour, width))
            p.drawLine(ends[0], ends[1])
            return ends
        return None

    def _caption(self, p, plan: pp.Plan, colour, text):
        p.setPen(colour)
        p.setFont(pp.font(self.font(), plan.u * pp.CAPTION, True))
        self._text(p, plan.caption, WRAP_CENTRE, text, "caption")

    # -- single unit ----------------------------------------------------------------------
    def _square_unit(self, p, area: QRectF):
        t = theme.current()
        m = self.model
        mp = m.unit
        others = [i for i in range(2, mp.n_inputs)]
        others_on = sum(m.x[i] for i in others if i not in mp.inhibitory)
        others_block = any(m.x[i] for i in others if i in mp.inhibitory)
        theta = mp.threshold - others_on
        a = 0 if 0 in mp.inhibitory else 1
        b = 0 if 1 in mp.inhibitory else 1
        title = "x1, x2 plane" + (", " + ", ".join(f"x{i + 1} = {m.x[i]}" for i in others)
                                  if others else "")
        labels, blocked, fires = {}, {}, {}
        for x1 in (0, 1):
            for x2 in (0, 1):
                x = list(m.x)
                x[0], x[1] = x1, x2
                blocked[(x1, x2)] = bool(mp.inhibited(x))
                fires[(x1, x2)] = mp.fire(x)
                labels[(x1, x2)] = [f"({x1}, {x2})"] + (["blocked"] if blocked[(x1, x2)]
                                                        else [])
        colour = t.qcolor("update")
        if not others_block and (a or b):
            terms = " + ".join(n for n, k in (("x1", a), ("x2", b)) if k)
            shift = f" (θ − {others_on} already on)" if others_on else ""
            caption = (f"{terms} = {theta}{shift}: the shaded side fires"
                       if 0 <= theta <= a + b
                       else f"{terms} = {theta}{shift} lies outside the square")
        elif others_block:
            colour, caption = t.qcolor("negative"), "an inhibitory input is on: no corner can fire"
        else:
            colour, caption = t.qcolor("muted"), "no excitatory input here: θ alone decides"
        line = None
        if not others_block and (a or b) and 0 <= theta <= a + b:
            line = "diagonal" if a and b else "vertical" if a else "horizontal"
        plan = pp.best(self.font(), area, title, "x1", "x2", caption, labels, line=line)
        if plan is None:
            return
        self._axes(p, plan, "x1", "x2", title)
        if not others_block and (a or b):
            self._half_plane(p, plan, a, b, theta, colour)
        self._caption(p, plan, colour, caption)
        for corner in labels:
            self._corner(p, plan.to_px(*corner), fires[corner], plan.u,
                         current=corner == tuple(m.x[:2]))
        for corner, lines in labels.items():
            self._label(p, plan, corner, lines, blocked[corner])

    def _number_line(self, p, area: QRectF):
        t = theme.current()
        m = self.model
        mp = m.unit
        u = min(max(pp.base_unit(), min(area.width(), area.height()) / 18 * theme.manager().zoom),
                1.5 * pp.base_unit(), area.width() / 14)
        title = "one input: the points x1 = 0 and x1 = 1"
        tf = pp.font(self.font(), u * pp.TITLE, True)
        title_h = pp.wrapped(tf, title, area.width() - u) or QFontMetricsF(tf).height()
        lf = pp.font(self.font(), u * pp.LABEL)
        label_h = 2 * QFontMetricsF(lf).lineSpacing()
        gap = (pp.OVERHANG + 0.1) * u
        block = title_h + 1.0 * u + gap + gap + label_h
        top = area.y() + max(0.3 * u, (area.height() - block) / 2)
        y = top + title_h + 1.0 * u + gap
        x_at = lambda v: area.x() + 3 * u + (v + 0.3) / 1.6 * (area.width() - 6 * u)  # noqa: E731
        p.setPen(QPen(t.qcolor("muted"), 2))
        p.drawLine(QPointF(x_at(-0.3), y), QPointF(x_at(1.3), y))
        p.setFont(tf)
        p.setPen(t.qcolor("text"))
        self._text(p, QRectF(area.x() + 0.5 * u, top, area.width() - u, title_h), WRAP_CENTRE,
                   title, "title")
        half = min(5 * u, (x_at(1) - x_at(0)) / 2 - 0.2 * u)
        for v in (0, 1):
            blocked = bool(mp.inhibited([v]))
            self._corner(p, QPointF(x_at(v), y), mp.fire([v]), u, current=m.x[0] == v)
            p.setFont(lf)
            p.setPen(t.qcolor("negative") if blocked else t.qcolor("muted"))
            text = f"x1 = {v}" + ("\nblocked" if blocked else "")
            self._text(p, QRectF(x_at(v) - half, y + gap, 2 * half, label_h),
                       Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text, "label")

    # -- XOR network ----------------------------------------------------------------------
    def _xor_content(self):
        m = self.model
        inputs = {(x1, x2): [f"({x1}, {x2})"] for x1 in (0, 1) for x2 in (0, 1)}
        groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for x1 in (0, 1):
            for x2 in (0, 1):
                v = m.node_values([x1, x2])
                groups.setdefault((v[2], v[3]), []).append((x1, x2))
        hidden = {}
        for corner in inputs:
            xs = groups.get(corner, [])
            lines = [f"({a}, {b})" for a, b in xs]
            hidden[corner] = ([f"{lines[0]} and", *lines[1:]] if len(lines) > 1
                              else lines or [""])
        return inputs, hidden, groups

    def _xor_plans(self, split: str, inputs, hidden, u_cap=None, side_cap=None):
        w, h = self.width(), self.height()
        a1, a2 = ((QRectF(0, 0, w / 2, h), QRectF(w / 2, 0, w / 2, h)) if split == "side"
                  else (QRectF(0, 0, w, h / 2), QRectF(0, h / 2, w, h / 2)))
        q2 = pp.best(self.font(), a2, HIDDEN_TITLE, "h1", "h2", XOR_CAPTION, hidden,
                     u_cap=u_cap, line="diagonal", side_cap=side_cap)
        q1 = pp.best(self.font(), a1, INPUT_TITLE, "x1", "x2", XOR_CAPTION, inputs,
                     u_cap=q2.u if q2 else u_cap, side_cap=side_cap)
        return q1, q2

    def _xor(self, p):
        """The two squares side by side or one above the other, whichever gives the larger
        type (then the larger squares), drawn with the same type and the same size."""
        inputs, hidden, groups = self._xor_content()
        best = None
        for split in ("side", "stack"):
            q1, q2 = self._xor_plans(split, inputs, hidden)
            if q1 is None or q2 is None:
                continue
            u, side = min(q1.u, q2.u), min(q1.side, q2.side)
            if best is None or (u, side) > best[:2]:
                best = (u, side, split)
        if best is None:
            return
        u, side, split = best
        q1, q2 = self._xor_plans(split, inputs, hidden, u_cap=u, side_cap=side)
        if q1 is None or q2 is None:
            return
        self._xor_input(p, q1, inputs)
        self._xor_hidden(p, q2, hidden, groups)

    def _xor_input(self, p, plan, labels):
        m = self.model
        self._axes(p, plan, "x1", "x2", INPUT_TITLE)
        for x1, x2 in labels:
            self._corner(p, plan.to_px(x1, x2), m.node_values([x1, x2])[-1], plan.u,
                         current=[x1, x2] == m.x)
        for corner, lines in labels.items():
            self._label(p, plan, corner, lines)

    def _xor_hidden(self, p, plan, labels, groups):
        t = theme.current()
        m = self.model
        self._axes(p, plan, "h1", "h2", HIDDEN_TITLE)
        self._half_plane(p, plan, 1, 1, 1, t.qcolor("update"))
        self._caption(p, plan, t.qcolor("update"), XOR_CAPTION)
        cur = tuple(m.node_values()[2:4])
        for (h1, h2), xs in groups.items():
            y = m.node_values(list(xs[0]))[-1]
            self._corner(p, plan.to_px(h1, h2), y, plan.u, current=(h1, h2) == cur)
        for corner in groups:
            self._label(p, plan, corner, labels[corner])


class PlaneColumn(QWidget):
    """The plane above its explanation. The explanation asks for its whole height, but on a
    short panel (a 720p projector) it had taken all the room above the plane's minimum and
    left the plane's type at 10 px: now the plane keeps `wanted_height` and the text
    scrolls first."""

    def __init__(self, plane: GeometryView, text: QWidget, parent=None):
        super().__init__(parent)
        self.plane, self.text = plane, text
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(plane, 1)
        lay.addWidget(text)
        theme.manager().changed.connect(self._share)
        plane.model.changed.connect(self._share)

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._share()

    def _share(self):
        spacing = max(0, self.layout().spacing())
        lines = 3 * self.text.fontMetrics().lineSpacing() + 12
        room = self.height() - self.plane.wanted_height() - spacing
        self.text.setMaximumHeight(max(lines, room))
