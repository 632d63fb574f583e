"""Walking every scenario in a main window of a given size, in projector type or not."""

from __future__ import annotations

from contextlib import contextmanager

from PySide6.QtCore import Qt


def every_scenario(window, qtbot, projector: bool, size: tuple[int, int], steps: int,
                   settle_ms: int = 60):
    """Yield (name, scenario) for every scenario, opened in `window` at `size` (projector
    type on or off, never full screen) after `steps` training steps; projector type is
    switched off again at the end, even when the caller fails."""
    from nnviz import scenarios
    window.projector.set_active(projector)
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowFullScreen)
    window.resize(*size)
    try:
        for name in scenarios.names():
            sc = window.open_scenario(name)
            sc.run_steps(steps)
            qtbot.wait(settle_ms)
            yield name, sc
    finally:
        window.projector.set_active(False)


@contextmanager
def projector_window(window, size: tuple[int, int]):
    """The window in projector type at `size` (not full screen), for the block; projector
    type off again afterwards, even when the block fails."""
    window.projector.set_active(True)
    try:
        window.setWindowState(Qt.WindowState.WindowNoState)
        window.resize(*size)
        yield window
    finally:
        window.projector.set_active(False)


def sized(window, qtbot, w: int, h: int, projector: bool = False) -> None:
    """The window at w×h, in projector mode if asked (kept at that size, not full screen:
    the offscreen screen is 800×800)."""
    window.resize(w, h)
    if projector:
        window.projector.set_active(True)
        window.setWindowState(Qt.WindowState.WindowNoState)
        window.resize(w, h)
    qtbot.wait(150)


@contextmanager
def in_look(window, size: tuple[int, int], look: str):
    """The window at `size` in a look, for the block: "projector", or a zoom such as
    "150 %" (back to 100 % afterwards, even when the block fails)."""
    if look == "projector":
        with projector_window(window, size):
            yield window
        return
    from nnviz.ui import zoom
    window.resize(*size)
    zoom.set_zoom(float(look.split()[0]) / 100)
    window.resize(*size)          # (the zoom may have grown the window)
    try:
        yield window
    finally:
        zoom.set_zoom(1.0)

