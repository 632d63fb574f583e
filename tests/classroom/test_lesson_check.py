"""The check a lesson gets when it opens gives each slide the verdict the slide gets when
shown: slides sharing a scenario are each tried on it as they open it, fresh."""

from __future__ import annotations

import json

import pytest

from nnviz import scenarios


def test_slides_sharing_a_scenario_are_checked_as_they_open(window, tmp_path):
    """Applied over the previous slide's settings, slide 2 (two activations for the default
    two hidden layers) was reported broken and slide 4 (three activations for them) passed."""
    slides = [
        {"scenario": "mlp", "caption": "One layer of 8.",
         "settings": {"hidden": [8], "activations": ["relu"]}},
        {"scenario": "mlp", "caption": "The default layers, ReLU.",
         "settings": {"activations": ["relu", "relu"]}},
        {"scenario": "mlp", "caption": "Three layers.",
         "settings": {"hidden": [3, 3, 3], "activations": ["tanh", "tanh", "tanh"]}},
        {"scenario": "mlp", "caption": "Wrong: the fresh slide has two layers.",
         "settings": {"activations": ["sigmoid", "sigmoid", "sigmoid"]}}]
    path = tmp_path / "order.nnviz-lesson"
    path.write_text(json.dumps({"format": "nnviz-lesson", "version": 1, "title": "Order",
                                "slides": slides}))
    assert window.menus.open_file(str(path))
    lp = window.lesson_player
    assert len(lp.checked) == 1 and lp.checked[0].startswith("slide 4:"), lp.checked
    for i in (1, 2, 3):              # (slide 1 shows the lesson's problems, found at opening)
        lp.go(i)
        assert bool(lp.problem) == (i == 3), (i, lp.problem)


@pytest.mark.parametrize("name", scenarios.names())
def test_reset_gives_the_state_a_fresh_scenario_has(window, name):
    """The check reuses one scenario per name, reset between slides: reset must give what
    a fresh one has, whatever the slide before changed."""
    b = window._build(name)
    try:
        want = b.scenario.get_state()           # as built: what a fresh one has
        b.scenario.run_steps(5)
        b.scenario.reset()
        assert json.dumps(b.scenario.get_state(), sort_keys=True, default=str) == \
            json.dumps(want, sort_keys=True, default=str)
    finally:
        b.discard()
