"""Opening a path that is not a regular file (a named pipe, a device such as /dev/zero, a
folder) or is absurdly large: a message saying what it is and what to choose, checked
before the file is ever opened (opening a named pipe waits for a writer; /dev/zero never
ends), and never a traceback."""

from __future__ import annotations

import builtins
import io
import os

import pytest
from PySide6.QtWidgets import QMessageBox

from nnviz import app, files, lessons
from nnviz.files import NnvizFileError

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


@pytest.fixture
def never_opened(monkeypatch):
    """Paths that must never be opened: opening one fails the test at once (it would wait
    for a writer, and the test would hang)."""
    guarded: set[str] = set()
    real_open, real_os_open = builtins.open, os.open

    def refuse(path):
        if isinstance(path, (str, bytes, os.PathLike)) and \
                os.path.abspath(os.fsdecode(path)) in guarded:
            raise AssertionError(f"{path} was opened")

    def guarded_open(file, *a, **k):
        refuse(file)
        return real_open(file, *a, **k)

    def guarded_os_open(path, *a, **k):
        refuse(path)
        return real_os_open(path, *a, **k)

    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "open", guarded_open)
    monkeypatch.setattr(os, "open", guarded_os_open)
    return lambda path: guarded.add(os.path.abspath(str(path))) or str(path)


def _special(kind, tmp_path, name="special.nnviz"):
    if kind == "named pipe":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no named pipes here")
        path = tmp_path / name
        os.mkfifo(path)
        return str(path), "it is not a regular file (it is a named pipe)"
    if kind == "device":
        if not os.path.exists("/dev/zero"):
            pytest.skip("no /dev/zero here")
        return "/dev/zero", "it is not a regular file (it is a device"
    path = tmp_path / name
    path.mkdir()
    return str(path), "it is a folder, not a file"


@pytest.mark.parametrize("name", ["special.nnviz", "special.nnviz-lesson", "special"])
@pytest.mark.parametrize("kind", ["named pipe", "device", "folder"])
def test_not_a_regular_file_is_refused_before_it_is_opened(tmp_path, never_opened, kind, name):
    path, words = _special(kind, tmp_path, name)
    never_opened(path)
    for load in (files.load, lessons.load):
        with pytest.raises(NnvizFileError) as exc:
            load(path)
        message = str(exc.value)
        assert words in message and "choose a .nnviz or .nnviz-lesson file" in message
    assert lessons.is_lesson(path) == path.endswith(lessons.SUFFIX)


def test_an_absurdly_large_file_is_refused_unread(tmp_path, never_opened):
    for name in ("big.nnviz", "big.nnviz-lesson", "big.json"):
        path = tmp_path / name
        with path.open("wb") as f:                 # sparse: no 64 MB written
            f.truncate(files.MAX_FILE_BYTES + 1)
        never_opened(path)
        for load in (files.load, lessons.load):
            with pytest.raises(NnvizFileError, match="at most 64 MB"):
                load(path)
        assert lessons.is_lesson(path) == name.endswith(lessons.SUFFIX)


@needs_fifo
@pytest.mark.skipif(not hasattr(os, "O_NONBLOCK"), reason="no non-blocking open here")
def test_a_file_swapped_for_a_pipe_after_the_check_is_refused_once_open(tmp_path, monkeypatch):
    """Replaced between the check and the open: opened without waiting, then refused."""
    path = tmp_path / "swapped.nnviz"
    os.mkfifo(path)
    monkeypatch.setattr(files, "check_readable", lambda p: 0)
    with pytest.raises(NnvizFileError, match="named pipe"):
        files.read_bytes(path)


def test_missing_file_and_bad_name_say_so(tmp_path):
    with pytest.raises(NnvizFileError, match="there is no such file"):
        files.load(tmp_path / "nothing.nnviz")
    with pytest.raises(NnvizFileError, match="not a usable file name"):
        lessons.load(str(tmp_path / "bad\0name.nnviz-lesson"))
    assert not lessons.is_lesson(str(tmp_path / "bad\0name.nnviz"))


@needs_fifo
def test_file_open_of_a_named_pipe_shows_a_message_and_changes_nothing(
        window, tiny, tmp_path, monkeypatch, never_opened):
    s = window.open_scenario(tiny)
    before = s.get_state()
    path = never_opened(_special("named pipe", tmp_path)[0])
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(
        (title, text)))
    assert not window.menus.open_file(path)
    assert len(shown) == 1 and shown[0][0] == "Cannot open this file"
    assert "named pipe" in shown[0][1] and "Traceback" not in shown[0][1]
    assert window.scenario is s and s.get_state() == before


@needs_fifo
def test_command_line_open_of_a_named_pipe_shows_a_message(window, tmp_path, monkeypatch,
                                                           never_opened, capsys):
    """`nnviz PATH` opens the file in the shown window (open_at_start)."""
    from nnviz.ui.application import open_at_start
    path = never_opened(_special("named pipe", tmp_path)[0])
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(
        text))
    assert not open_at_start(window, path)
    assert len(shown) == 1 and "named pipe" in shown[0]
    assert "named pipe" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["named pipe", "device", "folder"])
def test_screenshot_of_a_special_file_is_refused_before_the_window(
        tmp_path, never_opened, capsys, kind):
    path, words = _special(kind, tmp_path)
    never_opened(path)
    assert app.main(["--open", path, "--screenshot", str(tmp_path / "s.png")]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
