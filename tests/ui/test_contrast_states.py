"""The state of a control can be seen in every theme: checked, disabled, a slider's
position (Fusion drew them in shades of the panel colour: black on black in the
high-contrast theme that projector mode uses on a dark desktop)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from nnviz.ui import theme


@pytest.fixture
def themed(main_window):
    m = theme.manager()
    old = m.theme

    def use(name):
        m.set_theme(name)
        main_window.repaint()
    yield use
    m.set_theme(old)


def colours(widget) -> set[int]:
    img = widget.grab().toImage()
    return {img.pixel(x, y) & 0xFFFFFF for x in range(0, img.width(), 2)
            for y in range(0, img.height(), 2)}


def near(cols, colour: QColor, tol: int = 24) -> bool:
    r, g, b = colour.red(), colour.green(), colour.blue()
    return any(abs((c >> 16) - r) + abs((c >> 8 & 255) - g) + abs((c & 255) - b) <= tol
               for c in cols)


@pytest.mark.parametrize("name", ["high-contrast", "high-contrast-light", "dark", "light"])
def test_checked_disabled_and_slider_show(main_window, open_scenario, qtbot, themed, name):
    main_window.resize(1700, 1000)
    open_scenario("xor")
    themed(name)
    t = theme.current()
    bar = main_window._player_bar
    qtbot.waitUntil(lambda: sum(b.isVisible() for b in bar.granularity_buttons.values()) > 1)
    checked = [b for b in bar.granularity_buttons.values() if b.isChecked()]
    unchecked = [b for b in bar.granularity_buttons.values()
                 if not b.isChecked() and b.isVisible()]
    assert checked and unchecked
    accent = QColor(t.positive)
    assert near(colours(checked[0]), accent)               # the step size in use is marked
    assert not near(colours(unchecked[0]), accent)
    # a disabled button's glyph is dimmer than an enabled one's
    assert not bar.back_button.isEnabled() and bar.play_button.isEnabled()
    text = QColor(t.text)
    assert near(colours(bar.play_button), text, 40)
    assert not near(colours(bar.back_button), text, 40)
    # the slider's track and handle differ from the background
    assert len(colours(bar.speed_slider) - {QColor(t.surface).rgb() & 0xFFFFFF}) >= 3


def test_a_firing_cell_reads_in_every_theme(open_scenario, qtbot, themed):
    """A firing output cell off the current row: near-black ink on a dark tint (1.9:1)."""
    mp = open_scenario("mcculloch-pitts")
    for name in ("high-contrast", "dark", "colour-blind-dark", "light", "high-contrast-light"):
        themed(name)
        table = mp.table            # AND: the firing row (1, 1) is not the current one
        last = table.columnCount() - 1
        cells = [table.item(r, last) for r in range(table.rowCount())
                 if table.item(r, last).text() == "1"]
        assert cells, name
        for item in cells:
            ratio = theme.contrast_ratio(item.foreground().color().name(),
                                         item.background().color().name())
            assert ratio >= 4.5, (name, ratio)


def test_plots_follow_a_live_change_of_theme(main_window, open_scenario, qtbot, themed):
    """Light to dark with the MLP open: the plots' frames stayed white (their tick labels,
    now light, vanished on it) and the legend kept its dark text on the dark card."""
    sc = open_scenario("mlp")
    themed("light")
    qtbot.wait(30)
    themed("dark")
    qtbot.wait(30)
    t = theme.current()
    for plot in (sc.boundary, sc.loss_plot):
        assert plot.plot_widget.backgroundBrush().color().name() == t.background
    labels = [label for _sample, label in sc.loss_plot.legend.items]
    assert labels and all(t.text.lstrip("#") in label.item.toHtml().lower()
                          for label in labels)
