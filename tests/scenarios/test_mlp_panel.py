"""The MLP playground's panel: the noise slider follows every way of moving it, rates are
written as in the lists, and a 1280×800 window shows the training controls unscrolled."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QStyle

from nnviz.scenarios import mlp_model as M

from .panels import pick, wheel

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def sc(open_scenario, qtbot):
    s = open_scenario("mlp")
    qtbot.waitExposed(s.canvas.window())
    return s


def shown(sc) -> float:
    """The noise the label states, as a fraction."""
    return float(sc.controls.noise.label.text().rstrip("%")) / 100


def truthful(sc) -> bool:
    """The label states the setting, the data are the engine's for it, on a step of 5 %."""
    s = sc.settings
    split = M.make_data({**s, "noise": shown(sc)})
    return (s["noise"] == shown(sc) and np.array_equal(sc.session.X_raw, split.X_train)
            and np.array_equal(sc.session.X_test_raw, split.X_test)
            and round(100 * s["noise"]) % 5 == 0)




def test_the_noise_follows_keys_the_wheel_and_the_track(sc, qtbot):
    """Only a released drag applied the noise: keys, the wheel and a click on the track set
    "15 %" over clean data."""
    slider = sc.controls.noise.slider
    rebuilt = []
    sc.state_changed.connect(lambda: rebuilt.append(sc.settings["noise"]))
    slider.setFocus()
    for _ in range(3):                                    # quick presses: one rebuild
        qtbot.keyClick(slider, Qt.Key.Key_Right)
    assert sc.controls.noise.label.text() == "15%"
    qtbot.waitUntil(lambda: sc.settings["noise"] == 0.15)
    assert truthful(sc) and rebuilt == [0.15]
    qtbot.keyClick(slider, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: sc.settings["noise"] == 0.1)
    assert truthful(sc)
    wheel(slider, 1)                                      # a notch is one step of 5 %
    assert sc.controls.noise.label.text() in ("5%", "15%")
    qtbot.waitUntil(lambda: sc.settings["noise"] != 0.1)
    assert truthful(sc)
    before = sc.settings["noise"]
    qtbot.mouseClick(slider, LEFT, pos=QPoint(slider.width() - 3, slider.height() // 2))
    qtbot.waitUntil(lambda: sc.settings["noise"] > before)
    assert truthful(sc)
    qtbot.keyClick(slider, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: sc.settings["noise"] == 0.5)  # Playground's most
    assert truthful(sc) and slider.value() == slider.maximum()


def test_a_released_drag_applies_at_once(sc, qtbot):
    from PySide6.QtWidgets import QStyleOptionSlider
    slider = sc.controls.noise.slider
    opt = QStyleOptionSlider()
    slider.initStyleOption(opt)
    handle = slider.style().subControlRect(QStyle.ComplexControl.CC_Slider, opt,
                                           QStyle.SubControl.SC_SliderHandle, slider)
    target = QPoint(slider.width() * 2 // 3, handle.center().y())
    qtbot.mousePress(slider, LEFT, pos=handle.center())
    qtbot.mouseMove(slider, pos=QPoint(slider.width() // 3, handle.center().y()))
    qtbot.mouseMove(slider, pos=target)
    qtbot.mouseRelease(slider, LEFT, pos=target)
    assert slider.value() > 0 and sc.settings["noise"] == slider.value() * 5 / 100
    assert truthful(sc)


def test_page_keys_on_the_focused_slider_stay_the_clickers(sc, qtbot):
    """Page Up/Down are the presenter clicker's keys: on a focused slider they step the
    player and leave the noise alone (label and data still agree)."""
    slider = sc.controls.noise.slider
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_PageDown)
    assert sc.player.trace is not None                    # the clicker stepped
    qtbot.wait(250)
    assert slider.value() == 0 and sc.settings["noise"] == 0.0 and truthful(sc)


def test_a_quick_key_then_another_control_keeps_both(sc, qtbot):
    slider = sc.controls.noise.slider
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    pick(qtbot, sc.controls.lr, 0.1)                      # before the pause is over
    assert sc.settings["noise"] == 0.05 and sc.settings["lr"] == 0.1 and truthful(sc)


def test_a_files_noise_between_steps_is_shown_as_it_is(sc, qtbot):
    sc.load_state({"noise": 0.13})
    assert sc.controls.noise.label.text() == "13%" and sc.controls.noise.slider.value() == 3
    sc.controls.noise.slider.setFocus()
    qtbot.keyClick(sc.controls.noise.slider, Qt.Key.Key_Left)
    qtbot.waitUntil(lambda: sc.settings["noise"] == 0.1)
    assert truthful(sc)


def test_rates_are_written_out_and_playgrounds_regularization_rates_work(sc, qtbot,
                                                                         main_window, tmp_path):
    c = sc.controls
    lrs = [c.lr.itemText(i) for i in range(c.lr.count())]
    assert lrs[0] == "0.00001" and not any("e" in t for t in lrs)
    pick(qtbot, c.lr, 0.00001)
    assert c.lr.currentText() == "0.00001" and sc.session.trainer.lr == 0.00001
    rates = [c.reg_rate.itemText(i) for i in range(c.reg_rate.count())]
    assert rates[-2:] == ["3", "10"] and "0.0001" in rates
    pick(qtbot, c.lr, 0.03)
    pick(qtbot, c.regularization, "l2")
    pick(qtbot, c.reg_rate, 10.0)
    assert sc.session.trainer.l2 == 10.0 and c.reg_rate.currentText() == "10"
    sc.run_steps(50)
    assert not sc.session.trainer.diverged
    path = str(tmp_path / "strong.nnviz")
    main_window.save_path(path)                           # the saved file's checks allow it
    saved = json.loads(json.dumps(sc.get_state()))
    pick(qtbot, c.reg_rate, 3.0)
    main_window.open_path(path)
    again = main_window.scenario
    assert again.settings["reg_rate"] == 10.0 and again.session.trainer.l2 == 10.0
    assert json.loads(json.dumps(again.get_state())) == saved


def _combo_needs(box: QComboBox) -> int:
    """The width a combo box needs to show its current text whole (its list may hold
    longer ones: it opens as wide as they need)."""
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QStyleOptionComboBox
    opt = QStyleOptionComboBox()
    box.initStyleOption(opt)
    fm = box.fontMetrics()
    text = QSize(fm.horizontalAdvance(box.currentText()), fm.height())
    return box.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, opt, text, box).width()


def test_training_and_reset_show_unscrolled_at_1280_by_800_with_no_text_cut(sc, qtbot,
                                                                            main_window):
    main_window.resize(1280, 800)
    qtbot.waitUntil(lambda: main_window.width() == 1280)
    qtbot.wait(60)
    c = sc.controls
    assert c.verticalScrollBar().value() == 0
    view = c.viewport()
    for w in (c.dataset, c.noise, c.lr, c.batch_size, c.regularization, c.reg_rate,
              c.optimizer, c.dropout, c.reset_button, c.reinit_button, c.add_layer):
        bottom = w.mapTo(view, QPoint(0, w.height())).y()
        assert w.isVisible() and bottom <= view.height(), w
    for kind in (QComboBox, QPushButton, QLabel):
        for w in c.widget().findChildren(kind):
            if w.isVisible() and not (kind is QLabel and w.wordWrap()):
                need = (_combo_needs(w) if kind is QComboBox else w.minimumSizeHint().width()
                        if kind is QLabel else w.fontMetrics().horizontalAdvance(w.text()) + 8)
                assert w.width() >= need, (w, w.width(), need)
    # the introduction: one line and a link; the link (keys) shows it whole, and back
    assert "How to use it" in c.intro.text() and "+ and −" not in c.intro.text()
    c.intro.setFocus()
    qtbot.keyClick(c.intro, Qt.Key.Key_Tab)
    qtbot.keyClick(c.intro, Qt.Key.Key_Return)
    assert "build the hidden layers with + and −" in c.intro.text()
    qtbot.wait(30)
    assert c.intro.heightForWidth(c.intro.width()) <= c.intro.height() + 1
