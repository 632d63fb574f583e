"""Zooming in keeps the side panels whole: it stops where they would have to scroll sideways."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt

from nnviz.ui import theme, window_fit, zoom


def test_zooming_in_stops_before_a_side_panel_must_scroll_sideways(window, qtbot, monkeypatch):
    """At 250 % on a 1280×720 screen XOR's panel got 160 of the 436 px its content needed
    (the text ran off to the right, a word per line, with a sideways scroll bar), because
    the window's own least size still fitted. Zooming in now stops at the largest zoom at
    which the panels show their content whole, and says so; they stay whole at every zoom
    it reached, and after the trial of one it refused (the plots' page stack had kept the
    trial's least width: see PageStack.event)."""
    room = QSize(1280, 720)
    monkeypatch.setattr(zoom, "available_size", lambda w: room)
    window.open_scenario("xor")
    zoom.set_zoom(1.0)
    window.resize(room)
    qtbot.wait(50)
    try:
        for _ in range(len(zoom.ZOOM_STEPS)):
            before = theme.manager().zoom
            qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
            qtbot.wait(400)              # (the docks are balanced again 300 ms after a zoom)
            if theme.manager().zoom == before:
                break
            assert not window_fit.scrolls_sideways(window), theme.manager().zoom
        kept = theme.manager().zoom
        assert 1.0 < kept < zoom.ZOOM_STEPS[-1]
        assert "does not fit this 1280×720 screen" in window.statusBar().currentMessage()
        assert window.width() <= room.width()
        dialog = window.menus.settings_dialog()      # 250 % chosen in the settings: refused
        dialog.zoom_box.setCurrentIndex(len(zoom.ZOOM_STEPS) - 1)
        dialog.close()
        assert theme.manager().zoom == kept
        qtbot.wait(400)     # and the refused zooms' trials left the panels as they were
        assert not window_fit.scrolls_sideways(window)
        zoom.set_zoom(zoom.ZOOM_STEPS[-1])     # (set directly, as a saved setting may be)
        qtbot.wait(400)
        assert window_fit.scrolls_sideways(window)     # what the check sees at 250 %
    finally:
        zoom.set_zoom(1.0)
