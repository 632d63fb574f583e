"""The perceptron scenario driven by real clicks, checked against the engine's rule."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QWidget

from nnviz.engine.units import Perceptron

AND_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
LEFT, RIGHT = Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton


@pytest.fixture
def sc(open_scenario, qtbot):
    s = open_scenario("perceptron")
    qtbot.waitExposed(s.view)
    return s


@pytest.fixture
def bar(sc, main_window):
    """The toolbar's player controls: the perceptron's only ones, as everywhere."""
    b = main_window._player_bar
    assert b is not None and b.player is sc.player
    return b


def press(qtbot, key):
    """A key as the user types it: to whatever has the focus."""
    from PySide6.QtWidgets import QApplication
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClick(target, key)


def click(qtbot, button, which=LEFT):
    qtbot.mouseClick(button, which)


def plot_pos(view, x1, x2):
    """Widget position of the data point (x1, x2) on the plot's viewport."""
    scene = view.box.mapViewToScene(QPointF(x1, x2))
    return view.plot.mapFromScene(scene)


def on_line(view, w, b):
    xs, ys = view.line.getData()
    assert xs is not None and len(xs) == 2
    return np.allclose(np.asarray(xs) * w[0] + np.asarray(ys) * w[1] + b, 0, atol=1e-9)


def test_an_and_epoch_by_button_clicks_follows_the_rule(sc, bar, qtbot):
    sc.load_state({"data": "and", "lr": 0.5, "w_init": [0.3, -0.2, 0.1]})
    ref = Perceptron(2, lr=0.5, w=[0.3, -0.2], b=0.1)
    t = [0, 0, 0, 1]
    for i in range(4):
        click(qtbot, bar.forward_button)
        rec = ref.step(AND_X[i], t[i], i)
        assert np.array_equal(sc.model.w, ref.w) and sc.model.b == ref.b
        assert sc.model.last == rec
        assert on_line(sc.view, ref.w, ref.b)
        text = sc.view.formula.text().replace("\u00a0", " ")    # (formulas kept unbroken)
        assert f"sample {i + 1} of 4" in text
        if rec.mistake:
            assert "mistake" in text and "w ← w + η(t − y)x" in text
            xs, _ = sc.view.old_line.getData()
            assert xs is not None and len(xs) == 2      # the line before the update
        else:
            assert "right" in text
    assert sc.model.epoch == 1 and sc.model.unit.epoch_errors == [sum(s.mistake for s in
                                                                      ref.steps)]
    bars = sc.error_bars.opts["height"]
    assert list(bars) == sc.model.unit.epoch_errors


def test_an_epoch_step_and_train_converge_on_and(sc, bar, main_window, qtbot):
    click(qtbot, bar.granularity_buttons["epoch"])
    click(qtbot, bar.forward_button)
    assert sc.model.epoch == 1 and sc.model.cursor == 0
    click(qtbot, bar.train_button)
    assert bar.train_button.isChecked() and bar.play_button.text() == "❚❚"
    qtbot.waitUntil(lambda: not sc.player.training, timeout=5000)
    assert not bar.train_button.isChecked() and bar.play_button.text() == "▶"
    ref = Perceptron(2)
    converged, epochs = ref.fit(AND_X, [0, 0, 0, 1], 100)
    assert converged and sc.model.converged and sc.model.epoch == epochs
    assert np.array_equal(sc.model.w, ref.w) and sc.model.b == ref.b
    assert f"Converged after {epochs} epochs" in sc.verdict.text()
    n = sc.model.n_steps
    click(qtbot, bar.forward_button)                # nothing left to learn: said so
    assert sc.model.n_steps == n
    assert "Nothing left to learn" in main_window.statusBar().currentMessage()


def test_xor_never_converges_and_says_why(sc, bar, qtbot):
    sc.data_box.setCurrentIndex(sc.data_box.findData("xor"))
    sc.data_box.activated.emit(sc.data_box.currentIndex())
    assert sc.model.labels == [0, 1, 1, 0]
    click(qtbot, bar.train_button)
    qtbot.waitUntil(lambda: not sc.player.training, timeout=5000)
    ref = Perceptron(2)
    ref.fit(AND_X, [0, 1, 1, 0], 100)
    assert sc.model.cycle == ref.cycle is not None and not sc.model.converged
    text = sc.verdict.text()
    assert "never converges" in text and "Minsky and Papert" in text
    assert sc.xor_button.isVisible()


def test_step_back_restores_the_weights(sc, bar, qtbot):
    seen = [(sc.model.w.copy(), sc.model.b)]
    for _ in range(6):
        click(qtbot, bar.forward_button)
        seen.append((sc.model.w.copy(), sc.model.b))
    assert bar.back_button.isEnabled()
    for k in range(5, -1, -1):
        click(qtbot, bar.back_button)
        assert np.array_equal(sc.model.w, seen[k][0]) and sc.model.b == seen[k][1]
        assert sc.model.n_steps == k
    assert not bar.back_button.isEnabled()
    for _ in range(6):
        click(qtbot, bar.forward_button)
    assert np.array_equal(sc.model.w, seen[6][0]) and sc.model.b == seen[6][1]


def test_clicks_add_and_remove_points(sc, qtbot):
    view = sc.view
    n = len(sc.model.points)
    qtbot.mouseClick(view.plot.viewport(), LEFT, pos=plot_pos(view, 0.5, 1.25))
    assert len(sc.model.points) == n + 1 and sc.model.labels[-1] == 1
    assert np.allclose(sc.model.points[-1], [0.5, 1.25], atol=0.03)
    assert sc.model.preset == "custom" and sc.data_box.currentData() == "custom"
    sc.class_box.setCurrentIndex(sc.class_box.findData(0))
    qtbot.mouseClick(view.plot.viewport(), LEFT, pos=plot_pos(view, -0.4, 0.5))
    assert sc.model.labels[-1] == 0 and len(sc.model.points) == n + 2
    assert len(view.neg.data) == sc.model.labels.count(0)
    qtbot.mouseClick(view.plot.viewport(), RIGHT, pos=plot_pos(view, 0.95, 0.05))
    assert len(sc.model.points) == n + 1 and [1.0, 0.0] not in sc.model.points


def test_bipolar_targets_follow_the_engine(sc, bar, qtbot):
    sc.targets_box.setCurrentIndex(1)
    sc.targets_box.activated.emit(1)
    assert sc.model.bipolar and list(sc.model.targets) == [-1, -1, -1, 1]
    ref = Perceptron(2, bipolar=True)
    for i in range(4):
        click(qtbot, bar.forward_button)
        ref.step(AND_X[i], [-1, -1, -1, 1][i], i)
    assert np.array_equal(sc.model.w, ref.w) and sc.model.b == ref.b


def test_play_then_pause_with_the_toolbar_and_its_keys(sc, bar, main_window, qtbot):
    main_window.activateWindow()
    sc.view.setFocus()
    for _ in range(4):                              # ] four notches: 1× → 16×
        press(qtbot, Qt.Key.Key_BracketRight)
    assert sc.player.speed == 16 and bar.speed_value.text() == "16×"
    click(qtbot, bar.play_button)
    assert sc.player.playing and bar.play_button.text() == "❚❚"
    qtbot.waitUntil(lambda: sc.model.n_steps >= 2, timeout=3000)
    click(qtbot, bar.play_button)
    assert not sc.player.playing and not sc.player._timer.isActive()
    assert bar.play_button.text() == "▶"
    press(qtbot, Qt.Key.Key_Space)                  # Space: the same play state
    assert sc.player.playing and bar.play_button.text() == "❚❚"
    press(qtbot, Qt.Key.Key_Space)
    assert not sc.player.playing and bar.play_button.text() == "▶"


def test_state_round_trip_and_bad_state(sc, qtbot):
    sc.load_state({"data": "separable", "seed": 4, "lr": 0.25, "w_init": [1, -1, 0.5],
                   "targets": "bipolar"})
    sc.run_steps(30)
    state = sc.get_state()
    w, b = sc.model.w.copy(), sc.model.b
    sc.reset()
    assert sc.model.n_steps == 0
    sc.load_state(state)
    assert sc.get_state() == state
    assert np.array_equal(sc.model.w, w) and sc.model.b == b
    assert sc.lr_spin.value() == 0.25 and sc.targets_box.currentIndex() == 1
    for bad, word in [({"lr": 0}, "lr"), ({"w_init": [1, 2]}, "w_init"),
                      ({"points": [[0, 0, 3]]}, r"points\[0\]"), ({"data": "moons"}, "data"),
                      ({"steps": -1}, "steps"), ({"speed": 99}, "speed"),
                      ({"bogus": 1}, "no settings"), ({"targets": "ternary"}, "targets")]:
        with pytest.raises(ValueError, match=word):
            sc.load_state(bad)
        assert sc.get_state() == state


def test_screenshot_is_not_blank(sc, main_window):
    sc.run_steps(5)
    img = main_window.grab().toImage()
    colours = {img.pixel(x, y) for x in range(0, img.width(), 7) for y in range(0, img.height(), 7)}
    assert len(colours) > 20


def test_the_toolbar_player_bar_drives_the_player(sc, bar, qtbot):
    ref = Perceptron(2)
    for i in range(3):
        qtbot.mouseClick(bar.forward_button, LEFT)
        ref.step(AND_X[i], [0, 0, 0, 1][i], i)
    assert np.array_equal(sc.model.w, ref.w) and sc.model.b == ref.b
    assert bar.back_button.isEnabled()
    qtbot.mouseClick(bar.granularity_buttons["epoch"], LEFT)
    qtbot.mouseClick(bar.forward_button, LEFT)
    assert sc.model.epoch == 1 and sc.model.cursor == 0
    qtbot.mouseClick(bar.forward_button, LEFT)
    qtbot.mouseClick(bar.restart_button, LEFT)      # back to the start of epoch 2
    assert sc.model.epoch == 1 and sc.model.cursor == 0 and sc.model.n_steps == 4
    qtbot.mouseClick(sc.reset_button, LEFT)         # the panel's Reset: the initial weights
    assert sc.model.n_steps == 0 and np.array_equal(sc.model.w, [0, 0])


def test_plane_keeps_most_of_a_short_view(open_scenario, main_window, qtbot):
    """In a short view (a lesson in projector type on a 1280×800 screen) the legend and the
    formula scroll below the plane instead of squeezing it to a strip."""
    sc = open_scenario("perceptron")
    view = sc.view
    for height in (1000, 520):
        main_window.resize(1280, height)
        qtbot.waitUntil(lambda h=height: view.height() < h)
        qtbot.wait(30)
        assert view.plot.height() >= 0.4 * view.height(), (height, view.plot.height())
        assert view.text_area.height() <= view.height() // 2 + 1


def test_the_step_text_gets_the_height_it_needs_below_the_plane(sc, bar, main_window, qtbot):
    """The text below the plane was held to its small size hint: on a 1280×800 screen a
    step's update (w0 ← …) was cut off behind a scroll bar while the plane stretched. It
    now gets the height it needs (at most half the view)."""
    main_window.resize(1280, 800)
    sc.load_state({"data": "and", "lr": 1.0, "w_init": [0.0, 0.0, 0.0]})
    for _ in range(10):
        click(qtbot, bar.forward_button)
    qtbot.wait(50)
    view = sc.view
    assert "mistake" in view.formula.text() or "right" in view.formula.text()
    need = view.text_area.widget().sizeHint().height()
    assert need < view.height() // 2                    # it fits in half the view
    assert view.text_area.height() >= need
    assert view.text_area.verticalScrollBar().maximum() == 0


@pytest.mark.parametrize("size", [(1600, 1000), (1100, 700)])
def test_weight_arrow_has_a_sharp_head_and_its_label_stays_clear(sc, bar, qtbot, size):
    """The arrow's head was a wide triangle that looked as if it pointed down, and the
    'w = (2, 1)' label sat over it: the head now points along the shaft on screen (twice as
    long as wide, the shaft ending at its base) and the label lies past the tip, inside the
    plot."""
    import numpy as np
    sc.view.window().resize(*size)
    click(qtbot, bar.train_button)
    qtbot.waitUntil(lambda: sc.model.converged)
    view = sc.view
    qtbot.wait(20)
    vb = view.box
    to_px = vb.mapViewToScene
    tip, b1, b2 = (np.array([to_px(view.head.polygon().at(i)).x(),
                             to_px(view.head.polygon().at(i)).y()]) for i in range(3))
    base = (b1 + b2) / 2
    length, width = np.linalg.norm(tip - base), np.linalg.norm(b1 - b2)
    assert 1.6 < length / width < 3.0                       # a slim head
    xs, ys = view.vector.getData()
    shaft = np.array([to_px(QPointF(xs[0], ys[0])).x(), to_px(QPointF(xs[0], ys[0])).y()])
    end = np.array([to_px(QPointF(xs[1], ys[1])).x(), to_px(QPointF(xs[1], ys[1])).y()])
    assert np.linalg.norm(end - base) < 1.0                 # the shaft stops at the head
    along, back = (tip - base) / length, (end - shaft) / np.linalg.norm(end - shaft)
    assert along @ back > 0.999                             # the head points along it
    label = view.w_label.sceneBoundingRect()
    head = view.head.sceneBoundingRect()
    assert not label.intersects(head), (label, head)
    assert vb.sceneBoundingRect().contains(label)


def test_a_wide_short_view_puts_the_text_beside_an_about_square_plane(sc, qtbot):
    """In a lesson in projector type the view is wide and short: below the text, the plane
    was a 390-px strip showing x from −3.3 to 4.3 around points in [0, 1]. The text now goes
    beside the plane, which stays about square; a tall view keeps the text below."""
    from nnviz.scenarios.perceptron_view import PerceptronPlot
    view = PerceptronPlot(sc.model)
    qtbot.addWidget(view)
    view.show()
    view.resize(1400, 600)
    qtbot.waitUntil(lambda: view.wide())
    qtbot.waitUntil(lambda: view.text_area.x() > view.plot.x() + view.plot.width() - 1)
    assert 0.75 < view.plot.width() / view.plot.height() < 1.35
    assert view.text_area.width() >= 280
    view.resize(700, 900)
    qtbot.waitUntil(lambda: not view.wide())
    qtbot.waitUntil(lambda: view.text_area.y() >= view.plot.y() + view.plot.height() - 1)
    assert view.text_area.width() > 600


def test_epoch_steps_back_are_whole_epochs(sc, qtbot):
    """At epoch granularity ▶| moved a whole epoch but ◀ one sample: five epochs forward
    and five back did not return to the start."""
    from PySide6.QtCore import Qt
    sc.player.set_granularity("epoch")
    w0, b0 = sc.model.w.copy(), sc.model.b
    for _ in range(3):
        qtbot.keyClick(sc.view, Qt.Key.Key_Right)
    assert sc.model.unit.epoch >= 2
    for _ in range(3):
        qtbot.keyClick(sc.view, Qt.Key.Key_Left)
    assert np.array_equal(sc.model.w, w0) and sc.model.b == b0
    assert sc.model.unit.epoch == 0 and sc.model.cursor == 0


def test_the_no_line_label_stays_in_the_plots_corner_clear_of_the_points(
        sc, main_window, qtbot):
    """With w1 = w2 = 0 there is no line: its label was placed by the data's range, not
    the range shown, so on a short wide plane (a lesson on a 1024×768 projector) it sat
    over the points and ran off the right of the plot. And the plane itself was that wide
    strip at 100 % (x from −2.4 to 3.4 around points in [0, 1]), the legend and the
    formula below it. Now the legend goes beside an about square plane, the formula below
    both; the label is inside what the plot shows and over no point."""
    main_window.resize(1500, 560)
    sc.load_state({"data": "or", "lr": 1.0, "w_init": [0.0, 0.0, 0.0]})
    qtbot.wait(50)
    view = sc.view
    qtbot.waitUntil(lambda: view.legend_beside)
    qtbot.wait(30)
    vb = view.box
    assert "no line" in view.w_label.textItem.toPlainText()
    (x0, x1), (y0, y1) = vb.viewRange()
    assert x1 - x0 <= 1.25 * (y1 - y0) + 1e-6              # about square, not a strip
    assert y1 - y0 <= 1.25 * (x1 - x0) + 1e-6
    lo, hi = sc.model.view_range                            # the data shown whole
    assert x0 <= lo + 1e-6 and x1 >= hi - 1e-6 and y0 <= lo + 1e-6 and y1 >= hi - 1e-6
    plot, legend = view.plot.geometry(), view.legend.geometry()
    assert legend.left() >= plot.right() - 1                # the legend beside the plane,
    assert legend.right() <= view.width()                   # whole
    assert legend.height() >= view.legend.heightForWidth(legend.width()) - 1
    assert view.text_area.geometry().top() >= plot.bottom() - 1    # the formula below
    label = view.w_label.sceneBoundingRect()
    assert vb.sceneBoundingRect().contains(label), (label, vb.sceneBoundingRect())
    for x, y in sc.model.X:
        centre = vb.mapViewToScene(QPointF(float(x), float(y)))
        assert not label.adjusted(-10, -10, 10, 10).contains(centre), (x, y)


def test_steps_of_either_size_step_back_exactly(sc, bar, main_window, qtbot):
    """◀ undoes exactly what each step forward did, a sample or an epoch, whichever step
    size (G switches it) made it (the panel's Epoch button had switched the toolbar to
    epoch for one step and back, so two epochs forward and two ◀ left 46 samples)."""
    sc.load_state({"data": "nonseparable", "lr": 1.0, "w_init": [0.0, 0.0, 0.0]})
    main_window.activateWindow()
    sc.view.setFocus()
    start = (sc.model.w.copy(), sc.model.b, sc.model.n_steps)
    click(qtbot, bar.forward_button)                # one sample
    press(qtbot, Qt.Key.Key_G)                      # step size: epoch
    assert sc.player.granularity == "epoch" and bar.granularity_buttons["epoch"].isChecked()
    click(qtbot, bar.forward_button)                # the rest of the epoch
    click(qtbot, bar.forward_button)                # a whole epoch
    press(qtbot, Qt.Key.Key_Right)                  # and one more with the key
    steps = [sc.model.n_steps]
    for _ in range(4):
        click(qtbot, bar.back_button)
        steps.append(sc.model.n_steps)
    assert (sc.model.w.copy().tolist(), sc.model.b, sc.model.n_steps) == \
        (start[0].tolist(), start[1], start[2])
    n = len(sc.model.X)
    assert steps[0] - steps[1] == n and steps[1] - steps[2] == n and steps[-1] == 0
    assert not bar.back_button.isEnabled()
    press(qtbot, Qt.Key.Key_Left)                   # nothing left: said so
    assert "Nothing to step back to" in main_window.statusBar().currentMessage()
    assert "epoch" in bar.restart_button.toolTip()


# -- one set of player controls: the toolbar's ----------------------------------------------

def test_the_panel_has_no_second_player_and_a_lessons_question_stops_every_step(
        main_window, qtbot):
    """The panel had its own stepper ("|◀ Restart", "◀ Back", "▶ Play", "Step ▶",
    "Epoch ▶▶|", "▶▶ Run" and a Speed list) beside the toolbar's: other names for the same
    player, a second speed, and, while a lesson's question waited for its answer (the
    toolbar greyed out), "Step ▶" still stepped and gave the answer away. Now nothing in
    the panel steps, plays or trains, and it has no speed of its own."""
    from PySide6.QtWidgets import QAbstractButton, QComboBox

    from nnviz import lessons
    lesson = lessons.load(next(p for p in lessons.shipped() if "perceptron" in p))
    lp = main_window.start_lesson(lesson)
    sc = main_window.scenario
    assert sc.name == "perceptron" and lp.pending
    bar = main_window._player_bar
    assert not bar.isEnabled()                      # the question waits: no stepping
    panel = main_window.findChild(QWidget, "perceptron_controls")
    assert panel is not None and panel.isVisible()
    speeds = [b for b in panel.findChildren(QComboBox)
              if any(b.itemText(i).endswith("×") for i in range(b.count()))]
    assert speeds == []                             # one speed: the toolbar's
    pressed = []
    for b in panel.findChildren(QAbstractButton):
        if b.isVisible() and b.isEnabled():
            pressed.append(b.text())
            qtbot.mouseClick(b, LEFT)
            assert sc.model.n_steps == 0, b.text()
            assert not sc.player.playing and not sc.player.training, b.text()
    assert "Reset" in pressed and sc.model.preset == "and"   # (the locked data stays)
    assert set(pressed) <= {"Reset", "New random set"}
    main_window.end_lesson()


def test_reset_goes_back_to_the_initial_weights(sc, bar, main_window, qtbot):
    """Back to the initial weights is the panel's Reset, as in the other scenarios (the
    toolbar's ↺ goes back to the start of this epoch only)."""
    sc.load_state({"data": "or", "lr": 0.5, "w_init": [0.5, -1.0, 0.25]})
    click(qtbot, bar.granularity_buttons["epoch"])
    for _ in range(2):
        click(qtbot, bar.forward_button)
    click(qtbot, bar.restart_button)                # ↺: the start of epoch 2
    assert sc.model.epoch == 1 and sc.model.cursor == 0
    assert sc.reset_button.text() == "Reset" and "initial weights" in sc.reset_button.toolTip()
    assert sc.named_controls["reset"] is sc.reset_button     # a lesson may lock it
    click(qtbot, sc.reset_button)
    assert sc.model.n_steps == 0 and sc.model.epoch == 0
    assert sc.model.w.tolist() == [0.5, -1.0] and sc.model.b == 0.25
    assert not bar.back_button.isEnabled() and not bar.restart_button.isEnabled()
    assert "initial weights" in main_window.statusBar().currentMessage()
    click(qtbot, bar.forward_button)                # the toolbar's step size stayed epoch
    assert sc.model.epoch == 1 and sc.model.n_steps == len(sc.model.X)


def test_train_that_cannot_go_on_leaves_the_toolbar_off_and_says_why(sc, bar, main_window,
                                                                     qtbot):
    """▶▶ train on a converged perceptron stayed pressed in (checked) though nothing
    trained; after XOR's weights had repeated it lit ❚❚ and ran a clock that trained
    nothing, for ever. Both now leave the toolbar off and say why."""
    click(qtbot, bar.train_button)
    qtbot.waitUntil(lambda: not sc.player.training, timeout=5000)
    assert sc.model.converged
    n = sc.model.n_steps
    click(qtbot, bar.train_button)
    assert not sc.player.training and not bar.train_button.isChecked()
    assert bar.play_button.text() == "▶" and sc.model.n_steps == n
    assert "Nothing left to learn" in main_window.statusBar().currentMessage()
    sc.load_state({"data": "xor"})
    click(qtbot, bar.train_button)
    qtbot.waitUntil(lambda: not sc.player.training, timeout=5000)
    assert sc.model.cycle is not None
    epoch = sc.model.epoch
    click(qtbot, bar.train_button)
    assert not sc.player.training and not sc.player._timer.isActive()
    assert not bar.train_button.isChecked() and bar.play_button.text() == "▶"
    assert "never converges" in main_window.statusBar().currentMessage()
    assert sc.model.epoch == epoch


def test_the_texts_name_the_toolbars_controls(sc, bar, main_window, qtbot):
    """The step text said "Press Step or Play", the panel's names: every control the
    perceptron's texts name in bold is a button on screen with exactly that text (the
    toolbar's ▶|, ▶, ◀ and ▶▶ train, the panel's Reset), and the toolbar's keys for them
    drive the same player (Right steps; T trains until it converges)."""
    import re

    from PySide6.QtWidgets import QAbstractButton

    from nnviz.scenarios.perceptron_texts import EXPLANATION
    shown = {b.text() for b in main_window.findChildren(QAbstractButton) if b.isVisible()}
    before = sc.view.formula.text()
    assert "initial" not in before and "Before learning" in before
    named = re.findall(r"<b>(.*?)</b>", before)
    assert named and all(name in shown for name in named), (named, shown)
    how = next(p for p in "".join(EXPLANATION).split("<p>") if "toolbar" in p)
    named = re.findall(r"<b>(.*?)</b>", how)
    assert {"▶|", "▶", "◀", "▶▶ train", "Reset"} <= set(named)
    assert all(name in shown for name in named), (named, shown)
    main_window.activateWindow()
    sc.view.setFocus()
    press(qtbot, Qt.Key.Key_Right)                  # ▶|'s key
    assert sc.model.n_steps == 1
    press(qtbot, Qt.Key.Key_T)                      # ▶▶ train's: until it converges
    assert bar.train_button.isChecked()
    qtbot.waitUntil(lambda: not sc.player.training, timeout=5000)
    assert sc.model.converged and not bar.train_button.isChecked()


def test_the_toolbar_says_what_its_controls_do_for_the_perceptron(main_window):
    """The toolbar's tips described a network's steps ("its forward pass, error and backward
    pass") and training that runs until stopped; the perceptron has no backward pass and
    its training stops by itself."""
    from PySide6.QtWidgets import QToolButton
    main_window.open_scenario("perceptron")
    bar = main_window.findChild(QToolButton, "forwardButton").parent()
    sample = bar.granularity_buttons["sample"].toolTip()
    assert "backward" not in sample and "rule" in sample
    assert "converges" in bar.train_button.toolTip()
    main_window.open_scenario("mlp")
    bar = main_window.findChild(QToolButton, "forwardButton").parent()
    assert "backward pass" in bar.granularity_buttons["sample"].toolTip()
    assert "converges" not in bar.train_button.toolTip()


@pytest.mark.parametrize("size", [(1280, 720), (1024, 700)])
def test_the_off_the_plot_label_stays_inside_a_small_plane(sc, main_window, qtbot, size):
    """With the line off the plot, the label's second line ("the line is off the plot: all
    of it is the other class") ran past the plot's right edge at 1280×720. Said on the
    plane, it stays inside it; where the plane has no room clear of the points (here at
    150 % it had covered all four), it is the caption under the plot, inside its width."""
    from nnviz.ui import theme
    main_window.resize(*size)
    theme.manager().set_zoom(1.5)
    try:
        sc.load_state({"data": "and", "lr": 1.0, "w_init": [1.0, 1.0, 6.0]})
        view = sc.view
        qtbot.waitUntil(lambda: view.w_label.isVisible() or view.caption.isVisible())
        if view.w_label.isVisible():
            assert "off the plot" in " ".join(view.w_label.textItem.toPlainText().split())
            label = view.w_label.sceneBoundingRect()
            assert view.box.sceneBoundingRect().contains(label), (label,
                                                                  view.box.sceneBoundingRect())
        else:
            assert "off the plot" in " ".join(view.caption.item.toPlainText().split())
            plot = view.plot.getPlotItem().sceneBoundingRect()
            cap = view.caption.item.sceneBoundingRect()
            assert plot.left() - 1 <= cap.left() and cap.right() <= plot.right() + 1, (cap, plot)
    finally:
        theme.manager().set_zoom(1.0)


def test_the_learning_settings_and_reset_fit_a_1280_by_800_screen(sc, main_window, qtbot):
    """The whole explanation had pushed η, the initial weights and Reset below the panel's
    fold at 1280×800; it is folded after the rule, "More…" (keys) shows the rest."""
    from PySide6.QtWidgets import QScrollArea
    main_window.resize(1280, 800)
    qtbot.wait(50)
    area = next(a for a in main_window.controls_dock.findChildren(QScrollArea)
                if a.isAncestorOf(sc.reset_button))
    view = area.viewport()
    for w in (sc.lr_spin, *sc.w_spins, sc.reset_button):
        bottom = w.mapTo(view, w.rect().bottomLeft()).y()
        assert bottom <= view.height(), (w, bottom, view.height())
    label = sc.explanation
    assert "η(t − y)·x" in label.text() and "perpendicular" not in label.text()
    main_window.activateWindow()
    label.setFocus()
    qtbot.keyClick(label, Qt.Key.Key_Tab)
    qtbot.keyClick(label, Qt.Key.Key_Return)
    assert "perpendicular" in label.text() and "Less" in label.text()
