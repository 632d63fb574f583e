"""Scenario `gradients`: vanishing and exploding gradients in a deep, narrow network.

Backpropagation multiplies, layer after layer, by the weights and by the activation's
slope g′(z). With sigmoid (slope ≤ ¼) or small weights the product shrinks on its way back
to the first layers (vanishing); with large weights it can grow (exploding). The bars show
‖∂L/∂W‖ per layer for the current step (the engine's trace) on a log scale, the lower plot
how those sizes evolve while training. Xavier/He initialisation, ReLU and gradient
clipping are the remedies to try.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QPushButton, QSplitter, QVBoxLayout, QWidget

from ..engine import Network, Trainer, analysis, datasets
from ..ui.numbers import times_ten
from ..ui.session import TrainingSession
from .base import Scenario
from .gradients_controls import (
    check_choices,
    check_gradient_history,
    choice,
    rich_label,
    saved_network,
    sync_choice,
)
from .gradients_plots import GradientBars, GradientHistory
from .setting_checks import check_counts, check_history
from .trainer_file import check_trainer_file_state, restore_trainer, trainer_file_state

CHOICES = {
    "activation": ("sigmoid", "tanh", "relu"),
    "init": ("small", "large", "xavier", "he"),
    "depth": (3, 4, 6, 8),
    "clip": (0.0, 0.1, 1.0, 5.0),
    "lr": (0.01, 0.03, 0.1, 0.3, 1.0),
    "seed": tuple(range(100)),
}
LABELS = {
    "activation": {"sigmoid": "Sigmoid σ", "tanh": "Tanh", "relu": "ReLU"},
    "init": {"small": "Small: U(−0.05, 0.05)", "large": "Large: N(0, 2²)",
             "xavier": "Xavier (Glorot)", "he": "He"},
    "depth": {d: f"{d} hidden layers of {4}" for d in (3, 4, 6, 8)},
    "clip": {0.0: "off", 0.1: "‖g‖ ≤ 0.1", 1.0: "‖g‖ ≤ 1", 5.0: "‖g‖ ≤ 5"},
    "lr": {v: f"{v:g}" for v in (0.01, 0.03, 0.1, 0.3, 1.0)},
}
TIPS = {
    "activation": "The hidden units' activation: its slope g′(z) multiplies every backward step",
    "init": "How the starting weights are drawn: their size multiplies every backward step",
    "depth": "How many hidden layers the gradient has to travel back through",
    "clip": "Gradient clipping: if the whole gradient is longer than this, shrink it to this "
            "length before the update",
    "lr": "Learning rate η of plain gradient descent",
}
DEFAULTS = {"activation": "sigmoid", "init": "small", "depth": 6, "clip": 0.0, "lr": 0.3,
            "seed": 0}
WIDTH = 4
N_POINTS = 200
# what a file holds besides the settings (gradient_history: what the lower plot shows)
STATE_KEYS = ("network", "epoch", "steps", "history", "trainer", "gradient_history")


def sample_gradient_norms(trace) -> np.ndarray:
    """For each weight layer k, the typical size of one sample's own gradient ∂L/∂W_k:
    the root mean square over the step's samples of ‖δ_k xᵀ‖ (Frobenius), scaled like the
    update by gradient clipping. One sample's gradient is the outer product of the layer's
    δ (the trace's delta) and its input x (the previous layer's a), so ‖δ xᵀ‖ = ‖δ‖·‖x‖.

    Unlike the batch-averaged gradient it does not cancel out when the output settles on
    the average target, so it shows how much of the error signal reaches each layer."""
    inputs = [trace.a_in] + list(trace.a[:-1])
    out = []
    for delta, x in zip(trace.delta, inputs):
        per_sample = np.sum(delta * delta, axis=1) * np.sum(x * x, axis=1)
        out.append(float(np.sqrt(np.mean(per_sample))) * trace.clip_scale)
    return np.array(out)


def power_of_ten(v: float) -> str:
    """v to one significant digit, for a sentence: 1.2e-11 → '10⁻¹¹', 3.3e10 → '3 × 10¹⁰'
    (rounding the exponent alone had said 10¹¹ for 3.3 × 10¹⁰)."""
    if not np.isfinite(v) or v >= 1e308:     # (a ratio to a gradient of 1e-320)
        return "more than 10³⁰⁸"
    return times_ten(v, 1)


HUGE_GRADIENT = 10.0    # one sample's ‖∂L/∂W‖ above this on some layer: wild steps


def ratio_words(first: float, last: float, n_layers: int, largest: float = 0.0) -> str:
    """What the first ÷ last layer gradient ratio means, in words (and the largest layer's
    size: huge gradients on every layer explode too, without any ratio)."""
    if last <= 0 and first <= 0:
        return ("<p>No gradient reaches any layer: every ReLU unit is off for every sample "
                "(dead ReLUs), so nothing can learn. Try He weights or new random ones.</p>")
    if last <= 0:
        return "<p>The last layer gets no gradient at all.</p>"
    if first <= 0:    # (1 / r had raised OverflowError into the crash dialog)
        return (f"<p>Layer 1 gets <b>no gradient at all</b>, while layer {n_layers} does: the "
                "error signal dies out completely on its way back. With ReLU, every unit of "
                "some layer is off for every sample (dead ReLUs), so no signal passes it, "
                "and layer 1 cannot learn. Try He weights or new random ones.</p>")
    r = first / last
    if r < 1e-2:
        text = (f"<p>Layer 1's gradient is about {power_of_ten(1 / r)} times <b>smaller</b> "
                f"than layer {n_layers}'s: the error signal shrinks at every layer on its way "
                "back. The gradient is <b>vanishing</b>: the first layers hardly learn.</p>")
    elif r > 1e2:
        text = (f"<p>Layer 1's gradient is about {power_of_ten(r)} times <b>larger</b> than "
                f"layer {n_layers}'s: the error signal grows at every layer on its way back. "
                "The gradient is <b>exploding</b>: the first layers take huge, wild "
                "steps.</p>")
    elif largest > HUGE_GRADIENT:
        # ReLU with large weights: the deltas grow on the way back, the layers' inputs on
        # the way forward, and ‖δ‖·‖x‖ comes out about the same (and huge) everywhere
        text = (f"<p>Every layer's gradient is about the same size, but <b>huge</b>: up to "
                f"about {power_of_ten(largest)} for one sample (a healthy one is around 1). "
                "The error signal grows at every layer on its way back, and the signal "
                "forward grows too. The gradient is <b>exploding</b>: each update throws the "
                "weights far away. Clip the gradient to tame it.</p>")
    else:
        text = ("<p>Layer 1 gets a gradient of about the same size as the last layer (within "
                "a factor of 100): the error signal gets through, and every layer "
                "learns.</p>")
    if last < 1e-6:
        text += ("<p>Every layer's gradient is tiny, the last one's too: the forward signal "
                 "itself has faded (the hidden outputs are all close to 0).</p>")
    return text


class GradientsScenario(Scenario):
    name = "gradients"
    title = "Vanishing and exploding gradients"
    summary = "Why deep networks were hard to train: gradient sizes layer by layer."
    order = 110

    def __init__(self, parent=None):
        super().__init__(parent)
        self.settings = dict(DEFAULTS)
        self.X, self.Y = datasets.load("circle", n=N_POINTS, noise=0.1, seed=0)
        # the gradient sizes measured so far, by update count (the lower plot shows them)
        self.grad_steps: list[int] = []
        self.grad_rows: list[np.ndarray] = []
        self.session = TrainingSession(self._trainer(self.settings), self.X, self.Y, parent=self)
        self.session.row_naming = "point"      # a point of the data set on the plane
        from ..ui.player import Player
        self._player = Player(self.session, self)
        self._player.set_granularity("batch")   # (one update takes all 200 samples: at
        #                                         "sample", 200 steps before the first one)
        self._player.message.connect(self.status_message)   # "Stepped back …"
        self._player.trace_changed.connect(self._measure)
        self.session.weights_changed.connect(self._measure)
        self.follow_stats(self.session)
        self.norms = np.zeros(0)        # what the bars show now
        self.norms_source = "probe"     # "trace": the player's step; "probe": the weights now
        self._plots = self._controls = None

    @staticmethod
    def _trainer(s, net=None) -> Trainer:
        if net is None:
            net = Network.build([2] + [WIDTH] * s["depth"] + [1], hidden=s["activation"],
                                output="sigmoid", init=s["init"], seed=s["seed"])
        return Trainer(net, loss="bce", optimizer="sgd", lr=s["lr"], seed=s["seed"],
                       clip_norm=s["clip"] or None)

    @property
    def player(self):
        return self._player

    # -- widgets -------------------------------------------------------------------------
    def create_controls(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        form = QFormLayout()
        self.boxes = {}
        for key, label in (("activation", "Activation"), ("init", "Initial weights"),
                           ("depth", "Depth"), ("clip", "Clip gradient"),
                           ("lr", "Learning rate η")):
            self.boxes[key] = choice(self, key, LABELS[key], TIPS[key], self._set)
            form.addRow(label, self.boxes[key])
        lay.addLayout(form)
        self.new_button = QPushButton("New random weights")
        self.new_button.setToolTip("Draw the starting weights again (another seed)")
        self.new_button.clicked.connect(self._new_weights)
        self.named_controls["new_weights"] = self.new_button
        lay.addWidget(self.new_button)
        lay.addWidget(rich_label(
            "<p><b>How big is each layer's gradient?</b> Going backwards, every layer "
            "multiplies the error signal by its weights and by the slope g′(z) of its "
            "activation. Many small factors make the gradient vanish before it reaches the "
            "first layers, which then hardly learn; many large ones make it explode.</p>"
            "<p>Try: sigmoid with small weights (vanishing), then Xavier or He, then ReLU; "
            "ReLU with large weights and 8 layers (exploding), then clip the gradient.</p>"))
        self.readout = rich_label(name="readout")
        lay.addWidget(self.readout)
        lay.addStretch(1)
        self._controls = w
        self._sync()
        return w

    def create_view(self) -> QWidget:
        from ..ui.netview import network_view
        split, self.canvas, self.formula = network_view(self.session, self._player)
        return split

    def create_plots(self) -> QWidget:
        from ..ui.plots import LossPlot
        split = QSplitter(Qt.Orientation.Vertical)
        self.bars = GradientBars()
        self.history_plot = GradientHistory()
        self.loss_plot = LossPlot(self.session)
        for wdg, stretch in ((self.bars, 3), (self.history_plot, 3), (self.loss_plot, 2)):
            split.addWidget(wdg)
            split.setStretchFactor(split.count() - 1, stretch)
            wdg.setMinimumHeight(140)       # every plot keeps a readable height
        split.setChildrenCollapsible(False)
        split.setSizes([300, 300, 200])     # the proportions the dock starts with
        self._plots = split
        self._show_log()
        self._measure()
        return split

    # -- measuring -----------------------------------------------------------------------
    def _measure(self, *_):
        """Bars from the player's current trace if there is one, else from a probe step
        on the current weights (the engine's gradient, nothing changed)."""
        trace = self._player.trace
        if trace is not None and trace.n_layers != len(self.session.net.layers):
            trace = None   # a step of the network that was just replaced
        if trace is not None:
            self.norms, self.norms_source = sample_gradient_norms(trace), "trace"
            scale = trace.clip_scale
        elif self.session.trainer.diverged:
            return
        else:
            probe = analysis.gradient_probe(self.session.trainer, self.session.X, self.session.Y)
            self.norms, self.norms_source = sample_gradient_norms(probe), "probe"
            scale = probe.clip_scale
        self._log_norms(self.session.steps, self.norms)
        if self._plots is not None:
            self.bars.set_norms(self.norms)
            self.history_plot.append(self.session.steps, self.norms)
        self._readout(scale)

    def _log_norms(self, step: int, norms):
        """Keep the sizes as the lower plot does (GradientHistory.append): a row per update
        count, the later ones forgotten when stepped back, all forgotten for a new depth."""
        steps, rows = self.grad_steps, self.grad_rows
        norms = np.array(norms, dtype=float)
        if rows and rows[-1].size != norms.size:
            steps.clear()
            rows.clear()
        while steps and steps[-1] > step:
            steps.pop()
            rows.pop()
        if steps and steps[-1] == step:
            rows[-1] = norms
        else:
            steps.append(int(step))
            rows.append(norms)

    def _show_log(self):
        """The lower plot from the kept sizes (a file's, or those measured before it
        existed)."""
        if self._plots is None:
            return
        plot = self.history_plot
        plot.clear()
        if self.grad_steps:
            plot.steps = list(self.grad_steps[:-1])
            plot.rows = [r.copy() for r in self.grad_rows[:-1]]
            plot.append(self.grad_steps[-1], self.grad_rows[-1])

    def _readout(self, scale):
        if self._controls is None or not self.norms.size:
            return
        first, last = self.norms[0], self.norms[-1]
        where = "this step (the player's trace)" if self.norms_source == "trace" else \
            "the current weights, over the training set"
        # (the ×10ⁿ style of the plots' axes and labels: "1.5e-11" beside "10⁻⁵" had been
        # two ways of writing one thing)
        ratio = times_ten(first / last) if last > 0 else "–"
        text = (f"<p><b>Gradient sizes</b> for {where}, one sample's typical "
                f"‖∂L/∂W‖:<br>layer 1 (next to the inputs): {times_ten(first)}<br>layer "
                f"{self.norms.size} (the output): {times_ten(last)}<br>layer 1 ÷ layer "
                f"{self.norms.size} = <b>{ratio}</b></p>")
        text += ratio_words(first, last, self.norms.size, float(self.norms.max()))
        if scale < 1.0:
            text += f"<p>Clipping multiplied the gradient by {scale:.3g} this step.</p>"
        self.readout.setText(text)

    # -- changes ---------------------------------------------------------------------------
    def _set(self, key, value):
        if self.settings.get(key) == value:
            return
        self.settle_player()      # the step shown ends with the settings it was made with
        self.settings[key] = value
        self._apply(rebuild=key in ("activation", "init", "depth"))
        self.status_message.emit(f"{key}: {LABELS[key][value]}")
        self.state_changed.emit()

    def _apply(self, rebuild=True, net=None):
        self.settle_player()      # (callers that change a setting first settle before it)
        if rebuild or net is not None:
            self.grad_steps, self.grad_rows = [], []
            if self._plots is not None:
                self.history_plot.clear()
            self.session.replace(self._trainer(self.settings, net), self.X, self.Y)
        else:
            tr = self.session.trainer
            tr.lr = self.settings["lr"]
            tr.clip_norm = self.settings["clip"] or None
            self._measure()
        self._sync()

    def _new_weights(self):
        self.settle_player()
        self.settings["seed"] = (self.settings["seed"] + 1) % len(CHOICES["seed"])
        self._apply()
        self.status_message.emit("New random starting weights")
        self.state_changed.emit()

    def _sync(self):
        if self._controls is None:
            return
        for key, box in self.boxes.items():
            sync_choice(box, self.settings[key])
        self._readout(1.0)

    # -- actions ---------------------------------------------------------------------------
    def run_steps(self, n: int) -> None:
        n = int(n)
        self.end_player_step()    # a half-shown step ends first (its update, its row)
        chunks = min(n, 40)
        done = 0
        for i in range(chunks):
            k = (n * (i + 1)) // chunks - done
            self.session.train_steps(k)
            done += k
            self.session.record_history()
            if self.session.trainer.diverged:
                break
        self.status_message.emit(f"Trained {done} update{'' if done == 1 else 's'}")
        self.stats_changed.emit(self.session.stats())

    def reset(self) -> None:
        self._apply()
        self.status_message.emit("Back to the starting weights")

    def get_state(self) -> dict:
        tr = self.session.trainer
        return {**self.settings, "network": self.session.net.to_dict(),
                "epoch": tr.epoch, "steps": tr.steps,
                "history": self.session.history_state(), "trainer": trainer_file_state(tr),
                "gradient_history": {"steps": list(self.grad_steps),
                                     "norms": [r.tolist() for r in self.grad_rows]}}

    def load_state(self, state: dict) -> None:
        settings = check_choices(state, CHOICES, self.settings, extra=STATE_KEYS)
        sizes = [2] + [WIDTH] * settings["depth"] + [1]
        net = saved_network(state, sizes)
        if net is not None:
            acts = [layer.activation for layer in net.layers]
            if acts != [settings["activation"]] * settings["depth"] + ["sigmoid"]:
                raise ValueError(f"network: activations {acts} do not match "
                                 f"{settings['activation']} hidden units and a sigmoid output")
        counts = check_counts(state, "gradients")
        if "history" in state:
            check_history(state["history"], self.session.history, "gradients")
        trainer = None
        if "trainer" in state:     # (older files have none: training goes on from a fresh one)
            trainer = check_trainer_file_state(
                state["trainer"], "gradients", "sgd",
                sum(a * b + b for a, b in zip(sizes, sizes[1:])), self.X.shape[0])
        log = None
        if "gradient_history" in state:
            log = check_gradient_history(state["gradient_history"], len(sizes) - 1)
        # everything checked: apply
        self.settle_player()
        self.settings = settings
        self._apply(rebuild=True, net=net)
        tr = self.session.trainer
        restore_trainer(tr, trainer, counts)
        if "history" in state:
            self.session.set_history(state["history"])
        self.session.notify_weights_changed()      # (measures the sizes at these weights)
        if log is not None:
            self.grad_steps, self.grad_rows = log
            self._show_log()
        self.stats_changed.emit(self.session.stats())

    def shutdown(self) -> None:
        self._player.shutdown()
