"""Fixtures for the shared UI widgets: a session, a player, and the demo scenario in a real
main window."""

from __future__ import annotations

import pytest

from .demo_scenario import DemoScenario, make_session


@pytest.fixture
def session(qapp):
    return make_session()


@pytest.fixture
def player(session):
    from nnviz.ui.player import Player
    p = Player(session)
    yield p
    p.shutdown()
    assert not p.timer_active, "the player's clock kept running"


@pytest.fixture
def demo(main_window, monkeypatch):
    """The demo scenario opened in a real MainWindow (scenario, window)."""
    from nnviz import scenarios
    real_create = scenarios.create

    def create(name, parent=None):
        return DemoScenario(parent) if name == "ui-demo" else real_create(name, parent)

    monkeypatch.setattr(scenarios, "create", create)
    scenario = main_window.open_scenario("ui-demo")
    main_window.activateWindow()
    yield scenario, main_window
    import shiboken6
    if shiboken6.isValid(scenario.player):   # (pytest-qt may have closed the window already)
        scenario.player.pause()
        assert not scenario.player.timer_active


@pytest.fixture
def zoom_back():
    """The theme manager; its zoom is put back after the test."""
    from nnviz.ui import theme
    m = theme.manager()
    zoom = m.zoom
    yield m
    m.set_zoom(zoom)
