"""The activations plot's key to its two curves stays inside the plot at any zoom: at 250 %
in a small window the formulas' key covered the whole plot and ran past its right edge."""

from __future__ import annotations

import pytest

from nnviz.ui import theme


def _legend_and_room(main_window):
    from nnviz.scenarios.activations_view import ActivationView
    view = main_window.findChild(ActivationView)
    item = view.plot.getPlotItem()
    legend, vb = item.legend, item.vb
    return view, legend, vb.mapRectToScene(vb.boundingRect())


def _labels(legend):
    return [label.text for _sample, label in legend.items]


@pytest.mark.parametrize("name", ["sigmoid", "softmax"])
def test_the_key_stays_inside_the_plot(main_window, qtbot, name):
    """At each size and zoom in turn, in one opened scenario (back to 100 % between them,
    as the test had done from a fresh window for each)."""
    sc = main_window.open_scenario("activations")
    sc.load_state({**sc.get_state(), "activation": name})
    for size, zoom in (((1280, 720), 2.0), ((1280, 720), 2.5), ((1024, 768), 2.5),
                       ((1920, 1080), 2.5)):
        main_window.resize(*size)
        try:
            theme.manager().set_zoom(zoom)
            view, legend, room = _legend_and_room(main_window)

            def inside(legend=legend, room=room):
                if legend is None or not legend.isVisible():
                    return True
                box = legend.mapRectToScene(legend.boundingRect())
                return (box.width() <= room.width() + 1
                        and box.height() <= 0.5 * room.height()
                        and room.left() - 1 <= box.left() and box.right() <= room.right() + 1)
            qtbot.waitUntil(inside, timeout=3000)
            if legend is not None and legend.isVisible():
                assert len(_labels(legend)) == 2, (size, zoom)
        finally:
            theme.manager().set_zoom(1.0)


def test_a_roomy_plot_shows_the_formulas(main_window, qtbot):
    main_window.resize(1920, 1080)
    sc = main_window.open_scenario("activations")
    sc.load_state({**sc.get_state(), "activation": "sigmoid"})
    view, legend, _room = _legend_and_room(main_window)
    qtbot.waitUntil(lambda: legend is not None and legend.isVisible()
                    and any("σ(z) = 1 / (1 + e" in t for t in _labels(legend)), timeout=3000)


@pytest.mark.parametrize("size,zoom", [((1280, 720), 2.5), ((1920, 1080), 1.0)])
def test_zone_labels_never_run_into_each_other(main_window, qtbot, size, zoom):
    """At 250 % in a small plot the two "saturated: g' ≈ 0" labels ran into each other;
    now each takes a form that fits its zone, or none."""
    main_window.resize(*size)
    sc = main_window.open_scenario("activations")
    sc.load_state({**sc.get_state(), "activation": "sigmoid"})
    try:
        theme.manager().set_zoom(zoom)
        view, _legend, _room = _legend_and_room(main_window)

        def apart():
            shown = [lab.mapRectToScene(lab.boundingRect()) for lab in view.zone_labels
                     if lab.isVisible()]
            return all(not a.adjusted(2, 2, -2, -2).intersects(b)
                       for i, a in enumerate(shown) for b in shown[i + 1:])
        qtbot.waitUntil(apart, timeout=3000)
        if zoom == 1.0:      # room enough: both zones say it in full
            assert [lab.shown_text[0] for lab in view.zone_labels] == ["saturated: g' ≈ 0"] * 2
    finally:
        theme.manager().set_zoom(1.0)
