"""Files, lessons and exports as a teacher meets them: Save as… with a name typed without
its ending asks before replacing, a saved link stays a link, a lesson's locks hold against
clicks on the picture, training after a half-shown step keeps the loss curve's epochs in
order, an export's name is checked before the work, and a lesson is known wherever its
"format" stands."""

from __future__ import annotations

import json
import os

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox

from nnviz import files, lessons
from nnviz.ui import export

LEFT, RIGHT_BUTTON = Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton


@pytest.mark.parametrize("agree", [False, True])
def test_save_as_without_the_ending_asks_before_replacing(window, tmp_path, monkeypatch, agree):
    """Typed as "lesson-start", the dialog had found no such file and asked nothing; the
    ending was added and the teacher's lesson-start.nnviz replaced without a word."""
    window.open_scenario("xor")
    old = tmp_path / "lesson-start.nnviz"
    old.write_text("the teacher's earlier file")
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "lesson-start"), ""))
    yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *a: asked.append(text) or (yes if agree
                                                                               else no))
    window.menus.save_as()
    assert len(asked) == 1 and "lesson-start.nnviz" in asked[0] and "Replace" in asked[0]
    if agree:
        assert files.load(old).scenario == "xor"
    else:
        assert old.read_text() == "the teacher's earlier file"
        assert window.current_path != str(old)


def test_saving_over_a_link_writes_the_file_it_points_to(window, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    real = shared / "class.nnviz"
    s = window.open_scenario("xor")
    window.save_path(str(real))
    link = tmp_path / "link.nnviz"
    link.symlink_to(real)
    window.menus.open_file(str(link))
    window.scenario.run_steps(40)
    window.menus.save()
    assert link.is_symlink()
    steps = window.scenario.session.trainer.steps
    assert steps > 0 and s is not window.scenario
    assert files.load(real).state["steps"] == steps


def _lesson(tmp_path, slides) -> str:
    path = tmp_path / "locks.nnviz-lesson"
    path.write_text(json.dumps({"format": "nnviz-lesson", "version": 1, "title": "Locks",
                                "slides": slides}))
    return str(path)


def test_locked_inputs_and_view_do_not_change_by_clicking_the_picture(window, qtbot, tmp_path):
    """The slide locked McCulloch–Pitts' inputs and kinds and the cube's yaw and pitch (their
    panel controls greyed), but a click on an input flipped it, a right-click made it
    inhibitory, and dragging turned the cube."""
    path = _lesson(tmp_path, [
        {"scenario": "mcculloch-pitts", "caption": "Inputs fixed.", "settings": {"x": [1, 0]},
         "locked": ["inputs", "kind_x1", "kind_x2"]},
        {"scenario": "representation", "caption": "This angle.",
         "settings": {"mode": "learned", "hidden_units": 3, "yaw": 35.0, "pitch": 20.0},
         "locked": ["yaw", "pitch"]}])
    assert window.menus.open_file(path)
    s = window.scenario
    before = s.get_state()
    view = s.view
    QTest.mouseClick(view, LEFT, Qt.KeyboardModifier.NoModifier, view.input_center(0).toPoint())
    QTest.mouseClick(view, RIGHT_BUTTON, Qt.KeyboardModifier.NoModifier,
                     view.input_center(1).toPoint())
    assert s.get_state() == before
    assert "fixed on this slide" in window.statusBar().currentMessage()
    window.lesson_player.next()
    s = window.scenario
    qtbot.waitUntil(lambda: s.cube_plot.isVisible(), timeout=3000)
    vp = s.cube_plot.viewport()
    centre = QPoint(vp.width() // 2, vp.height() // 2)
    end = QPointF(centre.x() + 80, centre.y() + 40)
    QTest.mousePress(vp, LEFT, Qt.KeyboardModifier.NoModifier, centre)
    QApplication.sendEvent(vp, QMouseEvent(QEvent.Type.MouseMove, end, end, Qt.MouseButton.NoButton,
                                           LEFT, Qt.KeyboardModifier.NoModifier))
    QTest.mouseRelease(vp, LEFT, Qt.KeyboardModifier.NoModifier, end.toPoint())
    assert (s.settings["yaw"], s.settings["pitch"]) == (35.0, 20.0)
    assert (s.cube_plot.yaw, s.cube_plot.pitch) == (35.0, 20.0)


@pytest.mark.parametrize("name", ["regularization", "gradients", "xor", "softmax", "mlp"])
def test_training_after_a_half_shown_step_keeps_the_epochs_in_order(window, name):
    """▶ at the unit step size (a step half shown), then N training steps at once (as Export
    animation ▸ N training steps does frame by frame): the loss curve got a row with the new
    epoch's number and the held weights' loss, and a repeated epoch."""
    s = window.open_scenario(name)
    s.run_steps(2 * s.session.trainer.steps_per_epoch(len(s.session.X)))
    s.player.set_granularity("unit")
    s.player.step_forward()
    assert s.session.holding
    per = s.session.trainer.steps_per_epoch(len(s.session.X))
    for _ in range(3):
        s.run_steps(per)
    epochs = s.session.history["epoch"]
    assert list(epochs) == sorted(set(epochs)), epochs
    assert not s.session.holding


def test_an_animation_name_that_cannot_be_created_is_refused_before_training(
        window, tmp_path, monkeypatch):
    s = window.open_scenario("xor")
    warned = []
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (a[3][-1], True))
    monkeypatch.setattr(QInputDialog, "getInt", lambda *a, **k: (40, True))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    (tmp_path / "run.gif").mkdir()
    for target, words in ((tmp_path / "run.gif", "folder of that name"),
                          (tmp_path / ("n" * 300 + ".gif"), "cannot create a file")):
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, t=target, **k: (str(t), ""))
        steps = s.session.trainer.steps
        window.menus.export_animation()
        assert s.session.trainer.steps == steps          # nothing trained
        assert warned and words in warned[-1]
    with pytest.raises(files.NnvizFileError, match="cannot create a file"):
        export.check_target(str(tmp_path / ("p" * 250 + ".png")), (".gif", ".png"))


def test_a_lesson_is_known_wherever_its_format_stands(window, tmp_path):
    """A lesson saved as .json with its "format" key after its first 4 KB was refused as
    "a lesson, not a saved scenario"."""
    slides = [{"scenario": "xor", "caption": "x" * 5000}]
    late = tmp_path / "late.json"
    late.write_text(json.dumps({"title": "Late", "slides": slides, "version": 1,
                                "format": "nnviz-lesson"}))
    assert lessons.is_lesson(late)
    assert window.menus.open_file(str(late)) and window.lesson_player is not None
    scenario = tmp_path / "mentions.nnviz"          # a saved scenario that only mentions it
    window.lesson_player.end() if hasattr(window.lesson_player, "end") else None
    window.save_path(str(scenario))
    assert not lessons.is_lesson(scenario)


def test_an_empty_file_says_it_is_empty(tmp_path):
    for text in ("", "\ufeff", "  \n"):
        path = tmp_path / "empty.nnviz"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(files.NnvizFileError, match="the file is empty"):
            files.load(path)
    assert os.path.exists(path)


def test_a_long_animation_can_be_cancelled_and_its_length_fits_memory(window, qtbot, tmp_path,
                                                                      monkeypatch):
    """Recording N training steps had frozen the window (only a wait cursor) and held every
    frame: 2,000 full-window frames would take gigabytes. The steps asked are capped by
    what the frames' memory allows, and a progress window's Cancel stops the recording
    without writing a file."""
    from nnviz.ui import export_progress
    window.open_scenario("xor")
    most = export.frames_allowed(window._view)
    frame_bytes = window._view.width() * window._view.height() * 3
    assert most * frame_bytes <= export.FRAMES_BUDGET and most >= 1
    asked = {}

    def get_int(parent, title, label, value, low, high, *a, **k):
        asked.update(label=label, high=high)
        return 10, True
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (a[3][-1], True))
    monkeypatch.setattr(QInputDialog, "getInt", get_int)
    target = tmp_path / "run.gif"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    seen = []
    real_call = export_progress.RecordingProgress.__call__

    def cancel_at_third(self, frames):
        seen.append(frames)
        if frames == 3:
            self.dialog.cancel()                 # as the Cancel button does
        return real_call(self, frames)
    monkeypatch.setattr(export_progress.RecordingProgress, "__call__", cancel_at_third)
    window.menus.export_animation()
    assert asked["high"] == most and f"{most:,}" in asked["label"]
    assert seen == [1, 2, 3] and not target.exists()
    assert not list(tmp_path.iterdir())
    assert "cancelled" in window.statusBar().currentMessage()
    with pytest.raises(ValueError, match="more memory"):
        export.record(window._view, lambda: None, most + 1)
