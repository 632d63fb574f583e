"""Keyboard access, with the real keys in a real main window: Space and a focused control,
the scenario list and the focus, Tab through the XOR view, the shortcuts sheet, accessible
names, and the keys for step size, speed and fast training."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QPushButton, QSpinBox, QTableWidget, QToolButton


def _tab_to(qtbot, widget, most=300):
    """Press Tab, as a keyboard user does, until `widget` has the focus."""
    if widget.hasFocus():                 # (come to it from elsewhere)
        widget.window().centralWidget().setFocus(Qt.FocusReason.OtherFocusReason)
        qtbot.waitUntil(lambda: not widget.hasFocus())
    for _ in range(most):
        if widget.hasFocus():
            return
        _press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {widget}")


def _press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    """A key as the user types it: to whatever has the focus."""
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClick(target, key, modifier)


def _stop(player):
    player.set_training(False)
    player.pause()


def test_space_presses_a_control_reached_by_tab_but_plays_after_a_click(qtbot, main_window,
                                                                         open_scenario):
    scenario = open_scenario("mlp")
    main_window.activateWindow()
    player = scenario.player
    toggle = main_window.controls_dock.findChild(QPushButton, "feature_x1^2")
    assert toggle is not None and toggle.isCheckable()
    # the teacher clicks it with the mouse (it takes the focus), then presses Space: play
    was = toggle.isChecked()
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(toggle.hasFocus)
    qtbot.wait(50)          # (as a person would: what the click set going settles first)
    assert toggle.isChecked() != was
    clicked = toggle.isChecked()
    _press(qtbot, Qt.Key.Key_Space)
    assert player.playing and toggle.isChecked() == clicked
    _press(qtbot, Qt.Key.Key_Space)
    assert not player.playing
    # it greys out: Qt moves the focus on by itself ("Tab" as the reason), not the user
    toggle.setEnabled(False)
    qtbot.waitUntil(lambda: QApplication.focusWidget() not in (None, toggle))
    moved = QApplication.focusWidget()
    checked = moved.isChecked() if isinstance(moved, QPushButton) else None
    _press(qtbot, Qt.Key.Key_Space)
    assert player.playing
    assert checked is None or moved.isChecked() == checked
    _press(qtbot, Qt.Key.Key_Space)
    assert not player.playing
    toggle.setEnabled(True)
    # a keyboard user moves to it with Tab: Space presses it and the player stays still
    _tab_to(qtbot, toggle)
    _press(qtbot, Qt.Key.Key_Space)
    assert toggle.isChecked() != clicked
    assert not player.playing and not player.timer_active
    _stop(player)


def test_space_presses_a_player_button_reached_by_tab(qtbot, demo):
    scenario, window = demo
    player = scenario.player
    player.set_granularity("layer")
    forward = window.findChild(QToolButton, "forwardButton")
    _tab_to(qtbot, forward)
    _press(qtbot, Qt.Key.Key_Space)
    assert not player.playing
    assert player.trace is not None and player.group_position()[0] == 1
    train = window.findChild(QToolButton, "trainButton")
    _tab_to(qtbot, train)
    _press(qtbot, Qt.Key.Key_Space)
    assert player.training and train.isChecked()
    _press(qtbot, Qt.Key.Key_Space)
    assert not player.training and not train.isChecked()
    _stop(player)


def test_scenario_list_does_not_keep_the_focus(qtbot, main_window):
    window = main_window
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    box = window.scenario_box
    assert not box.hasFocus()                   # at start: the start page
    _press(qtbot, Qt.Key.Key_Down)
    assert window.scenario is None
    window.open_scenario("perceptron")
    assert not box.hasFocus()
    # chosen from the list with the keyboard: the view takes the focus
    _tab_to(qtbot, box)
    _press(qtbot, Qt.Key.Key_Down)
    first = window.scenario
    assert first.name == "xor" and not box.hasFocus()
    assert window.centralWidget().isAncestorOf(QApplication.focusWidget())
    _press(qtbot, Qt.Key.Key_Down)
    _press(qtbot, Qt.Key.Key_Up)
    assert window.scenario is first


def test_wheel_over_the_scenario_list_switches_only_when_it_has_the_focus(qtbot, main_window):
    window = main_window
    window.activateWindow()
    box = window.scenario_box

    def wheel(dy):
        centre = QPointF(box.rect().center())
        ev = QWheelEvent(centre, QPointF(box.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                         QPoint(0, dy), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                         Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(box, ev)
        QApplication.processEvents()

    window.open_scenario("perceptron")
    wheel(-120)
    assert window.scenario.name == "perceptron" and not box.hasFocus()
    assert box.currentData() == "perceptron"
    _tab_to(qtbot, box)
    wheel(-120)
    assert window.scenario.name == "xor"      # it has the focus: the wheel chooses


def test_tab_goes_through_the_xor_truth_table(qtbot, main_window, open_scenario):
    scenario = open_scenario("xor")
    main_window.activateWindow()
    tables = [t for t in main_window.findChildren(QTableWidget) if t.isVisible()]
    assert tables
    start = QApplication.focusWidget()
    assert start is not None
    seen = []
    for _ in range(60):
        _press(qtbot, Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert not any(w in tables for w in seen)
    assert main_window.scenario_box in seen            # all the way round
    assert scenario.player is not None
    _stop(scenario.player)


def test_shortcuts_sheet_lists_the_player_keys_once_and_wraps(qtbot, main_window,
                                                               open_scenario):
    open_scenario("mlp")
    main_window.activateWindow()
    qtbot.keyClick(main_window, Qt.Key.Key_F1)
    dialog = [d for d in main_window.menus._dialogs if d.objectName() == "shortcuts_dialog"][-1]
    qtbot.waitExposed(dialog)
    keys = [k for k, _ in dialog.rows]
    for key in ("Space", "Right arrow", "Left arrow", "Page Down", "Page Up", "G", "T"):
        assert keys.count(key) == 1, (key, keys)
    assert not any("PgUp" in k or "PgDown" in k for k in keys)
    text = {k: d for k, d in dialog.rows}
    assert "Play" in text["Space"] and "forward" in text["Right arrow"]
    dialog.resize(640, 560)
    QApplication.processEvents()
    assert dialog.scroll.horizontalScrollBar().maximum() == 0      # no sideways scrolling
    dialog.close()


def test_glyph_buttons_have_accessible_names(qtbot, demo):
    scenario, window = demo
    names = {n: window.findChild(QToolButton, n).accessibleName()
             for n in ("restartButton", "backButton", "playButton", "forwardButton",
                       "trainButton")}
    assert names == {"restartButton": "Restart step", "backButton": "Step back",
                     "playButton": "Play", "forwardButton": "Step forward",
                     "trainButton": "Train fast"}
    _press(qtbot, Qt.Key.Key_Space)
    assert window.findChild(QToolButton, "playButton").accessibleName() == "Pause"
    _stop(scenario.player)


def test_keys_change_step_size_speed_and_fast_training(qtbot, demo):
    scenario, window = demo
    player = scenario.player
    player.set_granularity("unit")
    player.set_speed(1.0)
    slider = window.findChild(object, "speedSlider")
    _press(qtbot, Qt.Key.Key_G)
    assert player.granularity == "layer"
    assert window.findChild(QToolButton, "granularity_layer").isChecked()
    _press(qtbot, Qt.Key.Key_G, Qt.KeyboardModifier.ShiftModifier)
    _press(qtbot, Qt.Key.Key_G, Qt.KeyboardModifier.ShiftModifier)
    assert player.granularity == "epoch"          # round the list
    _press(qtbot, Qt.Key.Key_BracketRight)
    assert player.speed == 2.0 and slider.value() == 3
    _press(qtbot, Qt.Key.Key_BracketLeft)
    _press(qtbot, Qt.Key.Key_Minus)
    assert player.speed == 0.5
    _press(qtbot, Qt.Key.Key_Plus, Qt.KeyboardModifier.ShiftModifier)    # + on a US keyboard
    assert player.speed == 1.0
    _press(qtbot, Qt.Key.Key_T)
    assert player.training
    _press(qtbot, Qt.Key.Key_T)
    assert not player.training
    # a focused spin box keeps the printable keys for itself
    spin = window.findChild(QSpinBox, "demoSpin")
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    qtbot.keyClick(spin, Qt.Key.Key_T)
    qtbot.keyClick(spin, Qt.Key.Key_G)
    assert not player.training and player.granularity == "epoch"
    _stop(player)


def test_mlp_plus_and_minus_buttons_have_accessible_names(open_scenario):
    sc = open_scenario("mlp")
    c = sc.controls
    assert c.add_layer.accessibleName() == "Add a hidden layer"
    assert c.remove_layer.accessibleName() == "Remove the last hidden layer"
    from PySide6.QtWidgets import QPushButton
    assert c.findChild(QPushButton, "units_plus_0").accessibleName() == \
        "One unit more in hidden layer 1"
    assert c.findChild(QPushButton, "units_minus_0").accessibleName() == \
        "One unit fewer in hidden layer 1"


def test_a_click_elsewhere_gives_space_back_to_the_player(qtbot, main_window, open_scenario):
    """Tab to Regenerate, click the toolbar's ▶ (it takes no focus: Regenerate keeps it),
    press Space to pause: Space had regenerated the data and wiped the class's training."""
    scenario = open_scenario("mlp")
    main_window.activateWindow()
    scenario.run_steps(60)
    steps = scenario.session.steps
    regenerate = next(b for b in main_window.controls_dock.findChildren(QPushButton)
                      if b.text() == "Regenerate")
    _tab_to(qtbot, regenerate)
    play = main_window._player_bar.play_button
    qtbot.mouseClick(play, Qt.MouseButton.LeftButton)
    qtbot.wait(50)          # (as a person would; see the first test)
    assert scenario.player.playing and regenerate.hasFocus()
    _press(qtbot, Qt.Key.Key_Space)
    assert not scenario.player.playing
    assert scenario.session.steps >= steps and scenario.session.epoch > 0    # not wiped


def test_closing_the_scenario_list_without_a_choice_gives_the_view_the_focus(
        qtbot, main_window, open_scenario):
    """Click the list, close it with Esc, press Down: the next scenario had opened."""
    open_scenario("xor")
    box = main_window.scenario_box
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: box.view().isVisible())
    box.hidePopup()                                    # (Esc in the list)
    qtbot.waitUntil(lambda: main_window.focusWidget() not in (None, box))
    qtbot.keyClick(main_window.focusWidget(), Qt.Key.Key_Down)
    assert main_window.scenario.name == "xor"
