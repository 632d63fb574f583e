"""The network canvas's moving overlay: the active beat of the player (pulses travelling
along edges, highlighted units, weight updates sliding from old to new)."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QImage, QPaintEngine, QPainter, QPen

from ..engine.events import BIAS
from . import theme
from .canvas_labels import obstacles, place_on_edge, value_cards
from .canvas_layout import lerp
from .canvas_model import fmt
from .canvas_static import marker
from .canvas_text import Fonts, flat_pen, text_box
from .canvas_units import TEXT_OFFSET


def paint_overlay(c, p: QPainter):
    """The active beat: pulses, the highlighted units and edges, updates sliding old → new."""
    pl = c.player
    if pl is None or not pl.active or c.player.trace is None:
        return
    th = theme.current()
    lay, m = c.net_layout, c.model
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    t = pl.progress
    r = lay.radius
    hl = th.qcolor("highlight")
    phase = pl.active[0].phase
    sq = c.show_thumbnails and bool(c._thumbs)
    rr, width = ring_fit(c, max(3.0, r * 0.2) * th.edge_scale, sq)
    ring = flat_pen(hl, width)
    size = max(4.0, r * 0.28)
    fonts = Fonts.get(lay.font_px)      # made once per size
    small, fms = fonts.small, fonts.fms
    elided = set()      # columns whose active unit is among the elided ones ("⋮ 5 more")
    if phase == "forward":
        fwd = th.qcolor("forward")
        for ev in pl.active:
            dst = lay.unit_pos(ev.layer + 1, ev.unit)
            if dst is None:
                elided.add(ev.layer + 1)
                continue
            src_col = lay.columns[ev.layer]
            travel = min(1.0, t / 0.6)
            for j in (src_col.shown if travel < 1.0 else ()):
                src = src_col.pos[j]
                marker(p, fwd, lerp(src, dst, travel), size, "dot")
            _ring(p, ring, dst, r, sq, rr)
    elif phase == "backward":
        bwd = th.qcolor("backward")
        for ev in pl.active:
            dst = lay.unit_pos(ev.layer + 1, ev.unit)
            if dst is None:
                elided.add(ev.layer + 1)
                continue
            travel = min(1.0, t / 0.6)
            if travel >= 1.0:
                pass
            elif ev.is_output:
                src = QPointF(dst.x() + r * 3.0, dst.y())
                marker(p, bwd, lerp(src, dst, travel), size, "diamond")
            else:
                nxt = lay.columns[ev.layer + 2]
                for kk in nxt.shown:
                    marker(p, bwd, lerp(nxt.pos[kk], dst, travel), size, "diamond")
            _ring(p, flat_pen(bwd, width), dst, r, sq, rr)
    elif phase == "error":
        for ev in pl.active:
            unit = getattr(ev, "unit", None)
            if unit is None:
                continue
            pos = lay.unit_pos(len(lay.columns) - 1, unit)
            if pos is not None:
                _ring(p, ring, pos, r, sq, rr)
    elif phase == "update":
        upd = th.qcolor("update")
        labels = len(pl.active) <= 3
        taken = obstacles(c, small, fms) if labels else []   # cards go where they hide none
        cards = []
        for ev in pl.active:
            ends = lay.bias_ends(ev.layer, ev.unit) if ev.input == BIAS and c.show_bias_nodes \
                else (None if ev.input == BIAS else lay.edge_ends(ev.layer, ev.unit, ev.input))
            w = m.weight(ev.layer, ev.unit, ev.input)
            text = f"{fmt(ev.old)} → {fmt(ev.new)}"
            if ends is not None:
                a, b = ends
                width = m.edge_width(w, theme.manager().zoom)
                p.setPen(flat_pen(upd, width + max(4.0, r * 0.18)))
                p.drawLine(a, b)
                p.setPen(flat_pen(m.edge_colour(w), width))
                p.drawLine(a, b)
                if labels:
                    cards.append((place_on_edge(a, b, text, small, fms, taken), text))
            else:
                pos = lay.unit_pos(ev.layer + 1, ev.unit)
                if pos is None:
                    continue
                br = c.bias_badge_rect(ev.layer + 1, ev.unit)
                p.setPen(flat_pen(upd, 3.0))
                p.setBrush(m.edge_colour(w))
                p.drawRect(br.adjusted(-2, -2, 2, 2))
                if labels:
                    cards.append((QPointF(br.left(), br.bottom()), text))
        # over the highlighted edges: the units' values, then the update cards
        for at, lines, anchor in value_cards(c, small, fms):
            text_box(p, at, lines, small, fms, th, anchor)
        for at, text in cards:
            text_box(p, at, [(text, "update")], small, fms, th, "center")
        if len(pl.active) > 3:
            targets = {(ev.layer, ev.unit) for ev in pl.active}
            for k, u in targets:
                pos = lay.unit_pos(k + 1, u)
                if pos is not None:
                    _ring(p, flat_pen(upd, width * 0.7), pos, r, sq, rr)
    for ci in sorted(elided):
        _ring_more(c, p, ring if phase == "forward" else flat_pen(th.qcolor("backward"),
                                                                   width), ci, fms, rr + width / 2)


def _ring_more(c, p, pen, ci: int, fm, outer: float):
    """The current step's unit is one of column ci's elided units: its "⋮ n more" mark is
    ringed instead (else nothing on the canvas would show where the formula is), apart
    from the rings of the units above and below it (`outer`: how far theirs reach, as
    ring_fit's are apart: in packed columns it had touched the one above)."""
    col = c.net_layout.columns[ci]
    text = c.more_label(ci)
    if not col.more or col.more_pos is None or not text:
        return
    w = fm.horizontalAdvance(text) + fm.height()
    y, half = col.more_pos.y() - fm.height() * 0.1, fm.height() * 0.75 + pen.widthF() / 2
    at, gap = col.more_pos.y(), max(3.0, ring_spacing(c.net_layout) * 0.1)
    lo = max([q.y() + outer + gap for q in col.pos.values() if q.y() < at], default=-1e9)
    hi = min([q.y() - outer - gap for q in col.pos.values() if q.y() > at], default=1e9)
    half = min(half, (hi - lo) / 2)
    y = min(max(y, lo + half), hi - half)
    h = 2 * half - pen.widthF()
    centre = QPointF(col.more_pos.x(), y)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRoundedRect(QRectF(centre.x() - w / 2, centre.y() - h / 2, w, h), h / 2, h / 2)


RING = {True: 1.22, False: 1.18}   # a ring's radius (of a unit's): round a square, a disc


def ring_fit(c, width: float, square: bool) -> tuple[float, float]:
    """(radius of the ring's centre line, pen width) of the highlight rings: RING × r and
    `width` where that leaves neighbouring units' rings apart (a gap of max(3 px, a tenth
    of the spacing)) and the cards beside a unit clear (TEXT_OFFSET); in packed columns
    (where the rings of a layer-wide step had run into one orange bar) drawn closer round
    the unit, from its frame's inner edge outward, and thinner (down to 2 px)."""
    lay = c.net_layout
    key = ("ring", width, square)
    fit = lay._segments.get(key)
    if fit is not None:
        return fit
    r = lay.radius
    ring_r = RING[square] * r
    spacing = ring_spacing(lay)
    reach = min(spacing / 2 - max(3.0, spacing * 0.1) / 2,   # how far its outer edge may
                r * TEXT_OFFSET)                # go: apart, and clear of the value cards
    if ring_r + width / 2 > reach:
        t = max(3.0, r * 0.16)                  # canvas_units.UnitGeometry's thick frame
        inner = r * 1.08 - t / 2 if square else r   # (a disc's own edge)
        width = max(2.0, min(width, reach - inner))
        ring_r = reach - width / 2
    fit = lay._segments[key] = (ring_r, width)
    return fit


def ring_spacing(lay) -> float:
    """The least distance between two neighbouring units (or a bias node) of the layout:
    down a column, or from one column to the next."""
    gaps = [b.x - a.x for a, b in zip(lay.columns, lay.columns[1:])]
    for col in lay.columns:
        ys = sorted([q.y() for q in col.pos.values()]
                    + ([col.bias_pos.y()] if col.bias_pos is not None else []))
        gaps += [b - a for a, b in zip(ys, ys[1:])]
    return min(gaps, default=lay.rect.height())


def _ring(p, pen, at: QPointF, r: float, square: bool = False, ring_r: float | None = None):
    """The highlight ring around a unit (its centre line `ring_r` from the centre: RING ×
    r unless given, ring_fit). On a raster device without a transform it is drawn from a
    cached image of the same ring at the same sub-pixel offset (the same pixels, to a
    level in 255; antialiasing a thick ring costs several times more), else as a path."""
    ring_r = RING[square] * r if ring_r is None else ring_r
    eng = p.paintEngine()
    if eng is None or eng.type() != QPaintEngine.Type.Raster or not p.transform().isIdentity():
        _ring_path(p, pen, at, r, square, ring_r)
        return
    dpr = p.device().devicePixelRatioF()
    cx, cy = at.x() * dpr, at.y() * dpr
    ix, iy = math.floor(cx), math.floor(cy)
    key = (pen.color().rgba(), pen.widthF(), r, square, ring_r, dpr, cx - ix, cy - iy)
    ent = _RINGS.get(key)
    if ent is None:
        if len(_RINGS) > 256:
            _RINGS.clear()
        ent = _RINGS[key] = _ring_image(pen, r, square, ring_r, dpr, cx - ix, cy - iy)
    img, half = ent
    p.drawImage(QPointF((ix - half) / dpr, (iy - half) / dpr), img)


_RINGS: dict = {}


def _ring_image(pen: QPen, r: float, square: bool, ring_r: float, dpr: float, fx: float,
                fy: float):
    """(image, half): the ring drawn on a transparent image whose pixel (half, half) holds
    the device-pixel centre's integer part (fx, fy: its fractional part)."""
    outer = ring_r + pen.widthF() / 2
    half = int(math.ceil(outer * dpr)) + 2
    img = QImage(2 * half + 2, 2 * half + 2, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(0)
    img.setDevicePixelRatio(dpr)
    q = QPainter(img)
    q.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    _ring_path(q, pen, QPointF((half + fx) / dpr, (half + fy) / dpr), r, square, ring_r)
    q.end()
    return img, half


def _ring_path(p, pen, at: QPointF, r: float, square: bool = False,
               ring_r: float | None = None):
    ring_r = RING[square] * r if ring_r is None else ring_r
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    if square:
        p.drawRoundedRect(QRectF(at.x() - ring_r, at.y() - ring_r, 2 * ring_r, 2 * ring_r),
                          r * 0.2, r * 0.2)
    else:
        p.drawEllipse(at, ring_r, ring_r)
