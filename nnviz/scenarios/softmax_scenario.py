"""Scenario `softmax`: several classes, one output per class, probabilities that sum to one.

Blobs of 2–5 classes and a small 2-h-K network (tanh hidden units, softmax outputs) trained
with categorical cross-entropy. The network canvas and formula panel step through training
with the real numbers; the plane shows which class wins where (or one class's probability,
one-vs-all); the bars show p(class | x) for the hovered or pinned point, and its
cross-entropy −log p(true class) sits on the curve −log p. The control panel is
softmax_controls.py.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QComboBox, QSplitter, QWidget

from ..ui import theme
from ..ui.session import TrainingSession
from . import neuron_plots as npl
from . import softmax_model as sm
from .base import Scenario
from .softmax_controls import EXPLANATION, LABELS, TIPS, build_controls, sync_controls  # noqa: F401
from .softmax_state import check_state
from .trainer_file import restore_trainer, trainer_file_state

STATS_MS = 40           # probe, bars and toolbar numbers follow the weights at most 25×/s


class SoftmaxScenario(Scenario):
    name = "softmax"
    title = "Softmax: many classes"
    summary = "One output per class, probabilities that sum to one, cross-entropy."
    order = 90
    view_keys = ("pinned", "view")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.settings = dict(sm.DEFAULTS)
        s = self.settings
        X, Y = sm.load_data(s["classes"], s["noise"])
        s["pinned"] = sm.central_point(X)
        net = sm.build_net(s["classes"], s["hidden"], s["seed"])
        trainer = sm.build_trainer(net, s["lr"], s["batch_size"], s["seed"])
        self.session = TrainingSession(trainer, X, Y, extent=sm.EXTENT, parent=self)
        self.session.row_naming = "point"      # a point of the data set on the plane
        from ..ui.player import Player
        self._player = Player(self.session, self)
        self._player.message.connect(self.status_message)
        self._player.shown_changed.connect(self._follow_step)   # the bars follow the sample
        self._player.trace_changed.connect(self._follow_step)   # a step shows
        self.hover: tuple | None = None          # (x, index) under the mouse, or None
        self.probe: sm.Probe | None = None       # what the bars and the loss show now
        self.map = self.bars = self.loss_view = None
        self.boxes: dict[str, QComboBox] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(STATS_MS)
        self._timer.timeout.connect(self._follow_weights)
        self.session.weights_changed.connect(self._weights_changed)
        self.session.diverged.connect(lambda why: self.status_message.emit(
            f"Training diverged ({why}): lower the learning rate or press Reset."))
        theme.manager().changed.connect(self._restyle)
        self._themed = True
        self.session.record_history()

    @property
    def player(self):
        return self._player

    # -- widgets -------------------------------------------------------------------------
    def create_controls(self) -> QWidget:
        return build_controls(self)

    def create_view(self) -> QWidget:
        from ..ui.canvas import NetworkCanvas
        from ..ui.formula import FormulaPanel
        from .softmax_map import ClassMapPlot
        outer = QSplitter(Qt.Orientation.Vertical)
        top = QSplitter(Qt.Orientation.Horizontal, outer)
        self.canvas = NetworkCanvas(self.session, self._player)
        self.map = ClassMapPlot(self.session)
        self.map.set_view(self.settings["view"])
        self.map.hovered.connect(self._hovered)
        self.map.left.connect(self._left)
        self.map.clicked.connect(self._clicked)
        # a 1024-px window: both keep a usable width (the map had become a sliver)
        self.canvas.setMinimumWidth(220)
        self.map.setMinimumWidth(240)
        top.addWidget(self.canvas)
        top.addWidget(self.map)
        top.setStretchFactor(0, 1)
        top.setStretchFactor(1, 1)
        top.setSizes([520, 480])
        self.formula = FormulaPanel(self._player)
        outer.addWidget(top)
        outer.addWidget(self.formula)
        outer.setStretchFactor(0, 3)
        outer.setStretchFactor(1, 1)
        self._show_probe()
        return outer

    def create_plots(self) -> QWidget:
        from ..ui.plots import LossPlot
        from .softmax_bars import CrossEntropyPlot, ProbabilityBars
        split = QSplitter(Qt.Orientation.Vertical)
        split.setMinimumWidth(280)
        self.bars = ProbabilityBars()
        self.loss_view = CrossEntropyPlot()
        self.loss_plot = LossPlot(self.session)
        self.loss_plot.setMinimumHeight(150)
        self.loss_plot.legend.removeItem("test loss")     # no test set here
        for wdg in (self.bars, self.loss_view, self.loss_plot):
            split.addWidget(wdg)
        split.setSizes([400, 330, 200])
        self.bars.restyle()
        self._show_probe()
        return split

    # -- the probe -----------------------------------------------------------------------
    def stepped_sample(self) -> int | None:
        """The data point (row) whose forward pass the player shows, until the step's
        update is revealed (then the weights are no longer those it was computed with)."""
        p = self._player
        tr, sh = p.trace, p.shown
        if tr is None or sh.sample is None or sh.updates:
            return None
        return int(tr.sample_index[sh.sample]) if tr.sample_index is not None else sh.sample

    def probe_target(self) -> tuple:
        """(x, index) of the point the bars describe: hovered, else the sample the player
        steps through (the canvas shows its numbers), else pinned, else (None, None)."""
        if self.hover is not None:
            return self.hover
        stepped = self.stepped_sample()
        if stepped is not None:
            return tuple(self.session.X_raw[stepped]), stepped
        pinned = self.settings["pinned"]
        if pinned is None:
            return None, None
        if isinstance(pinned, int):
            return tuple(self.session.X_raw[pinned]), pinned
        return tuple(pinned), None

    def _follow_step(self, *_):
        target = self.probe_target()
        if self.probe is None or target[1] != self.probe.index or target[0] != self.probe.x:
            self._show_probe()

    def _show_probe(self):
        x, index = self.probe_target()
        s = self.session
        self.probe = None if x is None else sm.probe(s.view_net, s.X_raw, s.Y, x, index)
        k = s.net.sizes[-1]
        if self.map is not None:
            self.map.show_probe(None if x is None else x, pinned=self.hover is None)
        if self.bars is not None:
            stepped = self.hover is None and self.stepped_sample() is not None
            self.bars.show_probe(self.probe, k, stepped=stepped)
            self.loss_view.show_probe(self.probe)

    def _hovered(self, x1: float, x2: float):
        X = self.session.X_raw
        i = sm.nearest_point(X, (x1, x2), self.map.pixel_radius())
        self.hover = (tuple(X[i]), i) if i is not None else ((x1, x2), None)
        self._show_probe()

    def _left(self):
        if self.hover is not None:
            self.hover = None
            self._show_probe()

    def _clicked(self, x1: float, x2: float):
        X = self.session.X_raw
        i = sm.nearest_point(X, (x1, x2), self.map.pixel_radius())
        self.hover = None
        self.settings["pinned"] = i if i is not None else [float(x1), float(x2)]
        self._show_probe()
        p = self.probe
        if i is not None:
            self.status_message.emit(
                f"Pinned point {i + 1} (class {p.true_class + 1}): the network gives its class "
                f"p = {p.p[p.true_class]:.3f}, so its loss is −log p = {p.loss:.3f}")
        else:
            self.status_message.emit(f"Pinned the spot ({npl.fmt(x1)}, {npl.fmt(x2)}): the "
                                     f"network picks class {p.predicted + 1}")
        self.state_changed.emit()

    # -- reacting ------------------------------------------------------------------------
    def _weights_changed(self):
        if not self._timer.isActive():
            self._timer.start()

    def _follow_weights(self):
        self._show_probe()
        self.stats_changed.emit(self.session.stats())

    def _restyle(self):
        if self.map is not None:
            self.map.rebuild()
        if self.bars is not None:
            self.bars.restyle()
            self.loss_view.restyle()
        self._show_probe()

    def _sync_controls(self):
        sync_controls(self)

    def _set(self, key, value):
        if self.settings.get(key) == value:
            return
        try:
            self.load_state({key: value})
        except ValueError as exc:      # cannot happen from the menus; never a traceback
            self.status_message.emit(str(exc))
            self._sync_controls()
            return
        words = self.boxes[key].currentText() if key in self.boxes else value
        self.status_message.emit(f"{LABELS.get(key, key)}: {words}")

    def new_weights(self):
        self.load_state({"seed": (self.settings["seed"] + 1) % (sm.MAX_SEED + 1)})
        self.status_message.emit("New random starting weights (seed "
                                 f"{self.settings['seed']}): epoch 0 again")

    # -- actions -------------------------------------------------------------------------
    def run_steps(self, n: int) -> None:
        """n updates (as many batches), recording the loss at every finished epoch."""
        self.end_player_step()    # a half-shown step ends first (its update, its row)
        s = self.session
        left = int(n)
        while left > 0 and not s.trainer.diverged:
            chunk = min(left, s.steps_left_in_epoch())
            epoch = s.epoch
            s.trainer.train_steps(s.X, s.Y, chunk)
            left -= chunk
            if s.epoch != epoch:
                s.record_history()
        s.notify_weights_changed()
        self._follow_weights()

    def reset(self) -> None:
        s = self.settings
        self._apply(dict(s), sm.build_net(s["classes"], s["hidden"], s["seed"]), 0, 0, None)
        self.status_message.emit("Back to the starting weights: epoch 0")

    def shutdown(self) -> None:
        self._timer.stop()
        self._player.shutdown()
        if self.map is not None:
            self.map.stop()
        if self._themed:
            self._themed = False
            theme.manager().changed.disconnect(self._restyle)

    def get_state(self) -> dict:
        h = self.session.history
        return {**self.settings, "network": self.session.net.to_dict(),
                "epoch": self.session.trainer.epoch, "steps": self.session.trainer.steps,
                "history": {"epoch": [int(e) for e in h["epoch"]],
                            "loss": [float(v) for v in h["loss"]],
                            "acc": [float(v) for v in h["acc"]]},
                "trainer": trainer_file_state(self.session.trainer)}

    def load_state(self, state: dict) -> None:
        new, net, counts, history, trainer = check_state(state, self.settings)
        structural = any(new[k] != self.settings[k] for k in ("classes", "hidden", "seed"))
        if net is None and structural:
            net = sm.build_net(new["classes"], new["hidden"], new["seed"])
        rebuild = (net is not None or counts or history is not None or trainer is not None
                   or any(new[k] != self.settings[k] for k in ("noise", "lr", "batch_size")))
        if not rebuild:                          # only what is shown changed
            self.settings = new
            if self.map is not None:
                self.map.set_view(new["view"])
            self.hover = None
            self._sync_controls()
            self._show_probe()
            self.state_changed.emit()
            return
        fresh = net is not None and "network" not in state
        keep = self.session.trainer
        epoch = counts.get("epoch", 0 if fresh else keep.epoch)
        steps = counts.get("steps", 0 if fresh else keep.steps)
        self._apply(new, net, epoch, steps, history, trainer)

    def _apply(self, new: dict, net, epoch: int, steps: int, history, trainer_state=None):
        """Install validated settings (a network, or None to keep the current one), and a
        trainer state from a file (optimizer, random generator, batch order) if given."""
        self.settle_player()      # the step shown ends with the network and data it was made on
        keep_history = net is None and history is None
        old = self.session.history
        if net is None:
            net = self.session.net
        X, Y = sm.load_data(new["classes"], new["noise"])
        trainer = sm.build_trainer(net, new["lr"], new["batch_size"], new["seed"])
        if trainer_state is not None:
            restore_trainer(trainer, trainer_state)
        trainer.epoch, trainer.steps = epoch, steps
        self.settings = new
        self.hover = None
        self.session.replace(trainer, X, Y)
        if history is not None:
            n = len(history["epoch"])
            self.session.set_history(dict(epoch=history["epoch"], loss=history["loss"],
                                          acc=history["acc"], test_loss=[math.nan] * n,
                                          test_acc=[math.nan] * n))
        elif keep_history:
            self.session.set_history({k: list(v) for k, v in old.items()})
        else:
            self.session.record_history()
        if self.map is not None:
            self.map.set_view(new["view"])
        self._sync_controls()
        self._follow_weights()
        self.state_changed.emit()


__all__ = ["SoftmaxScenario"]
