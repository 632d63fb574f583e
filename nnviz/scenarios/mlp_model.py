"""The MLP playground's settings table: every setting with its default, its check and its
choices, and how the engine objects are built from it. No Qt here."""

from __future__ import annotations

import math

from ..engine import OPTIMIZERS, Network, Trainer, datasets
from .setting_checks import passes, shown

SETS = datasets.SETS_2D
TASK_OUTPUTS = {  # task → (output activations allowed, losses allowed); the first is matched
    "classification": (("sigmoid", "tanh"), ("bce", "half_sse", "mse")),
    "multiclass": (("softmax",), ("cce", "half_sse")),
    "regression": (("linear", "tanh"), ("mse", "half_sse")),
}
# A tanh output on two classes answers −1 … +1 and its targets are −1/+1, as in TensorFlow
# Playground: squared losses only (cross-entropy needs targets 0/1); the first is matched.
BIPOLAR_LOSSES = ("half_sse", "mse")
HIDDEN_ACTIVATIONS = ("tanh", "relu", "leaky_relu", "sigmoid", "linear")
LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
BATCH_SIZES = (1, 5, 10, 20, 30, 50, 100, None)
REGULARIZATION = ("none", "l1", "l2")
REG_RATES = (0.0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)   # (Playground's)
DROPOUTS = (0.0, 0.1, 0.2, 0.3, 0.5)
MAX_LAYERS, MAX_UNITS = 6, 8
N_POINTS = 500

DEFAULTS = {
    "dataset": "circle", "noise": 0.0, "test_ratio": 0.5, "data_seed": 0,
    "features": ["x1", "x2"], "hidden": [4, 2], "activations": ["tanh", "tanh"],
    "output": "sigmoid", "loss": "bce", "optimizer": "sgd", "lr": 0.03, "batch_size": 10,
    "regularization": "none", "reg_rate": 0.0, "dropout": 0.0, "init_seed": 0,
}


def _int(v, lo, hi):
    return isinstance(v, int) and not isinstance(v, bool) and lo <= v <= hi


def _num(v, lo, hi):
    return (isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
            and lo <= v <= hi)


CHECKS = {  # key → (check, what it must be)
    "dataset": (lambda v: v in SETS, "one of " + ", ".join(SETS)),
    "noise": (lambda v: _num(v, 0, 1), "a number from 0 to 1"),
    "test_ratio": (lambda v: _num(v, 0.1, 0.9), "a number from 0.1 to 0.9"),
    "data_seed": (lambda v: _int(v, 0, 2**31), "a whole number ≥ 0"),
    "features": (lambda v: isinstance(v, list) and 0 < len(v) == len(set(v))
                 and all(f in datasets.FEATURES for f in v),
                 "a non-empty list of distinct names from " + ", ".join(datasets.FEATURES)),
    "hidden": (lambda v: isinstance(v, list) and len(v) <= MAX_LAYERS
               and all(_int(u, 1, MAX_UNITS) for u in v),
               f"a list of at most {MAX_LAYERS} layer sizes, each 1 … {MAX_UNITS}"),
    "activations": (lambda v: isinstance(v, list) and all(a in HIDDEN_ACTIVATIONS for a in v),
                    "a list of names from " + ", ".join(HIDDEN_ACTIVATIONS)),
    "output": (lambda v: v in ("sigmoid", "softmax", "linear", "tanh"),
               "sigmoid, softmax, linear or tanh"),
    "loss": (lambda v: v in ("bce", "cce", "mse", "half_sse"), "bce, cce, mse or half_sse"),
    "optimizer": (lambda v: v in OPTIMIZERS, "one of " + ", ".join(OPTIMIZERS)),
    "lr": (lambda v: _num(v, 1e-5, 10), "a number from 0.00001 to 10"),
    "batch_size": (lambda v: v is None or _int(v, 1, 10_000), "a whole number ≥ 1 or null"),
    "regularization": (lambda v: v in REGULARIZATION, "none, l1 or l2"),
    "reg_rate": (lambda v: _num(v, 0, 10), "a number from 0 to 10"),
    "dropout": (lambda v: _num(v, 0, 0.9), "a number from 0 to 0.9"),
    "init_seed": (lambda v: _int(v, 0, 2**31), "a whole number ≥ 0"),
}


LABELS = {  # each setting as the status line names it (not its key: "lr", "data_seed")
    "dataset": "data set", "noise": "noise", "test_ratio": "test share",
    "data_seed": "data", "features": "input features",
    "hidden": "hidden layers", "activations": "activations", "output": "output",
    "loss": "loss", "optimizer": "optimizer", "lr": "learning rate",
    "batch_size": "batch size", "regularization": "regularization",
    "reg_rate": "regularization rate", "dropout": "dropout", "init_seed": "initial weights",
}
assert set(LABELS) == set(CHECKS)


def task(dataset: str) -> str:
    return datasets.TASKS[dataset]


def bipolar(s: dict) -> bool:
    """Targets −1/+1 instead of 0/1: a tanh output on a two-class data set."""
    return task(s["dataset"]) == "classification" and s["output"] == "tanh"


def choices(dataset: str, output: str | None = None) -> tuple[tuple, tuple]:
    """(the output activations, the losses) that fit the dataset's task (and the losses
    that fit `output` among them); the first of each is the one matched."""
    outs, losses = TASK_OUTPUTS[task(dataset)]
    if bipolar({"dataset": dataset, "output": output}):
        losses = BIPOLAR_LOSSES
    return outs, losses


def matched_output(dataset: str) -> tuple[str, str]:
    """The output activation and loss that fit the dataset's task."""
    outs, _ = choices(dataset)
    return outs[0], choices(dataset, outs[0])[1][0]


def _either(names) -> str:
    """"sigmoid or tanh", "bce, half_sse or mse"."""
    return " or ".join(filter(None, (", ".join(names[:-1]), names[-1])))


def _where(s: dict) -> str:
    """The task as the error messages name it: "the classification data set 'circle'",
    "a tanh output on the classification data set 'circle' (targets −1/+1)"."""
    where = f"the {task(s['dataset'])} data set {s['dataset']!r}"
    return f"a tanh output on {where} (targets −1/+1)" if bipolar(s) else where


def check(settings: dict, base: dict) -> dict:
    """`base` updated with `settings`, every value checked (ValueError naming the key)."""
    if not isinstance(settings, dict):
        raise ValueError("the MLP settings must be a dictionary")
    unknown = set(settings) - set(CHECKS)
    if unknown:
        raise ValueError(f"mlp has no setting called {', '.join(sorted(map(str, unknown)))}; "
                         f"valid names: {', '.join(CHECKS)}")
    for key, value in settings.items():
        ok, what = CHECKS[key]
        if not passes(ok, value):
            raise ValueError(f"mlp setting {key!r} is {shown(value)}; it must be {what}")
    s = {**base, **{k: (list(v) if isinstance(v, list) else v) for k, v in settings.items()}}
    given = set(settings)
    new_task = task(s["dataset"]) != task(base["dataset"])
    if "dataset" in given and not ({"output", "loss"} & given):
        # another data set of the same task keeps the output and loss (a tanh output stays
        # on two-class sets); another task gets the matched ones
        if new_task or s["loss"] not in choices(s["dataset"], s["output"])[1]:
            s["output"], s["loss"] = matched_output(s["dataset"])
    elif "output" in given and "loss" not in given:
        losses = choices(s["dataset"], s["output"])[1]   # (sigmoid ↔ tanh: bce or not)
        if s["loss"] not in losses:
            s["loss"] = losses[0]
    elif "loss" in given and "output" not in given:
        # the output follows a loss it cannot take, or a new task: the first that takes the
        # loss (bce on a tanh output: sigmoid, targets 0/1 again)
        outs = choices(s["dataset"])[0]
        fits = [o for o in outs if s["loss"] in choices(s["dataset"], o)[1]]
        if new_task or s["output"] not in fits:
            s["output"] = (fits or outs)[0]      # (none: the error below names the loss)
    if len(s["activations"]) != len(s["hidden"]):
        if "activations" in settings:
            raise ValueError(f"mlp setting 'activations' has {len(s['activations'])} names for "
                             f"{len(s['hidden'])} hidden layers")
        s["activations"] = (s["activations"] + ["tanh"] * len(s["hidden"]))[:len(s["hidden"])]
    outs, losses = choices(s["dataset"], s["output"])
    if s["output"] not in outs:
        raise ValueError(f"mlp setting 'output' is {s['output']!r}, which does not fit the "
                         f"{task(s['dataset'])} data set {s['dataset']!r}; use "
                         f"{_either(outs)}")
    if s["loss"] not in losses:
        raise ValueError(f"mlp setting 'loss' is {s['loss']!r}, which does not fit "
                         f"{_where(s)}; use {_either(losses)}")
    return s


def make_data(s: dict):
    """(X_train, Y_train, X_test, Y_test) as 2-D points, from the settings."""
    X, Y = datasets.load(s["dataset"], n=N_POINTS, noise=s["noise"], seed=s["data_seed"],
                         bipolar=bipolar(s))
    return datasets.split(X, Y, test_ratio=s["test_ratio"], seed=s["data_seed"])


def n_outputs(s: dict, Y) -> int:
    return Y.shape[1]


def make_net(s: dict, n_out: int) -> Network:
    sizes = [len(s["features"])] + list(s["hidden"]) + [n_out]
    return Network.build(sizes, output=s["output"], init="xavier", seed=s["init_seed"],
                         hidden_activations=s["activations"])


def make_trainer(s: dict, net: Network) -> Trainer:
    reg = s["regularization"]
    return Trainer(net, loss=s["loss"], optimizer=s["optimizer"], lr=s["lr"],
                   batch_size=s["batch_size"], seed=s["init_seed"],
                   l1=s["reg_rate"] if reg == "l1" else 0.0,
                   l2=s["reg_rate"] if reg == "l2" else 0.0, dropout=s["dropout"])


STRUCTURE_KEYS = {"dataset", "noise", "test_ratio", "data_seed", "features", "hidden",
                  "activations", "output", "init_seed"}
TRAINER_KEYS = {"loss", "optimizer", "lr", "batch_size", "regularization", "reg_rate", "dropout"}
