"""The MLP playground's decision map against the session's numbers: dots that leave the map
readable, one unit's output on the map (as when hovering a neuron) under a heading that fits
it, the colour scale where it takes no room from the map, the loss legend clear of the
curves, and discretized neuron pictures on the canvas."""

from __future__ import annotations

from contextlib import contextmanager

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QFontInfo, QFontMetricsF, QImage

from nnviz.ui import theme
from nnviz.ui.canvas_thumbs import lut32, signed_array

from .screens import projector_window

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def sc(main_window, qtbot):
    main_window.resize(1280, 800)
    s = main_window.open_scenario("mlp")
    qtbot.waitExposed(s.canvas.window())
    s.run_steps(300)
    qtbot.wait(60)
    return s


def click(qtbot, box):
    """Click a check box on its indicator (its middle may be past its text)."""
    qtbot.mouseClick(box, LEFT, pos=QPoint(8, box.height() // 2))


def words(img: QImage) -> np.ndarray:
    """(h, w) 0xRRGGBB of an image."""
    img = img.convertToFormat(QImage.Format.Format_RGB32)
    raw = np.frombuffer(img.constBits(), np.uint32, count=img.sizeInBytes() // 4)
    return raw.reshape(img.height(), img.bytesPerLine() // 4)[:, :img.width()] & 0xFFFFFF


def rgb(w: np.ndarray) -> np.ndarray:
    return np.stack([(w >> 16) & 255, (w >> 8) & 255, w & 255], axis=-1).astype(int)


def inner_disc_coverage(plot) -> float:
    """The share of the circle data set's inner disc (radius 2.5, the inner class) that the
    visible dots cover, in the view box's pixels."""
    vb = plot.plot.getViewBox()
    w, h = int(vb.width()), int(vb.height())
    (x0, x1), (y0, y1) = vb.viewRange()
    py, px = np.mgrid[0:h, 0:w] + 0.5
    ux, uy = x0 + px / w * (x1 - x0), y1 - py / h * (y1 - y0)
    disc = ux ** 2 + uy ** 2 <= 2.5 ** 2
    covered = np.zeros_like(disc)
    for item in (plot.train_points, plot.test_points):
        if not item.isVisible():
            continue
        radius = (item.opts["size"] + item.opts["pen"].widthF()) / 2
        xs, ys = item.getData()
        for x, y in zip(xs, ys):
            p = vb.mapFromView(QPointF(x, y))
            covered |= (px - p.x()) ** 2 + (py - p.y()) ** 2 <= radius ** 2
    return float(covered[disc].mean())


def test_dots_leave_the_circle_map_readable(sc, main_window, qtbot):
    """At 1280×800 ~10 px training dots and ~7.5 px test dots (shown by default) covered
    ~70 % of the circle's inner disc (TensorFlow Playground: ~28 %): test data are hidden by
    default, the dots are smaller, and shown test dots are smaller than training dots."""
    from nnviz.ui.plots import FEW_POINTS, MIN_DOT_PX, TEST_DOT
    b = sc.boundary
    assert not b.show_test and not b.test_box.isChecked() and not b.test_points.isVisible()
    assert b.train_points.isVisible() and len(b.train_points.getData()[0]) == 250
    assert inner_disc_coverage(b) < 0.35
    desktop = b.train_points.opts["size"]
    assert MIN_DOT_PX <= desktop <= 7.0
    click(qtbot, b.test_box)                     # the student asks for them
    assert b.test_points.isVisible()
    assert b.test_points.opts["size"] == pytest.approx(TEST_DOT * desktop)
    assert inner_disc_coverage(b) < 0.5
    click(qtbot, b.test_box)
    with projector_window(main_window, (1920, 1080)):     # larger on the projector
        qtbot.wait(80)
        size = b.train_points.opts["size"]
        assert size >= MIN_DOT_PX * theme.manager().zoom and size > desktop
        assert inner_disc_coverage(b) < 0.5
    # XOR's four points keep big dots
    from nnviz.ui.plots import DecisionBoundaryPlot

    from .demo_scenario import make_session
    xor = make_session()
    xor.extent = (-0.5, 1.5, -0.5, 1.5)
    plot = DecisionBoundaryPlot(xor, 40)
    qtbot.addWidget(plot)
    plot.resize(400, 460)
    plot.show()
    qtbot.waitExposed(plot)
    assert len(xor.X_raw) <= FEW_POINTS and not plot.test_box.isVisible()
    assert plot.train_points.opts["size"] == pytest.approx(22.0 * theme.manager().zoom)


def rendered(image_item) -> np.ndarray:
    """(rows, cols, 3) the colours the image item draws (row 0: the lowest y)."""
    image_item.render()
    return rgb(words(image_item.qimage))


def assert_through_lut(image_item, values: np.ndarray, lut: np.ndarray):
    """Each pixel is the LUT's colour for its value (levels −1 … 1; ±1 entry for rounding)."""
    got = rendered(image_item)
    k = np.clip(np.floor((values + 1.0) * 0.5 * len(lut)), 0, len(lut) - 1).astype(int)
    near = [np.abs(got - lut[np.clip(k + d, 0, len(lut) - 1)].astype(int)).max(axis=-1)
            for d in (-1, 0, 1)]
    assert np.min(near, axis=0).max() <= 1


def test_show_unit_draws_that_units_grid_activations(sc, qtbot):
    b = sc.boundary
    s = sc.session
    n = b.resolution
    _, _, acts = s.grid_activations(n)
    assert b.heading_text() == ""
    b.show_unit(1, 1)                                       # hidden layer 1, unit 2 (tanh)
    assert b.heading.isVisible() and b.heading_text() == "showing hidden layer 1 · unit 2"
    assert np.shares_memory(b.unit_values, acts[1])          # the session's numbers
    assert np.array_equal(b.image_data, np.clip(acts[1][..., 1], -1, 1).astype(np.float32))
    assert_through_lut(b.image, b.image_data, theme.region_lut(256))
    assert b.colour_bar.texts()[0] == "−1" and b.colour_bar.texts()[2] == "1"
    # the canvas's hover targets: an input (scaled by its range, as its thumbnail), an edge
    b.show_hovered(("unit", 0, 1))
    x2 = acts[0][..., 1]
    assert b.heading_text() == "showing input x₂"
    assert np.allclose(b.image_data, x2 / np.abs(x2).max(), atol=1e-6)
    b.show_hovered(("edge", 0, 0, 0))
    assert b.unit is None and b.heading_text() == ""
    assert np.array_equal(b.image_data, b.display_values(acts[-1]))
    # a single output unit is what the map shows anyway
    b.show_unit(3, 0)
    assert b.unit is None and not b.heading.isVisible()
    # training on while a unit shows: its new numbers
    b.show_unit(2, 0)
    sc.run_steps(50)
    qtbot.waitUntil(lambda: b._version == s.version)
    _, _, acts = s.grid_activations(n)
    assert np.array_equal(b.image_data, np.clip(acts[2][..., 0], -1, 1).astype(np.float32))
    click(qtbot, b.discretize_box)                 # the unit's sign only
    assert set(np.unique(b.image_data)) <= {-1.0, 1.0}
    assert np.array_equal(b.image_data > 0, acts[2][..., 0] >= 0)
    b.show_hovered(None)
    assert b.heading_text() == "" and b.unit_values is None
    # the scenario's link: hovering a neuron on the canvas shows it here
    c = sc.canvas
    qtbot.mouseMove(c, c.unit_pos(2, 1).toPoint())
    qtbot.waitUntil(lambda: b.unit == (2, 1))
    assert b.heading_text() == "showing hidden layer 2 · unit 2"
    qtbot.mouseMove(c, QPoint(2, 2))                          # off the units: the output
    qtbot.waitUntil(lambda: b.unit is None)


def global_rect(widget, rect) -> QRectF:
    """`rect` (the widget's coordinates) in global coordinates."""
    return QRectF(rect).translated(QPointF(widget.mapToGlobal(QPoint(0, 0))))


def plane_rect(b) -> QRectF:
    """The decision map's plane (its view box) in global coordinates."""
    vb = b.plot.getViewBox()
    scene = vb.mapRectToScene(vb.boundingRect())
    top_left = b.plot_widget.viewport().mapToGlobal(b.plot_widget.mapFromScene(scene.topLeft()))
    return QRectF(QPointF(top_left), scene.size())


def assert_tidy(bar):
    """Everything the colour bar draws lies inside it; no text overlaps another, a swatch
    or the strip (but the middle's, written on the strip's neutral middle, inside it); the
    strip is never a sliver."""
    pieces = bar.pieces()
    assert pieces, bar.mode
    inside = QRectF(bar.rect()).adjusted(-0.5, -0.5, 0.5, 0.5)
    texts = [p for p in pieces if p.kind == "text"]
    marks = [p for p in pieces if p.kind != "text"]
    line = QFontMetricsF(bar.font_()).height()
    for p in pieces:
        assert inside.contains(p.rect), (bar.mode, p)
    for i, t in enumerate(texts):
        assert all(not t.rect.intersects(u.rect) for u in texts[i + 1:]), (bar.mode, texts)
        for m in marks:
            on_strip = t.name == "mid" and m.kind == "strip" and not m.vertical
            assert m.rect.contains(t.rect) if on_strip else not t.rect.intersects(m.rect), \
                (bar.mode, t, m)
    long_side = max(bar.width(), bar.height())
    for m in marks:
        if m.kind == "strip":
            assert max(m.rect.width(), m.rect.height()) >= min(2 * line, long_side) - 0.5, \
                (bar.mode, m)


def test_colour_bar_draws_the_maps_palette_beside_or_under_it(qtbot):
    """Under a plane with height to spare, the bar is a row as wide as the plane; beside a
    plane with width to spare, a column as tall as it (+1 at the top); in the map's own
    palette (faded as the map), discretized as two blocks."""
    from nnviz.ui.plots import DecisionBoundaryPlot

    from .demo_scenario import make_session
    session = make_session()
    session.extent = (-0.5, 1.5, -0.5, 1.5)
    b = DecisionBoundaryPlot(session, 40)
    qtbot.addWidget(b)
    bar = b.colour_bar
    t = theme.current()
    lut = theme.region_lut(256, t)
    for size, mode in (((420, 720), "row"), ((760, 420), "column")):
        b.resize(*size)
        b.show()
        qtbot.waitExposed(b)
        qtbot.waitUntil(lambda mode=mode: bar.mode == mode)
        qtbot.wait(30)
        plane, drawn = plane_rect(b), global_rect(bar, bar.rect())
        strip = global_rect(bar, bar.strip_rect())
        if mode == "row":                      # right under the plane, as wide as it
            assert abs(drawn.left() - plane.left()) <= 1.5
            assert abs(drawn.width() - plane.width()) <= 1.5
            assert plane.bottom() <= drawn.top() <= plane.bottom() + 60
            assert strip.width() >= 0.4 * plane.width()
        else:                                  # right of the plane, as tall as it
            assert abs(strip.top() - plane.top()) <= 1.5
            assert abs(strip.height() - plane.height()) <= 1.5
            assert plane.right() <= strip.left() <= plane.right() + 30
        assert bar.texts()[::2] == ("class 0", "class 1")
        assert_tidy(bar)
        assert np.array_equal(bar.strip_colours(), lut)
        img = rgb(words(bar.grab().toImage()))
        r = bar.strip_rect()
        dpr = bar.devicePixelRatioF()
        for frac, idx in ((0.03, 5), (0.97, 250)):     # the low end left / at the bottom
            x, y = (r.left() + frac * r.width(), r.center().y()) if mode == "row" else \
                (r.center().x(), r.bottom() - frac * r.height())
            assert np.abs(img[int(y * dpr), int(x * dpr)] - lut[idx].astype(int)).max() <= 8
    b.image.setOpacity(0.5)                            # a paler map, a paler strip
    assert np.abs(bar.strip_colours()[0].astype(int) - lut[0].astype(int)).max() > 20
    b.image.setOpacity(1.0)
    b.set_discretize(True)                             # two blocks
    assert {tuple(c) for c in bar.strip_colours()} == {tuple(lut[0]), tuple(lut[-1])}


def test_colour_bar_follows_theme_zoom_and_task(sc, qtbot, main_window):
    b = sc.boundary
    bar = b.colour_bar
    t = theme.current()
    left_text, _mid, right_text = bar.texts()
    assert (left_text, right_text) == ("class 0", "class 1")
    m = theme.manager()
    old_theme, old_zoom = m.theme, m.zoom
    line = bar.line_height()
    try:
        m.set_theme("dark")
        assert np.array_equal(bar.strip_colours(), theme.region_lut(256, theme.current()))
        m.set_zoom(old_zoom * 1.5)
        assert bar.font_().pointSizeF() == pytest.approx(10.5 * old_zoom * 1.5)
        assert bar.line_height() > 1.3 * line
    finally:
        m.set_theme(old_theme.name)
        m.set_zoom(old_zoom)
    assert np.array_equal(bar.strip_colours(), theme.region_lut(256, t))
    sc.apply({"dataset": "blobs"})                            # softmax: the class colours
    qtbot.wait(30)
    assert bar.scale.classes == ["class 1", "class 2", "class 3"]
    assert bar.texts()[:3] in (["class 1", "class 2", "class 3"], ["1", "2", "3"])
    from nnviz.ui.plots_base import CLASS_LEVELS, classes_lut
    lut = classes_lut(3)
    assert np.array_equal(bar.strip_colours(), lut[[CLASS_LEVELS * c + CLASS_LEVELS - 1
                                                     for c in range(3)]])
    assert_tidy(bar)
    sc.apply({"dataset": "plane"})                            # regression: the output's value
    qtbot.wait(30)
    assert sc.session.net.layers[-1].activation == "linear"
    assert bar.texts()[0] == "≤ −1" and bar.texts()[2] == "≥ 1"
    assert bar.scale.texts[0][1] == "output o = 0"
    assert_tidy(bar)


# the map's side (px) before the colour bar and the loss legend came (1280×720 projector:
# 156, then 115 with them)
OLD_SIDES = [("projector", (1280, 720), 156), ("projector", (1280, 800), 206),
             ("projector", (1024, 768), 170), ("zoom 200 %", (1920, 1080), 264),
             ("normal", (1280, 800), 270), ("normal", (1920, 1080), 473)]
IDS = [f"{how}-{w}x{h}" for how, (w, h), _ in OLD_SIDES]


@contextmanager
def shown_as(window, how: str, size):
    """The window at `size` in projector type, at 200 % zoom, or as it is."""
    m = theme.manager()
    zoom = m.zoom
    try:
        if how == "projector":
            window.projector.set_active(True)
        elif how == "zoom 200 %":
            m.set_zoom(2.0)
        window.setWindowState(Qt.WindowState.WindowNoState)
        window.resize(*size)
        yield window
    finally:
        window.projector.set_active(False)
        m.set_zoom(zoom)


@pytest.mark.parametrize("how,size,old", OLD_SIDES, ids=IDS)
def test_map_keeps_its_size_and_its_key_and_heading_fit(main_window, qtbot, how, size, old):
    """The colour bar under the map took its row from the map's side (1280×720 projector:
    156 → 115 px): it now goes only where it takes no room from the map (beside the plane,
    under it, or right of the check boxes), and still shows, clear of the plane, whole, its
    texts apart; the plane stays put when a hovered unit's scale comes. The hovered unit's
    heading ("showing hidden layer 1 · unit 1", 305 px wide over the 115-px plane) takes the
    longest of its forms that fits inside the plane ("hidden 1 · unit 1", on two lines, the
    canvas's own name), in type no smaller than ~10 px × zoom."""
    from nnviz.ui import plots_unitmap as U
    sc = main_window.open_scenario("mlp")
    for dataset, targets in (("circle", [(2, 1), (1, 0), (0, 0)]), ("blobs", [(3, 1)])):
        sc.apply({"dataset": dataset})
        sc.run_steps(50)
        with shown_as(main_window, how, size):
            qtbot.wait(150)
            b, bar = sc.boundary, sc.boundary.colour_bar
            vb = b.plot.getViewBox()
            if dataset == "circle":             # (the sides measured before: the circle's)
                assert min(vb.width(), vb.height()) >= old - 2, (vb.width(), vb.height())
            plane = plane_rect(b)
            for target in [None] + targets:
                b.show_unit(*(target or (None,)))
                qtbot.wait(30)
                assert plane_rect(b) == plane                   # the plane stays put
                assert bar.isVisible() and bar.mode in ("row", "column", "compact")
                texts = bar.texts()
                assert (texts[0] and texts[2]) if len(texts) == 3 and not bar.scale.classes \
                    else len(texts) >= 3                     # its ends or classes named
                assert not global_rect(bar, bar.rect()).intersects(plane)
                assert QRectF(b.rect()).contains(QRectF(bar.geometry()))
                assert_tidy(bar)
                if target is None:
                    assert b.heading_text() == ""
                    continue
                pen = b.heading.border.widthF()
                r = b.heading.sceneBoundingRect().adjusted(-pen / 2, -pen / 2, pen / 2, pen / 2)
                assert b.heading.isVisible() and vb.sceneBoundingRect().contains(r), \
                    (target, b.heading_text(), r, vb.sceneBoundingRect())
                assert QFontInfo(b.heading.textItem.font()).pixelSize() >= 10 * theme.manager().zoom
                forms = ["\n".join(f) for f in U.unit_headings(sc.session, *target)]
                assert b.heading_text() in forms, b.heading_text()


def test_colour_bar_forms_never_overlap_their_texts(sc, qtbot):
    """At 1280×720 in projector type the output's bar had shrunk to an 8-px strip between
    "class 0" and "class 1", and a unit's labels ran together ("−1a = 01"). Every form the
    bar can take, at every width or height it accepts, keeps its texts apart and inside it,
    with a strip at least two lines long (or as long as the bar)."""
    from nnviz.ui import plots_unitmap as U
    from nnviz.ui.plots_colourbar import ColourBar
    s = sc.session
    bar = ColourBar(None)
    qtbot.addWidget(bar)
    _, _, acts = s.grid_activations(20)
    scales = [U.output_scale(s, "classification", False), U.output_scale(s, "regression", True),
              U.unit_scale(s, 1, 0, None, False), U.unit_scale(s, 0, 1, acts[0][..., 1], False)]
    sc.apply({"dataset": "blobs"})
    scales.append(U.output_scale(sc.session, "multiclass", False))
    m = theme.manager()
    zoom = m.zoom
    try:
        for z in (1.0, 1.5, 2.0):
            m.set_zoom(z)
            for scale in scales:
                bar.set_scale(scale)
                shown = 0
                for room in range(40, 520, 24):
                    forms = [("row", room, bar.row_height(room)),
                             ("compact", bar.compact_width(room), bar.line_height())] + \
                        [("column", bar.column_width(h, room), h) for h in (60, 110, 160, 260)]
                    for mode, w, h in forms:
                        if w is not None and h is not None:
                            assert w <= room
                            bar.set_form(mode, QRectF(0, 0, w, h))
                            assert_tidy(bar)
                            shown += 1
                assert shown > 20
    finally:
        m.set_zoom(zoom)


def test_loss_legend_stays_above_the_curves(sc, main_window, qtbot):
    """The legend covered the newest part of the curves (top right, inside the plot): it
    now sits above the plot area, whole, in type as large as the tick labels, in the top
    margin the top tick's label needs anyway (right of that label; its row had been the
    legend's height plus that margin), grown to the legend's height only."""
    lp = sc.loss_plot
    for how, size in (("normal", (1280, 800)), ("projector", (1280, 720))):
        with shown_as(main_window, how, size):
            sc.run_steps(60)
            qtbot.wait(120)
            legend = lp.legend.sceneBoundingRect()
            view = lp.plot.getViewBox()
            vb = view.sceneBoundingRect()
            assert lp.legend.isVisible() and legend.height() > 0
            assert legend.bottom() <= vb.top() + 0.5            # above the plot area
            for curve in (lp.train_curve, lp.test_curve):
                xs, ys = curve.getData()
                data = view.mapViewToScene(QRectF(QPointF(xs.min(), ys.min()),
                                                  QPointF(xs.max(), ys.max()))).boundingRect()
                assert data.height() > 0 and not legend.intersects(data)
            assert lp.plot.sceneBoundingRect().contains(legend)  # whole, not cut off
            assert legend.right() <= vb.right() + 1
            tick = QFontMetricsF(lp.plot.getAxis("left").style["tickFont"]).height()
            assert all(label.item.boundingRect().height() >= tick
                       for _s, label in lp.legend.items)
            assert lp.plot.layout.getContentsMargins()[1] <= lp.legend_size().height() + 3
            assert legend.left() >= lp.plot.getAxis("left").sceneBoundingRect().right()


def test_discretized_thumbnails_show_only_each_units_sign(sc, qtbot):
    """Discretize output applies to every neuron's picture too (as in TensorFlow
    Playground), through the one connection the scenario makes."""
    c, b, s = sc.canvas, sc.boundary, sc.session
    click(qtbot, b.discretize_box)                 # (the scenario links map and canvas)
    assert c.discretize
    c.render_background()
    n = c.thumbnail_grid()
    _, _, acts = s.grid_activations(n)
    lut = lut32() & 0xFFFFFF
    neg, pos = int(lut[0]), int(lut[-1])
    checked = 0
    for ci, col in enumerate(c.net_layout.columns):
        act = None if ci == 0 else s.net.layers[ci - 1].activation
        for u in col.shown:
            px = words(c.thumbnail(ci, u))
            assert set(np.unique(px)) <= {neg, pos}, (ci, u)
            v = signed_array(acts[ci][..., u:u + 1], act)[::-1, :, 0]   # top row: highest y
            sure = np.abs(v) > 1e-3
            assert np.array_equal((px == pos)[sure], (v >= 0)[sure]), (ci, u)
            checked += 1
    assert checked == sum(len(col.shown) for col in c.net_layout.columns) >= 9
    click(qtbot, b.discretize_box)                  # shades again
    assert not c.discretize
    c.render_background()
    assert len(np.unique(words(c.thumbnail(1, 0)))) > 2


def test_regression_points_near_zero_keep_a_visible_rim(sc, qtbot):
    """On the plane data set a target near 0 is drawn in the palette's pale middle, over a
    map that is pale there too, with a rim in the background colour: it vanished. Its rim
    is the theme's grey; classification keeps the background rim between its dots."""
    t = theme.current()
    b = sc.boundary
    assert b.train_points.opts["pen"].color().name() == t.background
    sc.apply({"dataset": "plane"})
    qtbot.wait(20)
    assert b.train_points.opts["pen"].color().name() == t.muted
