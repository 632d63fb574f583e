"""The progress figures (epoch, loss, accuracy) stay visible whatever the window's width: at
the right of the toolbar when they fit, else in the status bar (never behind the toolbar's
overflow button)."""

from __future__ import annotations


def test_progress_moves_to_the_status_bar_in_a_small_window(main_window, qtbot):
    sc = main_window.open_scenario("regularization")
    sc.run_steps(30)
    qtbot.wait(20)                                # the player bar is laid out
    main_window.resize(1920, 1080)
    qtbot.waitUntil(lambda: main_window.stats_label.isVisible(), timeout=2000)
    text = main_window.stats_label.text()
    assert text.startswith("epoch") and not main_window.stats_status.isVisible()
    main_window.resize(1280, 800)
    qtbot.waitUntil(lambda: main_window.stats_status.isVisible(), timeout=2000)
    assert not main_window.stats_label.isVisible()
    assert main_window.stats_status.text() == text
    tb = main_window.toolbar
    assert all(w.geometry().right() <= tb.width() for w in (main_window.scenario_box,
                                                             main_window.player_area))
    main_window.open_scenario(None)               # the start page: no figures anywhere
    assert not main_window.stats_status.isVisible()
