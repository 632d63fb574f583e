"""The edge worker computes a canvas's thumbnails (canvas_thumbs.worker_job, then
thumb_pixels.compute in the worker) while the canvas paints its units: the thumbnails and
the frames must be pixel for pixel those computed in one process, and a worker that fails
on them must leave the canvas computing them itself, without hanging."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.engine import Network, Trainer
from nnviz.engine.datasets import features
from nnviz.ui import canvas_thumbs, edge_worker
from nnviz.ui.canvas import NetworkCanvas
from nnviz.ui.player import Player
from nnviz.ui.session import TrainingSession

from .test_edge_worker import make_canvas, worker  # noqa: F401 — the worker fixture
from .test_render_units_layer import pixels


def canvas_on_features(qtbot, names, w, h):
    """(session, player, canvas): a net that sees input features of the 2-D points."""
    rng = np.random.default_rng(1)
    X = rng.uniform(-3, 3, (24, 2))
    Y = (X[:, :1] * X[:, 1:] > 0).astype(float)
    net = Network.build([len(names), 6, 5, 1], hidden="tanh", output="sigmoid", seed=4)
    s = TrainingSession(Trainer(net, lr=0.1, batch_size=4, seed=3), features(X, names), Y,
                        features=names, X_raw=X)
    p = Player(s)
    c = NetworkCanvas(s, p)
    qtbot.addWidget(c)
    c.resize(w, h)
    c.show()
    return s, p, c


def thumbnail_words(c) -> np.ndarray:
    """A copy of the canvas's thumbnail pixels (one image per shown unit, in order)."""
    return np.stack([pixels(c.thumbnail(ci, u).copy())
                     for ci, col in enumerate(c.net_layout.columns) for u in col.shown])


def new_frame(c, s, by_worker: bool):
    """Train a little (new weights: every edge and thumbnail changes), repaint with the
    worker asked or not; the frame shown and the thumbnails."""
    c.layers.balance.adaptive = False
    c.layers.balance.share = 1.0
    w = edge_worker.client()
    w.paused = not by_worker
    thumbs_before = w.thumbs_requests
    s.train_steps(3)
    shown = c.grab().toImage()
    assert (w.thumbs_requests > thumbs_before) == by_worker, "who computed the thumbnails"
    return shown, thumbnail_words(c)


@pytest.mark.parametrize("option", ["tanh", "features", "elided", "discretize"])
def test_worker_thumbnails_equal_in_process(qtbot, worker, option):  # noqa: F811
    if option == "features":
        s, p, c = canvas_on_features(qtbot, ["x1", "x2", "x1*x2", "sin_x1"], 1000, 640)
    else:
        sizes = [2, 40, 6, 1] if option == "elided" else [2, 6, 5, 1]
        s, p, c = make_canvas(qtbot, sizes, w=1000, h=640)
    if option == "discretize":
        c.set_discretize(True)
    if option == "elided":
        assert c.elided(1) > 0          # only the shown units are computed and drawn
    c.grab()
    state = s.trainer.get_state()
    here_frame, here = new_frame(c, s, by_worker=False)
    s.set_state(state)                   # the same weights again, now by the worker
    c.grab()
    there_frame, there = new_frame(c, s, by_worker=True)
    assert np.array_equal(here, there)
    assert there_frame == here_frame
    # the thumbnails really are pictures: more than a few colours each
    assert all(len(np.unique(t.reshape(-1, 4), axis=0)) > (1 if option == "discretize" else 20)
               for t in there)
    p.shutdown()


def test_failing_thumbnails_job_is_computed_here(qtbot, worker, monkeypatch):  # noqa: F811
    s, p, c = make_canvas(qtbot, [2, 5, 5, 1], w=900, h=560)
    c.grab()
    state = s.trainer.get_state()
    reference_frame, reference = new_frame(c, s, by_worker=False)
    s.set_state(state)
    c.grab()
    real = canvas_thumbs.worker_job

    def broken(c, make_shared):          # a job the worker cannot compute
        got = real(c, make_shared)
        if got is not None:
            got[0]["layers"] = got[0]["layers"][:1]      # the output layer missing
        return got

    monkeypatch.setattr(canvas_thumbs, "worker_job", broken)
    c.layers.balance.adaptive = False
    c.layers.balance.share = 1.0
    worker.paused = False
    requests = worker.requests
    s.train_steps(3)
    shown = c.grab().toImage()
    assert worker.requests == requests and not worker.failed   # it answered: an error
    assert np.array_equal(thumbnail_words(c), reference)
    assert shown == reference_frame
    p.shutdown()
