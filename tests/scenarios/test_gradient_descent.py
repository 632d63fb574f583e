"""Gradient descent: drawn paths are real Trainer updates; controls, state, animation."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from nnviz.engine import OPTIMIZERS, Trainer, surfaces
from nnviz.scenarios.gradient_descent import DEFAULTS


@pytest.fixture
def gd(open_scenario):
    return open_scenario("gradient-descent")


def _trainer_path(model, start, optimizer, lr, batch_size, steps):
    spec = surfaces.MODELS[model]
    X, Y = surfaces.model_data(model)
    net = surfaces.neuron(*start, spec["activation"])
    trainer = Trainer(net, loss=spec["loss"], optimizer=optimizer, lr=lr,
                      batch_size=batch_size, seed=0)
    ws, bs = [start[0]], [start[1]]
    for _ in range(steps):
        trace = trainer.next_step(X, Y)
        ws.append(trace.W_after[0][0, 0])
        bs.append(trace.b_after[0][0])
    return np.array(ws), np.array(bs)


def test_race_paths_on_screen_equal_trainer_steps(gd, qtbot):
    box = gd.mode_box
    box.setFocus()
    while box.currentData() != "race":
        qtbot.keyClick(box, Qt.Key.Key_Down)
    gd.run_steps(1)                                  # finish the animation
    assert len(gd._view.path_items) == len(OPTIMIZERS)
    start = tuple(gd.state["start"])
    for label, item in zip(gd.paths, gd._view.path_items):
        name = label.split(" ")[0]
        ws, bs = _trainer_path("linear", start, name, surfaces.RACE_LR["linear"][name], None,
                               gd.state["steps"])
        xs, ys = item.getData()
        assert np.array_equal(xs, ws) and np.array_equal(ys, bs), name
    curves = gd._curves.items
    assert len(curves) == len(OPTIMIZERS)
    assert np.array_equal(curves[0].yData, gd.paths[next(iter(gd.paths))].loss)


def test_batch_modes_equal_trainer_steps(gd, qtbot):
    gd.mode_box.setCurrentIndex(1)                   # the combo's own signal
    gd.run_steps(1)
    lr = surfaces.LR_PRESETS["linear"]["good"] / 2
    for (label, path), bsz in zip(gd.paths.items(), (None, 1, 6)):
        ws, bs = _trainer_path("linear", tuple(gd.state["start"]), "sgd", lr, bsz, 100)
        assert np.array_equal(path.w, ws) and np.array_equal(path.b, bs), label


def test_presets_and_clicked_start(gd, qtbot):
    qtbot.mouseClick(gd.preset_buttons["diverging"], Qt.MouseButton.LeftButton)
    assert gd.state["lr"] == surfaces.LR_PRESETS["linear"]["diverging"]
    assert gd.lr_box.value() == pytest.approx(gd.state["lr"])
    path = next(iter(gd.paths.values()))
    assert path.loss[-1] > 100 * path.loss[0]
    plot = gd._view.plot
    vb = plot.getPlotItem().vb
    pos = plot.mapFromScene(vb.mapViewToScene(QPointF(3.0, -4.0)))
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    w, b = gd.state["start"]
    assert abs(w - 3.0) < 0.1 and abs(b + 4.0) < 0.1
    path = next(iter(gd.paths.values()))
    assert (path.w[0], path.b[0]) == (w, b)


def test_animation_grows_then_stops_and_shutdown_stops_it(gd, qtbot):
    gd.replay()
    assert gd.timer.isActive() and gd.revealed == 1
    qtbot.waitUntil(lambda: gd.revealed > 10, timeout=3000)
    xs, _ = gd._view.path_items[0].getData()
    assert 1 < len(xs) < gd.length
    qtbot.waitUntil(lambda: not gd.timer.isActive(), timeout=10000)
    assert len(gd._view.path_items[0].getData()[0]) == gd.length
    gd.replay()
    gd.shutdown()
    assert not gd.timer.isActive()


def test_state_round_trip_and_bad_load_changes_nothing(gd, qtbot):
    gd.load_state({"model": "logistic", "mode": "batch", "lr": 0.5, "steps": 40,
                   "start": [-1.0, 3.5]})
    gd.run_steps(1)
    saved = json.loads(json.dumps(gd.get_state()))
    ends = [(p.w[-1], p.b[-1]) for p in gd.paths.values()]
    gd.reset()
    gd.run_steps(1)
    assert gd.get_state() == DEFAULTS
    gd.load_state(saved)
    gd.run_steps(1)
    assert gd.get_state() == saved
    assert [(p.w[-1], p.b[-1]) for p in gd.paths.values()] == ends
    assert gd.model_box.currentData() == "logistic" and gd.steps_box.value() == 40
    for bad, word in [({"model": "cubic"}, "model"), ({"lr": -1}, "lr"), ({"steps": 10**6},
                      "steps"), ({"start": [99, 0]}, "start"), ({"speed": 2}, "speed")]:
        with pytest.raises(ValueError, match=word):
            gd.load_state(bad)
        assert gd.get_state() == saved
    gd.shutdown()


def test_screenshot_is_not_blank(gd, main_window):
    gd.run_steps(1)
    img = gd._view.grab().toImage()
    colours = {img.pixel(x, y) for x in range(0, img.width(), 13)
               for y in range(0, img.height(), 13)}
    assert len(colours) > 20
