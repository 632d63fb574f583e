"""One artificial neuron: a = b + w·x, h = g(a).

Sliders set w₁, w₂ and b; a menu picks g. The left plot is the one-input neuron
h = g(w₁·x + b) with faint "ghost" curves showing what the bias and the weight do; the right
plot is the two-input neuron over the plane: its output as a heatmap and the line a = 0 that
splits the plane. Every value drawn is the engine's forward pass of that neuron.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..engine import ACTIVATIONS, Dense, Network, accuracy, datasets, get_loss
from ..ui import theme
from ..ui.window_fit import WrapRow
from . import neuron_plots as npl
from .base import Scenario

ACTIVATION_NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "step", "sign", "linear")
LIMIT = 6.0            # the plane −6 … 6 (as the 2-D data sets)
GRID = 121
GHOST_SHIFT = 2.0      # ghost curves: b ± 2
DEFAULTS = {"activation": "sigmoid", "w1": 1.5, "w2": -1.0, "b": 0.5, "probe": [2.0, 1.0],
            "ghosts": True, "data": False}

EXPLANATION = """
<p>A neuron weighs each input, adds them up with a bias, and squashes the sum:</p>
<p style="font-size:large"><b>a = b + w₁x₁ + w₂x₂, &nbsp; h = g(a)</b></p>
<p><i>a</i> is the weighted sum and <i>h</i> the neuron's output. The network scenarios use
the other common names for the same two numbers: <b>z</b> for the sum and <b>a = g(z)</b> for
the output.</p>
<p><b>Left, one input.</b> The bias <b>slides</b> the curve sideways: its middle (where
a = 0) sits at x = −b / w₁. The weight sets how <b>steep</b> the switch is; a negative weight
flips it. The faint curves show b ± 2 and w₁ doubled or halved.</p>
<p><b>Right, two inputs.</b> The line a = 0 cuts the plane in two; the arrow <b>w</b> points
to the side where a grows. With the sigmoid the colour is the probability p(y = 1 | x):
a single neuron <i>is</i> logistic regression.</p>
<p>Click the right plot to move the probe point <b>x</b>. Show the data and try to set
the weights by hand so the line separates the two classes.</p>
"""


def neuron_net(w1: float, w2: float, b: float, activation: str) -> Network:
    """The two-input neuron as an engine network (one Dense layer, one unit)."""
    return Network([Dense([[w1, w2]], [b], activation)])


def plane_points(half: float = LIMIT) -> np.ndarray:
    """The GRID × GRID points of the square −half … half as rows; row r·GRID + c is
    (x1[c], x2[r])."""
    xs = np.linspace(-half, half, GRID)
    gx, gy = np.meshgrid(xs, xs)
    return np.column_stack([gx.ravel(), gy.ravel()])


def one_input_net(w: float, b: float, activation: str) -> Network:
    return Network([Dense([[w]], [b], activation)])


def output_levels(activation: str, h: np.ndarray) -> tuple[float, float]:
    """Colour range of the heatmap: the activation's own range, or symmetric when unbounded."""
    if activation in ("sigmoid", "step"):
        return 0.0, 1.0
    if activation in ("tanh", "sign"):
        return -1.0, 1.0
    m = max(1.0, float(np.max(np.abs(h))))
    return -m, m


class NeuronScenario(Scenario):
    name = "neuron"
    title = "One artificial neuron"
    summary = "The bias shifts, the weights steer and steepen: a = b + w·x, h = g(a)."
    order = 5
    view_keys = ("probe",)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.state = {k: (list(v) if isinstance(v, list) else v) for k, v in DEFAULTS.items()}
        self.X, self.Y = datasets.load("gaussians", n=60, noise=0.35, seed=4)
        self._view = None
        theme.manager().changed.connect(self._restyle)
        self._themed = True

    # -- the model ----------------------------------------------------------------------------
    @property
    def net(self) -> Network:
        s = self.state
        return neuron_net(s["w1"], s["w2"], s["b"], s["activation"])

    # -- widgets ------------------------------------------------------------------------------
    def create_controls(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.addWidget(npl.explanation(EXPLANATION, w))
        row = QFormLayout()     # (the list goes below its name in a narrow panel)
        self.act_box = QComboBox(w)
        for name in ACTIVATION_NAMES:
            self.act_box.addItem(ACTIVATIONS[name].label, name)
        self.act_box.setToolTip("The activation function g that turns the sum a into the "
                                "output h")
        self.act_box.setCurrentIndex(ACTIVATION_NAMES.index(self.state["activation"]))
        self.act_box.currentIndexChanged.connect(
            lambda i: self._set(activation=self.act_box.itemData(i)))
        row.addRow("Activation g:", self.act_box)
        lay.addLayout(row)
        self.sliders = {}
        for key, label, tip in (
                ("w1", "weight w₁", "Weight of input x₁: steepness of the left curve, tilt of "
                                    "the line on the right (arrow keys: ±0.1)"),
                ("w2", "weight w₂", "Weight of input x₂ (two-input view only)"),
                ("b", "bias b", "The bias: slides the curve left/right and the line across "
                                "the plane")):
            s = npl.ValueSlider(label, -5.0, 5.0, 0.1, self.state[key], tip, w)
            s.valueChanged.connect(lambda v, k=key: self._set(**{k: v}))
            lay.addWidget(s)
            self.sliders[key] = s
        # what a box shows goes beside it, or below it in a narrow panel ("Ghost curves
        # (b ± 2, w₁ × 2, w₁ × ½)" in one check box held the panel 717 px wide at 250 %)
        self.ghost_box = QCheckBox("Ghost curves", w)
        self.ghost_box.setToolTip("Faint curves showing what changing the bias or the weight "
                                  "would do")
        self.ghost_box.setChecked(self.state["ghosts"])
        self.ghost_box.toggled.connect(lambda on: self._set(ghosts=on))
        lay.addWidget(_noted(self.ghost_box, "(b ± 2, w₁ × 2, w₁ × ½)", w))
        self.data_box = QCheckBox("Show data", w)
        self.data_box.setToolTip("Show two classes of points; the loss and accuracy of your "
                                 "weights appear at the top")
        self.data_box.setChecked(self.state["data"])
        self.data_box.toggled.connect(lambda on: self._set(data=on))
        lay.addWidget(_noted(self.data_box, "(two classes)", w))
        self.reset_button = QPushButton("Reset", w)
        self.reset_button.setToolTip("Back to the starting weights, bias and activation")
        self.reset_button.clicked.connect(self.reset)
        lay.addWidget(self.reset_button)
        lay.addStretch(1)
        self.named_controls.update({"activation": self.act_box, "w1": self.sliders["w1"],
                                    "w2": self.sliders["w2"], "b": self.sliders["b"],
                                    "ghosts": self.ghost_box, "data": self.data_box,
                                    "reset": self.reset_button})
        return w

    def create_view(self) -> QWidget:
        from .neuron_view import NeuronView
        self._view = NeuronView(self)
        self._view.probe_clicked.connect(lambda x1, x2: self._set(probe=[x1, x2]))
        self.refresh()
        return self._view

    # -- changes ------------------------------------------------------------------------------
    def _set(self, **changes):
        changed = {k: v for k, v in changes.items() if self.state.get(k) != v}
        if not changed:
            return
        self.state.update(changed)
        self.refresh()
        self.state_changed.emit()
        if "activation" in changed:
            self.status_message.emit(f"Activation: {ACTIVATIONS[self.state['activation']].label}"
                                     f" — {ACTIVATIONS[self.state['activation']].formula}")
        elif "probe" in changed:
            x1, x2 = self.state["probe"]
            self.status_message.emit(f"Probe moved to x = ({npl.fmt(x1)}, {npl.fmt(x2)})")

    def _sync_controls(self):
        if not hasattr(self, "act_box"):
            return
        widgets = [self.act_box, self.ghost_box, self.data_box, *self.sliders.values()]
        for wdg in widgets:
            wdg.blockSignals(True)
        self.act_box.setCurrentIndex(ACTIVATION_NAMES.index(self.state["activation"]))
        for key, s in self.sliders.items():
            s.setValue(self.state[key])
            s._show()
        self.ghost_box.setChecked(self.state["ghosts"])
        self.data_box.setChecked(self.state["data"])
        for wdg in widgets:
            wdg.blockSignals(False)

    def data_stats(self) -> dict:
        """Loss (cross-entropy for the sigmoid, else ½ squared error) and accuracy of the
        current weights on the data set, from the engine."""
        act = self.state["activation"]
        Y = self.Y if act not in ("tanh", "sign") else 2.0 * self.Y - 1.0
        o = self.net.forward(self.X)
        loss = get_loss("bce" if act == "sigmoid" else "half_sse")(o, Y)
        return {"loss": loss, "acc": accuracy(o, Y, act)}

    def refresh(self):
        if self._view is not None:
            self._view.show_state(self.state, self.X, self.Y)
        self.stats_changed.emit(self.current_stats())

    def current_stats(self) -> dict:
        return self.data_stats() if self.state["data"] else {}

    def _restyle(self):
        if self._view is not None:
            self._view.restyle()
            self.refresh()

    # -- actions ------------------------------------------------------------------------------
    def reset(self):
        self.load_state(DEFAULTS)
        self.status_message.emit("Back to the starting neuron")

    def shutdown(self):
        if self._themed:
            self._themed = False
            theme.manager().changed.disconnect(self._restyle)

    def get_state(self) -> dict:
        return {k: (list(v) if isinstance(v, list) else v) for k, v in self.state.items()}

    def load_state(self, state: dict) -> None:
        npl.check_keys(state, DEFAULTS, self.name)
        new = dict(self.state)
        if "activation" in state:
            new["activation"] = npl.check_choice(state, "activation", ACTIVATION_NAMES)
        for key in ("w1", "w2", "b"):
            if key in state:
                v = npl.check_number(state, key, -5.0, 5.0)
                if abs(round(v * 10) - v * 10) > 1e-6:
                    raise ValueError(f"{key} = {v} must be a multiple of 0.1 (the slider's step)")
                new[key] = round(v, 1)
        if "probe" in state:
            p = state["probe"]
            if (not isinstance(p, (list, tuple)) or len(p) != 2 or
                    not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in p)
                    or not all(-LIMIT <= v <= LIMIT for v in p)):
                raise ValueError(f"probe must be two numbers in −6 … 6, got {p!r}")
            new["probe"] = [float(p[0]), float(p[1])]
        for key in ("ghosts", "data"):
            if key in state:
                new[key] = npl.check_bool(state, key)
        self.state = new
        self._sync_controls()
        self.refresh()
        self.state_changed.emit()


class _Note(QLabel):
    """The note beside a check box: a click on it toggles the box, as a click on the box's
    own text does."""

    def __init__(self, text: str, box: QCheckBox, parent: QWidget):
        super().__init__(text, parent)
        self.box = box
        self.setToolTip(box.toolTip())
        self.setWordWrap(True)       # (below the box, and still too wide: wraps)

    def mouseReleaseEvent(self, event):
        if event.button() == Qt.MouseButton.LeftButton and self.box.isEnabled() \
                and self.rect().contains(event.position().toPoint()):
            self.box.toggle()
        super().mouseReleaseEvent(event)


def _noted(box: QCheckBox, note: str, parent: QWidget) -> QWidget:
    """The check box with a note beside it, or below it where the row is too narrow."""
    return WrapRow([box, _Note(note, box, parent)], parent)


__all__ = ["NeuronScenario", "neuron_net", "one_input_net", "output_levels"]

