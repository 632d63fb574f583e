"""The formula panel shows the current step's formula whole, without its scroll bar, in
projector type at 1280×720 and in normal type at 1024×768.

In projector type at 1280×720 the XOR and MLP panels needed their scroll bar at most
backward and update steps (δ = g'(z)·Σₖ wₖδₖ = … and w ← w − η·∂L/∂w = … took two lines
each, the heading "Backward pass (backpropagation) — loss: …" two more): the class saw the
first lines of a formula and a scroll bar. The panel now breaks a formula where a reader
would (before =, then before +), and writes a step that does not fit more tightly (a
shorter heading, the middle terms of a long sum elided with "+ … +", the notes in short)
— always with the engine's own numbers.
"""

from __future__ import annotations

import html
import re

import pytest
from PySide6.QtGui import QFontMetricsF

from .screens import sized

KINDS = {"ForwardUnit", "OutputError", "DeltaUnit", "WeightUpdate"}


def _open(main_window, name: str):
    sc = main_window.open_scenario(name)
    if name == "xor":
        sc.show_page(1)                     # "Learned by backpropagation"
    sc.run_steps(50)
    sc.settle()
    return sc


def _plain(panel) -> str:
    """The label's text as shown, without its markup (a break between two pieces of a
    formula becomes a space)."""
    text = re.sub(r"<br\s*/?>", " ", panel.label.text()).replace("</div>", "\n")
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    return re.sub(" +", " ", text.replace("\u00a0", " ").replace("\u200b", ""))


def _has_number(text: str, number: str) -> bool:
    return re.search(rf"(?<![0-9.−]){re.escape(number)}(?![0-9])", text) is not None


def _engine_numbers(ev) -> list[str]:
    """The results an event's formula must show, as the engine has them."""
    from nnviz.ui.numbers import fmt
    name = type(ev).__name__
    if name == "ForwardUnit":
        return [fmt(ev.z), fmt(ev.a)]
    if name == "OutputError":
        return [fmt(ev.error)]
    if name == "DeltaUnit":
        return [fmt(ev.delta)]
    if name == "WeightUpdate":
        return [fmt(ev.grad), fmt(ev.new)]
    return []


def _check_beat(panel, qtbot, where: str) -> str | None:
    """The beat shows whole (no scroll bar needed, nothing cut at the right) with its first
    event's results as the engine computed them; returns the event's kind."""
    from nnviz.ui.formula_lines import shown_sample
    qtbot.wait(1)                                    # (the scroll area's new range)
    view = panel.scroll.viewport()
    need = panel.label.heightForWidth(view.width())
    assert need <= view.height(), (where, need, view.height(), _plain(panel))
    assert panel.scroll.verticalScrollBar().maximum() == 0, (where, _plain(panel))
    assert panel.scroll.horizontalScrollBar().maximum() == 0, (where, _plain(panel))
    note = panel.convention                          # the sign convention, whole, below
    assert note.isVisible() and "δ = ∂L/∂z" in note.text(), where
    assert note.mapTo(panel, note.rect().topLeft()).y() >= \
        view.mapTo(panel, view.rect().bottomLeft()).y(), where
    if note.wordWrap():
        assert note.heightForWidth(note.width()) <= note.height() + 1, where
    else:
        assert note.fontMetrics().horizontalAdvance(note.text()) <= note.width(), where
    evs, _others = shown_sample(panel.player.active)
    ev = evs[0]
    text = _plain(panel)
    for number in _engine_numbers(ev):
        assert _has_number(text, number), (where, number, text)
    return type(ev).__name__


def _walk(sc, qtbot, granularity: str, where: str, steps: int = 1) -> set[str]:
    """Every beat of `steps` whole training steps at `granularity`, checked."""
    player = sc.player
    player.set_granularity(granularity)
    kinds, traces, last = set(), 0, player.trace
    for i in range(1000):
        player.step_forward()
        player.pause()
        if player.trace is not last:
            traces, last = traces + 1, player.trace
            if traces > steps:
                break
        if player.active:
            kinds.add(_check_beat(sc.formula, qtbot, f"{where} {granularity} beat {i}"))
    return kinds


@pytest.mark.parametrize("name,granularities", [("xor", ("unit", "layer", "sample")),
                                                ("mlp", ("layer", "sample", "batch"))])
def test_each_step_shows_whole_on_a_1280x720_projector(main_window, qtbot, name,
                                                       granularities):
    sized(main_window, qtbot, 1280, 720, projector=True)
    try:
        sc = _open(main_window, name)
        qtbot.wait(100)
        kinds = set()
        for granularity in granularities:
            kinds |= _walk(sc, qtbot, granularity, f"{name} projector")
        assert KINDS <= kinds, kinds
        assert main_window.height() <= 720
    finally:
        main_window.projector.set_active(False)


@pytest.mark.parametrize("name", ["xor", "mlp"])
def test_each_step_shows_whole_at_1024x768(main_window, qtbot, name):
    sized(main_window, qtbot, 1024, 768)
    sc = _open(main_window, name)
    qtbot.wait(100)
    kinds = _walk(sc, qtbot, "layer", f"{name} 1024×768")
    assert KINDS <= kinds, kinds


def test_a_long_mean_keeps_its_first_and_last_terms_and_the_engines_result(main_window,
                                                                          qtbot):
    """The MLP's batch of 10: ∂L/∂w = mean of δ·x = (first + … + last) / 10 = the engine's
    gradient, whole on the projector."""
    from nnviz.ui.formula_deltas import factor
    from nnviz.ui.formula_lines import shown_sample
    from nnviz.ui.numbers import fmt
    sized(main_window, qtbot, 1280, 720, projector=True)
    try:
        sc = _open(main_window, "mlp")
        player = sc.player
        player.set_granularity("batch")
        for _ in range(20):
            player.step_forward()
            player.pause()
            if player.active and type(player.active[0]).__name__ == "WeightUpdate":
                break
        ev = shown_sample(player.active)[0][0]
        assert len(ev.terms) == 10 and not ev.is_bias
        _check_beat(sc.formula, qtbot, "batch update")
        text = _plain(sc.formula)
        first = f"{factor(ev.terms[0][0])}·{factor(ev.terms[0][1])}"
        last = f"{factor(ev.terms[-1][0])}·{factor(ev.terms[-1][1])}"
        assert f"({first} + " in text and f" + … + {last}) / 10 = {fmt(ev.grad)}" in text, text
    finally:
        main_window.projector.set_active(False)


def test_terms_sum_elides_the_middle():
    from nnviz.ui.formula_deltas import all_shown, terms_sum
    terms = [f"t{i}" for i in range(1, 7)]
    assert terms_sum(terms, 2) == "t1 + t2 + … + t6"
    assert terms_sum(terms, 1) == "t1 + … + t6"
    assert terms_sum(terms[:5]) == "t1 + t2 + t3 + t4 + t5"
    assert all_shown(5) and not all_shown(6) and not all_shown(3, keep=1)


def test_wrap_breaks_before_the_equals_in_the_fewest_lines(qapp):
    from PySide6.QtGui import QFont

    from nnviz.ui.formula_fit import INDENT, SAFETY, font_at, wrap
    fm = QFontMetricsF(font_at(QFont(), 26))
    text = ("h₁: δ = g'(z)·Σₖ wₖδₖ = 0.2322·((−0.0268)·(−0.1465)) = 0.2322·0.0039 "
            "= 0.0009")
    width = 0.7 * fm.horizontalAdvance(text)
    pieces = wrap(text, fm, width)
    assert len(pieces) == 2, pieces
    assert pieces[1].startswith("= "), pieces              # not after "·" or "="
    assert " ".join(pieces) == text                          # nothing lost or changed
    for i, piece in enumerate(pieces):
        assert fm.horizontalAdvance((INDENT if i else "") + piece) <= width - SAFETY
    assert wrap(text, fm, 2 * fm.horizontalAdvance(text)) == [text]
    # a long sum breaks before its + (its terms whole), never inside a term
    total = "(0.6520·0.7983 + 0.3468·(−0.7186) + 0.6472·0.7581 + … + 0.1000·0.2000) / 10"
    line = f"∂L/∂w = mean of δ·x = {total} = 0.1508"
    pieces = wrap(line, fm, 0.45 * fm.horizontalAdvance(line))
    assert " ".join(pieces) == line
    assert all(p[0] in "=+∂" for p in pieces), pieces
