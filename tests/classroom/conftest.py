"""Classroom test fixtures: a tiny registered scenario and a clean theme after each test."""

from __future__ import annotations

import sys
import tempfile

import pytest
from hypothesis import configuration

# Hypothesis writes caches (constants, unicode data) even without an example database; keep
# them out of the source tree, where a .hypothesis folder breaks the next collection.
configuration.set_hypothesis_home_dir(tempfile.mkdtemp(prefix="nnviz-hypothesis-"))


@pytest.fixture(autouse=True)
def _restore_theme():
    from nnviz.ui import theme
    from tests.conftest import delete_closed_widgets
    m = theme.manager()
    saved = (m.theme, m.zoom, m.mode, m.palette, m.edge_boost)
    yield
    delete_closed_widgets()           # (the test's closed windows are not restyled)
    m.mode, m.palette, m.edge_boost = saved[2:]
    if (m.theme, m.zoom) != saved[:2]:
        m.theme, m.zoom = saved[:2]
        m.changed.emit()


@pytest.fixture
def tiny(monkeypatch):
    """Registers the test-only 'classroom-tiny' scenario; returns its name."""
    from nnviz import scenarios

    from . import tiny as module
    monkeypatch.setitem(sys.modules, "nnviz.scenarios._classroom_tiny", module)
    monkeypatch.setitem(scenarios._MODULES, "classroom-tiny",
                        ("_classroom_tiny", "TinyScenario"))
    return "classroom-tiny"


@pytest.fixture
def window(qtbot, _qt_names, tiny):
    from nnviz.ui.mainwindow import MainWindow
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()
