"""The McCulloch–Pitts scenario driven by real clicks, checked against the engine."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QRectF, Qt

from nnviz.engine.units import McCullochPitts
from nnviz.ui import theme

from ..ui.screens import projector_window

PRESETS = ("AND", "OR", "NOT", "NOR", "AND-NOT", "XOR (two layers)")
SIZES = ((1280, 720), (1366, 768), (1600, 1000), (1920, 1080))


@pytest.fixture
def mp(open_scenario, qtbot):
    sc = open_scenario("mcculloch-pitts")
    qtbot.waitExposed(sc.view)
    return sc


def table_rows(table):
    return [[int(table.item(r, c).text()) for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def lit_rows(table):
    """The rows tinted as the current inputs (the plane's ring colour, not the firing one)."""
    tint = table.current_colour()
    assert tint != theme.current().qcolor("highlight")
    return [r for r in range(table.rowCount()) if table.item(r, 0).background().color() == tint]


def click_input(qtbot, sc, i, button=Qt.MouseButton.LeftButton):
    qtbot.mouseClick(sc.view, button, pos=sc.view.input_center(i).toPoint())


def test_clicking_an_input_changes_output_and_lit_row(mp, qtbot):
    assert mp.model.preset == "AND" and mp.model.x == [0, 0]
    assert lit_rows(mp.table) == [0]
    click_input(qtbot, mp, 0)
    assert mp.model.x == [1, 0] and mp.model.output == 0
    assert lit_rows(mp.table) == [2]
    assert mp.input_buttons[0].isChecked()
    with qtbot.waitSignal(mp.status_message) as msg:
        click_input(qtbot, mp, 1)
    assert mp.model.x == [1, 1] and lit_rows(mp.table) == [3]
    assert mp.model.output == McCullochPitts(2, 2).fire([1, 1]) == 1
    assert "y = 1" in msg.args[0]
    assert mp.view.reason().startswith("y = 1")
    click_input(qtbot, mp, 0)     # off again
    assert mp.model.x == [0, 1] and lit_rows(mp.table) == [1] and mp.model.output == 0


def test_clicking_a_table_row_sets_the_inputs(mp, qtbot):
    rect = mp.table.visualItemRect(mp.table.item(2, 1))
    qtbot.mouseClick(mp.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert mp.model.x == [1, 0] and lit_rows(mp.table) == [2]


@pytest.mark.parametrize("preset,n,theta,inh,expected", [
    ("AND", 2, 2, (), [0, 0, 0, 1]),
    ("OR", 2, 1, (), [0, 1, 1, 1]),
    ("NOT", 1, 0, (0,), [1, 0]),
    ("NOR", 2, 0, (0, 1), [1, 0, 0, 0]),
    ("AND-NOT", 2, 1, (1,), [0, 0, 1, 0]),
])
def test_presets_set_the_right_truth_table(mp, qtbot, preset, n, theta, inh, expected):
    if preset == "AND":
        qtbot.mouseClick(mp.preset_buttons["OR"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(mp.preset_buttons[preset], Qt.MouseButton.LeftButton)
    rows = table_rows(mp.table)
    assert [r[-1] for r in rows] == expected
    assert [r[:-1] for r in rows] == [list(x) for x in itertools.product((0, 1), repeat=n)]
    assert rows == McCullochPitts(n, theta, inh).truth_table().tolist()
    assert mp.preset_buttons[preset].isChecked()
    assert sum(b.isChecked() for b in mp.preset_buttons.values()) == 1
    assert mp.n_inputs_spin.value() == n and mp.threshold_spin.value() == theta
    assert [mp.kind_boxes[i].currentText() for i in range(n)] == [
        "inhibitory" if i in inh else "excitatory" for i in range(n)]


def test_xor_preset_is_a_two_layer_network(mp, qtbot):
    qtbot.mouseClick(mp.preset_buttons["XOR (two layers)"], Qt.MouseButton.LeftButton)
    assert mp.model.mode == "xor" and not mp.unit_box.isVisible()
    rows = table_rows(mp.table)
    assert [mp.table.horizontalHeaderItem(c).text() for c in range(5)] == [
        "x1", "x2", "h1", "h2", "y"]
    h1, h2, y = McCullochPitts(2, 1, (1,)), McCullochPitts(2, 1, (0,)), McCullochPitts(2, 1)
    for x1, x2, a, b, out in rows:
        assert a == h1.fire([x1, x2]) and b == h2.fire([x1, x2]) and out == y.fire([a, b])
        assert out == x1 ^ x2
    click_input(qtbot, mp, 1)
    assert mp.model.node_values() == [0, 1, 0, 1, 1] and lit_rows(mp.table) == [1]
    qtbot.mouseClick(mp.preset_buttons["OR"], Qt.MouseButton.LeftButton)
    assert mp.model.mode == "unit" and mp.unit_box.isVisible()


def test_controls_edit_the_unit(mp, qtbot):
    mp.threshold_spin.setFocus()
    qtbot.keyClick(mp.threshold_spin, Qt.Key.Key_Down)      # AND (θ 2) → OR (θ 1)
    assert mp.model.unit.threshold == 1 and mp.model.preset == "OR"
    assert [r[-1] for r in table_rows(mp.table)] == [0, 1, 1, 1]
    click_input(qtbot, mp, 1, Qt.MouseButton.RightButton)   # x2 becomes inhibitory
    assert mp.model.unit.inhibitory == (1,) and mp.model.preset == "AND-NOT"
    assert mp.kind_boxes[1].currentText() == "inhibitory"
    qtbot.keyClick(mp.n_inputs_spin, Qt.Key.Key_Up)          # a third input
    assert mp.model.unit.n_inputs == 3 and mp.table.rowCount() == 8
    assert mp.kind_boxes[2].isVisible() and mp.input_buttons[2].isVisible()
    assert table_rows(mp.table) == McCullochPitts(3, 1, (1,)).truth_table().tolist()
    qtbot.mouseClick(mp.input_buttons[2], Qt.MouseButton.LeftButton)
    assert mp.model.x == [0, 0, 1] and mp.model.output == 1 and lit_rows(mp.table) == [1]


def test_state_round_trip_and_bad_state(mp, qtbot):
    mp.load_state({"n_inputs": 3, "threshold": 2, "inhibitory": [2], "x": [1, 1, 0]})
    state = mp.get_state()
    assert state == {"mode": "unit", "n_inputs": 3, "threshold": 2, "inhibitory": [2],
                     "x": [1, 1, 0]}
    assert mp.model.output == 1 and lit_rows(mp.table) == [6]
    mp.reset()
    assert mp.get_state() != state
    mp.load_state(state)
    assert mp.get_state() == state
    for bad, word in [({"threshold": 9}, "threshold"), ({"x": [1, 2, 0]}, "x must be"),
                      ({"mode": "xyz"}, "mode"), ({"n_inputs": 7}, "n_inputs"),
                      ({"inhibitory": [5]}, "index 5"), ({"colour": 1}, "no settings")]:
        with pytest.raises(ValueError, match=word):
            mp.load_state(bad)
        assert mp.get_state() == state
    mp.load_state({"mode": "xor"})
    assert mp.model.mode == "xor" and mp.get_state()["x"] == [0, 0]


def test_run_steps_walks_the_truth_table(mp):
    mp.run_steps(3)
    assert mp.model.x == [1, 1] and lit_rows(mp.table) == [3]
    mp.run_steps(1)
    assert mp.model.x == [0, 0]


def test_screenshot_is_not_blank(mp, main_window):
    img = main_window.grab().toImage()
    colours = {img.pixel(x, y) for x in range(0, img.width(), 7) for y in range(0, img.height(), 7)}
    assert len(colours) > 20


def test_geometry_text_shows_whole_when_the_panel_has_room(main_window, qtbot):
    """The 'Why one unit cannot make XOR' text sat in a three-line box behind a scroll bar
    while the plane above it had room to spare: it asks for its whole height now, and only
    a short panel scrolls it."""
    from PySide6.QtWidgets import QScrollArea
    main_window.resize(1600, 1000)
    main_window.open_scenario("mcculloch-pitts")
    area = main_window.findChild(QScrollArea, "mp_geometry_text")
    label = area.widget()
    assert "Absolute inhibition" in label.text() or "XOR" in label.text()
    qtbot.waitUntil(lambda: area.viewport().height() >= label.heightForWidth(
        area.viewport().width()) - 1)
    assert not area.verticalScrollBar().isVisible()
    main_window.resize(1600, 560)                   # short: the plane keeps its room
    qtbot.waitUntil(lambda: area.verticalScrollBar().isVisible())
    assert main_window.scenario.geometry_view.height() >= 150


def test_truth_table_shows_every_row_of_three_inputs(mp, main_window, qtbot):
    """A lesson slide going from two inputs to three doubled the rows, but the splitter kept
    the table's old height and scrolled four of the eight out of view (the majority rows);
    the current row was tinted in the firing colour even when y = 0."""
    main_window.resize(1600, 1000)
    qtbot.wait(30)
    mp.load_state({"mode": "unit", "n_inputs": 3, "threshold": 2, "inhibitory": [],
                   "x": [0, 0, 0]})
    qtbot.wait(30)
    t = mp.table
    assert t.rowCount() == 8
    assert t.height() >= t._rows_px(8) - 1 and not t.verticalScrollBar().isVisible()
    assert mp.geometry_view.height() >= mp.geometry_view.minimumHeight()
    y = t.columnCount() - 1
    assert t.item(0, y).background().color() != theme.current().qcolor("highlight")  # y = 0
    assert mp.view.title().endswith("majority vote")
    mp.load_state({"n_inputs": 2, "threshold": 2, "inhibitory": [], "x": [0, 0]})
    qtbot.wait(30)
    assert t.height() <= t._rows_px(4) + 1                   # back to four rows' height


# -- the layout a class sees ------------------------------------------------------------------
def show_preset(sc, qtbot, name):
    """The preset through its button (hidden with the controls in projector type: click()
    is the button's own handler), then a fresh paint of both views."""
    sc.preset_buttons[name].click()
    qtbot.wait(20)
    sc.view.grab()
    sc.geometry_view.grab()


def overlaps(a: QRectF, b: QRectF) -> bool:
    """Sharing more than a pixel's antialiasing."""
    return a.adjusted(1, 1, -1, -1).intersects(b.adjusted(1, 1, -1, -1))


def network_problems(view) -> list[str]:
    """What runs into what in the drawing: the legend against the rest, each text against
    every other text and every node, anything outside the widget."""
    box = QRectF(view.rect()).adjusted(-1, -1, 1, 1)
    out = [f"{role} {r.getRect()} outside" for role, r in view.drawn if not box.contains(r)]
    legend = [r for role, r in view.drawn if role == "legend"]
    rest = [(role, r) for role, r in view.drawn if role != "legend"]
    out += [f"{role} {r.getRect()} on the legend {g.getRect()}"
            for role, r in rest for g in legend if overlaps(r, g)]
    texts = [(role, r) for role, r in rest if role not in ("node", "edge")]
    nodes = [r for role, r in rest if role == "node"]
    out += [f"{ra} {a.getRect()} on {rb} {b.getRect()}"
            for i, (ra, a) in enumerate(texts) for rb, b in texts[i + 1:] if overlaps(a, b)]
    out += [f"{role} {r.getRect()} on a node" for role, r in texts for n in nodes
            if overlaps(r, n)]
    return out


def plane_problems(plane) -> list[str]:
    box = QRectF(plane.rect()).adjusted(-1, -1, 1, 1)
    out = [f"{text!r} {r.getRect()} cut by the edge"
           for _role, text, r, _px in plane.drawn if not box.contains(r)]
    # the shaded side and its line keep off the edge (they had run into the dock's edge at
    # 1600×1000, looking cut off)
    inner = QRectF(plane.rect()).adjusted(4, 4, -4, -4)
    out += [f"the shaded side {r.getRect()} at the edge"
            for role, _t, r, _px in plane.drawn if role == "shade" and not inner.contains(r)]
    texts = [(text, r) for role, text, r, _px in plane.drawn if role not in ("disc", "shade")]
    discs = [r for role, _t, r, _px in plane.drawn if role == "disc"]
    out += [f"{ta!r} on {tb!r}" for i, (ta, a) in enumerate(texts)
            for tb, b in texts[i + 1:] if overlaps(a, b)]
    out += [f"{t!r} on a corner" for t, r in texts for d in discs if overlaps(r, d)]
    return out


@pytest.mark.parametrize("size", [(1920, 1080), (1366, 768), (1280, 720)])
def test_network_keeps_off_its_legend_in_projector_type(mp, main_window, qtbot, size):
    """In projector type the legend takes three rows, but the network was laid out as if
    it took one: at 1920×1080 the XOR network's h2 and its name were drawn over
    "inhibitory: blocks the unit when on" (and h1's name touched the reason line above).
    The network now gets the band between the header and the legend as measured."""
    with projector_window(main_window, size):
        qtbot.wait(30)
        for name in ("AND", "NOT", "XOR (two layers)"):
            show_preset(mp, qtbot, name)
            assert sum(role == "legend" for role, _r in mp.view.drawn) == 6
            assert sum(role == "node" for role, _r in mp.view.drawn) >= 2
            assert network_problems(mp.view) == [], (size, name)


def test_plane_type_is_readable_on_a_720p_projector(mp, main_window, qtbot):
    """On a 1280×720 projector the x1, x2 plane's corner labels were 10 px and its axis
    names and caption 13 px (a small square's type): the type size comes first now (corner
    labels ≥ 16 px, the rest ≥ 20 px; the XOR network's two half-width squares ≥ 14 and
    18 px) and the square takes the room left, with the explanation scrolling first."""
    with projector_window(main_window, (1280, 720)):
        qtbot.wait(30)
        for name, label_px, other_px in (("AND", 16, 20), ("OR", 16, 20), ("NOT", 16, 20),
                                         ("XOR (two layers)", 14, 18)):
            show_preset(mp, qtbot, name)
            drawn = mp.geometry_view.drawn
            sizes = {role: min(px for r, _t, _b, px in drawn if r == role)
                     for role in ("label", "title")}
            assert sizes["label"] >= label_px and sizes["title"] >= other_px, (name, sizes)
            assert all(px >= other_px for role, _t, _r, px in drawn
                       if role in ("axis", "caption")), name
            discs = [r.center() for role, _t, r, _px in drawn if role == "disc"]
            spread = max(c.x() for c in discs) - min(c.x() for c in discs)
            assert spread >= 6 * label_px, (name, spread)     # still a square to read
            assert plane_problems(mp.geometry_view) == [], name


@pytest.mark.parametrize("projector", [False, True], ids=["normal", "projector"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_preset_is_drawn_whole_and_apart(mp, main_window, qtbot, size, projector):
    """Every preset at the usual screen sizes: no text cut at an edge or run into another,
    nothing on the legend (the XOR network's h2 and its name had been drawn on the legend
    at 1920×1080, normal and projector, and in projector type at 1600×1000 and 1280×720)."""
    if projector:
        with projector_window(main_window, size):
            qtbot.wait(30)
            problems = _every_preset(mp, qtbot)
    else:
        main_window.resize(*size)
        qtbot.wait(30)
        problems = _every_preset(mp, qtbot)
    assert problems == []


def _every_preset(sc, qtbot) -> list[str]:
    out = []
    for name in PRESETS:
        show_preset(sc, qtbot, name)
        out += [f"{name}: {p}" for p in network_problems(sc.view)
                + plane_problems(sc.geometry_view)]
    return out
