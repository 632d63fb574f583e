"""The representation scenario's control panel: which example (representation_model.MODES),
the data, the hidden units and their activation, the learning rate, New random weights, the
turn and tilt sliders of the cube, the example's explanation and the readout.

The widgets are kept as the scenario's attributes and in its `named_controls`; the lists
change the scenario through its `_set_setting(key, value)`, the sliders through `_turn`, and
`sync_controls` puts the settings back into them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from ..engine import ACTIVATIONS
from . import representation_model as rm
from .representation_texts import EXPLAIN

LEARNING_RATES = (0.003, 0.01, 0.03, 0.1, 0.3)
FIXED_ACTIVATION = "fixed"   # the activation box's entry for the fixed networks' units


def build_controls(sc) -> QWidget:
    """The panel: the example, data, hidden units, activation and learning rate lists, New
    random weights, the turn and tilt sliders, the explanation and the readout."""
    w = QWidget()
    lay = QVBoxLayout(w)
    form = QFormLayout()
    lay.addLayout(form)
    sc.mode_box = _combo(sc, rm.MODES, "mode", "Which example: hand-set threshold units, "
                             "a hidden layer that learns, or linear layers only")
    form.addRow("Example", sc.mode_box)
    sc.data_box = _combo(sc, rm.DATASETS, "dataset", "The points to classify (the "
                             "threshold example always uses the four bands)")
    form.addRow("Data", sc.data_box)
    sc.units_box = _combo(sc, {2: "2 (a plane)", 3: "3 (a cube)"}, "hidden_units",
                          "How many hidden units: the dimension of the new space")
    form.addRow("Hidden units", sc.units_box)
    sc.act_box = _combo(sc, {a: ACTIVATIONS[a].label for a in rm.HIDDEN_ACTIVATIONS},
                        "activation", "The hidden units' activation g(z)")
    form.addRow("Activation", sc.act_box)
    sc.lr_box = _combo(sc, {lr: f"{lr:g}" for lr in LEARNING_RATES}, "lr",
                       "Learning rate η of the Adam optimizer")
    form.addRow("Learning rate η", sc.lr_box)
    sc.new_button = QPushButton("New random weights")
    sc.new_button.setToolTip("Start again from other random weights (another seed)")
    sc.new_button.clicked.connect(sc._new_weights)
    sc.named_controls["new_weights"] = sc.new_button
    lay.addWidget(sc.new_button)
    sc.yaw_slider = _slider(sc, "yaw", -180, 180, "Turn the cube left and right (or "
                                "drag in the plot)")
    sc.pitch_slider = _slider(sc, "pitch", -89, 89, "Tilt the cube up and down (or drag "
                                  "in the plot)")
    form2 = QFormLayout()
    form2.addRow("Turn", sc.yaw_slider)
    form2.addRow("Tilt", sc.pitch_slider)
    lay.addLayout(form2)
    sc.explain = QLabel()
    sc.explain.setWordWrap(True)
    sc.explain.setTextFormat(Qt.TextFormat.RichText)
    lay.addWidget(sc.explain)
    sc.readout = QLabel()
    sc.readout.setWordWrap(True)
    sc.readout.setTextFormat(Qt.TextFormat.RichText)
    sc.readout.setObjectName("readout")
    lay.addWidget(sc.readout)
    lay.addStretch(1)
    sc._controls = w
    sync_controls(sc)
    return w


def _combo(sc, items: dict, key: str, tip: str) -> QComboBox:
    box = QComboBox()
    for value, label in items.items():
        box.addItem(label, value)
    box.setToolTip(tip)
    box.activated.connect(lambda i, b=box, k=key: sc._set_setting(k, b.itemData(i)))
    sc.named_controls[key] = box
    return box


def _slider(sc, key, lo, hi, tip) -> QSlider:
    s = QSlider(Qt.Orientation.Horizontal)
    s.setRange(lo, hi)
    s.setToolTip(tip)
    s.valueChanged.connect(lambda v, k=key: sc._turn(k, v))
    sc.named_controls[key] = s
    return s


def sync_controls(sc):
    """Put the settings back into the panel's widgets (after a change or a loaded file)."""
    if sc._controls is None:
        return
    s = sc.settings
    for box, key in ((sc.mode_box, "mode"), (sc.data_box, "dataset"),
                     (sc.units_box, "hidden_units"), (sc.act_box, "activation"),
                     (sc.lr_box, "lr")):
        box.setCurrentIndex(box.findData(s[key]))
    mode = s["mode"]
    # a fixed network (threshold or linear units): the disabled box names its hidden
    # units' activation, not the learned network's setting
    fixed = sc.act_box.findData(FIXED_ACTIVATION)
    if mode != "learned":
        if fixed < 0:
            sc.act_box.addItem("", FIXED_ACTIVATION)
            fixed = sc.act_box.count() - 1
        act = sc.session.net.layers[0].activation
        sc.act_box.setItemText(fixed, f"{ACTIVATIONS[act].label} (fixed)")
        sc.act_box.setCurrentIndex(fixed)
    elif fixed >= 0:
        sc.act_box.removeItem(fixed)
        sc.act_box.setCurrentIndex(sc.act_box.findData(s["activation"]))
    sc.update_enabled()       # the rules (enable_rules) and a lesson's locks
    for slider, key in ((sc.yaw_slider, "yaw"), (sc.pitch_slider, "pitch")):
        slider.blockSignals(True)
        slider.setValue(int(round(s[key])))
        slider.blockSignals(False)
    sc.explain.setText(EXPLAIN[mode])
    sc._update_readout()
