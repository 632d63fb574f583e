"""The MLP playground's data sets as pictures (as TensorFlow Playground shows them): each
entry of the "Data set" box shows the engine's points in the decision map's colours, beside
its name; the pictures follow the theme and grow with the zoom; a lesson's lock still
holds the box."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QImage

from nnviz.engine import datasets
from nnviz.scenarios import mlp_model as M
from nnviz.ui import dataset_icons as D
from nnviz.ui import theme

from .panels import pick


@pytest.fixture
def sc(open_scenario, qtbot):
    s = open_scenario("mlp")
    qtbot.waitExposed(s.canvas.window())
    return s


@pytest.fixture
def restore_look():
    """Put the theme and the zoom back after the test, whatever it changed."""
    m = theme.manager()
    old_theme, old_zoom = m.theme, m.zoom
    yield m
    m.set_theme(old_theme)
    m.set_zoom(old_zoom)


def pixels(box, name: str) -> np.ndarray:
    """The picture of `name` in the open list, as (h, w, 3) RGB."""
    icon = box.itemIcon(box.findData(name))
    image = icon.pixmap(box.view().iconSize()).toImage().convertToFormat(
        QImage.Format.Format_RGBA8888)
    w, h = image.width(), image.height()
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(h, image.bytesPerLine())
    return rows[:, :4 * w].reshape(h, w, 4)[:, :, :3].astype(int)


def rgb(colour) -> np.ndarray:
    c = QColor(colour)
    return np.array([c.red(), c.green(), c.blue()])


def share(img: np.ndarray, colour, tol: int = 12) -> float:
    """The share of the picture's pixels within `tol` (per channel) of `colour`."""
    return float(np.mean(np.max(np.abs(img - rgb(colour)), axis=-1) <= tol))


def test_every_data_set_entry_shows_its_data_beside_its_name(sc):
    box = sc.controls.dataset
    t = theme.current()
    assert [box.itemData(i) for i in range(box.count())] == list(M.SETS)
    for i, name in enumerate(M.SETS):
        assert not box.itemIcon(i).isNull(), name
        assert box.itemText(i) == datasets.LABELS[name]          # the name is still there
        assert datasets.LABELS[name] in box.itemData(i, Qt.ItemDataRole.ToolTipRole)
        img = pixels(box, name)
        assert share(img, t.surface) > 0.2, name                  # on the panel's colour
        task = datasets.TASKS[name]
        if task == "classification":                              # both classes, as the map
            assert share(img, t.negative) > 0.003, name           # colours them
            assert share(img, t.positive) > 0.003, name
        elif task == "multiclass":
            for colour in theme.class_colours(3, t):
                assert share(img, colour) > 0.002, (name, colour.name())
        else:                                 # the diverging palette, toward both its ends
            assert share(img, theme.diverging(-0.8, 1.0, t), 30) > 0.002, name
            assert share(img, theme.diverging(0.8, 1.0, t), 30) > 0.002, name
    assert box.itemIcon(box.currentIndex()).cacheKey() == \
        box.itemIcon(box.findData(sc.settings["dataset"])).cacheKey()


def test_the_pictures_are_the_engines_points_in_place(sc):
    """Circle: class 1 (blue) in the middle, class 0 (orange) in the ring, x₂ upwards in
    the moons (class 1 is the upper moon)."""
    box = sc.controls.dataset
    t = theme.current()
    X, Y = D.points("circle")
    X0, Y0 = datasets.load("circle", n=len(X), noise=0.0, seed=D.ICON_SEED)
    assert np.array_equal(X, X0) and np.array_equal(Y, Y0)
    img = pixels(box, "circle")
    side = img.shape[0]
    middle = img[side * 2 // 5: side * 3 // 5, side * 2 // 5: side * 3 // 5]
    assert share(middle, t.positive) > 0.2 and share(middle, t.negative) == 0
    img = pixels(box, "moons")
    upper, lower = img[: side * 2 // 5], img[side * 3 // 5:]
    assert share(upper, t.positive) > share(upper, t.negative)
    assert share(lower, t.negative) > share(lower, t.positive)


def test_the_pictures_follow_the_theme(sc, restore_look):
    box = sc.controls.dataset
    m = restore_look
    m.set_theme("light")
    light = pixels(box, "circle")
    assert share(light, theme.LIGHT.surface) > 0.2
    m.set_theme("dark")
    dark = pixels(box, "circle")
    assert not np.array_equal(light, dark)
    d = theme.DARK
    assert share(dark, d.surface) > 0.2 and share(dark, theme.LIGHT.surface) == 0
    assert share(dark, d.positive) > 0.003 and share(dark, d.negative) > 0.003
    m.set_theme("high-contrast")
    hc = pixels(box, "spiral")
    assert share(hc, theme.HIGH_CONTRAST.positive) > 0.003
    assert share(hc, theme.HIGH_CONTRAST.muted) > 0.01       # the border shows on black
    m.set_theme("colour-blind-light")
    blobs = pixels(box, "blobs")
    for colour in theme.class_colours(3, theme.COLOUR_BLIND_LIGHT):
        assert share(blobs, colour) > 0.002
    m.set_theme("light")
    assert np.array_equal(pixels(box, "circle"), light)      # (cached, the same picture)


def test_the_pictures_grow_with_the_zoom(sc, restore_look, qtbot):
    box = sc.controls.dataset
    m = restore_look
    m.set_zoom(1.0)
    small, large = box.iconSize(), box.view().iconSize()
    assert small.height() >= 24 and large.height() > small.height()
    height = box.sizeHint().height()
    m.set_zoom(2.0)
    assert box.iconSize().height() >= 1.9 * small.height()
    assert box.view().iconSize().height() > 1.25 * large.height()
    assert box.sizeHint().height() > 1.5 * height
    img = pixels(box, "circle")
    assert img.shape[0] == box.view().iconSize().height()     # drawn at that size, not
    assert share(img, theme.current().positive) > 0.003       # scaled up
    m.set_zoom(1.0)
    assert (box.iconSize(), box.view().iconSize()) == (small, large)


def test_the_open_list_shows_large_pictures_and_whole_names(sc, qtbot):
    box = sc.controls.dataset
    view = box.view()
    box.showPopup()
    qtbot.waitUntil(view.isVisible)
    try:
        side = view.iconSize().height()
        for i in range(box.count()):
            rect = view.visualRect(view.model().index(i, 0))
            assert rect.height() >= side
            assert rect.width() >= view.sizeHintForColumn(0)     # no name cut short
    finally:
        box.hidePopup()


def test_the_box_still_works_by_keyboard_and_stays_locked(sc, qtbot, restore_look):
    box = sc.controls.dataset
    pick(qtbot, box, "moons")
    assert sc.settings["dataset"] == "moons"
    assert not box.itemIcon(box.currentIndex()).isNull()
    sc.set_locked({"dataset"})
    assert sc.controls_named("dataset") == [box] and not box.isEnabled()
    sc.apply({"lr": 0.1})                                     # a sync: still locked
    restore_look.set_theme("dark")                            # new pictures: still locked
    assert not box.isEnabled() and not box.itemIcon(box.currentIndex()).isNull()
    sc.set_locked(())
    assert box.isEnabled()


def test_icons_are_cached_per_theme_and_size(qapp):
    a = D.icon("spiral", (28, 56), theme.LIGHT)
    assert D.icon("spiral", (28, 56), theme.LIGHT) is a
    assert D.icon("spiral", (28, 56), theme.DARK) is not a
    assert D.icon("spiral", (32, 64), theme.LIGHT) is not a
    assert a.actualSize(QSize(56, 56)) == QSize(56, 56)


def test_a_closed_scenarios_box_no_longer_listens(main_window, restore_look, qtbot):
    """The pictures' helper goes with its box: a theme change after the MLP playground was
    left (its panel deleted) reaches no deleted box."""
    import shiboken6
    box = main_window.open_scenario("mlp").controls.dataset
    main_window.open_scenario("xor")
    qtbot.waitUntil(lambda: not shiboken6.isValid(box))
    restore_look.set_theme("dark")
    restore_look.set_zoom(1.5)


def test_the_regularization_data_box_shows_the_same_pictures(open_scenario, qtbot):
    s = open_scenario("regularization")
    box = s.boxes["dataset"]
    assert box.count() > 1
    t = theme.current()
    for i in range(box.count()):
        name = box.itemData(i)
        assert not box.itemIcon(i).isNull(), name
        assert box.itemIcon(i).cacheKey() == D.icon(name, s.dataset_icons.sides(), t,
                                                     float(box.devicePixelRatioF())).cacheKey()
