"""Lessons: every shipped lesson plays through; predict-first gates the step; the clicker."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from nnviz import lessons
from nnviz.files import NnvizFileError
from nnviz.ui import window_fit


@pytest.mark.parametrize("path", lessons.shipped(), ids=lambda p: p.rsplit("/", 1)[-1])
def test_shipped_lesson_plays_every_slide(window, qtbot, path):
    lesson = lessons.load(path)
    player = window.start_lesson(lesson)
    for i, slide in enumerate(lesson.slides):
        assert player.index == i
        assert player.problem == "", player.problem
        assert window.scenario.name == slide.scenario
        assert window.lesson_bar.caption.text() == slide.caption
        state = window.scenario.get_state()
        for key, value in slide.settings.items():
            assert state[key] == value, (i, key)
        sc = window.scenario
        assert sc.locked == set(slide.locked)   # locked: off; the rest as the rules say
        for name in sc.named_controls:
            for widget in sc.controls_named(name):
                assert widget.isEnabled() == sc.may_use(name, widget), (i, name)
        if slide.predict is not None:
            assert player.pending and window.lesson_bar.reveal_button.isVisible()
            qtbot.mouseClick(window.lesson_bar.reveal_button, Qt.MouseButton.LeftButton)
            assert not player.pending
            assert "Answer:" in window.lesson_bar.question.text()
        if i < len(lesson.slides) - 1:
            qtbot.mouseClick(window.lesson_bar.next_button, Qt.MouseButton.LeftButton)
    assert not window.lesson_bar.next_button.isEnabled()
    qtbot.mouseClick(window.lesson_bar.close_button, Qt.MouseButton.LeftButton)
    assert window.lesson_player is None
    sc = window.scenario
    assert not sc.locked and all(w.isEnabled() == sc.may_use(name, w)
                                 for name in sc.named_controls for w in sc.controls_named(name))


def _lesson(tmp_path, slides):
    path = tmp_path / "t.nnviz-lesson"
    path.write_text(json.dumps({"format": "nnviz-lesson", "version": 1, "title": "Test",
                                "slides": slides}))
    return str(path)


def test_predict_first_waits_then_clicker_steps_and_moves_on(window, tiny, tmp_path, qtbot):
    path = _lesson(tmp_path, [
        {"scenario": tiny, "caption": "one", "settings": {"lr": 1.5}, "locked": ["lr"],
         "predict": {"question": "Will the output rise?", "answer": "Yes", "steps": 1},
         "clicker_steps": 2},
        {"scenario": tiny, "caption": "two"}])
    window.open_path(path)
    lp = window.lesson_player
    s = window.scenario
    assert s.session.trainer.lr == 1.5 and not s.lr_spin.isEnabled()
    assert lp.pending and not window._player_bar.isEnabled()
    assert s.player.trace is None                      # the step waits for the reveal
    qtbot.keyClick(window, Qt.Key.Key_PageDown)         # reveal: the step happens
    assert not lp.pending and window._player_bar.isEnabled()
    assert s.player.trace is not None
    first_event = s.player.event
    qtbot.keyClick(window, Qt.Key.Key_PageDown)         # clicker step 1 of 2
    assert lp.clicks == 1 and s.player.event is not first_event
    qtbot.keyClick(window, Qt.Key.Key_PageUp)            # back undoes it
    assert lp.clicks == 0 and lp.index == 0
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert lp.clicks == 2 and lp.index == 0
    qtbot.keyClick(window, Qt.Key.Key_PageDown)         # steps used up: next slide
    assert lp.index == 1 and window.lesson_bar.caption.text() == "two"
    assert window.scenario.lr_spin.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_PageUp)            # previous slide
    assert lp.index == 0 and lp.pending


def test_predict_first_veils_the_views_that_give_the_answer_away(window, qtbot, tmp_path):
    """The McCulloch–Pitts lesson asked 'will the unit fire for 1, 0?' beside a truth table
    showing the answer: the views a prediction names in "hide" are veiled until the answer
    is revealed (and when the slide or the lesson changes)."""
    from nnviz.ui.veil import Veil
    q = {"question": "Switch x1 on. Will it fire?", "answer": "No", "steps": 2}
    path = _lesson(tmp_path, [
        {"scenario": "mcculloch-pitts", "caption": "one",
         "predict": {**q, "hide": ["table", "plane"]}},
        {"scenario": "mcculloch-pitts", "caption": "two", "predict": q},
        {"scenario": "mcculloch-pitts", "caption": "three",
         "predict": {**q, "hide": ["table", "nope"]}}])
    window.open_path(path)
    lp, sc = window.lesson_player, window.scenario

    def veiled():
        return {name for name, view in sc.answer_views().items()
                if any(v.isVisible() and v.geometry() == view.rect()
                       for v in view.findChildren(Veil))}

    assert veiled() == {"table", "plane"}
    window.resize(1300, 860)                            # the veil follows its view
    qtbot.waitUntil(lambda: veiled() == {"table", "plane"})
    qtbot.keyClick(window, Qt.Key.Key_PageDown)         # reveal
    assert not lp.pending and veiled() == set()
    assert sc.model.x == [1, 0]                         # the revealed step ran
    lp.previous()                                       # (already first: the slide again)
    lp.go(0)
    sc = window.scenario
    assert lp.pending and veiled() == {"table", "plane"}
    lp.next()                                           # a prediction that hides nothing
    sc = window.scenario
    assert lp.pending and veiled() == set()
    lp.next()                                           # an unknown name is reported
    sc = window.scenario
    assert "no view called nope" in lp.problem and "plane, table" in lp.problem
    assert veiled() == {"table"}
    window.end_lesson()                                 # ending the lesson lifts the veils
    assert veiled() == set()


def test_slide_with_bad_settings_says_so(window, tiny, tmp_path):
    path = _lesson(tmp_path, [{"scenario": tiny, "caption": "c", "settings": {"lr": 99}},
                              {"scenario": tiny, "caption": "d", "locked": ["nope"]}])
    window.open_path(path)
    assert "slide 1" in window.lesson_player.problem and "lr" in window.lesson_player.problem
    assert window.lesson_bar.problem.isVisible()
    window.lesson_player.next()
    assert "no control called nope" in window.lesson_player.problem


def test_slide_with_a_wrongly_typed_setting_says_so(window, tmp_path):
    """'preset': ["or", "nand"] raised a TypeError out of File ▸ Open (a traceback): the
    slide now names the problem like any other bad setting."""
    path = _lesson(tmp_path, [{"scenario": "xor", "caption": "c",
                               "settings": {"page": 0, "preset": ["or", "nand"]}}])
    window.open_path(path)
    problem = window.lesson_player.problem
    assert "slide 1" in problem and ("preset" in problem or "type" in problem), problem
    assert window.lesson_bar.problem.isVisible()


@pytest.mark.parametrize("mutation, place", [
    (lambda d: d.pop("slides"), "missing key(s): slides"),
    (lambda d: d.update(slides=[]), "$.slides"),
    (lambda d: d["slides"][0].pop("caption"), "$.slides[0]"),
    (lambda d: d["slides"][0].update(scenario="nope"), "$.slides[0].scenario"),
    (lambda d: d["slides"][0].update(locked="lr"), "$.slides[0].locked"),
    (lambda d: d["slides"][0].update(predict={"answer": "x"}), "$.slides[0].predict"),
    (lambda d: d["slides"][0].update(predict={"question": "q", "hide": "table"}),
     "$.slides[0].predict.hide"),
    (lambda d: d["slides"][0].update(clicker_steps=-1), "$.slides[0].clicker_steps"),
    (lambda d: d["slides"][0].update(predict={"question": "q", "steps": 101}),
     "$.slides[0].predict.steps"),
    (lambda d: d["slides"][0].update(extra=1), "unexpected key(s): extra"),
    (lambda d: d.update(version=2), "written for a newer nnviz; please update"),
    (lambda d: d.update(version=0), "$.version"),
])
def test_bad_lessons_name_the_place(tmp_path, mutation, place):
    d = {"format": "nnviz-lesson", "version": 1, "title": "T",
         "slides": [{"scenario": "mcculloch-pitts", "caption": "c"}]}
    mutation(d)
    path = tmp_path / "bad.nnviz-lesson"
    path.write_text(json.dumps(d))
    with pytest.raises(NnvizFileError) as exc:
        lessons.load(path)
    assert str(exc.value).startswith(str(path)) and place in str(exc.value)


def test_readme_documents_the_lesson_format():
    from pathlib import Path
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme[readme.index("## Lessons"):]
    for key in ("scenario", "settings", "caption", "locked", "predict", "clicker_steps",
                "nnviz-lesson", "--open"):
        assert key in section, key


def test_lesson_title_sits_above_the_buttons_when_the_bar_is_narrow(window, qtbot):
    """Projector type on a 1280×800 screen squeezed the lesson's title into a column one
    word wide beside the slide buttons; a narrow bar puts it above them instead."""
    lesson = lessons.load(lessons.shipped()[2])
    window.start_lesson(lesson)
    bar = window.lesson_bar
    title, nxt = bar.title, bar.next_button
    qtbot.waitUntil(lambda: title.geometry().right() <= nxt.geometry().left())  # wide: beside
    bar.setFixedWidth(560)
    qtbot.waitUntil(lambda: title.geometry().bottom() <= nxt.geometry().top())  # narrow: above
    assert title.width() >= 500
    bar.setMinimumWidth(0)
    bar.setMaximumWidth(16777215)


def test_slide_list_shows_whole_titles_when_there_is_room(window, qtbot):
    """The slide list is as wide as its choice when the bar has room (it showed "1. XOR built
    by ha", cut off mid-word), and shortens it with "…" only when it must."""
    lesson = lessons.load(lessons.shipped()[2])
    window.start_lesson(lesson)
    box = window.lesson_bar.slide_box
    fm = box.fontMetrics()
    qtbot.waitUntil(lambda: box.width() >= fm.horizontalAdvance(box.currentText()) + 20)
    # squeezed: the choice is painted shortened, not cut off
    box.setFixedWidth(fm.horizontalAdvance("1. XOR") + 40)
    cut = box.grab().toImage()
    box.removeEventFilter(window_fit._ELIDED)         # Qt's own painting, to compare with
    plain = box.grab().toImage()
    box.installEventFilter(window_fit._ELIDED)
    assert cut != plain


def test_shipped_answers_agree_with_the_step_they_reveal(window, qtbot):
    """Lesson 3's backpropagation prediction assumed a target of 1 and answered 'negative',
    while the step it reveals is (0, 0) with target 0 and a positive output delta; lesson
    4's divergence slide now reveals the updates that blow up, with the loss in short."""
    path = next(p for p in lessons.shipped() if "03-" in p)
    player = window.start_lesson(lessons.load(path))
    player.go(2)
    player.reveal()
    trace = window.scenario.player.trace
    assert trace.targets[0, 0] == 0 and trace.a_in[0].tolist() == [0.0, 0.0]
    assert "(0, 0), whose target is 0" in player.slide.predict.question
    assert trace.delta[-1][0, 0] > 0 and player.slide.predict.answer.startswith("Positive")
    assert (trace.W_after[-1] < trace.W_before[-1]).all()          # "moves down"
    path = next(p for p in lessons.shipped() if "04-" in p)
    player = window.start_lesson(lessons.load(path))
    player.go(4)
    player.reveal()
    s = window.scenario
    assert s.session.trainer.diverged
    assert "e+" in window.stats_label.text()                       # 5.82e+12, not 13 digits
    assert not any(len(w) > 10 and w.replace(".", "").isdigit()
                   for w in window.stats_label.text().split())


def test_a_lesson_on_a_1024x768_projector_leaves_the_network_its_room(window, qtbot):
    """On a 1024×768 projector the lesson bar (title, caption, prediction) took 380 px and
    left the XOR network 30 px under its truth table. The bar takes at most MAX_SHARE of
    the height now, its text scrolling; the prediction's button goes under the question;
    the truth table goes beside a canvas too short to have it below."""
    from nnviz.ui.lessonbar import LessonBar

    from ..ui.screens import projector_window
    lesson = lessons.load(lessons.shipped()[2])
    with projector_window(window, (1024, 768)):
        player = window.start_lesson(lesson)
        for i in (2, 3):
            player.go(i)
            qtbot.waitUntil(lambda: window.width() == 1024 and window.height() == 768,
                            timeout=2000)
            qtbot.wait(50)
            bar = window.lesson_bar
            central = bar.parentWidget().height()
            assert bar.height() <= LessonBar.MAX_SHARE * central + 1, i
            canvas = window.scenario.canvas
            assert canvas.height() >= 200, (i, canvas.height())
            top = canvas.parentWidget()
            assert top.table_area.geometry().left() >= canvas.geometry().right(), i
            if i == 2:                    # a prediction: the question the width of the
                q, button = bar.question, bar.reveal_button     # text, the button in view
                assert q.width() > 0.8 * bar.body.viewport().width()
                assert button.isVisible() and button.geometry().top() \
                    >= bar.body.geometry().bottom()              # under the scrolled text
                qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
                assert not player.pending


def test_every_slides_problems_show_when_the_lesson_opens(window, tiny, tmp_path):
    """A bad setting on a later slide showed only when the class reached it, and it threw
    away the slide's locks too. Opening the lesson lists every slide's problems on the
    first slide; a bad slide still applies its locks."""
    path = _lesson(tmp_path, [
        {"scenario": tiny, "caption": "fine"},
        {"scenario": tiny, "caption": "ok"},
        {"scenario": tiny, "caption": "bad", "settings": {"lr": 99}, "locked": ["lr"]},
        {"scenario": "xor", "caption": "bad too", "settings": {"page": 0, "preset": 5},
         "predict": {"question": "q?", "hide": ["nothing"]}}])
    window.open_path(path)
    lp = window.lesson_player
    problem = lp.problem
    assert "slide 3" in problem and "lr" in problem
    assert "slide 4" in problem and "nothing" in problem and "Fix it" in problem
    assert "slide 1" not in problem and "slide 2" not in problem
    assert window.lesson_bar.problem.isVisible()
    assert window.scenario.name == tiny and lp.index == 0       # the lesson still plays
    lp.next()
    assert lp.problem == ""
    lp.next()
    assert "lr" in lp.problem
    assert not window.scenario.named_controls["lr"].isEnabled()   # its lock applies


def test_clicker_back_steps_back_whatever_made_the_steps(window, tiny, tmp_path, qtbot):
    """Steps made without the clicker (▶|, the arrow keys): Page Up left the slide (and the
    steps) instead of stepping back; it steps back while there is something to undo, then
    goes back a slide."""
    path = _lesson(tmp_path, [{"scenario": tiny, "caption": "one"},
                              {"scenario": tiny, "caption": "two"}])
    window.open_path(path)
    lp = window.lesson_player
    lp.next()
    player = window.scenario.player
    for _ in range(3):                       # steps made with the player's ▶| button
        qtbot.mouseClick(window._player_bar.forward_button, Qt.MouseButton.LeftButton)
    player.pause()
    assert player.can_step_back() and lp.clicks == 0
    while player.can_step_back():
        qtbot.keyClick(window, Qt.Key.Key_PageUp)
        assert lp.index == 1
    qtbot.keyClick(window, Qt.Key.Key_PageUp)
    assert lp.index == 0


def test_the_lesson_text_scrolls_only_when_it_must(window, qtbot):
    """The lesson's text area showed an empty scroll bar on nearly every slide, even at
    1920×1080 where it used a fifth of its room: it measured its text at a narrow width."""
    from ..ui.screens import projector_window
    lesson = lessons.load(lessons.shipped()[1])
    with projector_window(window, (1920, 1080)):
        player = window.start_lesson(lesson)
        for i in range(len(lesson.slides)):
            player.go(i)
            qtbot.wait(30)
            bar = window.lesson_bar.body.verticalScrollBar()
            assert bar.maximum() == 0, (i, bar.maximum())


@pytest.mark.parametrize("index", range(len(lessons.shipped())))
def test_a_lesson_keeps_a_1024_window_on_the_screen(window, qtbot, index):
    """The lesson bar's buttons held a 1024-px window 60 to 170 px wider than the screen;
    on a narrow bar they go short ("◀", "▶", "End")."""
    window.resize(1024, 768)
    window.open_path(lessons.shipped()[index])
    qtbot.wait(50)
    assert window.minimumSizeHint().width() <= 1024
    qtbot.waitUntil(lambda: window.width() == 1024, timeout=2000)


def test_a_lesson_steps_at_its_scenarios_step_size_not_the_teachers(qtbot, _qt_names,
                                                                    tmp_path, monkeypatch):
    """With the teacher's remembered step size "layer", lesson 4's divergence slide revealed
    10 layer events of one update (the loss unchanged) under an answer about the loss
    growing by orders of magnitude; and the lesson's step size is not remembered as theirs."""
    from nnviz.ui.mainwindow import MainWindow
    monkeypatch.setenv("NNVIZ_CONFIG_DIR", str(tmp_path))
    w = MainWindow(remember=True)
    qtbot.addWidget(w)
    w.show()
    w.settings.set("player/granularity", "layer")
    try:
        path = next(p for p in lessons.shipped() if "04-" in p)
        player = w.start_lesson(lessons.load(path))
        player.go(4)
        player.reveal()
        assert w.scenario.session.trainer.diverged
        w.end_lesson()
        w.open_scenario("xor")
        assert w.settings.get("player/granularity") == "layer"
        assert w.scenario.player.granularity == "layer"     # outside a lesson: theirs
    finally:
        w.close()


def test_the_clicker_on_a_blank_screen_and_at_the_end_of_a_lesson(window, qtbot):
    """Page Down on a blanked screen revealed the answer behind the black (the class then
    saw it given); on the last slide it did nothing, silently."""
    path = next(p for p in lessons.shipped() if "02-" in p)
    player = window.start_lesson(lessons.load(path))
    assert player.pending
    window.projector.blank_action.setChecked(True)
    assert window.projector.blanked
    window.clicker_forward()
    assert not window.projector.blanked and player.pending     # the picture back, no more
    assert not window.projector.blank_action.isChecked()
    player.go(len(player.lesson.slides) - 1)
    for _ in range(60):
        if not player.pending and player.clicks >= player.slide.clicker_steps:
            break
        window.clicker_forward()
    window.clicker_forward()
    assert window.statusBar().currentMessage().startswith("End of the lesson")


def test_page_up_past_the_reveal_asks_the_question_again(window, qtbot):
    """Reveal, two clicks, three Page Ups: back at the start weights, but the answer stayed
    and the next Page Down counted as a clicker step."""
    path = next(p for p in lessons.shipped() if "02-" in p)
    player = window.start_lesson(lessons.load(path))
    assert player.pending and player._veils
    window.clicker_forward()                  # reveal (its step)
    window.clicker_forward()
    window.clicker_forward()                  # two clicker steps
    assert not player.pending and player.clicks == 2
    for _ in range(3):
        window.clicker_back()
    assert player.pending and player.clicks == 0 and player.index == 0
    assert player._veils                      # the views are veiled again
    window.clicker_forward()                  # the reveal again, not a clicker step
    assert not player.pending and player.clicks == 0


def test_lesson_4s_overfitting_slide_shows_the_test_points(window, qtbot):
    """Test points are hidden by default now (they hid the map); the overfitting slide, whose
    caption is about the test loss, shows them, and the slide before does not."""
    from nnviz import lessons
    path = next(p for p in lessons.shipped() if "04-" in p)
    window.start_lesson(lessons.load(path))
    lp = window.lesson_player
    while lp.index < len(lp.lesson.slides) - 1:
        lp.next()
    b = window.scenario.boundary
    assert "Overfitting" in lp.lesson.slides[lp.index].title
    assert b.show_test and b.test_points.isVisible() and len(b.test_points.data) > 0
    lp.previous()
    assert not window.scenario.boundary.show_test
