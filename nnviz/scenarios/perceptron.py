"""Rosenblatt's perceptron (1958): learning a line from mistakes, one sample at a time.

The plane shows the points, the decision line and the weight vector; the panel below it
writes each step with the real numbers (the bias as w0 with x0 = 1). The right-hand side
plots the mistakes per epoch and says how the run ends: converged after N epochs, or
(for XOR) never, because the same weights come back — Minsky and Papert's point.

The toolbar steps, plays and trains it (its PerceptronPlayer), as in every other scenario;
the left-hand panel holds the data and the learning settings, and Reset.
"""

from __future__ import annotations

import math
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .. import scenarios
from ..engine.units import Perceptron
from ..ui import theme
from ..ui.plots_base import fitted_axes
from . import neuron_plots as npl
from .base import Scenario
from .perceptron_model import MAX_POINTS, PRESETS, PerceptronModel, make_points
from .perceptron_player import SPEED_MAX, SPEED_MIN, PerceptronPlayer
from .perceptron_texts import fmt, verdict_html

STATE_KEYS = ("data", "seed", "points", "targets", "lr", "w_init", "steps", "new_class",
              "granularity", "speed")
MAX_REPLAY = 200_000


def _number(d, key, lo=-math.inf, hi=math.inf):
    v = d[key]
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) \
            or not lo <= v <= hi:
        raise ValueError(f"{key} must be a number between {lo:g} and {hi:g}, got {v!r}")
    return float(v)


class PerceptronScenario(Scenario):
    name = "perceptron"
    title = "Perceptron"
    summary = "Rosenblatt's 1958 learning rule: w ← w + η(t − y)x, one sample at a time."
    order = 20

    open_requested = Signal(str)      # another scenario to open (the XOR lesson)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = PerceptronModel(self)
        self._player = PerceptronPlayer(self.model, self)
        self.new_class = 1
        self.model.changed.connect(self._model_changed)
        self._player.event_changed.connect(self._announce_step)
        self._player.message.connect(self.status_message)

    @property
    def player(self) -> PerceptronPlayer:
        """The perceptron's player, which the toolbar's PlayerBar drives (the shared Player's
        methods and signals)."""
        return self._player

    # -- widgets --------------------------------------------------------------------------
    def create_controls(self) -> QWidget:
        from .perceptron_controls import build_controls
        return build_controls(self)

    def create_view(self) -> QWidget:
        from .perceptron_view import PerceptronPlot
        self.view = PerceptronPlot(self.model)
        self.view.point_clicked.connect(self._plane_clicked)
        return self.view

    def answer_views(self) -> dict:
        """The plane shows the answers (its shaded side, the points marked wrong now) and the
        mistakes per epoch."""
        return {"plane": self.view.plot, "mistakes": self.errors_plot}

    def create_plots(self) -> QWidget:
        panel = QWidget()
        panel.setObjectName("perceptron_plots")
        panel.setMinimumWidth(280)      # (a 1024-px window: the plane keeps the width)
        panel.setMaximumWidth(460)
        layout = QVBoxLayout(panel)
        self.errors_plot = pg.PlotWidget(axisItems=fitted_axes())
        self.errors_plot.setObjectName("perceptron_errors")
        self.errors_plot.setToolTip("How many mistakes (updates) each epoch made")
        self.errors_plot.setMenuEnabled(False)
        self.errors_plot.setMouseEnabled(False, False)
        self.errors_plot.hideButtons()
        self._style_errors_plot()
        theme.manager().changed.connect(self._style_errors_plot)
        self.error_bars = pg.BarGraphItem(x=[], height=[], width=0.7)
        self.errors_plot.addItem(self.error_bars)
        layout.addWidget(self.errors_plot, 2)
        self.errors_plot.setMinimumHeight(220)
        self.verdict = QLabel(panel)
        self.verdict.setObjectName("perceptron_verdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        self.verdict.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.verdict.setToolTip("How the learning is going, and how it ended")
        layout.addWidget(self.verdict, 3)
        self.xor_button = QPushButton("Open the XOR scenario: two layers", panel)
        self.xor_button.setToolTip("See how a hidden layer solves XOR, trained by "
                                   "backpropagation")
        self.xor_button.clicked.connect(self.open_xor)
        layout.addWidget(self.xor_button)
        theme.manager().changed.connect(self._refresh_plots)
        self._refresh_plots()
        return panel

    # -- actions --------------------------------------------------------------------------
    def regenerate(self):
        if not self._may_regenerate():     # (a click had replaced a slide's locked points)
            self.status_message.emit("The points are fixed on this slide of the lesson."
                                     if self.locked & {"data", "regenerate"} else
                                     "New random set draws random points: choose a random "
                                     "set under Points first.")
            return
        preset = self.model.preset if self.model.preset in ("separable", "nonseparable") \
            else "separable"
        self._player.pause()
        self.model.set_preset(preset, self.model.seed + 1)
        self.status_message.emit(f"New random set (seed {self.model.seed}).")

    def open_xor(self):
        self.open_requested.emit("xor")
        window = self.parent()
        if hasattr(window, "choose_scenario") and "xor" in scenarios.names():
            QTimer.singleShot(0, lambda: window.choose_scenario("xor"))   # (asks to save)
        else:
            self.status_message.emit("The XOR scenario is not available in this build.")

    def run_steps(self, n: int) -> None:
        """n samples, each with the rule applied (no animation)."""
        self.model.run_steps(n)

    def reset(self) -> None:
        """Back to the initial weights, before the first sample (the panel's Reset)."""
        self._player.restart()
        self.status_message.emit("Back to the initial weights: nothing learnt yet.")

    def shutdown(self) -> None:
        self._player.shutdown()

    # -- state ----------------------------------------------------------------------------
    def get_state(self) -> dict[str, Any]:
        m = self.model
        return {"data": m.preset, "seed": m.seed,
                "points": [[*p, int(c)] for p, c in zip(m.points, m.labels)],
                "targets": "bipolar" if m.bipolar else "binary", "lr": m.lr,
                "w_init": list(m.w_init), "steps": m.n_steps, "new_class": self.new_class,
                "granularity": self._player.granularity, "speed": self._player.speed}

    def load_state(self, state: dict[str, Any]) -> None:
        if not isinstance(state, dict):
            raise ValueError("perceptron settings must be a dictionary")
        unknown = [k for k in state if k not in STATE_KEYS]
        if unknown:
            raise ValueError(f"{self.name} has no settings called {', '.join(map(str, unknown))}"
                             f"; valid names: {', '.join(STATE_KEYS)}")
        s = {**self.get_state(), **state}
        if "steps" not in state:
            s["steps"] = 0
        if s["data"] not in (*PRESETS, "custom"):
            raise ValueError(f"data must be one of {', '.join((*PRESETS, 'custom'))}, "
                             f"got {s['data']!r}")
        seed = s["seed"]
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2 ** 32:
            raise ValueError(f"seed must be a whole number ≥ 0, got {seed!r}")
        if "points" in state:
            points, labels = self._check_points(s["points"])
        elif "data" in state or "seed" in state:
            if s["data"] == "custom":
                raise ValueError("data 'custom' needs its points")
            points, labels = make_points(s["data"], seed)
        else:
            points, labels = list(self.model.points), list(self.model.labels)
        if s["targets"] not in ("binary", "bipolar"):
            raise ValueError(f"targets must be 'binary' or 'bipolar', got {s['targets']!r}")
        lr = _number(s, "lr", 0.01, 10.0)
        w_init = s["w_init"]
        if not isinstance(w_init, (list, tuple)) or len(w_init) != 3:
            raise ValueError(f"w_init must be [w1, w2, w0], got {w_init!r}")
        w_init = [_number({"w_init": v}, "w_init", -10, 10) for v in w_init]
        steps = s["steps"]
        if isinstance(steps, bool) or not isinstance(steps, int) or not 0 <= steps <= MAX_REPLAY:
            raise ValueError(f"steps must be a whole number 0–{MAX_REPLAY}, got {steps!r}")
        if s["new_class"] not in (0, 1) or isinstance(s["new_class"], bool):
            raise ValueError(f"new_class must be 0 or 1, got {s['new_class']!r}")
        if s["granularity"] not in PerceptronPlayer.GRANULARITIES:
            raise ValueError(f"granularity must be 'sample' or 'epoch', got "
                             f"{s['granularity']!r}")
        speed = _number(s, "speed", SPEED_MIN, SPEED_MAX)
        Perceptron(2, lr, s["targets"] == "bipolar", w_init[:2], w_init[2])   # validates
        # everything checked: apply
        self._player.pause()
        m = self.model
        m.blockSignals(True)
        try:
            m.preset, m.seed = s["data"], seed
            m.points, m.labels = points, labels
            m.view_range = self._range_for(s["data"], points)
            m.bipolar, m.lr, m.w_init = s["targets"] == "bipolar", lr, w_init
            m.restart()
            m.run_steps(steps)
        finally:
            m.blockSignals(False)
        self.new_class = int(s["new_class"])
        self._player.set_granularity(s["granularity"])
        self._player.set_speed(speed)
        m.data_changed.emit()
        m.changed.emit()

    @staticmethod
    def _check_points(points):
        if not isinstance(points, (list, tuple)) or len(points) > MAX_POINTS:
            raise ValueError(f"points must be a list of at most {MAX_POINTS} [x1, x2, class]")
        xy, labels = [], []
        for k, p in enumerate(points):
            if (not isinstance(p, (list, tuple)) or len(p) != 3
                    or any(isinstance(v, bool) or not isinstance(v, (int, float))
                           or not math.isfinite(v) or abs(v) > 100 for v in p[:2])
                    or p[2] not in (0, 1) or isinstance(p[2], bool)):
                raise ValueError(f"points[{k}] must be [x1, x2, class] with |x| ≤ 100 and "
                                 f"class 0 or 1, got {p!r}")
            xy.append([float(p[0]), float(p[1])])
            labels.append(int(p[2]))
        return xy, labels

    @staticmethod
    def _range_for(preset, points):
        from .perceptron_model import GATE_LABELS, GATE_RANGE, RANDOM_RANGE
        if preset in GATE_LABELS:
            return GATE_RANGE
        if preset == "custom" and points:
            r = max(3.0, max(abs(v) for p in points for v in p) * 1.15)
            return (-r, r)
        return RANDOM_RANGE

    # -- wiring ---------------------------------------------------------------------------
    def _data_chosen(self, i: int):
        key = self.data_box.itemData(i)
        if key == "custom":
            self._sync_controls()
            self.status_message.emit("Left-click the plane to add points, right-click to "
                                     "remove them.")
            return
        self._player.pause()
        self.model.set_preset(key)
        self.status_message.emit(f"{PRESETS[key]}: {len(self.model.points)} points.")

    def _settings_edited(self, *_):
        if getattr(self, "_syncing", False):
            return
        w = [s.value() for s in self.w_spins]
        self._player.pause()
        self.model.set_settings(lr=self.lr_spin.value(),
                                bipolar=self.targets_box.currentIndex() == 1, w_init=w)
        self.status_message.emit(f"Learning starts again: η = {fmt(self.model.lr)}, "
                                 f"w = ({fmt(w[0])}, {fmt(w[1])}), w0 = {fmt(w[2])}.")

    def _plane_clicked(self, x1: float, x2: float, button):
        lo, hi = self.model.view_range
        if not (lo <= x1 <= hi and lo <= x2 <= hi):
            return
        if "data" in self.locked:      # (a click had added a point to a slide's locked set)
            self.status_message.emit("The points are fixed on this slide of the lesson.")
            return
        self._player.pause()
        if button == Qt.MouseButton.RightButton:
            i = self.model.remove_nearest(x1, x2)
            if i is not None:
                self.status_message.emit(f"Removed a point; {len(self.model.points)} left. "
                                         "Learning starts again.")
        elif button == Qt.MouseButton.LeftButton:
            try:
                self.model.add_point(x1, x2, self.new_class)
            except ValueError as e:
                self.status_message.emit(str(e))
                return
            self.status_message.emit(f"Added a class {self.new_class} point at "
                                     f"({fmt(x1)}, {fmt(x2)}). Learning starts again.")

    def _announce_step(self, rec):
        m = self.model
        if rec is None:
            self.status_message.emit("At the initial weights.")
        elif m.converged:
            self.status_message.emit(f"Converged after {m.epoch} epoch"
                                     f"{'s' if m.epoch != 1 else ''}.")
        elif m.cycle is not None:
            self.status_message.emit("The weights came back to an earlier state: it will "
                                     "never converge.")
        elif rec.mistake:
            self.status_message.emit(f"Sample {rec.index + 1}: a mistake (t − y = "
                                     f"{fmt(rec.error)}), the weights change.")
        else:
            self.status_message.emit(f"Sample {rec.index + 1}: right, nothing changes.")

    def _model_changed(self):
        self._sync_controls()
        self._refresh_plots()
        self.stats_changed.emit(self.current_stats())
        self.state_changed.emit()

    def set_locked(self, names) -> None:
        super().set_locked(names)
        self._player.data_fixed = "data" in self.locked   # (its messages offer no change)

    def _may_regenerate(self) -> bool:
        """New random set: only for a random set, and not when a lesson fixed the points
        (a rule of update_enabled: a lock on the data locks it too)."""
        return (self.model.preset in ("separable", "nonseparable")
                and not self.locked & {"data", "regenerate"})

    def current_stats(self) -> dict:
        return {"epoch": self.model.epoch, "acc": self.model.accuracy()}

    def _sync_controls(self):
        if not hasattr(self, "data_box"):
            return
        m = self.model
        self._syncing = True
        try:
            self.data_box.setCurrentIndex(max(0, self.data_box.findData(m.preset)))
            self.targets_box.setCurrentIndex(1 if m.bipolar else 0)
            self.lr_spin.setValue(m.lr)
            for spin, v in zip(self.w_spins, m.w_init):
                spin.setValue(v)
            self.class_box.setCurrentIndex(self.class_box.findData(self.new_class))
        finally:
            self._syncing = False
        self.update_enabled()    # (it had enabled New random set itself, under a lesson's lock)

    def _style_errors_plot(self):
        """Title and axes in the theme's colours and type (projector: larger)."""
        npl.style_plot(self.errors_plot, "mistakes per epoch", "epoch", "")
        self.errors_plot.getPlotItem().showGrid(x=False, y=False)

    def _refresh_plots(self):
        if not hasattr(self, "verdict"):
            return
        t = theme.current()
        m = self.model
        errs = m.unit.epoch_errors
        self.errors_plot.setBackground(t.background)
        self.error_bars.setOpts(x=list(range(1, len(errs) + 1)), height=list(errs), width=0.7,
                                brush=pg.mkBrush(t.backward), pen=pg.mkPen(t.text))
        self.errors_plot.setXRange(0.3, max(5, len(errs)) + 0.7, padding=0)
        self.errors_plot.setYRange(0, max([4, *errs]) + 0.5, padding=0)
        self.verdict.setText(verdict_html(m))
        self.xor_button.setVisible(m.preset == "xor" or m.cycle is not None)
