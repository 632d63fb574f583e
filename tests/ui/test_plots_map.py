"""The MLP playground's decision map against the session's numbers: dots that leave the map
readable, one unit's output on the map (as when hovering a neuron), the colour scale under
the map, the loss legend clear of the curves, and discretized neuron pictures on the
canvas."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QImage

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


def test_colour_bar_sits_under_the_map_in_its_palette(sc, qtbot, main_window):
    b = sc.boundary
    bar = b.colour_bar
    vb = b.plot.getViewBox()
    top_left = b.plot_widget.mapFromScene(vb.mapRectToScene(vb.boundingRect()).topLeft())
    plane = b.plot_widget.viewport().mapToGlobal(top_left)
    strip_row = bar.mapToGlobal(bar.rect().topLeft())
    assert bar.isVisible() and strip_row.y() >= plane.y() + vb.height() - 1   # under it
    left, width = bar._span()
    assert abs(bar.mapToGlobal(QPointF(left, 0).toPoint()).x() - plane.x()) <= 1
    assert abs(width - vb.width()) <= 1                      # as wide as the plane
    t = theme.current()
    assert np.array_equal(bar.strip_colours(), theme.region_lut(256, t))
    left_text, mid, right_text = bar.texts()
    assert (left_text, right_text) == ("class 0", "class 1") and "0.5" in mid
    # drawn: the strip's left end in the palette's negative end
    img = rgb(words(bar.grab().toImage()))
    r = bar.strip_rect()
    dpr = bar.devicePixelRatioF()
    y = int(r.center().y() * dpr)
    for frac, idx in ((0.02, 5), (0.98, 250)):
        x = int((r.left() + frac * r.width()) * dpr)
        assert np.abs(img[y, x] - bar.strip_colours()[idx].astype(int)).max() <= 8
    click(qtbot, b.discretize_box)                  # two blocks
    assert {tuple(c) for c in bar.strip_colours()} == {
        tuple(theme.region_lut(256, t)[0]), tuple(theme.region_lut(256, t)[-1])}
    click(qtbot, b.discretize_box)
    m = theme.manager()
    old_theme, old_zoom = m.theme, m.zoom
    h = bar.sizeHint().height()
    try:
        m.set_theme("dark")
        assert np.array_equal(bar.strip_colours(), theme.region_lut(256, theme.current()))
        m.set_zoom(old_zoom * 1.5)
        assert bar.font_().pointSizeF() == pytest.approx(10.5 * old_zoom * 1.5)
        assert bar.sizeHint().height() > 1.3 * h
    finally:
        m.set_theme(old_theme.name)
        m.set_zoom(old_zoom)
    sc.apply({"dataset": "blobs"})                            # softmax: the class colours
    qtbot.wait(30)
    assert bar.texts()[:3] == ["class 1", "class 2", "class 3"]
    from nnviz.ui.plots_base import CLASS_LEVELS, classes_lut
    lut = classes_lut(3)
    assert np.array_equal(bar.strip_colours(), lut[[CLASS_LEVELS * c + CLASS_LEVELS - 1
                                                     for c in range(3)]])
    sc.apply({"dataset": "plane"})                            # regression: the output's value
    qtbot.wait(30)
    assert sc.session.net.layers[-1].activation == "linear"
    assert bar.texts()[0] == "≤ −1" and bar.texts()[2] == "≥ 1" and "o = 0" in bar.texts()[1]


def test_loss_legend_stays_above_the_curves(sc, main_window, qtbot):
    """The legend covered the newest part of the curves (top right, inside the plot): it
    now sits above the plot area, whole, in type as large as the tick labels."""
    lp = sc.loss_plot
    for projector in (False, True):
        if projector:
            ctx = projector_window(main_window, (1280, 720))
            ctx.__enter__()
            sc.run_steps(60)
            qtbot.wait(80)
        try:
            legend = lp.legend.sceneBoundingRect()
            vb = lp.plot.getViewBox().sceneBoundingRect()
            assert lp.legend.isVisible() and legend.height() > 0
            assert legend.bottom() <= vb.top() + 0.5            # above the plot area
            view = lp.plot.getViewBox()
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
        finally:
            if projector:
                ctx.__exit__(None, None, None)


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
