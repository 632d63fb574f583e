"""The input units' names on the canvas: a thumbnail shows a feature over the input plane
but not which feature it is, so each input's name ("x₁", "x₁²", "sin(x₁)") is written
beside it (as TensorFlow Playground does), clear of the value cards inputs show on their
left during a step, at every zoom and on small canvases; discs named inside are not named
twice."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QImage, QPainter

from nnviz.engine import Network, Trainer, datasets
from nnviz.ui import canvas_paint, theme
from nnviz.ui.canvas import NetworkCanvas
from nnviz.ui.canvas_labels import value_cards
from nnviz.ui.canvas_text import Fonts, text_box_rect
from nnviz.ui.canvas_units import unit_geometry
from nnviz.ui.player import Player
from nnviz.ui.session import TrainingSession

from .test_canvas_polish import title_rects

LABELS = datasets.FEATURE_LABELS


class _Recorder(QPainter):
    """A painter that keeps the texts it draws: (rectangle, text)."""

    def __init__(self, img):
        super().__init__(img)
        self.texts: list[tuple[QRectF, str]] = []

    def drawText(self, *args):
        text = args[-1]
        if isinstance(args[0], QPointF):
            fm = QFontMetricsF(self.font())
            at = args[0]
            self.texts.append((QRectF(at.x(), at.y() - fm.ascent(), fm.horizontalAdvance(text),
                                      fm.height()), text))
        return super().drawText(*args)


def painted_static(c) -> list[tuple[QRectF, str]]:
    """The texts the canvas's static picture (titles, names, legend) paints."""
    img = QImage(c.size(), QImage.Format.Format_ARGB32_Premultiplied)
    p = _Recorder(img)
    canvas_paint.paint_static(c, p)
    p.end()
    return p.texts


def input_names(c) -> dict[int, tuple[QRectF, str]]:
    """The painted names beside the input units: unit → (rectangle, text), found by where
    they are (left of an input, level with it)."""
    lay = c.net_layout
    col, r = lay.columns[0], lay.radius
    out = {}
    for rect, text in painted_static(c):
        if rect.right() > col.x - r or rect.bottom() >= lay.legend.top():
            continue
        u = min(col.shown, key=lambda v: abs(col.pos[v].y() - rect.center().y()))
        if abs(col.pos[u].y() - rect.center().y()) <= r + rect.height():
            assert u not in out, (u, out[u], text)
            out[u] = (rect, text)
    return out


def features_canvas(qtbot, feats, hidden, w, h):
    rng = np.random.default_rng(0)
    X = rng.uniform(-6, 6, (40, 2))
    Y = (X[:, :1] * X[:, 1:] > 0).astype(float)
    net = Network.build([len(feats)] + hidden + [1], hidden="tanh", output="sigmoid", seed=0)
    s = TrainingSession(Trainer(net, lr=0.1, batch_size=4, seed=3), datasets.features(X, feats),
                        Y, X_raw=X, features=feats)
    p = Player(s)
    c = NetworkCanvas(s, p)
    qtbot.addWidget(c)
    c.resize(w, h)
    c.show()
    return s, p, c


def test_each_input_is_named_and_a_feature_button_renames_it(main_window, qtbot):
    main_window.resize(1600, 1000)
    sc = main_window.open_scenario("mlp")
    c = sc.canvas
    qtbot.wait(20)
    assert sc.settings["features"] == ["x1", "x2"]
    names = input_names(c)
    assert [names[u][1] for u in sorted(names)] == ["x₁", "x₂"]
    qtbot.mouseClick(sc.controls.features["x1^2"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(sc.controls.features["sin_x2"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(sc.controls.features["x2"], Qt.MouseButton.LeftButton)
    qtbot.wait(20)
    assert sc.session.net.sizes[0] == 3
    names = input_names(c)
    assert [names[u][1] for u in sorted(names)] == [LABELS["x1"], LABELS["x1^2"],
                                                    LABELS["sin_x2"]]
    # in the picture the canvas shows (the cached static text was repainted)
    img = c.render_background()
    rect = names[1][0]
    dark = 0
    for x in range(int(rect.left()), int(rect.right())):
        for y in range(int(rect.top()), int(rect.bottom())):
            if QImage.pixelColor(img, int(x * img.devicePixelRatio()),
                                 int(y * img.devicePixelRatio())).lightness() < 120:
                dark += 1
    assert dark > 10         # the name's glyphs, on the light background


def _clear(c, names):
    """Every name clear of the units, the other names, the titles and the value cards
    (or, in the crowded "card" form, under a value card that starts with the name)."""
    lay = c.net_layout
    f = Fonts.get(lay.font_px)
    units = [g.bounds.adjusted(2, 2, -2, -2)      # (bounds: 2 px of margin for antialiasing)
             for ci in range(len(lay.columns)) for g in unit_geometry(c, ci)]
    cards = [(text_box_rect(at, lines, f.small, f.fms, side), lines)
             for at, lines, side in value_cards(c, f.small, f.fms)]
    titles, _ = title_rects(c)
    rects = [r for r, _t in names.values()]
    for u, (rect, text) in names.items():
        where = (u, text, rect, c.size(), theme.manager().zoom)
        assert rect.left() >= 0 and rect.bottom() <= lay.legend.top(), where
        assert not any(rect.intersects(b) for b in units), where
        assert not any(rect.intersects(t) for t in titles), where
        assert sum(rect.intersects(o) for o in rects) == 1, where
        for card, lines in cards:
            if rect.intersects(card):
                assert card.contains(rect) and lines[0][0].startswith(text), (where, lines)


def test_names_stay_clear_of_the_value_cards_at_every_zoom(main_window, qtbot, zoom_back):
    seen = 0
    for zoom, size in ((1.0, (1600, 1000)), (2.0, (1600, 1000)), (2.5, (1920, 1080)),
                       (1.0, (1024, 768)), (2.0, (1280, 800))):
        main_window.resize(*size)
        zoom_back.set_zoom(zoom)
        sc = main_window.open_scenario("mlp")
        sc.apply({"features": list(datasets.FEATURES)})
        sc.run_steps(20)
        player, c = sc.player, sc.canvas
        player.set_granularity("layer")
        player.step_forward()
        player.step_forward()
        player.pause()
        qtbot.wait(10)
        names = input_names(c)
        lay = c.net_layout
        assert len(names) == len(lay.columns[0].shown), (zoom, size)
        assert c.model.unit_lines(0, lay.columns[0].shown[0])       # values show
        _clear(c, names)
        seen += len(names)
    assert seen


def test_small_canvases_fall_back_to_the_value_card_then_to_nothing(qtbot, zoom_back):
    """A crowded column has no band beside each input for its name: the name goes beside
    the unit and its value card over it starts with it ("x₁ = −3.27"); where even that
    does not fit, the names are left out (hovering names a unit). Since the canvas keeps
    the network at least half its height (test_canvas_small_zoom), the names fit at every
    size here: whatever form is chosen must overlap nothing (_clear)."""
    feats = list(datasets.FEATURES)
    s, p, c = features_canvas(qtbot, feats, [8, 8], 400, 320)
    p.set_granularity("layer")
    p.step_forward()
    p.step_forward()
    p.pause()
    forms = set()
    for zoom in (1.0, 1.5, 2.0, 2.5):
        zoom_back.set_zoom(zoom)
        for w, h in ((400, 320), (400, 240), (700, 300), (600, 400), (900, 600)):
            c.resize(w, h)
            for values in (False, True):
                c.set_show_values(values)
                c.grab()
                names = input_names(c)
                _clear(c, names)
                if not names:
                    forms.add("none")
                    continue
                assert len(names) == len(c.net_layout.columns[0].shown), (zoom, w, h)
                if values:
                    cards = dict(value_cards_by_unit(c))
                    merged = any(cards[u][0][0].startswith(names[u][1] + " = ")
                                 or cards[u][0][0] == names[u][1]
                                 for u in names if u in cards)
                    forms.add("card" if merged else "beside")
    assert {"beside", "card"} <= forms, forms
    p.shutdown()


def value_cards_by_unit(c):
    from nnviz.ui.canvas_units import value_card
    f = Fonts.get(c.net_layout.font_px)
    col = c.net_layout.columns[0]
    for u, g in zip(col.shown, unit_geometry(c, 0)):
        card = value_card(c, 0, u, g, f.small, f.fms)
        if card is not None:
            yield u, card[0]


@pytest.mark.parametrize("name", ["xor", "regularization", "softmax"])
def test_other_scenarios_name_their_plane_inputs(main_window, qtbot, name):
    main_window.resize(1600, 1000)
    sc = main_window.open_scenario(name)
    qtbot.wait(20)
    names = input_names(sc.canvas)
    assert sorted(t for _r, t in names.values()) == ["x₁", "x₂"]
    _clear(sc.canvas, names)


def test_discs_named_inside_are_not_named_twice(qtbot):
    """Without thumbnails (or inputs off the plane) the inputs are discs with their name
    inside: nothing beside them; a disc too small for its name gets it beside."""
    s, p, c = features_canvas(qtbot, ["x1", "x2"], [3] * 5, 900, 600)
    c.set_show_thumbnails(False)
    texts = [t for _r, t in painted_static(c)]
    assert "x₁" not in texts and "x₂" not in texts and not input_names(c)
    c.resize(360, 240)                  # a deep network: discs too small for a name inside
    c.grab()
    assert c.net_layout.radius <= Fonts.get(c.net_layout.font_px).fm.height() * 0.75
    assert sorted(t for _r, t in input_names(c).values()) == ["x₁", "x₂"]
    p.shutdown()
