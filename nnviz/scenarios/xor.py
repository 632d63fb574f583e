"""XOR: why one unit is not enough, solved first by hand and then by backpropagation.

Part 1 shows a hand-built network of threshold units (two hidden units and an output unit,
weights and thresholds on the canvas, its truth table computed by the engine). Part 2 trains
a 2-2-1 (or 2-3-1) sigmoid network on XOR with the full step animation; the hidden space
shows the four inputs moving until one line separates them; restarts from new seeds show
that some starts get stuck.

The settings, presets, file checks and verdict texts are in xor_model, the control panel
in xor_controls, the truth tables and plots in xor_views (xor_layout: canvas beside or
above its table).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QTabWidget, QWidget

from ..engine import Network, Trainer
from ..ui.map_link import link_map
from ..ui.page_stack import PageStack
from ..ui.session import TrainingSession
from .base import Scenario
from .trainer_file import restore_trainer, trainer_file_state
from .xor_controls import build_controls, sync_controls
from .xor_model import (
    DEFAULT_PRESET,
    DEFAULTS,
    EXTENT,
    PRESETS,
    UPDATES,
    X_XOR,
    Y_XOR,
    check_state,
    hand_built,
    verdict,
    verdict_text,
)


class XorScenario(Scenario):
    name = "xor"
    title = "XOR and hidden layers"
    summary = "Why one unit cannot compute XOR, and how a hidden layer learns it."
    order = 3
    view_keys = ("page",)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.settings = dict(DEFAULTS)
        self.hand_session = TrainingSession(Trainer(hand_built(DEFAULT_PRESET), lr=0.5),
                                            X_XOR, Y_XOR, extent=EXTENT, parent=self)
        net = self._new_net()
        self.initial = net.copy()
        self.session = TrainingSession(self._trainer(net), X_XOR, Y_XOR, extent=EXTENT,
                                       parent=self)
        for session in (self.hand_session, self.session):
            session.row_naming = "inputs"      # a truth table's row: its inputs say which
        from ..ui.player import Player
        self._player = Player(self.session, self)
        self._player.message.connect(self.status_message)
        self._player.state_changed.connect(self._player_moved)
        self._player.trace_changed.connect(self._player_moved)
        self.session.history_changed.connect(self._history_changed)
        self.session.weights_changed.connect(self._weights_changed)
        self.hand_session.weights_changed.connect(self._hand_changed)
        self.hand_session.structure_changed.connect(self._hand_changed)
        self.session.diverged.connect(lambda why: self.status_message.emit(
            f"Training diverged: {why}. Lower the learning rate or start again."))
        self._tabs = self._plots = self._verdict = None
        self.last_verdict = "learning"

    @property
    def player(self):
        return self._player

    # -- the model ------------------------------------------------------------------------
    def _new_net(self) -> Network:
        s = self.settings
        return Network.build([2, s["hidden"], 1], hidden="sigmoid", output="sigmoid",
                             init="xavier", seed=s["seed"])

    def _trainer(self, net: Network) -> Trainer:
        s = self.settings
        return Trainer(net, loss=s["loss"], optimizer="sgd", lr=s["lr"],
                       batch_size=UPDATES[s["updates"]][1], seed=s["seed"])

    def _rebuild(self, net: Network | None = None):
        """A fresh learned network from the settings (or `net`); history cleared. (Callers
        settle_player() before they change a setting.)"""
        self.settle_player()
        net = net or self._new_net()
        self.initial = net.copy()
        self.session.replace(self._trainer(net), X_XOR, Y_XOR)
        self._player.clear_history("the network was rebuilt (new settings or weights).",
                                   "the network was rebuilt")
        self._update_verdict()
        self.state_changed.emit()

    def new_start(self):
        """Re-initialise from the next seed."""
        self.settle_player()
        self.settings["seed"] = (self.settings["seed"] + 1) % 10_000
        if self._seed_box is not None:
            self._seed_box.blockSignals(True)
            self._seed_box.setValue(self.settings["seed"])
            self._seed_box.blockSignals(False)
        self._rebuild()
        self.show_page(1)
        self.status_message.emit(f"New random start (seed {self.settings['seed']}): fresh "
                                 "random weights. Train it and see whether it finds a solution.")

    def restart(self):
        """Back to the same initial weights, epoch 0."""
        self._rebuild(self.initial.copy())
        self.status_message.emit("Back to the same starting weights, epoch 0.")

    def set_preset(self, preset: str):
        self.settings["preset"] = preset
        self.hand_session.replace(Trainer(hand_built(preset), lr=0.5), X_XOR, Y_XOR)
        self.show_page(0)
        self.status_message.emit(f"Hand-built: {PRESETS[preset][0]}.")
        self.state_changed.emit()

    def set_setting(self, key: str, value):
        self.settle_player()      # the step shown ends with the settings it was made with
        self.settings[key] = value
        self._rebuild()
        self.show_page(1)

    def show_page(self, page: int):
        changed = self.settings["page"] != int(page)
        self.settings["page"] = int(page)
        if self._tabs is not None and self._tabs.currentIndex() != page:
            self._tabs.setCurrentIndex(page)
        if self._plots is not None:
            self._plots.setCurrentIndex(page)
        if changed:
            self.stats_changed.emit(self.current_stats())

    def current_stats(self) -> dict:
        """The figures of the page shown: the hand-built network is not trained (no epochs;
        its loss and accuracy), the learned one's session."""
        if self.settings["page"] == 0:
            loss, acc = self.hand_session.evaluate()
            return {"name": "hand-built network", "loss": loss, "acc": acc}
        return self.session.stats()

    # -- reactions ------------------------------------------------------------------------
    def _player_moved(self, *_):
        p = self._player
        if (p.playing or p.training or p.trace is not None) and self.settings["page"] == 0:
            self.show_page(1)
            self.status_message.emit("The hand-built network does not learn: the player "
                                     "steps the learned one (tab 2).")   # (it had switched
            #                                                            without a word)

    def _weights_changed(self):
        if not self._player.training:
            self._history_changed()

    def _hand_changed(self):
        if self.settings["page"] == 0:
            self.stats_changed.emit(self.current_stats())

    def _history_changed(self):
        self.stats_changed.emit(self.current_stats())
        self._update_verdict()

    def _update_verdict(self):
        loss, acc = self.session.evaluate()
        epoch = self.session.epoch
        v = verdict(self.session.history, acc == 1.0)
        if v != self.last_verdict and v == "stuck":
            self.status_message.emit("This start looks stuck: the loss has stopped falling "
                                     "while some inputs are still wrong. Try a new random start.")
        self.last_verdict = v
        if self._verdict is None:
            return
        text = verdict_text(v, epoch, loss, acc)
        self._verdict.setText(text)

    # -- widgets --------------------------------------------------------------------------
    def create_controls(self) -> QWidget:
        return build_controls(self)

    _seed_box = None      # the panel's seed box, once built (new_start keeps it in step)

    def create_view(self) -> QWidget:
        from ..ui.canvas import NetworkCanvas
        from ..ui.formula import FormulaPanel
        from .xor_layout import CanvasWithTable
        from .xor_views import TruthTable
        self._tabs = QTabWidget()
        self._tabs.setToolTip("")
        hand = CanvasWithTable()
        self.hand_canvas = NetworkCanvas(self.hand_session, None, hand)
        self.hand_canvas.set_show_thumbnails(True)
        self.hand_canvas.setToolTip("The hand-built threshold network: click a weight or a "
                                    "bias to change it")
        self.hand_table = TruthTable(self.hand_session, hand)
        hand.set_widgets(self.hand_canvas, self.hand_table)
        self._tabs.addTab(hand, "1 · Built by hand")
        # the canvas gets most of the height; the formula panel below scrolls its text
        learned = QSplitter(Qt.Orientation.Vertical)
        learned.setChildrenCollapsible(False)
        top = CanvasWithTable(learned)
        self.canvas = NetworkCanvas(self.session, self._player, top)
        self.table = TruthTable(self.session, top)
        top.set_widgets(self.canvas, self.table)
        learned.addWidget(top)
        # (its own minimum, which follows the zoom: one set here at the zoom it was built at
        # was below what its text and note took at 250 %, and its layout drew one over the
        # other; its one height, idle or stepping: FormulaPanel.height_for)
        self.formula = FormulaPanel(self._player, learned)
        learned.addWidget(self.formula)
        learned.setStretchFactor(0, 3)
        learned.setStretchFactor(1, 1)
        self.splitter = learned
        self._tabs.addTab(learned, "2 · Learned by backpropagation")
        self._tabs.setTabToolTip(0, "Threshold units whose weights were chosen by hand")
        self._tabs.setTabToolTip(1, "Sigmoid units that find their weights by gradient "
                                    "descent (backpropagation)")
        self._tabs.tabBar().setElideMode(Qt.TextElideMode.ElideRight)   # never scroll arrows
        self._tabs.currentChanged.connect(self.show_page)
        self._tabs.setCurrentIndex(self.settings["page"])
        self._link_maps()
        return self._tabs

    def create_plots(self) -> QWidget:
        from .xor_views import XorPlots, plots_area
        self._plots = PageStack()
        self.hand_plots = XorPlots(self.hand_session, False)
        self.plots = XorPlots(self.session, True)
        self._plots.addWidget(plots_area(self.hand_plots))   # (a short dock scrolls them)
        self._plots.addWidget(plots_area(self.plots))
        self._plots.setCurrentIndex(self.settings["page"])
        self._link_maps()
        return self._plots

    def _link_maps(self):
        """Each page's canvas with its input plane (see map_link), once both are built."""
        for canvas, plots in (("hand_canvas", "hand_plots"), ("canvas", "plots")):
            p = getattr(self, plots, None)
            link_map(getattr(self, canvas, None), None if p is None else p.boundary)

    def answer_views(self) -> dict:
        """The page's truth table (every unit's output on the four inputs), where the inputs
        land in the hidden space, and the input plane's boundary."""
        hand = self.settings["page"] == 0
        plots = self.hand_plots if hand else self.plots
        return {"table": self.hand_table if hand else self.table,
                "hidden space": plots.hidden, "plane": plots.boundary}

    # -- actions --------------------------------------------------------------------------
    def show_what_trains(self) -> None:
        """The learned network's page: the hand-built network does not train."""
        self.show_page(1)

    def run_steps(self, n: int) -> None:
        """n updates, recording the loss at whole epochs (about 200 points on the curve)."""
        self.show_what_trains()
        self.end_player_step()    # a half-shown step ends first (its update, its row)
        n = int(n)
        per = self.session.trainer.steps_per_epoch(len(X_XOR))
        chunk = max(per, (n // 200) // per * per)
        while n > 0 and not self.session.trainer.diverged:
            self.session.train_steps(min(chunk, n))
            n -= chunk
            self.session.record_history()
        if not self.session.history["epoch"]:
            self.session.record_history()

    def reset(self) -> None:
        self.load_state(dict(DEFAULTS))
        self.status_message.emit("XOR: back to the start.")

    def shutdown(self) -> None:
        self._player.shutdown()

    # -- files ----------------------------------------------------------------------------
    def get_state(self) -> dict:
        tr = self.session.trainer
        return {**self.settings, "hand": self.hand_session.net.to_dict(),
                "net": self.session.net.to_dict(), "initial": self.initial.to_dict(),
                "epoch": tr.epoch, "steps": tr.steps,
                "history": self.session.history_state(), "trainer": trainer_file_state(tr)}

    def load_state(self, state: dict) -> None:
        plan = check_state(state, self.settings, self.session.history)
        s = dict(self.settings)
        s.update({k: state[k] for k in DEFAULTS if k in state})
        learned = bool({"hidden", "loss", "updates", "lr", "seed", "net", "initial", "epoch",
                        "history", "trainer"} & set(state))
        if learned:
            self.settle_player()
        self.settings = s
        hand = plan.get("hand") or (hand_built(s["preset"]) if "preset" in state else None)
        if hand is not None:
            self.hand_session.replace(Trainer(hand, lr=0.5), X_XOR, Y_XOR)
        if learned:
            net = plan.get("net") or self._new_net()
            self._rebuild(net)
            if "initial" in plan:
                self.initial = plan["initial"]
            tr = self.session.trainer
            if "trainer" in plan:
                restore_trainer(tr, plan["trainer"])
            tr.epoch, tr.steps = int(state.get("epoch", 0)), int(state.get("steps", 0))
            if "history" in state:
                self.session.set_history(state["history"])
            self.session.notify_weights_changed()
        sync_controls(self)
        self.show_page(s["page"])
        self._update_verdict()
        self.state_changed.emit()

    def hidden_activations(self) -> np.ndarray:
        """The hidden layer's activations for the four inputs (from the engine)."""
        return self.session.view_net.forward_all(X_XOR)[1][1]
