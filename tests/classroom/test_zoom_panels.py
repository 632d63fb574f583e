"""Zooming in keeps the side panels whole: it stops where they would have to scroll sideways."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QScrollArea

from nnviz.ui import theme, window_fit, zoom


def _sideways(dock) -> bool:
    """Whether the dock's panel has to scroll sideways to show its content."""
    areas = [dock.widget()] + dock.widget().findChildren(QScrollArea)
    return any(a.isVisible() and a.horizontalScrollBar().maximum() > 0 for a in areas
               if isinstance(a, QScrollArea))


def test_zooming_in_stops_before_a_side_panel_must_scroll_sideways(window, qtbot, monkeypatch):
    """At 250 % on a 1280×720 screen XOR's panel got 160 of the 436 px its content needed
    (the text ran off to the right, a word per line, with a sideways scroll bar), because
    the window's own least size still fitted. Zooming in now stops at the largest zoom at
    which the panels fit beside the view, says so, and the panels show their content
    whole at every zoom it reached, and after the trial of the one it refused (the plots'
    page stack had kept the trial's least width: see PageStack.event)."""
    room = QSize(1280, 720)
    monkeypatch.setattr(zoom, "available_size", lambda w: room)
    window.open_scenario("xor")
    zoom.set_zoom(1.0)
    window.resize(room)
    qtbot.wait(50)
    docks = (window.controls_dock, window.plots_dock)
    try:
        for _ in range(len(zoom.ZOOM_STEPS)):
            before = theme.manager().zoom
            qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
            qtbot.wait(400)              # (the docks are balanced again 300 ms after a zoom)
            if theme.manager().zoom == before:
                break
            assert window_fit.panels_fit(window, room.width()), theme.manager().zoom
            for dock in docks:
                assert not _sideways(dock), (theme.manager().zoom, dock.objectName())
        assert 1.0 < theme.manager().zoom < zoom.ZOOM_STEPS[-1]
        assert "does not fit this 1280×720 screen" in window.statusBar().currentMessage()
        assert window.width() <= room.width()
        kept = theme.manager().zoom
        dialog = window.menus.settings_dialog()      # 250 % chosen in the settings: refused
        dialog.zoom_box.setCurrentIndex(len(zoom.ZOOM_STEPS) - 1)
        dialog.close()
        assert theme.manager().zoom == kept
        qtbot.wait(400)     # and the refused zooms' trials left the panels as they were
        for dock in docks:
            assert not _sideways(dock), dock.objectName()
    finally:
        zoom.set_zoom(1.0)


def test_a_panel_that_needs_more_than_its_most_share_does_not_fit(window, qtbot):
    """A side panel takes at most MOST_SHARE of the window (the rest scrolls): one whose
    content needs more does not fit that width, however little the other needs."""
    window.open_scenario("xor")
    qtbot.wait(50)
    need = window_fit.content_width(window.plots_dock)
    assert not window_fit.panels_fit(window, int(need / window_fit.MOST_SHARE) - 2)
    assert window_fit.panels_fit(window, 4000)

