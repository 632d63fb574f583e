"""The formula panel's deltas multiply out: the MLP playground set up with its real controls,
stepped with the player, and each δ's written numbers checked against the shown result and
the engine's own delta (a softmax output under ½-SSE, dropout's kept and dropped units)."""

from __future__ import annotations

import re

import numpy as np
import pytest
from PySide6.QtCore import Qt

from nnviz.engine.events import BatchLoss, DeltaUnit

from ..scenarios.panels import pick as choose

LEFT = Qt.MouseButton.LeftButton
NUMERIC = re.compile(r"^[0-9.\s+\-*/()e]+$")


@pytest.fixture
def sc(open_scenario, qtbot):
    s = open_scenario("mlp")
    qtbot.waitExposed(s.canvas.window())
    return s


def unit_steps(sc, qtbot, main_window):
    """Press the player bar's "unit" button, then yield the event shown after each Right."""
    qtbot.mouseClick(main_window._player_bar.granularity_buttons["unit"], LEFT)
    assert sc.player.granularity == "unit"
    for _ in range(800):
        qtbot.keyClick(sc.canvas, Qt.Key.Key_Right)
        yield sc.player.active[0] if sc.player.active else None


def value(expr: str) -> float | None:
    """A segment of a formula made only of numbers and arithmetic, evaluated (None when it
    holds a symbol)."""
    s = (expr.replace("−", "-").replace("·", "*").replace("×", "*").replace("²", "**2")
         .strip())
    if not s or not NUMERIC.match(s.replace("**", "*")) or not re.search(r"\d", s):
        return None
    return float(eval(s, {"__builtins__": {}}))     # digits and operators only


def chain(line: str) -> tuple[list[float], str]:
    """The numeric expressions of a formula line 'name: δ = … = 0.1·(−0.2) ≈ −0.0200' (a
    note after three spaces left out) and the final result as written."""
    body = line.split("   ")[0]
    parts = re.split(r" [=≈] ", body)
    values = [v for v in (value(p) for p in parts[1:]) if v is not None]
    return values, parts[-1].strip()


def check_multiplies_out(line: str, expected: float):
    """Every numeric expression written gives the result shown (within the rounding of its
    4-decimal numbers), and that result is the engine's number."""
    values, result = chain(line)
    assert len(values) >= 2, f"no numbers written out to give the result: {line!r}"
    final = values[-1]
    assert abs(final - expected) <= 5e-5 + 1e-9, (line, expected)
    for v in values[:-1]:
        assert abs(v - final) <= 5e-4 + 1e-3 * abs(final), \
            f"{v:.6f} written, {result} shown: {line!r}"


def formula_line(sc, name: str) -> str:
    lines = [t for t, _ in sc.formula.lines()]
    hits = [t for t in lines if t.startswith(f"{name}: δ")]
    assert hits, lines
    return hits[0]


def test_softmax_output_with_half_sse_writes_the_jacobian_product(sc, qtbot, main_window):
    """A softmax output under ½-SSE showed 'δ = ∂L/∂o · g'(z) = 0.1536·0.1300 ≈ −0.0616':
    the product is +0.0200. The engine uses the whole Jacobian, δᵢ = aᵢ(∂L/∂aᵢ − Σⱼ aⱼ
    ∂L/∂aⱼ): the formula writes that with its numbers and they give the engine's δ."""
    c = sc.controls
    choose(qtbot, c.dataset, "blobs")
    choose(qtbot, c.loss, "half_sse")
    choose(qtbot, c.batch_size, 1)
    assert sc.session.net.layers[-1].activation == "softmax"
    assert sc.session.trainer.loss == "half_sse"
    last = len(sc.session.net.layers) - 1
    seen = set()
    for ev in unit_steps(sc, qtbot, main_window):
        if isinstance(ev, DeltaUnit) and ev.is_output:
            assert ev.delta == sc.player.trace.delta[last][ev.sample, ev.unit]
            line = formula_line(sc, sc.formula.words.unit(ev.layer, ev.unit))
            assert "Σⱼ" in line
            check_multiplies_out(line, ev.delta)
            seen.add(ev.unit)
            if len(seen) == 3:
                break
    sc.player.pause()
    assert seen == {0, 1, 2}


def test_softmax_output_with_cce_writes_o_minus_t(sc, qtbot, main_window):
    """With cce the fused δ = o − t had no numbers: it writes o and t now."""
    choose(qtbot, sc.controls.dataset, "blobs")
    choose(qtbot, sc.controls.batch_size, 1)
    assert sc.session.trainer.loss == "cce"
    for ev in unit_steps(sc, qtbot, main_window):
        if isinstance(ev, DeltaUnit) and ev.is_output:
            break
    sc.player.pause()
    line = formula_line(sc, sc.formula.words.unit(ev.layer, ev.unit))
    check_multiplies_out(line, ev.delta)


def test_dropout_deltas_write_the_dropout_factor(sc, qtbot, main_window):
    """With dropout a kept unit showed 'δ = 0.6003·(−0.5741) ≈ −0.4308' (the product is
    −0.3446: the engine scales by 1/(1 − p) = 1.25), a dropped one '0.4388·(−0.5054) ≈
    0.0000', and 'g'(z) = 1 − a²' used the scaled a. Now the factor is written with its
    number, × 0 for a dropped unit, and g'(z) comes from the unscaled g(z), shown."""
    c = sc.controls
    choose(qtbot, c.dropout, 0.2)
    choose(qtbot, c.batch_size, 1)
    qtbot.mouseClick(c.layer_widgets[0]["minus"], LEFT)
    qtbot.mouseClick(c.layer_widgets[1]["plus"], LEFT)
    assert sc.session.net.sizes[1:-1] == [3, 3]
    assert sc.session.trainer.dropout == 0.2
    seen = set()
    for ev in unit_steps(sc, qtbot, main_window):
        if not isinstance(ev, DeltaUnit) or ev.is_output:
            continue
        tr = sc.player.trace
        assert ev.delta == tr.delta[ev.layer][ev.sample, ev.unit]
        lines = [t for t, _ in sc.formula.lines()]
        line = formula_line(sc, sc.formula.words.unit(ev.layer, ev.unit))
        check_multiplies_out(line, ev.delta)
        g_line = [t for t in lines if t.startswith("g'(z)")][0]
        check_multiplies_out(g_line, ev.fprime)
        assert np.isclose(ev.fprime, 1 - np.tanh(ev.z) ** 2)
        from nnviz.ui.canvas_model import fmt
        assert fmt(np.tanh(ev.z)) in g_line           # the unscaled g(z), shown
        if ev.dropped:
            assert ev.delta == 0.0 and "× 0 = 0" in line
            seen.add("dropped")
        else:
            assert "1/(1 − p)" in line and "× 1.25" in line
            seen.add("kept")
        if seen == {"dropped", "kept"}:
            break
    sc.player.pause()
    assert seen == {"dropped", "kept"}


def test_batch_loss_is_not_headed_error_at_the_outputs(sc, qtbot, main_window):
    """The batch loss comes after the backward pass: it was headed 'Error at the outputs'."""
    for ev in unit_steps(sc, qtbot, main_window):
        if isinstance(ev, BatchLoss):
            break
    sc.player.pause()
    heading = sc.formula.lines()[0][0]
    assert heading.startswith("Loss") and "Error at the outputs" not in heading


def test_a_batch_beat_is_written_out_for_the_sample_the_canvas_shows(main_window):
    """A beat over a whole batch (the playground's forward pass, step by step): the panel
    works out the sample the canvas and its header show (the last), not the first, and says
    the other samples go the same way."""
    import re

    sc = main_window.open_scenario("mlp")
    p = sc.player
    several = 0
    for _ in range(8):
        p.step_forward()
        samples = {ev.sample for ev in p.active if getattr(ev, "sample", None) is not None}
        if len(samples) < 2:
            continue
        several += 1
        lines = sc.formula.lines()
        shown = sc.canvas.model.shown.sample
        assert f"sample {shown + 1} of " in lines[0][0], (lines[0][0], shown)
        header = re.search(r"sample (\d+) of", sc.canvas.header_text())
        assert header and int(header.group(1)) == shown + 1
        assert any(f"other {len(samples) - 1} sample" in text for text, _r in lines)
    p.pause()
    assert several
