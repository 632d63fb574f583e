"""The MLP playground: any small network on TensorFlow-Playground-like data, trained live.

Data sets, input features, hidden layers with + and −, activations, optimizer, learning
rate, batch size, regularization and dropout; the decision heatmap, per-unit thumbnails on
the canvas, train/test loss curves; step-by-step animation or fast training in
time-budgeted slices (the Player); a banner when the learning rate is too large (training
diverged, or the loss jumps about) with the fixes one click away (mlp_banner).
"""

from __future__ import annotations

import numpy as np
import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ..engine import Network, datasets
from ..ui import theme
from ..ui.map_link import link_map
from ..ui.numbers import epochs_done, fmt
from ..ui.session import TrainingSession
from . import mlp_model as M
from .base import Scenario
from .mlp_banner import TrainingBanner
from .setting_checks import check_counts, check_history
from .trainer_file import check_trainer_file_state, restore_trainer, trainer_file_state

STATE_KEYS = ("net", "initial", "epoch", "steps", "history", "trainer") + ("discretize",
                                                                          "show_test")
VIEW_DEFAULTS = {"discretize": False, "show_test": False}   # how the map shows (view keys)
STATS_MS = 100          # while training, the stats text is refreshed this often


class MlpScenario(Scenario):
    name = "mlp"
    title = "MLP playground"
    summary = "Build a multi-layer network and watch it learn a data set, live."
    order = 4
    view_keys = ("discretize", "show_test")    # how the map shows: saved, not unsaved work

    def __init__(self, parent=None):
        super().__init__(parent)
        self.settings = M.check({}, M.DEFAULTS)
        split = M.make_data(self.settings)
        net = M.make_net(self.settings, split.Y_train.shape[1])
        self.initial = net.copy()
        self.session = TrainingSession(M.make_trainer(self.settings, net), *self._data(split),
                                       features=self._features(), extent=datasets.EXTENT,
                                       parent=self, **self._raw(split))
        self.session.row_naming = "point"      # a point of the data set on the plane
        from ..ui.player import Player
        self._player = Player(self.session, self)
        self._player.set_granularity("batch")
        self._player.message.connect(self.status_message)
        self.session.history_changed.connect(self._history_changed)
        self.session.weights_changed.connect(self._weights_changed)
        self.session.diverged.connect(self._diverged)
        self.controls = self.banner = self.stats_label = self.boundary = None
        self.canvas = None
        self._view = dict(VIEW_DEFAULTS)
        self._stats_timer = QTimer(self)
        self._stats_timer.setSingleShot(True)
        self._stats_timer.setInterval(STATS_MS)
        self._stats_timer.timeout.connect(self._emit_stats)
        self._player.state_changed.connect(self._history_changed)   # exact when it stops

    @property
    def player(self):
        return self._player

    # -- building from the settings ---------------------------------------------------------
    def _features(self):
        return list(self.settings["features"])

    def _data(self, split):
        f = self._features()
        return (datasets.features(split.X_train, f), split.Y_train,
                datasets.features(split.X_test, f), split.Y_test)

    @staticmethod
    def _raw(split):
        return {"X_raw": split.X_train, "X_test_raw": split.X_test}

    def _replace(self, net: Network, keep_progress: bool = False):
        """Put `net` with a trainer from the settings into the session."""
        self.settle_player()
        old = self.session.trainer
        history = self.session.history
        split = M.make_data(self.settings)
        trainer = M.make_trainer(self.settings, net)
        if keep_progress:
            trainer.epoch, trainer.steps = old.epoch, old.steps
        self.session.replace(trainer, *self._data(split), features=self._features(),
                             **self._raw(split))
        if keep_progress:
            self.session.history = history
            self.session.history_changed.emit()
        self._player.clear_history("the settings changed since (steps made before a change "
                                   "cannot be undone).")
        if self.banner is not None:
            self.banner.restart()

    def apply(self, changes: dict):
        """Change settings (ValueError for bad ones, nothing changed then): structure
        changes build a new network (new weights from the seed); training settings keep the
        current weights and progress."""
        new = M.check(changes, self.settings)
        changed = {k for k in new if new[k] != self.settings[k]}
        if not changed:
            return
        relabelled = M.bipolar(new) != M.bipolar(self.settings)
        was_training = self._player.training
        self.settle_player()         # the step shown ends with the settings it was made with
        self.settings = new
        if changed & M.STRUCTURE_KEYS:
            net = M.make_net(new, M.make_data(new).Y_train.shape[1])
            same = net.sizes == self.initial.sizes and all(
                np.array_equal(a.W, b.W) and np.array_equal(a.b, b.b)
                for a, b in zip(net.layers, self.initial.layers))
            self.initial = net.copy()
            self._replace(net)
            # (a new draw of the data had said "new weights" over the same initial ones)
            what = ("network rebuilt with the same initial weights, epoch 0" if same
                    else "network rebuilt: new initial weights, epoch 0")
            if relabelled:           # (a tanh output on two classes, or no longer)
                what += f"; the classes are {'−1 and +1' if M.bipolar(new) else '0 and 1'} now"
        else:
            self._replace(self.session.net, keep_progress=True)
            what = "the weights are kept"
            if was_training and not self.session.trainer.diverged:
                # as in TensorFlow Playground, a training setting changes while it trains
                # (it had stopped fast training at every change of the learning rate)
                self._player.set_training(True, since=" and ".join(
                    f"the {M.LABELS.get(k, k)}" for k in sorted(changed))
                    + (" changed" if len(changed) > 1 else " was changed"))
                what += "; training goes on"
        if self.controls is not None:
            self.controls.sync()
        if self.boundary is not None:
            self._boundary_tip()
        names = sorted({M.LABELS.get(k, k) for k in changed})
        self.status_message.emit(f"{', '.join(names).capitalize()} changed: {what}.")
        self._emit_stats()
        self.state_changed.emit()

    def reset_weights(self):
        """Epoch 0 with the same initial weights."""
        self._replace(self.initial.copy())
        self._emit_stats()
        self.status_message.emit("Reset: the same initial weights, epoch 0.")
        self.state_changed.emit()

    def reinitialise(self):
        """New random initial weights from the next seed."""
        self.apply({"init_seed": self.settings["init_seed"] + 1})
        self.status_message.emit(f"Re-initialised: new random weights (seed "
                                 f"{self.settings['init_seed']}), epoch 0.")

    # -- reactions --------------------------------------------------------------------------
    def _weights_changed(self):
        if not self._player.training:
            self._emit_stats()

    def _history_changed(self):
        if not self._player.training:
            self._stats_timer.stop()
            self._emit_stats()
        elif not self._stats_timer.isActive():   # training: the numbers ~10×/s are plenty
            self._stats_timer.start()

    def _emit_stats(self):
        stats = self.session.stats()
        self.stats_changed.emit(stats)
        if self.stats_label is None:
            return
        test_loss, test_acc = self.session.evaluate(test=True)
        parts = [f"<b>After {epochs_done(stats['epoch'])}</b>", f"train loss {fmt(stats['loss'])}",
                 f"test loss {fmt(test_loss)}"]
        if stats["acc"] is not None:
            parts.append(f"accuracy {100 * stats['acc']:.0f}% train, {100 * test_acc:.0f}% test")
        self.stats_label.setText(" · ".join(parts))

    def _diverged(self, reason: str):
        self.status_message.emit(f"Diverged: {reason}. Lower the learning rate and reset.")

    # -- widgets ----------------------------------------------------------------------------
    def create_controls(self) -> QWidget:
        from .mlp_controls import MlpControls
        self.controls = MlpControls(self)
        return self.controls

    def create_view(self) -> QWidget:
        from ..ui.canvas import NetworkCanvas
        from ..ui.formula import FormulaPanel
        w = QWidget()
        layout = QVBoxLayout(w)
        self.banner = TrainingBanner(self.session, lambda: self.settings["lr"],
                                     self._lower_lr, self.reset_weights, w)
        layout.addWidget(self.banner)
        self.canvas = NetworkCanvas(self.session, self._player, w)
        self.canvas.setToolTip("")
        layout.addWidget(self.canvas, 3)
        self._link_views()
        self.formula = FormulaPanel(self._player, w)
        layout.addWidget(self.formula, 1)
        return w

    def _link_views(self):
        """Once both the canvas and the map exist (see map_link)."""
        link_map(self.canvas, self.boundary)

    def _lower_lr(self, reset: bool):
        """Divide the learning rate by ten (the nearest choice at or below); with `reset`,
        start again from the initial weights."""
        lower = [v for v in M.LEARNING_RATES if v <= self.settings["lr"] / 10 * 1.0001]
        self.apply({"lr": lower[-1] if lower else M.LEARNING_RATES[0]})
        if reset:
            self.reset_weights()

    def create_plots(self) -> QWidget:
        from ..ui.plots import DecisionBoundaryPlot, LossPlot
        from ..ui.plots_base import PlotColumn
        w = PlotColumn()         # (it scrolls where the dock is shorter than it needs)
        w.area.setMinimumWidth(380)
        layout = QVBoxLayout(w)
        head = QLabel("<b>Output</b>: the network's answer over the input plane", w)
        head.setWordWrap(True)
        layout.addWidget(head)
        self.boundary = DecisionBoundaryPlot(self.session, 100, w)
        self._show_view_state()
        self._link_views()
        self._boundary_tip()
        layout.addWidget(self.boundary, 5)
        self.stats_label = QLabel(w)
        self.stats_label.setWordWrap(True)
        self.stats_label.setToolTip("Epochs trained, loss and accuracy on the training and "
                                    "the test data")
        layout.addWidget(self.stats_label)
        self.loss_plot = LossPlot(self.session, w)
        self.loss_plot.setToolTip("Loss per epoch: training (solid) and test (dashed)")
        layout.addWidget(self.loss_plot, 3)
        self._loss_floor()
        theme.manager().changed.connect(self._loss_floor)
        self._emit_stats()
        return w.area

    def _loss_floor(self):
        """The loss plot at least 75 px × zoom high (the column scrolls): at its own 68 px it
        was a strip at 250 %, its legend over its axis and "epoch" cut off."""
        plot = getattr(self, "loss_plot", None)
        if plot is not None and shiboken6.isValid(plot):
            plot.setMinimumHeight(int(75 * theme.manager().zoom))

    def _boundary_tip(self):
        """The heatmap's tooltip for the data set's task (a regression has no classes)."""
        kind = M.task(self.settings["dataset"])
        lo, hi = ("−1", "+1") if M.bipolar(self.settings) else ("0", "1")
        colour = {"classification": "the network's output at each point (blue high / class "
                                    f"{hi}, orange low / class {lo})",
                  "multiclass": "the class the network gives each point, the stronger the "
                                "surer it is",
                  "regression": "the number the network outputs at each point (blue high, "
                                "orange low), the dots' targets likewise"}[kind]
        self.boundary.setToolTip(f"Colour = {colour}; dots: training data (outlined in the "
                                 "background colour) and test data (outlined in the text "
                                 "colour)")

    # -- actions ----------------------------------------------------------------------------
    def run_steps(self, n: int) -> None:
        """n updates; the history gets a row at each new epoch (at most ~200 rows)."""
        self.end_player_step()    # a half-shown step ends first (its update, its row)
        n = int(n)
        s = self.session
        chunk = max(1, n // 200)
        recorded = s.history["epoch"][-1] if s.history["epoch"] else None
        while n > 0 and not s.trainer.diverged:
            s.train_steps(min(chunk, n))
            n -= chunk
            if s.epoch != recorded:
                s.record_history()
                recorded = s.epoch
        if not s.history["epoch"] or s.history["epoch"][-1] != s.epoch:
            s.record_history()

    def reset(self) -> None:
        self.load_state(dict(M.DEFAULTS))
        self.status_message.emit("MLP playground: back to the default network and data.")

    def shutdown(self) -> None:
        self._stats_timer.stop()
        self._player.shutdown()

    # -- files ------------------------------------------------------------------------------
    def get_state(self) -> dict:
        tr = self.session.trainer
        return {**{k: (list(v) if isinstance(v, list) else v) for k, v in self.settings.items()},
                "net": self.session.net.to_dict(), "initial": self.initial.to_dict(),
                "epoch": tr.epoch, "steps": tr.steps,
                "history": self.session.history_state(),
                "trainer": trainer_file_state(tr), **self._view_state()}

    def _view_state(self) -> dict:
        """How the map shows: discretized, with the test points (saved with the file, and a
        lesson slide may set them; not work of its own: view_keys)."""
        b = self.boundary
        return dict(self._view) if b is None else {"discretize": bool(b.discretize),
                                                   "show_test": bool(b.show_test)}

    def _show_view_state(self):
        if self.boundary is not None:
            self.boundary.set_discretize(self._view["discretize"])
            self.boundary.set_show_test(self._view["show_test"])

    def load_state(self, state: dict) -> None:
        if not isinstance(state, dict):
            raise ValueError("the MLP state must be a dictionary of settings")
        settings = M.check({k: v for k, v in state.items() if k not in STATE_KEYS},
                           self.settings)
        nets = {}
        split = M.make_data(settings)
        sizes = [len(settings["features"])] + settings["hidden"] + [split.Y_train.shape[1]]
        acts = settings["activations"] + [settings["output"]]
        for key in ("net", "initial"):
            if key in state:
                try:
                    net = Network.from_dict(state[key])
                except ValueError as exc:
                    raise ValueError(f"mlp setting {key!r}: {exc}") from None
                if net.sizes != sizes or [lay.activation for lay in net.layers] != acts:
                    raise ValueError(f"mlp setting {key!r} is a {net.sizes} network; the "
                                     f"settings describe {sizes} with activations {acts}")
                nets[key] = net
        counts = check_counts(state, "mlp")
        view = dict(VIEW_DEFAULTS)
        for key in VIEW_DEFAULTS:
            if key in state:
                if not isinstance(state[key], bool):
                    raise ValueError(f"mlp setting {key!r} is {state[key]!r}; it must be true "
                                     "or false")
                view[key] = state[key]
        if "history" in state:
            check_history(state["history"], self.session.history, "mlp")
        trainer = None
        if "trainer" in state:     # (older files have none: training goes on from a fresh one)
            n_params = sum(a * b + b for a, b in zip(sizes, sizes[1:]))
            trainer = check_trainer_file_state(state["trainer"], "mlp", settings["optimizer"],
                                               n_params, split.X_train.shape[0])
        # everything checked: apply
        self.settle_player()
        self.settings = settings
        self._view = view
        self._show_view_state()
        net = nets.get("net") or M.make_net(settings, split.Y_train.shape[1])
        self.initial = nets.get("initial") or net.copy()
        self._replace(net)
        tr = self.session.trainer
        restore_trainer(tr, trainer, counts)
        if "history" in state:
            self.session.set_history(state["history"])
        self.session.notify_weights_changed()
        if self.controls is not None:
            self.controls.sync()
        if self.boundary is not None:
            self._boundary_tip()
        self._emit_stats()
        self.state_changed.emit()
