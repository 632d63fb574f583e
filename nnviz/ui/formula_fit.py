"""The formula panel's lines laid out at its width: each line of a formula broken where a
reader would break it, at widths measured in the panel's own type.

A label left to wrap a long formula itself breaks it at any space or after any "·", e.g.
0.3468·⏎(−0.7186) or "… = 0.2322·0.0039 =⏎0.0009". Here a line takes the fewest lines it
can (as many as breaking anywhere would), and among those the breaks cost least: before
=, ≈ or ← first, then before + or − (the terms of a sum stay whole), then at a space, then
after a "·", each more the deeper in brackets; a continuation line is indented. The
numbers are not touched: only where the lines break.
"""

from __future__ import annotations

import html

from PySide6.QtGui import QFont, QFontMetricsF

# a continuation line's indent (no-break spaces: rich text keeps them at a line's start)
INDENT = "\u00a0" * 4
RELATIONS = ("= ", "≈ ", "← ")     # break before these first …
OPERATORS = ("+ ", "− ", "× ")     # … then before these (binary: a space either side)
SAFETY = 4                         # px kept free at the right of a measured line
FORCED = 1000                      # the cost of a piece wider than the line (Qt wraps it)
RAGGED = 2.0                       # the cost of a line broken with all its room left


def breakable(text: str) -> str:
    """`text` with a line break allowed after each "·" (a zero-width space): a product of
    numbers such as 0.2470·(0.1496·(−0.1300)) one word wider than the panel (at 250 %) had
    been cut off at the right."""
    return text.replace("·", "·\u200b")


def break_points(text: str) -> list[tuple[int, int, int]]:
    """(end of the line before, start of the line after, cost) of each place `text` may
    break, in order: at a space (before a relation 0, before an operator 1, else 3, right
    after an operator 8) and after a "·" followed by a factor (4); + 1 per bracket level."""
    out: list[tuple[int, int, int]] = []
    depth = 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == " " and 0 < i < len(text) - 1 and text[i - 1] != " ":
            after = text[i + 1:i + 3]
            if after in RELATIONS:
                cost = 0
            elif after in OPERATORS:
                cost = 1
            elif text[i - 1] in "=≈←+−×" and (i < 2 or text[i - 2] == " "):
                cost = 8
            else:
                cost = 3
            out.append((i, i + 1, cost + depth))
        elif ch == "·" and i + 1 < len(text) and text[i + 1] != " ":
            out.append((i + 1, i + 1, 4 + depth))
    return out


def wrap(text: str, fm: QFontMetricsF, width: float) -> list[str]:
    """`text` as the lines it takes at `width` px in the type of `fm` (continuation lines
    without their INDENT): the fewest lines, then the cheapest breaks (break_points) and
    the least room left at the end of the lines before the last (RAGGED)."""
    room = width - SAFETY
    if room <= 0 or fm.horizontalAdvance(text) <= room:
        return [text]
    points = break_points(text)
    n = len(text)
    marks = sorted({0, n} | {e for e, _s, _c in points} | {s for _e, s, _c in points})
    adv = {i: fm.horizontalAdvance(text[:i]) for i in marks}
    indent, space = fm.horizontalAdvance(INDENT), fm.horizontalAdvance(" ")

    def span(s: int, e: int) -> float:
        lead = len(text[s:e]) - len(text[s:e].lstrip(" "))    # (spaces a line drops)
        return adv[e] - adv[s] - lead * space + (indent if s else 0)

    # best[s]: (lines, cost, the break taken) laying out text[s:], from the last start back
    starts = [0] + [s for _e, s, _c in points]
    best: dict[int, tuple[int, float, int]] = {}
    for s in sorted(set(starts), reverse=True):
        options = []
        if span(s, n) <= room:
            options.append((1, 0, -1))
        later = [k for k, (e, nxt, _c) in enumerate(points) if e > s and nxt > s]
        for k in later:
            e, nxt, cost = points[k]
            width_k = span(s, e)
            if width_k <= room:
                lines, rest, _k = best[nxt]
                ragged = RAGGED * ((room - width_k) / room) ** 2   # (a short line before)
                options.append((1 + lines, cost + ragged + rest, k))
        if not options:                  # no break leaves a line that fits: the first one
            if later:                    # (the piece is wider than the line: Qt wraps it)
                k = later[0]
                lines, rest, _k = best[points[k][1]]
                options.append((1 + lines, FORCED + points[k][2] + rest, k))
            else:
                options.append((1, FORCED, -1))
        best[s] = min(options)
    out, s = [], 0
    while True:
        k = best[s][2]
        if k < 0:
            out.append(text[s:].strip(" "))
            return out
        out.append(text[s:points[k][0]].strip(" "))
        s = points[k][1]


def font_at(base: QFont, px: int, weight: int = 400) -> QFont:
    """`base` at px pixels and the given CSS weight (what a line's style sheet sets)."""
    font = QFont(base)
    font.setPixelSize(max(1, px))
    font.setWeight(QFont.Weight.DemiBold if weight >= 600 else QFont.Weight.Normal)
    return font


_WRAPPED: dict[tuple[str, str, float], list[str]] = {}   # wrap's, by text, type and width


def wrapped(text: str, font: QFont, fm: QFontMetricsF, width: float) -> list[str]:
    """wrap(text, fm, width), remembered (the panel tries a beat in several forms at each
    step, most of their lines the same)."""
    key = (text, font.key(), width)
    if key not in _WRAPPED:
        if len(_WRAPPED) > 512:
            _WRAPPED.clear()
        _WRAPPED[key] = wrap(text, fm, width)
    return _WRAPPED[key]


def line_html(text: str, fm: QFontMetricsF | None, width: float,
              font: QFont | None = None) -> str:
    """One line of the panel's as rich text: broken at `width` (wrap; no measuring, fm
    None: as one piece), each continuation indented; a piece still wider than the line may
    break after its "·" (breakable). `font`: fm's, to remember the breaks by."""
    pieces = [text] if fm is None else wrap(text, fm, width) if font is None \
        else wrapped(text, font, fm, width)
    room = width - SAFETY
    out = []
    for i, piece in enumerate(pieces):
        lead = INDENT if i else ""
        escaped = html.escape(lead + piece)
        if fm is None or fm.horizontalAdvance(lead + piece) > room:
            escaped = breakable(escaped)
        out.append(escaped)
    return "<br>".join(out)


def is_formula(text: str, role: str) -> bool:
    """Whether a (text, role) line is a formula, broken by wrap (a note in words, muted, is
    left to the label to wrap at its spaces; its muted formulas are g'(z) and ∂L/∂o)."""
    return role != "muted" or text.startswith(("g'(z) =", "∂L/∂"))


def lines_html(lines, px: int, base: QFont, width: float, colours, heading: bool,
               gap: int = 3) -> str:
    """The panel's (text, role) lines as rich text in its type at px (a heading, the first
    line when `heading`, at px + 2 and semi-bold), the formulas broken at `width` px (wrap;
    width ≤ 0: left to the label); `colours` maps a role to its colour; `gap`: px between
    lines."""
    font, fm = None, None
    rows = []
    for i, (text, role) in enumerate(lines):
        first = i == 0 and heading
        weight, size = (600, px + 2) if first else (400, px)
        measured = not first and width > 0 and is_formula(text, role)
        if measured and fm is None:           # (the formulas' type: one size and weight)
            font = font_at(base, size, weight)
            fm = QFontMetricsF(font)
        rows.append(f'<div style="color:{colours(role)}; font-size:{size}px; '
                    f'font-weight:{weight}; margin-bottom:{gap}px">'
                    f'{line_html(text, fm if measured else None, width, font)}</div>')
    return "".join(rows)
