"""Projector mode, zoom, themes and palettes, blank screen, spotlight, shortcuts sheet."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from nnviz.ui import appearance, theme, zoom


def _font_px(widget) -> int:
    QApplication.processEvents()        # font changes reach widgets as posted events
    return widget.fontInfo().pixelSize()


@pytest.mark.parametrize("t", list(theme.THEMES.values()), ids=lambda t: t.name)
def test_every_theme_meets_wcag_aa(t):
    for fg in (t.text, t.muted):
        for bg in (t.background, t.surface):
            assert theme.contrast_ratio(fg, bg) >= 4.5, (t.name, fg, bg)


@pytest.mark.parametrize("t", list(theme.THEMES.values()), ids=lambda t: t.name)
def test_points_stand_out_from_the_region_of_their_own_class(t):
    """Decision maps tint their regions more softly than the class colours of the points."""
    region, full = theme.region_lut(256, t), theme.diverging_lut(256, t)
    assert region.shape == full.shape and region.dtype == full.dtype
    assert np.array_equal(region[128], full[128])            # the undecided middle: neutral
    for end, colour in ((0, t.negative), (255, t.positive)):
        tint = "#" + "".join(f"{int(v):02x}" for v in region[end])
        assert theme.contrast_ratio(colour, tint) > 1.3, (t.name, colour, tint)


def test_contrast_ratio_matches_wcag_reference_values():
    assert theme.contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert theme.contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert theme.contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)


def test_palettes_and_modes_resolve():
    assert theme.resolve("light", "default") is theme.LIGHT
    assert theme.resolve("dark", "high-contrast") is theme.HIGH_CONTRAST
    assert theme.resolve("dark", "colour-blind") is theme.COLOUR_BLIND_DARK
    assert theme.resolve("system", "default") in (theme.LIGHT, theme.DARK)
    with pytest.raises(ValueError, match="valid"):
        theme.resolve("sepia", "default")


def test_zoom_keys_and_wheel_scale_text_and_canvas(window, tiny, qtbot):
    window.open_scenario(tiny)
    label = window.stats_label
    zoom.set_zoom(1.0)
    base_px = _font_px(label)
    seen = [theme.manager().zoom]
    for _ in range(len(zoom.ZOOM_STEPS)):
        qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
        seen.append(theme.manager().zoom)
    assert seen[-1] == zoom.ZOOM_STEPS[-1] and len(set(seen)) >= 5     # clamped at the top
    assert _font_px(label) >= 2 * base_px
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert theme.manager().zoom == 1.0 and _font_px(label) == base_px
    for _ in range(len(zoom.ZOOM_STEPS)):
        qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert theme.manager().zoom == zoom.ZOOM_STEPS[0] and _font_px(label) < base_px
    assert len(zoom.ZOOM_STEPS) >= 8                                   # at least 7 steps
    zoom.set_zoom(1.0)
    canvas = window.scenario.canvas
    small = canvas.edge_style(0, 0, 0)[1]
    target = canvas.rect().center()
    ev = QWheelEvent(QPointF(target), QPointF(canvas.mapToGlobal(target)), QPoint(0, 0),
                     QPoint(0, 240), Qt.MouseButton.NoButton,
                     Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(canvas, ev)       # (the steps run right after the event)
    qtbot.waitUntil(lambda: theme.manager().zoom == zoom.ZOOM_STEPS[zoom.nearest_step(1.0) + 2])
    assert canvas.edge_style(0, 0, 0)[1] > small                     # lines grow too


def test_f5_projector_mode_and_back(window, tiny, qtbot):
    window.open_scenario(tiny)
    theme.manager().set_appearance(mode="light", palette="default")
    zoom.set_zoom(1.0)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    p = window.projector
    assert p.active and window.isFullScreen()
    assert not window.controls_dock.isVisible() and not window.menuBar().isVisible()
    assert window.plots_dock.isVisible() or window.plots_dock.widget() is None
    assert window.centralWidget().isVisible()
    assert theme.current().name.startswith("high-contrast")
    assert theme.current().edge_scale > theme.HIGH_CONTRAST_LIGHT.edge_scale * 1.2
    assert appearance.font_px() >= 20 and _font_px(window.stats_label) >= 20
    window.open_scenario(tiny)                   # switching scenarios keeps the layout
    assert not window.controls_dock.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F6)        # the controls, in projector type, on demand
    assert window.controls_dock.isVisible() and p.active and window.isFullScreen()
    assert _font_px(window.controls_dock.widget()) >= 20
    qtbot.keyClick(window, Qt.Key.Key_F6)
    assert not window.controls_dock.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F7)        # no plots here: no empty panel either
    assert not window.plots_dock.isVisible() and window.plots_dock.widget() is None
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert not p.active and not window.isFullScreen()
    assert window.controls_dock.isVisible() and window.menuBar().isVisible()
    assert theme.current() is theme.LIGHT and theme.manager().zoom == 1.0


def test_f6_f7_show_and_hide_the_panels_never_empty(window, qtbot):
    for dock in (window.controls_dock, window.plots_dock):     # start page: nothing to show
        qtbot.keyClick(window, Qt.Key.Key_F6 if dock is window.controls_dock else Qt.Key.Key_F7)
        assert not dock.isVisible()
    window.open_scenario("xor")
    for key, dock in ((Qt.Key.Key_F6, window.controls_dock), (Qt.Key.Key_F7, window.plots_dock)):
        assert dock.isVisible() and dock.widget() is not None
        qtbot.keyClick(window, key)
        assert not dock.isVisible()
        qtbot.keyClick(window, key)
        assert dock.isVisible()
    window.open_scenario(None)
    qtbot.keyClick(window, Qt.Key.Key_F7)
    assert not window.plots_dock.isVisible()


def test_projector_body_text_at_1920x1080(window, tiny, qtbot):
    window.open_scenario(tiny)
    window.projector.set_active(True)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(1920, 1080)
    qtbot.wait(1)
    assert window.width() >= 1000
    assert all(_font_px(w) >= 20 for w in (window.stats_label, window.scenario_box))
    window.projector.set_active(False)


def test_b_blanks_the_screen_and_clicker_keys_step(window, tiny, qtbot):
    s = window.open_scenario(tiny)
    window.projector.set_active(True)
    qtbot.keyClick(window, Qt.Key.Key_B)
    assert window.projector.blanked
    assert window.projector.overlay.geometry() == window.rect()
    qtbot.keyClick(window, Qt.Key.Key_B)
    assert not window.projector.blanked
    assert s.player.trace is None
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert s.player.trace is not None
    first = s.player.group_position()
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert s.player.group_position() != first
    qtbot.keyClick(window, Qt.Key.Key_PageUp)
    assert s.player.group_position() == first
    window.projector.set_active(False)


def test_spotlight_dims_all_but_the_current_unit(window, tiny, qtbot):
    from nnviz.ui.spotlight import Spotlight
    s = window.open_scenario(tiny)
    s.player.set_granularity("unit")
    qtbot.keyClick(window, Qt.Key.Key_S)
    spot = s.canvas.findChild(Spotlight, "spotlight")
    assert spot is not None and spot.spots() == []
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    ev = s.player.event
    assert spot.spots() == [s.canvas.unit_pos(ev.layer + 1, ev.unit)]
    lit = spot.spots()[0].toPoint()
    other = s.canvas.unit_pos(2, 0).toPoint()            # the output unit: not current
    with_spot = s.canvas.grab().toImage()
    spot.hide()
    without = s.canvas.grab().toImage()
    spot.show()
    assert with_spot.pixelColor(lit) == without.pixelColor(lit)       # lit stays as it was
    bg = theme.current().qcolor("background")

    def distance(c):
        return abs(c.red() - bg.red()) + abs(c.green() - bg.green()) + abs(c.blue() - bg.blue())
    assert distance(with_spot.pixelColor(other)) < distance(without.pixelColor(other))
    qtbot.keyClick(window, Qt.Key.Key_S)
    assert s.canvas.findChild(Spotlight, "spotlight") is None


def test_f1_shortcuts_sheet_lists_real_actions(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialogs = [d for d in window.menus._dialogs if d.objectName() == "shortcuts_dialog"]
    assert dialogs and dialogs[-1].isVisible()
    text = "\n".join(f"{k} {d}" for k, d in dialogs[-1].rows)
    for expected in ("F5", "Projector mode", "B", "Blank the screen", "Page Down", "Ctrl++",
                     "Zoom in", "F6 Scenario panel", "F7 Plots panel"):
        assert expected in text, expected


def test_settings_dialog_switches_palette(window, qtbot):
    dialog = window.menus.settings_dialog()
    dialog.mode_box.setCurrentIndex(dialog.mode_box.findData("dark"))
    dialog.palette_box.setCurrentIndex(dialog.palette_box.findData("colour-blind"))
    assert theme.current() is theme.COLOUR_BLIND_DARK
    pal = QApplication.palette()
    assert pal.color(pal.ColorRole.Base).name() == theme.COLOUR_BLIND_DARK.background
    dialog.palette_box.setCurrentIndex(dialog.palette_box.findData("default"))
    dialog.mode_box.setCurrentIndex(dialog.mode_box.findData("light"))
    assert theme.current() is theme.LIGHT


def test_about_shows_version(window, qtbot, monkeypatch):
    import nnviz
    from nnviz.ui import menus
    shown = {}
    monkeypatch.setattr(menus.QMessageBox, "about", lambda parent, title, text:
                        shown.update(text=text))
    window.menus.about()
    assert nnviz.__version__ in shown["text"]


def test_check_boxes_grow_with_the_zoom_and_stand_out(window, qtbot):
    """Qt keeps a check box's box 13 px whatever the type size, outlined in a grey of 1.7:1
    on white: in projector type it was hard to see and to hit."""
    from PySide6.QtWidgets import QCheckBox, QStyle
    box = QCheckBox("Show test data", window.centralWidget())
    box.show()
    metric = QStyle.PixelMetric.PM_IndicatorWidth
    zoom.set_zoom(1.0)
    base = box.style().pixelMetric(metric)
    window.projector.set_active(True)
    try:
        qtbot.wait(1)
        z = theme.manager().zoom
        assert box.style().pixelMetric(metric) == round(base * z) >= 20
        rect = box.style().subElementRect(QStyle.SubElement.SE_CheckBoxIndicator,
                                          _option(box), box)
        assert rect.width() >= 20
        img = box.grab().toImage()
        edge = img.pixelColor(rect.left() + 1, rect.center().y())      # the box's outline
        inside = img.pixelColor(rect.center().x(), rect.center().y())
        assert theme.contrast_ratio(edge.name(), inside.name()) >= 3.0, (edge.name(),
                                                                          inside.name())
    finally:
        window.projector.set_active(False)
        box.deleteLater()


def _option(box):
    from PySide6.QtWidgets import QStyleOptionButton
    opt = QStyleOptionButton()
    box.initStyleOption(opt)
    return opt


def test_escape_leaves_projector_mode_but_cancels_an_edit_first(window, qtbot):
    """Full screen with no menu bar: a teacher who did not know F5 was stuck. Escape lifts
    the blank screen, then leaves; a number being typed keeps its Escape (cancel)."""
    from PySide6.QtWidgets import QApplication
    sc = window.open_scenario("gradient-descent")
    p = window.projector
    qtbot.keyClick(window, Qt.Key.Key_Escape)          # not in projector mode: nothing
    assert not p.active
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert p.active
    qtbot.keyClick(window, Qt.Key.Key_F6)               # the controls, to type a number
    box = sc.steps_box
    box.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is box.lineEdit()
                    or QApplication.focusWidget() is box)
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert p.active                                     # the box got it
    window.centralWidget().setFocus()
    qtbot.keyClick(window, Qt.Key.Key_B)
    assert p.blanked
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not p.blanked and p.active
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not p.active and not window.isFullScreen() and window.menuBar().isVisible()


def test_slide_items_are_grey_without_a_lesson(window, qtbot):
    from nnviz import lessons
    menus = window.menus
    menus.lesson_menu.aboutToShow.emit()
    assert not any(a.isEnabled() for a in menus.slide_actions)
    menus.lesson_menu.aboutToHide.emit()
    assert all(a.isEnabled() for a in menus.slide_actions)     # their keys keep working
    window.start_lesson(lessons.load(lessons.shipped()[0]))
    menus.lesson_menu.aboutToShow.emit()
    assert all(a.isEnabled() for a in menus.slide_actions)
    window.end_lesson()


def test_settings_dialog_saves_only_what_changed_and_not_the_projectors_look(
        qtbot, _qt_names, tmp_path, monkeypatch):
    """Changing the theme in projector mode saved high contrast at 150 % as the teacher's
    own look (the next start opened in it); changing the theme after Ctrl + put the zoom
    back to the dialog's stale value."""
    from nnviz.ui.mainwindow import MainWindow
    monkeypatch.setenv("NNVIZ_CONFIG_DIR", str(tmp_path))
    m = theme.manager()
    theme.manager().set_appearance(mode="light", palette="default")
    zoom.set_zoom(1.0)
    w = MainWindow(remember=True)
    qtbot.addWidget(w)
    w.show()
    try:
        dialog = w.menus.settings_dialog()
        zoom.set_zoom(1.3)                                  # Ctrl + twice, elsewhere
        assert dialog.zoom_box.currentData() == 1.3        # the dialog follows
        dialog.mode_box.setCurrentIndex(dialog.mode_box.findData("dark"))
        assert m.zoom == 1.3 and m.mode == "dark"          # the zoom stays
        assert w.settings.get("theme/mode") == "dark"
        w.projector.set_active(True)
        assert "Projector mode is on" in dialog.note.text()
        dialog.palette_box.setCurrentIndex(dialog.palette_box.findData("colour-blind"))
        assert m.palette == "colour-blind"                  # applies now …
        assert w.settings.get("theme/palette") != "colour-blind"   # … but is not saved
        assert w.settings.get("view/zoom") != m.zoom
        w.projector.set_active(False)
        assert m.palette == "default" and m.zoom == 1.3 and m.mode == "dark"
        dialog.close()
    finally:
        w.projector.set_active(False)
        w.close()
        theme.manager().set_appearance(mode="light", palette="default")
        zoom.set_zoom(1.0)


def test_zooming_in_stops_where_the_window_no_longer_fits_its_screen(window, qtbot,
                                                                     monkeypatch):
    """250 % on a 1366×768 screen forced the window taller than the screen (the status
    line and the numbers fell off). Zooming in stops at the largest zoom that fits, and
    says so; zooming out is never refused. (From 200 % the XOR panels no longer fit
    1366 px side by side: the plots would scroll sideways. Softmax's three plots, one
    above the other, now scroll in their panel instead of holding the window taller; the
    MLP, whose formula panel had asked for its whole sign-convention note, fits at 250 %.)"""
    from PySide6.QtCore import QSize
    room = QSize(1366, 728)
    monkeypatch.setattr(zoom, "available_size", lambda w: room)
    window.open_scenario("xor")
    zoom.set_zoom(1.0)
    window.resize(1300, 700)
    try:
        for _ in range(len(zoom.ZOOM_STEPS)):
            qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
            qtbot.wait(20)
            hint = window.minimumSizeHint()
            assert hint.width() <= room.width() and hint.height() <= room.height()
        assert theme.manager().zoom < zoom.ZOOM_STEPS[-1]
        assert "does not fit this 1366×728 screen" in window.statusBar().currentMessage()
        assert window.height() <= room.height()       # the trial's growth is undone
        dialog = window.menus.settings_dialog()               # the dialog's list too
        dialog.zoom_box.setCurrentIndex(len(zoom.ZOOM_STEPS) - 1)
        assert dialog.zoom_box.currentData() == theme.manager().zoom < zoom.ZOOM_STEPS[-1]
        dialog.close()
        window.zoom.zoom_out.trigger()
        assert theme.manager().zoom < zoom.ZOOM_STEPS[-2]
    finally:
        zoom.set_zoom(1.0)


def test_b_blanks_again_after_escape_lifted_the_blank_screen(window, qtbot):
    window.open_scenario("xor")
    p = window.projector
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.keyClick(window, Qt.Key.Key_B)
    assert p.blanked and p.blank_action.isChecked()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not p.blanked and not p.blank_action.isChecked() and p.active
    qtbot.keyClick(window, Qt.Key.Key_B)
    assert p.blanked                        # the next B blanks (it had needed two)
    qtbot.keyClick(window, Qt.Key.Key_B)
    qtbot.keyClick(window, Qt.Key.Key_F5)
