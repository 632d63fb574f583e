"""The start page: a card per scenario in syllabus order, live pictures, click to open."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from nnviz import scenarios
from nnviz.ui.cards import picture_for


def test_cards_follow_the_syllabus(main_window):
    page = main_window.start_page
    assert list(page.cards) == scenarios.names()
    for i, (name, card) in enumerate(page.cards.items()):
        assert card.title.text() == f"{i + 1}. {scenarios.get(name).title}"
        assert card.summary.text() == scenarios.get(name).summary
        assert card.toolTip()


def test_clicking_a_card_opens_its_scenario(main_window, qtbot):
    card = main_window.start_page.cards["perceptron"]
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert main_window.scenario is not None and main_window.scenario.name == "perceptron"
    assert not main_window.start_page.timer.isActive(), "pictures stop when the page is hidden"
    main_window.open_scenario(None)
    assert main_window.start_page.timer.isActive()


def test_enter_on_a_focused_card_opens_it(main_window, qtbot):
    card = main_window.start_page.cards["xor"]
    card.setFocus()
    qtbot.keyClick(card, Qt.Key.Key_Return)
    assert main_window.scenario.name == "xor"


def _render(picture, size=160):
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPainter
    img = QImage(size, size, QImage.Format.Format_RGB32)
    img.fill(0xFFFFFF)
    p = QPainter(img)
    picture.paint(p, QRectF(0, 0, size, size))
    p.end()
    ptr = img.constBits()
    return np.frombuffer(ptr, dtype=np.uint8).reshape(size, size, 4)[:, :, :3].copy()


@pytest.mark.parametrize("name", scenarios.names())
def test_every_picture_draws_and_moves(qapp, name):
    picture = picture_for(name)
    before = _render(picture)
    assert before.std() > 5, "the picture is not blank"
    for _ in range(6):
        picture.tick()
    after = _render(picture)
    assert np.any(before != after), f"the {name} picture does not move"


def test_perceptron_picture_follows_the_rule(qapp):
    """The card's perceptron is the engine's: one epoch per tick of Rosenblatt's rule."""
    from nnviz.engine.units import Perceptron
    picture = picture_for("perceptron")
    reference = Perceptron(2, lr=0.2, w=np.array([-0.6, 0.3]), b=0.4)
    for _ in range(3):
        picture.tick()
        reference.train_epoch(picture.X, picture.t)
    assert np.allclose(picture.net.layers[0].W[0], reference.w)
    assert picture.net.layers[0].b[0] == pytest.approx(reference.b)


def test_card_titles_wrap_instead_of_being_cut_in_projector_type(qtbot):
    """Projector type on a 1280×800 screen: the cards' titles ('1. McCulloch–P…') were cut
    off at the card's edge; they wrap onto a second line."""
    from PySide6.QtCore import Qt

    from nnviz.ui.mainwindow import MainWindow
    w = MainWindow(remember=False)
    qtbot.addWidget(w)
    w.projector.set_active(True)
    w.setWindowState(w.windowState() & ~Qt.WindowState.WindowFullScreen)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    try:
        cards = list(w.start_page.cards.values())
        qtbot.waitUntil(lambda: all(card.width() > 0 for card in cards))
        for card in cards:
            title = card.title
            assert title.wordWrap()
            lines = title.heightForWidth(title.width()) / title.fontMetrics().lineSpacing()
            assert title.fontMetrics().horizontalAdvance(title.text()) <= title.width() \
                or lines >= 1.9, title.text()
            assert title.height() >= title.heightForWidth(title.width()) - 2, title.text()
    finally:
        w.projector.set_active(False)


def test_the_real_app_opens_every_scenario_with_the_saved_preferences(qtbot, tmp_path):
    """The `nnviz` command remembers the teacher's step size and speed and applies them
    to each scenario it opens: the default step size, "layer", is one the perceptron does
    not have, so the perceptron (lesson 2) failed to open with a traceback; and a speed of
    100 in a hand-edited settings file stopped every network scenario from opening."""
    from nnviz import scenarios
    from nnviz.ui.mainwindow import MainWindow
    from nnviz.ui.settings import Settings
    ini = tmp_path / "nnviz.ini"
    ini.write_text("[player]\ngranularity=layer\nspeed=100\n")
    settings = Settings(ini)
    assert settings.get("player/speed") == 1.0          # out of range: the default
    w = MainWindow(settings=settings, autosave=False, remember=True)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    try:
        for name in scenarios.names():
            step = settings.get("player/granularity")    # (each scenario leaves its own)
            sc = w.open_scenario(name)
            assert sc.name == name
            player = sc.player
            if player is not None and step in player.GRANULARITIES:
                assert player.granularity == step, name
                assert player.speed == 1.0
        sc = w.open_scenario("perceptron")
        assert sc.player.granularity in sc.player.GRANULARITIES
    finally:
        w.remember = False
        w.close()


@pytest.mark.parametrize("answer", ["Cancel", "Discard", "Save"])
def test_closing_or_replacing_unsaved_work_asks_first(qtbot, tmp_path, monkeypatch, answer):
    """Closing the window or opening another scenario threw trained work away without a
    word (and a clean exit offered no restore). The real app now marks changed work with
    "*" in the title and asks: Save, Discard or Cancel."""
    from PySide6.QtWidgets import QMessageBox

    from nnviz.ui.mainwindow import MainWindow
    from nnviz.ui.settings import Settings
    asked = []

    def reply(box):
        asked.append(box.text())
        return getattr(QMessageBox.StandardButton, answer)
    monkeypatch.setattr(QMessageBox, "exec", reply)
    w = MainWindow(settings=Settings(tmp_path / "nnviz.ini"), autosave=False, remember=True)
    qtbot.addWidget(w)
    w.show()
    w.open_scenario("xor")
    qtbot.wait(20)
    assert not w.modified and not w.windowTitle().endswith("*")
    w.choose_scenario("mlp")                  # nothing changed: no question
    assert not asked and w.scenario.name == "mlp"
    w.scenario.run_steps(3)
    qtbot.waitUntil(lambda: w.modified, timeout=2000)
    assert w.windowTitle().endswith("*")
    saved = tmp_path / "work.nnviz"
    monkeypatch.setattr(w.menus, "save", lambda: w.save_path(str(saved)))
    w.choose_scenario("xor")
    assert len(asked) == 1 and "MLP playground" in asked[0]
    if answer == "Cancel":
        assert w.scenario.name == "mlp" and w.modified
        assert w.scenario_box.currentData() == "mlp"
        w.close()
        assert w.isVisible()                  # closing asked too, and was cancelled
        assert len(asked) == 2
        w.modified = False
    else:
        assert w.scenario.name == "xor"
        assert saved.exists() == (answer == "Save")
    w.close()
    assert not w.isVisible()


def test_looking_is_not_unsaved_work_and_restored_work_is(qtbot, tmp_path, monkeypatch):
    """Switching XOR's page (a view) marked the work unsaved and asked to save it; stepping
    back to the start left the "*" on. Restored autosaved work counted as saved, so closing
    lost it without a question."""
    from PySide6.QtWidgets import QMessageBox

    from nnviz import files
    from nnviz.ui.mainwindow import MainWindow
    from nnviz.ui.settings import Settings
    asked = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: asked.append(box.text())
                        or QMessageBox.StandardButton.Discard)
    w = MainWindow(settings=Settings(tmp_path / "nnviz.ini"), autosave=False, remember=True)
    qtbot.addWidget(w)
    w.show()
    sc = w.open_scenario("xor")
    sc.show_page(1 - sc.settings["page"])
    qtbot.wait(400)
    assert not w.modified
    sc.player.set_granularity("batch")
    for _ in range(2):
        sc.player.step_forward()
        sc.player.pause()
    sc.player.step_forward()                      # (the last update shown)
    sc.player.pause()
    qtbot.waitUntil(lambda: w.modified, timeout=2000)
    while sc.player.can_step_back():
        sc.player.step_back()
    qtbot.waitUntil(lambda: not w.modified, timeout=2000)
    assert not w.windowTitle().endswith("*")
    saved = sc.get_state()
    w.open_scenario("mlp")
    files.save(w.autosaver.recovery, "xor", saved)
    w.restore_autosave()
    assert w.scenario.name == "xor" and w.modified and w.windowTitle().endswith("*")
    w.close()
    assert asked                                   # closing asked about the restored work
