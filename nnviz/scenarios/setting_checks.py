"""Checking a scenario's settings from a file or a lesson: a check that cannot even be
tried on a value counts as failing, and values are shown short in the messages."""

from __future__ import annotations

import math


def passes(check, value) -> bool:
    """check(value), False when the value is of a kind it cannot even test (a list where a
    name belongs raised "unhashable type: 'list'" into the message)."""
    try:
        return bool(check(value))
    except (TypeError, ValueError):
        return False


def shown(value, most: int = 60) -> str:
    """A setting's value for a message: its repr, shortened."""
    text = repr(value)
    return text if len(text) <= most else text[:most - 1] + "…"


MAX_COUNT = 10 ** 12      # epochs and steps a file may claim (a 31-digit one overflowed)


def check_history(h, keys, who: str) -> None:
    """ValueError unless h maps exactly `keys` to lists of equal length holding finite
    numbers or null (a figure that does not exist), epochs whole numbers ≥ 0."""
    keys = list(keys)
    if not isinstance(h, dict) or set(h) != set(keys) or not all(
            isinstance(v, list) and all(x is None or (isinstance(x, (int, float))
                                                      and not isinstance(x, bool)
                                                      and math.isfinite(x)) for x in v)
            for v in h.values()):
        raise ValueError(f"{who} setting 'history' must map {', '.join(keys)} to lists of "
                         "numbers (or null)")
    if len({len(v) for v in h.values()}) > 1:
        raise ValueError(f"{who} setting 'history' has lists of different lengths")
    if "epoch" in h and any(not isinstance(e, int) or e < 0 or e > MAX_COUNT
                            for e in h["epoch"]):
        raise ValueError(f"{who} setting 'history' has an epoch that is not a whole number "
                         f"from 0 to {MAX_COUNT:,}")



def check_counts(state: dict, who: str) -> tuple[int, int]:
    """(epoch, steps) of a file's state (0 when absent), each a whole number from 0 to
    MAX_COUNT; ValueError naming the setting otherwise."""
    counts = []
    for key in ("epoch", "steps"):
        v = state.get(key, 0)
        if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= MAX_COUNT:
            raise ValueError(f"{who} setting {key!r} is {v!r}; it must be a whole number "
                             f"from 0 to {MAX_COUNT:,}")
        counts.append(v)
    return counts[0], counts[1]
