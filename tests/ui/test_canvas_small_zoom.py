"""A canvas small for its type (250 % zoom in a small window) degrades gracefully: its text
(header, column titles, legend, input names, value cards, elided marks) never overlaps
other text or the units and stays on the canvas; labels take shorter forms or are left
out (legend first, then titles) instead. At 1280×720 and 250 % the MLP canvas had a strip
of ~30 px for the network under titles, legend and value cards piled on each other. At
100 % on a large canvas nothing is shortened or left out."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFontMetricsF, QImage, QPainter

from nnviz.ui import canvas_paint
from nnviz.ui.canvas_header import header_forms
from nnviz.ui.canvas_static import legend_items, legend_rows
from nnviz.ui.canvas_text import Fonts
from nnviz.ui.canvas_units import unit_geometry

from .canvases import canvas_on_quadrants


class _Texts(QPainter):
    """A painter that keeps the rectangle and text of everything it writes."""

    def __init__(self, img):
        super().__init__(img)
        self.texts: list[tuple[QRectF, str]] = []

    def drawText(self, *args):
        got = super().drawText(*args)
        fm = QFontMetricsF(self.font())
        text = args[-1]
        if isinstance(args[0], QPointF):
            at = args[0]
            self.texts.append((QRectF(at.x(), at.y() - fm.ascent(),
                                      fm.horizontalAdvance(text), fm.height()), text))
        else:                                  # (rect, flags, text): its bounding rect
            self.texts.append((QRectF(got), text))
        return got

    def drawStaticText(self, at, st):
        fm = QFontMetricsF(self.font())
        self.texts.append((QRectF(at.x(), at.y(), fm.horizontalAdvance(st.text()), fm.height()),
                           st.text()))
        return super().drawStaticText(at, st)


def painted_texts(c) -> list[tuple[QRectF, str]]:
    """Every text of the canvas's picture: static (titles, names, legend) and units
    (header, value cards, elided marks)."""
    img = QImage(c.size(), QImage.Format.Format_ARGB32_Premultiplied)
    p = _Texts(img)
    canvas_paint.paint_static(c, p)
    canvas_paint.paint_units(c, p)
    p.end()
    return p.texts


def collisions(c) -> list:
    """Pairs of texts that overlap, texts over a unit, texts off the canvas. An input's
    value card over its name that starts with that name (canvas_names' "card" mode)
    covers it on purpose."""
    texts = painted_texts(c)
    texts = [(a, ta) for i, (a, ta) in enumerate(texts)       # (under a card that repeats it)
             if not any((tb == ta or tb.startswith(ta + " = ")) and abs(b.top() - a.top())
                        < a.height() for b, tb in texts[i + 1:])]
    units = [(g.rect, f"unit {ci}.{u}") for ci, col in enumerate(c.net_layout.columns)
             for u, g in zip(col.shown, unit_geometry(c, ci))]
    area = QRectF(c.rect()).adjusted(-0.5, -0.5, 0.5, 0.5)
    out = []
    for i, (a, ta) in enumerate(texts):
        inner = a.adjusted(0.5, 0.5, -0.5, -0.5)
        for b, tb in texts[i + 1:]:
            if inner.intersects(b):
                out.append((ta, tb))
        out += [(ta, name) for rect, name in units if inner.intersects(rect)]
        if not area.contains(a):
            out.append((ta, "off the canvas"))
    return out


def in_a_step(qtbot, sizes, w, h):
    """A canvas at w×h showing the middle of a forward pass, values on."""
    s, p, c = canvas_on_quadrants(qtbot, sizes, w, h, data_seed=0, n_points=20, net_seed=2)
    p.set_granularity("layer")
    p.step_forward()
    p.step_forward()
    p.pause()
    c.grab()
    return p, c


@pytest.mark.parametrize("sizes", [[2, 4, 2, 1], [2, 2, 1], [2, 3, 3, 3, 3, 3, 3, 1]],
                         ids=["mlp", "xor", "deep"])
def test_no_text_overlaps_on_a_small_canvas_at_a_large_zoom(qtbot, zoom_back, sizes):
    zoom_back.set_zoom(2.5)
    p, c = in_a_step(qtbot, sizes, 500, 260)
    shown = 0
    for w, h in ((500, 260), (431, 246), (476, 264), (360, 240), (907, 240), (600, 320),
                 (360, 220), (700, 220)):
        c.resize(w, h)
        c.grab()
        assert not collisions(c), (w, h, collisions(c))
        lay = c.net_layout
        units = [q.y() for col in lay.columns for q in col.pos.values()]
        # the network keeps a share of the height: not a strip under the text
        assert max(units) - min(units) + 2 * lay.radius >= h * 0.3 or len(units) <= 3
        shown += len(painted_texts(c))
    assert shown
    p.shutdown()


def test_a_large_canvas_at_100_percent_leaves_nothing_out(qtbot, zoom_back):
    zoom_back.set_zoom(1.0)
    p, c = in_a_step(qtbot, [2, 4, 30, 1], 893, 732)
    assert not collisions(c)
    lay = c.net_layout
    f = Fonts.get(lay.font_px)
    font, fm, lines, _y = canvas_paint.title_layout(c, f)
    assert lines == [[c.column_title(ci)] for ci in range(len(lay.columns))]
    assert font.pixelSize() == round(lay.font_px * 0.85)
    rect = lay.legend.adjusted(lay.font_px, lay.font_px * 0.2, -lay.font_px, -lay.font_px * 0.2)
    lf, lfm, rows = legend_rows(c, rect, f.small)
    assert [d for row in rows for _k, _w, d in row] == [d for _k, _w, d in legend_items(c, lfm)]
    assert lf.pixelSize() == f.small.pixelSize()
    texts = [t for _r, t in painted_texts(c)]
    assert header_forms(c)[0] in texts
    assert c.more_label(2) == c.more_text(2) in texts
    for ci, col in enumerate(lay.columns):          # every unit's value, in full
        for u in col.shown:
            assert all(t in texts for t, _r in c.model.unit_lines(ci, u)), (ci, u)
    p.shutdown()


def test_hover_cards_stay_whole_on_a_small_canvas_at_a_large_zoom(qtbot, zoom_back):
    """At 250 % or in projector mode the hover card was wider (or taller) than the canvas:
    placed at a negative x or y and cut, the start of every line lost. It shrinks its
    enlarged thumbnail, then its type, to stay inside; at 100 % it is as it was."""
    from nnviz.ui.canvas_hover import CARD_MIN_PX, HoverCard
    p, c = in_a_step(qtbot, [2, 4, 2, 1], 900, 600)
    lay = c.net_layout
    full = HoverCard(c, ("unit", 1, 0))
    assert full.font.pixelSize() == round(lay.font_px * 0.95) and full.big == lay.font_px * 9
    zoom_back.set_zoom(2.5)
    for w, h in ((360, 240), (290, 403), (220, 546), (500, 260)):
        c.resize(w, h)
        c.grab()
        lay = c.net_layout
        targets = [("unit", ci, u) for ci, col in enumerate(lay.columns) for u in col.shown]
        targets += [("edge", k, i, j) for k, i, j in lay.edges]
        for target in targets:
            if target[0] == "edge":        # hovered where the edge starts
                c.mouse_pos = lay.edge_ends(*target[1:])[0]
            card = HoverCard(c, target)
            assert QRectF(c.rect()).contains(card.rect), (w, h, target, card.rect)
            assert card.font.pixelSize() >= CARD_MIN_PX - 0.5
    p.shutdown()
