"""A new network or new data (session.replace) while the player shows a step: the step
settles on the old network and data first, and no view ever sees the weights held from
before the step beside the new data (the softmax scenario's probe had: 3 outputs against
2-class targets, a crash)."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.ui.player import Player

from .demo_scenario import XOR_X, make_session

TWO_OUTPUTS = np.column_stack([1 - XOR_X[:, 0], XOR_X[:, 0]])   # 2 classes: another shape


def watch(session, player, seen):
    """Record, at every signal the views follow, whether the session still has its old
    trainer, whether the views see held weights, and the view network against the data."""
    old = session.trainer

    def saw(*_):
        net = session.view_net
        seen.append((session.trainer is old, session.holding,
                     (net.sizes[0], net.sizes[-1]), (session.X.shape[1], session.Y.shape[1])))

    signals = [session.weights_changed, session.structure_changed, session.history_changed]
    if player is not None:
        signals += [player.shown_changed, player.trace_changed, player.event_changed]
    for signal in signals:
        signal.connect(saw)


def replace_with_two_outputs(session):
    new = make_session(sizes=(2, 4, 2), Y=TWO_OUTPUTS)
    session.replace(new.trainer, new.X, new.Y)


@pytest.mark.parametrize("granularity", ["unit", "layer", "sample", "batch"])
def test_replace_mid_animation_settles_on_the_old_network_first(player, granularity):
    s = player.session
    player.set_granularity(granularity)
    player.step_forward()
    assert player.animating and s.holding
    seen = []
    watch(s, player, seen)
    replace_with_two_outputs(s)
    assert seen and seen[0][0], "the step settles before the new network is installed"
    for old, holding, net_shape, data_shape in seen:
        assert net_shape == data_shape
        assert old or not holding
    assert not player.animating and player.trace is None
    assert not s.holding and s.view_net is s.net and s.view_net.sizes[-1] == 2
    assert np.isfinite(s.stats()["loss"])


def test_replace_forgets_the_weights_held_from_before_a_step(qapp):
    """A step shown up to before its update (not animating any more): the views see the
    weights from before it. The new network comes without them, for every view, also one
    that heard of the new structure before the player did."""
    s = make_session()
    seen = []
    watch(s, None, seen)              # (connected before the player: told first)
    player = Player(s)
    try:
        player.set_granularity("unit")
        player.step_forward()
        player.pause()                # the first event shown whole; the update is not
        assert s.holding and not player.animating and player.trace is not None
        replace_with_two_outputs(s)
        assert seen
        for old, holding, net_shape, data_shape in seen:
            assert net_shape == data_shape and not (holding and not old)
        assert not s.holding and s.view_net is s.net and player.trace is None
        assert s.stats()["epoch"] == 0
    finally:
        player.shutdown()
