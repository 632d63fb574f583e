"""Shared test set-up: offscreen Qt, settings kept away from the user's, no stray timers."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests never touch the user's real settings, autosave or recent files.
_CONFIG = tempfile.mkdtemp(prefix="nnviz-test-config-")
os.environ["XDG_CONFIG_HOME"] = _CONFIG
os.environ["XDG_DATA_HOME"] = _CONFIG
os.environ["XDG_CACHE_HOME"] = _CONFIG
os.environ["NNVIZ_CONFIG_DIR"] = _CONFIG

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def qapp_cls():
    from PySide6.QtWidgets import QApplication
    return QApplication


@pytest.fixture(scope="session", autouse=False)
def _qt_names(qapp):
    from PySide6.QtCore import QCoreApplication, QStandardPaths
    QStandardPaths.setTestModeEnabled(True)
    QCoreApplication.setOrganizationName("nnviz-tests")
    QCoreApplication.setApplicationName("nnviz-tests")
    return qapp


@pytest.fixture
def main_window(qtbot, _qt_names):
    """A real MainWindow, shown, closed after the test."""
    from nnviz.ui.mainwindow import MainWindow
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


@pytest.fixture
def open_scenario(main_window):
    """open_scenario(name) → the Scenario, opened in a real main window."""
    def _open(name):
        return main_window.open_scenario(name)
    return _open


def delete_closed_widgets() -> None:
    """Delete now the widgets whose deleteLater() is pending: pytest-qt closes a test's
    windows with close() and deleteLater(), but outside an event loop nothing deletes them
    until a later test waits (qtbot.wait, waitUntil). Till then they stayed alive and
    connected: every zoom, theme or projector change of the tests after restyled up to a
    dozen dead main windows with their plots (a test zooming in ten steps took 10 s instead
    of 1.5)."""
    import sys
    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtCore import QCoreApplication, QEvent
    if QCoreApplication.instance() is not None:
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


@pytest.fixture(autouse=True)
def _theme_restored():
    """Each test starts in the default look: a test that switches palette, mode or zoom
    must not leave it to the next (under xdist the next one differs from run to run).
    The test's closed windows are deleted first (delete_closed_widgets), not restyled."""
    yield
    delete_closed_widgets()
    import sys
    theme = sys.modules.get("nnviz.ui.theme")
    if theme is None or theme._manager is None:
        return
    m = theme.manager()
    if (m.mode, m.palette, m.edge_boost, m.zoom) != ("light", "default", 1.0, 1.0) \
            or m.theme is not theme.LIGHT:
        m.edge_boost = 1.0
        m.zoom = 1.0
        m.set_appearance(mode="light", palette="default")
