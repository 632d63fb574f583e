"""Exports (PNG, SVG, CSV, GIF, PNG sequence), the crash dialog and autosave/restore."""

from __future__ import annotations

import csv
import os
import sys
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage, QImageReader
from PySide6.QtWidgets import QApplication

from nnviz import files, gif
from nnviz.files import NnvizFileError
from nnviz.ui import export


def test_png_and_svg_of_canvas_at_scale(window, tiny, tmp_path):
    s = window.open_scenario(tiny)
    s.run_steps(5)
    png = tmp_path / "canvas.png"
    export.save_picture(s.canvas, png, scale=2.0)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    img = QImage(str(png))
    assert (img.width(), img.height()) == (2 * s.canvas.width(), 2 * s.canvas.height())
    assert len({img.pixel(x, y) for x in range(0, img.width(), 17)
                for y in range(0, img.height(), 17)}) > 3          # not a blank picture
    svg = tmp_path / "canvas.svg"
    export.save_picture(s.canvas, svg, scale=1.0)
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    assert len(list(root.iter())) > 20                               # real vector content
    with pytest.raises(files.NnvizFileError, match=".png or .svg"):
        export.save_picture(s.canvas, tmp_path / "x.jpg")
    with pytest.raises(ValueError, match="scale"):
        export.save_png(s.canvas, tmp_path / "y.png", scale=100)


def test_trace_csv_has_every_number(window, tiny, tmp_path):
    s = window.open_scenario(tiny)
    s.player.step_forward()
    trace = s.player.trace
    path = tmp_path / "step.csv"
    export.save_trace_csv(trace, path)
    with path.open() as f:
        rows = list(csv.DictReader(f))
    kinds = {r["quantity"] for r in rows}
    assert {"x", "target", "z", "a", "delta", "grad_W", "grad_b", "W_before", "W_after",
            "update_W", "update_b", "loss"} <= kinds
    z = {(int(r["layer"]), int(r["sample"]), int(r["unit"])): float(r["value"])
         for r in rows if r["quantity"] == "z"}
    for k, zk in enumerate(trace.z):
        for sample in range(zk.shape[0]):
            for i in range(zk.shape[1]):
                assert z[(k + 1, sample, i)] == zk[sample, i]            # exact, not rounded
    g = [r for r in rows if r["quantity"] == "grad_W" and r["layer"] == "2"]
    assert len(g) == trace.grad_W[1].size
    with pytest.raises(ValueError, match="step forward"):
        export.save_trace_csv(None, path)


def _read_gif(data: bytes):
    buf = QBuffer()
    buf.setData(QByteArray(data))
    buf.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buf, b"gif")
    frames = []
    while True:
        img = reader.read()
        if img.isNull():
            break
        frames.append(export.image_to_rgb(img))
    return frames


def test_gif_encoder_round_trips_exact_colours():
    rng = np.random.default_rng(1)
    colours = rng.integers(0, 256, (40, 3), dtype=np.uint8)
    frames = [colours[rng.integers(0, 40, (37, 53))] for _ in range(4)]
    frames[2] = frames[1].copy()                                # an unchanged frame too
    data = gif.encode(frames, 100)
    assert data[:6] == b"GIF89a" and data[-1:] == b";"
    decoded = _read_gif(data)
    assert len(decoded) == 4
    for a, b in zip(decoded, frames):
        assert np.array_equal(a, b)
    many = rng.integers(0, 256, (64, 64, 3), dtype=np.uint8)   # > 256 colours: quantized
    out = _read_gif(gif.encode([many]))[0]
    assert np.abs(out.astype(int) - many).mean() < 40
    big = np.zeros((300, 700, 3), np.uint8)                      # long runs: table resets
    big[:, :, 0] = np.arange(700) % 200
    assert np.array_equal(_read_gif(gif.encode([big]))[0], big)


def test_animation_of_a_step_and_of_training_steps(window, tiny, tmp_path):
    s = window.open_scenario(tiny)
    s.player.set_granularity("layer")
    frames = export.record(s.canvas, export.step_advancer(s.player), 200, scale=0.5)
    assert 3 < len(frames) < 200 and s.player.step_complete()
    written = export.save_animation(frames, tmp_path / "step.gif", delay_ms=200)
    decoded = _read_gif((tmp_path / "step.gif").read_bytes())
    assert written == [str(tmp_path / "step.gif")] and len(decoded) == len(frames)
    W0 = s.session.net.layers[0].W.copy()
    frames = export.record(s.canvas, lambda: s.run_steps(1), 5, scale=0.5)
    assert len(frames) == 6 and not np.array_equal(W0, s.session.net.layers[0].W)
    names = export.save_animation(frames, tmp_path / "train.png")
    assert [os.path.basename(n) for n in names] == [f"train-{i:04d}.png" for i in range(1, 7)]
    assert all(QImage(n).width() == frames[0].shape[1] for n in names)


def test_crash_dialog_autosaves_copies_and_keeps_running(window, tiny, qtbot):
    from nnviz.ui.crash import CrashReporter
    s = window.open_scenario(tiny)
    s.run_steps(2)
    reporter = CrashReporter(window, autosave=window.autosaver.save_now)
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError:
        reporter.handle(*sys.exc_info())
    dialog = reporter.dialog
    assert dialog.isVisible() and "boom in a slot" in dialog.details.toPlainText()
    assert str(window.autosaver.path) in dialog.message.text()
    assert files.load(window.autosaver.path).state == s.get_state()
    qtbot.mouseClick(dialog.copy_button, qtbot_left())
    assert "RuntimeError: boom in a slot" in QApplication.clipboard().text()
    try:
        raise ValueError("second")
    except ValueError:
        reporter.handle(*sys.exc_info())
    assert reporter.dialog is dialog and "second" in dialog.details.toPlainText()
    dialog.close()
    assert window.isVisible() and window.scenario is s


def qtbot_left():
    from PySide6.QtCore import Qt
    return Qt.MouseButton.LeftButton


def test_crash_reporter_installs_as_excepthook(window):
    from nnviz.ui.crash import CrashReporter
    before = sys.excepthook
    reporter = CrashReporter(window)
    reporter.install()
    assert sys.excepthook == reporter.handle
    reporter.uninstall()
    assert sys.excepthook is before


def test_restore_offer_after_a_crash(qtbot, _qt_names, tiny, tmp_path, monkeypatch):
    """After a crash the notice offers the crashed session's autosave, even once this
    session has autosaved (it wrote over it within a minute, and Restore brought back the
    new work)."""
    from nnviz.ui import autosave
    from nnviz.ui.mainwindow import MainWindow
    monkeypatch.setenv("NNVIZ_CONFIG_DIR", str(tmp_path))
    first = MainWindow()
    qtbot.addWidget(first)
    s = first.open_scenario(tiny)
    s.run_steps(4)
    state = s.get_state()
    assert first.autosaver.save_now() == str(tmp_path / "autosave.nnviz")
    assert (tmp_path / "running.pid").exists()
    (tmp_path / "running.pid").write_text("999999999")        # a process that is gone
    monkeypatch.setattr(autosave, "_pid_alive", lambda pid: pid != 999999999)
    second = MainWindow()
    qtbot.addWidget(second)
    second.show()
    assert second.notice.isVisible()
    other = second.open_scenario("mlp")          # new work autosaves before the restore:
    other.run_steps(3)                            # the crashed session's is kept apart
    assert second.autosaver.save_now() == str(tmp_path / "autosave.nnviz")
    qtbot.mouseClick(second.restore_button, qtbot_left())
    assert second.scenario.name == tiny and second.scenario.get_state() == state
    assert not second.notice.isVisible()
    second.close()
    first.close()
    assert not (tmp_path / "running.pid").exists()               # clean exit
    third = MainWindow()
    qtbot.addWidget(third)
    assert not third.autosaver.crashed_last_time()
    third.close()


def test_every_plot_exports_and_is_named(window, tmp_path, qtbot):
    """Exporting any plot raised a TypeError (a plot is a QGraphicsView, whose render()
    takes other arguments) and the list named them 'Plot 1', 'Plot 2'."""
    from PySide6.QtGui import QImage

    from nnviz.ui import export
    window.open_scenario("xor").show_page(1)
    qtbot.wait(30)
    plots = {k: v for k, v in window.menus.targets().items() if k.startswith("Plot:")}
    assert len(plots) >= 2 and not any(k.startswith("Plot: plot ") for k in plots)
    assert any("loss" in k for k in plots)
    for i, (name, widget) in enumerate(plots.items()):
        path = str(tmp_path / f"p{i}.png")
        export.save_picture(widget, path, 1.0)
        img = QImage(path)
        assert img.width() == widget.width() and len(
            {img.pixel(x, y) for x in range(0, img.width(), 7)
             for y in range(0, img.height(), 7)}) > 3, name
        export.save_picture(widget, str(tmp_path / f"p{i}.svg"), 1.0)


def test_perceptron_exports_say_what_they_can(window, qtbot, monkeypatch):
    """The perceptron's steps are its rule, not a network trace: Export CSV raised an
    AttributeError (no a_in) and 'The next step, event by event' another (no
    step_complete). The CSV export says why there is none; the animation offers N steps."""
    from PySide6.QtWidgets import QInputDialog
    s = window.open_scenario("perceptron")
    s.player.step_forward()
    window.menus.export_csv()
    assert "no network trace" in window.statusBar().currentMessage()
    offered = []
    monkeypatch.setattr(QInputDialog, "getItem",
                        lambda *a, **k: (offered.extend(a[3]), ("", False))[1])
    window.menus.export_animation()
    assert offered and not any("next step" in c for c in offered)


def test_a_failing_autosave_says_so(qtbot, _qt_names, tiny, tmp_path, monkeypatch):
    """A config folder that cannot be written lost every autosave without a word, and the
    crash dialog then said there was no work to save."""
    from nnviz import files
    from nnviz.ui.crash import CrashReporter
    from nnviz.ui.mainwindow import MainWindow
    monkeypatch.setenv("NNVIZ_CONFIG_DIR", str(tmp_path))
    w = MainWindow()
    qtbot.addWidget(w)
    w.open_scenario(tiny)

    def refuse(path, *a, **k):
        raise files.NnvizFileError(str(path), "", "cannot write it (Read-only file system)")
    monkeypatch.setattr(files, "save", refuse)
    assert w.autosaver.save_now() is None
    assert "Autosave failed" in w.statusBar().currentMessage()
    assert "Read-only" in w.statusBar().currentMessage()
    crash = CrashReporter(w, autosave=w.autosaver.save_now)
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        crash.handle(type(exc), exc, exc.__traceback__)
    text = crash.dialog.message.text()
    assert "could not be autosaved" in text and "Save As" in text
    crash.dialog.close()
    w.close()


def test_an_export_that_cannot_be_written_fails_before_any_work(window, tiny, tmp_path,
                                                                 monkeypatch):
    """An animation of N training steps into a folder that could not be written trained
    the scenario first, then failed: the class's network had moved on 200 steps. The
    target is checked first; the message says what to do."""
    from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox
    sc = window.open_scenario(tiny)
    steps = sc.session.steps
    target = str(tmp_path / "missing" / "anim.gif")
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (a[3][-1], True))
    monkeypatch.setattr(QInputDialog, "getInt", lambda *a, **k: (30, True))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (target, ""))
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    window.menus.export_animation()
    assert sc.session.steps == steps                       # nothing was trained
    assert len(shown) == 1 and "does not exist" in shown[0] and "choose another" in shown[0]
    for bad, words in ((str(tmp_path / "anim.txt"), ".gif"),
                       (str(tmp_path / "missing" / "p.png"), "does not exist")):
        with pytest.raises(NnvizFileError, match=words):
            export.check_target(bad, (".gif", ".png"))


def test_an_export_named_without_an_ending_gets_its_types(window, tiny, tmp_path, monkeypatch):
    """A name typed without an ending ("slide1") failed with "choose a name ending in
    .png" and three dialogs to go through again; the chosen type's ending is added (Save
    As adds .nnviz the same way), and an ending of the other type offered is kept."""
    from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox
    sc = window.open_scenario(tiny)
    sc.player.step_forward()
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (a[3][0], True))
    monkeypatch.setattr(QInputDialog, "getDouble", lambda *a, **k: (1.0, True))
    cases = [("slide1", "PNG picture (*.png)", "slide1.png", window.menus.export_picture),
             ("vector", "SVG vector picture (*.svg)", "vector.svg",
              window.menus.export_picture),
             ("typed.svg", "PNG picture (*.png)", "typed.svg", window.menus.export_picture),
             ("numbers", "CSV table (*.csv)", "numbers.csv", window.menus.export_csv),
             ("dot.", "PNG picture (*.png)", "dot.png", window.menus.export_picture)]
    for name, chosen, made, export_it in cases:
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            lambda *a, n=name, c=chosen, **k: (str(tmp_path / n), c))
        export_it()
        assert not shown, shown
        assert (tmp_path / made).is_file(), made
        assert window.statusBar().currentMessage() == f"Exported {tmp_path / made}"


def test_csv_export_before_any_scenario_says_to_open_one(window):
    window.menus.export_csv()
    assert window.statusBar().currentMessage().startswith("Open a scenario first")
