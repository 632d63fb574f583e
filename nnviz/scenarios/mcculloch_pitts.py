"""McCulloch–Pitts (1943): a threshold unit with binary excitatory and inhibitory inputs.

The teacher sets the threshold and the kind of each input by hand (there is no learning
yet), clicks inputs on and off, and watches the output, the truth table and the geometry:
the unit square cut by the line x1 + x2 = θ. Presets give the classic gates, and XOR as a
small network of two layers, since no single unit can make it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..engine.units import McCullochPitts
from ..ui.text_area import WrappedTextArea
from ..ui.window_fit import FlowRow
from .base import Scenario
from .mp_model import MAX_INPUTS, MIN_INPUTS, PRESETS, XOR, MPModel

EXPLANATION = (
    "<p>In 1943 McCulloch and Pitts described a neuron as a logic switch. Its inputs are "
    "0 or 1. Each is <b>excitatory</b> (it counts 1 when on) or <b>inhibitory</b> (when on, "
    "the unit stays silent whatever else happens).</p>"
    "<p>The unit fires (y = 1) when the number of excitatory inputs that are on reaches the "
    "threshold <b>θ</b>. Nothing is learned: θ is chosen by hand.</p>"
    "<p>Click the inputs in the drawing. Try the presets, then look at the square on the "
    "right: the corners that fire are those with x1 + x2 ≥ θ, on the line x1 + x2 = θ or "
    "beyond it. XOR needs two layers.</p>")

GEOMETRY_TEXT = (
    "<p><b>Why one unit cannot make XOR.</b> A unit fires on one side of a straight line. "
    "XOR must fire at (0, 1) and (1, 0) but not at (0, 0) or (1, 1): those pairs sit on "
    "opposite diagonals, so no straight line puts each pair on its own side.</p>"
    "<p><b>Absolute inhibition forbids some gates too.</b> NAND must fire at (0, 1) and "
    "(1, 0), so neither input may be inhibitory; to fire at (0, 0) as well θ must be 0, and "
    "then (1, 1) fires too. No single unit makes NAND.</p>")

XOR_TEXT = (
    "<p><b>Two layers make XOR.</b> h1 fires only for (1, 0) and h2 only for (0, 1). In "
    "the hidden square (right) the inputs (0, 0) and (1, 1) both land on (0, 0), and one "
    "line now separates the two classes: the OR unit fires where h1 + h2 ≥ 1, on the line "
    "h1 + h2 = 1 or beyond it, and finishes the job.</p>")

STATE_KEYS = ("mode", "n_inputs", "threshold", "inhibitory", "x")


class McCullochPittsScenario(Scenario):
    name = "mcculloch-pitts"
    title = "McCulloch–Pitts neuron"
    summary = "A 1943 threshold neuron: binary inputs, excitatory or inhibitory, a threshold θ."
    order = 10

    def __init__(self, parent=None):
        super().__init__(parent)
        self.model = MPModel(self)
        self.model.changed.connect(self._model_changed)
        self._syncing = False

    # -- widgets --------------------------------------------------------------------------
    def create_controls(self) -> QWidget:
        panel = QWidget()
        panel.setObjectName("mp_controls")
        layout = QVBoxLayout(panel)
        text = QLabel(EXPLANATION, panel)
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(text)

        presets = QGroupBox("Presets", panel)
        grid = QVBoxLayout(presets)
        buttons = []
        self._preset_group = QButtonGroup(panel)
        self._preset_group.setExclusive(False)
        self.preset_buttons: dict[str, QPushButton] = {}
        tips = {"AND": "θ = 2 with two excitatory inputs: fires only when both are on",
                "OR": "θ = 1 with two excitatory inputs: fires when either is on",
                "NOT": "One inhibitory input and θ = 0: fires only when the input is off",
                "NOR": "Two inhibitory inputs and θ = 0: fires only when both are off",
                "AND-NOT": "x1 excitatory, x2 inhibitory, θ = 1: fires for x1 on, x2 off",
                XOR: "XOR built from three units in two layers: "
                     "(x1 AND NOT x2) OR (x2 AND NOT x1)"}
        for name in [*PRESETS, XOR]:
            b = QPushButton(name, presets)
            b.setCheckable(True)
            b.setObjectName(f"mp_preset_{name.split()[0]}")
            b.setToolTip(tips[name])
            b.clicked.connect(lambda _=False, n=name: self.apply_preset(n))
            self._preset_group.addButton(b)
            buttons.append(b)
            self.preset_buttons[name] = b
        # in rows that wrap: a grid of three held the panel 616 px wide at 250 %
        grid.addWidget(FlowRow(buttons, presets))
        layout.addWidget(presets)
        self.named_controls["presets"] = presets

        unit_box = QGroupBox("The unit", panel)
        form = QFormLayout(unit_box)
        self.n_inputs_spin = QSpinBox(unit_box)
        self.n_inputs_spin.setRange(MIN_INPUTS, MAX_INPUTS)
        self.n_inputs_spin.setToolTip("How many binary inputs the unit has (1–4)")
        self.n_inputs_spin.valueChanged.connect(self._unit_edited)
        form.addRow("Inputs", self.n_inputs_spin)
        self.threshold_spin = QSpinBox(unit_box)
        self.threshold_spin.setToolTip("The threshold θ: the unit fires when at least θ "
                                       "excitatory inputs are on (and no inhibitory one is)")
        self.threshold_spin.valueChanged.connect(self._unit_edited)
        form.addRow("Threshold θ", self.threshold_spin)
        self.kind_boxes: list[QComboBox] = []
        for i in range(MAX_INPUTS):
            box = QComboBox(unit_box)
            box.addItems(["excitatory", "inhibitory"])
            box.setToolTip(f"Input x{i + 1}: excitatory inputs count toward θ; an inhibitory "
                           "input that is on silences the unit")
            box.currentIndexChanged.connect(self._unit_edited)
            form.addRow(f"x{i + 1}", box)
            self.kind_boxes.append(box)
            self.named_controls[f"kind_x{i + 1}"] = box
        self._form = form
        layout.addWidget(unit_box)
        self.xor_note = QLabel("The XOR network's three units are fixed: h1 = x1 AND NOT x2, "
                               "h2 = x2 AND NOT x1, y = h1 OR h2. Pick another preset to edit "
                               "a single unit again.", panel)
        self.xor_note.setWordWrap(True)
        layout.addWidget(self.xor_note)
        self.unit_box = unit_box
        self.named_controls["n_inputs"] = self.n_inputs_spin
        self.named_controls["threshold"] = self.threshold_spin

        # (its title said "or click them in the drawing": 675 px at 250 %, wider than the
        # dock; the words now wrap below it)
        inputs = QGroupBox("Inputs", panel)
        row = QVBoxLayout(inputs)
        hint = QLabel("Or click them in the drawing.", inputs)
        hint.setWordWrap(True)
        row.addWidget(hint)
        self.input_buttons: list[QPushButton] = []
        for i in range(MAX_INPUTS):
            b = QPushButton(f"x{i + 1}", inputs)
            b.setCheckable(True)
            b.setToolTip(f"Switch input x{i + 1} between 0 and 1")
            b.clicked.connect(lambda _=False, k=i: self.toggle_input(k))
            self.input_buttons.append(b)
        row.addWidget(FlowRow(self.input_buttons, inputs))
        layout.addWidget(inputs)
        self.named_controls["inputs"] = inputs
        layout.addStretch(1)
        self._sync_controls()
        return panel

    def create_view(self) -> QWidget:
        from .mp_view import MPNetworkView
        self.view = MPNetworkView(self.model)
        self.view.may_change = self._may_click
        self.view.input_clicked.connect(self._announce_input)
        return self.view

    def _may_click(self, name: str) -> bool:
        """May a click on the picture change this control's value (not locked by the
        lesson's slide)?"""
        if name in self.locked:
            what = "inputs" if name == "inputs" else "input kinds"
            self.status_message.emit(f"The {what} are fixed on this slide of the lesson.")
            return False
        return True

    def create_plots(self) -> QWidget:
        from .mp_plane import GeometryView, PlaneColumn
        from .mp_plots import TruthTable
        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("mp_plots")
        self.table = TruthTable(self.model, split)
        split.addWidget(self.table)
        self.geometry_view = GeometryView(self.model)
        self.geometry_text = QLabel()
        self.geometry_text.setWordWrap(True)
        self.geometry_text.setTextFormat(Qt.TextFormat.RichText)
        self.geometry_text.setContentsMargins(6, 4, 10, 4)   # text off the window's edge
        # the text asks for its whole height; only a short panel scrolls it (the truth
        # table and the plane keep their room)
        text_area = WrappedTextArea(self.geometry_text)
        text_area.setObjectName("mp_geometry_text")
        lower = PlaneColumn(self.geometry_view, text_area, split)
        split.addWidget(lower)
        split.setStretchFactor(0, 0)      # the table as high as its rows, the rest below
        split.setStretchFactor(1, 1)
        self._sync_geometry_text()
        return split

    def answer_views(self) -> dict:
        """The truth table and the x1, x2 plane show which inputs fire."""
        return {"table": self.table, "plane": self.geometry_view}

    # -- actions --------------------------------------------------------------------------
    def apply_preset(self, name: str) -> None:
        self.model.apply_preset(name)
        self.status_message.emit(f"Preset {name}: {self._reason()}")

    def toggle_input(self, i: int) -> None:
        if i >= self.model.n_inputs:
            return
        self.model.toggle_input(i)
        self._announce_input(i)

    def _announce_input(self, i: int) -> None:
        self.status_message.emit(f"x{i + 1} switched {'on' if self.model.x[i] else 'off'}: "
                                 f"{self._reason()}")

    def run_steps(self, n: int) -> None:
        """Step through the truth table: each step moves the inputs to the next row."""
        rows = 2 ** self.model.n_inputs
        row = (self.model.current_row() + int(n)) % rows
        bits = [int(c) for c in format(row, f"0{self.model.n_inputs}b")]
        self.model.set_inputs(bits)

    def reset(self) -> None:
        self.model.apply_preset("AND")
        self.model.set_inputs([0, 0])
        self.status_message.emit("Back to the AND unit with both inputs off.")

    # -- state ----------------------------------------------------------------------------
    def get_state(self) -> dict[str, Any]:
        m = self.model
        return {"mode": m.mode, "n_inputs": m.unit.n_inputs, "threshold": m.unit.threshold,
                "inhibitory": list(m.unit.inhibitory), "x": list(m.x)}

    def load_state(self, state: dict[str, Any]) -> None:
        if not isinstance(state, dict):
            raise ValueError("McCulloch–Pitts settings must be a dictionary")
        unknown = [k for k in state if k not in STATE_KEYS]
        if unknown:
            raise ValueError(f"{self.name} has no settings called {', '.join(map(str, unknown))}"
                             f"; valid names: {', '.join(STATE_KEYS)}")
        s = {**self.get_state(), **state}
        if s["mode"] not in ("unit", "xor"):
            raise ValueError(f"mode must be 'unit' or 'xor', got {s['mode']!r}")
        n = s["n_inputs"]
        if isinstance(n, bool) or not isinstance(n, int) or not MIN_INPUTS <= n <= MAX_INPUTS:
            raise ValueError(f"n_inputs must be a whole number {MIN_INPUTS}–{MAX_INPUTS}, "
                             f"got {n!r}")
        if "x" not in state and ("n_inputs" in state or "mode" in state):
            s["x"] = [0] * (2 if s["mode"] == "xor" else n)
        if not isinstance(s["inhibitory"], (list, tuple)):
            raise ValueError(f"inhibitory must be a list of input indices, got "
                             f"{s['inhibitory']!r}")
        try:
            unit = McCullochPitts(n, s["threshold"], s["inhibitory"])
        except ValueError as e:
            raise ValueError(f"{self.name}: {e}") from None
        x = s["x"]
        want = 2 if s["mode"] == "xor" else n
        if (not isinstance(x, (list, tuple)) or len(x) != want
                or any(isinstance(v, bool) or v not in (0, 1) for v in x)):
            raise ValueError(f"x must be a list of {want} values, each 0 or 1; got {x!r}")
        m = self.model
        m.blockSignals(True)
        try:
            m.set_mode(s["mode"])
            m.unit = unit
            m.x = [int(v) for v in x]
        finally:
            m.blockSignals(False)
        m.changed.emit()

    # -- wiring ---------------------------------------------------------------------------
    def _reason(self) -> str:
        return self.model.explain()

    def _unit_edited(self, *_):
        if self._syncing:
            return
        n = self.n_inputs_spin.value()
        theta = min(self.threshold_spin.value(), n + 1)
        inh = [i for i in range(n) if self.kind_boxes[i].currentIndex() == 1]
        if self.model.mode == "xor":
            self.model.set_mode("unit")
        self.model.set_unit(n, theta, inh)
        self.status_message.emit(f"Unit changed ({self.model.unit_title()}): {self._reason()}")

    def _model_changed(self):
        self._sync_controls()
        self._sync_geometry_text()
        self.state_changed.emit()

    def _sync_geometry_text(self):
        label = getattr(self, "geometry_text", None)
        if label is not None:
            label.setText(XOR_TEXT if self.model.mode == "xor" else GEOMETRY_TEXT)

    def _sync_controls(self):
        if not hasattr(self, "n_inputs_spin"):
            return
        m = self.model
        self._syncing = True
        try:
            self.n_inputs_spin.setValue(m.unit.n_inputs)
            self.threshold_spin.setRange(0, m.unit.n_inputs + 1)
            self.threshold_spin.setValue(m.unit.threshold)
            for i, box in enumerate(self.kind_boxes):
                box.setCurrentIndex(1 if i in m.unit.inhibitory else 0)
                visible = i < m.unit.n_inputs
                box.setVisible(visible)
                self._form.labelForField(box).setVisible(visible)
            for name, b in self.preset_buttons.items():
                b.setChecked(name == m.preset)
            for i, b in enumerate(self.input_buttons):
                b.setVisible(i < m.n_inputs)
                on = i < m.n_inputs and bool(m.x[i])
                b.setChecked(on)
                b.setText(f"x{i + 1} = {int(on)}")
            self.unit_box.setVisible(m.mode == "unit")
            self.xor_note.setVisible(m.mode == "xor")
        finally:
            self._syncing = False
