"""The regularization scenario's control panel: the data, the four remedies (L2, L1,
dropout, early stopping with its patience) and new random weights, an introduction, and two
readouts under them: the weights (how many are nearly zero, their sizes) and the hidden units
dropout switches off on the step shown.

The widgets are kept as the scenario's attributes (boxes, early_box, new_button,
weights_label, dropout_label) and in its `named_controls`; every control changes the
scenario through its `_set` (or `_new_weights`), and `sync_controls` puts the settings back
into them. The settings' labels and tips are in regularization_settings.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout, QPushButton, QVBoxLayout, QWidget

from ..ui.dataset_icons import decorate
from ..ui.numbers import unbroken
from .gradients_controls import choice, rich_label, sync_choice
from .regularization_settings import LABELS, TIPS


def build_controls(self) -> QWidget:
    """The panel of the regularization scenario `self` (its create_controls)."""
    w = QWidget()
    lay = QVBoxLayout(w)
    form = QFormLayout()
    self.boxes = {}
    for key, label in (("dataset", "Data"), ("noise", "Noise"), ("n_train", "Training set"),
                       ("l2", "L2 penalty"), ("l1", "L1"), ("dropout", "Dropout")):
        self.boxes[key] = choice(self, key, LABELS[key], TIPS[key], self._set)
        form.addRow(label, self.boxes[key])
    self.boxes["dataset"].setAccessibleName("Data set")
    self.dataset_icons = decorate(self.boxes["dataset"])    # a picture of each data set
    self.early_box = QCheckBox("Early stopping")
    self.early_box.setToolTip("Stop training when the test loss stops improving, and go "
                              "back to the weights of its best epoch")
    self.early_box.toggled.connect(lambda on: self._set("early_stopping", bool(on)))
    self.named_controls["early_stopping"] = self.early_box
    form.addRow(self.early_box)
    self.boxes["patience"] = choice(self, "patience", LABELS["patience"], TIPS["patience"],
                                    self._set)
    form.addRow("Stop", self.boxes["patience"])
    self.enable_rules["patience"] = lambda _w: (    # only with early stopping; locked
        self.settings["early_stopping"] and "early_stopping" not in self.locked)  # with it
    lay.addLayout(form)
    self.new_button = QPushButton("New random weights")
    self.new_button.setToolTip("Start again from other random weights (another seed)")
    self.new_button.clicked.connect(self._new_weights)
    self.named_controls["new_weights"] = self.new_button
    lay.addWidget(self.new_button)
    lay.addWidget(rich_label(
        "<p><b>Learning the noise.</b> A 2-16-16-1 network has 337 parameters for a few "
        "dozen noisy points: it can bend its boundary around every one of them. Press "
        "“▶▶ train” in the toolbar: "
        "the training loss (solid) keeps falling, but the test loss (dashed) on points "
        "it never sees stops falling and climbs: it has started to memorise.</p>"
        "<p>L2 and L1 make large weights cost something, dropout makes the network "
        "unable to rely on any one unit, early stopping keeps the best moment.</p>"))
    self.weights_label = rich_label(name="weights")
    self.dropout_label = rich_label(name="dropout")
    lay.addWidget(self.weights_label)
    lay.addWidget(self.dropout_label)
    lay.addStretch(1)
    self._controls = w
    sync_controls(self)
    return w


def sync_controls(self):
    """The settings into the panel's choices and check box, which of them may be used now,
    and the readouts under them (nothing before the panel is built)."""
    if self._controls is None:
        return
    for key, box in self.boxes.items():
        sync_choice(box, self.settings[key])
    self.early_box.blockSignals(True)
    self.early_box.setChecked(self.settings["early_stopping"])
    self.early_box.blockSignals(False)
    self.update_enabled()
    self._weights_changed()
    self._show_dropout()


def weights_text(s, tol: float) -> str:
    """The weights readout from the engine's weight statistics `s` (analysis.weight_stats
    with |w| < tol counted as nearly zero)."""
    return (f"<p><b>Weights:</b> {s.count}, of which <b>{s.near_zero}</b> "
            f"({s.near_zero_fraction:.0%}) are nearly zero {unbroken(f'(|w| &lt; {tol:g})')}<br>"
            f"{unbroken(f'Σ|w| = {s.l1:.1f}')} &nbsp; {unbroken(f'Σw² = {s.l2:.1f}')} &nbsp; "
            f"{unbroken(f'largest |w| = {s.max_abs:.2f}')}</p>")


def dropout_text(dropped: dict[int, list[int]], sample: int | None) -> str:
    """The dropout readout (with dropout on): the hidden units `dropped` in each layer for
    the sample shown (the scenario's dropped_units), or how to see them when no training
    step is shown."""
    if not dropped:
        return ("<p><b>Dropout:</b> step through a training step "
                "(▶) to see which units it switches off.</p>")
    parts = [f"layer {k + 1}: " + (", ".join(f"h{i + 1}" for i in units) or "none")
             for k, units in dropped.items()]
    return (f"<p><b>Dropped on this step</b> (sample "
            f"{0 if sample is None else sample + 1}):<br>"
            + "<br>".join(parts) + "</p>")
