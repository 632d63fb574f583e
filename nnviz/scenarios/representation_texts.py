"""Words and state checks for the representation scenario (no Qt)."""

from __future__ import annotations

import math

import numpy as np

from ..engine import Network
from . import representation_model as rm
from .setting_checks import MAX_COUNT

EXPLAIN = {
    "thresholds": (
        "<p><b>Four bands, two classes.</b> The points lie in diagonal bands of "
        "x₁ + x₂ and the classes alternate, so no single straight line in the plane "
        "can split them.</p>"
        "<p>Three step units each ask one yes/no question: is x₁ + x₂ above 6 (h1), above "
        "4 (h2), above −2.5 (h3)? Their three answers are the point's new coordinates. "
        "Every band lands on its own corner of a cube, and in that cube one flat plane "
        "(the grid: the output unit h1 − h2 + h3 &gt; 0.5) puts each class on its own side.</p>"
        "<p>Drag the cube to turn it. Training changes nothing here: a step has slope "
        "0, so no gradient reaches these hand-set weights.</p>"),
    "learned": (
        "<p><b>A hidden layer that finds its own coordinates.</b> Each hidden unit draws "
        "a line across the input plane (left, h1, h2, h3) and reports how far, and on "
        "which side, each point lies. Those outputs place the point in the layer's own "
        "space (below).</p>"
        "<p>Press “▶▶ train” in the toolbar: watch the points move in the hidden space until "
        "the output "
        "unit can split the classes there with a straight line (2 units) or a flat "
        "plane (3 units).</p>"),
    "linear": (
        "<p><b>Linear layers only.</b> Without a bending activation, stacking layers buys "
        "nothing: each layer multiplies by a matrix and adds a bias, and a product of "
        "such maps is again one such map. The points in the last hidden layer (below) "
        "stay on a flat sheet, and the boundary in the plane stays a straight line "
        "whatever training does.</p>"
        "<p>The engine multiplies the layers' matrices into one W and one b; the table "
        "checks on every point that they give the network's output.</p>"),
}


def fmt(v: float) -> str:
    return f"{v:+.3f}".replace("-", "−")


def matrix_html(W: np.ndarray, b: np.ndarray, gap: float, n: int) -> str:
    """The composed map o = W x + b as an HTML table, and how well it matches the stack."""
    rows = "".join("<tr>" + "".join(f"<td align='right'>{fmt(v)}</td>" for v in W[i])
                   + f"<td align='right'>&nbsp;&nbsp;{fmt(b[i])}</td></tr>"
                   for i in range(W.shape[0]))
    return ("<b>The whole stack as one linear map</b> o = W x + b"
            "<table cellspacing='6'><tr><th>w₁</th><th>w₂</th><th>&nbsp;&nbsp;b</th></tr>"
            f"{rows}</table>"
            f"<p>Largest difference between the stack's output and W x + b over the "
            f"{n} points: <b>{gap:.1e}</b> (rounding only).</p>")


def check_state(state, current: dict, learning_rates) -> tuple[dict, Network | None]:
    """The settings a (partial) state asks for, merged into `current`, and its network.

    ValueError names the key and the problem; nothing is changed by this function."""
    if not isinstance(state, dict):
        raise ValueError("the representation state must be a dictionary of settings")
    allowed = set(current) | {"network", "epoch", "steps"}
    unknown = set(state) - allowed
    if unknown:
        raise ValueError(f"representation has no setting called {', '.join(sorted(unknown))}; "
                         f"valid names: {', '.join(sorted(allowed))}")
    s = dict(current)
    choices = {"mode": tuple(rm.MODES), "dataset": tuple(rm.DATASETS),
               "hidden_units": (2, 3), "activation": rm.HIDDEN_ACTIVATIONS,
               "lr": tuple(learning_rates)}
    for key, valid in choices.items():
        if key in state:
            v = state[key]
            if isinstance(v, bool) or v not in valid:
                raise ValueError(f"{key}: {v!r} is not allowed; choose one of "
                                 f"{', '.join(map(str, valid))}")
            s[key] = v
    for key, lo, hi in (("yaw", -180.0, 180.0), ("pitch", -89.0, 89.0)):
        if key in state:
            v = state[key]
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) \
                    or not lo <= v <= hi:
                raise ValueError(f"{key}: must be a number from {lo:g} to {hi:g}, got {v!r}")
            s[key] = float(v)
    for key in ("seed", "epoch", "steps"):
        if key in state:
            v = state[key]
            if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= MAX_COUNT:
                raise ValueError(f"{key}: must be a whole number from 0 to {MAX_COUNT:,}, "
                                 f"got {v!r}")
            if key == "seed":
                s[key] = v
    net = None
    if "network" in state:
        try:
            net = Network.from_dict(state["network"])
        except ValueError as exc:
            raise ValueError(f"network: {exc}") from None
    return s, net
