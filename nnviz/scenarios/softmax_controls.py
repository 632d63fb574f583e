"""The softmax scenario's control panel: the introduction (softmax and cross-entropy in
words), the settings as drop-down lists (classes, spread, hidden units, learning rate, batch,
what the plane shows) and the New random weights and Reset buttons.

The widgets are kept as the scenario's attributes (boxes, new_button, reset_button) and in
its `named_controls`; every list changes the scenario through its `_set(key, value)`, and
`sync_controls` puts the settings back into them (after a file is loaded, or when the number
of classes changes the plane's choices).
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QComboBox, QFormLayout, QPushButton, QVBoxLayout, QWidget

from ..ui import theme
from ..ui.window_fit import WrapRow
from . import neuron_plots as npl
from . import softmax_model as sm

EXPLANATION = """
<p><b>One output per class.</b> Each output unit scores its own class: it votes for it.
Softmax turns the scores z into probabilities,</p>
<p style="font-size:large"><b>p<sub>k</sub> = e<sup>z<sub>k</sub></sup> / Σ<sub>j</sub>
e<sup>z<sub>j</sub></sup></b></p>
<p>all positive and adding up to exactly 1, so raising one class's score takes probability
away from all the others. The answer is the class with the largest p.</p>
<p><b>Cross-entropy</b> L = −log p(true class) only looks at the true class: near 0 when
the network is sure and right, and huge when it is sure and wrong.</p>
<p>Point at the plane to read the probabilities anywhere; click a point to pin it. Step
with ▶| to see one update with its numbers, or press ▶▶ train.</p>
"""

TIPS = {
    "classes": "How many classes (blobs) to tell apart: the network gets one output each",
    "noise": "How spread out the blobs are: more noise, more overlap between classes",
    "hidden": "Hidden tanh units between the two inputs and the outputs",
    "lr": "Learning rate η of gradient descent: W ← W − η·∂L/∂W",
    "batch_size": "How many points each update averages its gradient over",
    "view": "Colour the plane by the winning class (argmax), or show one output's "
            "probability: that class against all the others",
}
LABELS = {"classes": "Classes", "noise": "Spread", "hidden": "Hidden units",
          "lr": "Learning rate η", "batch_size": "Batch", "view": "Plane shows"}


def build_controls(scenario) -> QWidget:
    """The panel of the softmax scenario `scenario` (its create_controls)."""
    w = _Narrow()
    lay = QVBoxLayout(w)
    lay.addWidget(npl.explanation(EXPLANATION, w))
    form = QFormLayout()
    k_items = {k: f"{k} classes" for k in range(sm.CLASS_RANGE[0], sm.CLASS_RANGE[1] + 1)}
    h_items = {h: f"{h} units" for h in range(sm.HIDDEN_RANGE[0], sm.HIDDEN_RANGE[1] + 1)}
    lr_items = {v: f"η = {v:g}" for v in sm.CHOICES["lr"]}
    for key, items in (("classes", k_items), ("noise", sm.NOISE_LABELS),
                       ("hidden", h_items), ("lr", lr_items),
                       ("batch_size", sm.BATCH_LABELS), ("view", {})):
        box = QComboBox(w)
        box.setObjectName(f"{key}Box")
        for value, label in items.items():
            box.addItem(label, value)
        box.setToolTip(TIPS[key])
        box.activated.connect(lambda i, k=key, b=box: scenario._set(k, b.itemData(i)))
        scenario.boxes[key] = box
        scenario.named_controls[key] = box
        form.addRow(LABELS[key], box)
    lay.addLayout(form)
    scenario.new_button = QPushButton("New random weights", w)
    scenario.new_button.setToolTip("Start again from other random starting weights")
    scenario.new_button.clicked.connect(scenario.new_weights)
    scenario.reset_button = QPushButton("Reset", w)
    scenario.reset_button.setToolTip("Back to this network's starting weights (epoch 0)")
    scenario.reset_button.clicked.connect(scenario.reset)
    # side by side, or one under the other in a narrow panel (a row of the two held it
    # 521 px wide at 250 %)
    lay.addWidget(WrapRow([scenario.new_button, scenario.reset_button], w))
    scenario.named_controls["new_weights"] = scenario.new_button
    scenario.named_controls["reset"] = scenario.reset_button
    lay.addStretch(1)
    scenario._sync_controls()
    return w


def sync_controls(scenario) -> None:
    """Put the scenario's settings into its lists (the plane's choices follow the classes)."""
    if not scenario.boxes:
        return
    view = scenario.boxes["view"]
    view.blockSignals(True)
    view.clear()
    for v in sm.views(scenario.settings["classes"]):
        view.addItem("which class wins (argmax)" if v == "regions"
                     else f"p({v}) — one vs all", v)
    view.blockSignals(False)
    for key, box in scenario.boxes.items():
        box.blockSignals(True)
        box.setCurrentIndex(box.findData(scenario.settings[key]))
        box.blockSignals(False)


class _Narrow(QWidget):
    """The controls panel asks for a modest width, leaving the centre to the pictures (the
    dock can still be widened by hand)."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(min(hint.width(), int(340 * theme.manager().zoom)), hint.height())
