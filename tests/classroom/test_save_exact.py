"""A saved file opens exactly as it was saved, and training goes on from it exactly as it
would have gone on in the window it was saved from.

For each scenario that trains: train, File ▸ Save (window.save_path), open the file in a
second, fresh main window (window.open_path), compare the epoch and update counts, the
loss history, what the plots show and the weights; then train both on and compare the
weights bit for bit (the trainer's random state, optimizer moments and batch order are in
the file). A broken trainer state in a file gets a clear message; an old file without one
still opens.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from nnviz.files import NnvizFileError


def _window(qtbot):
    from nnviz.ui.mainwindow import MainWindow
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def windows(qtbot, _qt_names):
    made = []

    def make():
        made.append(_window(qtbot))
        return made[-1]
    yield make
    for w in made:
        w.close()


def _open(window, path):
    """File ▸ Open: the scenario the window shows afterwards."""
    window.open_path(path)
    return window.scenario


def _mlp(settings):
    def setup(s):
        s.apply(settings)
    return setup


def _state(settings):
    def setup(s):
        s.load_state(settings)
    return setup


def _regularization(settings):
    def setup(s):
        for key, value in settings.items():
            s._set(key, value)          # what choosing it in the controls does
    return setup


# name → (scenario, how to set it up, updates before saving, updates after)
CASES = {
    "mlp-sgd": ("mlp", _mlp({"batch_size": 10}), 37, 29),
    "mlp-adam-dropout": ("mlp", _mlp({"optimizer": "adam", "dropout": 0.2, "batch_size": 5,
                                      "lr": 0.01}), 53, 41),
    "mlp-momentum-l2": ("mlp", _mlp({"optimizer": "momentum", "regularization": "l2",
                                     "reg_rate": 0.001, "batch_size": 30}), 23, 17),
    "xor": ("xor", _state({"page": 1}), 37, 45),
    "softmax": ("softmax", _state({"batch_size": 10}), 23, 31),
    "softmax-sgd1": ("softmax", _state({"batch_size": 1}), 77, 13),
    "regularization": ("regularization", _regularization({"dropout": 0.2}), 37, 21),
    "gradients": ("gradients", lambda s: None, 37, 19),
    "representation": ("representation", _state({"mode": "learned"}), 37, 23),
    "representation-linear": ("representation", _state({"mode": "linear"}), 29, 11),
}


def _weights(s):
    return [(layer.W.copy(), layer.b.copy()) for layer in s.session.net.layers]


def _same_weights(a, b):
    return all(np.array_equal(Wa, Wb) and np.array_equal(ba, bb)
               for (Wa, ba), (Wb, bb) in zip(_weights(a), _weights(b), strict=True))


def _looks(s) -> dict:
    """What a user sees of the training so far (besides the weights)."""
    out = {"epoch": s.session.epoch, "steps": s.session.steps,
           "history": s.session.history_state(), "stats": s.session.stats()}
    canvas = getattr(s, "canvas", None)
    if canvas is not None:
        out["header"] = canvas.header_text()
    if s.name == "regularization":
        out["best line"] = (s.best_line.isVisible(), s.best_line.value())
        out["stopped at"] = s.stopped_at
        out["best epoch"] = s.best_epoch()
    if s.name == "gradients":
        out["gradient history"] = (list(s.history_plot.steps),
                                   [r.tolist() for r in s.history_plot.rows])
        out["bars"] = s.bars.norms.tolist()
    return out


def _stats_equal(a, b):
    """stats dicts with NaN equal to NaN."""
    return json.dumps(a, default=str, sort_keys=True) == json.dumps(b, default=str,
                                                                    sort_keys=True)


def _same_looks(a, b):
    la, lb = _looks(a), _looks(b)
    sa, sb = la.pop("stats"), lb.pop("stats")
    assert la == lb
    assert _stats_equal(sa, sb), (sa, sb)


@pytest.mark.parametrize("case", sorted(CASES))
def test_reopened_file_trains_on_exactly(windows, tmp_path, case):
    name, setup, before, after = CASES[case]
    a = windows()
    s = a.open_scenario(name)
    setup(s)
    s.run_steps(before)
    assert s.session.steps > 0
    saved = s.get_state()
    path = str(tmp_path / f"{case}.nnviz")
    a.save_path(path)
    json.dumps(saved, allow_nan=False)              # the file's state is plain JSON

    b = windows()
    t = _open(b, path)
    assert t is not s and t.name == name
    assert _same_weights(s, t)
    _same_looks(s, t)
    assert t.get_state() == saved                   # saving it again: the same file

    s.run_steps(after)
    t.run_steps(after)
    assert _same_weights(s, t), "training on from the file went another way"
    _same_looks(s, t)
    assert t.get_state() == s.get_state()


def test_regularization_keeps_its_early_stop(windows, tmp_path):
    """Stopped early, saved, reopened: the same stop, the same restored weights, and
    training on starts the same new run."""
    a = windows()
    s = a.open_scenario("regularization")
    s._set("n_train", 20)
    s._set("noise", 0.5)
    s._set("early_stopping", True)
    s._set("patience", 10)
    s.run_steps(400)
    assert s.stopped_at is not None, "the settings should overfit and stop early"
    path = str(tmp_path / "stopped.nnviz")
    a.save_path(path)
    t = _open(windows(), path)
    assert t.stopped_at == s.stopped_at
    assert _same_weights(s, t)
    _same_looks(s, t)
    for _ in range(3):
        s.run_steps(30)
        t.run_steps(30)
        assert _same_weights(s, t)
        _same_looks(s, t)


def test_player_steps_after_reopening_match(windows, tmp_path, qtbot):
    """Stepping with the player (recorded steps on the next batch) after reopening the file
    goes through the same batches as in the window it was saved from."""
    a = windows()
    s = a.open_scenario("mlp")
    s.apply({"optimizer": "adam", "dropout": 0.3, "batch_size": 5, "lr": 0.01})
    s.run_steps(13)
    path = str(tmp_path / "mlp.nnviz")
    a.save_path(path)
    t = _open(windows(), path)
    for sc in (s, t):
        for _ in range(7):
            assert sc.session.next_step() is not None
    assert _same_weights(s, t)
    assert s.session.steps == t.session.steps == 20


BROKEN = {
    "moments of the wrong length": (lambda tr: tr.update(moments=[[0.0] * 3, [0.0] * 3]),
                                    "moments"),
    "moments not numbers": (lambda tr: tr.update(moments=[["a"] * 3, [1] * 3]), "moments"),
    "negative second moment": (lambda tr: tr["moments"][1].__setitem__(0, -1.0), "moments"),
    "random state not hex": (lambda tr: tr["random"].update(state="banana"), "random"),
    "random state missing": (lambda tr: tr.pop("random"), "random"),
    "unknown generator": (lambda tr: tr["random"].update(bit_generator="MT19937"), "random"),
    "order not a permutation": (lambda tr: tr.update(order=[0, 0, 1]), "order"),
    "position too far": (lambda tr: tr.update(position=10 ** 6), "position"),
    "optimizer steps negative": (lambda tr: tr.update(optimizer_steps=-1), "optimizer_steps"),
    "unknown key": (lambda tr: tr.update(colour="red"), "colour"),
    "not a dictionary": (None, "'trainer' must be a dictionary"),
}


def _saved(window, tmp_path) -> dict:
    """The window's work saved to a file, read back as JSON."""
    path = tmp_path / "good.nnviz"
    window.save_path(str(path))
    return json.loads(path.read_text(encoding="utf-8"))


def _bad(tmp_path, doc) -> str:
    """A file holding `doc` (a saved file changed by the test)."""
    bad = tmp_path / "bad.nnviz"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    return str(bad)


def test_broken_trainer_state_gets_a_clear_message(windows, tmp_path):
    """Each kind of broken trainer state (BROKEN), opened in turn in a window showing XOR:
    refused with a message naming the trainer and what is wrong, the window's work kept.
    (One saved file and one window for all kinds: they had been made again for each.)"""
    a = windows()
    s = a.open_scenario("mlp")
    s.apply({"optimizer": "adam", "batch_size": 10})
    s.run_steps(17)
    good = _saved(a, tmp_path)
    b = windows()
    current = b.open_scenario("xor")
    before = current.get_state()
    for kind in sorted(BROKEN):
        doc = json.loads(json.dumps(good))
        change, word = BROKEN[kind]
        if change is None:
            doc["state"]["trainer"] = [1, 2, 3]
        else:
            change(doc["state"]["trainer"])
        bad = _bad(tmp_path, doc)
        with pytest.raises(NnvizFileError) as exc:
            b.open_path(bad)
        message = str(exc.value)
        assert "trainer" in message and word in message, (kind, message)
        assert "Traceback" not in message, kind
        assert b.scenario is current and current.get_state() == before, kind


@pytest.mark.parametrize("name", ["regularization", "gradients", "xor", "softmax", "mlp",
                                  "representation"])
def test_broken_trainer_state_in_each_scenario(windows, tmp_path, name):
    a = windows()
    s = a.open_scenario(name)
    s.run_steps(5)
    doc = _saved(a, tmp_path)
    doc["state"]["trainer"]["random"]["inc"] = "0xZZ"
    with pytest.raises(NnvizFileError, match=r"trainer.*random"):
        windows().open_path(_bad(tmp_path, doc))


@pytest.mark.parametrize("name", ["regularization", "gradients"])
def test_broken_history_gets_a_clear_message(windows, tmp_path, name):
    """A loss history with lists of different lengths, a negative epoch count, a fractional
    update count: each refused, naming the setting (one saved file for the three)."""
    a = windows()
    s = a.open_scenario(name)
    s.run_steps(5)
    good = _saved(a, tmp_path)
    b = windows()
    for key in ("history", "epoch", "steps"):
        doc = json.loads(json.dumps(good))
        if key == "history":
            doc["state"]["history"]["loss"].pop()
        else:
            doc["state"][key] = {"epoch": -3, "steps": 1.5}[key]
        problem = {"history": "'history' has lists of different lengths",
                   "epoch": "'epoch' is -3", "steps": "'steps' is 1.5"}[key]
        with pytest.raises(NnvizFileError, match=f"{name} setting {problem}"):
            b.open_path(_bad(tmp_path, doc))


@pytest.mark.parametrize("name", ["mlp", "xor", "softmax", "regularization", "gradients",
                                  "representation"])
def test_old_file_without_trainer_state_still_opens(windows, tmp_path, name):
    a = windows()
    s = a.open_scenario(name)
    s.run_steps(9)
    state = s.get_state()
    del state["trainer"]
    for key in ("early_stopping_run", "gradient_history"):
        state.pop(key, None)
    path = tmp_path / "old.nnviz"
    path.write_text(json.dumps({"format": "nnviz", "version": 1, "scenario": name,
                                "state": state}), encoding="utf-8")
    t = _open(windows(), str(path))
    assert _same_weights(s, t)
    assert (t.session.epoch, t.session.steps) == (s.session.epoch, s.session.steps)
    t.run_steps(5)                      # training goes on, from a fresh trainer state
    assert t.session.steps == s.session.steps + 5 or name == "regularization"
