"""Scenario `regularization`: overfitting made visible, and four ways to fight it.

A big network on a small, noisy training set learns the noise: the training loss keeps
falling while the loss on held-out test points turns back up. L2 pulls every weight
toward zero (thinner edges), L1 pushes weights to exactly zero (the near-zero count),
dropout switches hidden units off at random on every step (the dropped units of the
current step are listed from the trace's masks), and early stopping keeps the weights of
the epoch with the lowest test loss (marked on the loss plot).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..engine import Network, Trainer, analysis, datasets
from ..ui import theme
from ..ui.map_link import link_map
from ..ui.numbers import unbroken
from ..ui.session import TrainingSession, check_counts, check_history
from .base import Scenario
from .gradients_controls import check_choices, choice, rich_label, saved_network, sync_choice
from .regularization_state import check_run
from .trainer_file import check_trainer_file_state, restore_trainer, trainer_file_state

RATES = (0.0, 0.0003, 0.001, 0.003, 0.01, 0.03)
CHOICES = {
    "dataset": ("circle", "moons", "gaussians", "xor_quadrants"),
    "noise": (0.2, 0.35, 0.5),
    "n_train": (20, 40, 80),
    "l2": RATES, "l1": RATES,
    "dropout": (0.0, 0.1, 0.2, 0.3, 0.5),
    "early_stopping": (False, True),
    "patience": (10, 30, 100),
    "seed": tuple(range(100)),
}
LABELS = {
    "dataset": {"circle": "Circle", "moons": "Two moons", "gaussians": "Two Gaussians",
                "xor_quadrants": "XOR quadrants"},
    "noise": {0.2: "some", 0.35: "a lot", 0.5: "very much"},
    "n_train": {n: f"{n} points" for n in (20, 40, 80)},
    "l2": {r: "off" if r == 0 else f"λ₂ = {r:g}" for r in RATES},
    "l1": {r: "off" if r == 0 else f"λ₁ = {r:g}" for r in RATES},
    "dropout": {p: "off" if p == 0 else f"drop {p:.0%} of hidden units" for p in
                (0.0, 0.1, 0.2, 0.3, 0.5)},
    "patience": {p: f"after {p} epochs without progress" for p in (10, 30, 100)},
}
TIPS = {
    "dataset": "The shape of the two classes",
    "noise": "How much the classes overlap: more noise, more to overfit",
    "n_train": "How many training points (the test set is always 200 others)",
    "l2": "L2 penalty ½λ₂Σw² added to the loss: its gradient λ₂w pulls each weight toward "
          "0, the big ones hardest",
    "l1": "L1 penalty λ₁Σ|w| added to the loss: its gradient λ₁·sign(w) pulls each weight "
          "toward 0 by the same amount, so unneeded weights end close to 0",
    "dropout": "During training, switch off this share of the hidden units at random on "
               "every step (inverted dropout: the others are scaled up)",
    "patience": "Early stopping: how long the test loss may fail to improve",
}
DEFAULTS = {"dataset": "circle", "noise": 0.35, "n_train": 40, "l2": 0.0, "l1": 0.0,
            "dropout": 0.0, "early_stopping": False, "patience": 30, "seed": 0}
SIZES = [2, 16, 16, 1]
N_TEST = 200
TOL = 0.01          # |w| below this counts as (nearly) zero
HEATMAP_OPACITY = 0.6
# what a file holds besides the settings (early_stopping_run: see _early_stopping)
STATE_KEYS = ("network", "epoch", "steps", "history", "trainer", "early_stopping_run")
class RegularizationScenario(Scenario):
    name = "regularization"
    title = "Overfitting and regularization"
    summary = "Train and test loss drift apart; L2, L1, dropout and early stopping pull them back."
    order = 100

    def __init__(self, parent=None):
        super().__init__(parent)
        self.settings = dict(DEFAULTS)
        self.session = TrainingSession(*self._model(self.settings), parent=self)
        from ..ui.player import Player
        self._player = Player(self.session, self)
        self._player.message.connect(self.status_message)   # "Stepped back …"
        self.session.history_changed.connect(self._history_changed)
        self.session.weights_changed.connect(self._weights_changed)
        self.follow_stats(self.session)
        self._player.trace_changed.connect(self._show_dropout)
        self._player.shown_changed.connect(self._show_dropout)
        self._best_params = None
        self.stopped_at: int | None = None
        self._run_start = 0       # the history row this early-stopping run counts from
        self._stopped_run_start = 0   # the stopped run's (back to it if stepped back over)
        self._best_row = -1       # the history row whose weights _best_params holds
        self._plots = self._controls = None
        self._restoring = False   # loading a file: the early-stopping state comes with it
        self.session.record_history()

    @staticmethod
    def _model(s, net=None):
        X, Y = datasets.load(s["dataset"], n=s["n_train"] + N_TEST, noise=s["noise"], seed=0)
        split = datasets.split(X, Y, test_ratio=N_TEST / (s["n_train"] + N_TEST), seed=0)
        if net is None:
            net = Network.build(SIZES, hidden="tanh", output="sigmoid", init="xavier",
                                seed=s["seed"])
        trainer = Trainer(net, loss="bce", optimizer="adam", lr=0.03, seed=s["seed"],
                          l1=s["l1"], l2=s["l2"], dropout=s["dropout"])
        return trainer, split.X_train, split.Y_train, split.X_test, split.Y_test

    @property
    def player(self):
        return self._player

    # -- widgets -------------------------------------------------------------------------
    def create_controls(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        form = QFormLayout()
        self.boxes = {}
        for key, label in (("dataset", "Data"), ("noise", "Noise"), ("n_train", "Training set"),
                           ("l2", "L2 penalty"), ("l1", "L1"), ("dropout", "Dropout")):
            self.boxes[key] = choice(self, key, LABELS[key], TIPS[key], self._set)
            form.addRow(label, self.boxes[key])
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
        self._sync()
        return w

    def create_view(self) -> QWidget:
        from ..ui.netview import network_view
        split, self.canvas, self.formula = network_view(self.session, self._player)
        link_map(self.canvas, getattr(self, "boundary", None))
        return split

    def create_plots(self) -> QWidget:
        from ..ui.plots import DecisionBoundaryPlot, LossPlot
        split = QSplitter(Qt.Orientation.Vertical)
        # the test points on by default: overfitting is seen on them
        self.boundary = DecisionBoundaryPlot(self.session, resolution=90, show_test=True)
        self.boundary.rebuild()     # place the image again now that it has pixels
        link_map(getattr(self, "canvas", None), self.boundary)
        # a paler heatmap: a point of either class stays visible on a region of its colour
        self.boundary.image.setOpacity(HEATMAP_OPACITY)
        self.loss_plot = LossPlot(self.session)
        t = theme.current()
        # the label beside the line on its own background, placed by the loss plot clear of
        # the legend and the curves
        self.best_line = pg.InfiniteLine(
            angle=90, movable=False, pen=pg.mkPen(t.highlight, width=3),
            label="best test loss", labelOpts={
                "color": t.text, "position": 0.5, "anchors": [(-0.05, 0.5), (-0.05, 0.5)],
                "fill": pg.mkBrush(QColor(t.background))})
        self.best_line.hide()
        self._style_best_label()
        theme.manager().changed.connect(self._style_best_label)
        self.loss_plot.plot.addItem(self.best_line)
        self.loss_plot.plot.getViewBox().sigXRangeChanged.connect(self._place_best_label)
        split.addWidget(self.boundary)
        split.addWidget(self.loss_plot)
        for i, wdg in enumerate((self.boundary, self.loss_plot)):
            wdg.setMinimumHeight(200)   # the loss curves are this lesson's main plot
            split.setStretchFactor(i, 1)
        split.setChildrenCollapsible(False)
        split.setSizes([500, 400])
        self._plots = split
        self._history_changed()
        return split

    def _style_best_label(self):
        """The label in the plot's type (projector: larger; it kept the desktop size)."""
        if not shiboken6.isValid(self.best_line):
            return
        font = QFont()
        font.setPointSizeF(10.5 * theme.manager().zoom)
        self.best_line.label.setFont(font)
        self.best_line.label.setColor(theme.current().text)

    def _place_best_label(self, *_):
        """The label where it covers neither the legend nor the curves (LossPlot places its
        marker lines' labels): on the line's left when the line is in the plot's right half
        (early in training the best epoch is the latest, at the right edge)."""
        self.loss_plot._place_marker_labels()

    # -- reacting --------------------------------------------------------------------------
    def best_epoch(self) -> int | None:
        """The epoch (as recorded in the history) with the lowest test loss."""
        h = self.session.history
        i = analysis.best_epoch(h["test_loss"])
        return None if i is None else int(h["epoch"][i])

    def _history_changed(self):
        h = self.session.history
        i = analysis.best_epoch(h["test_loss"])
        if self._plots is not None:
            if i is None:
                self.best_line.hide()
            else:
                self.best_line.setValue(h["epoch"][i])
                self.best_line.show()
                self._place_best_label()
        if i is None or self._restoring:
            return
        self._early_stopping(h)

    def _early_stopping(self, h):
        """Keep the weights of this run's best epoch; stop when the test loss has not
        improved for `patience` epochs and go back to them. Training on after a stop
        starts a new run (as a new fit does): it counts from the restored weights."""
        n = len(h["test_loss"])
        if self.stopped_at is not None and n < self._run_start:   # stepped back over the
            self.stopped_at = None                                # stop: as if it had not
            self._run_start = self._stopped_run_start            # happened (stepping on
            if n <= self._best_row:                               # then stops there again)
                self._best_params = None
        if self.stopped_at is not None:
            if n == self._run_start:
                return
            self.stopped_at = None           # trained on after the stop: a new run
            self.status_message.emit(
                f"Early stopping starts again from these weights: it stops when the test "
                f"loss has not improved for {self.settings['patience']} epochs.")
        run = analysis.best_epoch(h["test_loss"][self._run_start:])
        if run is None:
            return
        i = self._run_start + run
        if i == n - 1:
            self._best_params = self.session.net.get_params()
            self._best_row = i
        elif (self.settings["early_stopping"] and self._best_params is not None
              and h["epoch"][-1] - h["epoch"][i] >= self.settings["patience"]):
            self.stopped_at = int(h["epoch"][-1])
            self._stopped_run_start = self._run_start
            self._run_start = n              # a next run counts from the next epoch on
            self._player.pause()
            self.session.net.set_params(self._best_params)
            self.session.notify_weights_changed()
            self.status_message.emit(
                f"Early stop at epoch {self.stopped_at}: the test loss has not improved for "
                f"{self.settings['patience']} epochs. Weights restored to epoch "
                f"{h['epoch'][i]} (the epoch count goes on from {self.stopped_at}).")

    def _restart_row(self) -> int:
        """The history row a run started now counts from (the latest epoch: its weights
        are the current ones)."""
        return max(0, len(self.session.history["test_loss"]) - 1)

    def _weights_changed(self):
        if self._controls is None:
            return
        s = analysis.weight_stats(self.session.net, TOL)
        self.weights_label.setText(
            f"<p><b>Weights:</b> {s.count}, of which <b>{s.near_zero}</b> "
            f"({s.near_zero_fraction:.0%}) are nearly zero {unbroken(f'(|w| &lt; {TOL:g})')}<br>"
            f"{unbroken(f'Σ|w| = {s.l1:.1f}')} &nbsp; {unbroken(f'Σw² = {s.l2:.1f}')} &nbsp; "
            f"{unbroken(f'largest |w| = {s.max_abs:.2f}')}</p>")

    def dropped_units(self) -> dict[int, list[int]]:
        """Hidden units dropped for the sample the player shows (from the trace's masks)."""
        trace = self._player.trace
        if trace is None or not trace.mask:
            return {}
        sample = self._player.shown.sample
        s = 0 if sample is None else sample
        return {k: [int(i) for i in np.flatnonzero(m[s] == 0)]
                for k, m in enumerate(trace.mask) if m is not None}

    def _show_dropout(self, *_):
        if self._controls is None:
            return
        if not self.settings["dropout"]:
            self.dropout_label.setText("")
            return
        d = self.dropped_units()
        if not d:
            self.dropout_label.setText("<p><b>Dropout:</b> step through a training step "
                                       "(▶) to see which units it switches off.</p>")
            return
        parts = [f"layer {k + 1}: " + (", ".join(f"h{i + 1}" for i in units) or "none")
                 for k, units in d.items()]
        sample = self._player.shown.sample
        self.dropout_label.setText(f"<p><b>Dropped on this step</b> (sample "
                                   f"{0 if sample is None else sample + 1}):<br>"
                                   + "<br>".join(parts) + "</p>")

    def _set(self, key, value):
        if self.settings.get(key) == value:
            return
        self.settings[key] = value
        if key in ("early_stopping", "patience"):
            self.stopped_at = None           # a new run from the current weights
            self._run_start = self._restart_row()
            self._best_params = self.session.net.get_params()
            self._sync()
        elif key in ("l1", "l2", "dropout"):
            tr = self.session.trainer
            setattr(tr, key, float(value))
            self._sync()
            self._show_dropout()
        else:
            self._rebuild()
        self.status_message.emit(f"{key.replace('_', ' ')}: "
                                 f"{LABELS.get(key, {}).get(value, value)}")
        self.state_changed.emit()

    def _rebuild(self, net=None):
        self._player.pause()
        self._best_params, self.stopped_at, self._run_start = None, None, 0
        trainer, X, Y, Xt, Yt = self._model(self.settings, net)
        self.session.replace(trainer, X, Y, Xt, Yt)
        self.session.record_history()
        self._sync()

    def _new_weights(self):
        self.settings["seed"] = (self.settings["seed"] + 1) % len(CHOICES["seed"])
        self._rebuild()
        self.status_message.emit("New random starting weights")
        self.state_changed.emit()

    def _sync(self):
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

    # -- actions ---------------------------------------------------------------------------
    def run_steps(self, n: int) -> None:
        """n epochs of training (full batch: one update each), recording every epoch."""
        for _ in range(int(n)):       # (after an early stop, a new run: see _early_stopping)
            if self.session.trainer.diverged:
                break
            self.session.trainer.train_epochs(self.session.X, self.session.Y, 1)
            self.session.record_history()
            if self.stopped_at is not None:
                break
        self.session.notify_weights_changed()
        self.stats_changed.emit(self.session.stats())

    def reset(self) -> None:
        self._rebuild()
        self.status_message.emit("Back to the starting weights")

    def get_state(self) -> dict:
        tr = self.session.trainer
        best = None
        if self._best_params is not None:
            best = self.session.net.copy()
            best.set_params(self._best_params)
            best = best.to_dict()
        return {**self.settings, "network": self.session.net.to_dict(),
                "epoch": tr.epoch, "steps": tr.steps,
                "history": self.session.history_state(), "trainer": trainer_file_state(tr),
                "early_stopping_run": {
                    "best_network": best, "best_row": self._best_row,
                    "run_start": self._run_start, "stopped_at": self.stopped_at,
                    "stopped_run_start": self._stopped_run_start}}

    def load_state(self, state: dict) -> None:
        settings = check_choices(state, CHOICES, self.settings, extra=STATE_KEYS)
        net = saved_network(state, SIZES)
        counts = check_counts(state, "regularization")
        rows = None
        if "history" in state:
            check_history(state["history"], self.session.history, "regularization")
            rows = len(state["history"]["epoch"])
        trainer = None
        if "trainer" in state:     # (older files have none: training goes on from a fresh one)
            trainer = check_trainer_file_state(
                state["trainer"], "regularization", "adam",
                sum(a * b + b for a, b in zip(SIZES, SIZES[1:])),
                self._model(settings, self.session.net)[1].shape[0])
        run = None
        if "early_stopping_run" in state:
            run = check_run(state["early_stopping_run"], rows, SIZES)
        # everything checked: apply
        self.settings = settings
        self._rebuild(net)
        tr = self.session.trainer
        restore_trainer(tr, trainer, counts)
        if rows is not None:
            self._restoring = True
            try:
                self.session.set_history(state["history"])
            finally:
                self._restoring = False
            if run is None:              # (an older file) a run from these weights on
                self._run_start, self.stopped_at = self._restart_row(), None
                self._best_params = self.session.net.get_params()
                self._best_row = self._run_start
        if run is not None:
            (self._best_params, self._best_row, self._run_start, self.stopped_at,
             self._stopped_run_start) = run
        self.session.notify_weights_changed()
        self.stats_changed.emit(self.session.stats())

    def shutdown(self) -> None:
        self._player.shutdown()
        if self._plots is not None:
            try:
                theme.manager().changed.disconnect(self._style_best_label)
            except (RuntimeError, TypeError):
                pass
