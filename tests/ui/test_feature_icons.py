"""The MLP playground's feature buttons show a picture of their feature over the input
plane, in the palette of the canvas's input thumbnails, following the theme and the zoom;
a disabled (locked) button's picture is greyed."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QIcon, QImage

from nnviz.engine import datasets
from nnviz.ui import theme


def _image(button, mode=QIcon.Mode.Normal) -> QImage:
    size = button.iconSize()
    img = button.icon().pixmap(size, button.devicePixelRatioF(), mode).toImage()
    assert not img.isNull()
    return img


def _at(img: QImage, fx: float, fy: float):
    """The colour at a fraction of the picture's width and height (the nearest pixel: a
    picture's size then matters little, a 33-px thumbnail against a 21-px icon)."""
    return img.pixelColor(round(fx * (img.width() - 1)), round(fy * (img.height() - 1)))


def _close(a, b, tol=40) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a.getRgb()[:3], b.getRgb()[:3]))


@pytest.fixture
def look_back():
    m = theme.manager()
    old_theme, old_zoom = m.theme.name, m.zoom
    yield m
    m.set_theme(old_theme)
    m.set_zoom(old_zoom)


def test_each_feature_button_shows_its_feature_as_the_canvas_does(main_window, qtbot):
    sc = main_window.open_scenario("mlp")
    buttons = sc.controls.features
    assert set(buttons) == set(datasets.FEATURES)
    for b in buttons.values():
        assert not b.icon().isNull() and b.iconSize().width() >= 16
    t = theme.current()
    neg, pos = t.qcolor("negative"), t.qcolor("positive")
    x1 = _image(buttons["x1"])                   # negative on the left, positive right
    assert _close(_at(x1, 0.1, 0.5), neg) and _close(_at(x1, 0.9, 0.5), pos)
    x2 = _image(buttons["x2"])                   # x₂ upwards, as on the canvas
    assert _close(_at(x2, 0.5, 0.9), neg) and _close(_at(x2, 0.5, 0.1), pos)
    sq = _image(buttons["x1^2"])                 # x₁² ≥ 0: neutral middle, positive sides
    assert _close(_at(sq, 0.5, 0.5), QColor(t.neutral)) and _close(_at(sq, 0.06, 0.5), pos)
    # the same colours as the canvas's thumbnail of the input x₁
    c = sc.canvas
    c.grab()
    thumb = c.thumbnail(0, 0)
    assert thumb is not None and sc.session.features[0] == "x1"
    # (the icon's picture lies inside its border: compared at the same fraction of the
    # picture itself, not of the icon, so the sizes of the two matter little)
    from nnviz.ui.feature_icons import BORDER
    e = max(1, round(x1.width() * BORDER))
    inner = x1.copy(e, e, x1.width() - 2 * e, x1.height() - 2 * e)
    for fx in (0.1, 0.5, 0.9):
        assert _close(_at(thumb, fx, 0.5), _at(inner, fx, 0.5), 24), fx


def test_pictures_follow_the_theme_and_the_zoom(main_window, qtbot, look_back):
    sc = main_window.open_scenario("mlp")
    b = sc.controls.features["x1*x2"]
    look_back.set_theme("light")
    light = _image(b)
    side = b.iconSize().width()
    look_back.set_theme("colour-blind-dark")
    dark = _image(b)
    t = theme.current()
    assert _close(_at(dark, 0.1, 0.1), t.qcolor("negative"))        # x₁x₂ < 0 top left
    assert _close(_at(dark, 0.9, 0.1), t.qcolor("positive"))
    assert light.convertToFormat(dark.format()) != dark
    look_back.set_zoom(2.0)
    assert b.iconSize().width() >= 2 * side - 2
    # the buttons widened with their pictures and text: nothing is cut off
    for button in sc.controls.features.values():
        assert button.minimumWidth() >= button.iconSize().width() + \
            button.fontMetrics().horizontalAdvance(button.text())


def test_a_locked_feature_button_looks_disabled(main_window, qtbot):
    sc = main_window.open_scenario("mlp")
    b = sc.controls.features["sin_x1"]
    normal = _image(b)
    greyed = _image(b, QIcon.Mode.Disabled)

    def saturation(img):
        return max(_at(img, fx, 0.5).hsvSaturation() for fx in (0.1, 0.3, 0.5, 0.7, 0.9))

    assert saturation(normal) > 100 and saturation(greyed) < 60
