"""A trainer's state in a scenario file: what training needs besides the
weights, the epoch and the update count (saved on their own) to go on exactly as it would
have — see trainer_file_state, check_trainer_file_state, restore_trainer."""

from __future__ import annotations

import math

import numpy as np

from ..engine import Trainer
from .setting_checks import MAX_COUNT

# What training needs besides the weights, the epoch and the update count (saved on their own)
# to go on exactly as it would have: the optimizer's moments and step count, the random
# generator (dropout masks, shuffled batches) and the current epoch's sample order and position.
TRAINER_STATE_KEYS = ("optimizer_steps", "moments", "random", "order", "position")
RANDOM_KEYS = ("bit_generator", "state", "inc", "has_uint32", "uinteger")
# optimizers whose moments[k] are running sums of squares (never negative)
SQUARED_MOMENT = {"adagrad": 0, "rmsprop": 0, "adam": 1, "nadam": 1, "adamax": 1}


def trainer_file_state(trainer: Trainer) -> dict:
    """The trainer's state for a file (see TRAINER_STATE_KEYS), JSON-safe: arrays as lists of
    numbers (floats survive a round trip exactly), the generator's 128-bit numbers as hex
    text (a JSON reader with 64-bit numbers would round them)."""
    st = trainer.get_state()
    rng = st["rng"]
    moments = st["opt_state"].get(0) or []
    return {"optimizer_steps": int(st["opt_t"]),
            "moments": [np.asarray(m, dtype=np.float64).tolist() for m in moments],
            "random": {"bit_generator": str(rng["bit_generator"]),
                       "state": hex(int(rng["state"]["state"])),
                       "inc": hex(int(rng["state"]["inc"])),
                       "has_uint32": int(rng["has_uint32"]), "uinteger": int(rng["uinteger"])},
            "order": None if st["order"] is None else [int(i) for i in st["order"]],
            "position": int(st["pos"])}


def _whole(v, lo: int, hi: int) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and lo <= v <= hi


def _hex128(v) -> int | None:
    """A "0x…" text of a number below 2¹²⁸ as an int, else None."""
    if not isinstance(v, str) or not v.lower().startswith("0x") or len(v) > 34:
        return None
    try:
        n = int(v, 16)
    except ValueError:
        return None
    return n if 0 <= n < 2 ** 128 else None


def check_trainer_file_state(d, who: str, optimizer: str, n_params: int,
                             n_samples: int) -> dict:
    """A trainer_file_state() read from a file, checked against the trainer it is for (its
    optimizer, parameter count and number of training samples): the parts of a
    Trainer.get_state() it gives (see restore_trainer). ValueError naming the key and the
    problem; nothing is changed."""
    where = f"{who} setting 'trainer'"
    if not isinstance(d, dict):
        raise ValueError(f"{where} must be a dictionary with {', '.join(TRAINER_STATE_KEYS)}")
    missing = [k for k in TRAINER_STATE_KEYS if k not in d]
    unknown = sorted(map(str, set(d) - set(TRAINER_STATE_KEYS)))
    if missing or unknown:
        raise ValueError(f"{where} " + "; ".join(
            ([f"lacks {', '.join(missing)}"] if missing else [])
            + ([f"has unknown key(s) {', '.join(unknown)}"] if unknown else []))
            + f" (its keys are {', '.join(TRAINER_STATE_KEYS)})")
    t = d["optimizer_steps"]
    if not _whole(t, 0, MAX_COUNT):
        raise ValueError(f"{where}: 'optimizer_steps' is {t!r}; it must be a whole number "
                         f"from 0 to {MAX_COUNT:,}")
    moments = d["moments"]
    if not isinstance(moments, list) or len(moments) not in (0, 2) or not all(
            isinstance(m, list) and len(m) == n_params and all(
                isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)
                for x in m) for m in moments):
        raise ValueError(f"{where}: 'moments' must be an empty list or two lists of "
                         f"{n_params} numbers (one per weight and bias of the network)")
    arrays = [np.array(m, dtype=np.float64) for m in moments]
    k = SQUARED_MOMENT.get(optimizer)
    if arrays and k is not None and (arrays[k] < 0).any():
        raise ValueError(f"{where}: 'moments' holds a negative average of squared gradients "
                         f"(moments[{k}] of {optimizer}); it cannot be below 0")
    r = d["random"]
    if not isinstance(r, dict) or set(r) != set(RANDOM_KEYS):
        raise ValueError(f"{where}: 'random' must be a dictionary with "
                         f"{', '.join(RANDOM_KEYS)}")
    if r["bit_generator"] != "PCG64":
        raise ValueError(f"{where}: 'random' is a {str(r['bit_generator'])[:40]!r} generator; "
                         "nnviz's trainer uses PCG64")
    state, inc = _hex128(r["state"]), _hex128(r["inc"])
    if state is None or inc is None:
        raise ValueError(f"{where}: 'random' state and inc must be hexadecimal texts (0x…) "
                         "of numbers below 2¹²⁸")
    if not _whole(r["has_uint32"], 0, 1) or not _whole(r["uinteger"], 0, 2 ** 32 - 1):
        raise ValueError(f"{where}: 'random' has_uint32 must be 0 or 1 and uinteger a whole "
                         "number from 0 to 2³² − 1")
    rng = {"bit_generator": "PCG64", "state": {"state": state, "inc": inc},
           "has_uint32": r["has_uint32"], "uinteger": r["uinteger"]}
    try:
        np.random.PCG64().state = rng          # (a scratch generator: does NumPy take it?)
    except (ValueError, TypeError, OverflowError) as exc:
        raise ValueError(f"{where}: 'random' is not a valid PCG64 state ({exc})") from None
    order = d["order"]
    if order is not None and (not isinstance(order, list) or len(order) != n_samples
                              or not all(_whole(i, 0, n_samples - 1) for i in order)
                              or len(set(order)) != n_samples):
        raise ValueError(f"{where}: 'order' must be null or the numbers 0 … "
                         f"{n_samples - 1} (the {n_samples} training samples) in some order")
    pos = d["position"]
    if not _whole(pos, 0, n_samples):
        raise ValueError(f"{where}: 'position' is {pos!r}; it must be a whole number from 0 "
                         f"to {n_samples} (the training samples)")
    return {"opt_t": t, "opt_state": {0: arrays} if arrays else {}, "rng": rng,
            "order": None if order is None else np.array(order, dtype=np.int64),
            "pos": pos}


def restore_trainer(trainer: Trainer, parts: dict | None,
                    counts: tuple[int, int] | None = None) -> None:
    """Give `trainer` the state check_trainer_file_state() read (None: an older file
    without it, the trainer's own stays; its weights as they are; not diverged), and the
    (epoch, update count) setting_checks.check_counts() read, when given."""
    if parts is not None:
        state = trainer.get_state()
        state.update(parts, diverged=False, diverged_reason="")
        trainer.set_state(state)
    if counts is not None:
        trainer.epoch, trainer.steps = counts
