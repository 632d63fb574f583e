"""Canvas polish: titles and legend fit, elided marks, dropout drawn greyed, glyphs the
application font has, the formula panel scrolls instead of clipping, edge strips."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF, QRawFont
from PySide6.QtWidgets import QApplication

from nnviz.ui import canvas_paint, theme

from .canvases import canvas_on_quadrants


def make_canvas(qtbot, sizes, w=900, h=600, dropout=0.0):
    s, p, c = canvas_on_quadrants(qtbot, sizes, w, h, dropout, data_seed=0, n_points=20,
                                  net_seed=2)
    c.grab()
    return s, p, c


def title_rects(c):
    font, fm, lines, y = canvas_paint.title_layout(c, canvas_paint.Fonts.get(c.net_layout.font_px))
    out = []
    for col, ls in zip(c.net_layout.columns, lines):
        if not ls:        # (no titles: a low canvas keeps its height for the network)
            continue
        w = max(fm.horizontalAdvance(t) for t in ls)
        out.append(QRectF(col.x - w / 2, y, w, fm.height() * len(ls)))
    return out, lines


def test_deep_network_titles_never_overlap(qtbot):
    s, p, c = make_canvas(qtbot, [2, 4, 4, 4, 4, 4, 4, 1], 700, 500)
    rects, lines = title_rects(c)
    for a, b in zip(rects, rects[1:]):
        assert a.right() < b.left(), (lines, a, b)
    top = min(col.pos[col.shown[0]].y() for col in c.net_layout.columns) - c.net_layout.radius
    assert all(r.bottom() <= top + 1 for r in rects)
    # a wide canvas keeps the full one-line titles
    c.resize(1900, 900)
    c.grab()
    _, lines = title_rects(c)
    assert lines[1] == [c.column_title(1)] == ["hidden 1 · tanh"]
    p.shutdown()


def test_legend_fits_a_narrow_canvas(qtbot):
    s, p, c = make_canvas(qtbot, [2, 3, 1], 200, 420)
    lay = c.net_layout
    rect = lay.legend.adjusted(lay.font_px, lay.font_px * 0.2, -lay.font_px, -lay.font_px * 0.2)
    font, fm, rows = canvas_paint.legend_rows(c, rect, canvas_paint.Fonts.get(lay.font_px).small)
    gap = fm.height()
    for row in rows:
        assert sum(w for _k, w, _d in row) + gap * (len(row) - 1) <= rect.width() + 0.5
    assert len(rows) * fm.height() * 1.3 <= rect.height() + 1
    p.shutdown()


def test_elided_mark_sits_between_units(qtbot):
    s, p, c = make_canvas(qtbot, [2, 30, 1], 900, 600)
    col = c.net_layout.columns[1]
    assert c.elided(1) > 0 and c.more_text(1).endswith(f"{c.elided(1)} more")
    fm = QFontMetricsF(canvas_paint.Fonts.get(c.net_layout.font_px).small)
    r = c.net_layout.radius
    above = max(y for y in (q.y() for q in col.pos.values()) if y < col.more_pos.y())
    below = min(y for y in (q.y() for q in col.pos.values()) if y > col.more_pos.y())
    box_top = col.more_pos.y() - fm.height() * 0.6
    box_bottom = box_top + fm.height() * 1.2
    assert box_top >= above + r and box_bottom <= below - r
    p.shutdown()


def test_dropout_units_drawn_dropped(qtbot):
    s, p, c = make_canvas(qtbot, [2, 6, 6, 1], 900, 600, dropout=0.5)
    p.set_granularity("sample")
    p.step_forward()
    p.pause()
    c.grab()
    tr = p.trace
    sample = p.shown.sample
    dropped = [(k + 1, i) for k in range(2) for i in range(6) if tr.mask[k][sample, i] == 0]
    assert dropped, "with p = 0.5 some hidden units are dropped"
    for col in (1, 2):
        for u in range(6):
            assert c.unit_dropped(col, u) == ((col, u) in dropped)
    assert not c.unit_dropped(0, 0) and not c.unit_dropped(3, 0)
    col, u = dropped[0]
    # its outgoing edges are faded: thin and close to the background
    from nnviz.ui.canvas_strips import strip_edges, strip_lines
    _key, looks = strip_edges(c, col)
    lines = strip_lines(c, col, looks)
    shown_in = c.net_layout.columns[col].shown
    out_pens = [pen for n, (_l, pen) in enumerate(lines) if shown_in[n % len(shown_in)] == u]
    bg = theme.current().qcolor("background")
    for pen in out_pens:
        assert pen.widthF() == 1.0
        assert abs(pen.color().lightness() - bg.lightness()) < 60
    # and the unit itself is greyed: its centre differs from an undropped render
    img = c.grab().toImage()
    pos = c.unit_pos(col, u)
    assert img.pixelColor(pos.toPoint()) != c.unit_fill(col, u)
    p.shutdown()


def test_edges_repaint_only_changed_strips(qtbot):
    s, p, c = make_canvas(qtbot, [2, 4, 4, 1], 900, 600)
    c.grab()
    before = c.layers.strips_painted
    c.grab()
    assert c.layers.strips_painted == before    # nothing changed: no edge repainted
    old = s.weight(2, 0, 1)
    s.set_weight(2, 0, 1, -3.0 if old > 0 else 3.0)   # flip a weight of the last layer only
    c.grab()
    assert c.layers.strips_painted == before + 1
    assert c.edge_style(2, 0, 1)[1] > 1
    p.shutdown()


def test_every_symbol_is_in_the_application_font(qtbot, demo):
    """The glyphs the player bar, formula panel and canvas show exist in the app font."""
    from PySide6.QtWidgets import QToolButton

    from nnviz.ui import formula
    scenario, window = demo
    raw = QRawFont.fromFont(QApplication.font())
    bar = window.findChild(QToolButton, "playButton").parent()
    texts = ["⋮ 5 more", "σ δ η Σ ∂ ← → − · ₀₁₂₃₄₅₆₇₈₉ ² ᵢ ₖ ×", formula.CONVENTION,
             "weight ≤ −0.5 ≥ +0.5 small |w| large |w| forward signal backward δ weight update "
             "current step bias b (click to edit)"]
    for running in (False, True):       # the play button shows play, then pause
        scenario.player.playing = running
        bar.sync()
        texts += [b.text() for b in bar.findChildren(QToolButton)]
    scenario.player.playing = False
    bar.sync()
    missing = sorted({ch for t in texts for ch in t
                      if ch.strip() and not raw.supportsCharacter(ord(ch))})
    assert not missing, f"not in {raw.familyName()}: {missing}"


def test_legend_type_stays_readable_on_a_tiny_canvas(qtbot):
    """A softmax canvas at 1280×800 shrank the legend's type to 8 px: it stops at
    LEGEND_MIN_PX and leaves out its last items (the bias badge's note first) instead,
    still fitting its room."""
    from PySide6.QtCore import QRectF

    from nnviz.ui.canvas_static import LEGEND_MIN_PX, legend_items
    s, p, c = make_canvas(qtbot, [2, 3, 1], 400, 420)
    rect = QRectF(0, 0, 250, 42)                 # the room a tiny canvas leaves it
    font, fm, rows = canvas_paint.legend_rows(c, rect, canvas_paint.Fonts.get(12.0).small)
    assert font.pixelSize() >= LEGEND_MIN_PX
    shown = [d for row in rows for _k, _w, d in row]
    every = [d for _k, _w, d in legend_items(c, fm)]
    assert 3 <= len(shown) < len(every) and shown == every[:len(shown)]   # the first kept
    gap = fm.height()
    for row in rows:
        assert sum(w for _k, w, _d in row) + gap * (len(row) - 1) <= rect.width() + 0.5
    assert len(rows) * fm.height() * 1.3 <= rect.height() + 1
    p.shutdown()
