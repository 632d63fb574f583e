"""The package, the command line and the ground rules."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import nnviz
from nnviz import app, scenarios

ROOT = Path(__file__).resolve().parents[1]


def test_version_comes_from_package_metadata(capsys):
    with pytest.raises(SystemExit) as exc:
        app.main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"nnviz {nnviz.__version__}"
    assert nnviz.__version__ != "0.0.0+source", "tests run against the installed package"


def test_list_scenarios_prints_registry(capsys):
    assert app.main(["--list-scenarios"]) == 0
    assert capsys.readouterr().out.split() == scenarios.names()


def test_screenshot_options_without_a_screenshot_are_said_to_be_ignored(capsys):
    """--steps and --size were silently ignored without --screenshot."""
    assert app.main(["--steps", "5", "--size=800x600", "--scenario", "nope"]) == 2
    err = capsys.readouterr().err
    assert "--steps and --size only apply with --screenshot; ignored" in err
    assert app.main(["--scenario", "nope"]) == 2
    assert "only apply" not in capsys.readouterr().err


def test_help_names_the_scenarios(capsys):
    with pytest.raises(SystemExit):
        app.main(["--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "open on a scenario: mcculloch-pitts, perceptron" in out


def test_unknown_scenario_is_a_clear_error(capsys):
    assert app.main(["--scenario", "nope"]) == 2
    err = capsys.readouterr().err
    assert "unknown scenario 'nope'" in err and "valid names" in err


def test_bad_size_is_a_clear_error(capsys):
    with pytest.raises(SystemExit) as exc:
        app.main(["--screenshot", "x.png", "--size", "huge"])
    assert exc.value.code == 2
    assert "size must look like 1920x1080" in capsys.readouterr().err


def test_engine_never_imports_qt():
    engine = ROOT / "nnviz" / "engine"
    modules = sorted("nnviz.engine." + p.stem for p in engine.glob("*.py") if p.stem != "__init__")
    code = textwrap.dedent(f"""
        import importlib, sys
        for m in {modules!r} + ["nnviz.engine"]:
            importlib.import_module(m)
        bad = [m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "pyqtgraph")]
        print(",".join(bad))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"engine imported {out.stdout.strip()}"


def test_void_qt_calls_do_not_corrupt_none():
    """PySide6 6.12.0 on Python 3.11 aborted after a few thousand void Qt calls."""
    code = textwrap.dedent("""
        import os
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtGui import QGuiApplication, QImage, QPainter, QColor
        app = QGuiApplication([])
        img = QImage(64, 64, QImage.Format.Format_ARGB32)
        p = QPainter(img)
        for i in range(20_000):
            p.setPen(QColor(i % 255, 0, 0))
            p.drawLine(0, 0, i % 64, 63)
        p.end()
        print("survived")
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "survived"


def test_resources_are_found():
    assert nnviz.resources_path().is_dir()
    with pytest.raises(FileNotFoundError, match="known"):
        nnviz.resources_path("no-such-file.png")


def test_main_window_opens_on_start_page(main_window):
    assert main_window.stack.currentWidget() is main_window.start_page
    assert main_window.windowTitle() == "nnviz"


def test_positional_file_means_open(capsys, tmp_path):
    missing = tmp_path / "nothing.nnviz"
    shot = str(tmp_path / "s.png")
    assert app.main([str(missing), "--screenshot", shot]) == 2
    assert "no such file" in capsys.readouterr().err
    assert app.main([str(tmp_path), "--screenshot", shot]) == 2   # a folder, said so
    assert "it is a folder" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        app.main([str(missing), "--open", str(tmp_path / "other.nnviz")])
    assert "either FILE or --open FILE" in capsys.readouterr().err


@pytest.mark.parametrize("argv, words", [
    (["--scenario", "xor", "--screenshot", "{tmp}/missing/x.png"], "does not exist"),
    (["--scenario", "xor", "--screenshot", "{tmp}/x.jpg"], "ending in .png"),
    (["{tmp}/f.nnviz", "--scenario", "xor"], "not both")])
def test_command_line_mistakes_are_said_before_any_work(capsys, tmp_path, argv, words):
    """A screenshot into a missing folder or with the wrong ending was found out only
    after the window was built and trained ("could not write 'x.jpg'", no reason); a
    file and --scenario together silently ignored --scenario."""
    assert app.main([a.format(tmp=tmp_path) for a in argv]) == 2
    assert words in capsys.readouterr().err
