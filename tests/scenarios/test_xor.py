"""The XOR scenario driven by its real controls, checked against the engine."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QPushButton

from nnviz.engine import Network, Trainer
from nnviz.scenarios.xor_model import DEFAULTS, UPDATES, X_XOR, Y_XOR, hand_built

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def sc(open_scenario, qtbot):
    s = open_scenario("xor")
    qtbot.waitExposed(s.canvas.window())
    return s


def choose(qtbot, combo, data):
    """Pick the item holding `data` in a real combo box with the keyboard."""
    combo.setFocus()
    target = combo.findData(data)
    assert target >= 0
    while combo.currentIndex() != target:
        key = Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)


def table_values(table):
    t = table.table
    return np.array([[float(t.item(r, c).text()) for c in range(t.columnCount() - 1)]
                     for r in range(t.rowCount())])


def test_hand_built_truth_table_is_the_engines_and_follows_edits(sc, qtbot):
    net = hand_built("and-not")
    _, acts = net.forward_all(X_XOR)
    shown = table_values(sc.hand_table)
    assert np.array_equal(shown[:, :2], X_XOR)
    assert np.array_equal(shown[:, 2:4], acts[1])
    assert np.array_equal(shown[:, 4], acts[2][:, 0])
    assert "θ = 0.5" in sc.hand_table.rules.text().replace("\xa0", " ")   # (no-break spaces)
    # an edit of the output unit's bias (threshold 0.5 → 1.5) turns OR into AND: all zeros
    sc.hand_session.set_weight(1, 0, -1, -1.5)
    assert np.array_equal(table_values(sc.hand_table)[:, 4], [0, 0, 0, 0])
    assert "✗" in {sc.hand_table.table.item(r, 6).text() for r in range(4)}
    # the other preset, chosen in the real combo box
    choose(qtbot, sc._preset_box, "or-nand")
    _, acts = hand_built("or-nand").forward_all(X_XOR)
    assert np.array_equal(table_values(sc.hand_table)[:, 2:4], acts[1])


def test_hidden_space_points_are_the_hidden_activations(sc, qtbot):
    sc.run_steps(400)
    qtbot.wait(40)
    plot = sc.plots.hidden
    plot.refresh()
    _, acts = sc.session.net.forward_all(X_XOR)
    assert np.array_equal(plot.positions, acts[1])
    xs, ys = plot.points.getData()
    assert np.allclose(xs, acts[1][:, 0]) and np.allclose(ys, acts[1][:, 1])
    # the output unit's line is w1·h1 + w2·h2 + b = 0 for the engine's output weights
    lx, ly = plot.line.getData()
    W, b = sc.session.net.layers[1].W[0], sc.session.net.layers[1].b[0]
    assert np.allclose(W[0] * lx + W[1] * ly + b, 0, atol=1e-9)
    # the decision boundary shows the engine's outputs on the grid
    _, _, grid = sc.session.grid_activations(100)
    sc.plots.boundary.refresh()
    assert np.array_equal(sc.plots.boundary.outputs, grid[-1])


def test_training_with_the_train_button_moves_the_points(sc, qtbot, main_window):
    before = sc.plots.hidden.positions.copy()
    bar = main_window._player_bar
    qtbot.mouseClick(bar.train_button, LEFT)
    assert sc.player.training and sc._tabs.currentIndex() == 1
    qtbot.waitUntil(lambda: sc.session.epoch > 200, timeout=5000)
    qtbot.mouseClick(bar.train_button, LEFT)
    assert not sc.player.training
    qtbot.wait(40)
    sc.plots.hidden.refresh()
    after = sc.plots.hidden.positions
    assert not np.allclose(before, after)
    assert np.array_equal(after, sc.session.net.forward_all(X_XOR)[1][1])
    assert len(sc.session.history["epoch"]) >= 1


def test_new_start_and_same_start(sc, qtbot):
    w0 = sc.session.net.layers[0].W.copy()
    seed = sc.settings["seed"]
    sc.run_steps(100)
    qtbot.mouseClick(sc._restart_button, LEFT)
    assert sc.session.epoch == 0
    assert np.array_equal(sc.session.net.layers[0].W, w0)
    qtbot.mouseClick(sc._new_button, LEFT)
    assert sc.settings["seed"] == seed + 1 and sc._seed_box.value() == seed + 1
    expected, _ = _trainer(seed + 1)
    assert np.array_equal(sc.session.net.layers[0].W, expected.layers[0].W)
    choose(qtbot, sc._hidden_box, 3)
    assert sc.session.net.sizes == [2, 3, 1]
    assert sc.plots.axes_box.count() == 3


def _trainer(seed, **settings):
    """The engine trainer the scenario builds for these settings (defaults otherwise)."""
    s = {**DEFAULTS, **settings}
    net = Network.build([2, s["hidden"], 1], hidden="sigmoid", output="sigmoid", init="xavier",
                        seed=seed)
    return net, Trainer(net, loss=s["loss"], lr=s["lr"], batch_size=UPDATES[s["updates"]][1],
                        seed=seed)


def _stuck_seed():
    """A seed whose start the engine cannot take to a solution (found, not assumed)."""
    for seed in range(DEFAULTS["seed"], DEFAULTS["seed"] + 40):
        net, tr = _trainer(seed)
        tr.train_steps(X_XOR, Y_XOR, 4000)
        if not np.all((net.forward(X_XOR)[:, 0] > 0.5) == (Y_XOR[:, 0] > 0.5)):
            return seed
    pytest.fail("no stuck start among 40 seeds")


def test_default_settings_learn_xor_within_a_few_hundred_epochs(sc, qtbot):
    # the defaults: online updates, one sample at a time, as in the classic algorithm
    assert sc._updates_box.currentData() == "online"
    assert sc.session.trainer.batch_size == 1
    sc.run_steps(200)                      # 200 updates = 50 epochs: already moving
    assert sc.session.epoch == 50
    assert sc.session.history["loss"][-1] < 0.9 * sc.session.history["loss"][0]
    sc.run_steps(1000)                     # 300 epochs in all
    assert sc.last_verdict == "solved" and "Solved" in sc._verdict.text()
    _, acc = sc.session.evaluate()
    assert acc == 1.0
    # the loss curve is recorded at whole epochs
    assert all(e > 0 for e in sc.session.history["epoch"])
    # the same engine run outside the app gives the same weights
    net, tr = _trainer(DEFAULTS["seed"])
    tr.train_steps(X_XOR, Y_XOR, 1200)
    assert np.array_equal(net.layers[0].W, sc.session.net.layers[0].W)


def test_full_batch_updates_chosen_in_the_combo(sc, qtbot):
    choose(qtbot, sc._updates_box, "batch")
    assert sc.session.trainer.batch_size is None and sc.settings["updates"] == "batch"
    sc.run_steps(10)
    assert sc.session.epoch == 10          # one update per epoch
    net, tr = _trainer(sc.settings["seed"], updates="batch")
    tr.train_steps(X_XOR, Y_XOR, 10)
    assert np.array_equal(net.layers[1].W, sc.session.net.layers[1].W)


def test_a_stuck_start_is_detected_and_said_in_words(sc, qtbot):
    seed = _stuck_seed()
    sc._seed_box.setValue(seed)
    sc.run_steps(4000)
    assert sc.last_verdict == "stuck"
    assert "Stuck" in sc._verdict.text()
    qtbot.mouseClick(sc._restart_button, LEFT)
    sc._seed_box.setValue(DEFAULTS["seed"])
    sc.run_steps(4000)
    assert sc.last_verdict == "solved" and "Solved" in sc._verdict.text()


def test_truth_table_is_compact_beside_the_canvas(sc, qtbot):
    sc.show_page(1)
    qtbot.wait(40)
    table = sc.table
    caption = table.layout().itemAt(0).widget()
    # the caption sits right above the table, and the table shows every column unclipped
    gap = table.table.geometry().top() - caption.geometry().bottom()
    assert 0 <= gap <= 12
    t = table.table
    assert t.horizontalScrollBar().maximum() == 0
    for c in range(t.columnCount() - 1):
        text = t.item(0, c).text()
        assert t.fontMetrics().horizontalAdvance(text) < t.columnWidth(c)
    # the canvas gets most of the height; the formula panel, idle, only its hint's, and
    # with a step to show, room for it
    sizes = sc.splitter.sizes()
    assert sizes[0] > 2.5 * sizes[1]
    sc.player.step_forward()
    sc.player.pause()
    qtbot.wait(40)
    sizes = sc.splitter.sizes()
    assert sizes[0] > 2.5 * sizes[1] and sizes[1] >= 110


def test_state_round_trip_and_bad_state(sc, qtbot):
    sc._seed_box.setValue(5)
    sc.run_steps(300)
    state = json.loads(json.dumps(sc.get_state()))
    sc.new_start()
    sc.run_steps(50)
    sc.load_state(state)
    assert json.loads(json.dumps(sc.get_state())) == state
    for bad in ({"lr": -1}, {"hidden": 7}, {"net": {"layers": "x"}}, {"colour": 1},
                {"history": {"epoch": [1]}}, {"net": Network.build([2, 5, 1]).to_dict()}):
        with pytest.raises(ValueError):
            sc.load_state({"seed": 9, **bad})
        assert json.loads(json.dumps(sc.get_state())) == state


def test_screenshots_of_both_parts_differ(sc, qtbot, main_window):
    a = main_window.grab().toImage()
    sc.run_steps(500)
    qtbot.wait(40)
    b = main_window.grab().toImage()
    assert a != b
    colours = {a.pixel(x, y) for x in range(0, a.width(), 37) for y in range(0, a.height(), 29)}
    assert len(colours) > 20
    assert isinstance(sc.named_controls["new_start"], QPushButton)


def test_table_goes_beside_the_canvas_when_wide_and_below_when_narrow(qtbot):
    from PySide6.QtWidgets import QLabel, QWidget

    from nnviz.scenarios.xor_layout import CanvasWithTable
    host = CanvasWithTable()
    qtbot.addWidget(host)
    canvas, table = QWidget(), QLabel("truth table")
    host.set_widgets(canvas, table)
    host.resize(1200, 600)
    host.show()
    qtbot.waitExposed(host)
    area = host.table_area   # the table sits in a scroll area (a short window scrolls it)
    assert area.widget() is table
    qtbot.waitUntil(lambda: area.geometry().left() >= canvas.geometry().right())
    assert canvas.width() > 2 * table.width()
    host.resize(400, 700)
    qtbot.waitUntil(lambda: area.geometry().top() >= canvas.geometry().bottom())
    assert canvas.width() >= 390


def test_planes_go_side_by_side_in_a_short_panel(sc, qtbot):
    """Projector type on a 1280×800 screen leaves the plots panel short: the hidden space
    and the input plane then sit side by side under short titles (stacked, each was
    squeezed to a sliver with its axis titles overlapping); a tall panel stacks them."""
    from nnviz.scenarios.xor_views import XorPlots
    plots = XorPlots(sc.session, True)
    qtbot.addWidget(plots)
    need = XorPlots.SIDE_BY_SIDE_LINES * plots.fontMetrics().lineSpacing()
    plots.resize(480, int(need * 2))
    plots.show()
    qtbot.waitExposed(plots)
    qtbot.waitUntil(lambda: not plots.side_by_side
                    and plots.boundary.geometry().top() >= plots.hidden.geometry().bottom())
    assert "hidden unit 1" in plots.hidden.plot.getAxis("bottom").labelText
    plots.resize(480, int(need * 0.8))
    qtbot.waitUntil(lambda: plots.side_by_side
                    and plots.boundary.geometry().left() >= plots.hidden.geometry().right())
    assert "Hidden space" in plots.hidden_title.text() and "each" not in plots.hidden_title.text()
    assert plots.hidden.plot.getAxis("bottom").labelText == "h₁"
    assert plots.hidden_title.geometry().bottom() <= plots.hidden.geometry().top() + 1
    assert plots.plane_title.geometry().bottom() <= plots.boundary.geometry().top() + 1


def test_truth_table_shows_every_row_in_projector_type(main_window, qtbot):
    """Projector type grows the table's cells after it was first laid out: its box kept the
    first size and showed two and a half rows behind scroll bars."""
    main_window.resize(1920, 1080)
    main_window.projector.set_active(True)
    try:
        sc = main_window.open_scenario("xor")
        sc.show_page(1)
        host = sc.table.parentWidget()
        while host is not None and not hasattr(host, "table_area"):
            host = host.parentWidget()
        area = host.table_area
        table = sc.table.table                     # the grid of numbers inside
        qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() == 0
                        and area.horizontalScrollBar().maximum() == 0
                        and area.viewport().height() >= table.height(), timeout=3000)
        assert table.height() >= 5 * table.rowHeight(0)    # the header and all four rows
    finally:
        main_window.projector.set_active(False)


def test_point_labels_stay_inside_the_hidden_space_plot(sc, qtbot):
    """Each input's label, e.g. (0, 1), sits beside its point and inside the plot (in large
    type on a small plot it ran off the left edge); on a plot too small for them they hide."""
    from nnviz.scenarios.xor_views import XorPlots
    plots = XorPlots(sc.session, True)
    qtbot.addWidget(plots)
    hidden = plots.hidden
    counts = []
    for size in ((520, 1100), (300, 500)):
        plots.resize(*size)
        plots.show()
        qtbot.wait(60)
        vb = hidden.plot.getViewBox()
        box = vb.sceneBoundingRect()
        shown = [t for t in hidden._texts if t.isVisible()]
        names = [n for t in shown for n in t.toPlainText().split("\n")]   # close points
        counts.append(len(names))                                          # share a label
        room = hidden._label_px * 1.15 + 8
        assert len(names) == (4 if room < hidden.LABELS_MAX_SHARE * min(vb.width(),
                                                                         vb.height()) else 0)
        for text in shown:
            r = text.sceneBoundingRect()
            assert box.contains(r), (size, text.toPlainText(), r, box)
    assert counts == [4, 0]


def _hand_plots(sc, qtbot):
    """The hand-built network's plots panel, shown tall (room for every label)."""
    from nnviz.scenarios.xor_views import XorPlots
    plots = XorPlots(sc.hand_session, False)
    qtbot.addWidget(plots)
    plots.resize(520, 1100)
    plots.show()
    qtbot.wait(60)
    return plots


def test_inputs_on_the_same_hidden_point_share_one_label(sc, qtbot):
    """The hand-built network sends (0, 0) and (1, 1) to the same hidden point (0, 0): one
    label names both, one above the other (two labels drawn over each other could not be
    read); an edit that moves other points together merges theirs instead."""
    plots = _hand_plots(sc, qtbot)
    hidden = plots.hidden
    shown = {t.toPlainText() for t in hidden._texts if t.isVisible()}
    assert shown == {"(0, 0)\n(1, 1)", "(0, 1)", "(1, 0)"}
    box = hidden.plot.getViewBox().sceneBoundingRect()
    assert all(box.contains(t.sceneBoundingRect()) for t in hidden._texts if t.isVisible())
    sc.hand_session.set_weight(0, 0, 1, 0.0)    # h₁ = x₁ alone: (1, 1) joins (1, 0)
    qtbot.wait(60)
    shown = {t.toPlainText() for t in hidden._texts if t.isVisible()}
    assert shown == {"(0, 0)", "(0, 1)", "(1, 0)\n(1, 1)"}


def test_each_label_sits_beside_its_own_point_clear_of_the_others(sc, qtbot):
    """Close points (the learned network's start: all four near (0.5, 0.5)) shared one
    label, three names stacked beside the middle of a diamond of dots, so no name could be
    matched to its dot: now each label is nearest its own point (or joined to it by a
    line), and no label covers another label or a point."""
    from nnviz.scenarios.xor_views import XorPlots
    plots = XorPlots(sc.session, True)
    qtbot.addWidget(plots)
    plots.resize(520, 1100)
    plots.show()
    qtbot.wait(60)
    hidden = plots.hidden
    p = np.array([[0.48, 0.47], [0.56, 0.35], [0.62, 0.58], [0.70, 0.42]])
    vb = hidden.plot.getViewBox()
    lo, hi = hidden._shown_range
    hidden._place_labels(p, lo, hi, 8.0)       # these positions, on the plot as drawn
    shown = [t for t in hidden._texts if t.isVisible()]
    assert sorted(t.toPlainText() for t in shown) == ["(0, 0)", "(0, 1)", "(1, 0)", "(1, 1)"]
    rects = [t.mapRectToItem(vb.childGroup, t.boundingRect()) for t in shown]
    dots = [QRectF(x - 0.01, y - 0.01, 0.02, 0.02) for x, y in p]
    for k, (text, r) in enumerate(zip(shown, rects)):
        own = hidden._labels.index(text.toPlainText())
        centre = np.array([r.center().x(), r.center().y()])
        d = np.hypot(*(p - centre).T)
        lines = hidden._leader_item.getData()
        joined = lines[0] is not None and len(lines[0]) and any(
            np.hypot(lines[0][m] - p[own][0], lines[1][m] - p[own][1]) < 0.05
            for m in range(len(lines[0])))
        assert d.argmin() == own or joined, (text.toPlainText(), d)
        for m, other in enumerate(rects):
            if m != k:
                assert not r.intersects(other), (text.toPlainText(), shown[m].toPlainText())
        for dot in dots:
            assert not r.contains(dot.center())


def test_side_views_keep_the_weights_until_the_step_shows_its_update(sc, qtbot, main_window):
    """Stepping through one update, the truth table, the toolbar and the loss history show
    the network from before it (as the canvas does) until the player reaches the update;
    then the new weights."""
    import copy

    bar = main_window._player_bar
    qtbot.mouseClick(bar.granularity_buttons["layer"], LEFT)
    player, session = sc.player, sc.session

    def outputs(W, b, hidden=False):
        net = copy.deepcopy(session.net)
        for layer, w_k, b_k in zip(net.layers, W, b):
            layer.W, layer.b = w_k.copy(), b_k.copy()
        return net.forward_all(X_XOR)[1][1] if hidden else net.forward(X_XOR)[:, 0]

    def table_y():
        return table_values(sc.table)[:, 4]

    def hidden_drawn():           # redrawn now, as after a resize or a tab switch
        sc.plots.hidden._dirty = True
        sc.plots.hidden.refresh()
        return sc.plots.hidden.positions

    for step in range(4):                # online updates: the 4th ends the first epoch
        qtbot.mouseClick(bar.forward_button, LEFT)
        while player.trace.step_index != step:     # the rest of the last step's groups
            qtbot.mouseClick(bar.forward_button, LEFT)
        tr = player.trace
        before, after = outputs(tr.W_before, tr.b_before), outputs(tr.W_after, tr.b_after)
        assert not np.allclose(np.round(before, 2), np.round(after, 2))
        assert np.allclose(table_y(), before, atol=0.006)       # shown with 2 decimals
        assert np.allclose(hidden_drawn(), outputs(tr.W_before, tr.b_before, hidden=True))
        assert len(session.history["epoch"]) == 0
        while player.event.phase != "update":
            qtbot.mouseClick(bar.forward_button, LEFT)
            if player.event.phase != "update":
                assert np.allclose(table_y(), before, atol=0.006)
        assert np.allclose(table_y(), after, atol=0.006)
        assert np.allclose(hidden_drawn(), outputs(tr.W_after, tr.b_after, hidden=True))
        assert len(session.history["epoch"]) == (1 if step == 3 else 0)
    assert main_window.stats_label.text().startswith("1 epoch ")
    # stepping back restores the earlier weights, and the views show them at once
    qtbot.mouseClick(bar.back_button, LEFT)
    while player.trace is not None and player.trace.step_index == 3:
        qtbot.mouseClick(bar.back_button, LEFT)
    assert np.allclose(table_y(), outputs(player.trace.W_after, player.trace.b_after),
                       atol=0.006)


def test_toolbar_figures_follow_the_page_shown(main_window, qtbot):
    """The hand-built page showed the learned network's 'acc 50%' beside its own perfect
    truth table: the toolbar now gives the figures of the network on the page shown (the
    hand-built one has no epochs), and follows a hand edit."""
    sc = main_window.open_scenario("xor")
    sc.show_page(0)
    label = main_window.stats_label
    assert label.text() == "hand-built network   loss 0.0000   acc 100%"
    sc.hand_session.set_weight(1, 0, 0, -1.0)          # the output unit ignores h₁ now
    loss, acc = sc.hand_session.evaluate()
    assert acc < 1.0 and label.text() == (f"hand-built network   loss {loss:.4f}   "
                                          f"acc {100 * acc:.0f}%")
    qtbot.mouseClick(sc._tabs.tabBar(), Qt.MouseButton.LeftButton,
                     pos=sc._tabs.tabBar().tabRect(1).center())
    assert sc.settings["page"] == 1
    loss, acc = sc.session.evaluate()
    assert label.text() == f"0 epochs   loss {loss:.4f}   acc {100 * acc:.0f}%"
    sc.run_steps(8)
    assert label.text().startswith("2 epochs ")


def test_a_1280x720_projector_window_keeps_its_height_on_both_pages(sc, main_window, qtbot):
    """The hidden page's plots, stacked as when they were built, made the plots panel
    ask for 600 px: the window grew to 736 px on a 720-px projector (its bottom cut off
    in full screen). Each page now asks only for what it needs at the panel's size."""
    from ..ui.screens import projector_window
    with projector_window(main_window, (1280, 720)):
        qtbot.wait(50)
        assert main_window.height() == 720
        bar = sc._tabs.tabBar()
        for page in (1, 0, 1):
            qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(page).center())
            qtbot.waitUntil(lambda p=page: sc.settings["page"] == p, timeout=2000)
            qtbot.wait(50)
            assert main_window.height() == 720, page
            assert main_window.minimumSizeHint().height() <= 720


def test_stepping_on_the_hand_built_page_says_why_it_switches(main_window, qtbot):
    """▶ on the hand-built page went to the learned page without a word."""
    sc = main_window.open_scenario("xor")
    sc.show_page(0)
    said = []
    sc.status_message.connect(said.append)
    sc.player.step_forward()
    sc.player.pause()
    assert sc.settings["page"] == 1
    assert any("does not learn" in m for m in said)
