"""The XOR scenario's control panel: the introduction, the hand-built network's preset
(part 1), the learned network's settings and its two restart buttons (part 2), and the
verdict on the training run under them.

The widgets are kept as the scenario's attributes (_preset_box, _hidden_box, _loss_box,
_updates_box, _lr_box, _seed_box, _new_button, _restart_button, _verdict) and in its
`named_controls`; every control changes the scenario through its methods (set_preset,
set_setting, show_page, new_start, restart), and `sync_controls` puts the settings back
into them (after a file is loaded).
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QStyle,
    QStyleOptionGroupBox,
    QVBoxLayout,
    QWidget,
)

from ..ui.short_text import ShortButton
from ..ui.window_fit import WrapRow
from .xor_model import LEARNING_RATES, LOSSES, PRESETS, UPDATES

EXPLANATION = (
    "<p>XOR is 1 when exactly one input is 1. No single straight line splits its four "
    "corners into the 1s and the 0s, so no single threshold unit or perceptron can compute "
    "it.</p><p><b>1 · By hand:</b> two hidden threshold units each draw one line; the output "
    "unit combines their answers. Click a weight on the canvas to change it and watch the "
    "truth table.</p><p><b>2 · Learned:</b> a network of sigmoid units finds such weights "
    "itself by backpropagation. Step through one update, or press ▶▶ train. The hidden "
    "space on the right shows what the hidden layer does: it moves the four inputs until one "
    "line separates them.</p>")


class ShortGroup(QGroupBox):
    """A group box titled `short` where its whole title does not fit (then said in full by
    its tooltip); its least width is the short title's or its content's."""

    def __init__(self, title: str, short: str, parent=None):
        super().__init__(title, parent)
        self.titles = (title, short)

    def _title_width(self, title: str) -> int:
        opt = QStyleOptionGroupBox()
        self.initStyleOption(opt)
        fm = self.fontMetrics()
        return self.style().sizeFromContents(
            QStyle.ContentsType.CT_GroupBox, opt,
            QSize(fm.horizontalAdvance(title + " "), fm.height()), self).width()

    def minimumSizeHint(self) -> QSize:
        least = self.layout().totalMinimumSize() if self.layout() is not None else QSize()
        return QSize(max(least.width(), self._title_width(self.titles[1])),
                     super().minimumSizeHint().height())

    def resizeEvent(self, event):
        super().resizeEvent(event)
        short = self.width() < self._title_width(self.titles[0])
        if self.title() != self.titles[short]:
            self.setTitle(self.titles[short])
            self.setToolTip(self.titles[0] if short else "")


def build_controls(self) -> QWidget:
    """The panel of the XOR scenario `self` (its create_controls)."""
    w = QWidget()
    layout = QVBoxLayout(w)
    intro = QLabel(EXPLANATION, w)
    intro.setWordWrap(True)
    layout.addWidget(intro)

    hand = QGroupBox("1 · Built by hand", w)
    hl = QVBoxLayout(hand)
    self._preset_box = QComboBox(hand)
    for key, spec in PRESETS.items():
        self._preset_box.addItem(spec[0], key)
    self._preset_box.setCurrentIndex(self._preset_box.findData(self.settings["preset"]))
    self._preset_box.setToolTip("Two ways to build XOR from threshold units")
    self._preset_box.activated.connect(
        lambda i: self.set_preset(self._preset_box.itemData(i)))
    hl.addWidget(self._preset_box)
    show = ShortButton("Show the hand-built network", "Show this network", hand)
    show.setToolTip("Switch the canvas to the hand-built threshold network")
    show.clicked.connect(lambda: self.show_page(0))
    hl.addWidget(show)
    layout.addWidget(hand)

    learn = ShortGroup("2 · Learned by backpropagation", "2 · Learned", w)
    form = QFormLayout(learn)
    self._hidden_box = QComboBox(learn)
    for n in (2, 3):
        self._hidden_box.addItem(f"2-{n}-1 ({n} hidden units)", n)
    self._hidden_box.setToolTip("How many sigmoid units the hidden layer has")
    self._hidden_box.activated.connect(
        lambda i: self.set_setting("hidden", self._hidden_box.itemData(i)))
    form.addRow("Network", self._hidden_box)
    self._loss_box = QComboBox(learn)
    for key, label in LOSSES.items():
        self._loss_box.addItem(label, key)
    self._loss_box.setToolTip("What the network minimises: the classic ½ Σ(t − o)² or "
                              "cross-entropy")
    self._loss_box.activated.connect(
        lambda i: self.set_setting("loss", self._loss_box.itemData(i)))
    form.addRow("Loss", self._loss_box)
    self._updates_box = QComboBox(learn)
    for key, (label, _) in UPDATES.items():
        self._updates_box.addItem(label, key)
    self._updates_box.setToolTip(
        "When the weights change: after every sample (the classic backpropagation "
        "algorithm, 4 updates per epoch) or once per epoch with the gradient averaged "
        "over all four samples")
    self._updates_box.activated.connect(
        lambda i: self.set_setting("updates", self._updates_box.itemData(i)))
    form.addRow("Updates", self._updates_box)
    self._lr_box = QComboBox(learn)
    for lr in LEARNING_RATES:
        self._lr_box.addItem(f"{lr:g}", lr)
    self._lr_box.setToolTip("Learning rate η: how far each update moves the weights")
    self._lr_box.activated.connect(
        lambda i: self.set_setting("lr", self._lr_box.itemData(i)))
    form.addRow("Learning rate η", self._lr_box)
    self._seed_box = QSpinBox(learn)
    self._seed_box.setRange(0, 9999)
    self._seed_box.setToolTip("The random seed of the starting weights: the same seed "
                              "always gives the same start")
    self._seed_box.valueChanged.connect(lambda v: self.set_setting("seed", int(v)))
    form.addRow("Seed", self._seed_box)
    self._new_button = QPushButton("New random start", learn)
    self._new_button.setToolTip("Fresh random weights (the next seed): some starts solve "
                                "XOR, some get stuck")
    self._new_button.clicked.connect(self.new_start)
    self._restart_button = QPushButton("Same start again", learn)
    self._restart_button.setToolTip("Back to this start's initial weights, epoch 0")
    self._restart_button.clicked.connect(self.restart)
    # one under the other in a narrow panel (side by side they held it 674 px wide at 250 %)
    form.addRow(WrapRow([self._new_button, self._restart_button], learn))
    layout.addWidget(learn)
    self._verdict = QLabel(w)
    self._verdict.setWordWrap(True)
    self._verdict.setToolTip("How this training run is going")
    layout.addWidget(self._verdict)
    layout.addStretch(1)
    self.named_controls.update({
        "preset": self._preset_box, "hidden": self._hidden_box, "loss": self._loss_box,
        "updates": self._updates_box, "lr": self._lr_box, "seed": self._seed_box,
        "new_start": self._new_button, "restart": self._restart_button})
    sync_controls(self)
    self._update_verdict()
    return w


def sync_controls(self):
    """The scenario's settings into its controls (nothing before the panel is built)."""
    if getattr(self, "_hidden_box", None) is None:
        return
    s = self.settings
    for box, value in ((self._preset_box, s["preset"]), (self._hidden_box, s["hidden"]),
                       (self._loss_box, s["loss"]), (self._updates_box, s["updates"]),
                       (self._lr_box, s["lr"])):
        i = box.findData(value)
        if i < 0:                       # a learning rate from a file: add it
            box.addItem(f"{value:g}", value)
            i = box.count() - 1
        box.setCurrentIndex(i)
    self._seed_box.blockSignals(True)
    self._seed_box.setValue(s["seed"])
    self._seed_box.blockSignals(False)
