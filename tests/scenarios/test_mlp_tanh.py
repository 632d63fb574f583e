"""A tanh output for two classes in the MLP playground, as TensorFlow Playground has it: the
targets become −1/+1, the losses squared errors, and every view follows (the map centred on
o = 0, its colour scale, the dots, accuracy, the formula panel, hover cards, files, lessons).
Driven through the real controls; every number checked against the engine's."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage

from nnviz.engine import accuracy, datasets
from nnviz.engine.events import OutputError
from nnviz.ui import theme
from nnviz.ui.canvas_hover import card_lines
from nnviz.ui.numbers import fmt

from .panels import pick

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def sc(main_window, qtbot):
    main_window.resize(1280, 800)
    s = main_window.open_scenario("mlp")
    qtbot.waitExposed(s.canvas.window())
    return s


def items(box) -> list:
    return [box.itemData(i) for i in range(box.count())]


def choose_tanh(sc, qtbot):
    c = sc.controls
    assert items(c.output) == ["sigmoid", "tanh"]
    pick(qtbot, c.output, "tanh")
    assert c.output.currentText() == "Tanh"
    assert sc.settings["output"] == "tanh"


def test_tanh_gives_targets_minus_one_plus_one_and_squared_losses(sc, qtbot, main_window):
    c = sc.controls
    X0, Y0 = sc.session.X.copy(), sc.session.Y.copy()
    assert set(np.unique(Y0)) == {0.0, 1.0} and items(c.loss)[0] == "bce"
    messages = []
    sc.status_message.connect(messages.append)
    choose_tanh(sc, qtbot)
    assert messages[-1] == ("Loss, output changed: network rebuilt with the same initial "
                            "weights, epoch 0; the classes are −1 and +1 now.")
    s = sc.session
    assert s.net.layers[-1].activation == "tanh"
    assert np.array_equal(s.X, X0)                          # the same points …
    assert np.array_equal(s.Y, 2 * Y0 - 1)                  # … labelled −1/+1
    assert set(np.unique(s.Y_test)) == {-1.0, 1.0}
    assert items(c.loss) == ["half_sse", "mse"]             # no bce: it needs 0/1
    assert c.loss.currentData() == "half_sse" == s.trainer.loss
    assert "−1" in c.output.toolTip() and "TensorFlow Playground" in c.output.toolTip()
    pick(qtbot, c.loss, "mse")
    assert s.trainer.loss == "mse"
    # trained, the accuracy shown is the engine's (tanh thresholded at 0)
    sc.run_steps(300)
    qtbot.wait(30)
    o = s.net.forward(s.X)
    acc = accuracy(o, s.Y, "tanh")
    assert acc == float(np.mean((o[:, 0] >= 0) == (s.Y[:, 0] > 0))) and acc > 0.6
    stats = s.stats()
    assert stats["acc"] == pytest.approx(acc)
    assert stats["test_acc"] == pytest.approx(accuracy(s.net.forward(s.X_test), s.Y_test,
                                                       "tanh"))
    assert f"accuracy {100 * acc:.0f}% train" in sc.stats_label.text()
    assert f"acc {100 * acc:.0f}%" in main_window.stats_label.text()
    assert s.history["acc"][-1] == pytest.approx(acc)
    # another two-class set keeps the tanh output; back to sigmoid: 0/1 and bce again
    pick(qtbot, c.dataset, "moons")
    assert sc.settings["output"] == "tanh" and set(np.unique(s.Y)) == {-1.0, 1.0}
    pick(qtbot, c.output, "sigmoid")
    assert s.net.layers[-1].activation == "sigmoid" and set(np.unique(s.Y)) == {0.0, 1.0}
    assert messages[-1].endswith("; the classes are 0 and 1 now.")
    assert items(c.loss) == ["bce", "half_sse", "mse"]
    assert s.trainer.loss == "mse"                       # (it still fits: kept)
    pick(qtbot, c.loss, "bce")
    assert s.trainer.loss == "bce"
    # a three-class set has no tanh; a regression's tanh is not about classes
    pick(qtbot, c.dataset, "blobs")
    assert items(c.output) == ["softmax"]
    pick(qtbot, c.dataset, "plane")
    pick(qtbot, c.output, "tanh")
    assert items(c.loss) == ["mse", "half_sse"] and s.stats()["acc"] is None


def test_settings_that_do_not_fit_are_matched_or_refused_in_words(sc):
    sc.apply({"output": "tanh"})
    assert sc.settings["loss"] == "half_sse"
    sc.apply({"loss": "bce"})                       # (a lesson slide's loss): sigmoid back
    assert sc.settings["output"] == "sigmoid" and set(np.unique(sc.session.Y)) == {0, 1}
    before = json.dumps(sc.get_state())
    with pytest.raises(ValueError) as err:
        sc.load_state({"output": "tanh", "loss": "bce"})
    assert str(err.value) == ("mlp setting 'loss' is 'bce', which does not fit a tanh output "
                              "on the classification data set 'circle' (targets −1/+1); use "
                              "half_sse or mse")
    with pytest.raises(ValueError, match="'tanh', which does not fit the multiclass data set "
                                         "'blobs'; use softmax"):
        sc.load_state({"dataset": "blobs", "output": "tanh"})
    assert json.dumps(sc.get_state()) == before


def grab_colour(b, x: float, y: float) -> np.ndarray:
    """The colour drawn at plane point (x, y) on the map, as the screen shows it."""
    img = b.plot_widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    scene = b.plot.getViewBox().mapViewToScene(QPointF(x, y))
    p = b.plot_widget.mapFromScene(scene)
    dpr = img.devicePixelRatio()
    c = img.pixelColor(QPoint(round(p.x() * dpr), round(p.y() * dpr)))
    return np.array([c.red(), c.green(), c.blue()])


def test_the_map_is_centred_on_zero_and_the_dots_keep_their_colours(sc, qtbot):
    choose_tanh(sc, qtbot)
    sc.run_steps(400)
    qtbot.wait(60)
    b = sc.boundary
    b.refresh()
    s = sc.session
    # the data's dots: a −1 target is drawn as class 0 is with a sigmoid
    t = theme.current()
    colours = [sp.brush().color().name() for sp in b.train_points.points()]
    want = [t.positive if v > 0 else t.negative for v in s.Y[:, 0]]
    assert [c.lower() for c in colours] == [w.lower() for w in want]
    # the image is the engine's output itself (tanh: −1 … 1, centred on 0)
    n = b.resolution
    xs, ys, pts = s.grid_points(n)
    o = s.net.forward(datasets.features(pts, sc.settings["features"]))[:, 0].reshape(n, n)
    assert np.allclose(b.image_data, o, atol=1e-5)
    # on screen: away from the dots, the colour at a point is the palette's for o there
    lut = theme.region_lut(256)
    X = s.X_raw
    cell = 12.0 / n
    free = [(i, j) for i in range(3, n - 3, 4) for j in range(3, n - 3, 4)
            if np.min(np.hypot(X[:, 0] - (xs[0] + (i + 0.5) * cell),
                               X[:, 1] - (ys[0] + (j + 0.5) * cell))) > 0.6]
    vals = np.array([o[j, i] for i, j in free])
    assert vals.min() < -0.3 and vals.max() > 0.3
    for k in (np.argmin(vals), np.argmax(vals), np.argmin(np.abs(vals))):
        i, j = free[k]
        got = grab_colour(b, xs[0] + (i + 0.5) * cell, ys[0] + (j + 0.5) * cell)
        idx = int(np.clip((o[j, i] + 1) * 128, 0, 255))
        assert np.abs(got - lut[idx].astype(int)).max() <= 6, (o[j, i], got, lut[idx])
    near_zero = vals[np.argmin(np.abs(vals))]
    assert abs(near_zero) < 0.1              # the boundary o = 0 is the neutral middle
    # its scale: class −1 … class +1 around o = 0
    texts = b.colour_bar.texts()
    assert texts[::2] in (("class −1", "class +1"), ("−1", "+1"))
    assert b.colour_bar.scale.texts[0] == ("class −1", "output o = 0", "class +1")
    assert "class +1" in b.toolTip() and "class −1" in b.toolTip()
    # discretized: the decision, o ≥ 0
    qtbot.mouseClick(b.discretize_box, LEFT, pos=QPoint(8, b.discretize_box.height() // 2))
    assert b.discretize
    assert np.array_equal(b.image_data > 0, o >= 0)
    assert set(np.unique(b.image_data)) == {-1.0, 1.0}
    # sigmoid again: the scale says 0/1 and o = 0.5
    pick(qtbot, sc.controls.output, "sigmoid")
    assert b.colour_bar.scale.texts[0] == ("class 0", "output o = 0.5", "class 1")


def test_the_formula_and_hover_card_show_targets_minus_one_and_plus_one(sc, qtbot,
                                                                       main_window):
    choose_tanh(sc, qtbot)
    pick(qtbot, sc.controls.batch_size, 1)
    qtbot.mouseClick(main_window._player_bar.granularity_buttons["unit"], LEFT)
    out_col = len(sc.session.net.sizes) - 1
    seen = set()
    for _ in range(400):
        qtbot.keyClick(sc.canvas, Qt.Key.Key_Right)
        ev = sc.player.active[0] if sc.player.active else None
        if not isinstance(ev, OutputError):
            continue
        tr = sc.player.trace
        t = ev.t
        assert t in (-1.0, 1.0) and t == tr.targets[ev.sample, 0]
        assert t == sc.session.Y[tr.sample_index[ev.sample], 0]   # the point's label
        line = [text for text, _ in sc.formula.lines() if "error = o − t" in text][0]
        written = f"− {'(−1.0000)' if t < 0 else '1.0000'}"
        assert written in line and line.endswith(fmt(ev.o - ev.t)), line
        card = [text for text, _ in card_lines(sc.canvas, ("unit", out_col, 0))]
        assert f"target t = {fmt(t)},  o − t = {fmt(ev.o - ev.t)}" in card, card
        seen.add(t)
        if seen == {-1.0, 1.0}:
            break
    sc.player.pause()
    assert seen == {-1.0, 1.0}


def test_a_saved_tanh_playground_opens_as_it_was(sc, qtbot, main_window, tmp_path):
    choose_tanh(sc, qtbot)
    pick(qtbot, sc.controls.dataset, "xor_quadrants")
    sc.run_steps(150)
    saved = json.loads(json.dumps(sc.get_state()))
    assert saved["output"] == "tanh" and saved["loss"] == "half_sse"
    path = str(tmp_path / "tanh.nnviz")
    main_window.save_path(path)
    main_window.open_path(path)
    again = main_window.scenario
    assert again is not sc
    assert json.loads(json.dumps(again.get_state())) == saved
    assert again.controls.output.currentData() == "tanh"
    assert items(again.controls.loss) == ["half_sse", "mse"]
    assert set(np.unique(again.session.Y)) == {-1.0, 1.0}
    assert again.session.stats()["acc"] == pytest.approx(
        accuracy(again.session.net.forward(again.session.X), again.session.Y, "tanh"))
    # a file from before (no output, no loss): a sigmoid network with bce, as then
    old = {k: v for k, v in saved.items() if k not in ("output", "loss", "net", "initial",
                                                      "trainer", "history")}
    (tmp_path / "old.nnviz").write_text(json.dumps(
        {"format": "nnviz", "version": 1, "scenario": "mlp", "state": old}))
    main_window.open_path(str(tmp_path / "old.nnviz"))
    older = main_window.scenario
    assert (older.settings["output"], older.settings["loss"]) == ("sigmoid", "bce")
    assert set(np.unique(older.session.Y)) == {0.0, 1.0}


def test_a_lesson_slide_sets_and_locks_the_tanh_output(main_window, qtbot, tmp_path):
    path = tmp_path / "tanh.nnviz-lesson"
    path.write_text(json.dumps({"format": "nnviz-lesson", "version": 1, "title": "Tanh",
                                "slides": [{"scenario": "mlp", "caption": "targets ±1",
                                            "settings": {"dataset": "gaussians",
                                                         "output": "tanh"},
                                            "locked": ["output", "loss"]}]}))
    main_window.open_path(str(path))
    assert main_window.lesson_player.problem == ""
    sc = main_window.scenario
    assert sc.settings["output"] == "tanh" and sc.settings["loss"] == "half_sse"
    assert set(np.unique(sc.session.Y)) == {-1.0, 1.0}
    assert not sc.controls.output.isEnabled() and not sc.controls.loss.isEnabled()
    pick(qtbot, sc.controls.lr, 0.1)               # another setting: still locked
    assert not sc.controls.output.isEnabled() and not sc.controls.loss.isEnabled()
