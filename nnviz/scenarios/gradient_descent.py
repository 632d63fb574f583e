"""Gradient descent on a loss surface you can see.

The model is one neuron with one input: its weight w and bias b are the only two
parameters, so the loss over all (w, b) is a landscape drawn as contours
(nnviz.engine.surfaces). Click a start point and watch real Trainer updates walk downhill:
one path with a chosen learning rate, batch vs stochastic vs mini-batch, or a race of all
eight optimizers from the same start. Under the landscape, a readout gives the numbers of
the point each path has reached (gradient_descent_readout); `point` hands them over from the
engine's paths and traces (gradient_descent_steps).
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..engine import OPTIMIZERS, surfaces
from ..ui import theme
from ..ui.range_guard import show_value
from ..ui.window_fit import FlowRow
from . import gradient_descent_keys as gdk
from . import gradient_descent_steps as gds
from . import neuron_plots as npl
from .base import Scenario

MODES = {"single": "One path (choose the learning rate)",
         "batch": "Batch vs stochastic vs mini-batch",
         "race": "Optimizer race (all eight)"}
BATCH_MODES = (("batch (all 24)", None), ("stochastic (1)", 1), ("mini-batch (6)", 6))
DEFAULTS = {"model": "linear", "mode": "single", "lr": 0.2, "steps": 100,
            "start": [-1.5, 2.0]}
FRAME_MS = 30
FRAMES = 75            # an animation reveals the paths over about this many frames

EXPLANATION = """
<p>This neuron has just two parameters, the weight <b>w</b> and the bias <b>b</b>, so
its loss over every possible (w, b) is a landscape: the contour lines join points of equal
loss, and their rings close in on the valley, where the loss is lowest.</p>
<p>Gradient descent steps downhill: <b>(w, b) ← (w, b) − η·∇L</b>, always across the
contour lines. <b>Click the landscape</b> to start somewhere else; <b>point at</b> a dot
of a path for the numbers of that update (or <b>Tab</b> to the landscape and press
<b>← →</b> to step along the path, <b>↑ ↓</b> for another path, <b>Esc</b> to hide).</p>
<p><b>Learning rate η:</b> too small crawls; a good one arrives; too large zigzags across
the valley; larger still and every step overshoots more — it diverges.</p>
<p><b>Batch</b> uses all points per step (smooth path); <b>stochastic</b> one point (noisy
but cheap); <b>mini-batch</b> a few. The <b>race</b> starts every optimizer at the same
point: momentum-type methods roll along the valley, adaptive ones rescale each direction.</p>
"""


class GradientDescentScenario(Scenario):
    name = "gradient-descent"
    title = "Gradient descent"
    summary = "Walk down a real loss surface: learning rates, batch sizes, eight optimizers."
    order = 7
    own_keys_title, own_keys = gdk.KEYS_TITLE, gdk.KEYS

    def __init__(self, parent=None):
        super().__init__(parent)
        self.state = {**DEFAULTS, "start": list(DEFAULTS["start"])}
        self.paths: dict[str, surfaces.Path] = {}
        self.revealed = 0               # how many points of each path are shown
        self._updates: dict[str, gds.Updates] = {}    # each path's gradients and steps
        self._view = self._curves = None
        self.timer = QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self._tick)
        self._compute_surface()
        self._compute_paths()
        theme.manager().changed.connect(self._restyle)
        self._themed = True

    # -- the engine's numbers -------------------------------------------------------------------
    def _compute_surface(self):
        spec = surfaces.MODELS[self.state["model"]]
        self.X, self.Y = surfaces.model_data(self.state["model"])
        self.surface = surfaces.loss_surface(spec["activation"], spec["loss"], self.X, self.Y,
                                             spec["extent"], n=161)

    def _compute_paths(self):
        s = self.state
        model, start, steps = s["model"], tuple(s["start"]), s["steps"]
        if s["mode"] == "single":
            p = surfaces.descent_path(model, start, "sgd", s["lr"], None, steps)
            self.paths = {f"η = {s['lr']:g}": p}
        elif s["mode"] == "batch":
            lr = surfaces.LR_PRESETS[model]["good"] / 2
            self.paths = {label: surfaces.descent_path(model, start, "sgd", lr, bs, steps)
                          for label, bs in BATCH_MODES}
        else:
            race = surfaces.race(model, start, steps=steps)
            self.paths = {f"{name} (η = {p.lr:g})": p for name, p in race.items()}
        self._updates = {}
        self.revealed = 1

    def shown_index(self, label: str) -> int:
        """The point of a path drawn last (its updates so far, while it animates)."""
        return max(0, min(self.revealed, len(self.paths[label])) - 1)

    def point(self, label: str, k: int | None = None, detail: bool = True) -> gds.Point:
        """The engine's numbers of point k of a path (default: the one drawn last); with
        detail, also the gradient and the step of the update that led there (recorded
        from the Trainer on first use)."""
        path = self.paths[label]
        updates = None
        if detail:
            updates = self._updates.get(label)
            if updates is None:
                updates = self._updates[label] = gds.record(self.state["model"], path,
                                                            self.X, self.Y)
        return gds.point(label, path, updates, self.shown_index(label) if k is None else k,
                         self.state["steps"], len(self.X))

    def loss_at(self, w: float, b: float) -> float:
        """The whole data set's loss of the neuron with weight w and bias b (as the
        landscape and the paths measure it)."""
        spec = surfaces.MODELS[self.state["model"]]
        return surfaces.full_loss(surfaces.neuron(w, b, spec["activation"]), spec["loss"],
                                  self.X, self.Y)

    # -- widgets --------------------------------------------------------------------------------
    def create_controls(self) -> QWidget:
        w = QWidget()
        lay = QVBoxLayout(w)
        lay.addWidget(npl.explanation(EXPLANATION, w))
        # a form: in a narrow panel a choice goes below its name (a grid held the panel
        # 674 px wide at 250 %, "Learning rate η:" beside its box)
        grid = QFormLayout()
        lay.addLayout(grid)
        self.model_box = QComboBox(w)
        for key, spec in surfaces.MODELS.items():
            self.model_box.addItem(spec["label"], key)
        self.model_box.setToolTip("Which neuron and loss make the landscape")
        self.model_box.currentIndexChanged.connect(
            lambda i: self._set(model=self.model_box.itemData(i)))
        grid.addRow(QLabel("Model:", w), self.model_box)
        self.mode_box = QComboBox(w)
        for key, label in MODES.items():
            self.mode_box.addItem(label, key)
        self.mode_box.setToolTip("One path, batch sizes compared, or all optimizers raced")
        self.mode_box.currentIndexChanged.connect(
            lambda i: self._set(mode=self.mode_box.itemData(i)))
        grid.addRow(QLabel("Show:", w), self.mode_box)
        self.lr_box = QDoubleSpinBox(w)
        self.lr_box.setDecimals(3)
        self.lr_box.setRange(0.001, 100.0)
        self.lr_box.setSingleStep(0.01)
        self.lr_box.setToolTip("Learning rate η of the single path")
        self.lr_box.valueChanged.connect(lambda v: self._set(lr=round(v, 3)))
        grid.addRow(QLabel("Learning rate η:", w), self.lr_box)
        self.preset_buttons = {}
        for key in ("too small", "good", "too large", "diverging"):
            b = QPushButton(key, w)
            b.setToolTip(f"Set a learning rate that is {key} for this landscape")
            b.clicked.connect(lambda _=False, k=key: self.apply_preset(k))
            self.preset_buttons[key] = b
            self.named_controls[f"preset_{key.replace(' ', '_')}"] = b
        lay.addWidget(FlowRow(list(self.preset_buttons.values()), w))   # (rows that wrap)
        self.steps_box = QSpinBox(w)
        self.steps_box.setRange(5, 500)
        self.steps_box.setToolTip("How many updates each path takes")
        self.steps_box.valueChanged.connect(lambda v: self._set(steps=v))
        grid.addRow(QLabel("Steps:", w), self.steps_box)
        self.replay_button = QPushButton("Replay", w)
        self.replay_button.setToolTip("Animate the paths again from the start")
        self.replay_button.clicked.connect(self.replay)
        lay.addWidget(self.replay_button)
        lay.addStretch(1)
        self.named_controls.update({"model": self.model_box, "mode": self.mode_box,
                                    "lr": self.lr_box, "steps": self.steps_box,
                                    "replay": self.replay_button})
        # η applies to the single path only; the presets set η and switch to one path (so
        # a lesson's lock on η, or on another mode, locks them too): rules of
        # update_enabled, which keeps a slide's locks
        self.enable_rules["lr"] = lambda _w: self.state["mode"] == "single"
        for key in self.preset_buttons:
            self.enable_rules[f"preset_{key.replace(' ', '_')}"] = \
                lambda _w: self.preset_lock() is None
        self._sync_controls()
        return w

    def create_view(self) -> QWidget:
        from .gradient_descent_view import SurfaceView
        self._view = SurfaceView(self)
        self._view.start_clicked.connect(lambda w, b: self._set(start=[w, b]))
        self._redraw(structure=True)
        self.replay()
        return self._view

    def create_plots(self) -> QWidget:
        from .gradient_descent_view import LossCurves
        self._curves = LossCurves(self)
        self._redraw(structure=True)
        return self._curves

    # -- changes ----------------------------------------------------------------------------------
    def preset_lock(self) -> str | None:
        """Why a lesson slide's locks forbid the learning-rate presets now, or None: a preset
        sets η and shows one path (a slide that locks η, or locks the mode on several paths,
        keeps them)."""
        if "lr" in self.locked:
            return "this slide locks the learning rate"
        if "mode" in self.locked and self.state["mode"] != "single":
            shown = MODES[self.state["mode"]].split(" (")[0]
            return f"this slide keeps “{shown}” (a preset would switch to one path)"
        return None

    def apply_preset(self, key: str):
        why = self.preset_lock()
        if why is not None:          # the buttons are disabled; from code: refused too
            self.status_message.emit(f"Learning rate {key} not set: {why}")
            return
        lr = surfaces.LR_PRESETS[self.state["model"]][key]
        self._set(mode="single", lr=lr)
        self.status_message.emit(f"Learning rate {key}: η = {lr:g}")

    def _set(self, **changes):
        changed = {k: v for k, v in changes.items() if self.state.get(k) != v}
        if not changed:
            return
        self.state.update(changed)
        if "model" in changed:
            self._compute_surface()
            lo_w, hi_w, lo_b, hi_b = surfaces.MODELS[self.state["model"]]["extent"]
            w, b = self.state["start"]
            self.state["start"] = [min(max(w, lo_w), hi_w), min(max(b, lo_b), hi_b)]
            self.state["lr"] = surfaces.LR_PRESETS[self.state["model"]]["good"]
        self._compute_paths()
        self._sync_controls()
        self._redraw(structure=True)
        self.replay()
        self.state_changed.emit()

    def _sync_controls(self):
        if not hasattr(self, "model_box"):
            return
        widgets = [self.model_box, self.mode_box, self.lr_box, self.steps_box]
        for wdg in widgets:
            wdg.blockSignals(True)
        self.model_box.setCurrentIndex(list(surfaces.MODELS).index(self.state["model"]))
        self.mode_box.setCurrentIndex(list(MODES).index(self.state["mode"]))
        show_value(self.lr_box, self.state["lr"])
        show_value(self.steps_box, self.state["steps"])
        for wdg in widgets:
            wdg.blockSignals(False)
        self.update_enabled()   # (η had been enabled here whatever a lesson's lock said)

    def _redraw(self, structure=False):
        for w in (self._view, self._curves):
            if w is not None:
                if structure:
                    w.rebuild()
                w.show_progress()

    def _restyle(self):
        for w in (self._view, self._curves):
            if w is not None:
                w.restyle()
        self._redraw(structure=True)

    # -- animation --------------------------------------------------------------------------------
    @property
    def length(self) -> int:
        return max(len(p) for p in self.paths.values())

    def replay(self):
        self.revealed = 1
        self._redraw()
        self.timer.start()

    def _tick(self):
        self.revealed = min(self.length, self.revealed + max(1, self.length // FRAMES))
        self._redraw()
        if self.revealed >= self.length:
            self.timer.stop()
            self._report()

    def _report(self):
        parts = []
        for label, p in self.paths.items():
            k = self.shown_index(label)
            state = "diverged" if (p.diverged and k == len(p) - 1) or p.loss[k] > p.loss[0] \
                else f"loss {p.loss[0]:.3g} → {p.loss[k]:.3g}"
            parts.append(f"{label.split(' (')[0]}: {state}")
        self.status_message.emit("; ".join(parts))
        self.stats_changed.emit(self.current_stats())

    def current_stats(self) -> dict:
        """The best path's updates drawn so far and its loss there (once its animation
        stops); a step is an update, whatever the batch (a stochastic step is not an
        epoch)."""
        if self.timer.isActive() or not self.paths:
            return {}
        label = min(self.paths, key=lambda t: self.paths[t].loss[self.shown_index(t)])
        k = self.shown_index(label)
        return {"steps": k, "loss": float(self.paths[label].loss[k])}

    def run_steps(self, n: int) -> None:
        """Draw n more updates of every path at once, or the first n while the paths'
        animation runs (it stops): --screenshot --steps N shows the first N updates, a
        lesson's reveal N more, and an exported animation grows the paths one update per
        frame."""
        if self.timer.isActive():
            self.timer.stop()
            self.revealed = 1
        self.revealed = min(self.length, self.revealed + max(0, n))
        self._redraw()
        self._report()

    def show_what_trains(self) -> None:
        """An exported animation starts from the start point (the paths then grow one
        update per frame)."""
        self.timer.stop()
        self.revealed = 1
        self._redraw()

    def settle(self) -> None:
        """Finish a running animation at once, the paths fully drawn: a still picture
        (--screenshot without --steps) shows where the paths end, not a frame on their
        way."""
        if self.timer.isActive():
            self.timer.stop()
            self.revealed = self.length
            self._redraw()
            self._report()

    def reset(self):
        self.load_state(DEFAULTS)

    def shutdown(self):
        self.timer.stop()
        if self._themed:
            self._themed = False
            theme.manager().changed.disconnect(self._restyle)

    # -- files ------------------------------------------------------------------------------------
    def get_state(self) -> dict:
        return {**self.state, "start": list(self.state["start"])}

    def load_state(self, state: dict) -> None:
        npl.check_keys(state, DEFAULTS, self.name)
        new = self.get_state()
        if "model" in state:
            new["model"] = npl.check_choice(state, "model", list(surfaces.MODELS))
        if "mode" in state:
            new["mode"] = npl.check_choice(state, "mode", list(MODES))
        if "lr" in state:
            new["lr"] = npl.check_number(state, "lr", 0.001, 100.0)
        if "steps" in state:
            v = state["steps"]
            if isinstance(v, bool) or not isinstance(v, int) or not 5 <= v <= 500:
                raise ValueError(f"steps must be a whole number from 5 to 500, got {v!r}")
            new["steps"] = v
        if "start" in state:
            p = state["start"]
            lo_w, hi_w, lo_b, hi_b = surfaces.MODELS[new["model"]]["extent"]
            if (not isinstance(p, list) or len(p) != 2 or not all(
                    isinstance(v, (int, float)) and not isinstance(v, bool) for v in p)
                    or not (lo_w <= p[0] <= hi_w and lo_b <= p[1] <= hi_b)):
                raise ValueError(f"start must be [w, b] inside the landscape (w {lo_w:g} … "
                                 f"{hi_w:g}, b {lo_b:g} … {hi_b:g}), got {p!r}")
            new["start"] = [float(p[0]), float(p[1])]
        model_changed = new["model"] != self.state["model"]
        self.state = new
        if model_changed:
            self._compute_surface()
        self._compute_paths()
        self._sync_controls()
        self._redraw(structure=True)
        self.replay()
        self.state_changed.emit()


__all__ = ["GradientDescentScenario", "OPTIMIZERS"]
