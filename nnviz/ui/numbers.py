"""Numbers as the application writes them: fixed decimals with a real minus sign (and no
sign on a rounded zero), subscripts, and counts of epochs."""

from __future__ import annotations

SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def sub(n: int) -> str:
    return str(n).translate(SUBSCRIPTS)


def epochs_done(n: int) -> str:
    """How many epochs are complete, as a count ("0 epochs", "1 epoch", "1,250 epochs"): the
    epoch in progress is named by its number ("epoch 3")."""
    return f"{n:,d} epoch{'' if n == 1 else 's'}"


def fmt(v: float, digits: int = 4) -> str:
    """A number the way the canvas shows it (fixed decimals, a real minus sign)."""
    if v != v:
        return "NaN"
    if abs(v) >= 1e4 or (0 < abs(v) < 10 ** -digits):
        s = f"{v:.{max(1, digits - 2)}e}"
    else:
        s = _unsigned_zero(f"{v:.{digits}f}")
    return s.replace("-", "−")


def _unsigned_zero(s: str) -> str:
    """"-0.00" → "0.00": a number rounded to zero has no sign."""
    return s[1:] if s.startswith("-") and not s.strip("-0.") else s


def short(value: str) -> str:
    """A shown number ("−0.5713", "5.70e−06") to two decimals ("−0.57"), or to two
    significant digits when two decimals would write a non-zero number as 0.00 ("−0.0048",
    "5.7e−06": a small delta still moves the weights)."""
    try:
        v = float(value.replace("−", "-"))
    except ValueError:
        return value
    if v != 0 and abs(v) < 0.005:
        s = f"{v:.2g}" if abs(v) >= 1e-4 else f"{v:.1e}"
    else:
        s = _unsigned_zero(f"{v:.2f}")
    return s.replace("-", "−")


def unbroken(formula: str) -> str:
    """A small formula that a label never wraps inside ("largest |" / "w| = 1.66",
    "… 1·x₂" / "≥ θ = 0.5"): no-break spaces, and a word joiner after each "|" (a line may
    break after one)."""
    return formula.replace(" ", "\u00a0").replace("|", "|\u2060")
