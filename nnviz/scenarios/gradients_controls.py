"""Small builders shared by the gradients and regularization scenarios.

`choice(scenario, key, items, tip, on_change)` makes a QComboBox for one setting and
registers it as a lockable named control; `sync_choice` shows a value without emitting.
The checks of their saved settings too (`check_choices`, `saved_network`,
`check_gradient_history`).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel

from .setting_checks import MAX_COUNT


def choice(scenario, key: str, items: dict, tip: str, on_change) -> QComboBox:
    box = QComboBox()
    for value, label in items.items():
        box.addItem(label, value)
    box.setToolTip(tip)
    box.activated.connect(lambda i: on_change(key, box.itemData(i)))
    scenario.named_controls[key] = box
    return box


def sync_choice(box: QComboBox, value):
    box.blockSignals(True)
    box.setCurrentIndex(box.findData(value))
    box.blockSignals(False)


def rich_label(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    if name:
        label.setObjectName(name)
    return label


def check_choices(state: dict, choices: dict, current: dict, extra=()) -> dict:
    """Settings from a (partial) state: every key must be known and every value one of its
    choices. Returns the merged settings; ValueError names the key and the problem."""
    if not isinstance(state, dict):
        raise ValueError("the state must be a dictionary of settings")
    allowed = set(choices) | set(extra)
    unknown = set(state) - allowed
    if unknown:
        raise ValueError(f"no setting called {', '.join(sorted(map(str, unknown)))}; valid "
                         f"names: {', '.join(sorted(allowed))}")
    out = dict(current)
    for key, valid in choices.items():
        if key in state:
            v = state[key]
            if isinstance(v, bool) != isinstance(valid[0], bool) or v not in valid:
                raise ValueError(f"{key}: {v!r} is not allowed; choose one of "
                                 f"{', '.join(map(str, valid))}")
            out[key] = v
    return out


def saved_network(state: dict, sizes: list[int]):
    """The network saved under state["network"] (None if there is none), checked to have
    the layer sizes `sizes`; ValueError names the problem."""
    from ..engine import Network
    if "network" not in state:
        return None
    try:
        net = Network.from_dict(state["network"])
    except ValueError as exc:
        raise ValueError(f"network: {exc}") from None
    if net.sizes != list(sizes):
        raise ValueError(f"network: sizes {net.sizes} do not match the settings "
                         f"(expected {list(sizes)})")
    return net


def check_gradient_history(g, n_layers: int) -> tuple[list[int], list[np.ndarray]]:
    """The lower plot's sizes from a file: {"steps": update counts (increasing), "norms":
    one list of n_layers sizes (≥ 0) per count}. ValueError naming the problem."""
    where = "gradients setting 'gradient_history'"
    if not isinstance(g, dict) or set(g) != {"steps", "norms"}:
        raise ValueError(f"{where} must be a dictionary with the lists steps and norms")
    steps, norms = g["steps"], g["norms"]
    if not isinstance(steps, list) or not isinstance(norms, list) or len(steps) != len(norms):
        raise ValueError(f"{where}: steps and norms must be lists of the same length")
    if any(isinstance(s, bool) or not isinstance(s, int) or not 0 <= s <= MAX_COUNT
           for s in steps) or any(a >= b for a, b in zip(steps, steps[1:])):
        raise ValueError(f"{where}: steps must be increasing whole numbers from 0 to "
                         f"{MAX_COUNT:,}")
    if not all(isinstance(row, list) and len(row) == n_layers and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) and np.isfinite(v)
            and v >= 0 for v in row) for row in norms):
        raise ValueError(f"{where}: each entry of norms must be a list of {n_layers} sizes "
                         "(numbers ≥ 0), one per weight layer")
    return list(steps), [np.array(row, dtype=float) for row in norms]
