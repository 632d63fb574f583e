"""Scenario `representation`: a layer moves the data into a space of its own.

Three examples (representation_model.MODES): the lecture's three threshold units that
turn four diagonal bands into four corners of a cube, a hidden layer that learns its own
coordinates while training, and a stack of linear layers that collapses into one linear
map (its matrix computed by the engine and checked on every point).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import (
    QVBoxLayout,
    QWidget,
)

from ..engine import analysis
from ..ui.page_stack import PageStack
from ..ui.session import TrainingSession
from . import representation_model as rm
from .base import Scenario
from .representation_controls import (  # noqa: F401 — re-exported
    FIXED_ACTIVATION,
    LEARNING_RATES,
    build_controls,
    sync_controls,
)
from .representation_texts import matrix_html
from .representation_views import SpacePlot, draw_unit_lines
from .trainer_file import check_trainer_file_state, restore_trainer, trainer_file_state

DEFAULTS = {"mode": "thresholds", "dataset": "bands", "hidden_units": 3, "activation": "tanh",
            "lr": 0.03, "seed": 0, "yaw": 35.0, "pitch": 20.0}
N_POINTS = 120
HEATMAP_OPACITY = 0.6


class RepresentationScenario(Scenario):
    name = "representation"
    title = "A layer as a new representation"
    summary = "Each layer moves the points to a new space, where a line splits what it could not."
    order = 80
    view_keys = ("yaw", "pitch")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.settings = dict(DEFAULTS)
        trainer, X, Y, extent = self._build(self.settings)
        self.session = TrainingSession(trainer, X, Y, extent=extent, parent=self)
        self.session.row_naming = "point"      # a point of the data set on the plane
        from ..ui.player import Player
        self._player = Player(self.session, self)
        self._player.message.connect(self.status_message)   # "Stepped back …"
        self.session.weights_changed.connect(self._weights_changed)
        self.session.structure_changed.connect(self._structure_changed)
        self._controls = self._view = self._plots = None
        # what each example lets the class change (a lesson's locks come on top: they had
        # been undone here for "new_weights"); the threshold units are set by hand and their
        # slope is 0: nothing to learn, no random start (both had stayed enabled and done
        # nothing)
        learns = self._in_mode("learned", "linear")
        self.enable_rules.update({"dataset": learns, "lr": learns, "new_weights": learns,
                                  "hidden_units": self._in_mode("learned"),
                                  "activation": self._in_mode("learned")})

    def _in_mode(self, *modes):
        """An enable rule: the control is usable in these examples only."""
        return lambda _widget: self.settings["mode"] in modes

    # -- model ---------------------------------------------------------------------------
    @staticmethod
    def _build(s, params=None):
        mode = s["mode"]
        if mode == "thresholds":
            net = rm.threshold_network()
            X, Y, extent = rm.load_data("bands", N_POINTS, s["seed"])
        else:
            X, Y, extent = rm.load_data(s["dataset"], N_POINTS, s["seed"])
            net = (rm.linear_network(s["seed"]) if mode == "linear"
                   else rm.learned_network(s["hidden_units"], s["activation"], s["seed"]))
        if mode == "linear":
            Y = 2.0 * Y - 1.0      # targets ±1: the linear output's sign is the class
        if params is not None:
            net = params
        return rm.make_trainer(mode, net, s["lr"], s["seed"]), X, Y, extent

    def _rebuild(self, params=None):
        """The settings' network and data (callers settle_player() before changing them)."""
        trainer, X, Y, extent = self._build(self.settings, params)
        self.session.extent = tuple(float(v) for v in extent)
        self.session.replace(trainer, X, Y)

    @property
    def player(self):
        return self._player

    @property
    def hidden(self) -> np.ndarray:
        """The points in the plotted hidden layer's space: the engine's activations."""
        _, acts = self.session.view_net.forward_all(self.session.X)
        return acts[self._space_layer() + 1]

    def classes(self) -> np.ndarray:
        """Class 0/1 of each training point (targets are ±1 in the linear example)."""
        Y = self.session.Y[:, 0]
        return (Y >= (0.0 if Y.min() < 0 else 0.5)).astype(float)

    def _space_layer(self) -> int:
        """Which layer's outputs the space plot shows: the first (the last hidden one for
        the linear stack, a flat sheet in 3-D)."""
        return 1 if self.settings["mode"] == "linear" else 0

    # -- widgets -------------------------------------------------------------------------
    def create_controls(self) -> QWidget:
        return build_controls(self)

    def create_view(self) -> QWidget:
        from ..ui.netview import network_view
        split, self.canvas, self.formula = network_view(self.session, self._player)
        self._view = split
        return split

    def create_plots(self) -> QWidget:
        from ..ui.plots import DecisionBoundaryPlot, HiddenSpacePlot
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.setContentsMargins(0, 0, 0, 0)
        self.input_plot = DecisionBoundaryPlot(self.session, resolution=90)
        self.input_plot.test_box.hide()
        self.input_plot.rebuild()   # place the image again now that it has pixels
        # a paler heatmap: each point keeps its class colour even on a region of that colour
        self.input_plot.image.setOpacity(HEATMAP_OPACITY)
        self._unit_lines = []
        lay.addWidget(self.input_plot, 1)
        self.space_stack = PageStack()
        self.plane_plot = HiddenSpacePlot(self.session, layer=0)
        self.cube_plot = SpacePlot("The hidden layer's space")
        self.cube_plot.rotated.connect(self._dragged)
        self.cube_plot.may_turn = self._may_turn
        self.space_stack.addWidget(self.plane_plot)
        self.space_stack.addWidget(self.cube_plot)
        lay.addWidget(self.space_stack, 1)
        self._plots = w
        self._refresh_space()
        return w

    # -- reacting ------------------------------------------------------------------------
    def _set_setting(self, key, value):
        if self.settings.get(key) == value:
            return
        if key != "lr":
            self.settle_player()     # the step shown ends with the example it was made in
        self.settings[key] = value
        if key == "lr":
            self.session.trainer.lr = value
        else:
            self._rebuild()
        self._sync_controls()
        self.status_message.emit(f"{key.replace('_', ' ')} set to {value}")
        self.state_changed.emit()

    def _new_weights(self):
        self.settle_player()
        self.settings["seed"] = int(self.settings["seed"]) + 1
        self._rebuild()
        self.status_message.emit(
            "New random starting weights: press ▶ (step) or ▶▶ train to train them")
        self.state_changed.emit()

    def _turn(self, key, value):
        if self.settings[key] != float(value):
            self.settings[key] = float(value)
            self.cube_plot_view()
            self.state_changed.emit()

    def _may_turn(self) -> bool:
        """May dragging turn the cube (its yaw and pitch not locked by the lesson's slide)?"""
        if {"yaw", "pitch"} & self.locked:
            self.status_message.emit("The view of the cube is fixed on this slide of the "
                                     "lesson.")
            return False
        return True

    def _dragged(self, yaw, pitch):
        self.settings["yaw"] = float(round(yaw)) % 360.0
        if self.settings["yaw"] > 180:
            self.settings["yaw"] -= 360.0
        self.settings["pitch"] = float(round(pitch))
        self._sync_controls()
        self.state_changed.emit()

    def cube_plot_view(self):
        if self._plots is not None:
            self.cube_plot.set_view(self.settings["yaw"], self.settings["pitch"])

    def _sync_controls(self):
        sync_controls(self)

    def _weights_changed(self):
        self._refresh_space()
        self._update_readout()
        self.stats_changed.emit(self.session.stats())

    def _structure_changed(self):
        self._refresh_space()

    def _refresh_space(self):
        if self._plots is None:
            return
        net = self.session.view_net
        k = self._space_layer()
        H = self.hidden
        three = H.shape[1] == 3
        self.space_stack.setCurrentWidget(self.cube_plot if three else self.plane_plot)
        self._draw_unit_lines()
        if not three:
            return
        act = net.layers[k].activation
        lo, hi = rm.hidden_box(act, H) if act != "linear" else _span(H)
        names = [f"h{i + 1}" for i in range(3)] if k == 0 else [f"h{i + 1}′" for i in range(3)]
        self.cube_plot.yaw, self.cube_plot.pitch = self.settings["yaw"], self.settings["pitch"]
        nxt = net.layers[k + 1]
        if nxt.n_out == 1 and k + 2 == len(net.layers):
            self.cube_plot._plane = (nxt.W[0].copy(), float(nxt.b[0]))
        else:
            self.cube_plot._plane = None
        self.cube_plot.set_points(H, self.classes(), box=(lo, hi), axis_names=names)

    def _draw_unit_lines(self):
        """Each first-layer unit's line w·x + b = 0 over the input plane."""
        self._unit_lines = draw_unit_lines(self.input_plot.plot, self.session.view_net.layers[0],
                                           self.session.extent, self._unit_lines)

    def _update_readout(self):
        if self._controls is None:
            return
        mode = self.settings["mode"]
        if mode == "linear":
            net = self.session.view_net
            W, b = analysis.compose_linear(net)
            X = self.session.X
            gap = float(np.max(np.abs(net.forward(X) - (X @ W.T + b))))
            self.readout.setText(matrix_html(W, b, gap, len(X)))
        elif mode == "thresholds":
            H = self.hidden
            rows = []
            for corner in sorted({tuple(int(v) for v in h) for h in H}):
                sel = np.all(H == np.array(corner), axis=1)
                ys = self.classes()[sel]
                rows.append(f"<tr><td>({', '.join(map(str, corner))})</td>"
                            f"<td align='right'>{int(sel.sum())}</td>"
                            f"<td>class {int(ys[0]) if np.all(ys == ys[0]) else 'mixed'}</td></tr>")
            self.readout.setText("<b>Where the points land</b><table cellspacing='6'>"
                                 "<tr><th>corner (h1, h2, h3)</th><th>points</th><th></th></tr>"
                                 + "".join(rows) + "</table>")
        else:
            self.readout.setText("")

    # -- actions -------------------------------------------------------------------------
    def run_steps(self, n: int) -> None:
        self.end_player_step()    # a half-shown step ends first (its update, its row)
        self.session.train_steps(int(n))
        done = f"Trained {int(n)} update{'' if int(n) == 1 else 's'}"
        if self.settings["mode"] == "thresholds":
            done += (": every gradient is 0 (a step unit's slope is 0), so the weights stay "
                     "as set by hand")
        self.status_message.emit(done)

    def reset(self) -> None:
        self.settle_player()
        self.settings = dict(DEFAULTS, mode=self.settings["mode"], dataset=self.settings["dataset"],
                             hidden_units=self.settings["hidden_units"],
                             activation=self.settings["activation"], lr=self.settings["lr"])
        self._rebuild()
        self._sync_controls()
        self.status_message.emit("Back to the starting weights")

    def get_state(self) -> dict:
        tr = self.session.trainer
        return {**self.settings, "network": self.session.net.to_dict(),
                "epoch": tr.epoch, "steps": tr.steps, "trainer": trainer_file_state(tr)}

    def load_state(self, state: dict) -> None:
        from .representation_texts import check_state
        if not isinstance(state, dict):
            raise ValueError("the representation state must be a dictionary of settings")
        settings, net = check_state({k: v for k, v in state.items() if k != "trainer"},
                                    self.settings, LEARNING_RATES)
        params = None
        expect, X = self._build(settings)[:2]
        if net is not None:
            if net.sizes != expect.net.sizes or [lay.activation for lay in net.layers] != \
                    [lay.activation for lay in expect.net.layers]:
                raise ValueError(f"network: a {net.sizes} network does not fit the "
                                 f"{settings['mode']} example (expected {expect.net.sizes})")
            params = net
        trainer = None
        if "trainer" in state:   # (older files have none: training goes on from a fresh one)
            trainer = check_trainer_file_state(state["trainer"], "representation",
                                               expect.optimizer, expect.net.n_params,
                                               X.shape[0])
        self.settle_player()
        self.settings = settings
        self._rebuild(params)
        if trainer is not None:
            restore_trainer(self.session.trainer, trainer)
        if "epoch" in state:
            self.session.trainer.epoch = int(state["epoch"])
            self.session.trainer.steps = int(state.get("steps", 0))
        if trainer is not None or "epoch" in state:
            self.session.notify_weights_changed()
        self._sync_controls()
        self.cube_plot_view()
        self.stats_changed.emit(self.session.stats())


def _span(H):
    lo, hi = float(np.min(H)), float(np.max(H))
    pad = 0.1 * max(hi - lo, 1e-6)
    return lo - pad, hi + pad
