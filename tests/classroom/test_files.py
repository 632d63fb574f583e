"""Saving and opening .nnviz files: exact round trip, every kind of bad file, atomic save."""

from __future__ import annotations

import json
import os
import sys

import pytest
from PySide6.QtCore import QEvent

from nnviz import files
from nnviz.files import NnvizFileError


def _doc(state, **top):
    d = {"format": "nnviz", "version": 1, "scenario": "classroom-tiny", "state": state}
    d.update(top)
    return d


def _write(tmp_path, data, name="f.nnviz"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_save_then_open_is_exact(window, tiny, tmp_path, qtbot):
    s = window.open_scenario(tiny)
    s.run_steps(7)
    s.lr_spin.setValue(1.25)
    qtbot.mouseClick(s.values_box, qtbot_button())
    before = s.get_state()
    path = str(tmp_path / "saved.nnviz")
    window.save_path(path)
    window.open_scenario(None)
    reopened = window.open_path(path) or window.scenario
    assert reopened.get_state() == before
    assert window.scenario.lr_spin.value() == 1.25
    assert window.scenario.values_box.isChecked() is before["show_values"]
    W = window.scenario.session.net.layers[0].W
    assert W.tolist() == before["network"]["layers"][0]["W"]
    assert "saved.nnviz" in window.windowTitle()


def qtbot_button():
    from PySide6.QtCore import Qt
    return Qt.MouseButton.LeftButton


BAD = {
    "malformed JSON": ('{"format": "nnviz", "version": 1,', "line 1", "not valid JSON"),
    "not an object": ("[1, 2, 3]", "$", "JSON object"),
    "wrong format": ({"format": "other", "version": 1}, "$.format", "not an nnviz file"),
    "wrong version": ({"format": "nnviz", "version": 7, "scenario": "x", "state": {}},
                      "$.version", "version 7 is not supported"),
    "version as text": ({"format": "nnviz", "version": "1"}, "$.version", "whole number"),
    "missing state": ({"format": "nnviz", "version": 1, "scenario": "classroom-tiny"}, "$",
                      "missing key(s): state"),
    "extra key": (_doc({}, colour="red"), "$", "unexpected key(s): colour"),
    "unknown scenario": ({**_doc({}), "scenario": "nope"}, "$.scenario", "unknown scenario"),
    "NaN weight": ('{"format": "nnviz", "version": 1, "scenario": "classroom-tiny", "state": '
                   '{"network": {"layers": [{"W": [[NaN, 1]], "b": [0], "activation": '
                   '"sigmoid"}]}}}', "", "NaN"),
    "absurd layer": (_doc({"sizes": [2, 1_000_000_000, 1]}), "$.state.sizes[1]",
                     "1,000,000,000 units is out of range"),
    "ragged weights": (_doc({"network": {"layers": [
        {"W": [[1, 2], [3]], "b": [0, 0], "activation": "sigmoid"}]}}),
        "$.state.network.layers[0].W[1]", "row has 1 weights"),
    "layers do not chain": (_doc({"network": {"layers": [
        {"W": [[1, 2], [3, 4]], "b": [0, 0], "activation": "sigmoid"},
        {"W": [[1, 2, 3]], "b": [0], "activation": "sigmoid"}]}}),
        "$.state.network.layers[1].W", "takes 3 inputs but the layer before has 2"),
    "bias count": (_doc({"network": {"layers": [
        {"W": [[1, 2]], "b": [0, 0], "activation": "sigmoid"}]}}),
        "$.state.network.layers[0].b", "needs 1 biases"),
    "huge number": (_doc({"lr": 1e300}), "$.state.lr", "absurdly large"),
    "not UTF-8": (None, "byte", "not UTF-8"),
    "wrong shape for scenario": (_doc({"network": {"layers": [
        {"W": [[1, 2, 3]], "b": [0], "activation": "sigmoid"}]}}), "$.state",
        "cannot use these settings"),
    "bad setting": (_doc({"lr": "fast"}), "$.state", "lr: must be a number"),
    "unknown setting": (_doc({"colour": 1}), "$.state", "unknown settings: colour"),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_bad_file_gets_a_message_and_changes_nothing(window, tiny, tmp_path, kind):
    s = window.open_scenario(tiny)
    s.run_steps(3)
    before = s.get_state()
    data, place, problem = BAD[kind]
    if data is None:
        path = tmp_path / "bad.nnviz"
        path.write_bytes(b'{"format": "nnviz", "\xff\xfe"}')
        path = str(path)
    else:
        path = _write(tmp_path, data, "bad.nnviz")
    with pytest.raises(NnvizFileError) as exc:
        window.open_path(path)
    message = str(exc.value)
    assert message.startswith(path), message            # names the file
    assert place in message and problem in message, message
    assert window.scenario is s and s.get_state() == before   # current work untouched


def test_atomic_save_survives_failure_mid_write(tmp_path, monkeypatch):
    path = tmp_path / "work.nnviz"
    files.save(path, "mcculloch-pitts", {"threshold": 1})
    original = path.read_bytes()

    def boom(*a, **k):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(NnvizFileError, match="No space left on device.*left as it was"):
        files.save(path, "mcculloch-pitts", {"threshold": 2})
    assert path.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir()] == ["work.nnviz"]   # no temp file left

    monkeypatch.undo()
    real_fsync = os.fsync

    def fail_fsync(fd):
        real_fsync(fd)
        raise OSError(5, "Input/output error")
    monkeypatch.setattr(os, "fsync", fail_fsync)
    with pytest.raises(NnvizFileError, match="Input/output error"):
        files.save(path, "mcculloch-pitts", {"threshold": 3})
    assert path.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir()] == ["work.nnviz"]


def test_unsaveable_state_is_refused(tmp_path):
    with pytest.raises(NnvizFileError, match=r"\$\.state.*cannot be saved"):
        files.save(tmp_path / "x.nnviz", "mcculloch-pitts", {"w": float("nan")})
    assert not list(tmp_path.iterdir())


def test_cli_open_bad_file_prints_message_and_exits_nonzero(tmp_path):
    import subprocess
    import sys
    bad = _write(tmp_path, {"format": "nnviz", "version": 99, "scenario": "x", "state": {}})
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    shot = str(tmp_path / "shot.png")
    out = subprocess.run([sys.executable, "-m", "nnviz.app", "--open", bad, "--screenshot",
                          shot], capture_output=True, text=True, timeout=60, env=env)
    assert out.returncode != 0
    assert bad in out.stderr and "$.version" in out.stderr and "version 99" in out.stderr
    assert "Traceback" not in out.stderr
    assert not os.path.exists(shot)


@pytest.mark.parametrize("kind", ["broken", "missing", "folder"])
def test_a_double_clicked_bad_file_opens_the_app_with_a_message(qtbot, tmp_path, monkeypatch,
                                                                _qt_names, kind, capsys):
    """`nnviz FILE` (what a desktop runs for a double-clicked file) only printed the
    problem on stderr and exited: a teacher saw nothing at all. The window opens and says
    what is wrong there."""
    from nnviz.ui import application
    from nnviz.ui.mainwindow import MainWindow
    path = {"broken": _write(tmp_path, {"format": "nnviz", "version": 99, "scenario": "x",
                                        "state": {}}),
            "missing": str(tmp_path / "gone.nnviz"), "folder": str(tmp_path)}[kind]
    shown = []
    from PySide6.QtWidgets import QMessageBox
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text: shown.append((parent, title, text)))
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    assert not application.open_at_start(w, path)
    assert len(shown) == 1 and shown[0][0] is w
    assert os.path.basename(path) in shown[0][2] and "File ▸ Open" in shown[0][2]
    assert "\n\nnnviz started without it" in shown[0][2]
    assert w.isVisible() and w.scenario is None
    assert "cannot open" in capsys.readouterr().err
    w.close()


def test_recent_files_remember_and_forget_missing(tmp_path):
    from nnviz.ui.settings import Settings
    s = Settings(tmp_path / "s.ini")
    a, b = tmp_path / "a.nnviz", tmp_path / "b.nnviz"
    a.write_text("{}")
    b.write_text("{}")
    s.add_recent(str(a))
    assert s.add_recent(str(b)) == [str(b), str(a)]
    assert s.add_recent(str(a)) == [str(a), str(b)]
    b.unlink()
    assert s.recent_files() == [str(a)]


@pytest.mark.parametrize("name,state", [
    ("xor", {"page": 1}),
    ("mlp", {"dataset": "plane", "output": "linear", "loss": "mse"}),   # no accuracy
])
def test_figures_that_do_not_exist_save_as_null(window, tmp_path, name, state):
    """XOR has no test set and a regression has no accuracy: their history held NaN, and
    saving (and the autosave) failed with 'Out of range float values are not JSON
    compliant'. They are null in the file and NaN again once opened."""
    import math
    s = window.open_scenario(name)
    s.load_state(state)
    s.run_steps(60)
    h = s.session.history
    assert h["epoch"] and any(isinstance(x, float) and math.isnan(x)
                              for v in h.values() for x in v)
    path = str(tmp_path / f"{name}.nnviz")
    window.save_path(path)
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    assert None in [x for v in doc["state"]["history"].values() for x in v]
    before = {k: list(v) for k, v in h.items()}
    window.open_scenario(None)
    window.open_path(path)
    after = window.scenario.session.history
    for k in before:
        assert len(after[k]) == len(before[k])
        for a, b in zip(after[k], before[k]):
            assert (math.isnan(a) and math.isnan(b)) or a == b


def test_an_absurd_epoch_count_is_refused_with_a_message(window, tmp_path):
    """A 31-digit epoch passed the checks and overflowed later (a traceback)."""
    s = window.open_scenario("mlp")
    state = s.get_state()
    state["epoch"] = 10 ** 30
    path = tmp_path / "big.nnviz"
    path.write_text(json.dumps({"format": "nnviz", "version": 1, "scenario": "mlp",
                                "state": state}))
    with pytest.raises(NnvizFileError, match="epoch"):
        window.open_path(str(path))
    assert window.scenario is s


def test_a_settings_folder_that_cannot_be_made_is_not_fatal(tmp_path, monkeypatch, qtbot,
                                                          _qt_names):
    """A settings folder that could not be created stopped the app with a traceback: a
    temporary folder stands in and the window says so."""
    from nnviz.ui import settings
    from nnviz.ui.mainwindow import MainWindow
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("NNVIZ_CONFIG_DIR", str(blocker / "nnviz"))
    monkeypatch.setattr(settings, "config_problem", "")
    folder = settings.config_dir()
    assert folder.is_dir() and "cannot create the settings folder" in settings.config_problem
    w = MainWindow()
    qtbot.addWidget(w)
    assert "cannot create the settings folder" in w.statusBar().currentMessage()
    w.close()


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_saved_files_are_readable_by_others_as_new_files_are(tmp_path):
    """Saved files were private (mode 0600 from the temporary file), even over a 0644 one:
    a lesson saved in a class folder could not be read by the students."""
    umask = os.umask(0o022)
    try:
        path = tmp_path / "lesson.nnviz"
        files.write_atomic(path, "x")
        assert path.stat().st_mode & 0o777 == 0o644
        path.chmod(0o664)                       # replacing keeps the file's own mode
        files.write_atomic(path, "y")
        assert path.stat().st_mode & 0o777 == 0o664
    finally:
        os.umask(umask)


@pytest.mark.parametrize("scenario, state", [
    ("xor", {"preset": ["or", "nand"]}), ("xor", {"loss": {"a": 1}}),
    ("xor", {"updates": [1]}), ("mlp", {"features": [["x1"]]})])
def test_a_list_where_a_name_belongs_gets_a_plain_message(window, tmp_path, scenario, state):
    """A list or a dictionary where a name belongs gave "cannot use these settings:
    unhashable type: 'list'" (Python's words); the message now says what the setting
    must be."""
    path = _write(tmp_path, {"format": "nnviz", "version": 1, "scenario": scenario,
                             "state": state})
    with pytest.raises(NnvizFileError) as exc:
        window.open_path(path)
    text = str(exc.value)
    assert "unhashable" not in text and "must be" in text, text
    assert next(iter(state)) in text


def test_files_the_desktop_hands_the_app_open(qtbot, _qt_names, tmp_path, monkeypatch):
    """macOS passes a file double-clicked in Finder as a QFileOpenEvent, not on the
    command line: nnviz opened without it. Before the window exists the file waits; after,
    it opens as File ▸ Open does."""
    import subprocess

    from PySide6.QtGui import QFileOpenEvent

    from nnviz.ui import application
    from nnviz.ui.mainwindow import MainWindow
    out = subprocess.run([sys.executable, "-c", "from nnviz.ui.application import make_app; "
                          "print(type(make_app()).__name__)"], capture_output=True, text=True,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=60)
    assert out.stdout.strip() == "NnvizApplication"       # the app that takes the events
    first, second = tmp_path / "a.nnviz", tmp_path / "b.nnviz"
    files.save(first, "mcculloch-pitts", {"threshold": 1})
    files.save(second, "perceptron", {})
    opens = application.FileOpens()
    assert opens.event(QFileOpenEvent(str(first)))         # before the window: it waits
    assert not opens.event(QEvent(QEvent.Type.User))
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    opens.attach(w)
    qtbot.waitUntil(lambda: w.scenario is not None and w.scenario.name == "mcculloch-pitts")
    assert w.scenario.model.unit.threshold == 1
    assert opens.event(QFileOpenEvent(str(second)))        # later: as File ▸ Open
    qtbot.waitUntil(lambda: w.scenario.name == "perceptron")
    w.close()
