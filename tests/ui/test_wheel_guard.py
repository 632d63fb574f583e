"""A wheel turned over a scrolling panel scrolls it; the drop-down lists, number boxes and
sliders in it take the wheel only once they have the focus. One notch over the MLP's noise
slider, on the way down the panel, had rebuilt the network and thrown its training away."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea

from ..scenarios.panels import wheel


def test_the_wheel_scrolls_the_panel_over_its_controls(main_window, qtbot):
    main_window.resize(1280, 620)                 # the panel scrolls
    sc = main_window.open_scenario("mlp")
    sc.apply({"noise": 0.2})
    sc.run_steps(200)
    epoch, c = sc.session.epoch, sc.controls
    assert epoch > 0
    area = next(a for a in main_window.controls_dock.findChildren(QScrollArea)
                if a.isAncestorOf(c.noise.slider))
    qtbot.waitUntil(lambda: area.verticalScrollBar().maximum() > 0)
    bar = area.verticalScrollBar()
    main_window.activateWindow()
    main_window.setFocus()
    for widget in (c.noise.slider, c.lr, c.batch_size):
        assert not widget.hasFocus()
        before = bar.value()
        wheel(widget, -1)                        # down the panel
        qtbot.wait(200)                           # (past the noise slider's debounce)
        assert bar.value() > before or bar.value() == bar.maximum()
        bar.setValue(0)
    assert sc.settings["noise"] == 0.2 and sc.settings["lr"] == 0.03
    assert sc.settings["batch_size"] == 10 and sc.session.epoch == epoch   # nothing lost
    qtbot.mouseClick(c.lr, Qt.MouseButton.LeftButton)      # (opens its list) …
    c.lr.hidePopup()
    assert c.lr.hasFocus()                        # … focused: the wheel is its own
    wheel(c.lr, -1)
    assert sc.settings["lr"] != 0.03


def test_controls_outside_a_scrolling_panel_keep_thewheel(main_window, qtbot):
    """The toolbar's speed slider is no panel's: it still takes the wheel unfocused."""
    from nnviz.ui.wheel_guard import guarded
    main_window.open_scenario("mlp")
    bar = main_window._player_bar
    assert not guarded(bar.speed_slider)
    value = bar.speed_slider.value()
    wheel(bar.speed_slider, 1)
    assert bar.speed_slider.value() != value
