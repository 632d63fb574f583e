"""A main window at a given size (projector mode on or off) with a scenario trained 50
steps: for the tests of what a trained scenario shows at classroom sizes."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Qt


@contextlib.contextmanager
def trained_window(qtbot, name: str, size: tuple[int, int], projector: bool):
    """(window, scenario) of `name` in a shown window of `size`, trained 50 steps."""
    from nnviz.ui.mainwindow import MainWindow
    width, height = size
    w = MainWindow(remember=False)
    qtbot.addWidget(w)
    w.resize(width, height)
    w.show()
    qtbot.waitExposed(w)
    if projector:
        w.projector.set_active(True)
        w.setWindowState(Qt.WindowState.WindowNoState)
        w.resize(width, height)
    try:
        sc = w.open_scenario(name)
        sc.run_steps(50)
        sc.settle()
        qtbot.wait(200)
        yield w, sc
    finally:
        if projector:
            w.projector.set_active(False)
        w.close()
