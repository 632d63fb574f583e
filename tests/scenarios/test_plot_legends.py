"""Plot keys (legends) cover no data: at 1024×600 the activations plot's key sat over the
top of g's curve, and at 1600×1000 the neuron's one-input key covered the faint curves'
lower ends. A key now goes to a corner clear of every curve (and of the dots on them),
else above the curves (the y range makes room), in legible type."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF


def _scene_points(vb, items) -> np.ndarray:
    """Points at most ~1 px apart along each curve item, in scene coordinates."""
    tr = vb.childGroup.sceneTransform()
    out = []
    for item in items:
        if not item.isVisible():
            continue
        xs, ys = item.getData()
        if xs is None or not len(xs):
            continue
        xs, ys = np.asarray(xs, float), np.asarray(ys, float)
        sx = tr.m11() * xs + tr.m21() * ys + tr.dx()
        sy = tr.m12() * xs + tr.m22() * ys + tr.dy()
        p = np.column_stack([sx, sy])
        seg = np.diff(p, axis=0)
        n = np.clip(np.ceil(np.hypot(seg[:, 0], seg[:, 1])), 1, 5000).astype(int)
        for k in range(len(seg)):
            t = np.arange(n[k])[:, None] / n[k]
            out.append(p[k] + seg[k] * t)
        out.append(p[-1:])
    return np.vstack(out)


def _inside(rect: QRectF, pts: np.ndarray) -> np.ndarray:
    return (pts[:, 0] >= rect.left()) & (pts[:, 0] <= rect.right()) & \
        (pts[:, 1] >= rect.top()) & (pts[:, 1] <= rect.bottom())


def _key_rect(legend) -> QRectF:
    return legend.mapRectToScene(legend.boundingRect())


def _key_pt(legend) -> float:
    return min(float(label.opts["size"].rstrip("pt")) for _sample, label in legend.items)


# -- the activations scenario ------------------------------------------------------------------
ACTIVATIONS = ["sigmoid", "tanh", "relu", "leaky_relu", "linear", "step", "softmax"]


@pytest.mark.parametrize("size", [(1024, 600), (1600, 1000), (1920, 1080)])
def test_the_activation_key_covers_no_curve(main_window, qtbot, size):
    """Each activation in turn, chosen in one opened scenario (as a teacher does; the key
    is placed anew for each one's curves)."""
    main_window.resize(*size)
    sc = main_window.open_scenario("activations")
    for name in ACTIVATIONS:
        sc.load_state({**sc.get_state(), "activation": name})
        _check_activation_key(main_window, qtbot, size, name)


def _check_activation_key(main_window, qtbot, size, name):
    from nnviz.scenarios.activations_view import ActivationView
    view = main_window.findChild(ActivationView)
    plot = view.plot.getPlotItem()
    qtbot.waitUntil(lambda: plot.legend is not None and plot.legend.isVisible(), timeout=3000)
    qtbot.wait(50)
    legend, vb = plot.legend, plot.vb
    key = _key_rect(legend)
    room = vb.mapRectToScene(vb.boundingRect())
    assert room.contains(key), (name, size, key, room)           # inside the plot
    pts = _scene_points(vb, [view.g_curve, view.d_curve])
    assert not _inside(key.adjusted(-3, -3, 3, 3), pts).any(), (name, size, key)
    dots = view.dots.getData()
    for x, y in zip(*dots):                                      # the dots on the curves
        centre = vb.mapViewToScene(QPointF(float(x), float(y)))
        assert not key.adjusted(-7, -7, 7, 7).contains(centre), (name, size)
    assert _key_pt(legend) >= 9.0 - 0.05, name                   # legible
    (_x0, _x1), (y0, y1) = vb.viewRange()
    lo, hi = __import__("nnviz.scenarios.activations_view", fromlist=["Y_RANGE"]).Y_RANGE.get(
        name, (-1.25, 1.25))
    assert y0 == pytest.approx(lo) and hi - 1e-9 <= y1 <= hi + 0.45 * (hi - lo), \
        (name, y0, y1)


def _sigmoid_key(main_window, qtbot):
    """(the activations view, its key) for the sigmoid at 1024×600, its formulas shown."""
    from nnviz.scenarios.activations_view import ActivationView
    main_window.resize(1024, 600)
    sc = main_window.open_scenario("activations")
    sc.load_state({**sc.get_state(), "activation": "sigmoid"})
    view = main_window.findChild(ActivationView)
    legend = view.plot.getPlotItem().legend
    qtbot.waitUntil(lambda: legend is not None and legend.isVisible() and any(
        "σ(z) = 1 / (1 + e" in label.text for _s, label in legend.items), timeout=3000)
    return view, legend


def test_the_formulas_stay_at_1024x600(main_window, qtbot):
    """Room is made above the sigmoid's curves for its formulas rather than losing them."""
    _view, legend = _sigmoid_key(main_window, qtbot)
    assert _key_pt(legend) >= 12.0                  # in its full type


def test_dragging_z_keeps_the_key_where_it_is(main_window, qtbot):
    """The key's place depends on the curves only: moving z does not make it jump."""
    view, legend = _sigmoid_key(main_window, qtbot)
    before = _key_rect(legend)
    for z in (-4.0, 0.0, 3.5):
        view.z_line.setValue(z)
        qtbot.wait(10)
        assert _key_rect(legend) == before


# -- the neuron scenario ---------------------------------------------------------------------
NEURON_STATES = [{}, {"activation": "tanh"}, {"activation": "relu"}, {"activation": "linear"},
                 {"activation": "step"}, {"w1": -2.0, "b": 1.0}, {"ghosts": False}]


def _check_neuron_key(view, qtbot):
    from nnviz.scenarios.neuron_view import Y_RANGE
    plot = view.curve_plot.getPlotItem()
    legend, vb = plot.legend, plot.vb
    qtbot.waitUntil(lambda: legend is not None and legend.isVisible(), timeout=3000)
    qtbot.wait(50)
    key = _key_rect(legend)
    room = vb.mapRectToScene(vb.boundingRect())
    assert room.contains(key), (key, room)
    pts = _scene_points(vb, [view.curve, *view.ghosts])
    assert not _inside(key.adjusted(-3, -3, 3, 3), pts).any(), key
    xs, ys = view.curve_probe.getData()
    probe = vb.mapViewToScene(QPointF(float(xs[0]), float(ys[0])))
    assert not key.adjusted(-8, -8, 8, 8).contains(probe)
    if view.centre_label.isVisible():
        assert not key.intersects(view.centre_label.sceneBoundingRect())
    assert _key_pt(legend) >= 9.0 - 0.05
    # the y range keeps the curves' own range; room made for the key shows no ticks
    lo, hi = Y_RANGE[view._last[0]["activation"]]
    (_x0, _x1), (y0, y1) = vb.viewRange()
    assert y0 <= lo + 1e-9 and y1 >= hi - 1e-9
    assert (hi - lo) / (y1 - y0) >= 0.69
    ticks = plot.getAxis("left").tickValues(y0, y1, vb.height())
    assert all(lo - 1e-9 <= v <= hi + 1e-9 for _s, values in ticks for v in values)


@pytest.mark.parametrize("size", [(1600, 1000), (1920, 1080)])
def test_the_neuron_key_covers_no_curve(main_window, qtbot, size):
    """Each of NEURON_STATES in turn over the opened scenario's own state (as if opened
    afresh with it)."""
    main_window.resize(*size)
    sc = main_window.open_scenario("neuron")
    start = sc.get_state()
    for state in NEURON_STATES:
        sc.load_state({**start, **state})
        assert all(sc.get_state()[k] == v for k, v in state.items()), state
        try:
            _check_neuron_key(sc._view, qtbot)
        except AssertionError as exc:
            raise AssertionError(f"state {state}: {exc}") from exc


def test_the_neuron_key_in_projector_type(main_window, qtbot):
    from tests.ui.screens import projector_window
    sc = main_window.open_scenario("neuron")
    with projector_window(main_window, (1280, 720)):
        qtbot.wait(100)
        _check_neuron_key(sc._view, qtbot)


# -- the placing rules -------------------------------------------------------------------------
def test_free_corner_and_room_making():
    from nnviz.scenarios import plot_text
    xs = np.linspace(-6, 6, 121)
    rising = (xs, 1 / (1 + np.exp(-xs)))                   # a sigmoid, 0 … 1
    size, x_range, y_range = (400.0, 300.0), (-6.0, 6.0), (-0.2, 1.2)
    pts = plot_text.curve_px([rising], x_range, y_range, size)
    assert plot_text.free_corner((100, 60), size, pts) == "top-left"          # over the 0s
    assert plot_text.free_corner((380, 60), size, pts) is None                # too wide
    top = plot_text.headroom_top((380, 60), size, [rising], x_range, y_range, "top-left")
    assert top is not None and top > 1.2                   # room made above the curve
    y0, y1 = plot_text.make_room((380, 60), size, [rising], x_range, y_range, "bottom-left")
    assert y1 == 1.2 and y0 < -0.2                         # or below it
    rect = plot_text.corner_rect("top-left", (380, 60), size)
    # in the new range the key's bottom is above the curve's top by the clearance
    px_of_one = (top - 1.0) / (top - y_range[0]) * size[1]
    assert px_of_one >= rect.bottom() + plot_text.KEY_CLEAR_PX - 1
    steep = (np.array([-6.0, 0.0, 0.0, 6.0]), np.array([0.0, 0.0, 1.0, 1.0]))   # a step's jump
    pts = plot_text.curve_px([steep], x_range, y_range, size)
    assert plot_text.free_corner((190, 200), size, pts, corners=("top-left",)) is None
