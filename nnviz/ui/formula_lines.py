"""FormulaLines: the words and numbers of the player's current beat, as (text, role) lines:
the heading, each event's formula filled in with the engine's own numbers (never recomputed
here: only formatted; deltas and updates in formula_deltas), and, idle, what a step will
write out. The FormulaPanel (formula.py) shows them."""

from __future__ import annotations

from decimal import Decimal

import numpy as np

from ..engine import get_activation, get_loss
from ..engine.events import BatchLoss, DeltaUnit, ForwardUnit, OutputError, SampleLoss, WeightUpdate
from ..engine.optimizers import FORMULAS
from .canvas_model import CanvasModel, fmt, sub
from .formula_deltas import (
    MAX_TERMS,
    SYMBOL,
    all_shown,
    delta_lines,
    equals,
    factor,
    num,
    output_errors,
    shown,
    terms_sum,
    update_lines,
)
from .formula_fit import is_formula

MAX_EVENTS = 3         # events of one beat written out in full
# How tightly a beat is written (FormulaLines.lines' `tight`), for a panel that would not
# show it whole: 0 as it is; 1 the heading without its loss's name and a long sum with its
# first two terms, its last and the total; 2 the first term, its last and the total;
# 3 (TIGHTEST) the heading just the phase (the canvas's header names the sample), with the
# count of the beat's other events in brackets instead of a line of its own, and the
# formulas without their notes in words (dropout's, softmax's: the label's tooltip has them).
# The numbers are the engine's at every level: only fewer of them are written.
TIGHTEST = 3
KEEP = {0: MAX_TERMS, 1: 2, 2: 1, 3: 1}    # the first terms of a long sum written, by tightness
ROUNDED = ("≈ marks a result that the rounded numbers shown miss in the last digit: the "
           "network computes with all their digits.")
# its short form, for a step that would not show whole with it (the long one is the tooltip)
ROUNDED_SHORT = "≈: the rounded numbers miss the last digit"


# (not Page Down: the clicker's key, which in a lesson may turn the slide instead)
IDLE_HINT = "Step with → to see learning number by number; Space plays."
IDLE_HINT_SHORT = "→ steps, Space plays"      # (a panel of one line)


def shown_sample(evs):
    """(the events of a beat to write out, how many other samples it holds): a beat over
    several samples (a whole batch's forward pass) is written out for the sample the canvas
    shows, its last (the panel had worked out the first while the canvas and its header
    showed the last)."""
    samples = [ev.sample for ev in evs if getattr(ev, "sample", None) is not None]
    if len(set(samples)) < 2:
        return evs, 0
    last = samples[-1]
    return ([ev for ev in evs if getattr(ev, "sample", None) in (None, last)],
            len(set(samples)) - 1)


class FormulaLines:
    """The (text, role) lines of the player's current beat (roles: the theme's phase
    colours, "muted", "text")."""

    def __init__(self, player):
        self.player = player
        self._names = CanvasModel(player.session, player)
        self._errors = (None, {})   # (the player's events, their OutputErrors indexed)

    def lines(self, max_events: int = MAX_EVENTS, brief: bool = False,
              tight: int = 0) -> list[tuple[str, str]]:
        """(text, role) lines for the current beat (plain text; tests read them), at most
        max_events events written out; `brief`: the notes after them in their short forms
        (for a step that would not show whole with the long ones); `tight`: how compactly
        (0 … TIGHTEST, see KEEP)."""
        p = self.player
        if p.trace is None or not p.active:
            return self.idle_lines()
        evs, others = shown_sample(p.active)
        heading = self.heading(evs, short=tight > 0, bare=tight >= TIGHTEST)
        if tight >= TIGHTEST:          # the counts in brackets, not lines of their own
            counts = [f"{max_events} of {len(evs)} shown"] if len(evs) > max_events else []
            counts += [f"the other {others} sample{'' if others == 1 else 's'} alike"] \
                if others else []
            heading += f" ({', '.join(counts)})" if counts else ""
        out = [(heading, evs[0].phase if evs[0].phase != "error" else "backward")]
        for ev in evs[:max_events]:
            lines = self.event_lines(ev, KEEP[tight], short=tight > 1)
            # (tightest: the formulas alone, without their notes in words)
            out.extend(line for line in lines if tight < TIGHTEST or is_formula(*line))
        if len(evs) > max_events and tight < TIGHTEST:
            more = f"… and {len(evs) - max_events} more like these"
            out.append((more if tight > 1 else f"{more} (hover the canvas)" if brief
                        else f"{more} at the same time (hover the canvas for each one's "
                        "numbers)", "muted"))
        if others and tight < TIGHTEST:
            out.append((f"… and the same for the batch's other {others} sample"
                        f"{'' if others == 1 else 's'}", "muted"))
        if any(" ≈ " in text for text, _role in out):
            out.append((ROUNDED_SHORT if brief else ROUNDED, "muted"))
        return out

    def idle_lines(self) -> list[tuple[str, str]]:
        """Idle: the hint, then what a step will write out, in symbols and in the phases'
        colours (the panel keeps its stepping height, see ROWS: this fills it usefully).
        refresh shows as many of them as fit."""
        out = [(IDLE_HINT, "muted")]
        try:
            tr = self.player.session.trainer
            acts = [layer.activation for layer in tr.net.layers]
            loss = get_loss(tr.loss)
        except (AttributeError, KeyError, ValueError):
            return out
        hidden = list(dict.fromkeys(acts[:-1]))
        g = (f"output {acts[-1]}" if not hidden else f"{acts[-1]} in every layer"
             if hidden == [acts[-1]] else f"hidden {', '.join(hidden)}; output {acts[-1]}")
        out.append((f"Forward pass: z = b + Σᵢ wᵢxᵢ, then a = g(z) ({g})", "forward"))
        out.append((f"Backward pass: δ = ∂L/∂z for each unit, from the outputs back; "
                    f"{loss.formula}", "backward"))
        eta = f"η = {tr.lr:g}"           # (as the learning-rate control writes it)
        if tr.optimizer == "sgd":
            step = f"w ← w − η·∂L/∂w with {eta}"
        else:
            step = f"{tr.optimizer}, {eta}: {FORMULAS.get(tr.optimizer, '')}"
        out.append((f"Weight update: {step}", "update"))
        return out

    def heading(self, evs, short: bool = False, bare: bool = False) -> str:
        """The beat's heading; `short`: without the loss's name and "(backpropagation)"
        (a line of the panel's, in projector type on a small screen); `bare`: without the
        sample's number too (the canvas's header has it)."""
        ev = evs[0]
        if isinstance(ev, BatchLoss):   # after the backward pass: not the outputs' error
            return ("Loss of the batch" if ev.batch_size > 1 else "Loss") + \
                ("" if short else f" — {get_loss(ev.loss_name).label}")
        phase = {"forward": "Forward pass", "error": "Error at the outputs",
                 "backward": "Backward pass" if short else "Backward pass (backpropagation)",
                 "update": "Weight update"}[ev.phase]
        tr = self.player.trace
        where = []
        if getattr(ev, "sample", None) is not None and tr.batch_size > 1 and not bare:
            where.append(f"sample {ev.sample + 1} of {tr.batch_size}")
        if ev.phase == "update":
            where.append(f"{'' if short else 'learning rate '}η = {fmt(tr.lr, 3)}")
        elif ev.phase in ("error", "backward") and not short:
            where.append(f"loss: {get_loss(tr.loss_name).label}")
        return phase + (" — " + ", ".join(where) if where else "")

    def unit(self, layer: int, unit: int) -> str:
        return self._names.unit_name(layer + 1, unit)

    def input(self, layer: int, j: int) -> str:
        return self._names.unit_name(layer, j)

    def event_lines(self, ev, keep: int = MAX_TERMS, short: bool = False
                    ) -> list[tuple[str, str]]:
        """The lines of one event (`keep`: the first terms of a long sum written; `short`:
        its notes in short)."""
        if isinstance(ev, ForwardUnit):
            return self._forward(ev, keep)
        if isinstance(ev, OutputError):
            name = self.unit(ev.layer, ev.unit)
            diff = equals(shown(ev.o) - shown(ev.t), ev.error)
            return [(f"{name}: error = o − t = {num(ev.o)} − {factor(ev.t)} {diff} "
                     f"{num(ev.error)}", "backward"),
                    (f"∂L/∂o = {num(ev.dL_do)}", "muted")]
        if isinstance(ev, SampleLoss):
            loss = get_loss(ev.loss_name)
            return [(f"{loss.formula} = {num(ev.loss)}  (this sample)", "text")]
        if isinstance(ev, BatchLoss):
            text = (f"batch loss L = mean over {ev.batch_size} samples = {num(ev.loss)}"
                    if ev.batch_size != 1 else
                    f"loss L = {num(ev.loss)}  (one sample per update: the batch is this sample)")
            if ev.reg:
                text += f"  (+ {num(ev.reg)} from the L1/L2 penalty)"
            return [(text, "text")]
        if isinstance(ev, DeltaUnit):
            return self._delta(ev, keep, short)
        if isinstance(ev, WeightUpdate):
            return self.update(ev, keep, short)
        return [(repr(ev), "text")]

    def _forward(self, ev: ForwardUnit, keep: int = MAX_TERMS):
        name = self.unit(ev.layer, ev.unit)
        v = "x" if ev.layer == 0 else "h"     # its inputs: the data, or hidden units
        xs = [f"w{sub(j + 1)}{v}{sub(j + 1)}" for j in range(len(ev.x))]
        sym = " + ".join(xs) if len(xs) <= 3 else f"Σᵢ wᵢ{v}ᵢ"
        terms = [f"{factor(w)}·{factor(x)}" for w, x in zip(ev.w, ev.x)]
        z = shown(ev.b) + sum(shown(w) * shown(x) for w, x in zip(ev.w, ev.x)) \
            if all_shown(len(terms), keep) else None
        z_line = (f"{name}: z = b + {sym} = {num(ev.b)} + {terms_sum(terms, keep)} "
                  f"{equals(z, ev.z)} {num(ev.z)}")
        g = SYMBOL.get(ev.activation, ev.activation)
        if ev.activation == "linear":
            g_of_z, value = "z", num(ev.z)
        elif ev.activation == "softmax":
            return [(z_line, "forward"), (self._softmax_line(ev, keep), "forward")]
        else:
            g_of_z, value = f"{g}(z)", f"{g}({num(ev.z)})"
        if ev.dropped:          # the event's a is 0: g(z) itself is not what the unit sends
            a_line = (f"a = {g_of_z} × 0 = 0   (dropped out on this step: the unit sends "
                      "nothing)")
        elif ev.scale != 1.0:   # inverted dropout: kept units are scaled by 1/(1 − p)
            a_line = (f"a = {g_of_z} × {ev.scale:.4g} = {num(ev.a)}   (kept by dropout, "
                      "scaled by 1/(1 − p))")
        elif value is None or ev.activation == "linear":
            a_line = f"a = {g_of_z} = {num(ev.a)}"
        else:   # g of the z shown, by the engine's own g, to choose = or ≈
            g_shown = get_activation(ev.activation).f(np.array([float(shown(ev.z))]))[0]
            a_line = (f"a = {g_of_z} = {value} {equals(Decimal(repr(float(g_shown))), ev.a)} "
                      f"{num(ev.a)}")
        return [(z_line, "forward"), (a_line, "forward")]

    def _softmax_line(self, ev: ForwardUnit, keep: int = MAX_TERMS) -> str:
        """a = softmax(z)ₖ filled in: it needs every z of the layer on this sample (the
        trace's own), so those are written out, e.g. exp(1.45) / (exp(−1.32) + exp(−0.56)
        + exp(1.45)) = 0.8216."""
        k = sub(ev.unit + 1)
        head = f"a = softmax(z){k} = exp(z{k}) / Σⱼ exp(zⱼ)"
        tr = self.player.trace
        try:
            zs = [float(v) for v in tr.z[ev.layer][ev.sample]]
        except (AttributeError, IndexError, TypeError):
            return f"{head} = {num(ev.a)}"
        terms = [f"exp({num(z)})" for z in zs]
        if all_shown(len(terms), keep):     # every z shown: the sign from what is shown
            e = [float(np.exp(float(shown(z)))) for z in zs]
            from_shown = Decimal(repr(e[ev.unit] / sum(e)))
        else:
            from_shown = None
        return (f"{head} = exp({num(ev.z)}) / ({terms_sum(terms, keep)}) "
                f"{equals(from_shown, ev.a)} {num(ev.a)}   (all the outputs' z together)")

    def _delta(self, ev: DeltaUnit, keep: int = MAX_TERMS, short: bool = False):
        net = self.player.session.net
        act = net.layers[ev.layer].activation if ev.layer < len(net.layers) else ""
        events = self.player.events
        if self._errors[0] is not events:      # indexed once per step
            self._errors = (events, output_errors(events))
        return delta_lines(ev, self.unit(ev.layer, ev.unit), act, self.player.trace,
                           self._errors[1].get(ev.sample, {}), keep, short)

    def update(self, ev: WeightUpdate, keep: int = MAX_TERMS, short: bool = False):
        frm = None if ev.is_bias else self.input(ev.layer, ev.input)
        return update_lines(ev, self.unit(ev.layer, ev.unit), frm, keep, short)
