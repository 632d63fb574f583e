"""The MLP playground's control panel: data, training, features, the architecture editor.

Every control changes the scenario through `scenario.apply({setting: value})` and is kept
in step with the settings by `sync()`. Which controls may be used is decided in one place,
`Scenario.update_enabled` (the rules here, registered in `enable_rules`, and a lesson's
locks on top): sync() had re-enabled locked controls after any change of a setting.

The order puts what a teacher changes most within a 1280×800 window without scrolling: the
data, then training (learning rate, batch size, regularization, Reset), the features and
the network (which grows with its layers), and the introduction folded to one line.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..engine import ACTIVATIONS, datasets
from ..ui.dataset_icons import decorate
from ..ui.feature_icons import FeatureIcons
from ..ui.fold_label import FoldLabel
from . import mlp_model as M
from .mlp_noise import NoiseSlider

INTRO = ("A playground for multi-layer networks.", " Pick a data set, choose which features "
         "of (x₁, x₂) the network sees, build the hidden layers with + and −, then press "
         "▶▶ train (or step through one update at a time). The big picture on the right is "
         "the network's answer for every point of the plane.")      # (summary, details)
LOSS_LABELS = {"bce": "Binary cross-entropy", "cce": "Categorical cross-entropy",
               "mse": "Mean squared error", "half_sse": "½ sum of squared errors"}

OUTPUT_TIP = "The output unit's activation, matched to the task"
OUTPUT_TIPS = {"classification": "The output unit's activation: Sigmoid answers 0 … 1 for the "
               "classes 0 and 1; Tanh answers −1 … +1 and the classes become −1 and +1, as in "
               "TensorFlow Playground"}
LOSS_TIP = "The loss the network minimises"
LOSS_BIPOLAR = " (targets −1/+1: a squared error; cross-entropy needs targets 0/1)"

FEATURE_COLUMNS = 4      # feature buttons per row at most (fewer in a narrow panel)


# the optimizers as they are written in the literature (the keys are the engine's)
OPTIMIZER_NAMES = {"sgd": "SGD", "momentum": "Momentum", "nesterov": "Nesterov",
                   "adagrad": "AdaGrad", "rmsprop": "RMSprop", "adam": "Adam",
                   "nadam": "Nadam", "adamax": "Adamax"}


def rate_text(v: float) -> str:
    """A rate as written in the lists, never in exponent form: 0.00001 (not "1e-05"), 0.03,
    10."""
    return np.format_float_positional(v, trim="-")


def _combo(items, tip, on_pick, parent, fmt=str) -> QComboBox:
    box = QComboBox(parent)
    for value in items:
        box.addItem(fmt(value), value)
    box.setToolTip(tip)
    box.activated.connect(lambda i: on_pick(box.itemData(i)))
    return box


def _set_data(box: QComboBox, value, fmt=str):
    i = box.findData(value)
    if i < 0:
        box.addItem(fmt(value), value)
        i = box.count() - 1
    box.setCurrentIndex(i)


class MlpControls(QScrollArea):
    def __init__(self, scenario, parent=None):
        super().__init__(parent)
        self.scenario = scenario
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget(self)
        self.layout_ = QVBoxLayout(inner)
        self.intro = FoldLabel(*INTRO, inner, more="How to use it…", name="intro")
        self.layout_.addWidget(self.intro)
        apply = self._apply

        # data
        data = QGroupBox("Data", inner)
        form = QFormLayout(data)
        self.dataset = _combo(M.SETS, "The data set: two classes, three classes (blobs) or a "
                              "number to predict (regression)",
                              lambda v: apply({"dataset": v}), data, datasets.LABELS.get)
        self.dataset.setAccessibleName("Data set")
        # a picture of each data set beside its name (theme and zoom followed)
        self.dataset_icons = decorate(self.dataset)
        form.addRow("Data set", self.dataset)
        self.noise = NoiseSlider(data)
        self.noise.committed.connect(lambda v: scenario.apply({"noise": v}))
        form.addRow("Noise", self.noise)
        self.test_ratio = _combo((0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9),
                                 "Share of the points held back as test data (never trained on)",
                                 lambda v: apply({"test_ratio": v}), data,
                                 lambda v: f"{100 * v:.0f}% test")
        form.addRow("Test data", self.test_ratio)
        self.regenerate = QPushButton("Regenerate", data)
        self.regenerate.setToolTip("Draw a fresh sample of points from the same data set")
        self.regenerate.clicked.connect(
            lambda: apply({"data_seed": scenario.settings["data_seed"] + 1}))
        form.addRow(self.regenerate)
        self.layout_.addWidget(data)

        # training
        train = QGroupBox("Training", inner)
        form = QFormLayout(train)
        self.lr = _combo(M.LEARNING_RATES, "Learning rate η: the size of each step (too large "
                         "and training diverges)", lambda v: apply({"lr": v}), train, rate_text)
        form.addRow("Learning rate η", self.lr)
        self.batch_size = _combo(M.BATCH_SIZES, "Samples per update (1 = SGD; full batch = every "
                                 "training point)", lambda v: apply({"batch_size": v}), train,
                                 lambda v: "full batch" if v is None else str(v))
        form.addRow("Batch size", self.batch_size)
        self.regularization = _combo(M.REGULARIZATION, "A penalty on large weights",
                                     lambda v: apply({"regularization": v}), train,
                                     lambda v: {"none": "None", "l1": "L1", "l2": "L2"}[v])
        form.addRow("Regularization", self.regularization)
        self.reg_rate = _combo(M.REG_RATES, "How strong the penalty is",
                               lambda v: apply({"reg_rate": v}), train, rate_text)
        form.addRow("Regularization rate", self.reg_rate)
        self.optimizer = _combo(M.OPTIMIZERS, "How the gradient turns into a weight step",
                                lambda v: apply({"optimizer": v}), train,
                                lambda v: OPTIMIZER_NAMES.get(v, v))
        form.addRow("Optimizer", self.optimizer)
        self.dropout = _combo(M.DROPOUTS, "Probability of silencing each hidden unit during "
                              "a training step", lambda v: apply({"dropout": v}), train,
                              lambda v: f"{100 * v:.0f}%")
        form.addRow("Dropout", self.dropout)
        row = QHBoxLayout()
        self.reset_button = QPushButton("Reset", train)
        self.reset_button.setToolTip("Back to epoch 0 with the same initial weights")
        self.reset_button.clicked.connect(lambda: self._flushed(scenario.reset_weights))
        self.reinit_button = QPushButton("Re-initialise", train)
        self.reinit_button.setToolTip("New random initial weights (next seed), epoch 0")
        self.reinit_button.clicked.connect(lambda: self._flushed(scenario.reinitialise))
        row.addWidget(self.reset_button)
        row.addWidget(self.reinit_button)
        form.addRow(row)
        self.layout_.addWidget(train)

        # features
        feats = QGroupBox("Input features", inner)
        self.feature_grid = grid = QGridLayout(feats)
        self._feature_columns = FEATURE_COLUMNS
        self.features = {}
        for i, f in enumerate(datasets.FEATURES):
            b = QPushButton(datasets.FEATURE_LABELS[f], feats)
            b.setCheckable(True)
            b.setObjectName(f"feature_{f}")
            b.setToolTip(f"Feed {datasets.FEATURE_LABELS[f]} to the network as an input "
                         "(the picture: its value over the input plane, as its unit on the "
                         "network shows it)")
            b.clicked.connect(lambda on, name=f: self._toggle_feature(name, on))
            b.toggled.connect(lambda on, btn=b: _bold(btn, on))
            grid.addWidget(b, i // FEATURE_COLUMNS, i % FEATURE_COLUMNS)
            b.setMinimumWidth(b.sizeHint().width())    # (the layout's columns may vary)
            self.features[f] = b
        # a picture of each feature beside its name, as its unit shows it (theme and zoom
        # followed; the buttons' minimum widths with it)
        self.feature_icons = FeatureIcons(self.features, feats, after=self._fit_features)
        # (a checked feature: the style's accent fill and border, and bold; a style sheet
        # here had kept the theme it was made in: white on light blue in high contrast, and
        # the group's title dim after a change of theme)
        self.layout_.addWidget(feats)

        # architecture
        arch = QGroupBox("Network", inner)
        self.arch_layout = QVBoxLayout(arch)
        row = QHBoxLayout()
        self.layers_label = QLabel(arch)
        self.layers_label.setWordWrap(True)
        self.remove_layer = QPushButton("−", arch)
        self.remove_layer.setToolTip("Remove the last hidden layer")
        self.remove_layer.setAccessibleName("Remove the last hidden layer")
        self.remove_layer.clicked.connect(self._remove_layer)
        self.add_layer = QPushButton("+", arch)
        self.add_layer.setToolTip(f"Add a hidden layer (at most {M.MAX_LAYERS})")
        self.add_layer.setAccessibleName("Add a hidden layer")
        self.add_layer.clicked.connect(self._add_layer)
        for b in (self.remove_layer, self.add_layer):
            b.setFixedWidth(b.fontMetrics().horizontalAdvance("−") * 4)
        row.addWidget(self.layers_label, 1)
        row.addWidget(self.remove_layer)
        row.addWidget(self.add_layer)
        self.arch_layout.addLayout(row)
        self.layer_rows = QVBoxLayout()
        self.arch_layout.addLayout(self.layer_rows)
        self.layer_widgets: list[dict] = []
        out_form = QFormLayout()
        self.output = _combo(("sigmoid",), OUTPUT_TIP,
                             lambda v: apply({"output": v}), arch,
                             lambda v: ACTIVATIONS[v].label)
        out_form.addRow("Output", self.output)
        self.loss = _combo(("bce",), LOSS_TIP,
                           lambda v: apply({"loss": v}), arch, LOSS_LABELS.get)
        out_form.addRow("Loss", self.loss)
        self.arch_layout.addLayout(out_form)
        self.layout_.addWidget(arch)

        self.layout_.addStretch(1)
        self.setWidget(inner)
        # the names a lesson may lock (README "Lessons" lists them); "units" and
        # "activations" stand for every hidden layer's −/+ buttons and activation box
        scenario.named_controls.update({
            "dataset": self.dataset, "noise": self.noise, "test_ratio": self.test_ratio,
            "regenerate": self.regenerate, "add_layer": self.add_layer,
            "remove_layer": self.remove_layer, "units": self._unit_buttons,
            "activations": lambda: [r["activation"] for r in self.layer_widgets],
            "output": self.output, "loss": self.loss,
            "optimizer": self.optimizer, "lr": self.lr, "batch_size": self.batch_size,
            "regularization": self.regularization, "reg_rate": self.reg_rate,
            "dropout": self.dropout, "reset": self.reset_button, "reinit": self.reinit_button,
            **{f"feature_{f}": b for f, b in self.features.items()}})
        scenario.enable_rules.update({
            "add_layer": lambda _w: self._n_layers() < M.MAX_LAYERS,
            "remove_layer": lambda _w: self._n_layers() > 0,
            "units": self._units_allowed})
        self.sync()

    # -- reactions ------------------------------------------------------------------------
    def _apply(self, changes: dict):
        """Apply a change made by a control, after a noise value still waiting for its
        pause (a quick key on the slider then another control: both count)."""
        self.noise.flush()
        self.scenario.apply(changes)

    def _flushed(self, action):
        self.noise.flush()
        action()

    def _toggle_feature(self, name, on):
        s = self.scenario.settings
        feats = [f for f in datasets.FEATURES if (f in s["features"] or f == name)
                 and not (f == name and not on)]
        if not feats:
            self.features[name].setChecked(True)
            self.scenario.status_message.emit("The network needs at least one input feature.")
            return
        self._apply({"features": feats})

    def _add_layer(self):
        s = self.scenario.settings
        if len(s["hidden"]) < M.MAX_LAYERS:
            self._apply({"hidden": s["hidden"] + [2],
                         "activations": s["activations"] + [s["activations"][-1]
                                                            if s["activations"] else "tanh"]})

    def _remove_layer(self):
        s = self.scenario.settings
        if s["hidden"]:
            self._apply({"hidden": s["hidden"][:-1], "activations": s["activations"][:-1]})

    def _units(self, k, delta):
        s = self.scenario.settings
        hidden = list(s["hidden"])
        hidden[k] = min(M.MAX_UNITS, max(1, hidden[k] + delta))
        if hidden != s["hidden"]:
            self._apply({"hidden": hidden})

    def _activation(self, k, name):
        acts = list(self.scenario.settings["activations"])
        acts[k] = name
        self._apply({"activations": acts})

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._fit_features()

    def _fit_features(self):
        """As many feature buttons per row as the panel's width holds (4 at usual sizes; a
        1024-px window's panel takes 2, rather than cutting the row off)."""
        buttons = list(self.features.values())
        widest = max(b.minimumWidth() for b in buttons)
        spacing = max(self.feature_grid.spacing(), 0)
        room = self.viewport().width() - 40           # the group box's frame and margins
        cols = max(2, min(FEATURE_COLUMNS, int((room + spacing) // (widest + spacing))))
        if cols == self._feature_columns:
            return
        self._feature_columns = cols
        for b in buttons:
            self.feature_grid.removeWidget(b)
        for i, b in enumerate(buttons):
            self.feature_grid.addWidget(b, i // cols, i % cols)

    # -- keeping in step ------------------------------------------------------------------
    def _layer_row(self, k) -> dict:
        w = QWidget(self)
        row = QGridLayout(w)      # units and −/+ above the activation: a narrow panel fits
        row.setContentsMargins(0, 0, 0, 0)
        row.setColumnStretch(0, 1)
        label = QLabel(w)
        label.setWordWrap(True)       # "Layer 1: / 4 units" in a narrow panel
        minus = QPushButton("−", w)
        minus.setObjectName(f"units_minus_{k}")
        minus.setToolTip(f"One unit fewer in hidden layer {k + 1}")
        minus.setAccessibleName(f"One unit fewer in hidden layer {k + 1}")
        minus.clicked.connect(lambda: self._units(k, -1))
        plus = QPushButton("+", w)
        plus.setObjectName(f"units_plus_{k}")
        plus.setToolTip(f"One unit more in hidden layer {k + 1} (at most {M.MAX_UNITS})")
        plus.setAccessibleName(f"One unit more in hidden layer {k + 1}")
        plus.clicked.connect(lambda: self._units(k, +1))
        for b in (minus, plus):
            b.setFixedWidth(b.fontMetrics().horizontalAdvance("−") * 4)
        act = _combo(M.HIDDEN_ACTIVATIONS, f"Activation of hidden layer {k + 1}",
                     lambda v: self._activation(k, v), w, lambda v: ACTIVATIONS[v].label)
        row.addWidget(label, 0, 0)
        row.addWidget(minus, 0, 1)
        row.addWidget(plus, 0, 2)
        row.addWidget(act, 1, 0, 1, 3)
        self.layer_rows.addWidget(w)
        return {"widget": w, "label": label, "minus": minus, "plus": plus, "activation": act}

    def _n_layers(self) -> int:
        return len(self.scenario.settings["hidden"])

    def _unit_buttons(self) -> list[QPushButton]:
        return [r[key] for r in self.layer_widgets for key in ("minus", "plus")]

    def _units_allowed(self, button) -> bool:
        """A layer's − while it has more than one unit, its + below the most."""
        hidden = self.scenario.settings["hidden"]
        for k, r in enumerate(self.layer_widgets[:len(hidden)]):
            if button is r["minus"]:
                return hidden[k] > 1
            if button is r["plus"]:
                return hidden[k] < M.MAX_UNITS
        return False

    def sync(self):
        s = self.scenario.settings
        _set_data(self.dataset, s["dataset"], datasets.LABELS.get)
        self.noise.show_noise(s["noise"])
        _set_data(self.test_ratio, s["test_ratio"], lambda v: f"{100 * v:.0f}% test")
        for f, b in self.features.items():
            b.setChecked(f in s["features"])
        n = len(s["hidden"])
        while len(self.layer_widgets) < n:
            self.layer_widgets.append(self._layer_row(len(self.layer_widgets)))
        while len(self.layer_widgets) > n:
            row = self.layer_widgets.pop()
            row["widget"].setParent(None)
            row["widget"].deleteLater()
        for k, row in enumerate(self.layer_widgets):
            units = s["hidden"][k]
            row["label"].setText(f"Layer {k + 1}: {units} unit{'s' if units > 1 else ''}")
            _set_data(row["activation"], s["activations"][k])
        self.layers_label.setText(f"{n} hidden layer{'' if n == 1 else 's'}")
        outs, losses = M.choices(s["dataset"], s["output"])
        self.output.setToolTip(OUTPUT_TIPS.get(M.task(s["dataset"]), OUTPUT_TIP))
        self.loss.setToolTip(LOSS_TIP + (LOSS_BIPOLAR if M.bipolar(s) else ""))
        for box, items, value, fmt in ((self.output, outs, s["output"],
                                        lambda v: ACTIVATIONS[v].label),
                                       (self.loss, losses, s["loss"], LOSS_LABELS.get)):
            box.clear()
            for v in items:
                box.addItem(fmt(v), v)
            _set_data(box, value, fmt)
        _set_data(self.optimizer, s["optimizer"], lambda v: OPTIMIZER_NAMES.get(v, v))
        _set_data(self.lr, s["lr"], rate_text)
        _set_data(self.batch_size, s["batch_size"],
                  lambda v: "full batch" if v is None else str(v))
        _set_data(self.regularization, s["regularization"])
        _set_data(self.reg_rate, s["reg_rate"], rate_text)
        _set_data(self.dropout, s["dropout"], lambda v: f"{100 * v:.0f}%")
        self.scenario.update_enabled()      # the rules above, and a lesson's locks on top


def _bold(button, on: bool) -> None:
    """Bold text on a checked button; only the weight is set, so the size still follows
    the application font (the zoom)."""
    font = QFont()
    font.setBold(on)
    button.setFont(font)
