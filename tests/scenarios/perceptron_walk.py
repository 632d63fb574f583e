"""Walking the perceptron through runs of steps at a window size and look, checking the
view at each step to look at (test_perceptron_text_fit, test_perceptron_label_clear)."""

from __future__ import annotations

from tests.ui.screens import in_look


def walk_steps(main_window, qtbot, size, look, runs, check) -> None:
    """The perceptron in the window at `size` in `look`; for each run (settings, steps to
    look at) its settings loaded and the view stepped to each step, where check(sc,
    settings, step) runs."""
    sc = main_window.open_scenario("perceptron")
    with in_look(main_window, size, look):
        qtbot.wait(100)
        for settings, steps in runs:
            sc.load_state(settings)
            done = 0
            for n in steps:
                sc.run_steps(n - done)
                done = n
                check(sc, settings, n)


def settled(find, qtbot, tries: int, ms: int) -> list:
    """What find() still reports once the view has laid out (the legend moves, a scroll
    bar or the caption's row shows, from the event queue): asked up to `tries` times, `ms`
    apart; [] as soon as it reports nothing."""
    found: list = []
    for _ in range(tries):
        qtbot.wait(ms)
        found = find()
        if not found:
            break
    return found
