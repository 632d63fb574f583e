"""At 200 % and 250 % type in a 1280×720 window, no scenario's side panel scrolls sideways:
a widget wider than the dock (a grid of preset buttons, a long check box, a label beside its
list) had the panel laid out at its width, and every paragraph was cut at the dock's edge."""

from __future__ import annotations

import pytest

SCENARIOS = ["mcculloch-pitts", "perceptron", "xor", "mlp", "neuron", "activations",
             "gradient-descent", "representation", "softmax", "regularization", "gradients"]


@pytest.mark.parametrize("name", SCENARIOS)
def test_side_panel_does_not_scroll_sideways(main_window, qtbot, name):
    """200 %, then 250 %, in one window: the same scenario panel restyled at each zoom (the
    two zooms had each opened a window and the scenario anew)."""
    from nnviz.ui import theme
    main_window.resize(1280, 720)
    main_window.open_scenario(name)
    area = main_window.controls_dock.widget()
    bar = area.horizontalScrollBar()
    least = area.widget().fontMetrics().height()
    for zoom in (2.0, 2.5):
        theme.manager().set_zoom(zoom)
        # the type has grown (before, the panel is still at the zoom before and fits)
        grown = least * (1.4 if zoom == 2.0 else 1.15)
        qtbot.waitUntil(lambda g=grown: area.widget().fontMetrics().height() >= g,
                        timeout=4000)

        def settled(zoom=zoom):
            assert main_window.width() == 1280, zoom   # (a panel's least width can widen it)
            panel = area.widget()
            assert panel.minimumSizeHint().width() <= area.viewport().width(), (
                f"at {zoom:.0%} the panel needs {panel.minimumSizeHint().width()} px, "
                f"dock shows {area.viewport().width()}")
            assert bar.maximum() == 0, zoom

        qtbot.waitUntil(settled, timeout=4000)
        least = area.widget().fontMetrics().height()
