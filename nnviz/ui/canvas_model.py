"""What the network canvas shows, as numbers and colours (no painting).

Reads the session's engine objects and the player's revealed events; it formats and maps
values to colours but never computes the network's maths (the engine did).
Columns: 0 is the inputs, column k + 1 is engine layer k.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor, QImage

from ..engine.events import BIAS
from . import theme

SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
CENTRED = {"sigmoid": 0.5, "step": 0.5, "softmax": 0.5}   # activations with outputs in [0, 1]


def sub(n: int) -> str:
    return str(n).translate(SUBSCRIPTS)


def fmt(v: float, digits: int = 4) -> str:
    """A number the way the canvas shows it (fixed decimals, a real minus sign)."""
    if v != v:
        return "NaN"
    if abs(v) >= 1e4 or (0 < abs(v) < 10 ** -digits):
        s = f"{v:.{max(1, digits - 2)}e}"
    else:
        s = f"{v:.{digits}f}"
    return s.replace("-", "−")


def signed_unit(value: float, activation: str | None) -> float:
    """A value mapped to −1 … 1 for the diverging palette ([0, 1] outputs centred at ½)."""
    if activation in CENTRED:
        return max(-1.0, min(1.0, (value - 0.5) * 2.0))
    return max(-1.0, min(1.0, value))


def signed_array(values: np.ndarray, activation: str | None) -> np.ndarray:
    if activation in CENTRED:
        return np.clip((values - 0.5) * 2.0, -1.0, 1.0)
    if activation is None:   # inputs / features: scale by their own range
        m = float(np.max(np.abs(values))) if values.size else 1.0
        return values / (m if m > 0 else 1.0)
    return np.clip(values, -1.0, 1.0)


def heatmap_image(values: np.ndarray, activation: str | None, lut: np.ndarray) -> QImage:
    """An (n, n) float32 grid (row 0 at the lowest y) as an RGB image, highest y on top."""
    s = signed_array(values, activation)
    idx = np.clip(((s + 1.0) * 0.5 * (len(lut) - 1)).astype(np.int32), 0, len(lut) - 1)
    rgb = np.ascontiguousarray(lut[idx[::-1]])
    h, w = rgb.shape[:2]
    img = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888)
    return img.copy()   # own the pixels (the NumPy buffer goes away)


class CanvasModel:
    """The numbers, texts and colours of the network as it is shown right now."""

    def __init__(self, session, player=None):
        self.session = session
        self.player = player
        self.w_scale = 1.0
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
        """The |w| that saturates colour and width: a robust maximum of the weights."""
        ws = np.concatenate([np.abs(layer.W).ravel() for layer in self.net.layers]
                            + [np.abs(layer.b).ravel() for layer in self.net.layers])
        top = float(np.percentile(ws, 95)) if ws.size else 1.0
        self.w_scale = max(0.5, top if np.isfinite(top) else 1.0)

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

    def edge_colour(self, w: float) -> QColor:
        s = max(-1.0, min(1.0, w / self.w_scale))
        return theme.blend(theme.diverging(s, 1.0), 0.3 + 0.7 * abs(s))

    def edge_width(self, w: float, zoom: float = 1.0) -> float:
        s = min(1.0, abs(w) / self.w_scale)
        return (0.6 + 5.4 * s) * theme.current().edge_scale * max(0.75, zoom)

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
        v = self.unit_value(col, unit)
        if v is None:
            return theme.current().qcolor("surface")
        if col == 0:
            return theme.diverging(max(-1.0, min(1.0, v)), 1.0)
        return theme.diverging(signed_unit(v, self.activation_name(col)), 1.0)

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
        lines = []
        if col == 0:
            v = self.input_value(unit)
            if v is not None:
                lines.append((fmt(v, 2), "text"))
            return lines
        ev = self.unit_forward(col, unit)
        p = self.player
        if ev is not None:
            if ev.dropped:
                lines.append(("dropped", "muted"))
            elif p is not None and ev in p.active and p.progress < 0.5:
                lines.append((f"z = {fmt(ev.z)}", "forward"))
            else:
                lines.append((f"a = {fmt(ev.a)}", "text"))
        d = self.shown.deltas.get((col - 1, unit)) if self.shown is not None else None
        if d is not None:
            lines.append((f"δ = {fmt(d.delta)}", "backward"))
        return lines

    def unit_label(self, col: int, unit: int) -> str:
        return "\n".join(t for t, _ in self.unit_lines(col, unit))


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
