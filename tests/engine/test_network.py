"""Networks: construction, JSON round trip, validation, numerical stability, grids."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest

from nnviz.engine import (
    ACTIVATIONS,
    Dense,
    Network,
    get_activation,
    get_loss,
    grid_outputs,
    grid_points,
)


def test_build_shapes_inits_and_seeds():
    for init in ("uniform", "xavier", "he", "small", "large", "zeros"):
        net = Network.build([3, 5, 2], init=init, seed=4)
        assert net.sizes == [3, 5, 2] and net.n_params == 3 * 5 + 5 + 5 * 2 + 2
        assert net.layers[0].W.shape == (5, 3) and net.layers[1].b.shape == (2,)
    a = Network.build([2, 4, 1], init="uniform", seed=1)
    assert np.all(np.abs(a.layers[0].W) <= 0.5) and np.all(a.layers[0].b == 0.1)
    assert not np.array_equal(a.layers[0].W, Network.build([2, 4, 1], init="uniform",
                                                           seed=2).layers[0].W)
    assert Network.build([2, 1]).forward([1.0, 2.0]).shape == (1,)


def test_json_round_trip_is_exact():
    rng = np.random.default_rng(0)
    net = Network([Dense(rng.normal(size=(3, 2)) * 1e-7 + 1 / 3, rng.normal(size=3), "tanh"),
                   Dense(rng.normal(size=(2, 3)), [np.pi, -np.e], "softmax")])
    back = Network.from_dict(json.loads(json.dumps(net.to_dict())))
    for a, b in zip(net.layers, back.layers):
        assert a.W.tobytes() == b.W.tobytes() and a.b.tobytes() == b.b.tobytes()
        assert a.activation == b.activation
    X = rng.normal(size=(5, 2))
    assert np.array_equal(net.forward(X), back.forward(X))


@pytest.mark.parametrize(("d", "match"), [
    ({}, "'layers' list"),
    ({"layers": [{"W": [[1.0]], "b": [0.0]}]}, "needs 'W', 'b' and 'activation'"),
    ({"layers": [{"W": [[1.0]], "b": [0.0], "activation": "swish"}]}, "valid names: linear"),
    ({"layers": [{"W": [[float("nan")]], "b": [0.0], "activation": "tanh"}]}, "NaN"),
    ({"layers": [{"W": [[1.0, 2.0]], "b": [0.0, 1.0], "activation": "tanh"}]}, "b has 2"),
    ({"layers": [{"W": [1.0], "b": [0.0], "activation": "tanh"}]}, "2-D"),
    ({"layers": [{"W": [["x"]], "b": [0.0], "activation": "tanh"}]}, "numbers"),
    ({"layers": [{"W": [[1.0]], "b": [0.0], "activation": "tanh"},
                 {"W": [[1.0, 1.0]], "b": [0.0], "activation": "tanh"}]}, "takes 2 inputs"),
    ({"layers": [{"W": [[1.0]], "b": [0.0], "activation": "softmax"},
                 {"W": [[1.0]], "b": [0.0], "activation": "tanh"}]}, "output layer"),
])
def test_bad_network_descriptions_are_clear_errors(d, match):
    with pytest.raises(ValueError, match=match):
        Network.from_dict(d)


def test_bad_build_and_forward_inputs():
    for sizes in ([2], [2, 0, 1], [2, 10**7, 1], [2] * 100):
        with pytest.raises(ValueError):
            Network.build(sizes)
    with pytest.raises(ValueError, match="valid names"):
        Network.build([2, 1], init="magic")
    with pytest.raises(ValueError, match="valid names"):
        Network.build([2, 1], output="swish")
    net = Network.build([2, 1])
    with pytest.raises(ValueError, match="takes 2 inputs"):
        net.forward(np.ones((3, 4)))
    with pytest.raises(ValueError, match="NaN or infinity"):
        net.forward([np.inf, 0.0])
    with pytest.raises(ValueError, match="shapes"):
        net.set_params([(np.ones((2, 2)), np.ones(1))])


def test_no_overflow_warnings_at_extreme_z():
    z = np.array([[-1000.0, -50.0, 0.0, 50.0, 1000.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for name, act in ACTIVATIONS.items():
            for dt in (np.float64, np.float32):
                a = act(z.astype(dt))
                assert np.all(np.isfinite(a)) and a.dtype == dt, name
                assert np.all(np.isfinite(act.derivative(z.astype(dt)))), name
        s = get_activation("sigmoid")(z)[0]
        assert s[0] < 1e-300 and s[-1] == 1.0 and s[2] == 0.5
        assert get_activation("sigmoid")(np.array([-30.0]))[0] == pytest.approx(np.exp(-30) /
                                                                                 (1 + np.exp(-30)))
        sm = get_activation("softmax")(z)
        assert sm.sum() == pytest.approx(1.0) and sm[0, -1] == 1.0
        for loss in ("bce", "cce"):
            assert np.isfinite(get_loss(loss)(np.array([[0.0, 1.0]]), np.array([[1.0, 0.0]])))


def test_activation_formulas_and_derivatives():
    z = np.linspace(-3, 3, 13) + 0.01
    for name, act in ACTIVATIONS.items():
        assert act.formula and act.derivative_formula and act.label
        if act.elementwise and name not in ("step", "sign"):
            num = (act(z + 1e-6) - act(z - 1e-6)) / 2e-6
            np.testing.assert_allclose(act.derivative(z), num, rtol=1e-5, atol=1e-8)


@pytest.mark.parametrize("hidden, output", [("relu", "softmax"), ("leaky_relu", "sigmoid"),
                                            ("tanh", "linear"), ("sigmoid", "tanh")])
def test_grid_outputs_in_float32_match_the_row_by_row_forward_pass(hidden, output):
    """The float32 grid is computed units × points; it is the same maths as forward_all."""
    net = Network.build([2, 7, 5, 3], hidden=hidden, output=output, seed=4)
    xs, ys, P = grid_points((-6, 6, -4, 4), 33)
    acts = grid_outputs(net, xs, ys)
    _, rows = net.forward_all(P, dtype=np.float32)
    for a, r in zip(acts, rows):
        assert a.dtype == np.float32 and a.shape == (33, 33, r.shape[1])
        np.testing.assert_allclose(a.reshape(-1, r.shape[1]), r, rtol=1e-5, atol=1e-6)
    if output == "softmax":
        np.testing.assert_allclose(acts[-1].sum(axis=-1), 1.0, rtol=1e-5)


def test_grid_outputs_past_float32s_range_fall_back_to_float64_without_warnings():
    """A weight of 1e39 (a file may hold one) overflowed the float32 grid: NumPy warnings
    at every redraw and a map of inf/NaN. The grid is then computed in float64."""
    net = Network.build([2, 3, 1], hidden="linear", output="sigmoid", seed=2)
    net.layers[0].W[0, 0] = 1e39          # a linear unit: its output is past float32's
    xs, ys, P = grid_points((-6, 6, -6, 6), 11)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        acts = grid_outputs(net, xs, ys)
    _, rows = net.forward_all(P)
    for a, r in zip(acts, rows):
        assert a.dtype == np.float32 and np.isfinite(a).all()
        np.testing.assert_allclose(a.reshape(-1, r.shape[1]), np.clip(r, -3e38, 3e38),
                                   rtol=1e-6, atol=1e-30)


def test_grid_outputs_equal_the_forward_pass():
    net = Network.build([3, 4, 2, 1], hidden="tanh", output="sigmoid", seed=3)
    xs, ys, P = grid_points((-6, 6, -4, 4), 21)
    acts = grid_outputs(net, xs, ys, features=["x1", "x2", "x1*x2"])
    assert [a.shape for a in acts] == [(21, 21, 3), (21, 21, 4), (21, 21, 2), (21, 21, 1)]
    assert acts[-1].dtype == np.float32
    r, c = 5, 17
    x1, x2 = xs[c], ys[r]
    assert tuple(P[r * 21 + c]) == (x1, x2)
    exact = net.forward([x1, x2, x1 * x2])
    np.testing.assert_allclose(acts[-1][r, c], exact, rtol=1e-5)
    full = grid_outputs(net, xs, ys, ["x1", "x2", "x1*x2"], dtype=np.float64)[-1]
    assert full[r, c, 0] == exact[0]
    with pytest.raises(ValueError, match="grid size"):
        grid_points(n=1)
    with pytest.raises(ValueError, match="valid names"):
        grid_outputs(net, xs, ys, features=["x3", "x2", "x1"])
