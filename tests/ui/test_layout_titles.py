"""Room for the canvas's text: column titles on a narrow canvas (a 1280×800 window leaves it
~430 px wide) get room for two lines above the units; values and target cards stay on the
canvas and clear of the current step's highlight ring."""

from __future__ import annotations

from PySide6.QtGui import QPainter

from .test_canvas_polish import title_rects


class _Recorder(QPainter):
    """A painter that keeps the texts it draws, in order."""

    def __init__(self, img):
        super().__init__(img)
        self.texts = []

    def drawText(self, *args):
        self.texts.append(args[-1])
        return super().drawText(*args)

    def drawStaticText(self, at, st):
        self.texts.append(st.text())
        return super().drawStaticText(at, st)


def test_two_line_titles_sit_above_the_units_in_a_small_window(main_window, qtbot):
    most = 0
    for w, h in ((1280, 800), (1024, 768)):
        main_window.resize(w, h)
        sc = main_window.open_scenario("regularization")
        qtbot.wait(20)
        c = sc.canvas
        c.grab()
        assert c.width() < 650                        # the narrow case this is about
        rects, lines = title_rects(c)
        most = max(most, max(len(ls) for ls in lines))
        assert max(len(ls) for ls in lines) <= 2      # name over activation at most
        lay = c.net_layout
        radius = lay.radius
        frame = radius * 0.08 + max(3.0, radius * 0.16) / 2   # a thumbnail's thick frame
        top = min(col.pos[col.shown[0]].y() for col in lay.columns) - radius - frame
        for rect, ls in zip(rects, lines):
            assert rect.bottom() <= top, (ls, rect, top)
            assert rect.top() >= lay.header.bottom() - 1, (ls, rect, lay.header)
        for a, b in zip(rects, rects[1:]):
            assert a.right() < b.left(), (lines, a, b)
    assert most == 2                                  # the two-line case was seen


def test_values_and_target_cards_stay_on_the_canvas_and_clear_of_the_ring(main_window,
                                                                             qtbot):
    from PySide6.QtGui import QImage, QPainter

    from nnviz.ui import canvas_paint
    main_window.resize(1920, 1080)
    sc = main_window.open_scenario("mlp")
    sc.run_steps(50)
    player, c = sc.player, sc.canvas
    player.set_granularity("layer")
    for _ in range(12):                            # forward, then the error at the output
        player.step_forward()
        if player.shown.errors:
            break
    player.pause()
    assert player.shown.errors
    img = QImage(c.size(), QImage.Format.Format_ARGB32_Premultiplied)
    p = QPainter(img)
    rects: list = []
    canvas_paint.paint_units(c, p, rects)
    p.end()
    lay = c.net_layout
    for r in rects:                                # nothing painted off the canvas
        assert r.left() >= 0 and r.right() <= c.width() + 1, r
        assert r.top() >= -1 and r.bottom() <= c.height() + 1, r
    out = lay.columns[-1].pos[0]
    ring = out.x() + lay.radius * 1.32             # the highlight ring's outer edge
    cards = [r for r in rects if r.left() > out.x() and r.width() > lay.radius]
    assert len(cards) >= 2                          # the output's values and its target card
    assert all(r.left() >= ring for r in cards), (ring, cards)


def test_projector_type_on_a_narrow_canvas_keeps_the_network_spread_out(main_window, qtbot):
    """Projector type beside big panels (softmax at 1280×800) left the canvas ~400 px wide:
    the margins for the values took all of it and the columns fell on top of each other.
    Type now shrinks with the canvas's width, so the columns keep most of it."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter

    from nnviz.ui import canvas_layout, canvas_paint
    main_window.projector.set_active(True)
    # projector mode goes full screen (the offscreen screen is 800×800): the window asked
    main_window.setWindowState(main_window.windowState() & ~Qt.WindowState.WindowFullScreen)
    main_window.resize(1280, 800)
    try:
        sc = main_window.open_scenario("softmax")
        qtbot.waitUntil(lambda: main_window.width() == 1280)
        sc.run_steps(20)
        qtbot.wait(20)
        c = sc.canvas
        c.grab()
        lay = c.net_layout
        xs = [col.x for col in lay.columns]
        assert c.width() < 700                       # the narrow case this is about
        gaps = [b - a for a, b in zip(xs, xs[1:])]
        assert min(gaps) > 4 * lay.radius, (xs, lay.radius)
        assert xs[-1] - xs[0] >= 0.4 * c.width(), (xs, c.width())
        # projector type's larger minimum (the titles and legend were ~10 px beside 20-px
        # text elsewhere: the canvas's type grows with the zoom as all other text does,
        # the legend's too, leaving items out rather than going below it), and the cards
        # still fit (checked below)
        from nnviz.ui import theme
        from nnviz.ui.canvas_static import LEGEND_MIN_PX, legend_rows
        zoom = theme.manager().zoom
        assert zoom >= 1.5
        assert lay.font_px >= canvas_layout.min_font_px(zoom) >= 1.5 * canvas_layout.MIN_FONT_PX
        f = canvas_paint.Fonts.get(lay.font_px)
        font, _fm, rows = legend_rows(c, lay.legend, f.small)
        if rows:
            assert font.pixelSize() >= 1.5 * LEGEND_MIN_PX - 0.5, font.pixelSize()
        rects, lines = title_rects(c)
        for a, b in zip(rects, rects[1:]):
            assert a.right() < b.left(), (lines, a, b)
        player = sc.player                           # values showing: all on the canvas
        player.set_granularity("layer")
        for _ in range(3):
            player.step_forward()
        player.pause()
        img = QImage(c.size(), QImage.Format.Format_ARGB32_Premultiplied)
        p = QPainter(img)
        painted: list = []
        canvas_paint.paint_units(c, p, painted)
        p.end()
        for r in painted:
            assert r.left() >= 0 and r.right() <= c.width() + 1, r
    finally:
        main_window.projector.set_active(False)


def test_header_is_shortened_on_a_very_narrow_canvas(qtbot):
    """The step and phase header ('update 1 · epoch 1 · sample 1 of 4 (row 3)' and the
    phase's formula) ran off a ~220 px canvas: the phase is shortened or left out, then the
    step, so that everything painted stays on the canvas."""
    from PySide6.QtGui import QImage, QPainter

    from nnviz.ui import canvas_paint

    from .canvases import canvas_on_quadrants
    for width in (220, 300, 900):
        s, p, c = canvas_on_quadrants(qtbot, [2, 3, 1], width, 420, data_seed=0, n_points=8,
                                      net_seed=1)
        c.setMinimumWidth(0)
        c.resize(width, 420)
        qtbot.waitUntil(lambda c=c, width=width: c.width() == width)
        p.set_granularity("layer")
        p.step_forward()
        p.pause()
        img = QImage(c.size(), QImage.Format.Format_ARGB32_Premultiplied)
        painter = QPainter(img)
        painted: list = []
        canvas_paint._paint_header(c, painter, canvas_paint.theme.current(),
                                   canvas_paint.Fonts.get(c.net_layout.font_px).bold,
                                   canvas_paint.Fonts.get(c.net_layout.font_px).fmb, painted)
        painter.end()
        assert painted
        for r in painted:
            assert r.left() >= -2 and r.right() <= width + 2, (width, r)
        if width == 900:                    # room enough: both in full
            assert len(painted) == 2
        p.shutdown()


def test_header_phase_has_a_short_form_before_it_is_elided(qtbot):
    """On a narrow canvas the phase read 'error: compare outputs with …': it now says
    'error at outputs' in full where that fits, and is cut only where even that does not."""
    from PySide6.QtGui import QImage

    from nnviz.ui import canvas_paint
    from nnviz.ui.canvas_header import PHASES

    from .canvases import canvas_on_quadrants

    long, _role, short = PHASES["error"]
    s, p, c = canvas_on_quadrants(qtbot, [2, 3, 1], 900, 420, data_seed=0, n_points=8,
                                  net_seed=1)
    c.setMinimumWidth(0)
    p.set_granularity("layer")
    while not (p.active and p.active[0].phase == "error"):
        p.step_forward()
    p.pause()
    shown = set()
    for width in range(260, 901, 20):
        c.resize(width, 420)
        qtbot.waitUntil(lambda w=width: c.width() == w)
        img = QImage(c.size(), QImage.Format.Format_ARGB32_Premultiplied)
        painter = _Recorder(img)
        f = canvas_paint.Fonts.get(c.net_layout.font_px)
        canvas_paint._paint_header(c, painter, canvas_paint.theme.current(), f.bold, f.fmb, [])
        painter.end()
        phase = painter.texts[1:]
        if phase:
            assert phase[0] in (long, short) or (phase[0].endswith("…")
                                                 and short.startswith(phase[0][:-1])), phase
            shown.add(phase[0] if phase[0] in (long, short) else "cut")
    assert {long, short} <= shown
    p.shutdown()


def test_header_step_has_short_forms_before_it_is_elided(qtbot):
    """At 200 % the step ran off as 'update 1 · epoch 1 · sample 3 of 10 (poi…': before
    anything is cut, the step drops its epoch, then names only the update and the point
    ('update 1 · point 3'), and keeps the short phase beside it."""
    from PySide6.QtGui import QImage

    from nnviz.ui import canvas_paint
    from nnviz.ui.canvas_header import PHASES, header_forms

    from .canvases import canvas_on_quadrants

    s, p, c = canvas_on_quadrants(qtbot, [2, 3, 1], 900, 420, data_seed=0, n_points=8,
                                  net_seed=1)
    s.row_naming = "point"
    c.setMinimumWidth(0)
    p.set_granularity("layer")
    p.step_forward()
    p.pause()
    forms = header_forms(c)
    point = forms[0][forms[0].index("(point ") + 1:-1]
    assert forms[0].startswith("update 1 · epoch 1 · sample 1 of 4 (point ")
    assert forms[1:] == [f"update 1 · sample 1 of 4 ({point})", f"update 1 · {point}", point]
    steps = set()
    for width in range(240, 901, 20):
        c.resize(width, 420)
        qtbot.waitUntil(lambda w=width: c.width() == w)
        img = QImage(c.size(), QImage.Format.Format_ARGB32_Premultiplied)
        painter = _Recorder(img)
        f = canvas_paint.Fonts.get(c.net_layout.font_px)
        canvas_paint._paint_header(c, painter, canvas_paint.theme.current(), f.bold, f.fmb, [])
        painter.end()
        step, phase = painter.texts[0], painter.texts[1:]
        assert step in forms or step.endswith("…"), step
        if step in forms[1:]:       # a shorter step only with the short phase beside it
            assert phase == [PHASES["forward"][2]], (width, step, phase)
        steps.add(forms.index(step) if step in forms else "cut")
    assert {0, 2} <= steps
    p.shutdown()
