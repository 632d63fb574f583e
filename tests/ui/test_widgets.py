"""The canvas, formula panel and player bar, driven with real clicks and keys in a real
main window, compared with the engine's numbers."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QSpinBox

from nnviz.engine.events import BIAS, DeltaUnit, ForwardUnit, WeightUpdate
from nnviz.ui import theme
from nnviz.ui.canvas_model import fmt


def click(qtbot, widget, name):
    from PySide6.QtWidgets import QToolButton
    button = widget.findChild(QToolButton, name)
    assert button is not None, name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_buttons_step_forward_back_and_restore_weights(qtbot, demo):
    scenario, window = demo
    net = scenario.session.net
    start = [(W.copy(), b.copy()) for W, b in net.get_params()]
    click(qtbot, window, "granularity_batch")
    assert scenario.player.granularity == "batch"
    for _ in range(5):
        click(qtbot, window, "forwardButton")
    assert scenario.session.trainer.steps == 5
    for _ in range(5):
        click(qtbot, window, "backButton")
    assert scenario.session.trainer.steps == 0
    for (W0, b0), (W, b) in zip(start, net.get_params()):
        assert np.array_equal(W0, W) and np.array_equal(b0, b)
    assert not window.findChild(type(window.findChild(object, "backButton")),
                                "backButton").isEnabled()


def test_keys_play_pause_and_step(qtbot, demo):
    scenario, window = demo
    player = scenario.player
    player.set_granularity("layer")
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert player.trace is not None and player.group_position()[0] == 1
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert player.group_position()[0] == 2
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert player.group_position()[0] == 1
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert player.group_position()[0] == 2
    qtbot.keyClick(window, Qt.Key.Key_PageUp)
    assert player.group_position()[0] == 1
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert player.playing and player.timer_active
    play_button = window.findChild(object, "playButton")
    assert play_button.text() == "❚❚"
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert not player.playing and not player.timer_active
    assert play_button.text() == "▶"


def test_arrow_keys_stay_with_a_focused_spin_box(qtbot, demo):
    scenario, window = demo
    spin = window.findChild(QSpinBox, "demoSpin")
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    qtbot.keyClick(spin, Qt.Key.Key_Up)
    assert spin.value() == 4
    steps = scenario.session.trainer.steps
    qtbot.keyClick(spin, Qt.Key.Key_Right)
    qtbot.keyClick(spin, Qt.Key.Key_Left)
    assert scenario.session.trainer.steps == steps and scenario.player.trace is None


def test_speed_and_train_controls(qtbot, demo):
    scenario, window = demo
    player = scenario.player
    slider = window.findChild(object, "speedSlider")
    slider.setValue(slider.maximum())
    assert player.speed == 16
    slider.setValue(0)
    assert player.speed == 0.25
    click(qtbot, window, "trainButton")
    assert player.training and player.timer_active
    qtbot.waitUntil(lambda: scenario.session.trainer.steps > 20, timeout=5000)
    click(qtbot, window, "trainButton")
    assert not player.training and not player.timer_active


def test_canvas_shows_the_trace_numbers(qtbot, demo):
    scenario, window = demo
    canvas, player = scenario.canvas, scenario.player
    tr_weights = scenario.session.net.layers[0].W.copy()
    player.set_granularity("layer")
    player.step_forward()           # forward through layer 0 for sample 0
    tr = player.trace
    assert canvas.unit_label(1, 0) == f"z = {fmt(tr.z[0][0, 0])}"   # z first, then a
    player.pause()                  # (jumps to the end of the animation)
    for u in range(3):
        assert canvas.unit_label(1, u) == f"a = {fmt(tr.a[0][0, u])}"
    assert canvas.unit_label(2, 0) == ""         # not reached yet
    assert canvas.unit_label(0, 1) == fmt(tr.a_in[0, 1], 2)
    # before the update: edges show the old weights (the engine already has the new ones)
    assert canvas.edge_weight(0, 1, 0) == tr.W_before[0][1, 0] == tr_weights[1, 0]
    # step on to the update group and its events
    while not isinstance(player.event, WeightUpdate):
        player.step_forward()
    player.set_granularity("batch")             # show the whole step
    player.pause()
    for k in range(tr.n_layers):
        for i in range(tr.W_after[k].shape[0]):
            assert canvas.edge_weight(k, i, BIAS) == tr.b_after[k][i]
            for j in range(tr.W_after[k].shape[1]):
                assert canvas.edge_weight(k, i, j) == tr.W_after[k][i, j]


def test_edge_colours_and_widths_follow_the_weights(qtbot, demo):
    scenario, window = demo
    canvas, s = scenario.canvas, scenario.session
    s.set_weight(0, 0, 0, 2.0)
    s.set_weight(0, 1, 0, -2.0)
    s.set_weight(0, 2, 0, 0.01)
    th = theme.current()
    pos_colour, w_big = canvas.edge_style(0, 0, 0)
    neg_colour, w_neg = canvas.edge_style(0, 1, 0)
    _, w_small = canvas.edge_style(0, 2, 0)
    assert pos_colour.name() == th.positive and neg_colour.name() == th.negative
    assert w_big == w_neg > 4 * w_small
    # opaque colours only (blended toward the background, never alpha)
    assert pos_colour.alpha() == 255 and canvas.edge_style(0, 2, 0)[0].alpha() == 255


def test_click_an_edge_and_type_a_weight(qtbot, demo):
    scenario, window = demo
    canvas, net = scenario.canvas, scenario.session.net
    pt = canvas.edge_point(1, 0, 2).toPoint()
    assert canvas.target_at(canvas.edge_point(1, 0, 2)) == ("edge", 1, 0, 2)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=pt)
    editor = canvas.editor
    assert editor is not None and editor.isVisible()
    editor.field.selectAll()
    qtbot.keyClicks(editor.field, "abc")
    qtbot.keyClick(editor.field, Qt.Key.Key_Return)
    assert editor.error.isVisible() and "not a number" in editor.error.text()
    assert net.layers[1].W[0, 2] != 0.75
    editor.field.selectAll()
    qtbot.keyClicks(editor.field, "-0.75")
    qtbot.keyClick(editor.field, Qt.Key.Key_Return)
    assert net.layers[1].W[0, 2] == -0.75
    assert canvas.editor is None
    assert canvas.edge_weight(1, 0, 2) == -0.75


def test_the_weight_editor_offers_a_readable_number_and_keeps_the_exact_one(qtbot, demo):
    """The field had offered the weight's full repr ("0.25872132818593504"), running off
    it; it offers 6 significant digits, and Enter on that text keeps the exact weight."""
    scenario, window = demo
    canvas, net = scenario.canvas, scenario.session.net
    net.layers[1].W[0, 2] = w = -0.25872132818593504
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton,
                     pos=canvas.edge_point(1, 0, 2).toPoint())
    editor = canvas.editor
    assert editor.field.text() == "−0.258721"
    field = editor.field
    assert field.fontMetrics().horizontalAdvance(field.text()) < field.width()
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert net.layers[1].W[0, 2] == w and canvas.editor is None      # not rounded
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton,
                     pos=canvas.edge_point(1, 0, 2).toPoint())
    canvas.editor.field.end(False)
    qtbot.keyClick(canvas.editor.field, Qt.Key.Key_Backspace)           # edited: "−0.25872"
    qtbot.keyClick(canvas.editor.field, Qt.Key.Key_Return)
    assert net.layers[1].W[0, 2] == -0.25872


def test_an_open_weight_editor_follows_training_and_keeps_what_one_typed(qtbot, demo):
    """Training while the editor was open left the old number in it, and Enter on that
    put the old weight back over the trained one (silently undoing training)."""
    scenario, window = demo
    canvas, net = scenario.canvas, scenario.session.net
    click(qtbot, window, "granularity_batch")
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton,
                     pos=canvas.edge_point(0, 1, 0).toPoint())
    editor = canvas.editor
    before = editor.field.text()
    for _ in range(3):
        click(qtbot, window, "forwardButton")
    w = canvas.edge_weight(0, 1, 0)             # as the edge shows it (mid-step: before
    assert canvas.editor is editor and before != editor.field.text()   # its update)
    assert editor.field.text() == f"{w:.6g}".replace("-", "−")
    assert editor.field.selectedText() == editor.field.text()     # typing replaces it
    qtbot.keyClick(editor.field, Qt.Key.Key_Return)
    assert net.layers[0].W[1, 0] == w and canvas.editor is None     # trained weight kept
    # something typed stays while the weights move on, and Enter applies it
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton,
                     pos=canvas.edge_point(0, 1, 0).toPoint())
    editor = canvas.editor
    editor.field.selectAll()
    qtbot.keyClicks(editor.field, "0.125")
    click(qtbot, window, "forwardButton")
    assert canvas.editor is editor and editor.field.text() == "0.125"
    qtbot.keyClick(editor.field, Qt.Key.Key_Return)
    assert net.layers[0].W[1, 0] == 0.125
    # stepping back restores the earlier weight: the editor offers it
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton,
                     pos=canvas.edge_point(0, 1, 0).toPoint())
    editor = canvas.editor
    click(qtbot, window, "backButton")
    assert editor.field.text() == f"{canvas.edge_weight(0, 1, 0):.6g}".replace("-", "−")


def test_click_a_bias_badge_and_type(qtbot, demo):
    scenario, window = demo
    canvas, net = scenario.canvas, scenario.session.net
    pt = canvas.edge_point(0, 2, BIAS).toPoint()
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=pt)
    editor = canvas.editor
    editor.field.selectAll()
    qtbot.keyClicks(editor.field, "1.5")
    qtbot.keyClick(editor.field, Qt.Key.Key_Return)
    assert net.layers[0].b[2] == 1.5
    # Escape cancels without a change
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=pt)
    canvas.editor.field.selectAll()
    qtbot.keyClicks(canvas.editor.field, "9")
    qtbot.keyClick(canvas.editor.field, Qt.Key.Key_Escape)
    assert canvas.editor is None and net.layers[0].b[2] == 1.5


def test_drag_an_edge_to_adjust(qtbot, demo):
    scenario, window = demo
    canvas, net = scenario.canvas, scenario.session.net
    before = net.layers[0].W[1, 0]
    pt = canvas.edge_point(0, 1, 0).toPoint()
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=pt)
    qtbot.mouseMove(canvas, pt + QPoint(0, -20))
    qtbot.mouseMove(canvas, pt + QPoint(0, -40))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=pt + QPoint(0, -40))
    assert net.layers[0].W[1, 0] > before
    assert canvas.editor is None


def test_hover_card_names_the_numbers(qtbot, demo):
    from nnviz.ui.canvas_hover import card_lines
    scenario, window = demo
    canvas, player = scenario.canvas, scenario.player
    player.set_granularity("sample")
    player.step_forward()
    player.pause()
    qtbot.wait(20)       # (the formula panel takes its room for the step's formulas from
    #                      the idle hint's: the canvas is laid out anew, its units move)
    pos = canvas.unit_pos(1, 1).toPoint()
    qtbot.mouseMove(canvas, pos)
    qtbot.waitUntil(lambda: canvas._hover == ("unit", 1, 1))
    text = "\n".join(t for t, _ in card_lines(canvas, ("unit", 1, 1)))
    tr = player.trace
    assert f"z = {fmt(tr.z[0][0, 1])}" in text and f"a = {fmt(tr.a[0][0, 1])}" in text
    assert f"δ = ∂L/∂z = {fmt(tr.delta[0][0, 1])}" in text
    canvas.grab()   # paints the card without warnings


def shows(text: str, v: float) -> bool:
    """The formula gives v as a result ('=', or '≈' where the rounded numbers miss it)."""
    return f"= {fmt(v)}" in text or f"≈ {fmt(v)}" in text


def test_formula_shows_the_engine_numbers(qtbot, demo):
    scenario, window = demo
    player, panel = scenario.player, scenario.formula
    player.set_granularity("unit")
    player.step_forward()
    ev = player.event
    assert isinstance(ev, ForwardUnit)
    text = panel.plain_text()
    assert f"z = b + w₁x₁ + w₂x₂ = {fmt(ev.b)} + " in text
    assert shows(text, player.trace.z[0][0, 0])
    assert f"σ({fmt(ev.z)}) = {fmt(player.trace.a[0][0, 0])}" in text
    assert "w ← w − η·∂L/∂w" in text     # the sign convention is stated
    seen = set()
    for _ in range(400):
        player.step_forward()
        ev = player.event
        text = panel.plain_text()
        if isinstance(ev, DeltaUnit) and ev.is_output and "out" not in seen:
            seen.add("out")
            assert "δ = (o − t)·o(1 − o)" in text
            assert shows(text, player.trace.delta[ev.layer][ev.sample, ev.unit])
        if isinstance(ev, DeltaUnit) and not ev.is_output and "hid" not in seen:
            seen.add("hid")
            assert "δ = g'(z)·Σₖ wₖδₖ" in text
            assert text.count(fmt(player.trace.delta[ev.layer][ev.sample, ev.unit])) >= 1
        if isinstance(ev, WeightUpdate):
            tr = player.trace
            k, i, j = ev.layer, ev.unit, ev.input
            g = tr.grad_b[k][i] if j == BIAS else tr.grad_W[k][i, j]
            new = tr.b_after[k][i] if j == BIAS else tr.W_after[k][i, j]
            assert shows(text, g) and shows(text, new)
            assert f"− {fmt(tr.lr, 3)}·" in text
            break
    assert seen == {"out", "hid"}


def test_formula_marks_results_the_rounded_numbers_miss(qtbot, demo):
    """Where the numbers shown (4 decimals) do not give the result shown, the formula says
    ≈ and explains why; where they do, it says =."""
    from nnviz.engine.events import WeightUpdate
    scenario, window = demo
    panel = scenario.formula
    # 0.1234 − 1·(−0.0004) = 0.1238 with the shown numbers; the engine's 0.12388 → 0.1239
    missed = WeightUpdate(layer=0, unit=0, input=0, old=0.12344, grad=-0.00044,
                          new=0.12388, lr=1.0, optimizer="sgd", terms=((-0.00044, 1.0),))
    grad_line, step_line = (t for t, _ in panel.words.update(missed))
    assert step_line.endswith("≈ 0.1239") and "0.1234 − 1.000·(−0.0004)" in step_line
    assert grad_line.endswith("= −0.0004")     # −0.0004·1.0000 is −0.0004
    exact = WeightUpdate(layer=0, unit=0, input=0, old=0.25, grad=0.5, new=0.2,
                         lr=0.1, optimizer="sgd", terms=((0.5, 1.0),))
    assert [t for t, _ in panel.words.update(exact)][1].endswith("= 0.2500 − 0.100·0.5000 = 0.2000")
    # a product that ends in 5 rounds up, as on paper: 0.2500·0.0542 = 0.01355 → 0.0136
    from nnviz.ui.formula_deltas import equals, shown
    assert equals(shown(0.25) * shown(0.0542), 0.013561) == "="
    assert equals(shown(0.25) * shown(0.0542), 0.013549) == "≈"
    # a = σ(z): σ of the z shown gives the a shown (to 4 decimals), else ≈
    import math
    import re
    player = scenario.player
    player.set_granularity("unit")
    checked = 0
    for _ in range(60):
        player.step_forward()
        for text, _role in panel.lines():
            m = re.match(r"a = σ\(z\) = σ\((−?[0-9.]+)\) ([=≈]) (−?[0-9.]+)$", text)
            if m:
                z = float(m[1].replace("−", "-"))
                a = f"{1 / (1 + math.exp(-z)):.4f}"
                assert (m[2] == "=") == (a == m[3]), text
                checked += 1
    assert checked >= 10
    player.restart_step()
    # the panel explains ≈ when a shown formula uses it
    for _ in range(400):
        player.step_forward()
        lines = panel.lines()
        if any(" ≈ " in t for t, _ in lines):
            assert lines[-1][0].startswith("≈ marks a result")
            break
        assert not any(t.startswith("≈ marks") for t, _ in lines)
    else:
        raise AssertionError("no rounded result in 400 steps")


def test_large_layers_are_elided(qtbot):
    from nnviz.engine import Network, Trainer
    from nnviz.ui.canvas import NetworkCanvas
    from nnviz.ui.session import TrainingSession
    net = Network.build([784, 16, 10], seed=0)
    X = np.zeros((2, 784))
    Y = np.zeros((2, 10))
    s = TrainingSession(Trainer(net), X, Y)
    canvas = NetworkCanvas(s)
    qtbot.addWidget(canvas)
    canvas.resize(1200, 800)
    canvas.show()
    lay = canvas.net_layout
    shown = len(lay.columns[0].shown)
    assert shown <= 12 and canvas.elided(0) == 784 - shown
    assert canvas.elided(2) == 0 and len(lay.columns[2].shown) == 10
    assert len(lay.edges) <= 12 * 12 * 2
    img = canvas.grab()
    assert not img.isNull()


def test_thumbnails_come_from_the_engine_grid(qtbot, demo):
    scenario, window = demo
    canvas, s = scenario.canvas, scenario.session
    canvas.grab()
    n = canvas.thumbnail_grid()          # computed at the size they are drawn
    xs, ys, acts = s.grid_activations(n)
    assert acts[1].dtype == np.float32 and acts[1].shape == (n, n, 3)
    gx, gy = np.meshgrid(xs, ys)
    _, ref = s.net.forward_all(np.column_stack([gx.ravel(), gy.ravel()]))
    assert np.allclose(acts[2].reshape(-1, 1), ref[2], atol=1e-5)
    thumb = canvas.thumbnail(2, 0)
    assert thumb is not None and thumb.width() == n
    # the top-left pixel is the output at (xmin, ymax) on the diverging palette
    top_left = thumb.pixelColor(0, 0)
    expect = theme.diverging((float(acts[2][-1, 0, 0]) - 0.5) * 2, 1.0)
    assert abs(top_left.red() - expect.red()) <= 3 and abs(top_left.blue() - expect.blue()) <= 3
    # editing a weight recomputes them
    s.set_weight(1, 0, BIAS, 5.0)
    canvas.grab()
    assert canvas.thumbnail(2, 0).pixelColor(0, 0) != top_left


def test_bias_nodes_option(qtbot, demo):
    scenario, window = demo
    canvas, net = scenario.canvas, scenario.session.net
    canvas.set_show_bias_nodes(True)
    assert canvas.net_layout.columns[0].bias_pos is not None
    pt = canvas.edge_point(1, 0, BIAS)
    assert canvas.target_at(pt) == ("edge", 1, 0, BIAS)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=pt.toPoint())
    canvas.editor.field.selectAll()
    qtbot.keyClicks(canvas.editor.field, "0.125")
    qtbot.keyClick(canvas.editor.field, Qt.Key.Key_Enter)
    assert net.layers[1].b[0] == 0.125


def test_theme_and_zoom_changes_restyle(qtbot, demo):
    scenario, window = demo
    canvas = scenario.canvas
    m = theme.manager()
    old_theme, old_zoom = m.theme, m.zoom
    try:
        before = canvas.net_layout.font_px
        m.set_zoom(old_zoom * 1.5)
        assert canvas.net_layout.font_px > before
        m.set_theme("dark")
        assert canvas.edge_style(0, 0, 0)[0] != theme.LIGHT.background
        canvas.grab()
    finally:
        m.set_theme(old_theme)
        m.set_zoom(old_zoom)


def test_formula_panel_writes_out_as_many_events_as_fit(qtbot, demo):
    """A beat of several events (a layer at a time) writes out as many as the panel shows
    without scrolling (projector type on a small screen showed half of the third one) and
    counts the rest."""
    from nnviz.ui.formula import MAX_EVENTS, FormulaPanel
    scenario, window = demo
    player = scenario.player
    player.set_granularity("layer")
    while len(player.active) < MAX_EVENTS + 1:
        player.step_forward()
    n = len(player.active)
    panel = FormulaPanel(player)
    qtbot.addWidget(panel)
    for height, events in ((900, MAX_EVENTS), (190, 1)):
        panel.resize(900, height)
        panel.show()
        qtbot.waitUntil(lambda events=events: f"… and {n - events} more" in panel.label.text())
        assert panel.scroll.verticalScrollBar().maximum() == 0 or height == 190


def test_an_edges_gradient_shows_once_the_batch_has_gone_back(qtbot, demo):
    """The edge card showed ∂L/∂w (the batch's) during the forward pass of one sample, as
    if it were that sample's."""
    from nnviz.ui.canvas_hover import card_lines
    scenario, window = demo
    player = scenario.player
    player.set_granularity("unit")
    player.step_forward()                     # the first unit of the forward pass
    player.pause()
    target = ("edge", 0, 0, 0)
    text = "\n".join(t for t, _ in card_lines(scenario.canvas, target))
    assert "known once the whole batch has gone back" in text and "∂L/∂w =" not in text
    player.set_granularity("batch")
    player.step_forward()                     # to the end of the step
    player.pause()
    text = "\n".join(t for t, _ in card_lines(scenario.canvas, target))
    g = player.trace.grad_W[0][0, 0]
    assert f"∂L/∂w = {fmt(g)}" in text
