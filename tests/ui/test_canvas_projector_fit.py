"""Projector mode at a classroom size: the network canvas shows as many units as fit at a
radius still legible from the back of the room, and its legend keeps every item or says
how many it leaves out.

In projector mode at 1280×720 an 8-unit hidden layer (the MLP playground with 8 hidden
units, the lessons' [8, 8] and [8, 8, 6] slides) showed 3 of its units ("⋮ 5 more", rows
of 2.4 lines for units of 18 px radius), the lesson slides 2; the legend of a narrow canvas
(xor) silently lost its bias badge, a low one (a lesson slide) lost the whole legend."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF, QImage, QPainter

from nnviz.ui import canvas_layout, theme
from nnviz.ui.canvas_static import legend_items, legend_plan, legend_rows, note_forms, paint_static
from nnviz.ui.canvas_text import Fonts

from .canvases import canvas_on_quadrants
from .screens import projector_window

PROJECTOR_ZOOM = 1.5


def _canvas(qtbot, sizes, w, h):
    s, p, c = canvas_on_quadrants(qtbot, sizes, w, h, data_seed=0, n_points=20, net_seed=2)
    c.grab()
    return p, c


def _legend(c):
    """(rect, (font, metrics, rows, note)) of the canvas's legend, as painted."""
    lay = c.net_layout
    rect = lay.legend.adjusted(lay.font_px, lay.font_px * 0.2, -lay.font_px, -lay.font_px * 0.2)
    return rect, legend_plan(c, rect, Fonts.get(lay.font_px).small)


class _Texts(QPainter):
    def __init__(self, img):
        super().__init__(img)
        self.texts: list[str] = []

    def drawText(self, *args):
        self.texts.append(args[-1])
        return super().drawText(*args)


def _static_texts(c) -> list[str]:
    img = QImage(c.size(), QImage.Format.Format_ARGB32_Premultiplied)
    p = _Texts(img)
    paint_static(c, p)
    p.end()
    return p.texts


def _legible(c):
    """The units are no smaller than the legible minimum, in the canvas's readable type,
    and no two units of a column overlap."""
    lay = c.net_layout
    assert lay.font_px >= canvas_layout.min_font_px(theme.manager().zoom) - 1e-6
    assert lay.radius >= canvas_layout.R_MIN_EM * lay.font_px - 1e-6, lay.radius
    for col in lay.columns:
        ys = sorted(q.y() for q in col.pos.values())
        assert all(b - a >= 2.5 * lay.radius for a, b in zip(ys, ys[1:])), ys


def _every_item_or_a_note(c, texts=None):
    """Every legend item is drawn, or the legend ends with a note that counts those left
    out (and it is painted)."""
    rect, (font, fm, rows, note) = _legend(c)
    every = legend_items(c, fm, rect.width())
    shown = [item for row in rows for item in row if item[0] != "note"]
    assert rows, "no legend at all"
    assert [d for _k, _w, d in shown] == [d for _k, _w, d in every[:len(shown)]]
    missing = len(every) - len(shown)
    if missing:
        assert note in note_forms(missing), (note, missing)
        assert rows[-1][-1][0] == "note"
        assert note in (texts if texts is not None else _static_texts(c))
    else:
        assert note is None
    gap = fm.height()
    for row in rows:                                     # and it fits its room
        assert sum(w for _k, w, _d in row) + gap * (len(row) - 1) <= rect.width() + 0.5
    assert len(rows) * fm.height() * 1.3 <= rect.height() + 1
    return missing


def test_eight_hidden_units_all_show_in_projector_type(qtbot, zoom_back):
    """The MLP playground's canvas with 8 hidden units at 1280×720 in projector mode
    (774×405): all 8 show (3 did), and the 16-unit layers of the regularization
    scenario's canvas show more than 4."""
    zoom_back.set_zoom(PROJECTOR_ZOOM)
    for h in (405, 380):
        p, c = _canvas(qtbot, [2, 8, 1], 774, h)
        col = c.net_layout.columns[1]
        assert col.n == 8 and col.shown == list(range(8)) and col.more == 0, (h, col.shown)
        _legible(c)
        assert _every_item_or_a_note(c) == 0
        p.shutdown()
    p, c = _canvas(qtbot, [2, 16, 16, 1], 792, 425)
    assert all(len(col.shown) >= 7 for col in c.net_layout.columns[1:3])
    _legible(c)
    p.shutdown()


def test_a_roomy_canvas_keeps_its_large_units(qtbot, zoom_back):
    """Packing is only for layers that would be elided: a network that fits keeps its
    comfortable rows (two-line value cards) and large units."""
    zoom_back.set_zoom(PROJECTOR_ZOOM)
    p, c = _canvas(qtbot, [2, 4, 2, 1], 774, 405)
    lay = c.net_layout
    assert [len(col.shown) for col in lay.columns] == [2, 4, 2, 1]
    ys = sorted(q.y() for q in lay.columns[1].pos.values())
    assert min(b - a for a, b in zip(ys, ys[1:])) >= canvas_layout.SLOT_EM * lay.font_px
    assert lay.radius >= lay.font_px * 0.8
    p.shutdown()


def test_narrow_projector_canvas_keeps_every_legend_item(qtbot, zoom_back):
    """The xor canvas at 1280×720 in projector mode (455×605) dropped its bias badge's
    item: the legend takes the rows it needs (measured), all items in readable type."""
    from nnviz.ui.canvas_static import legend_min_px
    zoom_back.set_zoom(PROJECTOR_ZOOM)
    p, c = _canvas(qtbot, [2, 2, 1], 455, 605)
    rect, (font, fm, rows, note) = _legend(c)
    assert _every_item_or_a_note(c) == 0
    assert [k for row in rows for k, _w, _d in row][-1] == "bias"
    assert font.pixelSize() >= legend_min_px(PROJECTOR_ZOOM) - 0.5
    p.shutdown()


@pytest.mark.parametrize("sizes", [[2, 8, 8, 1], [2, 8, 8, 6, 1]], ids=["8-8", "8-8-6"])
def test_low_projector_canvas_says_what_its_legend_leaves_out(qtbot, zoom_back, sizes):
    """A lesson slide's canvas at 1280×720 in projector mode (774×291, under the lesson
    bar): the legend had no room at all and vanished; it keeps a row, ending with a note
    that counts what it leaves out, and the 8-unit layers show more than 2 units."""
    zoom_back.set_zoom(PROJECTOR_ZOOM)
    p, c = _canvas(qtbot, sizes, 774, 291)
    texts = _static_texts(c)
    missing = _every_item_or_a_note(c, texts)
    assert missing > 0                                 # (this canvas is too low for all)
    assert any(t.startswith(f"+{missing} more") for t in texts), texts
    assert all(len(col.shown) >= 4 for col in c.net_layout.columns if col.n >= 8)
    _legible(c)
    p.shutdown()


@pytest.mark.parametrize("width", [250, 330])
def test_a_legend_leaving_items_out_counts_them(qtbot, width):
    """Below its smallest type a legend two rows high leaves out its last items, and a
    note in the same rows says how many (legend_rows: the items alone, as before)."""
    p, c = _canvas(qtbot, [2, 3, 1], 400, 420)
    f = Fonts.get(12.0)
    rect = QRectF(0, 0, width, 42)
    font, fm, rows, note = legend_plan(c, rect, f.small)
    every = legend_items(c, QFontMetricsF(font), width)
    shown = [i for row in rows for i in row if i[0] != "note"]
    assert 3 <= len(shown) < len(every)
    assert note in note_forms(len(every) - len(shown)) and rows[-1][-1][2] == note
    assert legend_rows(c, rect, f.small)[2] == [
        [i for i in row if i[0] != "note"] for row in rows if any(i[0] != "note" for i in row)]
    for row in rows:
        assert sum(w for _k, w, _d in row) + fm.height() * (len(row) - 1) <= width + 0.5
    assert len(rows) * fm.height() * 1.3 <= rect.height() + 1
    p.shutdown()


def test_mlp_with_eight_hidden_units_in_a_projector_window(main_window, qtbot):
    """The real window: the MLP playground with 8 hidden units at 1280×720 in projector
    mode shows at least 6 of them (3 did), legibly, and its whole legend. Its edge widths
    follow the packed units: the thickest edges were 18 px wide beside 21-px squares; the
    widest is now at most 0.4 of a unit's side, and the widths still run from thin to
    clearly thick."""
    from nnviz.ui.canvas_model import WIDEST_EDGE
    from nnviz.ui.canvas_strips import all_strip_edges
    from nnviz.ui.edge_paint import MAX_WIDTH_CODE, WIDTH_STEPS

    with projector_window(main_window, (1280, 720)):
        sc = main_window.open_scenario("mlp")
        sc.load_state({"hidden": [8]})
        sc.settle()
        qtbot.wait(200)
        c = sc.canvas
        c.grab()
        col = c.net_layout.columns[1]
        assert col.n == 8
        assert len(col.shown) >= 6, (c.size(), col.shown)
        _legible(c)
        _every_item_or_a_note(c)
        side = 2 * c.net_layout.radius
        assert side < 30                              # a packed layout
        widths = [((int(code) >> 1) & MAX_WIDTH_CODE) / WIDTH_STEPS
                  for _key, codes in all_strip_edges(c) for code in codes]
        assert max(widths) <= WIDEST_EDGE * side + 0.25, (max(widths), side)
        assert max(widths) >= 3 * min(widths)
        assert c.model.edge_width(c.model.w_scale, theme.manager().zoom) == max(widths)
