"""Shared fixtures of the scenario tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def gd(open_scenario, main_window):
    """The gradient-descent scenario in an active main window (so keys reach it)."""
    scenario = open_scenario("gradient-descent")
    main_window.activateWindow()
    return scenario
