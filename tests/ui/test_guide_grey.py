"""The colour key's "Grey" row showed a near-black dot in projector mode (the high-contrast
theme's muted colour is #262626): every swatch must show the colour its label names, in
every theme, projector mode included."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from nnviz.ui.guide import COLOUR_PAGE


def _lightness_band(word: str) -> tuple[float, float]:
    """The HSL lightness (0…1) a colour's name promises."""
    return {"near-black": (0.0, 0.2), "dark grey": (0.2, 0.35), "grey": (0.35, 0.72),
            "light grey": (0.72, 0.9), "near-white": (0.9, 1.0)}[word.lower()]


def _check_muted_row(dialog):
    sw = dialog.swatches["muted"]
    img = sw.grab().toImage()
    dot = img.pixelColor(QPoint(img.width() // 2, img.height() // 2))
    grid = sw.parentWidget().layout()              # the name beside the swatch
    row = grid.getItemPosition(grid.indexOf(sw))[0]
    word = grid.itemAtPosition(row, 1).widget().text().replace("<b>", "").replace("</b>", "")
    lo, hi = _lightness_band(word)
    assert lo <= dot.lightnessF() <= hi, (word, dot.name())
    assert dot.saturationF() < 0.25, (word, dot.name())     # a grey, not a colour


def test_grey_swatch_in_projector_mode_shows_what_its_label_names(main_window, qtbot):
    pj = main_window.projector
    pj.set_active(True)
    try:
        main_window.setWindowState(Qt.WindowState.WindowNoState)
        d = main_window.menus.guide(COLOUR_PAGE)
        qtbot.waitExposed(d)
        _check_muted_row(d)
        d.close()
    finally:
        pj.set_active(False)


def test_grey_swatch_names_its_colour_in_every_theme(main_window, qtbot):
    from nnviz.ui import theme
    m = theme.manager()
    before = m.mode, m.palette
    d = main_window.menus.guide(COLOUR_PAGE)
    qtbot.waitExposed(d)
    try:
        for palette in theme.PALETTES:
            for mode in ("light", "dark"):
                m.set_appearance(mode=mode, palette=palette)
                _check_muted_row(d)
    finally:
        m.set_appearance(mode=before[0], palette=before[1])
        d.close()
