"""What the network canvas shows, as numbers and colours (no painting).

Reads the session's engine objects and the player's revealed events; it formats and maps
values to colours but never computes the network's maths (the engine did).
Columns: 0 is the inputs, column k + 1 is engine layer k.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor

from ..engine.events import BIAS
from . import theme
from .canvas_edge_looks import EDGE_STEPS, WIDEST_EDGE, EdgeLooks  # noqa: F401 — re-exported
from .canvas_thumbs import (  # noqa: F401 — the thumbnails' helpers, re-exported
    CENTRED,
    LUT_N,
    ThumbnailImages,
    heatmap_image,
    heatmap_images,
    lut32,
    lut_index_params,
    signed_array,
)
from .numbers import fmt, short, sub  # noqa: F401 — fmt, sub: re-exported for the views


def signed_unit(value: float, activation: str | None) -> float:
    """A value mapped to −1 … 1 for the diverging palette ([0, 1] outputs centred at ½)."""
    if activation in CENTRED:
        return max(-1.0, min(1.0, (value - 0.5) * 2.0))
    return max(-1.0, min(1.0, value))


class CanvasModel(EdgeLooks):
    """The numbers, texts and colours of the network as it is shown right now."""

    def __init__(self, session, player=None):
        self.session = session
        self.player = player
        self.w_scale = 1.0
        self.radius = 0.0          # the layout's unit radius (set by the canvas): caps widths
        self._colours = None
        self._fills = None
        self._pens: dict = {}
        self.update_scale()

    # -- parameters ---------------------------------------------------------------------------
    @property
    def net(self):
        return self.session.net

    @property
    def trace(self):
        return self.player.trace if self.player is not None else None

    @property
    def shown(self):
        return self.player.shown if self.player is not None else None

    def update_scale(self):
        """The |w| that saturates colour and width: a robust maximum of the weights (not
        the biases: a hand-set network's thresholds, −6 beside weights of 1, had left every
        edge near the background colour; a larger bias shows at full colour on its badge)."""
        net = getattr(self.session, "view_net", self.net)    # as the views show it
        ws = np.concatenate([np.abs(layer.W).ravel() for layer in net.layers])
        top = _percentile_95(ws) if ws.size else 1.0
        scale = max(0.5, top if np.isfinite(top) else 1.0)
        if scale != self.w_scale:
            self.w_scale = scale
            self._pens = {}

    def active_update(self, layer, unit, inp):
        p = self.player
        if p is None or not p.active or p.active[0].phase != "update":
            return None
        for ev in p.active:
            if ev.layer == layer and ev.unit == unit and ev.input == inp:
                return ev
        return None

    def weight(self, layer: int, unit: int, inp: int, animated: bool = True) -> float:
        """The weight as shown: during a step, the old value until its update is revealed,
        sliding from old to new while its update animates."""
        tr = self.trace
        if tr is None:
            lay = self.net.layers[layer]
            return float(lay.b[unit] if inp == BIAS else lay.W[unit, inp])
        ev = self.shown.updates.get((layer, unit, inp))
        if ev is None:
            return float(tr.b_before[layer][unit] if inp == BIAS
                         else tr.W_before[layer][unit, inp])
        if animated and self.active_update(layer, unit, inp) is not None:
            t = self.player.progress
            return ev.old + (ev.new - ev.old) * _ease(t)
        return ev.new

    def restyle(self):
        """The theme changed: rebuild the colour tables."""
        self._colours = None
        self._fills = None
        self._pens = {}

    def shown_params(self, layer: int) -> tuple[np.ndarray, np.ndarray]:
        """(W, b) of a layer as shown at rest: during a step, the old values with the
        revealed updates applied (what weight(..., animated=False) gives, as arrays)."""
        tr = self.trace
        if tr is None:
            lay = self.net.layers[layer]
            return lay.W, lay.b
        W, b = tr.W_before[layer], tr.b_before[layer]
        ups = [ev for key, ev in self.shown.updates.items() if key[0] == layer]
        if ups:
            W, b = W.copy(), b.copy()
            for ev in ups:
                if ev.input == BIAS:
                    b[ev.unit] = ev.new
                else:
                    W[ev.unit, ev.input] = ev.new
        return W, b

    # -- units --------------------------------------------------------------------------------
    def activation_name(self, col: int) -> str | None:
        return None if col == 0 else self.net.layers[col - 1].activation

    def unit_forward(self, col: int, unit: int):
        sh = self.shown
        if sh is None or col == 0:
            return None
        return sh.forward.get((col - 1, unit))

    def input_value(self, unit: int) -> float | None:
        sh = self.shown
        if sh is None or sh.sample is None:
            return None
        for (k, _i), ev in sh.forward.items():
            if k == 0:
                return ev.x[unit]
        return None

    def unit_value(self, col: int, unit: int) -> float | None:
        """The unit's activation on the shown sample (input value for column 0)."""
        if col == 0:
            return self.input_value(unit)
        ev = self.unit_forward(col, unit)
        return None if ev is None else ev.a

    def unit_fill(self, col: int, unit: int) -> QColor:
        return self.fill_of(col, self.unit_value(col, unit))

    def fill_of(self, col: int, v: float | None) -> QColor:
        """The fill of a unit of column col showing value v (None: nothing shown)."""
        return self.column_fills(col, (v,))[0]

    def column_fills(self, col: int, values) -> list[QColor]:
        """fill_of for several values of column col at once."""
        if self._fills is None:
            self._fills = [theme.diverging(k / EDGE_STEPS - 1.0, 1.0)
                           for k in range(2 * EDGE_STEPS + 1)]
        fills, empty = self._fills, None
        activation = None if col == 0 else self.activation_name(col)
        out = []
        for v in values:
            if v is None:
                if empty is None:
                    empty = theme.current().qcolor("surface")
                out.append(empty)
                continue
            s = max(-1.0, min(1.0, v)) if col == 0 else signed_unit(v, activation)
            out.append(fills[int(round((s + 1.0) * EDGE_STEPS))])
        return out

    def column_values(self, col: int, units) -> list[float | None]:
        """unit_value for several units of a column at once."""
        if col == 0:
            return [self.input_value(u) for u in units]
        sh = self.shown
        if sh is None:
            return [None] * len(units)
        fwd, k = sh.forward, col - 1
        out = []
        for u in units:
            ev = fwd.get((k, u))
            out.append(None if ev is None else ev.a)
        return out

    def bias_colours(self, col: int, units) -> list[QColor]:
        """edge_colour of the shown biases of column col's units (col ≥ 1)."""
        if self._colours is None:
            self._build_colours()
        _W, b = self.shown_params(col - 1)
        ci = self.colour_index(b[list(units)])
        cols = self._colours
        return [cols[i] for i in ci.tolist()]

    def unit_dropped(self, col: int, unit: int) -> bool:
        """True when dropout removed this unit on the shown sample of the current step
        (from the revealed forward/backward events, else the trace's keep-mask)."""
        if col == 0 or col >= len(self.net.sizes) - 1 or self.trace is None:
            return False
        ev = self.unit_forward(col, unit)
        if ev is not None:
            return bool(ev.dropped)
        d = self.shown.deltas.get((col - 1, unit))
        if d is not None:
            return bool(d.dropped)
        sample = self.shown.sample
        masks = getattr(self.trace, "mask", None) or []
        mk = masks[col - 1] if col - 1 < len(masks) else None
        if sample is None or mk is None:
            return False
        return bool(mk[sample, unit] == 0)

    def dropped_units(self, col: int) -> set[int]:
        """The units of column col that unit_dropped marks (one pass over the column)."""
        tr = self.trace
        sizes = self.net.sizes
        if tr is None or not 0 < col < len(sizes) - 1:
            return set()
        masks = getattr(tr, "mask", None) or []
        if col - 1 >= len(masks) or masks[col - 1] is None:   # no dropout mask: events only
            sh, k = self.shown, col - 1
            out = set()
            for u in range(sizes[col]):
                ev = sh.forward.get((k, u))
                if ev is None:
                    ev = sh.deltas.get((k, u))
                if ev is not None and ev.dropped:
                    out.add(u)
            return out
        return {u for u in range(sizes[col]) if self.unit_dropped(col, u)}

    def unit_name(self, col: int, unit: int) -> str:
        n_cols = len(self.net.sizes)
        if col == 0:
            feats = self.session.features
            if feats and unit < len(feats):
                return feature_label(feats[unit])
            return f"x{sub(unit + 1)}"
        if col == n_cols - 1:
            return "o" if self.net.sizes[-1] == 1 else f"o{sub(unit + 1)}"
        return f"h{sub(unit + 1)}" if n_cols == 3 else f"h{sub(col)},{sub(unit + 1)}"

    def unit_lines(self, col: int, unit: int) -> list[tuple[str, str]]:
        """(text, role) lines shown by a unit: its value(s) on the shown sample."""
        return self.column_lines(col, (unit,))[0]

    def column_lines(self, col: int, units) -> list[list[tuple[str, str]]]:
        """unit_lines of several units of a column at once."""
        if col == 0:
            out = []
            for u in units:
                v = self.input_value(u)
                out.append([(fmt(v, 2), "text")] if v is not None else [])
            return out
        sh, p, k = self.shown, self.player, col - 1
        if sh is None:
            return [[] for _u in units]
        fwd, deltas = sh.forward, sh.deltas
        active = p.active if p is not None and p.progress < 0.5 else ()   # z, then a
        out = []
        for u in units:
            lines = []
            ev = fwd.get((k, u))
            if ev is not None:
                if ev.dropped:
                    lines.append(("dropped", "muted"))
                elif active and ev in active:
                    lines.append((f"z = {fmt(ev.z)}", "forward"))
                else:
                    lines.append((f"a = {fmt(ev.a)}", "text"))
            d = deltas.get((k, u))
            if d is not None:
                lines.append((f"δ = {fmt(d.delta)}", "backward"))
            out.append(lines)
        return out

    def compact_lines(self, col: int, unit: int, lines=None) -> list[tuple[str, str]]:
        """unit_lines (or the given lines, its result) shortened for a crowded canvas: the
        numbers alone, to two decimals ("0.50", "δ −0.01"); hovering the unit shows them
        in full."""
        out = []
        for text, role in (self.unit_lines(col, unit) if lines is None else lines):
            name, _, value = text.rpartition(" = ")
            if not name:                         # an input's value, or "dropped"
                out.append((short(text), role))
                continue
            out.append(((("δ " if name == "δ" else "") + short(value)), role))
        return out

    def unit_label(self, col: int, unit: int) -> str:
        return "\n".join(t for t, _ in self.unit_lines(col, unit))


def _percentile_95(v: np.ndarray) -> float:
    """The 95th percentile of v with linear interpolation (np.percentile's default, to the
    last bit or so; a partition is ten times faster than np.percentile on a few hundred
    values, and this runs on every weight change)."""
    n = v.size
    pos = 0.95 * (n - 1)
    lo = int(pos)
    hi = min(lo + 1, n - 1)
    part = np.partition(v, (lo, hi)) if n > 1 else v
    a, b = float(part[lo]), float(part[hi])
    return a + (b - a) * (pos - lo)


def feature_label(name: str) -> str:
    try:
        from ..engine import datasets
        labels = getattr(datasets, "FEATURE_LABELS", None)
        if isinstance(labels, dict) and name in labels:
            return labels[name]
    except ImportError:
        pass
    return (name.replace("^2", "²").replace("*", "·").replace("sin_", "sin ")
            .replace("x1", "x₁").replace("x2", "x₂"))


def _ease(t: float) -> float:
    t = max(0.0, min(1.0, t))
    return t * t * (3 - 2 * t)
