"""The MLP playground driven by its real controls, checked against the engine."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import Qt

from nnviz.engine import datasets

from .panels import pick as choose

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def sc(open_scenario, qtbot):
    s = open_scenario("mlp")
    qtbot.waitExposed(s.canvas.window())
    return s


def state(sc):
    return json.loads(json.dumps(sc.get_state()))


def test_default_is_tf_playgrounds_and_heatmap_is_the_engines_output(sc, qtbot):
    assert sc.session.net.sizes == [2, 4, 2, 1]
    assert [lay.activation for lay in sc.session.net.layers] == ["tanh", "tanh", "sigmoid"]
    assert sc.session.X.shape == (250, 2) and sc.session.X_test.shape == (250, 2)
    sc.run_steps(300)
    qtbot.wait(40)
    sc.boundary.refresh()
    n = sc.boundary.resolution
    _, _, pts = datasets_grid(sc, n)
    expected = sc.session.net.forward(pts)            # the engine, on the same grid
    assert sc.boundary.outputs.shape == (n, n, 1)
    assert np.allclose(sc.boundary.outputs.reshape(n * n, 1), expected, atol=1e-6)
    # the image shows those outputs mapped 0…1 → −1…+1, and the discretize toggle thresholds
    assert np.allclose(sc.boundary.image_data.ravel(), 2 * expected[:, 0] - 1, atol=1e-5)
    qtbot.mouseClick(sc.boundary.discretize_box, LEFT)
    assert set(np.unique(sc.boundary.image_data)) <= {-1.0, 1.0}
    assert np.array_equal(sc.boundary.image_data.ravel() > 0, expected[:, 0] >= 0.5)


def datasets_grid(sc, n):
    xs, ys, pts = sc.session.grid_points(n)
    return xs, ys, datasets.features(pts, sc.settings["features"])


def test_architecture_buttons_rebuild_the_network(sc, qtbot):
    c = sc.controls
    qtbot.mouseClick(c.add_layer, LEFT)
    assert sc.session.net.sizes == [2, 4, 2, 2, 1]
    qtbot.mouseClick(c.layer_widgets[0]["plus"], LEFT)
    qtbot.mouseClick(c.layer_widgets[0]["plus"], LEFT)
    assert sc.session.net.sizes == [2, 6, 2, 2, 1]
    qtbot.mouseClick(c.layer_widgets[1]["minus"], LEFT)
    assert sc.session.net.sizes == [2, 6, 1, 2, 1]
    assert not c.layer_widgets[1]["minus"].isEnabled()       # one unit is the least
    choose(qtbot, c.layer_widgets[2]["activation"], "relu")
    assert sc.session.net.layers[2].activation == "relu"
    for _ in range(3):
        qtbot.mouseClick(c.remove_layer, LEFT)
    assert sc.session.net.sizes == [2, 1]
    assert not c.remove_layer.isEnabled()
    for _ in range(6):
        qtbot.mouseClick(c.add_layer, LEFT)
    assert len(sc.session.net.sizes) == 8 and not c.add_layer.isEnabled()
    # the canvas drew the new network
    assert sc.canvas.unit_pos(6, 0) is not None


def test_feature_toggles_change_the_input_layer(sc, qtbot):
    c = sc.controls
    qtbot.mouseClick(c.features["x1^2"], LEFT)
    qtbot.mouseClick(c.features["x2^2"], LEFT)
    assert sc.settings["features"] == ["x1", "x2", "x1^2", "x2^2"]
    assert sc.session.net.sizes[0] == 4
    expected = datasets.features(sc.session.X_raw, ["x1", "x2", "x1^2", "x2^2"])
    assert np.array_equal(sc.session.X, expected)
    qtbot.mouseClick(c.features["x1"], LEFT)
    qtbot.mouseClick(c.features["x2"], LEFT)
    assert sc.session.net.sizes[0] == 2 and sc.settings["features"] == ["x1^2", "x2^2"]
    sc.run_steps(50)
    sc.boundary.refresh()
    _, _, pts = datasets_grid(sc, sc.boundary.resolution)
    assert np.allclose(sc.boundary.outputs.reshape(-1, 1), sc.session.net.forward(pts),
                       atol=1e-6)
    # the last feature cannot be switched off
    qtbot.mouseClick(c.features["x1^2"], LEFT)
    qtbot.mouseClick(c.features["x2^2"], LEFT)
    assert sc.settings["features"] == ["x2^2"] and c.features["x2^2"].isChecked()


def test_blobs_gets_softmax_and_cce_and_regression_linear_mse(sc, qtbot):
    choose(qtbot, sc.controls.dataset, "blobs")
    assert sc.session.net.sizes[-1] == 3
    assert sc.session.net.layers[-1].activation == "softmax"
    assert sc.session.trainer.loss == "cce"
    assert sc.controls.loss.currentData() == "cce"
    sc.run_steps(100)
    sc.boundary.refresh()
    assert sc.boundary.outputs.shape[-1] == 3
    cls = np.argmax(sc.boundary.outputs, axis=-1)
    assert np.array_equal(sc.boundary.image_data // 64, cls)     # each pixel: its class
    choose(qtbot, sc.controls.loss, "half_sse")
    assert sc.session.trainer.loss == "half_sse"
    choose(qtbot, sc.controls.dataset, "plane")
    assert sc.session.net.layers[-1].activation == "linear"
    assert sc.session.trainer.loss == "mse"


def test_a_jumping_loss_is_flagged_and_lowering_the_rate_keeps_the_weights(sc, qtbot,
                                                                           main_window):
    from nnviz.engine.metrics import unsettled
    from nnviz.ui.numbers import fmt
    assert not sc.banner.isVisible()
    choose(qtbot, sc.controls.lr, 10.0)
    train = main_window._player_bar.train_button
    qtbot.mouseClick(train, LEFT)
    qtbot.waitUntil(lambda: sc.banner.state == "unsettled", timeout=20000)
    qtbot.mouseClick(train, LEFT)
    assert not sc.player.training and not sc.session.trainer.diverged
    level, best = unsettled(sc.session.history["loss"])      # the engine's figures, shown
    assert sc.banner.isVisible() and "jumps about" in sc.banner.text.text()
    assert fmt(level) in sc.banner.text.text() and fmt(best) in sc.banner.text.text()
    assert sc.banner.lower_button.isVisible() and not sc.banner.reset_button.isVisible()
    weights = [lay.W.copy() for lay in sc.session.net.layers]
    qtbot.mouseClick(sc.banner.lower_button, LEFT)
    assert sc.settings["lr"] == 1.0 and sc.controls.lr.currentData() == 1.0
    assert all(np.array_equal(a.W, b) for a, b in zip(sc.session.net.layers, weights))
    assert not sc.banner.isVisible()        # judged again once there are enough new rows
    sc.run_steps(25 * 15)
    assert not sc.banner.isVisible()


def test_hidden_advice_stays_hidden_until_the_settings_change(sc, qtbot):
    choose(qtbot, sc.controls.lr, 10.0)
    sc.run_steps(25 * 60)
    assert sc.banner.state == "unsettled" and sc.banner.isVisible()
    qtbot.mouseClick(sc.banner.hide_button, LEFT)
    assert not sc.banner.isVisible()
    sc.run_steps(25 * 20)
    assert not sc.banner.isVisible()
    choose(qtbot, sc.controls.batch_size, 5)          # a training setting: judged afresh
    sc.run_steps(25 * 80)
    assert sc.banner.isVisible() and sc.banner.state == "unsettled"


def test_divergence_shows_the_state_and_reset_works(sc, qtbot, main_window):
    # a regression network (linear output: nothing saturates) at learning rate 10
    choose(qtbot, sc.controls.dataset, "plane")
    choose(qtbot, sc.controls.lr, 10.0)
    qtbot.mouseClick(main_window._player_bar.train_button, LEFT)
    qtbot.waitUntil(lambda: sc.session.trainer.diverged, timeout=5000)
    assert not sc.player.training
    assert sc.banner.isVisible() and "diverged" in sc.banner.text.text()
    for lay in sc.session.net.layers:                   # the last good weights, no NaN
        assert np.all(np.isfinite(lay.W))
    qtbot.wait(40)
    assert np.all(np.isfinite(sc.boundary.image_data))
    initial = [lay.W.copy() for lay in sc.initial.layers]
    assert sc.banner.reset_button.isVisible() and not sc.banner.lower_button.isVisible()
    qtbot.mouseClick(sc.banner.lower_reset_button, LEFT)
    assert sc.settings["lr"] == 1.0 and not sc.session.trainer.diverged
    assert not sc.banner.isVisible() and sc.session.epoch == 0
    assert all(np.array_equal(a.W, b) for a, b in zip(sc.session.net.layers, initial))
    choose(qtbot, sc.controls.lr, 0.1)
    sc.run_steps(100)
    assert not sc.session.trainer.diverged


def test_reset_keeps_initial_weights_and_reinitialise_changes_them(sc, qtbot):
    w0 = [lay.W.copy() for lay in sc.session.net.layers]
    sc.run_steps(200)
    assert not np.array_equal(sc.session.net.layers[0].W, w0[0])
    qtbot.mouseClick(sc.controls.reset_button, LEFT)
    assert sc.session.epoch == 0 and not sc.session.history["epoch"]
    assert all(np.array_equal(a.W, b) for a, b in zip(sc.session.net.layers, w0))
    qtbot.mouseClick(sc.controls.reinit_button, LEFT)
    assert not np.array_equal(sc.session.net.layers[0].W, w0[0])
    assert sc.session.net.sizes == [2, 4, 2, 1]
    # the learning rate changes without losing progress
    sc.run_steps(100)
    epoch, w = sc.session.epoch, sc.session.net.layers[0].W.copy()
    choose(qtbot, sc.controls.lr, 0.1)
    assert sc.session.trainer.lr == 0.1 and sc.session.epoch == epoch
    assert np.array_equal(sc.session.net.layers[0].W, w)


def test_state_round_trip_exact_and_bad_state_changes_nothing(sc, qtbot):
    sc.apply({"dataset": "spiral", "noise": 0.2, "features": ["x1", "x2", "sin_x1"],
              "hidden": [5, 3, 2], "activations": ["relu", "tanh", "tanh"], "lr": 0.01,
              "optimizer": "adam", "regularization": "l2", "reg_rate": 0.001})
    sc.run_steps(120)
    saved = state(sc)
    sc.reinitialise()
    sc.apply({"dataset": "moons"})
    sc.load_state(saved)
    assert state(sc) == saved
    assert sc.controls.dataset.currentData() == "spiral"
    assert len(sc.controls.layer_widgets) == 3
    for bad in ({"lr": 100}, {"hidden": [9]}, {"dataset": "mnist"}, {"features": []},
                {"output": "softmax"}, {"net": {"layers": []}}, {"epoch": -1},
                {"history": {"epoch": [1]}}, {"colour": "red"}, {"loss": "cce"}):
        with pytest.raises(ValueError):
            sc.load_state({"noise": 0.0, **bad})
        assert state(sc) == saved
    # a lesson's partial settings
    sc.load_state({"hidden": [3], "activations": ["tanh"]})
    assert sc.session.net.sizes == [3, 3, 1]


def test_screenshots_of_scenarios_differ(sc, qtbot, main_window):
    a = main_window.grab().toImage()
    sc.run_steps(200)
    qtbot.wait(40)
    b = main_window.grab().toImage()
    main_window.open_scenario("xor")
    qtbot.wait(20)
    c = main_window.grab().toImage()
    assert a != b and b != c and a != c
    for img in (a, c):
        colours = {img.pixel(x, y) for x in range(0, img.width(), 37)
                   for y in range(0, img.height(), 29)}
        assert len(colours) > 20


def test_heatmap_fills_exactly_the_extent_with_equal_scales(sc, qtbot, main_window):
    b = sc.boundary
    x0, x1, y0, y1 = sc.session.extent
    (vx0, vx1), (vy0, vy1) = b.plot.viewRange()
    assert (vx0, vx1, vy0, vy1) == pytest.approx((x0, x1, y0, y1), abs=1e-9)   # no bands
    img = b.image.mapRectToView(b.image.boundingRect())
    assert (img.left(), img.right(), img.top(), img.bottom()) == \
        pytest.approx((x0, x1, y0, y1), abs=1e-9)          # right from construction
    for size in ((1920, 1080), (1300, 900)):
        main_window.resize(*size)
        qtbot.wait(30)
        vb = b.plot.getViewBox()
        assert vb.width() == pytest.approx(vb.height(), abs=2.0)    # a square plane
        assert b.plot.viewRange()[1] == pytest.approx([y0, y1], abs=1e-9)


def test_loss_plot_draws_the_history_with_ranges_that_fit(sc, qtbot):
    sc.run_steps(600)
    qtbot.wait(30)
    lp = sc.loss_plot
    lp.refresh()
    epochs, train, test = lp.curves()
    h = sc.session.history
    assert np.array_equal(epochs, h["epoch"]) and np.array_equal(train, h["loss"])
    assert np.allclose(test, h["test_loss"])
    assert np.all(np.diff(epochs) > 0)                     # one row per epoch
    (x0, x1), (y0, y1) = lp.plot.viewRange()
    assert x0 == 0 and x1 >= epochs[-1] and y0 == 0 and y1 >= max(train.max(), test.max())
    assert [label.text for _, label in lp.legend.items] == ["train loss", "test loss"]


def test_loss_plot_without_test_data_has_no_test_legend(qapp):
    from nnviz.engine import Network, Trainer
    from nnviz.ui.plots import LossPlot
    from nnviz.ui.session import TrainingSession
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    s = TrainingSession(Trainer(Network.build([2, 2, 1], seed=1), lr=0.5), X,
                        np.array([[0.0], [1.0], [1.0], [0.0]]), extent=(-0.5, 1.5, -0.5, 1.5))
    plot = LossPlot(s)
    s.train_steps(4)
    s.record_history()
    plot.refresh()
    assert "test loss" not in [label.text for _, label in plot.legend.items]
    assert not plot.legend.isVisible() and not plot.test_curve.isVisible()
    plot.close()


def test_an_adam_update_is_named_as_such_with_readable_symbols(sc, qtbot):
    """With Adam the canvas header still said 'w ← w − η·∂L/∂w' (plain gradient descent)
    and the formula's combining hats (m̂, v̂) were drawn over other letters ('(âdam ̂step'):
    the header names the optimizer's step and the moments are written m′, v′."""
    from PySide6.QtCore import Qt
    sc.load_state({"optimizer": "adam", "lr": 0.01})
    sc.player.set_granularity("batch")
    for _ in range(4):                     # forward, error, backward, update
        qtbot.keyClick(sc.canvas, Qt.Key.Key_Right)
        if sc.player.active and sc.player.active[0].phase == "update":
            break
    sc.player.pause()
    assert sc.player.active[0].phase == "update"
    assert sc.canvas.phase_text()[0] == "update: w ← w + adam step"
    text = sc.formula.plain_text()
    assert "adam step" in text and "m′ / (√v′ + ε)" in text
    assert "\u0302" not in text                                       # no combining hat


def test_batch_loss_beat_is_not_called_an_output_comparison(sc, qtbot):
    """After the backward pass the batch's mean loss had the header 'error: compare
    outputs with targets' again, as if a new error phase began."""
    from PySide6.QtCore import Qt

    from nnviz.engine.events import BatchLoss
    from nnviz.ui.canvas_header import BATCH_LOSS_PHASE, PHASES
    sc.player.set_granularity("unit")
    seen = []
    for _ in range(200):
        qtbot.keyClick(sc.canvas, Qt.Key.Key_Right)
        ev = sc.player.active[0] if sc.player.active else None
        if isinstance(ev, BatchLoss):
            seen.append(sc.canvas.phase_text())
            break
    sc.player.pause()
    assert seen == [BATCH_LOSS_PHASE] and BATCH_LOSS_PHASE != PHASES["error"]


def test_the_banner_text_grows_with_the_zoom(sc, qtbot):
    from PySide6.QtWidgets import QApplication

    from nnviz.ui import theme
    choose(qtbot, sc.controls.lr, 10.0)
    sc.run_steps(25 * 60)
    assert sc.banner.isVisible()
    m = theme.manager()
    old = m.zoom
    try:
        m.set_zoom(old * 1.5)
        qtbot.wait(30)
        px = QApplication.font().pixelSize()
        assert sc.banner.text.font().pixelSize() == px
        assert sc.banner.lower_button.font().pixelSize() == px
    finally:
        m.set_zoom(old)


def test_the_heatmap_tooltip_follows_the_task(sc, qtbot):
    assert "class 1" in sc.boundary.toolTip()
    choose(qtbot, sc.controls.dataset, "plane")            # regression: no classes
    assert "class" not in sc.boundary.toolTip() and "number" in sc.boundary.toolTip()
    choose(qtbot, sc.controls.dataset, "blobs")
    assert "the class the network gives" in sc.boundary.toolTip()


def test_the_status_line_names_settings_in_words(sc, qtbot):
    """It said "lr: training settings changed…" and "data_seed: network rebuilt…"."""
    messages = []
    sc.status_message.connect(messages.append)
    choose(qtbot, sc.controls.lr, 0.1)
    assert messages[-1] == "Learning rate changed: the weights are kept."
    sc.apply({"data_seed": 3})
    assert messages[-1].startswith("Data changed: network rebuilt")


def test_names_are_written_as_elsewhere(sc):
    """Optimizers showed as keys ("sgd", "adam") beside "Tanh", "ReLU"; the learning rate is
    "Learning rate η" as in the XOR, perceptron and softmax panels."""
    texts = [sc.controls.optimizer.itemText(i) for i in range(sc.controls.optimizer.count())]
    assert "SGD" in texts and "Adam" in texts and "sgd" not in texts
    from PySide6.QtWidgets import QLabel
    labels = [w.text() for w in sc.controls.findChildren(QLabel)]
    assert "Learning rate η" in labels


def test_the_banner_says_it_all_in_a_narrow_view(sc, qtbot, main_window):
    """In a 1024-px-wide window the diverged banner's text, squeezed beside its two buttons,
    needed 358 px of height and got 164 at 1024×600: its end was cut off. Where the text
    would be that narrow, the buttons now go under it."""
    from tests.ui.screens import sized
    sized(main_window, qtbot, 1024, 768)
    choose(qtbot, sc.controls.dataset, "plane")
    choose(qtbot, sc.controls.lr, 10.0)
    qtbot.mouseClick(main_window._player_bar.train_button, LEFT)
    qtbot.waitUntil(lambda: sc.session.trainer.diverged, timeout=5000)
    qtbot.wait(100)
    banner, text = sc.banner, sc.banner.text
    assert banner.isVisible() and "diverged" in text.text()
    assert text.height() >= text.heightForWidth(text.width()) - 1, \
        (text.size(), text.heightForWidth(text.width()))
    button = banner.reset_button
    assert button.mapTo(banner, button.rect().topLeft()).y() > text.geometry().bottom()


def _diverge(sc, qtbot, main_window):
    choose(qtbot, sc.controls.dataset, "plane")
    choose(qtbot, sc.controls.lr, 10.0)
    qtbot.mouseClick(main_window._player_bar.train_button, LEFT)
    qtbot.waitUntil(lambda: sc.session.trainer.diverged, timeout=5000)
    qtbot.wait(100)


def test_in_a_small_window_the_banner_says_it_short_and_nothing_overlaps(sc, qtbot,
                                                                         main_window):
    """At 1024×600 the view under the banner is ~390 × 520 px: the full explanation (six
    lines there) left the network 240 px and the formula panel was drawn over its bottom.
    The banner says it in one sentence, the full text in its tooltip; at 1440×900 it
    says it all."""
    from tests.ui.screens import sized
    from tests.ui.test_lesson_view_fit import fit_problems
    sized(main_window, qtbot, 1024, 600)
    _diverge(sc, qtbot, main_window)
    banner, text = sc.banner, sc.banner.text
    assert banner.isVisible() and "η = 10 is too large" in text.text()
    assert "The last good weights are kept" in text.toolTip()
    assert text.height() >= text.heightForWidth(text.width()) - 1
    assert banner.height() <= banner.MAX_SHARE * banner.parentWidget().height() + 1
    assert fit_problems(main_window.centralWidget()) == []
    sized(main_window, qtbot, 1440, 900)
    qtbot.waitUntil(lambda: "The last good weights are kept" in text.text())
    assert text.toolTip() == ""
    assert fit_problems(main_window.centralWidget()) == []
