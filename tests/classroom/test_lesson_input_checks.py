"""A lesson's slide settings get their scenario's own range (not the generic bound on layer
sizes), and clicker_steps on a scenario with no step player is reported to the author."""

from __future__ import annotations

import json

import pytest

from nnviz import lessons, scenarios
from nnviz.files import SIZE_KEYS, NnvizFileError

REFUSED = (ValueError, TypeError, KeyError, IndexError, OverflowError)   # as the check catches


def _lesson(tmp_path, slides) -> str:
    path = tmp_path / "checks.nnviz-lesson"
    path.write_text(json.dumps({"format": "nnviz-lesson", "version": 1, "title": "Checks",
                                "slides": slides}))
    return str(path)


@pytest.mark.parametrize("value", [9, 0, -1, 5000, 10 ** 9])
def test_out_of_range_n_inputs_names_the_slide_setting_value_and_real_range(
        window, tiny, tmp_path, value):
    """5000 or −1 had refused the whole lesson with "out of range (0 … 4,096 per layer)",
    the generic bound on layer sizes; the McCulloch–Pitts neuron takes 1 to 4 inputs."""
    path = _lesson(tmp_path, [
        {"scenario": tiny, "caption": "First."},
        {"scenario": "mcculloch-pitts", "title": "AND", "caption": "Too many inputs.",
         "settings": {"n_inputs": value}}])
    lessons.load(path)                        # the lesson opens: the slide's check says why
    assert window.menus.open_file(path)
    lp = window.lesson_player
    assert len(lp.checked) == 1, lp.checked
    found = lp.checked[0]
    assert found.startswith("slide 2:") and "n_inputs" in found and str(value) in found
    assert "1–4" in found and "4,096" not in found, found
    assert "Fix it in the lesson file" in lp.problem and found in lp.problem
    lp.go(1)                                  # the slide shows what it could use
    assert window.scenario.name == "mcculloch-pitts"
    assert 1 <= window.scenario.get_state()["n_inputs"] <= 4
    assert "slide 2" in lp.problem and str(value) in lp.problem and "1–4" in lp.problem


def test_the_generic_size_bound_still_holds_inside_a_settings_objects(tmp_path):
    """Only a slide's own settings are left to the scenario; a network's layers in them
    keep the file's bound on absurd sizes."""
    path = _lesson(tmp_path, [{"scenario": "mlp", "caption": "Huge.",
                               "settings": {"net": {"sizes": [2, 10 ** 9, 1]}}}])
    with pytest.raises(NnvizFileError, match="out of range"):
        lessons.load(path)


def test_every_scenario_refuses_an_absurd_size_of_its_own(window):
    """The lesson parser leaves a slide setting's range to its scenario: so every scenario
    must refuse an absurd size at once (before building anything that large)."""
    for name in scenarios.names():
        b = window._build(name)
        try:
            fresh = _state(b.scenario)
            for key in sorted(SIZE_KEYS):
                for value in (-1, 10 ** 12, [10 ** 12, 10 ** 12]):
                    with pytest.raises(REFUSED):
                        b.scenario.load_state({key: value})
                    # each try starts from the fresh state (a reset rebuilds the scenario's
                    # views: only when a refusal left something changed)
                    if _state(b.scenario) != fresh:
                        b.scenario.reset()
        finally:
            b.discard()


def _state(scenario) -> str:
    return json.dumps(scenario.get_state(), sort_keys=True, default=repr)


@pytest.mark.parametrize("name", scenarios.names())
def test_clicker_steps_on_a_scenario_without_a_step_player_is_reported(window, name):
    b = window._build(name)
    try:
        sc = b.scenario
        slide = lessons.Slide(name, "A caption.", clicker_steps=4)
        found = lessons.slide_warnings(slide, sc)
        if sc.player is None:       # McCulloch–Pitts, neuron, activations, gradient descent
            assert len(found) == 1, found
            words = found[0]
            assert "clicker_steps is 4" in words and "no step player" in words
            assert sc.title in words and "remove clicker_steps" in words
        else:                       # the clicker steps its player: nothing to say
            assert found == []
        assert lessons.slide_warnings(lessons.Slide(name, "A caption."), sc) == []
    finally:
        b.discard()


def test_the_lesson_check_warns_of_clicker_steps_it_cannot_take(window, tiny, tmp_path):
    path = _lesson(tmp_path, [
        {"scenario": tiny, "caption": "Steps.", "clicker_steps": 2},
        {"scenario": "mcculloch-pitts", "caption": "No player.", "clicker_steps": 3},
        {"scenario": tiny, "caption": "Last."}])
    assert window.menus.open_file(path)       # a warning: the lesson opens and plays
    lp = window.lesson_player
    assert len(lp.checked) == 1 and lp.checked[0].startswith("slide 2: clicker_steps is 3")
    assert "no step player" in lp.problem
    lp.advance()
    lp.advance()
    assert lp.index == 0 and lp.clicks == 2   # slide 1's steps still taken
    lp.advance()
    assert lp.index == 1
    lp.advance()                              # nothing to step: on to slide 3
    assert lp.index == 2


def test_a_problem_on_slide_1_does_not_hide_those_of_later_slides(window, tiny, tmp_path):
    """The message at opening lists every slide's problems; a bad setting on slide 1 had
    shown alone (and without saying how to fix it)."""
    from nnviz.ui.lessonbar import FIX
    path = _lesson(tmp_path, [
        {"scenario": "mcculloch-pitts", "caption": "Bad.", "settings": {"n_inputs": 9}},
        {"scenario": tiny, "caption": "Fine."},
        {"scenario": "mcculloch-pitts", "caption": "Bad too.", "settings": {"n_inputs": 0}}])
    assert window.menus.open_file(path)
    lp = window.lesson_player
    assert [p.split(":")[0] for p in lp.checked] == ["slide 1", "slide 3"]
    assert "slide 1: " in lp.problem and "slide 3: " in lp.problem and lp.problem.endswith(FIX)
