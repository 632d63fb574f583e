"""The gradients history's line names stay legible in a short plot: at 1024×600 the seven
"━━ layer N" names were squeezed to 7 pt to stack beside a 100-px plot. They keep at least
9 pt now (more in projector type); a plot too short for all of them names every second
layer, the first and the last among them."""

from __future__ import annotations

import pytest

from tests.trained_window import trained_window

SIZES = [((1024, 600), False), ((1600, 1000), False), ((1280, 720), True)]


@pytest.fixture
def history(qtbot, _qt_names, request):
    size, projector = request.param
    with trained_window(qtbot, "gradients", size, projector) as (_w, sc):
        yield sc.history_plot


@pytest.mark.parametrize("history", SIZES, indirect=True,
                         ids=["1024x600", "1600x1000", "1280x720-projector"])
def test_line_names_are_at_least_nine_points(history, qtbot):
    from nnviz.scenarios.gradients_plots import min_label_pt
    qtbot.waitUntil(lambda: history.labels and all(lab.isVisible() for lab in history.labels))
    shown = history.labels
    names = [lab.textItem.toPlainText().split()[-1] for lab in shown]
    assert names[0] == "1" and names[-1] == "7", names       # the first and the last layer
    assert len(shown) >= 4, names
    for lab in shown:
        assert lab.textItem.font().pointSizeF() >= max(9.0, min_label_pt()) - 0.05
    hidden = [lab for lab in history._names if lab not in shown]
    assert not any(lab.isVisible() for lab in hidden)
    vb = history.getPlotItem().getViewBox().sceneBoundingRect().adjusted(-1, -1, 1, 1)
    rects = [lab.sceneBoundingRect() for lab in shown]
    for i, a in enumerate(rects):
        assert vb.contains(a), (a, vb)
        for b in rects[i + 1:]:
            assert not a.intersects(b), (a, b)


def test_a_roomy_plot_names_every_line(main_window, qtbot):
    main_window.resize(1600, 1000)
    sc = main_window.open_scenario("gradients")
    sc.run_steps(5)
    plot = sc.history_plot
    qtbot.waitUntil(lambda: len(plot.labels) == 7 and all(lab.isVisible() for lab in plot.labels))


def test_named_layers_form_a_regular_pattern():
    from nnviz.scenarios.gradients_plots import named_layers
    assert named_layers(7, 7) == list(range(7))
    assert named_layers(7, 5) == [0, 2, 4, 6]
    assert named_layers(7, 3) == [0, 3, 6]
    assert named_layers(7, 2) == [0, 6]
    assert named_layers(9, 4) == [0, 3, 6, 8]
    assert named_layers(4, 3) == [0, 2, 3]
