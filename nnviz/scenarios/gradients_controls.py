"""Small builders shared by the gradients and regularization scenarios.

`choice(scenario, key, items, tip, on_change)` makes a QComboBox for one setting and
registers it as a lockable named control; `sync_choice` shows a value without emitting.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel


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
