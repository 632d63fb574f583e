"""The regularization scenario's early-stopping state in a file, checked."""

from __future__ import annotations

from .gradients_controls import saved_network
from .setting_checks import MAX_COUNT

RUN_KEYS = ("best_network", "best_row", "run_start", "stopped_at", "stopped_run_start")


def check_run(run, rows: int | None, sizes) -> tuple:
    """The early-stopping state from a file, checked against the history's length
    (rows; None: the file has no history, only the row of epoch 0 is there) and the
    network's sizes: (best parameters or None, best_row, run_start, stopped_at,
    stopped_run_start). ValueError naming the key and the problem."""
    where = "regularization setting 'early_stopping_run'"
    if not isinstance(run, dict) or set(run) != set(RUN_KEYS):
        raise ValueError(f"{where} must be a dictionary with {', '.join(RUN_KEYS)}")
    n = 1 if rows is None else rows
    limits = {"best_row": (-1, n - 1), "run_start": (0, n), "stopped_run_start": (0, n),
              "stopped_at": (0, MAX_COUNT)}
    for key, (lo, hi) in limits.items():
        v = run[key]
        if key == "stopped_at" and v is None:
            continue
        if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
            raise ValueError(f"{where}: {key!r} is {v!r}; it must be a whole number from "
                             f"{lo} to {hi}" + (" or null" if key == "stopped_at" else ""))
    best = None
    if run["best_network"] is not None:
        try:
            best = saved_network({"network": run["best_network"]}, sizes)
        except ValueError as exc:
            raise ValueError(f"{where}: 'best_network': {exc}") from None
        if [lay.activation for lay in best.layers] != ["tanh", "tanh", "sigmoid"]:
            raise ValueError(f"{where}: 'best_network' must have tanh hidden units and a "
                             "sigmoid output")
        best = best.get_params()
    return (best, run["best_row"], run["run_start"], run["stopped_at"],
            run["stopped_run_start"])
