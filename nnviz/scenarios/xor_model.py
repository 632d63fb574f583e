"""The XOR scenario's model: hand-built threshold networks and the verdict on a training run.

No Qt here: the truth tables come from the engine (Network.forward_all) and the verdict only
reads the recorded loss history.
"""

from __future__ import annotations

import numpy as np

from ..engine import Dense, Network

X_XOR = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
Y_XOR = np.array([[0.0], [1.0], [1.0], [0.0]])
EXTENT = (-0.5, 1.5, -0.5, 1.5)

# name → (label, hidden W, hidden b, output W, output b, description of each unit)
# a step unit fires when z = b + Σ w·x ≥ 0, i.e. when Σ w·x ≥ θ with threshold θ = −b
PRESETS = {
    "and-not": ("x₁ AND NOT x₂, x₂ AND NOT x₁, then OR",
                [[1.0, -1.0], [-1.0, 1.0]], [-0.5, -0.5], [[1.0, 1.0]], [-0.5],
                ("h₁ = x₁ AND NOT x₂", "h₂ = x₂ AND NOT x₁", "y = h₁ OR h₂")),
    "or-nand": ("x₁ OR x₂, x₁ NAND x₂, then AND",
                [[1.0, 1.0], [-1.0, -1.0]], [-0.5, 1.5], [[1.0, 1.0]], [-1.5],
                ("h₁ = x₁ OR x₂", "h₂ = NOT (x₁ AND x₂)", "y = h₁ AND h₂")),
}
DEFAULT_PRESET = "and-not"


def hand_built(preset: str = DEFAULT_PRESET) -> Network:
    """The 2-2-1 network of binary threshold (step) units for a preset."""
    if preset not in PRESETS:
        raise ValueError(f"unknown hand-built network {preset!r}; valid names: "
                         f"{', '.join(PRESETS)}")
    _, W1, b1, W2, b2, _ = PRESETS[preset]
    return Network([Dense(W1, b1, "step"), Dense(W2, b2, "step")])


def truth_table(net: Network, X=X_XOR, Y=Y_XOR) -> list[dict]:
    """One row per input: x, the hidden activations h, the output y and the target t,
    all as the engine computes them."""
    _, acts = net.forward_all(X)
    rows = []
    for s in range(len(X)):
        rows.append({"x": acts[0][s].tolist(), "h": acts[1][s].tolist(),
                     "y": float(acts[-1][s, 0]), "t": float(Y[s, 0])})
    return rows


def threshold_text(net: Network) -> list[str]:
    """Each step unit's firing rule with its weights and threshold θ = −b."""
    lines = []
    names = [["x₁", "x₂"], ["h₁", "h₂", "h₃"]]
    for k, layer in enumerate(net.layers):
        for i in range(layer.n_out):
            unit = f"h{_sub(i + 1)}" if k < len(net.layers) - 1 else "y"
            terms = " ".join(f"{'+' if w >= 0 else '−'} {abs(w):g}·{names[min(k, 1)][j]}"
                             for j, w in enumerate(layer.W[i]))
            terms = terms[2:] if terms.startswith("+ ") else "−" + terms[2:]
            lines.append(f"{unit} fires (= 1) when {terms} ≥ θ = {-layer.b[i]:g}")
    return lines


def verdict(history: dict, solved: bool, min_epochs: int = 3000, window: int = 1000,
            tolerance: float = 0.02) -> str:
    """'solved', 'stuck' (still wrong and the loss has flattened), or 'learning'.

    Stuck: at least `min_epochs` epochs trained, some input still on the wrong side and the
    loss improved by less than `tolerance` (relative) over the last `window` epochs."""
    if solved:
        return "solved"
    epochs, loss = history.get("epoch", []), history.get("loss", [])
    if not epochs or epochs[-1] < min_epochs:
        return "learning"
    now = loss[-1]
    # the recorded loss `window` epochs ago (history rows may be sparse)
    i = int(np.searchsorted(np.asarray(epochs), epochs[-1] - window, side="right")) - 1
    if i < 0:
        return "learning"
    before = loss[i]
    if not np.isfinite(now) or before <= 0:
        return "learning"
    return "stuck" if (before - now) / before < tolerance else "learning"


def _sub(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
