"""Number boxes say why they refuse what is typed (ui/range_guard.py), in every panel."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolTip

from nnviz.ui import range_guard


def type_into(qtbot, box, text):
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, text)


def test_a_dropped_keystroke_is_explained(open_scenario, qtbot):
    gd = open_scenario("gradient-descent")
    box = gd.steps_box                       # 5 … 500
    qtbot.waitExposed(box)
    type_into(qtbot, box, "900")             # Qt drops the last 0: 90
    assert box.lineEdit().text() == "90"
    msg = range_guard.current().last_message
    assert msg == "900 is out of range: this box takes numbers from 5 to 500."
    assert QToolTip.isVisible() and QToolTip.text() == msg


def test_a_value_taken_back_on_enter_is_explained(open_scenario, qtbot):
    gd = open_scenario("gradient-descent")
    box = gd.steps_box
    qtbot.waitExposed(box)
    before = box.value()
    type_into(qtbot, box, "3")               # could still become 30: the box waits
    range_guard.current().last_message = ""
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert box.value() == before             # Qt went back to the last value …
    assert range_guard.current().last_message == \
        "3 is out of range: this box takes numbers from 5 to 500."   # … and now says why


def test_decimals_and_letters_are_explained(open_scenario, qtbot):
    gd = open_scenario("gradient-descent")
    box = gd.lr_box                          # 0.001 … 100, three decimals
    qtbot.waitExposed(box)
    type_into(qtbot, box, "0.1234")
    assert box.lineEdit().text() == "0.123"
    assert range_guard.current().last_message == \
        "This box takes 3 decimal places at most (from 0.001 to 100)."
    type_into(qtbot, box, "x")
    assert range_guard.current().last_message == \
        "This box takes numbers from 0.001 to 100."


def test_accepted_typing_says_nothing(open_scenario, qtbot):
    gd = open_scenario("gradient-descent")
    box = gd.steps_box
    qtbot.waitExposed(box)
    range_guard.current().last_message = ""
    type_into(qtbot, box, "250")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert box.value() == 250 and range_guard.current().last_message == ""


def _typable(box) -> str:
    """A value inside the box's range with as many decimals as it takes, other than its
    own: what a teacher would type."""
    lo, hi = box.minimum(), box.maximum()
    places = box.decimals() if hasattr(box, "decimals") else 0
    step = 10.0 ** -places
    v = lo + (hi - lo) * 0.37
    v = round(v / step) * step + (step if places else 0)
    if abs(v - box.value()) < step / 2:
        v += step
    return f"{v:.{places}f}" if places else str(int(v))


def test_every_number_box_takes_a_typed_number(main_window, qtbot):
    """Typing a value digit by digit into any number box gives that value (in the
    gradient-descent panel, each digit re-synced the box, "0.1" became "0.100" and the
    next digit was refused: 0.12 could not be typed)."""
    from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox

    from nnviz import scenarios
    tried = []
    for name in scenarios.names():
        main_window.open_scenario(name)
        panel = main_window.controls_dock.widget()
        for box in panel.findChildren(QSpinBox) + panel.findChildren(QDoubleSpinBox):
            if not (box.isVisibleTo(panel) and box.isEnabled()):
                continue
            text = _typable(box)
            type_into(qtbot, box, text)
            qtbot.keyClick(box, Qt.Key.Key_Return)
            assert abs(box.value() - float(text)) < 1e-9, (name, box.toolTip(), text,
                                                          box.value())
            tried.append(name)
    assert len(set(tried)) >= 4
