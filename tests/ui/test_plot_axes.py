"""Plot axes show the numbers themselves: pyqtgraph may scale tick labels by a power of a
thousand (an axis from 0 to 0.15 labelled 0, 50, 100, 150) and, with our axes' SI prefix
turned off, say so nowhere; a loss of 0.11 then read as 110 on the projector.

(That no plot is held wider than its widget and that no bottom axis's labels run together
is checked in every scenario by test_text_fit's walk: axes.plots_wider_than_their_widgets,
axes.bottom_labels_apart.)"""

from __future__ import annotations

import pyqtgraph as pg

from .axes import shown_axes, tick_labels


def test_every_axis_shows_unscaled_numbers(main_window, qtbot):
    from nnviz import scenarios
    seen = set()
    for name in scenarios.names():
        sc = main_window.open_scenario(name)
        sc.run_steps(40)
        for projector in (True, False):          # a restyle with small ranges showing
            main_window.projector.set_active(projector)
            qtbot.wait(30)
            axes = shown_axes(main_window)
            if axes:
                seen.add(name)
            for axis in axes:
                assert axis.autoSIPrefixScale == 1.0, (name, projector, axis.labelText)
    assert len(seen) >= 9, seen                   # all but McCulloch–Pitts plot something


def test_loss_axis_reads_the_loss_itself(main_window, qtbot):
    """The XOR loss plot after a restyle: its ticks are the losses (0.05, 0.10, ...)."""
    from nnviz.ui.plots import LossPlot
    sc = main_window.open_scenario("xor")
    sc.run_steps(200)
    main_window.projector.set_active(True)
    main_window.projector.set_active(False)
    qtbot.wait(30)
    plot = next(p for p in main_window.findChildren(LossPlot) if p.isVisible())
    axis = plot.plot.getAxis("left")
    top = plot.plot.getViewBox().viewRange()[1][1]
    assert top < 1.0                                  # a loss range under one
    spacing, values = axis.tickValues(0.0, top, 100)[0]
    strings = axis.tickStrings(values, axis.autoSIPrefixScale * axis.scale, spacing)
    assert max(float(s) for s in strings) <= top


def test_loss_axis_fits_the_first_losses(main_window, qtbot):
    """The empty plot's 0 to 1 stayed as a floor once losses came: XOR's losses of 0.13
    ran flat along the bottom. The range now fits the losses (and then never shrinks)."""
    import numpy as np

    from nnviz.ui.plots import LossPlot
    sc = main_window.open_scenario("xor")
    sc.run_steps(200)
    qtbot.wait(30)
    plot = next(p for p in main_window.findChildren(LossPlot) if p.isVisible())
    _epochs, loss, _test = plot.curves()
    top = plot.plot.getViewBox().viewRange()[1][1]
    assert np.nanmax(loss) <= top < 2 * np.nanmax(loss)
    sc.run_steps(2000)                                # lower losses: the axis stays
    qtbot.wait(30)
    assert plot.plot.getViewBox().viewRange()[1][1] == top


def test_bar_charts_label_their_zero(main_window, qtbot):
    """With a grid, pyqtgraph left out the label of a tick at the view's edge: the
    probability bars read 0.25 … 1 with no 0 under the bars."""
    for name, attr in (("softmax", "bars"), ("activations", None)):
        sc = main_window.open_scenario(name)
        sc.run_steps(20)
        qtbot.wait(30)
        if attr is None:            # the activations' softmax bars: the plots panel's plot
            plots = [a for a in shown_axes(main_window, shown_only=True)
                     if a.orientation == "left" and a.grid is not False]
        else:
            plots = [getattr(sc, attr).plot.getAxis("left")]
        texts = [t for axis in plots for _r, t in tick_labels(axis)]
        assert "0" in texts, (name, texts)


def test_left_axis_labels_keep_a_gap_on_a_short_plot(main_window, qtbot):
    """A loss plot squeezed to about 100 px stacked six labels (1.0, 0.8 … 0.0) a few
    pixels apart: a fitted vertical axis keeps a gap of half a line between labels."""
    from nnviz.ui.plots import LossPlot
    sc = main_window.open_scenario("xor")
    sc.run_steps(100)
    plot = main_window.findChild(LossPlot)
    plot.setFixedHeight(120)
    axis = plot.plot.getAxis("left")
    qtbot.waitUntil(lambda: axis.height() < 100)
    rects = sorted(tick_labels(axis), key=lambda rt: rt[0].top())
    assert len(rects) >= 2
    for (a, ta), (b, tb) in zip(rects, rects[1:]):
        assert b.top() - a.bottom() >= 0.4 * a.height(), (ta, tb, a, b)


def test_legend_entries_follow_the_zoom(main_window, qtbot):
    """A legend made at one zoom (e.g. before projector type) grows its existing entries
    with the type when the zoom changes, not only entries added later."""
    from nnviz.ui import theme
    sc = main_window.open_scenario("mlp")
    sc.run_steps(20)
    qtbot.wait(30)
    legends = [item for view in main_window.findChildren(pg.GraphicsView)
               for item in view.scene().items()
               if isinstance(item, pg.LegendItem) and item.items]
    assert legends
    heights = [label.item.boundingRect().height() for lg in legends for _s, label in lg.items]
    m = theme.manager()
    old = m.zoom
    try:
        m.set_zoom(old * 1.5)
        qtbot.wait(30)
        grown = [label.item.boundingRect().height() for lg in legends
                 for _s, label in lg.items]
        assert all(g > h * 1.3 for g, h in zip(grown, heights)), (heights, grown)
    finally:
        m.set_zoom(old)


def test_legend_made_before_the_window_shows_gets_the_projector_type(qtbot, _qt_names):
    """`nnviz --projector` turns projector type on before the window is shown: the legends'
    entries (and the best-test-loss label) kept the desktop size beside 1.5× ticks."""
    from nnviz.ui import theme
    from nnviz.ui.mainwindow import MainWindow
    window = MainWindow(remember=False)
    qtbot.addWidget(window)
    sc = window.open_scenario("regularization")
    sc.run_steps(60)
    desktop = [label.item.boundingRect().height()
               for _s, label in sc.loss_plot.legend.items]
    best = sc.best_line.label.boundingRect().height()
    window.projector.set_active(True)
    try:
        window.resize(1400, 900)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: all(
            label.item.boundingRect().height() > 1.3 * h
            for (_s, label), h in zip(sc.loss_plot.legend.items, desktop)))
        assert sc.best_line.label.boundingRect().height() > 1.3 * best
    finally:
        window.projector.set_active(False)
        window.close()
    assert theme.manager().zoom == 1.0


def test_first_epoch_shows_on_the_loss_plot(main_window, qtbot):
    """After one epoch the loss plot holds one point: it is drawn as a dot (a line needs
    two); from the second epoch on the curve is a plain line."""
    from nnviz.ui.plots import LossPlot
    sc = main_window.open_scenario("xor")
    sc.run_steps(4)                                   # online XOR: one epoch
    qtbot.wait(40)
    plot = next(p for p in main_window.findChildren(LossPlot) if p.isVisible())
    plot.refresh()
    xs, ys = plot.train_curve.getData()
    assert len(xs) == 1 and ys[0] == sc.session.history["loss"][0]
    assert plot.train_curve.opts["symbol"] == "o"
    sc.run_steps(4)
    qtbot.wait(40)
    plot.refresh()
    assert len(plot.train_curve.getData()[0]) == 2 and plot.train_curve.opts["symbol"] is None
