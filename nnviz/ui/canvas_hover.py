"""The hover card: the numbers of the unit or edge under the mouse (and a big thumbnail)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainter, QPen

from ..engine.events import BIAS
from . import canvas_layout, theme
from .canvas_model import fmt


def card_lines(c, target) -> list[tuple[str, str]]:
    """(text, colour role) lines for a hover target."""
    m = c.model
    sh = m.shown
    tr = m.trace
    if target[0] == "unit":
        _, col, u = target
        name = m.unit_name(col, u)
        lines = [(f"{c.column_title(col).split(' ·')[0]} unit {u + 1}: {name}", "text")]
        if col == 0:
            v = m.input_value(u)
            if v is not None:
                lines.append((f"x = {fmt(v)}  (this sample)", "text"))
            return lines
        k = col - 1
        lines.append((f"activation: {c.session.net.layers[k].activation}", "muted"))
        lines.append((f"bias b = {fmt(m.weight(k, u, BIAS, animated=False))}", "text"))
        ev = m.unit_forward(col, u)
        if ev is not None:
            lines.append((f"z = {fmt(ev.z)}", "forward"))
            lines.append((f"a = {fmt(ev.a)}" + ("  (dropped out)" if ev.dropped else ""),
                          "forward"))
        if sh is not None:
            err = sh.errors.get(u) if col == len(c.net_layout.columns) - 1 else None
            if err is not None:
                lines.append((f"target t = {fmt(err.t)},  o − t = {fmt(err.error)}", "backward"))
            d = sh.deltas.get((k, u))
            if d is not None:
                lines.append((f"δ = ∂L/∂z = {fmt(d.delta)}", "backward"))
        if tr is None:
            lines.append(("step through training to see z, a and δ", "muted"))
        return lines
    _, k, i, j = target
    w = m.weight(k, i, j, animated=False)
    label = "bias" if j == BIAS else "weight"
    lines = [(f"{label} {c.edge_name(k, i, j)}", "text"), (f"{label} = {fmt(w)}", "text")]
    ev = sh.updates.get((k, i, j)) if sh is not None else None
    if tr is not None:
        name = "b" if j == BIAS else "w"
        # the gradient is the batch's: known once every sample of it has gone back (it had
        # shown during the forward pass of sample 8 of 10, as if it were that sample's)
        if sh is None or sh.batch_loss is not None or sh.updates:
            g = float(tr.grad_b[k][i] if j == BIAS else tr.grad_W[k][i, j])
            whose = "the batch's average" if tr.a_in.shape[0] > 1 else "this step"
            lines.append((f"∂L/∂{name} = {fmt(g)}  ({whose})", "backward"))
        else:
            lines.append((f"∂L/∂{name}: known once the whole batch has gone back", "muted"))
    if ev is not None:
        lines.append((f"update: {fmt(ev.old)} → {fmt(ev.new)}  (Δ = {fmt(ev.step)})", "update"))
    elif tr is not None:
        lines.append(("update: not applied yet in this step", "muted"))
    if c.editable:
        lines.append(("click to type a value · drag up/down to adjust", "muted"))
    return lines


CARD_MIN_PX = 9.0     # the hover card's type shrinks to fit the canvas, down to this
MARGIN = 4.0          # between the card and the canvas's sides


class HoverCard:
    """The hover card's lines, type, thumbnail size and rectangle on canvas c: at the
    canvas's type, or smaller when the canvas is too small for it (at 250 % or in projector
    mode the card had been wider than the canvas, placed at a negative x and cut: the start
    of every line lost). The enlarged thumbnail gives way first, then the type."""

    def __init__(self, c, target):
        from .canvas_paint import make_font  # avoid an import cycle
        lay = c.net_layout
        self.lines = card_lines(c, target)
        self.thumb = None
        if target[0] == "unit" and c.show_thumbnails:
            self.thumb = c.thumbnail(target[1], target[2])
        room_w, room_h = c.width() - 2 * MARGIN, c.height() - 2 * MARGIN
        px = lay.font_px * 0.95
        big = lay.font_px * 9 if self.thumb is not None else 0.0
        for _ in range(6):
            self.font = make_font(px)
            fm = self.fm = QFontMetricsF(self.font)
            pad = self.pad = fm.height() * 0.45
            w = max(max(fm.horizontalAdvance(t) for t, _ in self.lines), big) + 2 * pad
            h = fm.height() * len(self.lines) + 2 * pad + (big + pad if big else 0.0)
            if w <= room_w and h <= room_h:
                break
            if big > 3 * fm.height() and h > room_h:      # the picture first
                big = max(3 * fm.height(), big - (h - room_h))
                continue
            scale = min(room_w / w, room_h / h)
            if px <= CARD_MIN_PX:
                break
            px, big = max(CARD_MIN_PX, px * scale * 0.98), big * scale
        self.big = big
        if target[0] == "unit":
            anchor = lay.unit_pos(target[1], target[2])
            anchor = QPointF(anchor.x() + lay.radius * 1.4, anchor.y() - h / 2)
        else:
            anchor = c.mouse_pos + QPointF(16, 16)
            if not c.rect().contains(anchor.toPoint()):
                ends = (lay.bias_ends(target[1], target[2]) if target[3] == BIAS
                        else lay.edge_ends(target[1], target[2], target[3]))
                anchor = ends[0] if ends else QPointF(10, 10)
        # the start of the card shows first: what does not fit at the smallest type is cut
        # on the right and at the bottom, not the start of every line
        x = max(MARGIN, min(anchor.x(), c.width() - w - MARGIN))
        y = max(MARGIN, min(anchor.y(), c.height() - h - MARGIN))
        self.rect = QRectF(x, y, w, h)


def paint_card(c, p: QPainter, target):
    th = theme.current()
    card = HoverCard(c, target)
    lines, thumb, big = card.lines, card.thumb, card.big
    font, fm, pad, rect = card.font, card.fm, card.pad, card.rect
    p.setPen(QPen(th.qcolor("muted"), 1.2))
    p.setBrush(th.qcolor("surface"))
    p.drawRoundedRect(rect, pad, pad)
    p.setFont(font)
    ty = rect.top() + pad + fm.ascent()
    for text, role in lines:
        p.setPen(th.qcolor(role))
        p.drawText(QPointF(rect.left() + pad, ty), text)
        ty += fm.height()
    if thumb is not None and big > 0:
        img_rect = QRectF(rect.left() + pad, ty - fm.ascent() + pad * 0.5, big, big)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        p.drawImage(img_rect, thumb)
        p.setPen(QPen(th.qcolor("muted"), 1))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(img_rect)


def target_at(c, pos: QPointF):
    """What is under a point of canvas c: ("unit", col, unit), ("edge", layer, unit, input)
    (input BIAS for a bias) or None."""
    lay = c.net_layout
    r = lay.radius
    if not c.show_bias_nodes:
        for ci in range(1, len(lay.columns)):
            for u in lay.columns[ci].shown:
                if c.bias_badge_rect(ci, u).adjusted(-3, -3, 3, 3).contains(pos):
                    return ("edge", ci - 1, u, BIAS)
    for ci, col in enumerate(lay.columns):
        for u, centre in col.pos.items():
            if (pos.x() - centre.x()) ** 2 + (pos.y() - centre.y()) ** 2 <= (r * 1.05) ** 2:
                return ("unit", ci, u)
    best, best_d = None, None
    for (k, i, j) in lay.edges:
        a, b = lay.columns[k].pos[j], lay.columns[k + 1].pos[i]
        d = canvas_layout.dist_to_segment(pos, a, b)
        if best_d is None or d < best_d:
            best, best_d = ("edge", k, i, j), d
    if c.show_bias_nodes:
        for k in range(len(lay.columns) - 1):
            for i in lay.columns[k + 1].shown:
                ends = lay.bias_ends(k, i)
                d = canvas_layout.dist_to_segment(pos, *ends)
                if best_d is None or d < best_d:
                    best, best_d = ("edge", k, i, BIAS), d
    if best is not None:
        w = c.model.weight(best[1], best[2], best[3], animated=False)
        if best_d <= max(5.0, c.model.edge_width(w, theme.manager().zoom) / 2 + 3):
            return best
    return None
