"""Fitting the main window to small screens (1280×800 and projector type): the progress
figures move to the status bar when the toolbar is full, the side panels get their share of
the width, and panels that scroll only vertically get a horizontal bar instead of cutting
their content off."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

CONTROLS_SHARE, PLOTS_SHARE = 0.23, 0.29   # of the window's width, at least
QWIDGETSIZE_MAX = (1 << 24) - 1   # Qt's "no maximum" for a widget's size (not in PySide6)
PROJECTOR_PLOTS = 1.3                      # the plots' share grows by this without controls
MOST_SHARE = 0.4        # a side panel never takes more of the window's width than this to
#                         fit its content (what does not fit scrolls): the view keeps room


def fit_dialog(dialog: QWidget, w: int, h: int) -> None:
    """Size a dialog to w × h px at 100 %, grown with the zoom (as its text grows), within
    its screen (at 200 % a fixed size showed a few rows in a narrow column)."""
    from PySide6.QtGui import QGuiApplication

    from . import theme
    z = theme.manager().zoom
    w, h = round(w * z), round(h * z)
    screen = dialog.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry()
        w, h = min(w, int(room.width() * 0.95)), min(h, int(room.height() * 0.9))
    dialog.resize(w, h)


def fit_stats(window) -> None:
    """The progress figures sit at the right of the toolbar when they fit there, else in the
    status bar (a small window: the toolbar would hide them behind its » button); the
    player bar is compact when it would not fit beside the shortest scenario list."""
    tb = window.toolbar
    extra = tb.layout().spacing() * 4 + tb.contentsMargins().left() * 2 + 16
    # the scenario list gives way to the player (its choice is shown shortened): at full
    # size beside a wide player bar it pushed the bar into the toolbar's » menu
    box = window.scenario_box
    least = box.fontMetrics().horizontalAdvance("x" * 12)
    bar = window._player_bar     # compact when even the shortest list leaves it too little
    if bar is not None:          # (a 1024-px projector: the whole player hid behind »)
        margins = window.player_area.layout().contentsMargins()
        bar.set_compact(window.width() - extra - least - margins.left() - margins.right()
                        < bar.width_for(False))
    room = window.width() - window.player_area.sizeHint().width() - extra
    box.setMaximumWidth(max(least, min(box.sizeHint().width(), room)))
    need = min(box.sizeHint().width(), box.maximumWidth()) + sum(
        w.sizeHint().width() for w in (window.player_area, window.stats_label)) + extra
    fits = need <= window.width()      # the toolbar spans the window (its own size lags)
    if window._stats_action.isVisible() != fits:
        window._stats_action.setVisible(fits)
    window.stats_status.setVisible(not fits and bool(window.stats_label.text()))



def balance_docks(window) -> None:
    """Give the side panels their share of the width, or what their content needs when that
    is more, up to MOST_SHARE of the window: Qt's default gives whatever is left to the
    first dock and squeezes the plots, and keeps a dock's width when the zoom grows its
    content (at 250 % XOR's panel needed 692 px in a 342-px dock: cut off at the right)."""
    width = window.width()
    most = int(width * MOST_SHARE)
    docks, sizes = [], []
    for dock, share in ((window.controls_dock, CONTROLS_SHARE),
                        (window.plots_dock, PLOTS_SHARE)):
        if dock.isVisible() and not dock.isFloating():
            if not window.controls_dock.isVisible():
                share *= PROJECTOR_PLOTS
            docks.append(dock)
            sizes.append(min(most, max(content_width(dock), int(width * share))))
    if any(abs(d.width() - s) > 4 for d, s in zip(docks, sizes)):
        window.resizeDocks(docks, sizes, Qt.Orientation.Horizontal)


def scrolls_sideways(window) -> bool:
    """Whether a docked side panel has to scroll sideways to show its content (its dock is
    narrower than the content: at 250 % on a 1280-px screen XOR's panel got 160 of the 436
    px it needed, its text a word per line)."""
    for dock in (getattr(window, "controls_dock", None), getattr(window, "plots_dock", None)):
        if dock is None or not dock.isVisible() or dock.isFloating():
            continue
        areas = [dock.widget(), *dock.widget().findChildren(QScrollArea)]
        if any(isinstance(a, QScrollArea) and a.isVisible()
               and a.horizontalScrollBar().maximum() > 0 for a in areas):
            return True
    return False


def content_width(dock) -> int:
    """The width a dock's content needs (a scroll area's content, not the scroll area's own
    small minimum)."""
    w = dock.widget()
    if isinstance(w, QScrollArea) and w.widget() is not None:
        return (w.widget().minimumSizeHint().width() + w.verticalScrollBar().sizeHint().width()
                + 2 * w.frameWidth() + 4)
    return dock.minimumSizeHint().width()


def fit_scroll_width(w) -> None:
    """A scenario panel that scrolls only vertically gets a horizontal scroll bar when a small
    window makes its dock narrower than its content (which was cut off at the right, with
    nothing to say so); at usual sizes none shows."""
    if isinstance(w, QScrollArea) and \
            w.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff:
        w.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)


def scrolling(panel: QWidget) -> QScrollArea:
    """The scenario panel in a scroll area (itself when it is one already): in a short
    window its text keeps the height it needs and the panel scrolls (the explanations were
    cut off mid-sentence, squeezed by the controls below them)."""
    for form in panel.findChildren(QFormLayout):   # narrow: a long row's field goes below
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    if isinstance(panel, QScrollArea):
        fit_scroll_width(panel)
        return panel
    return _scrolling(panel, "scenarioPanelScroll")


def plots_scrolling(plots: QWidget) -> QWidget:
    """The plots panel in a scroll area that scrolls it up and down (itself when it holds
    its own): a short dock scrolls what its plots' least heights do not fit instead of
    growing the window (softmax's three plots at 200 % asked for 621 px, and held a
    1280×720 window 754 px tall, its status line off the screen)."""
    if isinstance(plots, QScrollArea) or any(
            isinstance(page, QScrollArea) for page in plots.children()):
        return plots          # (XOR's page stack: each page scrolls its own)
    return _scrolling(plots, "plotsPanelScroll")


def _scrolling(widget: QWidget, name: str) -> QScrollArea:
    """A frameless scroll area called `name` holding widget at its width."""
    area = QScrollArea()
    area.setObjectName(name)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    area.setWidget(widget)
    return area


def spin_ranges(panel) -> None:
    """Each number box's tooltip says the range it takes, and the box says why when it
    refuses what is typed (range_guard): typed out of range, a keystroke was dropped
    (150 became 15) or the value brought back into range, and the teacher saw no reason."""
    from PySide6.QtWidgets import QDoubleSpinBox, QSpinBox

    from .range_guard import guard, range_text
    for box in panel.findChildren(QSpinBox) + panel.findChildren(QDoubleSpinBox):
        note = range_text(box)
        tip = box.toolTip()
        if note not in tip:
            box.setToolTip(f"{tip} ({note})" if tip else note[0].upper() + note[1:])
        guard(box)


COMBO_CHARS = 14       # a panel's combo boxes are at least this many characters wide


def narrow_combos(panel) -> None:
    """A panel's combo boxes no longer hold it as wide as their longest choice (one long
    model name made the gradient-descent panel 523 px wide, the window 1191 px): see
    narrow_combo. Called again after a zoom, their least widths follow the new type."""
    for box in panel.findChildren(QComboBox):
        narrow_combo(box, box.property("narrowChars") or COMBO_CHARS)


def narrow_combo(box, chars: int = COMBO_CHARS) -> None:
    """The combo box is `chars` characters wide at least, grows with its layout, shows its
    choice shortened when narrow and every choice in full when opened."""
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(chars)
    fm = box.fontMetrics()
    # (a combo box keeps the minimum size hint it first computed, whatever the type: a
    # minimum width is what the layouts then use instead, set anew at each zoom: one set
    # at 250 % held the panel 418 px wide at 100 %, and the first hint, at 100 %, let a
    # box show four letters at 250 %)
    least = fm.horizontalAdvance("x" * chars) + 2 * fm.height()
    ours = box.property("narrowWidth")
    if ours is not None and box.minimumWidth() in (0, ours):
        box.setMinimumWidth(least)             # a zoom since: the new type's width
        box.setProperty("narrowWidth", least)
    elif ours is None and box.minimumWidth() == 0:
        if box.minimumSizeHint().width() > least:
            box.setMinimumWidth(least)
        box.setProperty("narrowWidth", box.minimumWidth())
    box.setProperty("narrowChars", chars)
    longest = max((fm.horizontalAdvance(box.itemText(i)) for i in range(box.count())),
                  default=0)
    box.view().setMinimumWidth(longest + 2 * fm.height())
    elide_choice(box)


def elide_choice(box: QComboBox) -> None:
    """The box shows its choice shortened with "…" when too narrow for it (not cut off)."""
    if not box.isEditable() and not box.property("elides"):
        box.setProperty("elides", True)
        box.installEventFilter(_ELIDED)


class _ElidedChoice(QObject):
    """Paints a combo box's choice shortened with "…" when the box is too narrow for it
    (Qt cuts it off mid-letter): QComboBox's own painting, with the text elided."""

    def eventFilter(self, box, event):
        if event.type() != QEvent.Type.Paint:
            return False
        p = QStylePainter(box)
        opt = QStyleOptionComboBox()
        box.initStyleOption(opt)
        p.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, opt)
        field = box.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, opt,
                                           QStyle.SubControl.SC_ComboBoxEditField, box)
        width = field.width() - (opt.iconSize.width() + 4 if not opt.currentIcon.isNull() else 0)
        opt.currentText = box.fontMetrics().elidedText(opt.currentText,
                                                       Qt.TextElideMode.ElideRight, width)
        p.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, opt)
        p.end()
        return True


_ELIDED = _ElidedChoice()


class _WholeText(QObject):
    """Keeps a word-wrapped label at least as high as its text needs at its width."""

    def eventFilter(self, label, event):
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.FontChange,
                            QEvent.Type.StyleChange) and label.isVisible():
            old = label.minimumHeight()
            label.setMinimumHeight(0)    # QLabel.heightForWidth answers at least the minimum
            need = label.heightForWidth(label.width())
            label.setMinimumHeight(need if need > 0 else old)
        return False


def keep_text_whole(label) -> None:
    """A word-wrapped label that a short window must not cut: its minimum height follows
    the height its text needs at its current width, so the layout squeezes its neighbours
    (a plot, a scroll area) instead of cutting its last lines off."""
    label.installEventFilter(_WholeText(label))


class _FitsItself(QWidget):
    """A row that arranges its widgets anew (fit) on a resize and on new type or content."""

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self.fit()

    def event(self, event):
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange,
                            QEvent.Type.LayoutRequest):
            self.fit()
        return super().event(event)

    def fit(self):
        raise NotImplementedError


class WrapRow(_FitsItself):
    """Widgets side by side, or one under the other when the row is too narrow for them
    (two check boxes under a plot: the second one's label was cut off at the window's edge
    in projector type)."""

    def __init__(self, widgets, parent=None):
        super().__init__(parent)
        self.widgets = list(widgets)
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        for w in self.widgets:
            self.box.addWidget(w)
        self.box.addStretch(1)

    def row_width(self) -> int:
        shown = [w for w in self.widgets if not w.isHidden()]
        return sum(w.sizeHint().width() for w in shown) + \
            self.box.spacing() * max(0, len(shown) - 1)

    def minimumSizeHint(self) -> QSize:
        width = max((w.minimumSizeHint().width() for w in self.widgets if not w.isHidden()),
                    default=0)      # (a hidden box, e.g. no test data, takes no room)
        return QSize(width, super().minimumSizeHint().height())

    def fit(self):
        side = self.row_width() <= self.width()
        direction = QBoxLayout.Direction.LeftToRight if side else \
            QBoxLayout.Direction.TopToBottom
        if self.box.direction() != direction:
            self.box.setDirection(direction)


class FlowRow(_FitsItself):
    """Buttons in rows that wrap like words: as many side by side as the width takes, each
    row filling the width (a grid of three preset buttons held the McCulloch–Pitts panel
    616 px wide at 250 %, in a 498-px dock: every paragraph above was cut at its edge)."""

    def __init__(self, widgets, parent=None):
        super().__init__(parent)
        self.widgets = list(widgets)
        self.rows = QVBoxLayout(self)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self._split: list[list[QWidget]] | None = None
        for w in self.widgets:
            w.setParent(self)
        self.fit()

    def minimumSizeHint(self) -> QSize:
        width = max((w.minimumSizeHint().width() for w in self.widgets if not w.isHidden()),
                    default=0)
        return QSize(width, super().minimumSizeHint().height())

    def split(self, width: int) -> list[list[QWidget]]:
        """The widgets in rows: each row as many as fit in `width` at their size hints."""
        gap = max(self.rows.spacing(), 0)
        rows: list[list[QWidget]] = [[]]
        used = 0
        for w in self.widgets:
            if w.isHidden():          # (takes no room: an input the unit does not have)
                rows[-1].append(w)
                continue
            need = w.sizeHint().width()
            if used and used + gap + need > width:
                rows.append([])
                used = 0
            used += need + (gap if rows[-1] else 0)
            rows[-1].append(w)
        return rows

    def fit(self):
        split = self.split(self.width())
        if split == self._split:
            return
        self._split = split
        while self.rows.count():
            row = self.rows.takeAt(0).layout()
            while row is not None and row.count():
                row.takeAt(0)
            if row is not None:
                row.deleteLater()
        for widgets in split:
            row = QHBoxLayout()
            for w in widgets:
                row.addWidget(w)
            self.rows.addLayout(row)
