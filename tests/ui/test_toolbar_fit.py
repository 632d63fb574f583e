"""Small windows (1280×800) and projector type: the progress figures (epoch, loss, accuracy)
stay visible (at the right of the toolbar when they fit, else in the status bar, never behind
the toolbar's overflow button), the side panels get their share of the width, and nothing
pushes the window wider than the screen."""

from __future__ import annotations


def test_progress_moves_to_the_status_bar_in_a_small_window(main_window, qtbot):
    sc = main_window.open_scenario("regularization")
    sc.run_steps(30)
    qtbot.wait(20)                                # the player bar is laid out
    main_window.resize(1920, 1080)
    qtbot.waitUntil(lambda: main_window.stats_label.isVisible(), timeout=2000)
    text = main_window.stats_label.text()
    assert text.split("   ")[0].endswith(("epoch", "epochs")) \
        and not main_window.stats_status.isVisible()
    # just too narrow for the figures beside the controls (the width that is depends on
    # the figures' length)
    need = sum(w.sizeHint().width() for w in (main_window.scenario_box,
                                               main_window.player_area,
                                               main_window.stats_label))
    main_window.resize(min(1280, need - 20), 800)
    qtbot.waitUntil(lambda: main_window.stats_status.isVisible()
                    and not main_window.stats_label.isVisible(), timeout=2000)
    assert main_window.stats_status.text() == text
    tb = main_window.toolbar
    assert all(w.geometry().right() <= tb.width() for w in (main_window.scenario_box,
                                                             main_window.player_area))
    # a long message ends in "…" a gap before the figures (it was cut off mid-word
    # against them: "…a data set, live2 epochs"), the whole of it in the tooltip
    bar = main_window.statusBar()
    long = "A long message about the scenario, " * 8
    bar.showMessage(long)
    room = bar.message_rect()
    assert room.right() + 8 < main_window.stats_status.x()
    shown = bar.shown_message()
    assert shown.endswith("…") and bar.fontMetrics().horizontalAdvance(shown) <= room.width()
    assert bar.toolTip() == long
    bar.showMessage("Short.")
    assert bar.shown_message() == "Short." and bar.toolTip() == ""
    img = bar.grab().toImage()                    # the message is written (dark ink on the left)
    ink = [img.pixelColor(x, y).lightness() for x in range(0, 60) for y in range(img.height())]
    assert min(ink) < 100
    main_window.open_scenario(None)               # the start page: no figures anywhere
    assert not main_window.stats_status.isVisible()


def test_side_panels_get_their_share_of_the_width(main_window, qtbot):
    main_window.resize(1280, 800)
    main_window.open_scenario("activations")
    plots = main_window.plots_dock
    from nnviz.ui.window_fit import PLOTS_SHARE as share
    qtbot.waitUntil(lambda: plots.width() >= int(1280 * share) - 8, timeout=2000)
    main_window.projector.set_active(True)       # larger type: nothing may push the window
    qtbot.wait(120)                               # wider than the screen
    assert main_window.minimumSizeHint().width() <= 1280
    assert plots.width() >= int(main_window.width() * share) - 8
    main_window.projector.set_active(False)


def test_every_scenario_fits_a_1024_wide_screen(main_window, qtbot):
    """XGA projectors are 1024×768: no scenario may hold the window wider (gradient descent
    was 1191 px for one long model name in a combo box, softmax 1127, McCulloch–Pitts 1078),
    and a squeezed softmax view keeps its map and its network usable.

    The same walk checks (they had each walked every scenario again) that no scenario
    panel needs a horizontal scroll bar at 1024×768 (the MLP panel needed 414 px in a
    254-px dock: four feature buttons and a layer's name, −, + and activation side by side,
    its text and buttons cut off at the right), and that every number box names its range
    in its tooltip (a value typed out of range is brought into it, −5 became 5 and 1e6
    became 100, with no reason given)."""
    from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QSpinBox

    from nnviz import scenarios
    main_window.resize(1024, 768)
    wide, boxes = [], 0
    for name in scenarios.names():
        sc = main_window.open_scenario(name)
        qtbot.wait(60)
        area = main_window.controls_dock.widget()
        if area.horizontalScrollBar().isVisible():
            wide.append((name, area.widget().minimumSizeHint().width(),
                         area.viewport().width()))
        panel = area.widget()
        for box in panel.findChildren(QSpinBox) + panel.findChildren(QDoubleSpinBox):
            assert "from " in box.toolTip() and " to " in box.toolTip(), (name, box.toolTip())
            boxes += 1
        assert main_window.minimumSizeHint().width() <= 1024, name
        for box in main_window.controls_dock.widget().findChildren(QComboBox):
            longest = max(box.fontMetrics().horizontalAdvance(box.itemText(i))
                          for i in range(box.count()))
            assert box.view().minimumWidth() >= longest, (name, box.currentText())
        if name == "softmax":
            qtbot.waitUntil(lambda: main_window.width() <= 1024)
            assert sc.map.width() >= 240
            xs = [col.x for col in sc.canvas.net_layout.columns]
            assert min(b - a for a, b in zip(xs, xs[1:])) > 3 * sc.canvas.net_layout.radius
    assert not wide
    assert boxes >= 5


def test_progress_figures_belong_to_the_open_scenario(main_window, qtbot):
    """Opening a scenario shows its own figures at once: XOR's were blank until its first
    update, and a scenario without figures kept the last one's."""
    mlp = main_window.open_scenario("mlp")
    mlp.run_steps(50)
    qtbot.wait(20)
    before = main_window.stats_label.text()
    assert before.startswith(f"{mlp.session.epoch} epochs") and mlp.session.epoch > 0
    xor = main_window.open_scenario("xor")
    xor.show_page(1)                                       # the learned network's page
    loss, acc = xor.session.evaluate()
    assert main_window.stats_label.text() == (f"0 epochs   loss {loss:.4f}   "
                                              f"acc {100 * acc:.0f}%")
    gd = main_window.open_scenario("gradient-descent")    # its figures come with its paths
    assert "epochs" not in main_window.stats_label.text()
    gd.settle()                                        # (the animation ends)
    assert main_window.stats_label.text().startswith(f"{gd.state['steps']} steps   loss ")


def test_canvas_header_names_the_sample_or_the_batch(main_window, qtbot):
    """Online updates: 'one sample (x = (0, 1))', not 'sample 1 of 1'; a mini-batch's
    update is a mean over the batch: the header says so instead of naming its last sample.
    The sample is named as its scenario knows it: XOR's by its inputs (the truth table's
    row), the playground's as a point of its data set."""
    xor = main_window.open_scenario("xor")
    xor.player.step_forward()
    tr = xor.player.trace
    x = xor.session.X[int(tr.sample_index[0]) if tr.sample_index is not None else 0]
    assert f"one sample (x = ({int(x[0])}, {int(x[1])}))" in xor.canvas.header_text()
    mlp = main_window.open_scenario("mlp")
    p = mlp.player
    p.set_granularity("layer")
    p.step_forward()
    row = int(p.trace.sample_index[0]) + 1
    assert f"sample 1 of {p.trace.batch_size} (point {row})" in mlp.canvas.header_text()
    while p.event.phase != "update":
        p.step_forward()
    assert mlp.canvas.header_text().endswith(f"the batch of {p.trace.batch_size} samples")


def test_check_boxes_under_the_plane_go_one_under_the_other_when_narrow(main_window, qtbot):
    """In projector type on a 1280×720 screen the second check box under the playground's
    plane was cut off at the window's edge ("Show test data (dark ri")."""
    sc = main_window.open_scenario("mlp")
    plot = sc.boundary
    boxes = (plot.discretize_box, plot.test_box)
    main_window.resize(1600, 1000)
    qtbot.waitUntil(lambda: boxes[1].isVisible())
    qtbot.waitUntil(lambda: boxes[0].y() == boxes[1].y())            # room: side by side
    main_window.projector.set_active(True)
    try:
        main_window.setWindowState(main_window.windowState()
                                   & ~main_window.windowState().WindowFullScreen)
        main_window.resize(1280, 720)
        qtbot.waitUntil(lambda: boxes[1].y() > boxes[0].y(), timeout=2000)   # stacked
        dock = main_window.plots_dock
        for b in boxes:
            right = b.mapTo(dock, b.rect().topRight()).x()
            assert right <= dock.width(), (b.text(), right, dock.width())
            assert b.width() >= b.sizeHint().width()
    finally:
        main_window.projector.set_active(False)


def test_a_hidden_check_box_takes_no_width(qapp):
    """XOR has no test data: its hidden 'Show test data' box still held the input plane
    as wide as its text (the hidden-space plot beside it shrank to 95 px in projector
    type)."""
    from PySide6.QtWidgets import QCheckBox

    from nnviz.ui.window_fit import WrapRow
    a, b = QCheckBox("Discretize output"), QCheckBox("Show test data (dark rims) " * 3)
    row = WrapRow([a, b])
    assert row.minimumSizeHint().width() >= b.minimumSizeHint().width()
    b.hide()
    assert row.minimumSizeHint().width() < b.minimumSizeHint().width()
    row.deleteLater()


def test_toolbar_figures_follow_training_in_every_network_scenario(main_window, qtbot):
    """Regularization and Gradients emitted their figures only from run_steps: while the
    player trained to epoch 1000 the toolbar still read '0 epochs, loss 0.7444'."""
    for name in ("regularization", "gradients"):
        sc = main_window.open_scenario(name)
        before = main_window.stats_label.text()
        sc.player.set_granularity("epoch")
        for _ in range(3):
            sc.player.step_forward()
        sc.player.pause()
        want = sc.session.stats()
        qtbot.waitUntil(lambda b=before: main_window.stats_label.text() != b, timeout=2000)
        assert main_window.stats_label.text().startswith(f"{want['epoch']} epoch")


def test_player_stays_in_the_toolbar_after_switching_scenarios_in_projector_type(
        main_window, qtbot):
    """On a 1280×800 projector the scenario list grew back to its full width when another
    scenario opened and pushed the whole player (▶▶ train too) into the toolbar's » menu."""
    from PySide6.QtCore import Qt
    main_window.open_scenario("mlp")
    main_window.projector.set_active(True)
    try:
        main_window.setWindowState(Qt.WindowState.WindowNoState)
        main_window.resize(1280, 800)
        for name in ("xor", "mlp", "softmax"):
            main_window.open_scenario(name)
            qtbot.waitUntil(lambda: main_window._player_bar is not None
                            and main_window._player_bar.isVisible(), timeout=2000)
            right = main_window.player_area.geometry().right()
            assert right <= main_window.toolbar.width(), name
    finally:
        main_window.projector.set_active(False)


def test_restore_notice_wraps_instead_of_widening_the_window(main_window, qtbot):
    """The 'did not close cleanly' notice did not wrap: in projector type it held the
    window 1190 px wide on a 1024×768 projector."""
    from PySide6.QtCore import Qt
    main_window.open_scenario("mlp")
    main_window.notice.show()
    main_window.projector.set_active(True)
    try:
        main_window.setWindowState(Qt.WindowState.WindowNoState)
        main_window.resize(1024, 768)
        qtbot.wait(30)
        assert main_window.notice.minimumSizeHint().width() <= 1024
        assert main_window.minimumSizeHint().width() <= 1024
    finally:
        main_window.projector.set_active(False)
        main_window.notice.hide()


def test_a_1024_projector_gets_a_compact_player_in_the_toolbar(main_window, qtbot):
    """On a 1024×768 projector the player bar (five step sizes, the speed, ▶▶ train) was
    wider than the toolbar could hold: all of it went behind the » button. It goes
    compact there (the step sizes in one list) and stays in view; at 1600 px it is whole."""
    from ..scenarios.panels import pick
    from .screens import projector_window
    main_window.open_scenario("xor")
    with projector_window(main_window, (1024, 768)):
        qtbot.waitUntil(lambda: main_window.width() == 1024, timeout=2000)
        bar = main_window._player_bar
        qtbot.waitUntil(lambda: bar.isVisible(), timeout=2000)
        assert bar.compact and bar.granularity_box.isVisible()
        assert not any(b.isVisible() for b in bar.granularity_buttons.values())
        assert main_window.player_area.geometry().right() <= main_window.toolbar.width()
        assert bar.train_button.isVisible() and bar.forward_button.isVisible()
        box = bar.granularity_box                 # choose a step size from the list
        pick(qtbot, box, "layer")
        qtbot.waitUntil(lambda: main_window.scenario.player.granularity == "layer",
                        timeout=2000)
        main_window.scenario.player.set_granularity("epoch")    # and it follows the player
        assert box.currentData() == "epoch"
        main_window.resize(1600, 900)
        qtbot.waitUntil(lambda: not bar.compact, timeout=2000)
        assert all(b.isVisible() for b in bar.granularity_buttons.values())
        assert not box.isVisible()


def test_zooming_in_keeps_the_player_in_the_toolbar(main_window, qtbot):
    """Zooming in on a 1024-px window left the whole player behind the toolbar's » button
    (the bar was fitted again only on a resize)."""
    from nnviz.ui import zoom
    main_window.open_scenario("mlp")
    main_window.resize(1024, 768)
    qtbot.waitUntil(lambda: main_window.width() == 1024, timeout=2000)
    try:
        zoom.set_zoom(1.3)
        bar = main_window._player_bar
        qtbot.waitUntil(lambda: bar.compact and main_window.player_area.isVisible(),
                        timeout=2000)
        assert main_window.player_area.geometry().right() <= main_window.toolbar.width()
    finally:
        zoom.set_zoom(1.0)
