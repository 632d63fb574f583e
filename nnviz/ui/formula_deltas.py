"""The formula panel's number helpers and its backward-pass lines: δ = ∂L/∂z of one unit,
and a weight's gradient and step, filled in with the engine's numbers.

Every value written is a field of an engine event or trace, or the engine's own activation
of a z it recorded; the lines only write them out so that the numbers shown multiply out to
the δ shown (the engine's). Intermediate sums are those of the numbers the engine used:
  output, fused (sigmoid+bce, softmax+cce)   δ = o − t (bce: over K outputs, (o − t)/K)
  output, softmax under any other loss        δᵢ = aᵢ(∂L/∂aᵢ − Σⱼ aⱼ ∂L/∂aⱼ) (the Jacobian)
  output, element-wise                        δ = ∂L/∂o · g'(z)
  hidden                                      δ = g'(z)·Σₖ wₖδₖ, × 1/(1 − p) when dropout kept
                                              the unit and × 0 when it dropped it
g'(z) is the derivative at the unit's own z: with dropout the a the unit sent on is g(z)
scaled, so the g'(z) line writes the unscaled g(z) it comes from.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from ..engine import get_activation
from ..engine.events import DeltaUnit, OutputError, WeightUpdate
from ..engine.optimizers import FORMULAS
from .numbers import fmt, sub

MAX_TERMS = 4          # first terms of a long sum shown before "+ … +" and its last
SYMBOL = {"sigmoid": "σ", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "LeakyReLU",
          "step": "step", "sign": "sign", "linear": "", "softmax": "softmax"}
DERIV = {"sigmoid": "a(1 − a)", "tanh": "1 − a²", "relu": "1 if z > 0 else 0",
         "leaky_relu": "1 if z > 0 else 0.01", "linear": "1", "step": "0", "sign": "0",
         "softmax": "a(1 − a)"}


def num(v: float) -> str:
    """A number in a formula; negative ones in brackets when multiplied."""
    return fmt(v)


def factor(v: float) -> str:
    s = fmt(v)
    return f"({s})" if v < 0 else s


def shown(v: float, digits: int = 4) -> Decimal:
    """v exactly as a formula shows it (fmt's rounding), to check what the shown numbers
    give (in decimal: 0.25·0.0542 is 0.01355, as on paper)."""
    return Decimal(fmt(v, digits).replace("−", "-"))


def equals(from_shown: Decimal | None, v: float) -> str:
    """The sign before a result v: '=' when the numbers shown before it (giving from_shown;
    None: not all of them are shown) make v as shown, rounding half up as on paper; '≈'
    when they miss it (each was rounded)."""
    if from_shown is None:
        return "="
    result = fmt(v)
    if "e" not in result and from_shown.is_finite() and abs(from_shown) < 10 ** 4:
        paper = from_shown.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
        return "=" if fmt(float(paper)) == result else "≈"
    return "=" if fmt(float(from_shown)) == result else "≈"     # tiny, huge or NaN


def all_shown(n: int, keep: int = MAX_TERMS) -> bool:
    """Whether terms_sum(terms, keep) writes out all n terms (else what the shown numbers
    give is unknown: equals then writes =)."""
    return n <= keep + 1


def terms_sum(terms: list[str], keep: int = MAX_TERMS) -> str:
    """The terms of a sum joined by +; a longer one than keep + 1 terms keeps its first
    `keep` and its last, the middle elided: t₁ + t₂ + … + tₙ (the total that follows is the
    engine's own)."""
    if all_shown(len(terms), keep):
        return " + ".join(terms)
    return " + ".join(terms[:keep]) + " + … + " + terms[-1]


def _scale_text(scale: float) -> str:
    """Dropout's factor as the forward pass writes it (a = g(z) × 1.25)."""
    return f"{scale:.4g}"


def output_errors(events) -> dict[int, dict[int, OutputError]]:
    """A step's OutputError events by sample, then unit (the outputs' o, t and ∂L/∂o)."""
    index: dict[int, dict[int, OutputError]] = {}
    for ev in events:
        if isinstance(ev, OutputError):
            index.setdefault(ev.sample, {})[ev.unit] = ev
    return index


def delta_lines(ev: DeltaUnit, name: str, act: str, trace,
                outs: dict[int, OutputError], keep: int = MAX_TERMS,
                short: bool = False) -> list[tuple[str, str]]:
    """(text, role) lines for one unit's δ: `name` is the unit's, `act` its layer's
    activation, `trace` the step's StepTrace and `outs` the output units' OutputError
    events on this sample (unit → event; see output_errors); `keep`: the first terms of a
    long sum written out (terms_sum); `short`: dropout's notes in their short forms."""
    if ev.is_output:
        return _output(ev, name, act, trace, outs, keep)
    return _hidden(ev, name, act, trace, keep, short)


def _output(ev: DeltaUnit, name, act, trace, outs, keep=MAX_TERMS):
    mine = outs.get(ev.unit)
    if ev.fused:
        if mine is None:
            return [(f"{name}: δ = ∂L/∂z = o − t (the {ev.fused} shortcut) = {num(ev.delta)}",
                     "backward")]
        diff = f"{num(mine.o)} − {factor(mine.t)}"
        K = len(outs)
        if ev.fused.endswith("+bce") and K > 1:     # bce is the mean over the K outputs
            sign = equals((shown(mine.o) - shown(mine.t)) / K, ev.delta)
            return [(f"{name}: δ = ∂L/∂z = (o − t)/K = ({diff}) / {K} {sign} {num(ev.delta)}"
                     f"   (the {ev.fused} shortcut)", "backward")]
        sign = equals(shown(mine.o) - shown(mine.t), ev.delta)
        return [(f"{name}: δ = ∂L/∂z = o − t = {diff} {sign} {num(ev.delta)}"
                 f"   (the {ev.fused} shortcut)", "backward")]
    if act == "softmax":
        return _softmax(ev, name, outs, keep)
    if trace.loss_name == "half_sse" and act == "sigmoid":
        a = shown(ev.a)
        sign = equals(shown(ev.dL_da) * a * (1 - a), ev.delta)
        return [(f"{name}: δ = (o − t)·o(1 − o) = {factor(ev.dL_da)}·{num(ev.a)}·"
                 f"(1 − {num(ev.a)}) {sign} {num(ev.delta)}", "backward")]
    sign = equals(shown(ev.dL_da) * shown(ev.fprime), ev.delta)
    dname = DERIV.get(act, "g'(z)")
    return [(f"{name}: δ = ∂L/∂o · g'(z) = {factor(ev.dL_da)}·{factor(ev.fprime)} "
             f"{sign} {num(ev.delta)}   (g'(z) = {dname})", "backward")]


def _softmax(ev: DeltaUnit, name, outs, keep=MAX_TERMS):
    """A softmax output under a loss other than cce: every output's a depends on every z,
    so δᵢ = aᵢ(∂L/∂aᵢ − Σⱼ aⱼ ∂L/∂aⱼ), written with all the outputs' a and ∂L/∂a."""
    k = sub(ev.unit + 1)
    head = f"{name}: δ = a{k}·(∂L/∂a{k} − Σⱼ aⱼ·∂L/∂aⱼ)"
    note = ("softmax ties the outputs together: each a depends on every z, so δ takes in "
            "every output's ∂L/∂a (with cross-entropy this comes to o − t)")
    if not outs or ev.unit not in outs:
        return [(f"{head} = {num(ev.delta)}", "backward"), (note, "muted")]
    units = sorted(outs)
    terms = [f"{factor(outs[j].o)}·{factor(outs[j].dL_do)}" for j in units]
    # the engine's sum, of the engine's own a and ∂L/∂a (as softmax's backward takes it)
    s = float(sum(outs[j].o * outs[j].dL_do for j in units))
    s_shown = sum(shown(outs[j].o) * shown(outs[j].dL_do) for j in units) \
        if all_shown(len(terms), keep) else None
    a, g = num(ev.a), num(ev.dL_da)
    sign = equals(shown(ev.a) * (shown(ev.dL_da) - shown(s)), ev.delta)
    text = (f"{head} = {a}·({g} − ({terms_sum(terms, keep)})) {equals(s_shown, s)} "
            f"{a}·({g} − {factor(s)}) {sign} {num(ev.delta)}")
    return [(text, "backward"), (note, "muted")]


def _hidden(ev: DeltaUnit, name, act, trace, keep=MAX_TERMS, short=False):
    terms = [f"{factor(w)}·{factor(d)}" for _k, w, d in ev.downstream]
    back = sum(shown(w) * shown(d) for _k, w, d in ev.downstream) \
        if all_shown(len(terms), keep) else None
    total = terms_sum(terms, keep)
    fp, da = factor(ev.fprime), factor(ev.dL_da)
    dropout = ev.dropped or ev.scale != 1.0
    if not dropout:
        sign = equals(shown(ev.fprime) * shown(ev.dL_da), ev.delta)
        text = (f"{name}: δ = g'(z)·Σₖ wₖδₖ = {fp}·({total}) "
                f"{equals(back, ev.dL_da)} {fp}·{da} {sign} {num(ev.delta)}")
        return [(text, "backward"), _fprime_line(ev, act)]
    p = getattr(trace, "dropout", 0.0)
    g = _g_of_z(ev, act)
    if ev.dropped:
        result = "0" if ev.delta == 0 else num(ev.delta)
        text = (f"{name}: δ = g'(z)·Σₖ wₖδₖ × 0 = {fp}·({total}) × 0 "
                f"{equals(back, ev.dL_da)} {fp}·{da} × 0 = {result}")
        why = (f"dropped out (p = {p:g}): it sent 0, so its δ is × 0 too" if short else
               f"dropped out on this step (p = {p:g}): it sent a = g(z) × 0 = 0, nothing, "
               "so no error flows back through it: its δ is × 0 too")
    else:
        sc = _scale_text(ev.scale)
        sc_shown = Decimal(sc)
        sign = equals(shown(ev.fprime) * shown(ev.dL_da) * sc_shown, ev.delta)
        text = (f"{name}: δ = g'(z)·Σₖ wₖδₖ × 1/(1 − p) = {fp}·({total}) × {sc} "
                f"{equals(back, ev.dL_da)} {fp}·{da} × {sc} {sign} {num(ev.delta)}")
        sent = f"{factor(g)} × {sc} {equals(shown(g) * sc_shown, ev.a)} {num(ev.a)}" \
            if g is not None else num(ev.a)
        why = (f"kept by dropout (p = {p:g}): it sent a = g(z) × {sc}, so its δ is × {sc} too"
               if short else f"kept by dropout (p = {p:g}): it sent a = g(z) × 1/(1 − p) = "
               f"{sent}, so its δ takes the same × {sc}")
    return [(text, "backward"), _fprime_line(ev, act, g, short), (why, "muted")]


def _g_of_z(ev: DeltaUnit, act: str) -> float | None:
    """g(z) of the unit, unscaled by dropout: the engine's activation of the z it recorded
    (what the engine's g'(z) is computed from). None for softmax (not element-wise)."""
    if act == "softmax":
        return None
    return float(get_activation(act).f(np.array([ev.z], dtype=float))[0])


def _fprime_line(ev: DeltaUnit, act: str, g: float | None = None,
                 short: bool = False) -> tuple[str, str]:
    """g'(z) written out from the unit's activation. With dropout (g given: the unit's
    unscaled g(z)) the a the unit sent is g(z) × 1/(1 − p) or 0, not g(z): the line writes
    g(z) itself, what the engine's g'(z) is computed from (`short`: without saying so)."""
    dname = DERIV.get(act, "g'(z)")
    if act not in ("sigmoid", "tanh"):
        return (f"g'(z) = {dname} = {num(ev.fprime)}   (z = {num(ev.z)})", "muted")
    if g is None:
        g, letter, tail = ev.a, "a", ""
    else:
        letter = "g(z)"
        tail = "" if short else \
            f"   (g(z) = {SYMBOL[act]}(z) = {num(g)}: the unit's own value, before dropout)"
    gs = shown(g)
    if act == "tanh":
        numbers, from_shown = f"1 − {factor(g)}²", 1 - gs * gs
    else:
        numbers, from_shown = f"{num(g)}·(1 − {num(g)})", gs * (1 - gs)
    return (f"g'(z) = {dname.replace('a', letter)} = {numbers} "
            f"{equals(from_shown, ev.fprime)} {num(ev.fprime)}{tail}", "muted")


def update_lines(ev: WeightUpdate, to: str, frm: str | None, keep: int = MAX_TERMS,
                 short: bool = False) -> list[tuple[str, str]]:
    """The gradient of one weight (or bias, `frm` None) into unit `to`, and its step
    (`keep`: the first terms of the batch's sum written out, see terms_sum; `short`:
    another optimizer's step without its rule in brackets)."""
    if ev.is_bias:
        w, g = f"b({to})", "∂L/∂b"
        prods = [factor(d) for d, _x in ev.terms]
    else:
        w = f"w({frm}→{to})"
        g = "∂L/∂w"
        prods = [f"{factor(d)}·{factor(x)}" for d, x in ev.terms]
    B = len(ev.terms)
    form = "δ" if ev.is_bias else "δ·x"
    plain = B == 1 and ev.is_bias and not ev.grad_reg and ev.clip_scale == 1.0
    if plain:               # ∂L/∂b = δ: the one number is the gradient
        grad = f"{g} = {form}"
    elif B == 1:
        grad = f"{g} = {form} = {prods[0]}"
    else:
        grad = f"{g} = mean of {form} = ({terms_sum(prods, keep)}) / {B}"
    if ev.grad_reg:
        grad += f" + {factor(ev.grad_reg)} (penalty)"
    if ev.clip_scale != 1.0:
        grad += f", clipped ×{fmt(ev.clip_scale, 3)}"
    grad += f" {equals(_grad_from_shown(ev, keep), ev.grad)} {num(ev.grad)}"
    if ev.optimizer == "sgd":
        new = shown(ev.old) - shown(ev.lr, 3) * shown(ev.grad)
        step = (f"{w} ← {w.split('(')[0]} − η·{g} = {num(ev.old)} − {fmt(ev.lr, 3)}·"
                f"{factor(ev.grad)} {equals(new, ev.new)} {num(ev.new)}")
    else:
        step = f"{w} ← {num(ev.old)} + ({ev.optimizer} step {num(ev.step)}) = {num(ev.new)}"
        if not short:
            step += f"   [{FORMULAS.get(ev.optimizer, '')}]"
    return [(grad, "backward"), (step, "update")]


def _grad_from_shown(ev: WeightUpdate, keep: int = MAX_TERMS) -> Decimal | None:
    """What the gradient line's shown numbers give (None: some terms are elided)."""
    if not all_shown(len(ev.terms), keep):
        return None
    prods = [shown(d) * (1 if ev.is_bias else shown(x)) for d, x in ev.terms]
    g = sum(prods) / len(prods) + (shown(ev.grad_reg) if ev.grad_reg else 0)
    return g * shown(ev.clip_scale, 3) if ev.clip_scale != 1.0 else g
