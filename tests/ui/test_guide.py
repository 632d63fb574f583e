"""Help ▸ Getting started and Help ▸ What the colours mean: the page names the window's real
keys, and the colour key paints the current theme's colours."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence


def _help_item(window, text):
    for action in window.menus.help_menu.actions():
        if action.text().replace("&", "") == text:
            return action
    raise AssertionError(f"no Help ▸ {text}; the menu has "
                         f"{[a.text() for a in window.menus.help_menu.actions()]}")


def _open(window, qtbot, text):
    from nnviz.ui.guide import GuideDialog
    _help_item(window, text).trigger()
    dialogs = [d for d in window.findChildren(GuideDialog) if d.isVisible()]
    assert len(dialogs) == 1
    qtbot.waitExposed(dialogs[0])
    return dialogs[0]


def test_help_menu_opens_the_guide_on_each_page_once(main_window, qtbot):
    from nnviz.ui.guide import COLOUR_PAGE, START_PAGE
    d = _open(main_window, qtbot, "Getting started")
    assert d.tabs.currentIndex() == START_PAGE
    text = d.start_label.text()
    for heading in ("Pick a scenario", "Watch one step of learning", "Present to a class"):
        assert heading in text
    again = _open(main_window, qtbot, "What the colours mean")
    assert again is d and d.tabs.currentIndex() == COLOUR_PAGE   # the same dialog, raised
    d.close()


def test_getting_started_names_the_real_keys(main_window, qtbot):
    pj = main_window.projector
    d = _open(main_window, qtbot, "Getting started")
    text = d.start_label.text()
    for action in (pj.action, pj.blank_action, pj.spotlight_action,
                   main_window.menus.start_page_action):
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        assert f"<b>{keys}</b>" in text, keys
    pj.action.setShortcut(QKeySequence("F9"))     # read from the action, not written in
    d = _open(main_window, qtbot, "Getting started")
    assert "<b>F9</b>" in d.start_label.text() and "<b>F5</b>" not in d.start_label.text()
    d.close()


def test_colour_key_paints_the_current_theme_and_follows_a_change(main_window, qtbot):
    from nnviz.ui import theme
    d = _open(main_window, qtbot, "What the colours mean")
    m = theme.manager()
    for mode, palette in (("light", "default"), ("dark", "high-contrast"),
                          ("light", "colour-blind")):
        m.set_appearance(mode=mode, palette=palette)
        t = theme.current()
        for role in ("forward", "backward", "highlight", "muted"):
            sw = d.swatches[role]
            img = sw.grab().toImage()
            centre = img.pixelColor(QPoint(img.width() // 2, img.height() // 2))
            if role == "highlight":      # a ring: its colour is on the rim, not the centre
                centre = img.pixelColor(QPoint(img.width() // 2 + 9, img.height() // 2))
            assert centre.name() == getattr(t, role), (mode, palette, role, centre.name())
        ramp = d.swatches["ramp"].grab().toImage()
        y = ramp.height() // 2
        assert ramp.pixelColor(QPoint(6, y)).name() == t.negative
        assert ramp.pixelColor(QPoint(ramp.width() - 7, y)).name() == t.positive
    d.close()


def test_colour_key_covers_the_canvas_legend(main_window, qtbot):
    """Every accent the network canvas's legend names has a row in the colour key."""
    from nnviz.ui.canvas_static import legend_items
    from nnviz.ui.guide import COLOURS

    class _Canvas:       # just what legend_items reads
        class model:
            w_scale = 1.0

        class net_layout:
            font_px = 15

        show_bias_nodes = True

    from PySide6.QtGui import QFont, QFontMetricsF
    accents = {data[0] for kind, _w, data in legend_items(_Canvas, QFontMetricsF(QFont()))
               if kind == "accent"}
    assert accents and accents <= {kind for kind, _name, _text in COLOURS}


def test_start_page_links_open_the_guide(main_window, qtbot):
    """The start page's "New here?" links, followed from the keyboard (Tab to a link, Enter),
    open the guide on the matching page."""
    from PySide6.QtCore import Qt

    from nnviz.ui.guide import COLOUR_PAGE, START_PAGE, GuideDialog
    heading = main_window.start_page.heading
    assert "Getting started" in heading.text() and "What the colours mean" in heading.text()
    main_window.activateWindow()
    for name, page in (("Getting started", START_PAGE), ("What the colours mean", COLOUR_PAGE)):
        for d in main_window.findChildren(GuideDialog):
            d.close()
        main_window.activateWindow()
        heading.setFocus(Qt.FocusReason.OtherFocusReason)
        qtbot.waitUntil(heading.hasFocus)
        for _ in range(4):              # Tab from link to link until this one is selected
            if heading.selectedText() == name:
                break
            qtbot.keyClick(heading, Qt.Key.Key_Tab)
        assert heading.selectedText() == name
        qtbot.keyClick(heading, Qt.Key.Key_Return)
        shown = [d for d in main_window.findChildren(GuideDialog) if d.isVisible()]
        assert len(shown) == 1 and shown[0].tabs.currentIndex() == page


def test_the_guide_opens_in_projector_mode_and_grows_with_the_zoom(main_window, qtbot):
    """Projector mode hides the menu bar: Getting started had no key (Shift+F1 now), and the
    page claimed projector mode hid both side panels (the plots stay). At 200 % the dialog
    and its swatches had kept their 100 % size: one and a half colours per screen."""
    from nnviz.ui import theme
    from nnviz.ui.guide import GuideDialog
    pj = main_window.projector
    main_window.activateWindow()
    pj.action.setChecked(True)
    try:
        assert not main_window.menuBar().isVisible()
        qtbot.keyClick(main_window, Qt.Key.Key_F1, Qt.KeyboardModifier.ShiftModifier)
        shown = [d for d in main_window.findChildren(GuideDialog) if d.isVisible()]
        assert len(shown) == 1
        text = shown[0].start_label.text()
        assert "hides the Scenario panel" in text and "side panels" not in text
        assert "<b>Shift+F1</b>" in text
        shown[0].close()
    finally:
        pj.action.setChecked(False)
    m = theme.manager()
    d = main_window.menus.guide(1)
    small_sw, small_w = d.swatches["ramp"].width(), d.width()
    m.set_zoom(2.0)
    try:
        assert d.swatches["ramp"].width() >= 1.9 * small_sw
        room = d.screen().availableGeometry().width()
        assert d.width() > 1.3 * small_w or d.width() >= 0.9 * room
    finally:
        m.set_zoom(1.0)
    d.close()


def test_every_palette_gives_each_colour_key_entry_its_own_colour():
    """The colour-blind dark palette drew "Update" and "Now" (the current step) in the
    same yellow: the key gave one colour two meanings."""
    from nnviz.ui import theme
    for t in theme.THEMES.values():
        roles = [getattr(t, r) for r in ("forward", "backward", "update", "highlight", "muted",
                                         "negative", "positive")]
        assert len(set(roles)) == len(roles), t.name
