"""FormulaPanel: the current event's formula filled in with the engine's own numbers.

Every number shown is a field of an engine event (never recomputed here): the panel only
formats them. Sign convention shown: δ = ∂L/∂z and w ← w − η·∂L/∂w.
"""

from __future__ import annotations

import html
from decimal import Decimal

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..engine import get_activation, get_loss
from ..engine.events import BatchLoss, DeltaUnit, ForwardUnit, OutputError, SampleLoss, WeightUpdate
from . import theme
from .canvas_model import CanvasModel, fmt, sub
from .formula_deltas import (  # noqa: F401 — the number helpers, re-exported
    DERIV,
    MAX_TERMS,
    SYMBOL,
    delta_lines,
    equals,
    factor,
    num,
    output_errors,
    shown,
    terms_sum,
    update_lines,
)
from .netview import ConventionNote

QWIDGETSIZE_MAX = (1 << 24) - 1   # Qt's "no maximum"
MAX_EVENTS = 3         # events of one beat written out in full
GROW_SHARE = 0.45      # the panel grows to show its text whole, to this share of the view
CONVENTION = ("Sign convention: δ = ∂L/∂z and gradient descent w ← w − η·∂L/∂w. "
              "Textbooks that write Δw = +η·δ·x define δ with the opposite sign "
              "(δ = (t − o)·…): the same step.")
# the note's shorter forms, for a narrow panel or large type (see ConventionNote)
CONVENTION_FORMS = (CONVENTION, "Sign convention: δ = ∂L/∂z and w ← w − η·∂L/∂w.",
                    "δ = ∂L/∂z, w ← w − η·∂L/∂w")
ROUNDED = ("≈ marks a result that the rounded numbers shown miss in the last digit: the "
           "network computes with all their digits.")


def breakable(text: str) -> str:
    """`text` with a line break allowed after each "·" (a zero-width space): at 250 % a
    product of numbers such as 0.2470·(0.1496·(−0.1300)) was one word wider than the panel,
    and the label cut it off at the right."""
    return text.replace("·", "·\u200b")


# (not Page Down: the clicker's key, which in a lesson may turn the slide instead)
IDLE_HINT = "Step with → to see learning number by number; Space plays."


def _shown_sample(evs):
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


class FormulaPanel(QWidget):
    """The formula of the player's current event, filled in with the real numbers."""

    def __init__(self, player, parent=None):
        super().__init__(parent)
        self.player = player
        self._names = CanvasModel(player.session, player)
        self.setObjectName("formulaPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(4)
        self.label = QLabel(self)
        self.label.setObjectName("formula")
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.convention = ConventionNote(CONVENTION_FORMS, self)
        line = QFrame(self)
        line.setFrameShape(QFrame.Shape.HLine)
        # a short panel scrolls its text instead of clipping it
        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("formulaScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        # (a word wider than the panel, e.g. a heading's at 250 % in a narrow window, is
        # reachable, not cut off; the products of numbers wrap, see breakable)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.scroll.setWidget(self.label)
        self.scroll.viewport().setAutoFillBackground(False)
        self.label.setAutoFillBackground(False)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(line)
        layout.addWidget(self.convention)
        self.setToolTip("The current step of learning, written out with the network's numbers")
        self._errors = (None, {})   # (the player's events, their OutputErrors indexed)
        self._usual = None   # (minimum height, splitter sizes) before _fit_height grew it
        player.event_changed.connect(self.refresh)
        player.trace_changed.connect(self.refresh)
        theme.manager().changed.connect(self.refresh)
        self.refresh()

    # -- text -----------------------------------------------------------------------------------
    def lines(self, max_events: int = MAX_EVENTS) -> list[tuple[str, str]]:
        """(text, role) lines for the current beat (plain text; tests read them), at most
        max_events events written out."""
        p = self.player
        if p.trace is None or not p.active:
            return [(IDLE_HINT, "muted")]
        evs, others = _shown_sample(p.active)
        out = [(self._heading(evs), evs[0].phase if evs[0].phase != "error" else "backward")]
        for ev in evs[:max_events]:
            out.extend(self.event_lines(ev))
        if len(evs) > max_events:
            out.append((f"… and {len(evs) - max_events} more like these at the same time "
                        "(hover the canvas for each one's numbers)", "muted"))
        if others:
            out.append((f"… and the same for the batch's other {others} sample"
                        f"{'' if others == 1 else 's'}", "muted"))
        if any(" ≈ " in text for text, _role in out):
            out.append((ROUNDED, "muted"))
        return out

    def plain_text(self) -> str:
        return "\n".join(t for t, _ in self.lines()) + "\n" + CONVENTION

    def _heading(self, evs) -> str:
        ev = evs[0]
        if isinstance(ev, BatchLoss):   # after the backward pass: not the outputs' error
            return ("Loss of the batch" if ev.batch_size > 1 else "Loss") + \
                f" — {get_loss(ev.loss_name).label}"
        phase = {"forward": "Forward pass", "error": "Error at the outputs",
                 "backward": "Backward pass (backpropagation)",
                 "update": "Weight update"}[ev.phase]
        tr = self.player.trace
        where = []
        if getattr(ev, "sample", None) is not None and tr.batch_size > 1:
            where.append(f"sample {ev.sample + 1} of {tr.batch_size}")
        if ev.phase == "update":
            where.append(f"learning rate η = {fmt(tr.lr, 3)}")
        elif ev.phase in ("error", "backward"):
            where.append(f"loss: {get_loss(tr.loss_name).label}")
        return phase + (" — " + ", ".join(where) if where else "")

    def _unit(self, layer: int, unit: int) -> str:
        return self._names.unit_name(layer + 1, unit)

    def _input(self, layer: int, j: int) -> str:
        return self._names.unit_name(layer, j)

    def event_lines(self, ev) -> list[tuple[str, str]]:
        if isinstance(ev, ForwardUnit):
            return self._forward(ev)
        if isinstance(ev, OutputError):
            name = self._unit(ev.layer, ev.unit)
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
            return self._delta(ev)
        if isinstance(ev, WeightUpdate):
            return self._update(ev)
        return [(repr(ev), "text")]

    def _forward(self, ev: ForwardUnit):
        name = self._unit(ev.layer, ev.unit)
        v = "x" if ev.layer == 0 else "h"     # its inputs: the data, or hidden units
        xs = [f"w{sub(j + 1)}{v}{sub(j + 1)}" for j in range(len(ev.x))]
        sym = " + ".join(xs) if len(xs) <= 3 else f"Σᵢ wᵢ{v}ᵢ"
        terms = [f"{factor(w)}·{factor(x)}" for w, x in zip(ev.w, ev.x)]
        z = shown(ev.b) + sum(shown(w) * shown(x) for w, x in zip(ev.w, ev.x)) \
            if len(terms) <= MAX_TERMS + 1 else None
        z_line = (f"{name}: z = b + {sym} = {num(ev.b)} + {terms_sum(terms)} "
                  f"{equals(z, ev.z)} {num(ev.z)}")
        g = SYMBOL.get(ev.activation, ev.activation)
        if ev.activation == "linear":
            g_of_z, value = "z", num(ev.z)
        elif ev.activation == "softmax":
            return [(z_line, "forward"), (self._softmax_line(ev), "forward")]
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

    def _softmax_line(self, ev: ForwardUnit) -> str:
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
        if len(terms) <= MAX_TERMS + 1:     # every z shown: the sign from what is shown
            e = [float(np.exp(float(shown(z)))) for z in zs]
            from_shown = Decimal(repr(e[ev.unit] / sum(e)))
        else:
            from_shown = None
        return (f"{head} = exp({num(ev.z)}) / ({terms_sum(terms)}) "
                f"{equals(from_shown, ev.a)} {num(ev.a)}   (all the outputs' z together)")

    def _delta(self, ev: DeltaUnit):
        net = self.player.session.net
        act = net.layers[ev.layer].activation if ev.layer < len(net.layers) else ""
        events = self.player.events
        if self._errors[0] is not events:      # indexed once per step
            self._errors = (events, output_errors(events))
        return delta_lines(ev, self._unit(ev.layer, ev.unit), act, self.player.trace,
                           self._errors[1].get(ev.sample, {}))

    def _update(self, ev: WeightUpdate):
        frm = None if ev.is_bias else self._input(ev.layer, ev.input)
        return update_lines(ev, self._unit(ev.layer, ev.unit), frm)

    # -- display ----------------------------------------------------------------------------------
    def _events_that_fit(self, px: int) -> int:
        """How many events of a beat the panel shows in full without scrolling (at least
        one): each takes about two lines and a half (wrapped); the heading, the "… and n
        more" line and the ≈ note take theirs."""
        room = self.scroll.viewport().height() / (1.45 * px)
        return max(1, min(MAX_EVENTS, int((room - 3.5) / 2.5)))

    def _fit_height(self):
        """Grow until the current step's text shows whole (a wrapped update or the ≈ note
        was cut through the middle while the canvas had room to spare), taking height from
        the canvas above, to at most GROW_SHARE of the view they share. It only grows while
        the player shows steps (a panel that changed height at each step moved the canvas
        each time) and goes back to its height when there is no step to show."""
        host = self.parentWidget()
        if host is None or not self.isVisible():
            return
        split = host if isinstance(host, QSplitter) \
            and host.orientation() == Qt.Orientation.Vertical else None
        if self.player.trace is None or not self.player.active:      # idle: back
            if self._usual is not None:
                minimum, sizes = self._usual
                self._usual = None
                self.setMinimumHeight(minimum)
                if split is not None and sizes is not None:
                    split.setSizes(sizes)
            return
        view = self.scroll.viewport()
        spare = view.height() - self.label.heightForWidth(view.width())
        if spare >= -2:
            return
        new = min(self.height() - spare + 12, int(host.height() * GROW_SHARE))
        if new <= self.height():
            return
        if self._usual is None:              # the height to come back to
            self._usual = (self.minimumHeight(), split.sizes() if split is not None else None)
        if split is not None:
            i = split.indexOf(self)
            sizes = split.sizes()
            if i < 1:
                return
            sizes[i - 1] -= new - sizes[i]
            sizes[i] = new
            split.setSizes(sizes)
        else:                                # a plain layout: it gives a minimum its room
            self.setMinimumHeight(new)

    def idle(self) -> bool:
        """No step to write out: the panel shows only its hint (IDLE_HINT) and the note."""
        return self.player.trace is None or not self.player.active

    def _fit_idle(self, lines_3: int) -> None:
        """Idle, the panel is as tall as its hint and note need, no taller (its share of
        the view had left a projector's network 150 px under a mostly empty panel); with
        a step to show, it has room for three lines, and grows (_fit_height)."""
        # (idle, no formula to explain: the note's short form, on one line)
        self.convention.set_lines(1 if self.idle() else ConventionNote.LINES)
        if not self.idle():
            self.scroll.setMinimumHeight(lines_3)
            self.setMaximumHeight(QWIDGETSIZE_MAX)
            return
        width = self.scroll.viewport().width()
        need = self.label.heightForWidth(width) if width > 0 else -1
        # (never more than the three lines: measured at a width not yet laid out, the
        # hint's height could have held the window taller than the screen)
        self.scroll.setMinimumHeight(min(lines_3, need + 2) if need > 0 else lines_3)
        self.setMaximumHeight(self.layout().minimumSize().height())

    def resizeEvent(self, event):
        super().resizeEvent(event)
        resized = event.oldSize().width() != event.size().width()   # (see _narrow_type)
        if (self.player.active and len(self.player.active) > 1) or resized:
            QTimer.singleShot(0, self, self.refresh)   # (the scroll area is resized next)

    @staticmethod
    def _html(lines, px: int) -> str:
        th = theme.current()
        heading = lines[0][0] != IDLE_HINT     # the hint is plain text, not a heading
        rows = []
        for i, (text, role) in enumerate(lines):
            colour = getattr(th, role, th.text)
            weight = "600" if i == 0 and heading else "400"
            size = px + 2 if i == 0 and heading else px
            rows.append(f'<div style="color:{colour}; font-size:{size}px; font-weight:{weight};'
                        f' margin-bottom:3px">{breakable(html.escape(text))}</div>')
        return "".join(rows)

    def _narrow_type(self, lines, px: int) -> None:
        """A word still wider than the view (the heading's "(backpropagation)" at 250 % in a
        1280-px window, cut off at the right) gets smaller type, to 60 %, before it needs
        the horizontal scroll bar."""
        room = self.scroll.width() - self.scroll.verticalScrollBar().sizeHint().width() - 2
        size = px
        while self.isVisible() and size > 0.6 * px \
                and self.label.minimumSizeHint().width() > room > 0:
            size -= 1
            self.label.setText(self._html(lines, size))

    def refresh(self, *_):
        th = theme.current()
        zoom = theme.manager().zoom
        px = int(round(17 * zoom))
        lines = self.lines(self._events_that_fit(px))
        self.label.setText(self._html(lines, px))
        self._narrow_type(lines, px)
        # room for three lines at this size: the heading and a formula that wraps once
        # (projector type had left one and a half; with two, a wrapped result was cut)
        lines_3 = int(3 * 1.45 * (px + 2)) + 8
        self.convention.setStyleSheet(f"color: {th.muted}; font-size: {int(12 * zoom)}px;")
        self._fit_idle(lines_3)
        self._fit_height()
        self.setStyleSheet(f"#formulaPanel {{ background: {th.surface}; }}")
        self.setAutoFillBackground(True)
