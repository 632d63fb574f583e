"""What the decision map shows besides the network's output: one unit's output over the
plane (hovering a neuron, as in TensorFlow Playground), and the colour scale's texts for
either view. Pure mappings of the session's numbers: the grid activations come from the
engine (session.grid_activations); nothing here computes the network.

Units are named as on the canvas: column 0 is the inputs (the features), column k + 1 is
engine layer k. (Where the unit's heading goes: plots_heading.)
"""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QFont, QFontMetricsF

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


def unit_headings(session, col: int, unit: int) -> list[tuple[str, ...]]:
    """The map's heading for a unit, longest first, each as its lines: "showing hidden layer
    1 · unit 2", "hidden layer 1 · unit 2", "hidden 1 · unit 2", ("hidden 1", "unit 2"), and
    last the canvas's own name for it ("h₁,₂")."""
    from .canvas_model import CanvasModel
    sizes = session.net.sizes
    short = CanvasModel(session).unit_name(col, unit)
    u = unit + 1
    if col == 0:
        name = feature_name(session, unit)
        forms = [f"input {name}", name]
    elif col == len(sizes) - 1:
        forms = [f"output unit {u}", f"output {u}"]
        if session.net.layers[-1].activation == "softmax":
            forms = [f"{form} · p(class {u})" for form in forms]
    else:
        forms = [f"hidden layer {col} · unit {u}", f"hidden {col} · unit {u}"]
    out = [(f"showing {forms[0]}",)] + [(form,) for form in forms]
    out += [tuple(forms[-1].split(" · "))] if " · " in forms[-1] else []
    return out + ([(short,)] if (short,) not in out else [])


def unit_heading(session, col: int, unit: int) -> str:
    """"showing hidden layer 1 · unit 2" and the like (the longest heading)."""
    return unit_headings(session, col, unit)[0][0]


def fit_heading(heading, forms: list[tuple[str, ...]], room_w: float, room_h: float,
                pt_range: tuple[float, float], zoom: float) -> tuple[int, float] | None:
    """Give the TextItem `heading` the first of `forms` (each its lines, centred) that fits
    room_w × room_h pixels in bold type of pt_range[1] to pt_range[0] points × zoom, as
    large as fits: (that form's index, its points); None when none fits."""
    font = QFont()
    font.setBold(True)
    item = heading.textItem
    margin = 2 * item.document().documentMargin()
    for i, lines in enumerate(forms):
        font.setPointSizeF(pt_range[0] * zoom)
        fm = QFontMetricsF(font)
        wide = max(fm.horizontalAdvance(line) for line in lines)
        tall = fm.lineSpacing() * len(lines)
        pt = pt_range[0] * min(1.0, (room_w - margin) / wide, (room_h - margin) / tall)
        while pt >= pt_range[1]:          # (the estimate, checked on the item itself)
            font.setPointSizeF(pt * zoom)
            item.setFont(font)
            item.setTextWidth(-1)
            heading.setText("\n".join(lines), color=theme.current().text)
            size = item.boundingRect().size()
            if size.width() <= room_w and size.height() <= room_h:
                item.setTextWidth(item.document().idealWidth())     # (two lines: centred)
                heading.updateTextPos()
                return i, pt
            pt -= 0.25
    return None


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
    # the classes as the targets code them: 0/1, or −1/+1 (a tanh output, as in TensorFlow
    # Playground); the middle is where the output decides, o = 0.5 or o = 0
    low, high = ("−1", "+1") if Y.size and Y.min() < 0 else ("0", "1")
    neg, pos = f"class {low}", f"class {high}"
    return Scale(strip(discretize, t), texts=[(neg, f"output o = {mid}", pos),
                                              (neg, f"o = {mid}", pos),
                                              (neg, "", pos),
                                              (low, "", high)])
