"""Activation functions side by side with their derivatives.

Pick an activation; its function g(z) and derivative g'(z) are drawn together from
nnviz.engine.activations, a draggable line reads both off at any z, shaded zones mark
where the derivative (and so the learning signal) vanishes, and a bar chart shows softmax
turning a vector of logits into probabilities that sum to one.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..engine import ACTIVATIONS
from ..ui import theme
from . import neuron_plots as npl
from .base import Scenario

NAMES = ("linear", "step", "sign", "sigmoid", "tanh", "relu", "leaky_relu", "softmax")
Z_LIMIT = 6.0
SATURATION = 0.1        # a zone is "saturated" where g'(z) < 10 % of its largest value
N_LOGITS = 4
DEFAULTS = {"activation": "sigmoid", "z": 1.0, "logits": [2.0, 1.0, 0.1, -1.0]}

EXPLANATION = """
<p>An activation function g turns a neuron's sum z into its output a = g(z). Training
needs its <b>derivative</b> g'(z): backpropagation multiplies every error signal by it.</p>
<p><b>Drag the vertical line</b> to read g(z) and g'(z) at any z.</p>
<p><b>Shaded zones:</b> where g' is almost 0 the neuron is <i>saturated</i> — whatever
the error, hardly any signal passes back (the vanishing gradient). ReLU's left half is a
<i>dead zone</i>: g' = 0 exactly, and a neuron stuck there stops learning; leaky ReLU keeps
a small slope instead. Step and sign have no useful derivative at all (0 everywhere but
the jump): gradient descent needs one, which is why networks trained by backpropagation use
sigmoid, tanh or ReLU instead.</p>
<p><b>Softmax</b> works on a whole vector of logits: edit them below and the bars show
positive numbers that always add up to 1. The curve shows the first probability as the
first logit z₁ moves.</p>
"""


def zone_intervals(mask: np.ndarray, zs: np.ndarray) -> list[tuple[float, float]]:
    """The z-intervals where mask is true (for shading)."""
    out, start = [], None
    for i, m in enumerate(mask):
        if m and start is None:
            start = zs[i]
        if not m and start is not None:
            out.append((start, zs[i - 1]))
            start = None
    if start is not None:
        out.append((start, zs[-1]))
    return out


class ActivationsScenario(Scenario):
    name = "activations"
    title = "Activation functions"
    summary = "g(z) and its derivative side by side: saturation, dead ReLUs, softmax."
    order = 6

    def __init__(self, parent=None):
        super().__init__(parent)
        self.state = {"activation": DEFAULTS["activation"], "z": DEFAULTS["z"],
                      "logits": list(DEFAULTS["logits"])}
        self._view = self._bars = None
        theme.manager().changed.connect(self._restyle)
        self._themed = True

    # -- the engine's numbers -------------------------------------------------------------------
    def curves(self, zs: np.ndarray):
        """(g, g') along zs. For softmax: the first probability as logit 1 runs along zs
        with the other logits fixed, and its slope ∂a₁/∂z₁."""
        act = ACTIVATIONS[self.state["activation"]]
        if act.elementwise:
            return act(zs), act.derivative(zs)
        Z = np.tile(np.asarray(self.state["logits"], float), (len(zs), 1))
        Z[:, 0] = zs
        return act(Z)[:, 0], act.derivative(Z)[:, 0]

    def probabilities(self) -> np.ndarray:
        return ACTIVATIONS["softmax"](np.asarray(self.state["logits"], float))

    def at(self, z: float) -> tuple[float, float]:
        g, d = self.curves(np.array([float(z)]))
        return float(g[0]), float(d[0])

    # -- widgets --------------------------------------------------------------------------------
    def create_controls(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.addWidget(npl.explanation(EXPLANATION, w))
        self.list = _RowsList(w)
        self.list.setToolTip("Choose the activation function to plot")
        for n in NAMES:
            self.list.addItem(ACTIVATIONS[n].label)
        self.list.setCurrentRow(NAMES.index(self.state["activation"]))
        self.list.currentRowChanged.connect(
            lambda r: r >= 0 and self._set(activation=NAMES[r]))
        lay.addWidget(self.list)
        lay.addWidget(QLabel("<b>Softmax logits</b> z₁ … z₄:", w))
        grid = QGridLayout()
        self.logit_boxes = []
        for i in range(N_LOGITS):
            box = QDoubleSpinBox(w)
            box.setRange(-10.0, 10.0)
            box.setSingleStep(0.1)
            box.setDecimals(2)
            box.setValue(self.state["logits"][i])
            box.setToolTip(f"Logit z{i + 1}: the pre-activation of output {i + 1}")
            box.valueChanged.connect(lambda v, i=i: self._set_logit(i, v))
            grid.addWidget(QLabel(f"z{chr(0x2081 + i)}", w), i // 2, 2 * (i % 2))
            grid.addWidget(box, i // 2, 2 * (i % 2) + 1)
            self.logit_boxes.append(box)
            self.named_controls[f"logit{i + 1}"] = box
        for col in (1, 3):      # the boxes take the spare width: each name beside its box
            grid.setColumnStretch(col, 1)
        lay.addLayout(grid)
        self.reset_button = QPushButton("Reset", w)
        self.reset_button.setToolTip("Back to the sigmoid at z = 1 and the starting logits")
        self.reset_button.clicked.connect(self.reset)
        lay.addWidget(self.reset_button)
        lay.addStretch(1)
        self.named_controls.update({"activation": self.list, "reset": self.reset_button})
        return w

    def create_view(self) -> QWidget:
        from .activations_view import ActivationView
        self._view = ActivationView(self)
        self._view.z_moved.connect(self._z_dragged)
        self.refresh()
        return self._view

    def create_plots(self) -> QWidget:
        from .activations_view import SoftmaxBars
        self._bars = SoftmaxBars(self)
        self.refresh()
        return self._bars

    # -- changes ----------------------------------------------------------------------------------
    def _set(self, **changes):
        changed = {k: v for k, v in changes.items() if self.state.get(k) != v}
        if not changed:
            return
        self.state.update(changed)
        if "activation" in changed and changed["activation"] == "softmax":
            self.state["z"] = self.state["logits"][0]
        self.refresh()
        self.state_changed.emit()
        if "activation" in changed:
            act = ACTIVATIONS[self.state["activation"]]
            self.status_message.emit(f"{act.label}: {act.formula};  {act.derivative_formula}")

    def _set_logit(self, i: int, v: float):
        logits = list(self.state["logits"])
        logits[i] = round(float(v), 2)
        changes = {"logits": logits}
        if i == 0 and self.state["activation"] == "softmax":
            changes["z"] = logits[0]
        self._set(**changes)

    def _z_dragged(self, z: float):
        z = round(float(np.clip(z, -Z_LIMIT, Z_LIMIT)), 2)
        if self.state["activation"] == "softmax":
            self.logit_boxes[0].setValue(z)          # the line is logit 1
        else:
            self._set(z=z)
        g, d = self.at(self.state["z"])
        self.status_message.emit(f"z = {npl.fmt(self.state['z'])}: g(z) = {npl.fmt(g, 3)}, "
                                 f"g'(z) = {npl.fmt(d, 3)}")

    def _sync_controls(self):
        if not hasattr(self, "list"):
            return
        widgets = [self.list, *self.logit_boxes]
        for wdg in widgets:
            wdg.blockSignals(True)
        self.list.setCurrentRow(NAMES.index(self.state["activation"]))
        for box, v in zip(self.logit_boxes, self.state["logits"]):
            box.setValue(v)
        for wdg in widgets:
            wdg.blockSignals(False)

    def refresh(self):
        if self._view is not None:
            self._view.show_state()
        if self._bars is not None:
            self._bars.show_state()

    def _restyle(self):
        for w in (self._view, self._bars):
            if w is not None:
                w.restyle()
        self.refresh()

    # -- actions ----------------------------------------------------------------------------------
    def reset(self):
        self.load_state(DEFAULTS)
        self.status_message.emit("Back to the sigmoid")

    def shutdown(self):
        if self._themed:
            self._themed = False
            theme.manager().changed.disconnect(self._restyle)

    def get_state(self) -> dict:
        return {"activation": self.state["activation"], "z": self.state["z"],
                "logits": list(self.state["logits"])}

    def load_state(self, state: dict) -> None:
        npl.check_keys(state, DEFAULTS, self.name)
        new = self.get_state()
        if "activation" in state:
            new["activation"] = npl.check_choice(state, "activation", NAMES)
        if "z" in state:
            new["z"] = npl.check_number(state, "z", -Z_LIMIT, Z_LIMIT)
        if "logits" in state:
            v = state["logits"]
            if (not isinstance(v, list) or len(v) != N_LOGITS or not all(
                    isinstance(x, (int, float)) and not isinstance(x, bool) and -10 <= x <= 10
                    for x in v)):
                raise ValueError(f"logits must be a list of {N_LOGITS} numbers in −10 … 10, "
                                 f"got {v!r}")
            new["logits"] = [round(float(x), 2) for x in v]
        if new["activation"] == "softmax":
            new["z"] = new["logits"][0]
        self.state = new
        self._sync_controls()
        self.refresh()
        self.state_changed.emit()


class _RowsList(QListWidget):
    """A list exactly as tall as its rows in the current type: a fixed 208 px left empty
    rows on the desktop and pushed the logits below a 1280×800 window's fold."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def _rows_height(self) -> int:
        rows = sum(max(self.sizeHintForRow(i), 1) for i in range(self.count()))
        return rows + 2 * self.frameWidth() + 2

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._rows_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self._rows_height())

    def changeEvent(self, event):
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:   # projector type: taller rows
            self.updateGeometry()
