"""Checking a softmax scenario state (a saved file or a lesson's partial settings).

check_state validates everything before anything changes, so a bad state raises ValueError
(naming the key and the problem) and leaves the scenario exactly as it was.
"""

from __future__ import annotations

from ..engine import Network
from . import neuron_plots as npl
from . import softmax_model as sm
from .setting_checks import MAX_COUNT
from .trainer_file import check_trainer_file_state


def check_state(state, current: dict):
    """(settings, network or None, {"epoch", "steps"} given, history or None, trainer state
    or None: for trainer_file.restore_trainer)."""
    allowed = (*sm.DEFAULTS, "network", "epoch", "steps", "history", "trainer")
    npl.check_keys(state, allowed, "softmax")
    new = dict(current)
    for key in ("classes", "hidden", "seed"):
        if key in state:
            v = state[key]
            lo, hi = {"classes": sm.CLASS_RANGE, "hidden": sm.HIDDEN_RANGE,
                      "seed": (0, sm.MAX_SEED)}[key]
            if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
                raise ValueError(f"{key} must be a whole number from {lo} to {hi}, "
                                 f"got {v!r}")
            new[key] = v
    for key, valid in sm.CHOICES.items():
        if key in state:
            v = state[key]
            if isinstance(v, bool) or v not in valid:
                raise ValueError(f"{key} = {v!r} is not offered; choose one of "
                                 f"{', '.join(map(str, valid))}")
            new[key] = v
    if "view" in state:
        new["view"] = state["view"]
    elif new["classes"] != current["classes"]:
        new["view"] = "regions"
    if new["view"] not in sm.views(new["classes"]):
        raise ValueError(f"view = {new['view']!r} is not valid with {new['classes']} "
                         f"classes; choose one of {', '.join(sm.views(new['classes']))}")
    if "pinned" in state:
        new["pinned"] = sm.check_pinned(state["pinned"], sm.N_POINTS)
    net = None
    if "network" in state:
        try:
            net = Network.from_dict(state["network"])
        except (ValueError, TypeError, KeyError) as exc:
            raise ValueError(f"network: {exc}") from None
        want = [2, new["hidden"], new["classes"]]
        if net.sizes != want or net.layers[-1].activation != "softmax":
            raise ValueError(f"network: sizes {net.sizes} do not match {want} with a "
                             f"softmax output")
    counts = {}
    for key in ("epoch", "steps"):
        if key in state:
            v = state[key]
            if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= MAX_COUNT:
                raise ValueError(f"{key} must be a whole number from 0 to {MAX_COUNT:,}, "
                                 f"got {v!r}")
            counts[key] = v
    history = check_history(state["history"]) if "history" in state else None
    trainer = None
    if "trainer" in state:
        h, k = new["hidden"], new["classes"]
        trainer = check_trainer_file_state(state["trainer"], "softmax", "sgd",
                                           3 * h + h * k + k, sm.N_POINTS)
    return new, net, counts, history, trainer


def check_history(h) -> dict:
    if not isinstance(h, dict) or set(h) != {"epoch", "loss", "acc"}:
        raise ValueError("history must be a dictionary with lists epoch, loss and acc")
    n = len(h["epoch"]) if isinstance(h["epoch"], list) else -1
    for key in ("epoch", "loss", "acc"):
        v = h[key]
        if not isinstance(v, list) or len(v) != n:
            raise ValueError(f"history.{key} must be a list as long as history.epoch")
        if any(isinstance(x, bool) or not isinstance(x, (int, float)) for x in v):
            raise ValueError(f"history.{key} must hold numbers only")
    if any(not isinstance(e, int) or not 0 <= e <= MAX_COUNT for e in h["epoch"]):
        raise ValueError(f"history.epoch must hold whole numbers from 0 to {MAX_COUNT:,}")
    return {"epoch": list(h["epoch"]), "loss": [float(x) for x in h["loss"]],
            "acc": [float(x) for x in h["acc"]]}
