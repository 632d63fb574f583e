"""At 200 % and 250 % type in a 1280×720 window, no scenario's side panel scrolls sideways:
a widget wider than the dock (a grid of preset buttons, a long check box, a label beside its
list) had the panel laid out at its width, and every paragraph was cut at the dock's edge."""

from __future__ import annotations

import pytest

SCENARIOS = ["mcculloch-pitts", "perceptron", "xor", "mlp", "neuron", "activations",
             "gradient-descent", "representation", "softmax", "regularization", "gradients"]

CASES = [pytest.param(name, zoom, id=f"{name}-{int(zoom * 100)}")
         for name in SCENARIOS for zoom in (2.0, 2.5)]


@pytest.mark.parametrize(("name", "zoom"), CASES)
def test_side_panel_does_not_scroll_sideways(main_window, qtbot, name, zoom):
    from nnviz.ui import theme
    main_window.resize(1280, 720)
    main_window.open_scenario(name)
    area = main_window.controls_dock.widget()
    bar = area.horizontalScrollBar()
    least = area.widget().fontMetrics().height()
    theme.manager().set_zoom(zoom)
    # the type has grown (before, the panel is still at 100 % and fits)
    qtbot.waitUntil(lambda: area.widget().fontMetrics().height() >= least * 1.4,
                    timeout=4000)

    def settled():
        assert main_window.width() == 1280      # (a panel's least width can widen it)
        panel = area.widget()
        assert panel.minimumSizeHint().width() <= area.viewport().width(), (
            f"panel needs {panel.minimumSizeHint().width()} px, "
            f"dock shows {area.viewport().width()}")
        assert bar.maximum() == 0

    qtbot.waitUntil(settled, timeout=4000)
