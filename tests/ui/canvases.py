"""A NetworkCanvas on a small two-class problem, for the canvas tests."""

from __future__ import annotations

import numpy as np

from nnviz.engine import Network, Trainer
from nnviz.ui.canvas import NetworkCanvas
from nnviz.ui.player import Player
from nnviz.ui.session import TrainingSession


def canvas_on_quadrants(qtbot, sizes, w, h, dropout=0.0, *, data_seed: int, n_points: int,
                        net_seed: int):
    """(session, player, canvas) shown at w×h: a tanh/sigmoid net on the XOR quadrants."""
    rng = np.random.default_rng(data_seed)
    X = rng.uniform(-3, 3, (n_points, 2))
    Y = (X[:, :1] * X[:, 1:] > 0).astype(float)
    net = Network.build(sizes, hidden="tanh", output="sigmoid", seed=net_seed)
    s = TrainingSession(Trainer(net, lr=0.1, batch_size=4, dropout=dropout, seed=3), X, Y)
    p = Player(s)
    c = NetworkCanvas(s, p)
    qtbot.addWidget(c)
    c.resize(w, h)
    c.show()
    return s, p, c
