"""Exports, continued: the next step animated event by event to its end, no temporary
files left by a failed export, SVG sizes in real millimetres, the step's context in the CSV."""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from nnviz.engine.events import BatchLoss
from nnviz.ui import export


def _dialogs(monkeypatch, target, choice=0, scale=1.0, steps=2):
    """Answer the export dialogs: list item `choice`, `scale`, `steps`, save as `target`;
    returns the list the warnings are collected in."""
    warned = []
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (a[3][choice], True))
    monkeypatch.setattr(QInputDialog, "getDouble", lambda *a, **k: (scale, True))
    monkeypatch.setattr(QInputDialog, "getInt", lambda *a, **k: (steps, True))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    return warned


@pytest.mark.parametrize("name, granularity", [("xor", "sample"), ("mlp", "batch")])
def test_next_step_animation_ends_on_the_updated_weights(window, qtbot, tmp_path, monkeypatch,
                                                         name, granularity):
    """At the scenarios' usual step sizes the animation of the next step had 2 to 12 frames
    and ended as its last group began ("batch loss"): the weights changing never showed. It
    is recorded event by event to the end, with a last frame once the update has settled;
    the player is left at the end of that step at the user's step size."""
    s = window.open_scenario(name)
    qtbot.wait(30)
    s.player.set_granularity(granularity)
    warned = _dialogs(monkeypatch, tmp_path / "step.png")          # a PNG sequence: exact
    window.menus.export_animation()
    assert not warned, warned
    p = s.player
    frames = [export.image_to_rgb(QImage(str(f))) for f in sorted(tmp_path.glob("step-*.png"))]
    events = p.events
    by_event = len(events) <= export.STEP_FRAMES - 3    # else coarser groups (mlp: 186)
    if by_event:
        assert len(frames) >= len(events) + 1
    else:
        assert 3 <= len(frames) <= export.STEP_FRAMES + 1
    assert p.granularity == granularity and p.step_complete() and not p.animating
    trace = p.trace
    for k in range(trace.n_layers):                 # the canvas shows the new weights
        W, b = s.canvas.model.shown_params(k)
        assert np.array_equal(W, trace.W_after[k]) and np.array_equal(b, trace.b_after[k])
        assert np.array_equal(s.session.net.layers[k].W, trace.W_after[k])
    settled = export.image_to_rgb(export.render_image(window._view))
    assert np.array_equal(frames[-1], settled)      # the last frame: the step as it ends
    assert not np.array_equal(frames[-2], frames[-1])
    if by_event:
        loss = next(i for i, ev in enumerate(events) if isinstance(ev, BatchLoss))
        assert not np.array_equal(frames[1 + loss], frames[-1])
        assert not np.array_equal(frames[1 + loss], frames[2 + loss])   # the updates follow
    assert window.statusBar().currentMessage().startswith("Exported")


def test_next_step_animation_restores_a_step_size_when_cut_short(window, tiny):
    """Recorded at the finest step size, the user's comes back even when the recording is
    cut short (fewer frames allowed than the step has events)."""
    s = window.open_scenario(tiny)
    s.player.set_granularity("batch")
    frames = export.record(s.canvas, export.step_advancer(s.player), 3, scale=0.5)
    assert len(frames) == 4 and s.player.granularity == "batch"


def test_next_step_animation_of_a_big_step_fits_its_frames(window, tiny, qtbot):
    """A step with more events than the frames allowed is recorded at a coarser step size,
    still to its end and its settled frame."""
    s = window.open_scenario(tiny)
    qtbot.wait(30)                                  # (the window's layout settles)
    s.player.set_granularity("sample")
    frames = export.record(s.canvas, export.step_advancer(s.player, max_frames=12), 200,
                           scale=0.5)
    assert 3 < len(frames) <= 12 < len(s.player.events)
    assert s.player.granularity == "sample" and s.player.step_complete()
    assert np.array_equal(frames[-1], export.image_to_rgb(export.render_image(s.canvas, 0.5)))


def test_failed_svg_and_gif_exports_leave_no_part_file(window, tiny, tmp_path, monkeypatch):
    """Exporting onto a folder named like the picture failed (right) but left dir.svg.part
    (and dir.gif.part) behind; it is refused before anything is written, saying why."""
    s = window.open_scenario(tiny)
    s.player.step_forward()
    for i, (ending, export_it) in enumerate([(".svg", window.menus.export_picture),
                                             (".png", window.menus.export_picture),
                                             (".gif", window.menus.export_animation)]):
        target = tmp_path / f"dir{ending}"
        target.mkdir()
        warned = _dialogs(monkeypatch, target, choice=-1 if ending == ".gif" else 0)
        export_it()
        assert len(warned) == 1 and "folder of that name" in warned[0], (ending, warned)
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            f"dir{e}" for e in (".svg", ".png", ".gif")[:i + 1]), ending


def _mm(text):
    m = re.fullmatch(r"([\d.]+)mm", text)
    assert m, text
    return float(m.group(1))


def test_svg_is_sized_at_screen_pixels_and_ignores_the_png_scale(window, tiny, tmp_path,
                                                                 monkeypatch):
    """The SVG had Qt's 72 dpi: a 760-px view was 268 mm wide, 1.33× too large on a slide;
    and the scale the dialog says is for PNG only was applied to it too."""
    s = window.open_scenario(tiny)
    s.player.step_forward()
    target = tmp_path / "view.svg"
    warned = _dialogs(monkeypatch, target, choice=0, scale=2.0)   # "Whole window"
    window.menus.export_picture()
    assert not warned, warned
    root = ET.parse(target).getroot()
    w, h = window.width(), window.height()
    assert _mm(root.get("width")) == pytest.approx(w * 25.4 / 96, abs=0.05)
    assert _mm(root.get("height")) == pytest.approx(h * 25.4 / 96, abs=0.05)
    assert [float(v) for v in root.get("viewBox").split()] == [0, 0, w, h]


def test_trace_csv_has_the_steps_context(window, tiny, tmp_path, monkeypatch):
    """The CSV left out the learning rate, the clipping factor, the regularization loss and
    which units dropout silenced: a student could not check update = −η·grad."""
    s = window.open_scenario(tiny)
    tr = s.session.trainer
    tr.dropout, tr.l2, tr.clip_norm = 0.5, 0.1, 0.05
    s.player.step_forward()
    trace = s.player.trace
    assert trace.clip_scale < 1 and trace.reg_loss > 0
    assert any(m is not None and (m == 0).any() for m in trace.mask)
    target = tmp_path / "step.csv"
    warned = _dialogs(monkeypatch, target)
    window.menus.export_csv()
    assert not warned, warned
    with target.open() as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == ["quantity", "layer", "sample", "unit", "input", "value"]
        rows = list(reader)

    def one(quantity):
        found = [r for r in rows if r["quantity"] == quantity]
        assert len(found) == 1, quantity
        return float(found[0]["value"])
    assert one("lr") == trace.lr
    assert one("clip_scale") == trace.clip_scale
    assert one("reg_loss") == trace.reg_loss
    assert one("dropout") == trace.dropout
    assert one("loss") == trace.loss                       # the existing rows are unchanged
    mask = {(int(r["layer"]), int(r["sample"]), int(r["unit"])): float(r["value"])
            for r in rows if r["quantity"] == "dropout_mask"}
    expected = {(k + 1, smp, i): float(m[smp, i]) for k, m in enumerate(trace.mask)
                if m is not None for smp in range(m.shape[0]) for i in range(m.shape[1])}
    assert mask == expected and 0.0 in mask.values()
    update = {(int(r["layer"]), int(r["unit"]), int(r["input"])): float(r["value"])
              for r in rows if r["quantity"] == "update_W"}
    grad = {(int(r["layer"]), int(r["unit"]), int(r["input"])): float(r["value"])
            for r in rows if r["quantity"] == "grad_W"}
    for key, u in update.items():                          # checkable from the file alone
        assert u == pytest.approx(-one("lr") * grad[key], rel=1e-9, abs=1e-15)


def test_trace_csv_without_dropout_says_none(window, tiny, tmp_path):
    s = window.open_scenario(tiny)
    s.player.step_forward()
    path = tmp_path / "plain.csv"
    export.save_trace_csv(s.player.trace, path)
    with path.open() as f:
        rows = list(csv.DictReader(f))
    kinds = [r["quantity"] for r in rows]
    assert "dropout_mask" not in kinds and kinds.count("dropout") == 1
    assert {"lr", "clip_scale", "reg_loss"} <= set(kinds)
    dropout = next(r for r in rows if r["quantity"] == "dropout")
    assert float(dropout["value"]) == 0.0


def test_next_step_animation_at_epoch_makes_the_step_the_player_makes(window, qtbot,
                                                                       tmp_path, monkeypatch):
    """At "epoch", ▶| makes the rest of the epoch (25 updates in the MLP playground) and
    shows the last; the export had recorded and made a single update."""
    s = window.open_scenario("mlp")
    qtbot.wait(30)
    s.player.set_granularity("epoch")
    steps = s.session.steps
    per_epoch = s.session.trainer.steps_per_epoch(len(s.session.X))
    warned = _dialogs(monkeypatch, tmp_path / "epoch.png")
    window.menus.export_animation()
    assert not warned, warned
    assert s.session.steps == steps + per_epoch > steps + 1
    assert s.player.granularity == "epoch" and s.player.step_complete()
    frames = sorted(tmp_path.glob("epoch-*.png"))
    assert len(frames) >= 3
    s.player.step_back()                  # one undo step: the whole epoch, as for ▶|
    assert s.session.steps == steps


@pytest.mark.parametrize("choice", [0, 1])      # the next step; N training steps
def test_xor_animation_starts_on_the_page_that_learns(window, qtbot, tmp_path, monkeypatch,
                                                      choice):
    """Exported from XOR's first page (the hand-built network, which does not learn), the
    animation's first frame had shown that page and the next ones the learned network's:
    every frame now shows the learned network, the page the steps change."""
    s = window.open_scenario("xor")
    s.show_page(0)
    qtbot.wait(30)
    warned = _dialogs(monkeypatch, tmp_path / "xor.png", choice=choice, steps=2)
    window.menus.export_animation()
    assert not warned, warned
    assert s.settings["page"] == 1
    frames = [QImage(str(f)) for f in sorted(tmp_path.glob("xor-*.png"))]
    assert len(frames) >= 3
    s.show_page(0)                 # what the hand-built page looks like, for comparison
    qtbot.wait(30)
    hand = export.image_to_rgb(export.render_image(window._view))
    first = export.image_to_rgb(frames[0])
    assert first.shape != hand.shape or not np.array_equal(first, hand)
    # the first frame and the second show the same page: most of the picture is unchanged
    second = export.image_to_rgb(frames[1])
    assert (first == second).all(axis=2).mean() > 0.5


NO_STEPS = [("trace as CSV", name, "step.csv") for name in
            ("mcculloch-pitts", "neuron", "activations", "gradient-descent")] + \
           [("animation", name, "anim.gif") for name in ("activations", "neuron")]


@pytest.mark.parametrize("item, name, file", NO_STEPS)
def test_exports_of_steps_in_a_scenario_without_steps_say_so(window, qtbot, tmp_path,
                                                             monkeypatch, item, name, file):
    """In a scenario with nothing to step, File ▸ Export step trace said "step forward once
    first" (which nothing there can do) and Export animation ▸ N training steps wrote N
    identical frames and said "Exported": both say there are no steps, point to Export
    picture, and write nothing."""
    window.open_scenario(name)
    qtbot.keyClick(window, Qt.Key.Key_Right)       # as the old message told
    target = tmp_path / file
    warned = _dialogs(monkeypatch, target)
    action = next(a for a in window.menus.file_menu.actions() if item in a.text())
    action.trigger()
    message = window.statusBar().currentMessage()
    assert "no training steps" in message and "Export picture" in message
    assert "step forward" not in message and not target.exists() and not warned


def test_gradient_descent_animation_grows_the_paths_one_update_a_frame(window, qtbot, tmp_path,
                                                                       monkeypatch):
    """Export animation ▸ N training steps in Gradient descent had two distinct frames (the
    first step drew every path to its end): it starts at the start point and each frame
    draws one more update, the readout following; the view is left after those N updates."""
    gd = window.open_scenario("gradient-descent")
    gd.settle()                                     # the opening animation: at its end
    assert gd.revealed == gd.length
    warned = _dialogs(monkeypatch, tmp_path / "gd.png", steps=4)
    window.menus.export_animation()
    assert not warned, warned
    frames = [export.image_to_rgb(QImage(str(f))) for f in sorted(tmp_path.glob("gd-*.png"))]
    assert len(frames) == 5
    for a, b in zip(frames, frames[1:]):           # five different pictures
        assert not np.array_equal(a, b)
    assert gd.revealed == 5                         # the start point and four updates
    label = next(iter(gd.paths))
    assert gd.point(label).n == 4                   # the readout's point
    assert gd.current_stats()["steps"] == 4
    path = gd.paths[label]
    assert gd.current_stats()["loss"] == pytest.approx(float(path.loss[4]))
    gd.run_steps(10 ** 6)                           # more than the path has: its end
    assert gd.revealed == gd.length
    assert gd.current_stats()["steps"] == len(path) - 1
