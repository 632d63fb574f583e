"""What the decision map shows besides the network's output: one unit's output over the
plane (hovering a neuron, as in TensorFlow Playground), and the colour scale's texts for
either view. Pure mappings of the session's numbers: the grid activations come from the
engine (session.grid_activations); nothing here computes the network.

Units are named as on the canvas: column 0 is the inputs (the features), column k + 1 is
engine layer k.
"""

from __future__ import annotations

import numpy as np

from ..engine import datasets
from . import theme
from .canvas_thumbs import signed_array
from .numbers import fmt
from .plots_base import CLASS_LEVELS, classes_lut
from .plots_colourbar import STRIP_N, Scale

ENDS = {"sigmoid": ("0", "1"), "step": ("0", "1"), "softmax": ("0", "1"),
        "tanh": ("−1", "1"), "sign": ("−1", "1")}   # others: clipped at ±1
CLIPPED = ("≤ −1", "≥ 1")


def unit_target(sizes: list[int], col, unit) -> tuple[int, int] | None:
    """(col, unit) when the network has that unit and it is not simply the output (a single
    output unit is what the map shows anyway); None otherwise."""
    if col is None or unit is None:
        return None
    col, unit = int(col), int(unit)
    if not (0 <= col < len(sizes) and 0 <= unit < sizes[col]):
        return None
    if col == len(sizes) - 1 and sizes[-1] == 1:
        return None
    return col, unit


def unit_activation(net, col: int) -> str | None:
    """The activation of a column's units (None for the inputs: scaled by their range)."""
    return None if col == 0 else net.layers[col - 1].activation


def unit_display(values: np.ndarray, activation: str | None, discretize: bool) -> np.ndarray:
    """The image values (−1 … 1, float32, C-contiguous) for one unit's (n, n) grid: as its
    thumbnail on the canvas maps it (signed_array); discretized: only the sign."""
    s = signed_array(values, activation)
    if discretize:
        s = np.where(s >= 0, 1.0, -1.0)
    return np.ascontiguousarray(s, dtype=np.float32)


def feature_name(session, unit: int) -> str:
    feats = session.features
    name = feats[unit] if feats and unit < len(feats) else f"x{unit + 1}"
    return datasets.FEATURE_LABELS.get(name, name)


def unit_heading(session, col: int, unit: int) -> str:
    """"showing hidden layer 1 · unit 2" and the like."""
    sizes = session.net.sizes
    if col == 0:
        return f"showing input {feature_name(session, unit)}"
    if col == len(sizes) - 1:
        if session.net.layers[-1].activation == "softmax":
            return f"showing output unit {unit + 1} · p(class {unit + 1})"
        return f"showing output unit {unit + 1}"
    return f"showing hidden layer {col} · unit {unit + 1}"


def strip(discretize: bool, t=None) -> np.ndarray:
    """The region palette from −1 to +1 as the map draws it (two blocks discretized)."""
    lut = theme.region_lut(STRIP_N, t)
    if discretize:
        half = STRIP_N // 2
        lut = np.vstack([np.repeat(lut[:1], half, 0), np.repeat(lut[-1:], STRIP_N - half, 0)])
    return lut


def unit_scale(session, col: int, unit: int, values: np.ndarray | None,
               discretize: bool) -> Scale:
    """The strip for a unit's map: its output a from −1 to 1 (sigmoid: 0 to 1; an input
    feature: minus to plus its largest size on the plane), the middle value written on it."""
    act = unit_activation(session.net, col)
    if act is None:
        m = float(np.max(np.abs(values))) if values is not None and values.size else 1.0
        name = feature_name(session, unit)
        return Scale(strip(discretize), texts=[(fmt(-m, 2), f"input {name} = 0", fmt(m, 2)),
                                               (fmt(-m, 2), f"{name} = 0", fmt(m, 2))])
    lo, hi = ENDS.get(act, CLIPPED)
    mid = "0.5" if lo == "0" else "0"
    name = "p" if col == len(session.net.sizes) - 1 and act == "softmax" else "a"
    return Scale(strip(discretize), texts=[(lo, f"unit output {name} = {mid}", hi),
                                           (lo, f"{name} = {mid}", hi)])


def output_scale(session, task: str, discretize: bool) -> Scale:
    """The strip for the network's output: classes (the two ends, or the class colours of
    a softmax), or the output's value (a regression); its middle value written on it."""
    t = theme.current()
    act = session.net.layers[-1].activation
    if task == "multiclass":
        k = session.net.sizes[-1]
        lut = classes_lut(k, t)          # each class as the map tints a sure region
        colours = lut[np.arange(k) * CLASS_LEVELS + CLASS_LEVELS - 1]
        return Scale(colours, classes=[f"class {c + 1}" for c in range(k)],
                     note="" if discretize else "pale = unsure")
    lo, hi = ENDS.get(act, CLIPPED)
    mid = "0.5" if lo == "0" else "0"
    if task == "regression":
        return Scale(strip(discretize, t), texts=[(lo, f"output o = {mid}", hi),
                                                  (lo, f"o = {mid}", hi)])
    Y = np.asarray(session.Y, dtype=float)
    neg = "class −1" if Y.size and Y.min() < 0 else "class 0"
    return Scale(strip(discretize, t), texts=[(neg, f"output o = {mid}", "class 1"),
                                              (neg, f"o = {mid}", "class 1"),
                                              (neg, "", "class 1")])
