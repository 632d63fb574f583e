"""Checking a scenario's settings from a file or a lesson: a check that cannot even be
tried on a value counts as failing, and values are shown short in the messages."""

from __future__ import annotations


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
