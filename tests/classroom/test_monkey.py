"""Monkey test: 1,200 random actions on every scenario's real controls.

Clicks, keys, value changes, scenario switches, save/open — many while the player runs.
Any uncaught exception fails the test, and after every action the player, the canvas and
the engine must agree. Replay a failure with NNVIZ_MONKEY_SEED=<seed printed below>.
"""

from __future__ import annotations

import os
import random
import sys
import traceback

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QInputDialog,
    QMenu,
    QMessageBox,
    QSpinBox,
)

from nnviz import scenarios

ACTIONS = int(os.environ.get("NNVIZ_MONKEY_ACTIONS", "1200"))
KEYS = [Qt.Key.Key_PageDown, Qt.Key.Key_PageUp, Qt.Key.Key_Space, Qt.Key.Key_Right,
        Qt.Key.Key_Left, Qt.Key.Key_B, Qt.Key.Key_S]


@pytest.fixture
def no_modal(monkeypatch):
    """Dialogs a control might open return at once (a monkey cannot answer them)."""
    for name in ("warning", "information", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QMessageBox, "about", lambda *a, **k: None)
    monkeypatch.setattr(QMessageBox, "exec", lambda *a, **k: 0)
    for name in ("getOpenFileName", "getSaveFileName"):
        monkeypatch.setattr(QFileDialog, name, lambda *a, **k: ("", ""))
    for name in ("getItem", "getInt", "getDouble", "getText"):
        monkeypatch.setattr(QInputDialog, name, lambda *a, **k: (None, False))
    monkeypatch.setattr(QDialog, "exec", lambda *a, **k: 0)
    monkeypatch.setattr(QMenu, "exec", lambda *a, **k: None)


def _controls(window):
    roots = [window.controls_dock.widget(), window.player_area]
    found = []
    for root in roots:
        if root is None:
            continue
        for w in root.findChildren(QAbstractButton) + root.findChildren(QComboBox) + \
                root.findChildren(QAbstractSpinBox) + root.findChildren(QAbstractSlider):
            if w.isVisible() and w.isEnabled() and not isinstance(w.parent(), QAbstractSpinBox):
                found.append(w)
    return found


def _act_on(widget, rng, qtbot):
    if isinstance(widget, QAbstractButton):
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
    elif isinstance(widget, QComboBox) and widget.count():
        i = rng.randrange(widget.count())
        widget.setCurrentIndex(i)
        widget.activated.emit(i)
    elif isinstance(widget, (QSpinBox, QDoubleSpinBox)):
        if rng.random() < 0.5:
            widget.setValue(rng.uniform(widget.minimum(), widget.maximum())
                            if isinstance(widget, QDoubleSpinBox)
                            else rng.randint(widget.minimum(), min(widget.maximum(),
                                                                   widget.minimum() + 50)))
        else:
            widget.stepBy(rng.choice([-1, 1]))
    elif isinstance(widget, QAbstractSpinBox):
        widget.stepBy(rng.choice([-1, 1]))
    elif isinstance(widget, QAbstractSlider):
        widget.setValue(rng.randint(widget.minimum(), widget.maximum()))


def _check_agreement(window):
    """The player, the canvases and the engine show the same network."""
    from nnviz.ui.canvas import NetworkCanvas
    s = window.scenario
    if s is None:
        return
    player = s.player
    if player is not None and hasattr(player, "session"):   # a nnviz.ui.player.Player
        net = player.session.net
        trace = player.trace
        if trace is not None and not player.training:
            assert [lay.W.shape for lay in net.layers] == [W.shape for W in trace.W_after]
            for k, lay in enumerate(net.layers):
                assert np.array_equal(lay.W, trace.W_after[k]), f"layer {k}: W ≠ trace"
                assert np.array_equal(lay.b, trace.b_after[k]), f"layer {k}: b ≠ trace"
    view = window._view
    for canvas in view.findChildren(NetworkCanvas) + \
            ([view] if isinstance(view, NetworkCanvas) else []):
        net = canvas.session.net
        if player is not None and canvas.player is player and hasattr(player, "session"):
            assert canvas.session is player.session
        trace = canvas.model.trace if hasattr(canvas.model, "trace") else None
        for k, lay in enumerate(net.layers):
            n_out, n_in = lay.W.shape
            for i in range(n_out):
                for j in list(range(n_in)) + [-1]:
                    shown = canvas.model.weight(k, i, j, animated=False)
                    now = lay.b[i] if j == -1 else lay.W[i, j]
                    if trace is None:
                        assert shown == now, f"canvas shows {shown} for {now} ({k},{i},{j})"
                    else:
                        before = trace.b_before[k][i] if j == -1 else trace.W_before[k][i, j]
                        after = trace.b_after[k][i] if j == -1 else trace.W_after[k][i, j]
                        assert shown in (before, after), (k, i, j, shown)


def test_monkey(window, tmp_path, qtbot, no_modal, capsys):
    seed = int(os.environ.get("NNVIZ_MONKEY_SEED", "20240611"))
    with capsys.disabled():
        print(f"\nmonkey seed {seed} (replay: NNVIZ_MONKEY_SEED={seed}), {ACTIONS} actions")
    rng = random.Random(seed)
    names = scenarios.names()
    errors = []
    previous_hook = sys.excepthook
    sys.excepthook = lambda *exc: errors.append(exc)
    path = str(tmp_path / "monkey.nnviz")
    log = []
    try:
        window.open_scenario(names[0])
        for _ in range(ACTIONS):
            r = rng.random()
            if r < 0.02 or window.scenario is None:
                name = rng.choice(names)
                log.append(f"open {name}")
                window.open_scenario(name)
            elif r < 0.03:
                log.append("save/open")
                if window.scenario.player is not None:
                    window.scenario.player.pause()
                before = window.scenario.get_state()
                window.save_path(path)
                window.open_path(path)
                assert window.scenario.get_state() == before, \
                    f"save → open changed the {window.scenario.name} state"
            elif r < 0.18:
                key = rng.choice(KEYS)
                log.append(f"key {key.name}")
                qtbot.keyClick(window, key)
            elif r < 0.25 and window.scenario.player is not None:
                log.append("play")
                window.scenario.player.play()
            else:
                controls = _controls(window)
                if controls:
                    w = rng.choice(controls)
                    log.append(f"{type(w).__name__} {w.objectName() or w.toolTip()[:30]!r}")
                    _act_on(w, rng, qtbot)
            QApplication.processEvents()
            if errors:
                detail = "".join(traceback.format_exception(*errors[0])[-6:])
                raise AssertionError(f"uncaught exception after {log[-5:]}:\n{detail}")
            _check_agreement(window)
    except AssertionError as exc:
        raise AssertionError(f"seed {seed}, action {len(log)} ({log[-8:]}): {exc}") from exc
    finally:
        sys.excepthook = previous_hook
        if window.projector.blanked:
            window.projector.set_blank(False)
        if window.projector.spotlight_action.isChecked():
            window.projector.spotlight_action.setChecked(False)
