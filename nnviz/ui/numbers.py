"""Numbers as the application writes them: fixed decimals with a real minus sign (and no
sign on a rounded zero), the ×10ⁿ style, subscripts, superscripts and counts of epochs."""

from __future__ import annotations

import math

SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def sub(n: int) -> str:
    return str(n).translate(SUBSCRIPTS)


def sup(n: int) -> str:
    return str(n).translate(SUPERSCRIPTS)


def times_ten(v: float, digits: int = 2, gap: str = " ") -> str:
    """v in the ×10ⁿ style a classroom reads (as log axes label their decades): 1.5e-11 →
    "1.5 × 10⁻¹¹", 0.51 → "5.1 × 10⁻¹", 2.3 → "2.3" (no "× 10⁰"); `digits` significant
    digits, and with one digit a bare power for a mantissa of 1 (1.2e-11 → "10⁻¹¹", 3.3e10
    → "3 × 10¹⁰"). `gap` goes either side of "×" (a narrow label: "")."""
    if v != v:
        return "NaN"
    if v == 0:
        return "0"
    sign = "−" if v < 0 else ""
    a = abs(v)
    if a == float("inf"):
        return sign + "∞"
    k = math.floor(math.log10(a))
    m = round(a / 10.0 ** k, digits - 1)
    if m >= 10:                            # 9.96 → "1.0 × 10¹", not "10.0 × 10⁰"
        m, k = m / 10, k + 1
    mantissa = f"{m:.{max(0, digits - 1)}f}"
    if k == 0:
        return sign + mantissa
    power = "10" + sup(k)
    if digits == 1 and mantissa == "1":
        return sign + power
    return f"{sign}{mantissa}{gap}×{gap}{power}"


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
