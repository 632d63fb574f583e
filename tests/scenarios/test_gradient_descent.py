"""Gradient descent: drawn paths are real Trainer updates; controls, state, animation."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QTextDocument

from nnviz.engine import OPTIMIZERS, Trainer, surfaces
from nnviz.scenarios import gradient_descent_readout as rd
from nnviz.scenarios import neuron_plots as npl
from nnviz.scenarios.gradient_descent import DEFAULTS
from nnviz.ui import theme
from nnviz.ui.numbers import fmt

from .panels import pick


@pytest.fixture
def gd(open_scenario):
    return open_scenario("gradient-descent")


def _trainer_path(model, start, optimizer, lr, batch_size, steps):
    spec = surfaces.MODELS[model]
    X, Y = surfaces.model_data(model)
    net = surfaces.neuron(*start, spec["activation"])
    trainer = Trainer(net, loss=spec["loss"], optimizer=optimizer, lr=lr,
                      batch_size=batch_size, seed=0)
    ws, bs = [start[0]], [start[1]]
    for _ in range(steps):
        trace = trainer.next_step(X, Y)
        ws.append(trace.W_after[0][0, 0])
        bs.append(trace.b_after[0][0])
    return np.array(ws), np.array(bs)


def test_race_paths_on_screen_equal_trainer_steps(gd, qtbot):
    box = gd.mode_box
    box.setFocus()
    while box.currentData() != "race":
        qtbot.keyClick(box, Qt.Key.Key_Down)
    gd.settle()                                  # finish the animation
    assert len(gd._view.path_items) == len(OPTIMIZERS)
    start = tuple(gd.state["start"])
    for label, item in zip(gd.paths, gd._view.path_items):
        name = label.split(" ")[0]
        ws, bs = _trainer_path("linear", start, name, surfaces.RACE_LR["linear"][name], None,
                               gd.state["steps"])
        xs, ys = item.getData()
        assert np.array_equal(xs, ws) and np.array_equal(ys, bs), name
    curves = gd._curves.items
    assert len(curves) == len(OPTIMIZERS)
    assert np.array_equal(curves[0].yData, gd.paths[next(iter(gd.paths))].loss)


def test_batch_modes_equal_trainer_steps(gd, qtbot):
    gd.mode_box.setCurrentIndex(1)                   # the combo's own signal
    gd.settle()
    lr = surfaces.LR_PRESETS["linear"]["good"] / 2
    for (label, path), bsz in zip(gd.paths.items(), (None, 1, 6)):
        ws, bs = _trainer_path("linear", tuple(gd.state["start"]), "sgd", lr, bsz, 100)
        assert np.array_equal(path.w, ws) and np.array_equal(path.b, bs), label


def test_presets_and_clicked_start(gd, qtbot):
    qtbot.mouseClick(gd.preset_buttons["diverging"], Qt.MouseButton.LeftButton)
    assert gd.state["lr"] == surfaces.LR_PRESETS["linear"]["diverging"]
    assert gd.lr_box.value() == pytest.approx(gd.state["lr"])
    path = next(iter(gd.paths.values()))
    assert path.loss[-1] > 100 * path.loss[0]
    plot = gd._view.plot
    vb = plot.getPlotItem().vb
    pos = plot.mapFromScene(vb.mapViewToScene(QPointF(3.0, -4.0)))
    qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    w, b = gd.state["start"]
    assert abs(w - 3.0) < 0.1 and abs(b + 4.0) < 0.1
    path = next(iter(gd.paths.values()))
    assert (path.w[0], path.b[0]) == (w, b)


def test_animation_grows_then_stops_and_shutdown_stops_it(gd, qtbot):
    gd.replay()
    assert gd.timer.isActive() and gd.revealed == 1
    qtbot.waitUntil(lambda: gd.revealed > 10, timeout=3000)
    xs, _ = gd._view.path_items[0].getData()
    assert 1 < len(xs) < gd.length
    qtbot.waitUntil(lambda: not gd.timer.isActive(), timeout=10000)
    assert len(gd._view.path_items[0].getData()[0]) == gd.length
    gd.replay()
    gd.shutdown()
    assert not gd.timer.isActive()


def test_state_round_trip_and_bad_load_changes_nothing(gd, qtbot):
    gd.load_state({"model": "logistic", "mode": "batch", "lr": 0.5, "steps": 40,
                   "start": [-1.0, 3.5]})
    gd.settle()
    saved = json.loads(json.dumps(gd.get_state()))
    ends = [(p.w[-1], p.b[-1]) for p in gd.paths.values()]
    gd.reset()
    gd.settle()
    assert gd.get_state() == DEFAULTS
    gd.load_state(saved)
    gd.settle()
    assert gd.get_state() == saved
    assert [(p.w[-1], p.b[-1]) for p in gd.paths.values()] == ends
    assert gd.model_box.currentData() == "logistic" and gd.steps_box.value() == 40
    for bad, word in [({"model": "cubic"}, "model"), ({"lr": -1}, "lr"), ({"steps": 10**6},
                      "steps"), ({"start": [99, 0]}, "start"), ({"speed": 2}, "speed")]:
        with pytest.raises(ValueError, match=word):
            gd.load_state(bad)
        assert gd.get_state() == saved
    gd.shutdown()


def test_screenshot_is_not_blank(gd, main_window):
    gd.settle()
    img = gd._view.grab().toImage()
    colours = {img.pixel(x, y) for x in range(0, img.width(), 13)
               for y in range(0, img.height(), 13)}
    assert len(colours) > 20


@pytest.mark.parametrize("steps", [0, 5])
def test_the_command_lines_screenshot_shows_the_paths_whole(qtbot, tmp_path, monkeypatch, steps):
    """`nnviz --scenario gradient-descent --screenshot out.png` (--steps 0) had caught the
    paths a few points into their opening animation; the picture shows them settled. With
    --steps 5 it had shown them whole too: it shows their first five updates."""
    from nnviz import app
    from nnviz.ui.mainwindow import MainWindow
    seen = []
    grab = MainWindow.grab

    def grab_and_look(window, *args):
        s = window.scenario
        drawn = [len(item.getData()[0]) for item in s._view.path_items]
        seen.append((s.timer.isActive(), s.revealed, s.length, drawn))
        return grab(window, *args)
    monkeypatch.setattr(MainWindow, "grab", grab_and_look)
    shot = tmp_path / "gd.png"
    assert app.main(["--scenario", "gradient-descent", "--screenshot", str(shot),
                     "--size", "1280x720", "--steps", str(steps)]) == 0
    assert shot.is_file()
    (animating, revealed, length, drawn), = seen
    shown = length if steps == 0 else steps + 1
    assert not animating and revealed == shown and drawn == [shown], seen


# -- the numbers shown: the readout under the landscape and the hover card ----------------------

def _plain(html: str) -> str:
    """What a label with this rich text shows, as plain text with ordinary spaces."""
    doc = QTextDocument()
    doc.setHtml(html)
    return doc.toPlainText().replace("\u00a0", " ").replace("\u2060", "")


def _engine_updates(model, start, optimizer, lr, batch_size, steps):
    """Independently of the scenario: after each update k, (w, b), the whole data set's loss
    there, the gradient the update used and the change it made (from the Trainer's traces)."""
    spec = surfaces.MODELS[model]
    X, Y = surfaces.model_data(model)
    net = surfaces.neuron(*start, spec["activation"])
    trainer = Trainer(net, loss=spec["loss"], optimizer=optimizer, lr=lr,
                      batch_size=batch_size, seed=0)
    points = [(start[0], start[1], surfaces.full_loss(net, spec["loss"], X, Y), None, None)]
    for _ in range(steps):
        t = trainer.next_step(X, Y)
        w, b = t.W_after[0][0, 0], t.b_after[0][0]
        points.append((w, b, surfaces.full_loss(net, spec["loss"], X, Y),
                       (t.grad_W[0][0, 0], t.grad_b[0][0]),
                       (w - t.W_before[0][0, 0], b - t.b_before[0][0])))
    return points


def _expected_lines(point, n, planned, lr, plain=True):
    w, b, loss, grad, step = point
    lines = [f"Update {n} of {planned}", f"(w, b) = ({fmt(w)}, {fmt(b)})", f"loss L = {fmt(loss)}",
             f"gradient ∇L = (∂L/∂w, ∂L/∂b) = ({fmt(grad[0])}, {fmt(grad[1])})",
             f"measured at {'the start' if n == 1 else f'update {n - 1}'}"]
    if plain:
        lines.append(f"step taken −η·∇L = ({fmt(step[0])}, {fmt(step[1])}), with η = {lr:g}")
    else:
        lines.append(f"(Δw, Δb) = ({fmt(step[0])}, {fmt(step[1])})")
    return lines


def _hover(qtbot, view, w, b):
    """Move the mouse over the landscape point (w, b) like a user (a synthetic move is
    sometimes not delivered offscreen: then one pixel aside first, and back)."""
    plot = view.plot
    vb = plot.getPlotItem().vb
    target = None
    for _ in range(20):          # pending layouts (a new readout's height) settled first
        qtbot.wait(5)
        previous, target = target, plot.mapFromScene(vb.mapViewToScene(QPointF(w, b)))
        if target == previous:
            break
    view.hovered = None
    _move(qtbot, plot.viewport(), target, lambda: view.hovered is not None)
    return target


def _move(qtbot, widget, target, seen):
    """The mouse to `target`, until seen() says the widget saw it (one pixel aside first
    and back when a move was not delivered)."""
    for nudge in (QPoint(0, 0), QPoint(1, 0), QPoint(0, 1), QPoint(-1, 0)):
        if nudge != QPoint(0, 0):
            qtbot.mouseMove(widget, target + nudge)
        qtbot.mouseMove(widget, target)
        qtbot.wait(5)
        if seen():
            return
    raise AssertionError(f"the mouse move to {target} was never seen")


def test_readout_shows_the_engine_numbers_while_animating_and_at_the_end(gd, qtbot):
    qtbot.mouseClick(gd.preset_buttons["too large"], Qt.MouseButton.LeftButton)
    lr = surfaces.LR_PRESETS["linear"]["too large"]
    expected = _engine_updates("linear", tuple(DEFAULTS["start"]), "sgd", lr, None, 100)
    readout = gd._view.readout
    qtbot.mouseClick(gd.replay_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: gd.revealed > 10, timeout=3000)
    assert gd.timer.isActive()
    n = gd.revealed - 1                     # the last point drawn
    text = _plain(readout.text())
    for line in _expected_lines(expected[n], n, 100, lr):
        assert line in text, (line, text)
    assert "−" in text and "-" not in text  # real minus signs only
    qtbot.waitUntil(lambda: not gd.timer.isActive(), timeout=10000)
    text = _plain(readout.text())
    for line in _expected_lines(expected[100], 100, 100, lr):
        assert line in text, (line, text)
    gd.replay()                             # the start: where it is, and the first update
    text = _plain(readout.text())
    w0, b0, loss0, _, _ = expected[0]
    g, step = expected[1][3], expected[1][4]
    for line in ["Start (update 0 of 100)", f"(w, b) = ({fmt(w0)}, {fmt(b0)})",
                 f"loss L = {fmt(loss0)}", f"= ({fmt(g[0])}, {fmt(g[1])}) here",
                 f"the first will step −η·∇L = ({fmt(step[0])}, {fmt(step[1])})"]:
        assert line in text, (line, text)


def test_diverged_path_says_where_and_why_it_stops(gd, qtbot):
    gd.lr_box.setFocus()
    gd.lr_box.selectAll()
    qtbot.keyClicks(gd.lr_box, "2")
    qtbot.keyClick(gd.lr_box, Qt.Key.Key_Return)
    gd.settle()
    path = next(iter(gd.paths.values()))
    assert path.diverged and len(path) < 101
    n = len(path) - 1
    expected = _engine_updates("linear", tuple(DEFAULTS["start"]), "sgd", 2.0, None, n)
    text = _plain(gd._view.readout.text())
    for line in _expected_lines(expected[n], n, 100, 2.0):
        assert line in text, (line, text)
    assert f"The path stops here. The next update made training diverge: {path.reason}." in text


def test_race_readout_has_one_line_per_optimizer(gd, qtbot, main_window):
    pick(qtbot, gd.mode_box, "race")
    gd.settle()
    start = tuple(gd.state["start"])
    losses = {name: _engine_updates("linear", start, name, surfaces.RACE_LR["linear"][name],
                                    None, 100)[-1][2] for name in OPTIMIZERS}
    readout = gd._view.readout
    qtbot.waitUntil(lambda: readout.layout_kind not in (None, "sentences"))
    cells = [c for c in _plain(readout.text()).split("\n") if c]
    assert cells[0].startswith("Update 100 of 100") and "loss L of each optimizer" in cells[0]
    names = [c.split(" ")[1] for c in cells[1::2]]
    assert sorted(names) == sorted(OPTIMIZERS)              # each optimizer once
    for name_cell, loss_cell in zip(cells[1::2], cells[2::2]):
        assert loss_cell == fmt(losses[name_cell.split(" ")[1]]), name_cell
    # large type in a narrow centre (the side panels dragged wide): too narrow for the
    # table, so one sentence per optimizer that wraps; the window is not held wider
    old_zoom = theme.manager().zoom
    try:
        theme.manager().set_zoom(2.0)
        qtbot.wait(400)          # (the docks' own refit after a zoom, before the drag)
        main_window.resize(1300, 900)
        main_window.resizeDocks([main_window.controls_dock, main_window.plots_dock],
                                [650, 650], Qt.Orientation.Horizontal)
        qtbot.waitUntil(lambda: readout.layout_kind == "sentences", timeout=3000)
        lines = _plain(readout.text()).split("\n")
        assert len(lines) == len(OPTIMIZERS)
        for line, (name, loss) in zip(lines, losses.items()):
            lr = surfaces.RACE_LR["linear"][name]
            assert line == f"● {name} ({lr:g}): update 100 of 100, L = {fmt(loss)}"
        # all of it can be read: the label has its whole height, in an area that scrolls
        qtbot.waitUntil(lambda: readout.height() >= readout.heightForWidth(readout.width()))
        area = gd._view.readout_area
        if area.viewport().height() < readout.height():
            assert area.verticalScrollBar().isVisible()
        assert main_window.width() == 1300
        assert readout.width() <= area.viewport().width()
    finally:
        theme.manager().set_zoom(old_zoom)


def test_hovering_a_point_shows_its_numbers_and_elsewhere_the_loss_there(gd, qtbot):
    gd.settle()
    view = gd._view
    label, path = next(iter(gd.paths.items()))
    expected = _engine_updates("linear", tuple(DEFAULTS["start"]), "sgd", DEFAULTS["lr"],
                               None, 100)
    _hover(qtbot, view, path.w[3], path.b[3])
    assert view.hovered == ("point", label, 3) and view.card.isVisible()
    text = _plain(view.card.text())
    for line in _expected_lines(expected[3], 3, 100, DEFAULTS["lr"]):
        assert line in text, (line, text)
    assert view.ring.getData()[0][0] == path.w[3]
    # the landscape away from the path: (w, b) as a click would start there, and its loss
    _hover(qtbot, view, 3.5, 2.5)
    kind, w, b = view.hovered
    assert kind == "landscape" and abs(w - 3.5) < 0.05 and abs(b - 2.5) < 0.05
    spec = surfaces.MODELS["linear"]
    X, Y = surfaces.model_data("linear")
    loss = surfaces.full_loss(surfaces.neuron(w, b, spec["activation"]), spec["loss"], X, Y)
    assert _plain(view.card.text()).split("\n")[:2] == [f"(w, b) = ({fmt(w, 2)}, {fmt(b, 2)})",
                                                       f"loss here L = {fmt(loss)}"]
    card = view.card.geometry()
    assert view.plot.rect().contains(card)                  # the card stays on the plot
    # off the landscape (over an axis): no card
    box = view.plot.getPlotItem().vb.sceneBoundingRect()
    below = view.plot.mapFromScene(QPointF(box.center().x(), box.bottom() + 12))
    _move(qtbot, view.plot.viewport(), below, lambda: not view.card.isVisible())
    assert view.hovered is None


def test_hovering_a_race_point_gives_that_optimizers_update(gd, qtbot):
    pick(qtbot, gd.mode_box, "race")
    gd.settle()
    view = gd._view
    adam = gd.paths[next(k for k in gd.paths if k.startswith("adam"))]
    at = _hover(qtbot, view, adam.w[30], adam.b[30])
    kind, label, k = view.hovered                   # the nearest drawn point under the mouse
    assert kind == "point"
    p = gd.paths[label]
    shown = view.plot.mapFromScene(view.plot.getPlotItem().vb.mapViewToScene(
        QPointF(p.w[k], p.b[k])))
    assert (shown - at).manhattanLength() <= 12
    name = label.split(" ")[0]
    expected = _engine_updates("linear", tuple(gd.state["start"]), name, p.lr, None, k)
    text = _plain(view.card.text())
    assert text.startswith(f"● {label}\n")
    for line in _expected_lines(expected[k], k, 100, p.lr, plain=name == "sgd"):
        assert line in text, (line, text)


def test_readout_and_card_follow_theme_and_zoom(gd, qtbot):
    gd.settle()
    view = gd._view
    m = theme.manager()
    old_theme, old_zoom = m.theme, m.zoom
    try:
        for palette, mode in (("default", "dark"), ("high-contrast", "dark"),
                              ("default", "light")):
            m.set_appearance(mode=mode, palette=palette)
            t = theme.current()
            assert f"color: {t.text}" in view.readout.styleSheet()
            assert t.backward in view.readout.text() and t.update in view.readout.text()
            _hover(qtbot, view, 3.5, 2.5)
            assert f"background: {t.surface}" in view.card.styleSheet()
            img = view.readout.grab().toImage()
            assert QColor(img.pixel(2, 2)).name() == t.background
        base = view.readout.font().pointSizeF()
        m.set_zoom(old_zoom * 1.5)
        assert view.readout.font().pointSizeF() == pytest.approx(base * 1.5)
        _hover(qtbot, view, 3.5, 2.5)
        pt, _compact = view.card._look          # 13 × zoom, or 11 on a plot small for it
        assert pt in (13, 11) and view.card.font().pointSizeF() == pytest.approx(npl.font_pt(pt))
    finally:
        m.set_theme(old_theme)
        m.set_zoom(old_zoom)


# e.g. "projector 1280x720": the screen (a configured offscreen one) the test below runs on
# (also by hand: NNVIZ_TEST_SCREEN="normal 1920x1080" QT_QPA_PLATFORM=offscreen:configfile=…)
SCREEN = os.environ.get("NNVIZ_TEST_SCREEN", "")
SCREENS = ("projector 1280x720",)


@pytest.mark.parametrize("model", ["linear", "logistic"])
@pytest.mark.parametrize("mode", ["single", "batch", "race"])
def test_the_card_never_covers_the_hovered_point(gd, qtbot, main_window, mode, model):
    """The card shows beside the hovered dot (below, above, else left or right of it) and
    stays inside the plot. In projector mode on a 1280×720 screen it had been the plot's
    whole width and more than half its height, and the clamp put it over the dot in
    190 of 360 hovers. Here on this test session's screen; on real screen sizes (the
    projector's too) by the test below."""
    if SCREEN:
        kind, size = SCREEN.split()
        screen = main_window.screen().geometry()
        assert f"{screen.width()}x{screen.height()}" == size       # the screen asked for
        if kind == "projector":
            main_window.projector.action.setChecked(True)       # full screen, large type
            qtbot.waitUntil(lambda: main_window.geometry() == screen)
        else:
            main_window.resize(main_window.screen().availableGeometry().size())
    pick(qtbot, gd.model_box, model)
    pick(qtbot, gd.mode_box, mode)
    gd.settle()
    view = gd._view
    plot, vb = view.plot, view.plot.getPlotItem().vb
    ring = round(11 * theme.manager().zoom)        # the ring drawn round the hovered dot
    hovers, places = 0, set()
    for path in gd.paths.values():
        shown = [k for k in range(len(path)) if vb.sceneBoundingRect().adjusted(
            8, 8, -8, -8).contains(vb.mapViewToScene(QPointF(path.w[k], path.b[k])))]
        for k in shown[::max(1, len(shown) * len(gd.paths) // 24)]:
            if hovers == 0:
                _hover(qtbot, view, path.w[k], path.b[k])   # (and the layouts settled)
            else:
                view.hovered = None
                _move(qtbot, plot.viewport(), plot.mapFromScene(vb.mapViewToScene(
                    QPointF(path.w[k], path.b[k]))), lambda: view.hovered is not None)
            kind, hovered, i = view.hovered      # (a neighbour may be nearer the mouse)
            assert kind == "point" and view.card.isVisible()
            p = gd.paths[hovered]
            dot = plot.mapFromScene(vb.mapViewToScene(QPointF(p.w[i], p.b[i])))
            card = view.card.geometry()
            assert not card.intersects(QRect(dot.x() - ring, dot.y() - ring, 2 * ring,
                                             2 * ring)), (hovered, i, card, dot)
            assert plot.rect().contains(card), (card, plot.rect())
            inside = view.card.contentsRect().width()                       # nothing cut
            assert card.height() >= view.card.heightForWidth(card.width())
            assert rd.widest_phrase(view.card.text(), view.card.font(), inside) <= inside
            places.add((card.center().x() > dot.x(), card.center().y() > dot.y()))
            hovers += 1
    assert hovers >= 16 and len(places) >= 2, (hovers, places)
    if SCREEN.startswith("projector"):         # compact, still in projector type (≥ 20 px)
        assert view.card.width() <= 0.56 * plot.width()
        assert view.card.font().pointSizeF() * main_window.logicalDpiY() / 72 >= 20


@pytest.mark.parametrize("screen", SCREENS)
def test_the_card_never_covers_the_hovered_point_on_real_screens(tmp_path, screen):
    """The test above on a screen of a real size (a Qt offscreen screen configured so): in
    projector mode on a 1280×720 projector."""
    if SCREEN:
        pytest.skip("already on a chosen screen")
    width, height = (int(v) for v in screen.split()[1].split("x"))
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [
        {"name": "s", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96,
         "logicalBaseDpi": 96, "dpr": 1}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
           "NNVIZ_TEST_SCREEN": screen}
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         f"{__file__}::test_the_card_never_covers_the_hovered_point"],
        capture_output=True, text=True, env=env, timeout=600,
        cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
    assert out.returncode == 0 and "6 passed" in out.stdout, out.stdout[-4000:]


@pytest.mark.parametrize("model", ["linear", "logistic"])
@pytest.mark.parametrize("batch_size", [None, 1, 5])
def test_the_recorded_steps_are_the_paths_own_moves(model, batch_size):
    """The readout's gradient and step come from a recorded re-run of the path's Trainer:
    each step must be exactly the move the path made, for every optimizer."""
    from nnviz.engine import surfaces
    from nnviz.scenarios import gradient_descent_steps as steps
    X, Y = surfaces.model_data(model)
    for optimizer in surfaces.OPTIMIZERS:
        path = surfaces.descent_path(model, (-1.5, 2.0), optimizer, 0.05, batch_size, 60, 0,
                                     X, Y)
        up = steps.record(model, path, X, Y, 0)
        assert np.array_equal(up.step[:, 0], np.diff(path.w)), optimizer
        assert np.array_equal(up.step[:, 1], np.diff(path.b)), optimizer
