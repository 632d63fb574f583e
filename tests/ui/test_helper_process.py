"""What the two helper processes share (nnviz/ui/helper_process.py): the on/off switch, and
one instance per application that stops cleanly."""

from __future__ import annotations

import pytest

from nnviz.ui import edge_worker, train_worker


@pytest.mark.parametrize("module", [edge_worker, train_worker], ids=["edge", "train"])
def test_environment_and_forced_switch(module, monkeypatch):
    module.set_enabled(None)
    monkeypatch.setenv(module.ENV, "0")
    assert not module.enabled()
    monkeypatch.setenv(module.ENV, "on")
    assert module.enabled()
    monkeypatch.delenv(module.ENV)
    assert module.enabled() == module.DEFAULT
    module.set_enabled(not module.DEFAULT)         # forced wins over the environment
    monkeypatch.setenv(module.ENV, "1" if module.DEFAULT else "0")
    assert module.enabled() == (not module.DEFAULT)
    module.set_enabled(None)


@pytest.mark.parametrize("module", [edge_worker, train_worker], ids=["edge", "train"])
def test_one_instance_per_application_and_a_clean_stop(module, qtbot):
    module.reset()
    w = module.client()
    assert module.client() is w and w.proc is None      # made, not started
    w.start()
    qtbot.waitUntil(w.usable, timeout=30000)
    proc = w.proc
    assert proc.is_alive()
    module.shutdown()
    assert w.proc is None and not w.ready
    module.reset()
    assert module.client() is not w                     # a fresh one after reset
    module.reset()


def test_check_helpers_command(qapp, capsys, monkeypatch):
    from nnviz.app import main
    edge_worker.reset()
    train_worker.reset()
    assert main(["--check-helpers"]) == 0
    out = capsys.readouterr().out
    assert "edge worker: ok" in out and "the same pixels" in out
    assert "training worker: ok" in out and "the same weights" in out
    # a helper that misbehaves is reported, with exit code 1
    monkeypatch.setattr(train_worker.TrainWorker, "collect", lambda self, s, wait=0: None)
    assert main(["--check-helpers"]) == 1
    out = capsys.readouterr().out
    assert "edge worker: ok" in out and "training worker: the run ended" in out
    edge_worker.reset()
    train_worker.reset()
    edge_worker.set_enabled(None)
    train_worker.set_enabled(None)
