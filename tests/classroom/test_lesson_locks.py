"""A lesson's locked controls stay locked whatever else changes on the slide.

The scenarios' own syncs had re-enabled them: in lesson 4, slide 1 locks "add a layer", yet
after a change of the learning rate a student could add one. The real controls are clicked
and keyed; what the engine ends up with is checked, not only the buttons' looks."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from nnviz import lessons

from ..scenarios.panels import pick

LEFT = Qt.MouseButton.LeftButton


def _lesson(tmp_path, slides):
    path = tmp_path / "locks.nnviz-lesson"
    path.write_text(json.dumps({"format": "nnviz-lesson", "version": 1, "title": "Locks",
                                "slides": slides}))
    return str(path)


def test_lesson_4s_locked_layers_stay_locked_after_a_learning_rate_change(window, qtbot):
    path = next(p for p in lessons.shipped() if "04-" in p)
    window.start_lesson(lessons.load(path))
    sc = window.scenario
    c = sc.controls
    assert not c.add_layer.isEnabled() and not c.remove_layer.isEnabled()
    pick(qtbot, c.lr, 0.1)                            # another setting: the panel syncs
    pick(qtbot, c.batch_size, 5)
    assert sc.session.trainer.lr == 0.1 and sc.session.trainer.batch_size == 5
    assert not c.add_layer.isEnabled() and not c.remove_layer.isEnabled()
    qtbot.mouseClick(c.add_layer, LEFT)               # a student tries anyway
    assert sc.settings["hidden"] == [] and sc.session.net.sizes == [2, 1]
    window.end_lesson()                               # unlocked: the panel's own rules
    assert c.add_layer.isEnabled() and not c.remove_layer.isEnabled()   # (no layer yet)
    qtbot.mouseClick(c.add_layer, LEFT)
    assert sc.session.net.sizes == [2, 2, 1] and c.remove_layer.isEnabled()


def test_units_and_activations_lock_every_layers_controls(window, qtbot, tmp_path):
    """The per-layer −/+ and activation boxes had no lockable name: a slide could not keep
    its network's shape."""
    window.open_path(_lesson(tmp_path, [
        {"scenario": "mlp", "caption": "shape fixed",
         "settings": {"hidden": [8, 1], "activations": ["tanh", "tanh"]},
         "locked": ["units", "activations"]}]))
    assert window.lesson_player.problem == ""
    sc = window.scenario
    c = sc.controls

    def layer_controls():
        return [w for r in c.layer_widgets for w in (r["minus"], r["plus"], r["activation"])]

    assert len(layer_controls()) == 6 and not any(w.isEnabled() for w in layer_controls())
    qtbot.mouseClick(c.layer_widgets[1]["plus"], LEFT)
    qtbot.keyClick(c.layer_widgets[0]["activation"], Qt.Key.Key_Down)
    pick(qtbot, c.dataset, "moons")                  # a rebuild and a sync
    qtbot.mouseClick(c.add_layer, LEFT)              # not locked: a new layer, locked too
    assert sc.session.net.sizes == [2, 8, 1, 2, 1]
    assert [lay.activation for lay in sc.session.net.layers[:3]] == ["tanh"] * 3
    assert len(layer_controls()) == 9 and not any(w.isEnabled() for w in layer_controls())
    assert c.add_layer.isEnabled() and c.remove_layer.isEnabled()
    window.end_lesson()                              # the panel's own rules again
    row0, row1 = c.layer_widgets[:2]
    assert row0["minus"].isEnabled() and not row0["plus"].isEnabled()      # 8: the most
    assert not row1["minus"].isEnabled() and row1["plus"].isEnabled()      # 1: the least
    assert all(r["activation"].isEnabled() for r in c.layer_widgets)
    qtbot.mouseClick(row1["plus"], LEFT)
    assert sc.session.net.sizes == [2, 8, 2, 2, 1]


def test_a_locked_noise_slider_ignores_keys_and_the_wheel(window, qtbot, tmp_path):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication
    window.open_path(_lesson(tmp_path, [
        {"scenario": "mlp", "caption": "c", "settings": {"noise": 0.25}, "locked": ["noise"]}]))
    sc = window.scenario
    slider = sc.controls.noise.slider
    pick(qtbot, sc.controls.lr, 0.1)
    assert not slider.isEnabled()
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    centre = QPointF(slider.rect().center())
    QApplication.sendEvent(slider, QWheelEvent(
        centre, QPointF(slider.mapToGlobal(centre.toPoint())), QPoint(), QPoint(0, 120),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
        False))
    qtbot.wait(300)
    assert sc.settings["noise"] == 0.25 and sc.controls.noise.label.text() == "25%"


def test_regularizations_locked_stop_rule_stays_locked(window, qtbot, tmp_path):
    """Its sync re-enabled the "Stop after …" box whenever early stopping was on."""
    window.open_path(_lesson(tmp_path, [
        {"scenario": "regularization", "caption": "c", "settings": {"early_stopping": True},
         "locked": ["patience"]}]))
    sc = window.scenario
    box = sc.boxes["patience"]
    assert not box.isEnabled()
    pick(qtbot, sc.boxes["l2"], sc.boxes["l2"].itemData(2))
    assert sc.settings["l2"] == sc.boxes["l2"].itemData(2)
    assert not box.isEnabled()
    window.end_lesson()
    assert box.isEnabled()
    qtbot.keyClick(sc.early_box, Qt.Key.Key_Space)   # off: no stop rule to choose
    assert not sc.settings["early_stopping"] and not box.isEnabled()


def test_representations_locked_new_weights_stays_locked(window, qtbot, tmp_path):
    """Its sync re-enabled "New random weights" after any change."""
    window.open_path(_lesson(tmp_path, [
        {"scenario": "representation", "caption": "c", "settings": {"mode": "learned"},
         "locked": ["new_weights"]}]))
    sc = window.scenario
    seed = sc.settings["seed"]
    pick(qtbot, sc.lr_box, 0.1)
    assert sc.settings["lr"] == 0.1 and not sc.new_button.isEnabled()
    qtbot.mouseClick(sc.new_button, LEFT)
    assert sc.settings["seed"] == seed
    window.end_lesson()
    assert sc.new_button.isEnabled()
    pick(qtbot, sc.mode_box, "thresholds")           # hand-set units: nothing to restart
    assert not sc.new_button.isEnabled() and not sc.lr_box.isEnabled()


def test_perceptrons_locked_points_stay_locked(window, qtbot, tmp_path):
    """Its sync re-enabled "New random set" after any change (a click then drew new points
    over the slide's set), and a lock on the points left the button usable."""
    window.open_path(_lesson(tmp_path, [
        {"scenario": "perceptron", "caption": "c", "settings": {"data": "separable"},
         "locked": ["regenerate"]},
        {"scenario": "perceptron", "caption": "c", "settings": {"data": "separable"},
         "locked": ["data"]}]))
    sc = window.scenario
    for slide in range(2):
        seed = sc.model.seed
        sc.lr_spin.setValue(0.5)                     # another setting: the panel syncs
        assert sc.model.lr == 0.5 and not sc.regen_button.isEnabled()
        qtbot.mouseClick(sc.regen_button, LEFT)
        sc.regenerate()                              # (and from code: refused too)
        assert sc.model.seed == seed
        if slide == 0:
            window.lesson_player.next()
            sc = window.scenario
    window.end_lesson()
    assert sc.regen_button.isEnabled()
    qtbot.mouseClick(sc.regen_button, LEFT)
    assert sc.model.seed != seed


def test_gradient_descents_locked_learning_rate_stays_locked(window, qtbot, tmp_path):
    """Its sync re-enabled a locked η after any change, and the presets changed η under
    the lock."""
    window.open_path(_lesson(tmp_path, [
        {"scenario": "gradient-descent", "caption": "c", "settings": {"lr": 0.2},
         "locked": ["lr"]}]))
    sc = window.scenario
    assert not sc.lr_box.isEnabled()
    sc.steps_box.setValue(50)                        # another setting: the panel syncs
    assert sc.state["steps"] == 50 and not sc.lr_box.isEnabled()
    assert not any(b.isEnabled() for b in sc.preset_buttons.values())
    qtbot.mouseClick(sc.preset_buttons["diverging"], LEFT)
    assert sc.state["lr"] == 0.2
    window.end_lesson()
    assert sc.lr_box.isEnabled() and sc.preset_buttons["good"].isEnabled()
    pick(qtbot, sc.mode_box, "race")                 # η is the single path's only
    assert not sc.lr_box.isEnabled()


def test_gradient_descents_locked_mode_keeps_its_paths_from_the_presets(window, qtbot, tmp_path):
    """A preset sets η and shows one path: on a slide that locks the race, clicking "good"
    switched to "One path" while the mode box stayed greyed. On one path locked, the
    presets only set η, as they should."""
    from nnviz.engine import surfaces
    window.open_path(_lesson(tmp_path, [
        {"scenario": "gradient-descent", "caption": "c", "settings": {"mode": "race"},
         "locked": ["mode", "model"]},
        {"scenario": "gradient-descent", "caption": "c", "settings": {"mode": "single"},
         "locked": ["mode"]}]))
    sc = window.scenario
    assert sc.state["mode"] == "race" and not sc.mode_box.isEnabled()
    assert not any(b.isEnabled() for b in sc.preset_buttons.values())
    sc.steps_box.setValue(50)                        # another setting: the panel syncs
    assert sc.state["steps"] == 50
    assert not any(b.isEnabled() for b in sc.preset_buttons.values())
    for key in ("good", "diverging"):
        qtbot.mouseClick(sc.preset_buttons[key], LEFT)
    sc.apply_preset("good")                          # from code: refused, and told
    assert sc.state["mode"] == "race" and sc.mode_box.currentData() == "race"
    assert len(sc.paths) == 8 and len(sc._view.path_items) == 8
    message = window.statusBar().currentMessage()
    assert "not set" in message and "Optimizer race" in message, message
    window.lesson_player.next()                      # one path, its mode locked
    sc = window.scenario
    assert sc.state["mode"] == "single" and not sc.mode_box.isEnabled()
    assert all(b.isEnabled() for b in sc.preset_buttons.values())
    qtbot.mouseClick(sc.preset_buttons["too large"], LEFT)
    assert sc.state["lr"] == surfaces.LR_PRESETS["linear"]["too large"]
    assert sc.state["mode"] == "single" and not sc.mode_box.isEnabled()
    window.end_lesson()                              # unlocked: a preset leaves the race
    pick(qtbot, sc.mode_box, "race")
    assert all(b.isEnabled() for b in sc.preset_buttons.values())
    qtbot.mouseClick(sc.preset_buttons["good"], LEFT)
    assert sc.state["mode"] == "single" and sc.mode_box.currentData() == "single"
    assert sc.state["lr"] == surfaces.LR_PRESETS["linear"]["good"]


def _documented_locks() -> dict[str, set[str]]:
    """README's table of lockable names: scenario → names ("`kind_x1` … `kind_x4`" is a
    range)."""
    import re
    from pathlib import Path
    text = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    table = text.split("| scenario | lockable controls |", 1)[1].split("\n\n", 1)[0]
    out = {}
    for row in table.splitlines()[2:]:
        scenario, names = row.strip("|").split("|")
        found = set(re.findall(r"`([^`]+)`", names))
        for stem, lo, hi in re.findall(r"`([a-z_]+?)(\d+)` … `\1(\d+)`", names):
            found |= {f"{stem}{i}" for i in range(int(lo), int(hi) + 1)}
        out[scenario.strip().strip("`")] = found
    return out


def test_the_readme_lists_every_scenarios_lockable_names(main_window):
    from nnviz import scenarios
    documented = _documented_locks()
    assert set(documented) == set(scenarios.names())
    for name in scenarios.names():
        sc = main_window.open_scenario(name)
        assert set(sc.named_controls) == documented[name], name


def test_perceptrons_locked_points_ignore_clicks_on_the_plane(window, qtbot, tmp_path):
    """Lesson 2 locks its AND gate: a click on the plane still added a point (the set became
    "custom") and a right click removed one; and once it had converged, the message said to
    change the data."""
    from nnviz.scenarios.perceptron_player import PerceptronPlayer
    window.open_path(_lesson(tmp_path, [
        {"scenario": "perceptron", "caption": "c", "settings": {"data": "and"},
         "locked": ["data"]}]))
    sc = window.scenario
    points = list(sc.model.points)
    messages = []
    sc.status_message.connect(messages.append)
    from ..scenarios.test_perceptron import plot_pos
    qtbot.wait(30)
    for button, at in ((Qt.MouseButton.LeftButton, (0.5, 0.5)),
                       (Qt.MouseButton.RightButton, (1.0, 1.0))):
        qtbot.mouseClick(sc.view.plot.viewport(), button, pos=plot_pos(sc.view, *at))
        assert sc.model.points == points and sc.model.preset == "and"
    assert messages[-1] == "The points are fixed on this slide of the lesson."
    sc.player.set_training(True)
    qtbot.waitUntil(lambda: sc.model.finished)
    assert isinstance(sc.player, PerceptronPlayer)
    sc.player.step_forward()
    assert "change the data" not in messages[-1] and "Reset" in messages[-1]
