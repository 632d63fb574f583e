"""The McCulloch–Pitts scenario's model: one unit (or the two-layer XOR network) and the
current binary inputs. Qt signals, no drawing; every output comes from the engine's
McCullochPitts units."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QObject, Signal

from ..engine.units import McCullochPitts

MIN_INPUTS, MAX_INPUTS = 1, 4

# name: (n_inputs, threshold, inhibitory) — "xor" is the two-layer network instead
PRESETS: dict[str, tuple[int, int, tuple[int, ...]]] = {
    "AND": (2, 2, ()),
    "OR": (2, 1, ()),
    "NOT": (1, 0, (0,)),
    "NOR": (2, 0, (0, 1)),
    "AND-NOT": (2, 1, (1,)),
}
XOR = "XOR (two layers)"


@dataclass(frozen=True)
class NetUnit:
    """A unit of the drawn network: its engine unit, where its inputs come from (node
    indices: inputs first, then earlier units), its name and what it computes in words."""
    unit: McCullochPitts
    sources: tuple[int, ...]
    name: str
    meaning: str


class MPModel(QObject):
    """Mode "unit" (one unit with 1–4 inputs) or "xor" (x1 AND NOT x2, x2 AND NOT x1, OR)."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.mode = "unit"
        self.unit = McCullochPitts(2, 2)
        self.x = [0, 0]
        self._xor_x = [0, 0]

    # -- the network ----------------------------------------------------------------------
    @property
    def n_inputs(self) -> int:
        return 2 if self.mode == "xor" else self.unit.n_inputs

    def units(self) -> list[NetUnit]:
        if self.mode == "unit":
            return [NetUnit(self.unit, tuple(range(self.unit.n_inputs)), "y",
                            self.describe_unit(self.unit))]
        return [NetUnit(McCullochPitts(2, 1, (1,)), (0, 1), "h1", "x1 AND NOT x2"),
                NetUnit(McCullochPitts(2, 1, (0,)), (0, 1), "h2", "x2 AND NOT x1"),
                NetUnit(McCullochPitts(2, 1), (2, 3), "y", "h1 OR h2")]

    def node_values(self, x=None) -> list[int]:
        """Values of every node (inputs, then each unit's output) for inputs x."""
        values = list(self.x if x is None else x)
        for u in self.units():
            values.append(u.unit.fire([values[s] for s in u.sources]))
        return values

    @property
    def output(self) -> int:
        return self.node_values()[-1]

    def table(self) -> tuple[list[str], np.ndarray]:
        """Column names and every row: inputs, (hidden units,) output, from the engine."""
        if self.mode == "unit":
            cols = [f"x{i + 1}" for i in range(self.unit.n_inputs)] + ["y"]
            return cols, self.unit.truth_table()
        rows = [self.node_values([a, b]) for a in (0, 1) for b in (0, 1)]
        return ["x1", "x2", "h1", "h2", "y"], np.array(rows, dtype=int)

    def current_row(self) -> int:
        """Index of the current inputs in the truth table (x1 the most significant bit)."""
        return int("".join(map(str, self.x)), 2)

    @staticmethod
    def describe_unit(unit: McCullochPitts) -> str:
        for name, (n, theta, inh) in PRESETS.items():
            if unit.to_dict() == {"n_inputs": n, "threshold": theta, "inhibitory": list(inh)}:
                return name
        return "custom"

    @property
    def preset(self) -> str:
        return XOR if self.mode == "xor" else self.describe_unit(self.unit)

    def unit_title(self) -> str:
        """What the single unit computes, in words: its preset's name, else what its
        threshold makes of its inputs ("majority vote", "AND of 3 inputs")."""
        name = self.preset
        if name != "custom":
            return name
        u = self.unit
        n, theta, inh = u.n_inputs, u.threshold, sorted(u.inhibitory)
        if inh:
            return f"θ = {theta}, inhibitory " + ", ".join(f"x{i + 1}" for i in inh)
        if theta <= 0:
            return "always fires"
        if theta > n:
            return "never fires"
        if theta == n:
            return f"AND of {n} inputs"
        if theta == 1:
            return f"OR of {n} inputs"
        if n % 2 == 1 and theta == (n + 1) // 2:
            return "majority vote"
        return f"at least {theta} of {n} inputs on"

    # -- changes --------------------------------------------------------------------------
    def set_unit(self, n_inputs: int, threshold: int, inhibitory) -> None:
        """Replace the single unit (ValueError from the engine for impossible settings);
        inputs beyond the new count are dropped, new ones start at 0."""
        if not MIN_INPUTS <= n_inputs <= MAX_INPUTS:
            raise ValueError(f"number of inputs must be {MIN_INPUTS}–{MAX_INPUTS}, "
                             f"got {n_inputs}")
        unit = McCullochPitts(n_inputs, threshold, inhibitory)
        self.unit = unit
        if self.mode == "unit":
            self.x = (self.x + [0] * n_inputs)[:n_inputs]
        self.changed.emit()

    def apply_preset(self, name: str) -> None:
        if name == XOR:
            self.set_mode("xor")
            return
        n, theta, inh = PRESETS[name]
        if self.mode != "unit":
            self._xor_x, self.mode = list(self.x), "unit"
            self.x = [0] * self.unit.n_inputs
        self.set_unit(n, theta, inh)

    def set_mode(self, mode: str) -> None:
        if mode not in ("unit", "xor"):
            raise ValueError(f"mode must be 'unit' or 'xor', got {mode!r}")
        if mode == self.mode:
            return
        self.x, self._xor_x = list(self._xor_x), list(self.x)
        self.mode = mode
        if mode == "unit":
            self.x = (self.x + [0] * self.unit.n_inputs)[:self.unit.n_inputs]
        self.changed.emit()

    def set_inputs(self, x) -> None:
        x = [int(v) for v in x]
        if len(x) != self.n_inputs or any(v not in (0, 1) for v in x):
            raise ValueError(f"inputs must be {self.n_inputs} values of 0 or 1, got {x}")
        self.x = x
        self.changed.emit()

    def toggle_input(self, i: int) -> None:
        x = list(self.x)
        x[i] = 1 - x[i]
        self.set_inputs(x)

    def toggle_kind(self, i: int) -> None:
        """Switch input i between excitatory and inhibitory (single-unit mode)."""
        if self.mode != "unit":
            return
        inh = set(self.unit.inhibitory) ^ {i}
        self.set_unit(self.unit.n_inputs, self.unit.threshold, sorted(inh))

    def explain(self) -> str:
        """Why the output is what it is, with the numbers."""
        values = self.node_values()
        if self.mode == "xor":
            h1, h2, y = values[2:]
            return (f"h1 = {h1}, h2 = {h2}, so y = h1 OR h2 = {y}:  "
                    f"x1 XOR x2 = {values[0]} XOR {values[1]} = {y}")
        mp = self.unit
        exc = self.unit.excitation(self.x)
        on_inh = [f"x{i + 1}" for i in mp.inhibitory if self.x[i]]
        if on_inh:
            return f"y = 0: inhibitory input {', '.join(on_inh)} is on, which always blocks"
        cmp = "≥" if exc >= mp.threshold else "<"
        return (f"y = {int(exc >= mp.threshold)}: {exc} excitatory input"
                f"{'' if exc == 1 else 's'} on, {exc} {cmp} θ = {mp.threshold}")
