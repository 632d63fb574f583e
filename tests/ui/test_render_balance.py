"""The edge worker's share (edge_paint.Balance): the worker's strips end when this process
has done its own work, counting the request's latency (messages, waking up) that its
painting time leaves out; a hiccup counts only up to MAX_LATENCY."""

from __future__ import annotations

import pytest

from nnviz.ui.edge_paint import Balance


def run(latency, waited=True, frames=40):
    b = Balance()
    for _ in range(frames):
        cost_w, cost_m = b.share * 100.0, (1 - b.share) * 100.0
        # both paint 0.05 ms per unit of cost; this process has 3 ms of other work
        b.learn(cost_w, cost_m, 0.05 * cost_w, 0.05 * cost_w, 0.05 * cost_m, 3.0, latency,
                waited)
    return b


def test_share_balances_the_work():
    b = run(None)
    # worker: 5·x = 3 + 5·(1 − x) → x = 0.8
    assert b.share == pytest.approx(0.8, abs=0.01)


def test_latency_moves_work_to_this_process():
    b = run(1.0)
    assert b.latency_ms == pytest.approx(1.0, abs=0.01)
    # 1 + 5·x = 3 + 5·(1 − x) → x = 0.7
    assert b.share == pytest.approx(0.7, abs=0.01)


def test_latency_bounded_and_only_lowered_without_waiting():
    b = run(50.0)                             # a stalled worker: counted as MAX_LATENCY
    assert b.latency_ms == pytest.approx(Balance.MAX_LATENCY, abs=0.01)
    b.learn(70.0, 30.0, 3.5, 3.5, 1.5, 3.0, 5.0, waited=False)    # an upper bound only
    assert b.latency_ms == pytest.approx(Balance.MAX_LATENCY, abs=0.01)
    for _ in range(30):
        b.learn(70.0, 30.0, 3.5, 3.5, 1.5, 3.0, 0.2, waited=False)
    assert b.latency_ms == pytest.approx(0.2, abs=0.05)
