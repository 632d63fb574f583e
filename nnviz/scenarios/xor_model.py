"""The XOR scenario's model: hand-built threshold networks and the verdict on a training run.

No Qt here: the truth tables come from the engine (Network.forward_all) and the verdict only
reads the recorded loss history.
"""

from __future__ import annotations

import math

import numpy as np

from ..engine import Dense, Network
from ..ui.numbers import epochs_done, fmt
from .setting_checks import MAX_COUNT, check_history, passes, shown
from .trainer_file import check_trainer_file_state

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

LOSSES = {"half_sse": "½ sum of squared errors", "bce": "Binary cross-entropy"}
# how often the weights change: after each sample (the classic online backpropagation
# algorithm, Δw = η·δ·x per sample) or once per epoch with the gradient averaged over all four
UPDATES = {"online": ("After each sample (online)", 1),
           "batch": ("After all four (full batch)", None)}
LEARNING_RATES = (0.1, 0.3, 0.5, 1.0, 2.0, 3.0, 5.0)
# Defaults checked with the engine: online ½SSE at η = 3 from seed 21 gets 3 of 4 right after
# ~50 epochs and solves XOR by ~150 epochs (600 updates); the next seed, 22, is one of the
# starts that stays stuck in the local minimum (loss ≈ 0.063, 3 of 4 right).
DEFAULTS = {"page": 0, "preset": DEFAULT_PRESET, "hidden": 2, "loss": "half_sse",
            "updates": "online", "lr": 3.0, "seed": 21}
SETTING_KEYS = ("page", "preset", "hand", "hidden", "loss", "updates", "lr", "seed", "net",
                "initial", "epoch", "steps", "history", "trainer")


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


def verdict(history: dict, solved: bool, min_epochs: int = 1000, window: int = 500,
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


def _whole(v, lo=0, hi=None) -> bool:
    return (isinstance(v, int) and not isinstance(v, bool) and v >= lo
            and (hi is None or v < hi))


CHECKS = {
    "page": (lambda v: v in (0, 1) and not isinstance(v, bool), "0 (by hand) or 1 (learned)"),
    "preset": (lambda v: v in PRESETS, ", ".join(PRESETS)),
    "hidden": (lambda v: v in (2, 3) and not isinstance(v, bool), "2 or 3"),
    "loss": (lambda v: v in LOSSES, ", ".join(LOSSES)),
    "updates": (lambda v: v in UPDATES, ", ".join(UPDATES)),
    "lr": (lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)
           and math.isfinite(v) and 0 < v <= 100, "a number in (0, 100]"),
    "seed": (lambda v: _whole(v, 0, 10_000), "a whole number 0 … 9999"),
    "epoch": (lambda v: _whole(v, 0, MAX_COUNT + 1), f"a whole number 0 … {MAX_COUNT:,}"),
    "steps": (lambda v: _whole(v, 0, MAX_COUNT + 1), f"a whole number 0 … {MAX_COUNT:,}"),
}


def check_state(state, settings: dict, history_keys) -> dict:
    """Validate a (partial) XOR state before anything changes: ValueError naming the key and
    what it must be. Returns the parsed networks ("hand", "net", "initial") it holds, and
    the learned network's trainer state ("trainer", for trainer_file.restore_trainer)."""
    if not isinstance(state, dict):
        raise ValueError("the XOR state must be a dictionary of settings")
    unknown = set(state) - set(SETTING_KEYS)
    if unknown:
        raise ValueError(f"xor has no settings called {', '.join(sorted(map(str, unknown)))}"
                         f"; valid names: {', '.join(SETTING_KEYS)}")
    for key, (ok, hint) in CHECKS.items():
        if key in state and not passes(ok, state[key]):
            raise ValueError(f"xor setting {key!r} is {shown(state[key])}; it must be {hint}")
    plan = {}
    hidden = state.get("hidden", settings["hidden"])
    for key, shape in (("hand", [2, 2, 1]), ("net", [2, hidden, 1]),
                       ("initial", [2, hidden, 1])):
        if key in state:
            try:
                net = Network.from_dict(state[key])
            except ValueError as exc:
                raise ValueError(f"xor setting {key!r}: {exc}") from None
            if net.sizes != shape:
                raise ValueError(f"xor setting {key!r} has layer sizes {net.sizes}; "
                                 f"expected {shape}")
            plan[key] = net
    if "history" in state:
        check_history(state["history"], history_keys, "xor")
    if "trainer" in state:
        plan["trainer"] = check_trainer_file_state(state["trainer"], "xor", "sgd",
                                                   4 * hidden + 1, len(X_XOR))
    return plan


def _sub(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))


def verdict_text(v: str, epoch: int, loss: float, acc: float) -> str:
    """The panel's words for a verdict ("solved", "stuck" or "learning") after `epoch`
    epochs with this loss and accuracy on the four inputs (rich text)."""
    wrong = int(round((1 - acc) * 4))
    if v == "solved":
        return (f"<b>Solved</b> after {epochs_done(epoch)}: all four inputs are on the right "
                "side of 0.5. In the hidden space one line now separates the 1s from the 0s.")
    if v == "stuck":
        return (f"<b>Stuck.</b> After {epochs_done(epoch)} the loss has stopped falling at "
                f"{loss:.3f} and {wrong} of the 4 inputs {'is' if wrong == 1 else 'are'} "
                "still wrong. Gradient descent only goes downhill, and from this start it has "
                "reached a local minimum (or a very flat plateau). Press ‘New random start’.")
    return (f"After {epochs_done(epoch)}: loss {fmt(loss)}, {4 - wrong} of 4 right. "
            "Train to see whether this start solves XOR.")
