"""Gradient descent from the keyboard: Tab to the landscape (a visible focus frame), the
arrow keys walk a path's points and show the hover card's numbers, which are the engine's;
the card never covers the point; Escape hides it (before it leaves projector mode)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from nnviz.engine import OPTIMIZERS
from nnviz.scenarios import gradient_descent_keys as gdk
from nnviz.scenarios.gradient_descent import DEFAULTS
from nnviz.ui import theme
from nnviz.ui.numbers import fmt

from ..ui.test_keyboard_access import _press, _tab_to
from .panels import pick
from .test_gradient_descent import _engine_updates, _expected_lines, _hover, _move, _plain

K = Qt.Key


def _dot(view, label, k):
    """Where point k of a path is drawn, in the plot's pixels."""
    p = view.scenario.paths[label]
    vb = view.plot.getPlotItem().vb
    return view.plot.mapFromScene(vb.mapViewToScene(QPointF(p.w[k], p.b[k])))


def _check_card(view, label, k):
    """The ring and the card are on point k of the path; the card is beside it, not over
    it, and inside the plot (the rule and the test of the mouse's card)."""
    p = view.scenario.paths[label]
    assert view.hovered == ("point", label, k)
    assert view.card.isVisible()
    xs, ys = view.ring.getData()
    assert (xs[0], ys[0]) == (p.w[k], p.b[k])
    dot = _dot(view, label, k)
    ring = round(11 * theme.manager().zoom)
    card = view.card.geometry()
    if view.plot.getPlotItem().vb.sceneBoundingRect().adjusted(8, 8, -8, -8).contains(
            view.plot.mapToScene(dot)):
        assert not card.intersects(QRect(dot.x() - ring, dot.y() - ring, 2 * ring,
                                         2 * ring)), (label, k, card, dot)
    assert view.plot.rect().contains(card), (card, view.plot.rect())


def test_tab_reaches_the_landscape_and_shows_a_focus_frame(gd, qtbot, main_window):
    gd.settle()
    view = gd._view
    messages = []
    gd.status_message.connect(messages.append)
    assert not view.keys.frame.isVisible()
    _tab_to(qtbot, view.plot)
    frame = view.keys.frame
    # round the landscape (its view box), inside the plot, clear of the title above it
    box = view.plot.mapFromScene(
        view.plot.getPlotItem().vb.sceneBoundingRect()).boundingRect()
    g = frame.geometry()
    assert frame.isVisible() and view.plot.rect().contains(g)
    assert g.contains(box.adjusted(1, 1, -1, -1)) and g.top() >= box.top() - frame.width_px()
    img = view.plot.grab().toImage()                # the frame is drawn, in the highlight
    px = frame.width_px()
    highlight = theme.current().highlight
    for x, y in ((g.left() + px // 2, g.center().y()), (g.center().x(), g.top() + px // 2),
                 (g.right() - px // 2, g.top() + g.height() // 3)):
        assert QColor(img.pixel(x, y)).name() == highlight, (x, y)
    assert messages and "← →" in messages[-1] and "Esc" in messages[-1]
    assert "Right" in view.plot.accessibleDescription()
    # Tab on: no frame; the arrows are not the landscape's any more
    _press(qtbot, K.Key_Tab)
    assert not view.plot.hasFocus() and not frame.isVisible()
    assert QApplication.focusWidget() is view.readout_area      # (the numbers under it)
    _press(qtbot, K.Key_Right)
    assert view.hovered is None and not view.card.isVisible()


def test_arrow_keys_step_along_the_path_with_the_engines_numbers(gd, qtbot):
    gd.settle()
    view = gd._view
    label, path = next(iter(gd.paths.items()))
    lr = DEFAULTS["lr"]
    expected = _engine_updates("linear", tuple(DEFAULTS["start"]), "sgd", lr, None, 100)
    _tab_to(qtbot, view.plot)
    assert not view.card.isVisible()
    _press(qtbot, K.Key_Right)                      # the first Right: the start
    _check_card(view, label, 0)
    text = _plain(view.card.text())
    w0, b0, loss0, _, _ = expected[0]
    g, step = expected[1][3], expected[1][4]
    assert text.startswith(f"● {label}\n")
    for line in ["Start (update 0 of 100)", f"(w, b) = ({fmt(w0)}, {fmt(b0)})",
                 f"loss L = {fmt(loss0)}", f"= ({fmt(g[0])}, {fmt(g[1])}) here",
                 f"the first will step −η·∇L = ({fmt(step[0])}, {fmt(step[1])})"]:
        assert line in text, (line, text)
    for n in range(1, 4):
        _press(qtbot, K.Key_Right)
        _check_card(view, label, n)
        text = _plain(view.card.text())
        for line in _expected_lines(expected[n], n, 100, lr):
            assert line in text, (line, text)
    _press(qtbot, K.Key_Left)
    _check_card(view, label, 2)
    for line in _expected_lines(expected[2], 2, 100, lr):
        assert line in _plain(view.card.text()), line
    _press(qtbot, K.Key_End)
    _check_card(view, label, 100)
    for line in _expected_lines(expected[100], 100, 100, lr):
        assert line in _plain(view.card.text()), line
    _press(qtbot, K.Key_Right)                      # no further than the path
    _check_card(view, label, 100)
    _press(qtbot, K.Key_Home)
    _check_card(view, label, 0)
    _press(qtbot, K.Key_Left)
    _check_card(view, label, 0)
    _press(qtbot, K.Key_Down)                       # one path: nothing to change to
    _check_card(view, label, 0)
    _press(qtbot, K.Key_Escape)
    assert not view.card.isVisible() and view.hovered is None
    assert len(view.ring.getData()[0]) == 0
    assert view.plot.hasFocus()
    _press(qtbot, K.Key_Left)                       # from nothing shown, Left: the end
    _check_card(view, label, 100)


def test_the_keys_go_on_from_the_point_under_the_mouse(gd, qtbot):
    gd.settle()
    view = gd._view
    label, path = next(iter(gd.paths.items()))
    _hover(qtbot, view, path.w[5], path.b[5])
    assert view.hovered == ("point", label, 5)
    _tab_to(qtbot, view.plot)
    _press(qtbot, K.Key_Right)
    _check_card(view, label, 6)
    # the mouse moved again: it shows what is under it, and the keys go on from there
    _move(qtbot, view.plot.viewport(), _dot(view, label, 20),
          lambda: view.hovered == ("point", label, 20))
    _press(qtbot, K.Key_Left)
    _check_card(view, label, 19)


def test_down_and_up_change_the_path_in_the_race(gd, qtbot):
    pick(qtbot, gd.mode_box, "race")
    gd.settle()
    view = gd._view
    labels = list(gd.paths)
    start = tuple(gd.state["start"])
    _tab_to(qtbot, view.plot)
    for _ in range(31):
        _press(qtbot, K.Key_Right)
    _check_card(view, labels[0], 30)
    last = len(labels) - 1                          # Up from the first: round the list
    for key, i in ((K.Key_Down, 1), (K.Key_Down, 2), (K.Key_Up, 1), (K.Key_Up, 0),
                   (K.Key_Up, last), (K.Key_Down, 0)):
        _press(qtbot, key)
        label = labels[i]
        _check_card(view, label, 30)
        name = label.split(" ")[0]
        p = gd.paths[label]
        expected = _engine_updates("linear", start, name, p.lr, None, 30)
        text = _plain(view.card.text())
        assert text.startswith(f"● {label}\n")
        for line in _expected_lines(expected[30], 30, 100, p.lr, plain=name == "sgd"):
            assert line in text, (name, line, text)
    assert sorted(label.split(" ")[0] for label in labels) == sorted(OPTIMIZERS)


@pytest.mark.parametrize("model", ["linear", "logistic"])
@pytest.mark.parametrize("mode", ["single", "batch", "race"])
def test_the_card_never_covers_the_point_the_keys_step_to(gd, qtbot, mode, model):
    pick(qtbot, gd.model_box, model)
    pick(qtbot, gd.mode_box, mode)
    gd.settle()
    view = gd._view
    _tab_to(qtbot, view.plot)
    places = set()
    for i, label in enumerate(gd.paths):
        if i:
            _press(qtbot, K.Key_Down)
        _press(qtbot, K.Key_Home)
        for k in range(len(gd.paths[label])):
            _check_card(view, label, k)
            dot, card = _dot(view, label, k), view.card.geometry()
            places.add((card.center().x() > dot.x(), card.center().y() > dot.y()))
            _press(qtbot, K.Key_Right)
            if k % 10 == 9 and len(gd.paths) > 3:
                _press(qtbot, K.Key_End)            # (the race: a few points of each path)
                _check_card(view, label, len(gd.paths[label]) - 1)
                break
    assert len(places) >= (1 if mode == "race" else 2), places     # (below, above, beside)


def test_escape_hides_the_card_before_it_leaves_projector_mode(gd, qtbot, main_window):
    gd.settle()
    view = gd._view
    projector = main_window.projector
    try:
        projector.action.setChecked(True)
        assert projector.active
        _tab_to(qtbot, view.plot)
        _press(qtbot, K.Key_Right)
        _press(qtbot, K.Key_Right)
        _check_card(view, next(iter(gd.paths)), 1)
        _press(qtbot, K.Key_Escape)
        assert not view.card.isVisible() and projector.active
        _press(qtbot, K.Key_Escape)
        assert not projector.active
    finally:
        projector.set_active(False)


def test_the_keys_show_only_the_points_drawn_so_far(gd, qtbot):
    gd.replay()
    qtbot.waitUntil(lambda: gd.revealed > 5, timeout=3000)
    gd.timer.stop()                     # (held part-way, as a teacher pausing would see it)
    view = gd._view
    label = next(iter(gd.paths))
    drawn = gd.shown_index(label)
    _tab_to(qtbot, view.plot)
    _press(qtbot, K.Key_End)
    _check_card(view, label, drawn)
    assert drawn < len(gd.paths[label]) - 1
    _press(qtbot, K.Key_Right)
    _check_card(view, label, drawn)


def test_shortcuts_sheet_lists_the_landscape_keys_only_here(qtbot, main_window,
                                                            open_scenario):
    """F1 shows the landscape's own keys first in gradient descent, and not elsewhere."""
    from nnviz.ui.shortcuts import ShortcutsDialog, sections

    open_scenario("gradient-descent")
    titles = [title for title, _rows in sections(main_window)]
    assert titles[0] == gdk.KEYS_TITLE
    dialog = ShortcutsDialog(main_window)
    assert ("Right / Left", gdk.KEYS[0][1]) in dialog.rows
    assert "Esc" in dialog.label.text() and gdk.KEYS_TITLE in dialog.label.text()
    dialog.deleteLater()
    open_scenario("mlp")
    assert gdk.KEYS_TITLE not in [title for title, _rows in sections(main_window)]


def test_a_new_theme_keeps_the_keys_point_and_card(gd, qtbot):
    """Stepping with the keys, then changing the theme: the same point keeps its card (in
    the new colours); it used to vanish, and the next key started again from the start."""
    gd.settle()
    view = gd._view
    view.plot.setFocus()
    for key in (Qt.Key.Key_End, Qt.Key.Key_Left):
        qtbot.keyClick(view.plot, key)
    label, k = view.keys.shown
    assert view.card.isVisible() and k > 0
    m = theme.manager()
    old = m.theme
    try:
        m.set_theme("dark" if old != "dark" else "light")
        QApplication.processEvents()
        assert view.keys.shown == (label, k)
        _check_card(view, label, k)
        qtbot.keyClick(view.plot, Qt.Key.Key_Left)
        assert view.keys.shown == (label, k - 1)
    finally:
        m.set_theme(old)


def test_shortcuts_sheet_without_a_player_omits_its_keys_and_grows_with_zoom(
        qtbot, main_window, open_scenario):
    """Gradient descent has no player: its arrows are the landscape's, listed once (the
    player's 'Right arrow — step forward' beside them meant two things); at 200 % the sheet
    is larger, not four rows in a narrow column."""
    from nnviz.ui.shortcuts import PLAYER_TITLE, ShortcutsDialog, sections

    open_scenario("gradient-descent")
    assert PLAYER_TITLE not in [title for title, _rows in sections(main_window)]
    open_scenario("mlp")
    assert PLAYER_TITLE in [title for title, _rows in sections(main_window)]
    m = theme.manager()
    old = m.zoom
    try:
        small = ShortcutsDialog(main_window)
        m.set_zoom(2.0)
        large = ShortcutsDialog(main_window)
        screen = large.screen().availableGeometry()
        assert large.width() >= min(2 * small.width() - 2, int(screen.width() * 0.95) - 1)
        assert large.height() > small.height()
        small.deleteLater()
        large.deleteLater()
    finally:
        m.set_zoom(old)
