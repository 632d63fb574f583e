"""Scenario `regularization`: overfitting made visible, and four ways to fight it.

A big network on a small, noisy training set learns the noise: the training loss keeps
falling while the loss on held-out test points turns back up. L2 pulls every weight
toward zero (thinner edges), L1 pushes weights to exactly zero (the near-zero count),
dropout switches hidden units off at random on every step (the dropped units of the
current step are listed from the trace's masks), and early stopping keeps the weights of
the epoch with the lowest test loss (marked on the loss plot).

The settings' choices, defaults, labels and tips are in regularization_settings, the control
panel and its readouts in regularization_controls, a file's early-stopping state is checked
in regularization_state.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QSplitter, QWidget

from ..engine import Network, Trainer, analysis, datasets
from ..ui import theme
from ..ui.map_link import link_map
from ..ui.session import TrainingSession
from .base import Scenario
from .gradients_controls import check_choices, saved_network
from .regularization_controls import build_controls, dropout_text, sync_controls, weights_text
from .regularization_settings import CHOICES, DEFAULTS, LABELS
from .regularization_state import check_run
from .setting_checks import check_counts, check_history
from .trainer_file import check_trainer_file_state, restore_trainer, trainer_file_state

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
        self.session.row_naming = "point"      # a point of the data set on the plane
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
        return build_controls(self)

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
        self.weights_label.setText(weights_text(analysis.weight_stats(self.session.net, TOL),
                                                TOL))

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
        self.dropout_label.setText(
            dropout_text(self.dropped_units(), self._player.shown.sample)
            if self.settings["dropout"] else "")

    def _set(self, key, value):
        if self.settings.get(key) == value:
            return
        if key not in ("early_stopping", "patience", "l1", "l2", "dropout"):
            self.settle_player()  # a new network: the step shown ends with the old settings
        self.settings[key] = value
        if key in ("early_stopping", "patience"):
            self.stopped_at = None           # a new run from the current weights
            self._run_start = self._restart_row()
            self._best_params = self.session.net.get_params()
            sync_controls(self)
        elif key in ("l1", "l2", "dropout"):
            tr = self.session.trainer
            setattr(tr, key, float(value))
            sync_controls(self)
            self._show_dropout()
        else:
            self._rebuild()
        self.status_message.emit(f"{key.replace('_', ' ')}: "
                                 f"{LABELS.get(key, {}).get(value, value)}")
        self.state_changed.emit()

    def _rebuild(self, net=None):
        self.settle_player()      # (callers that change a setting first settle before it)
        self._best_params, self.stopped_at, self._run_start = None, None, 0
        trainer, X, Y, Xt, Yt = self._model(self.settings, net)
        self.session.replace(trainer, X, Y, Xt, Yt)
        self.session.record_history()
        sync_controls(self)

    def _new_weights(self):
        self.settle_player()
        self.settings["seed"] = (self.settings["seed"] + 1) % len(CHOICES["seed"])
        self._rebuild()
        self.status_message.emit("New random starting weights")
        self.state_changed.emit()

    # -- actions ---------------------------------------------------------------------------
    def run_steps(self, n: int) -> None:
        """n epochs of training (full batch: one update each), recording every epoch."""
        self.end_player_step()    # a half-shown step ends first (its update, its row)
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
        self.settle_player()
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
