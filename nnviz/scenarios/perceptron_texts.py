"""The perceptron scenario's words: the explanation, the step formula with the real
numbers, and the verdict (converged / never converges / still learning)."""

from __future__ import annotations

from ..ui.numbers import unbroken
from .perceptron_model import PerceptronModel

# the panel's explanation: (always shown, shown after "More…"); folded, the learning
# settings and Reset fit a 1280×800 screen
EXPLANATION = (
    "<p>Rosenblatt's perceptron (1958) computes z = w0·x0 + w1·x1 + w2·x2 (the bias w0 is "
    "the weight of an input x0 that is always 1) and answers y = 1 when z ≥ 0, else 0 (or "
    "−1 with bipolar targets).</p>"
    "<p>It <b>learns</b> from its mistakes, one sample at a time: when y differs from the "
    "target t, every weight moves by η(t − y)·x. Right answers change nothing.</p>",
    "<p>On the plane, the answer changes along the line z = 0; the weight vector w is "
    "perpendicular to it and points to the side where y = 1 (shaded). If a line can split "
    "the two classes, the rule is guaranteed to find one after a finite number of "
    "mistakes.</p>"
    "<p>The toolbar drives it: <b>▶|</b> steps, <b>◀</b> undoes, <b>▶</b> plays, and "
    "<b>▶▶ train</b> runs whole epochs until it converges or the weights repeat. "
    "<b>Reset</b>: back to the initial weights.</p>")

MINSKY_PAPERT = (
    "<p><b>Minsky and Papert's point (1969).</b> A perceptron draws a single straight line, "
    "and no straight line puts (0, 1) and (1, 0) on one side and (0, 0) and (1, 1) on the "
    "other. So the rule keeps correcting one mistake by making another, for ever. Layers of "
    "units can do it, but in 1969 nobody knew how to train the hidden ones.</p>")


def fmt(v: float) -> str:
    """A number as the class would write it: at most 3 decimals, no trailing zeros."""
    v = round(float(v), 3) + 0.0
    return (f"{v:g}" if abs(v) < 1e5 else f"{v:.3g}").replace("-", "−")


def par(v: float) -> str:
    """A factor in a product: negative numbers in parentheses."""
    return f"({fmt(v)})" if round(float(v), 3) < 0 else fmt(v)


TYPE_SIZES = ("x-large", "large", "medium")     # the step's type, largest first


def formula_forms(m) -> list[str]:
    """The step's text in every form, the fullest first: in its large type with small
    formulas kept whole, then free to break after each "=", then the same in smaller type.
    The view shows the first whose longest unbreakable piece fits its width (at 200 % in
    a 1024×600 window "+ w2·x2 = (−1)·1" was wider than the text and ran off its right)."""
    return [formula_html(m, TYPE_SIZES[0], loose=False)] + [
        formula_html(m, size, loose=True) for size in TYPE_SIZES]


def formula_html(m: PerceptronModel, size: str = TYPE_SIZES[0], loose: bool = False) -> str:
    """The step in words and numbers, in this CSS type size; loose: a line may break after
    any "=" too (see glue)."""
    rec = m.last
    lo = "−1" if m.bipolar else "0"
    p = f"<p style='font-size:{size}'>"
    if rec is None:
        w0, (w1, w2) = m.b, m.w
        w = _whole
        return glue(f"{p}Before learning: {w('w0 =', w0)} (the bias, {w('x0 =', 1)}), "
                    f"{w('w1 =', w1)}, {w('w2 =', w2)}, {w('η =', m.lr)}.<br>"
                    f"Step with <b>▶|</b> or play with <b>▶</b>: the perceptron looks at "
                    f"the {len(m.points)} points one at a time, in order, and answers "
                    f"{w('y =', 1)} if {unbroken('z ≥ 0')}, else {lo}.</p>", loose)
    (x1, x2), (w1, w2), w0 = rec.x, rec.w_before, rec.b_before
    head = (f"Epoch {rec.epoch}, sample {rec.index + 1} of {len(m.points)}: "
            f"x = {unbroken(f'({fmt(x1)}, {fmt(x2)})')}, target {_whole('t =', rec.target)}")
    cmp = "≥" if rec.z >= 0 else "&lt;"
    z = (f"z = w0·x0 + w1·x1 + w2·x2 = {par(w0)}·1 + {par(w1)}·{par(x1)} + {par(w2)}·{par(x2)}"
         f" = <b>{fmt(rec.z)}</b> {cmp} 0, so {unbroken('y = ')}<b>{fmt(rec.output)}</b>")
    if not rec.mistake:
        verdict = "<span style='color:{c}'>✔ right: the weights stay as they are.</span>"
        return glue(f"{p}{head}<br>{z}<br>" + verdict.format(c=_colour("forward")) + "</p>",
                    loose)
    e = rec.error
    rows = []
    for name, old, x, new in (("w0", w0, 1.0, rec.b_after), ("w1", w1, x1, rec.w_after[0]),
                              ("w2", w2, x2, rec.w_after[1])):
        rows.append(f"{name} ← {par(old)} + {par(m.lr)}·{par(e)}·{par(x)} = "
                    f"<b>{fmt(new)}</b>")
    rule = f"w ← w + {unbroken('η(t − y)x')}" if loose else unbroken("w ← w + η(t − y)x")
    return glue(f"{p}{head}<br>{z}<br>"
                f"<span style='color:{_colour('update')}'>✘ mistake: {_whole('t − y =', e)}, so "
                f"{rule}:</span><br>" + " &nbsp;&nbsp; ".join(rows) + "</p>", loose)


def _whole(name: str, v: float) -> str:
    """A short formula such as "t = 1" never broken, not even in a loose form."""
    return unbroken(f"{name} {fmt(v)}")


def glue(html: str, loose: bool = False) -> str:
    """Small formulas kept whole: a line may break before a + or − between terms, never
    inside "x0 = 1", "w1 ← 0" or "z ≥ 0" ("x0 / = 1" had wrapped in a narrow text).
    Loose: a line may break after an "=" too (the "=" stays at the end of the line)."""
    for op in (" = ", " ≥ ", " &lt; ", " ← "):
        after = " " if loose and op == " = " else "\u00a0"
        html = html.replace(op, f"\u00a0{op.strip()}{after}")
    return html.replace(" + ", " +\u00a0").replace(" − ", " −\u00a0")


def _colour(role: str) -> str:
    from ..ui import theme
    return getattr(theme.current(), role)


def verdict_html(m: PerceptronModel) -> str:
    """What the run has shown so far."""
    if not m.points:
        return "<p>No points: left-click the plane to add some.</p>"
    done = m.epoch
    if m.converged:
        return (f"<p style='font-size:x-large; color:{_colour('forward')}'><b>Converged after "
                f"{done} epoch{'s' if done != 1 else ''}.</b></p><p>Epoch {done} made no "
                f"mistake: every point is on its own side of the line, so the weights will "
                f"not change again ({len(m.unit.steps)} samples shown, "
                f"{sum(m.unit.epoch_errors)} updates).</p>")
    if m.cycle is not None:
        a, b = m.cycle
        start = "the start" if a == 0 else f"the end of epoch {a}"
        text = (f"<p style='font-size:x-large; color:{_colour('backward')}'><b>It never "
                f"converges.</b></p><p>The weights at the end of epoch {b} are exactly those "
                f"of {start}, so " + (f"epoch {b}'s updates cancel out and it will repeat"
                                      if b - a == 1 else f"epochs {a + 1}–{b} will repeat")
                + " for ever, always with mistakes.</p>")
        return text + (MINSKY_PAPERT if m.preset == "xor" else
                       "<p>No straight line separates these points.</p>")
    errs = m.unit.epoch_errors
    if m.cursor == 0 and errs:    # between epochs: the last one is over, the next not begun
        text = (f"<p style='font-size:x-large'><b>Epoch {done}</b> done: {_mistakes(errs[-1])}."
                "</p><p>The next step starts the next epoch.</p>")
    else:
        text = (f"<p style='font-size:x-large'><b>Epoch {done + 1}</b>: "
                f"{_mistakes(m.mistakes)} so far in this epoch.</p>")
        if errs:
            text += f"<p>Last full epoch: {_mistakes(errs[-1])}.</p>"
    if m.preset == "nonseparable":
        text += ("<p>This set cannot be split by a straight line (a point of each class sits "
                 "inside the other class), so it will never converge.</p>")
    return text


def _mistakes(n: int) -> str:
    return f"{n} mistake{'s' if n != 1 else ''}"
