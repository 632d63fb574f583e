"""Small pictures of the 2-D data sets, for the boxes that choose one (as TensorFlow
Playground shows its data sets).

Each picture is the engine's own data set (`datasets.load` with a fixed seed and no noise),
drawn as the decision map draws it: two classes in the diverging palette's ends (orange =
class 0, blue = class 1), several classes in the class colours, regression targets on the
diverging palette; on the theme's surface colour, in a thin border. No maths here: the
points come from the engine.

    decorate(box)     # every entry of `box` whose data is a 2-D data set's name gets its
                      # picture; pictures and their size follow the theme and the zoom

Pictures are cached per (data set, theme, size, device pixel ratio).
"""

from __future__ import annotations

import atexit
from functools import cache, lru_cache

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from ..engine import datasets
from . import appearance, theme

ICON_POINTS = 300          # points drawn in a picture (a new scenario's 500 crowd it)
REGRESSION_POINTS = 900    # a regression set's: dense enough to read as a field of values
ICON_SEED = 0              # the seed a new scenario draws its data with
BOX_TYPE, LIST_TYPE = 2.0, 4.0   # side of a picture in body-text heights: in the closed box,
#                                  and in the open list (where the student chooses)
DOT = 0.022                # a dot's radius, as a share of the picture's side
MIN_DOT_PX = 0.9
LIST_SCREEN = 0.8          # at most this share of the screen's height for the open list
ROW_PAD = 6                # a list row's height beyond its picture (logical px)
BORDER = 1.0 / 48          # the border's width, as a share of the side (1 px at 48 px)

DESCRIPTIONS = {   # each data set in words (the entry's tooltip)
    "circle": "one class in the middle, ringed by the other",
    "xor_quadrants": "opposite corners of the plane share a class",
    "gaussians": "two round clouds, one of each class",
    "spiral": "two classes wound around each other",
    "moons": "two interlocking half circles",
    "blobs": "three clouds, one for each of three classes",
    "plane": "a number that rises steadily across the plane",
    "gauss_bumps": "a number with hills and hollows over the plane",
}


def box_side(zoom: float | None = None) -> int:
    """A picture's side in the closed box (logical px), growing with the zoom."""
    return round(appearance.font_px(zoom) * BOX_TYPE)


def list_side(zoom: float | None = None) -> int:
    """A picture's side in the open list (logical px), growing with the zoom."""
    return round(appearance.font_px(zoom) * LIST_TYPE)


@cache
def points(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The data set as the pictures show it: (X, Y) from the engine, clean and seeded."""
    n = REGRESSION_POINTS if datasets.TASKS[name] == "regression" else ICON_POINTS
    X, Y = datasets.load(name, n=n, noise=0.0, seed=ICON_SEED)
    X.setflags(write=False)
    Y.setflags(write=False)
    return X, Y


def point_colours(name: str, Y: np.ndarray, t: theme.Theme) -> list[QColor]:
    """The colour of each point, as the decision map gives it."""
    task = datasets.TASKS[name]
    if task == "multiclass":
        colours = theme.class_colours(Y.shape[1], t)
        return [colours[c] for c in np.argmax(Y, axis=1)]
    y = Y[:, 0]
    if task == "regression":
        return [theme.diverging(float(v), 1.0, t) for v in y]
    neg, pos = t.qcolor("negative"), t.qcolor("positive")
    return [pos if v >= 0.5 else neg for v in y]


@lru_cache(maxsize=128)      # 8 themes or zooms of every set at two sizes
def pixmap(name: str, side: int, t: theme.Theme, dpr: float = 1.0) -> QPixmap:
    """The picture of data set `name`, `side` logical pixels square, in theme `t`."""
    pm = QPixmap(max(1, round(side * dpr)), max(1, round(side * dpr)))
    pm.setDevicePixelRatio(dpr)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    border = max(1.0, side * BORDER)
    frame = QRectF(border / 2, border / 2, side - border, side - border)
    p.setPen(QPen(t.qcolor("muted"), border))
    p.setBrush(t.qcolor("surface"))
    p.drawRoundedRect(frame, border * 2, border * 2)

    X, Y = points(name)
    colours = point_colours(name, Y, t)
    x0, x1, y0, y1 = datasets.EXTENT
    pad = border + side * 0.06
    span = side - 2 * pad
    px = pad + (X[:, 0] - x0) / (x1 - x0) * span
    py = pad + (y1 - X[:, 1]) / (y1 - y0) * span          # x₂ upwards
    order = range(len(X))
    if datasets.TASKS[name] == "regression":     # the strongest targets on top (a target
        order = np.argsort(np.abs(Y[:, 0]), kind="stable")   # near 0 is nearly the panel)
    r = max(MIN_DOT_PX, side * DOT)
    p.setPen(Qt.PenStyle.NoPen)
    for i in order:
        p.setBrush(colours[i])
        p.drawEllipse(QPointF(px[i], py[i]), r, r)
    p.end()
    return pm


@lru_cache(maxsize=64)
def icon(name: str, sides: tuple[int, ...], t: theme.Theme, dpr: float = 1.0) -> QIcon:
    """An icon of data set `name` holding a picture at each of `sides` (logical px)."""
    ic = QIcon()
    for side in sides:
        pm = pixmap(name, side, t, dpr)
        for mode in (QIcon.Mode.Normal, QIcon.Mode.Active, QIcon.Mode.Selected):
            ic.addPixmap(pm, mode)    # (Qt had tinted the chosen entry's picture: pale dots)
    return ic      # (a disabled box, e.g. locked by a lesson, shows Qt's greyed picture)


# the cached pictures go before Qt does at exit (a QPixmap freed after the application
# may crash the interpreter's last moments)
atexit.register(icon.cache_clear)
atexit.register(pixmap.cache_clear)


def tooltip(name: str) -> str:
    return f"{datasets.LABELS[name]}: {DESCRIPTIONS[name]}"


class DatasetIcons(QObject):
    """Keeps a combo box's data-set entries pictured, following the theme and the zoom:
    the closed box shows a small picture, the open list a larger one."""

    def __init__(self, box: QComboBox):
        super().__init__(box)
        self.box = box
        # a list item delegate: the style's menu-item one (Fusion) draws every icon at the
        # closed box's size, whatever the list's icon size
        box.setItemDelegate(QStyledItemDelegate(box))
        box.installEventFilter(self)
        box.view().window().installEventFilter(self)     # the open list's frame
        theme.manager().changed.connect(self.refresh)
        self.refresh()

    def sides(self) -> tuple[int, int]:
        """(closed box, open list) picture sides at the current zoom; the list's no taller
        than the screen holds with every entry (it would scroll at 250 % on 1080 lines)."""
        small, large = box_side(), list_side()
        screen = self.box.screen()
        if screen is not None and self.box.count():
            room = int(screen.availableGeometry().height() * LIST_SCREEN) // self.box.count()
            large = max(small, min(large, room - ROW_PAD))
        return small, large

    def refresh(self) -> None:
        box = self.box
        small, large = self.sides()
        t = theme.current()
        dpr = float(box.devicePixelRatioF()) or 1.0
        for i in range(box.count()):
            name = box.itemData(i)
            if name in datasets.SETS_2D:
                box.setItemIcon(i, icon(name, (small, large), t, dpr))
                box.setItemData(i, tooltip(name), Qt.ItemDataRole.ToolTipRole)
        box.setIconSize(QSize(small, small))
        view = box.view()
        view.setIconSize(QSize(large, large))   # (after the box's: that sets the list's too)
        if isinstance(view, QListView):
            view.setSpacing(max(1, round(theme.manager().zoom)))   # pictures apart
        self.fit_list()

    def fit_list(self) -> None:
        """The open list as wide as its widest entry with its large picture: the box (and
        the window's narrow_combo) measure entries with the box's small pictures, and the
        longest name lost its end ("Gaussian bum…(regression)")."""
        view = self.box.view()
        need = (_widest_entry(view) + 2 * view.spacing() + 2 * view.frameWidth()
                + view.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent))
        if view.minimumWidth() != need:
            view.setMinimumWidth(need)

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Show:            # the box shown (after the window narrowed
            self.fit_list()                     # its list), or the list opening
        elif kind == _DPR_CHANGE and watched is self.box:
            self.refresh()                      # (moved to a screen of another density)
        return False


_DPR_CHANGE = getattr(QEvent.Type, "DevicePixelRatioChange", QEvent.Type.ScreenChangeInternal)


def _widest_entry(view: QAbstractItemView) -> int:
    """The widest entry of the list as its delegate draws it (sizeHintForColumn measures
    only the rows on show: none but the first before the list opens)."""
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.font = view.font()
    option.decorationSize = view.iconSize()
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasDecoration
    model, delegate = view.model(), view.itemDelegate()
    return max((delegate.sizeHint(option, model.index(i, view.modelColumn())).width()
                for i in range(model.rowCount())), default=0)


def decorate(box: QComboBox) -> DatasetIcons:
    """Picture every data-set entry of `box` (see the module docstring); the helper lives
    as long as the box."""
    return DatasetIcons(box)
