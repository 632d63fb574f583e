"""Help ▸ Getting started and Help ▸ What the colours mean: one dialog with two tabs.

The getting-started page names the real keys: they are read from the window's actions when
the dialog opens (a changed shortcut cannot leave the page wrong). The colour key paints its
swatches from the current theme on every paint, so it follows a change of theme or palette
while it is open, and says in words what each colour means everywhere in the application.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QLinearGradient, QPainter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from . import theme, window_fit
from .canvas_static import marker
from .canvas_text import flat_pen
from .shortcuts import key_text


def action_keys(action) -> str:
    """The keys of a QAction as the shortcuts sheet writes them ("F5", "Ctrl+Home")."""
    seqs = [s for s in action.shortcuts() if not s.isEmpty()] if action is not None else []
    return " or ".join(key_text(s) for s in seqs)


def _keys(window) -> dict[str, str]:
    """The keys the getting-started page names, from the window's own actions."""
    m, pj, zoom = window.menus, window.projector, window.zoom
    return {
        "start": action_keys(m.start_page_action),
        "controls": action_keys(window.controls_dock.toggleViewAction()),
        "plots": action_keys(window.plots_dock.toggleViewAction()),
        "projector": action_keys(pj.action),
        "leave": action_keys(pj.leave_action),
        "blank": action_keys(pj.blank_action),
        "spotlight": action_keys(pj.spotlight_action),
        "zoom_in": action_keys(zoom.zoom_in),
        "zoom_out": action_keys(zoom.zoom_out),
        "save": action_keys(m.save_action),
        "open": action_keys(m.open_action),
        "sheet": action_keys(m.shortcuts_action),
        "guide": action_keys(m.guide_action),
    }


def getting_started(window) -> list[tuple[str, str]]:
    """(heading, paragraph as rich text) of the getting-started page."""
    k = {name: f"<b>{html.escape(keys)}</b>" for name, keys in _keys(window).items()}
    return [
        ("Pick a scenario",
         "The start page shows the scenarios in the order of the course: the "
         "McCulloch–Pitts unit, Rosenblatt's perceptron and its learning rule, the XOR "
         "problem, then the multi-layer perceptron trained by backpropagation, and the "
         "topics that build on it. Click a card, or choose from the list at the top left. "
         f"Scenario ▸ Start page ({k['start']}) brings the cards back."),
        ("Three areas",
         "On the left, the <b>Scenario panel</b>: what the scenario shows, and its settings "
         f"({k['controls']} shows or hides it). In the middle, the picture: a network, a "
         "plane of points or a loss landscape. On the right, the <b>Plots panel</b>: the "
         f"loss, the accuracy and the like ({k['plots']})."),
        ("Watch one step of learning",
         "<b>▶</b> (Space) plays the next training step slowly, beat by beat: the signal "
         "goes forward unit by unit with its z and a, the outputs are compared with the "
         "targets, the deltas δ travel back, and every weight moves from its old value to "
         "its new one. <b>▶|</b> (Right arrow) shows one beat at a time and <b>◀</b> (Left "
         "arrow) goes back to exactly the earlier numbers. The step-size buttons choose what "
         "one press shows: a unit, a layer, a sample, a batch (one update) or a whole "
         "epoch."),
        ("Watch it learn",
         "<b>▶▶ train</b> (T) runs without the animation: the pictures and plots follow "
         "as fast as the screen redraws, so the class can watch the loss fall and the "
         "boundary take shape. Press it again to stop."),
        ("Look closer",
         "Hover a unit or an edge of a network for its numbers: the weight, its gradient "
         "and its last update; a unit's z, a and δ. Click an edge or a bias to type a new "
         "value, or drag it; everything downstream follows at once."),
        ("Present to a class",
         f"Projector mode ({k['projector']}) fills the screen with large type and strong "
         f"contrast and hides the Scenario panel ({k['controls']} brings it back when you "
         f"need a setting); {k['leave']} leaves it. {k['blank']} blanks "
         f"the screen while you talk, {k['spotlight']} dims everything but the current unit "
         f"or edge, and {k['zoom_in']} / {k['zoom_out']} make all the text larger or "
         "smaller. A presenter clicker's forward and back buttons (Page Down, Page Up) "
         "step the player and the lesson slides."),
        ("Lessons",
         "The Lesson menu holds ready-made lessons: a series of slides, each setting up a "
         "scenario, asking the class what will happen, then showing it. A lesson file "
         "opens like any other file."),
        ("Keep your work",
         f"File ▸ Save ({k['save']}) keeps the scenario with its settings, weights, data "
         f"and history; File ▸ Open ({k['open']}) carries on exactly where you left off. "
         "File ▸ Export saves a picture for slides, the numbers of the current step as a "
         "table (CSV) or an animation."),
        ("Every key",
         f"Help ▸ Keyboard shortcuts ({k['sheet']}) lists every key, and {k['guide']} opens "
         "this page, also in projector mode, where the menus are hidden."),
    ]


# -- the colour key -------------------------------------------------------------------------
# (swatch kind, what it shows, what it means): the same meanings the canvas's legend and the
# plots use
COLOURS = [
    ("ramp", "Orange ← pale → blue",
     "The sign of a number: negative is orange, positive blue, and the paler the colour "
     "the nearer the number is to zero. Weights (edges), activations (unit fills) and "
     "the heatmaps of what a network answers over the plane all use it."),
    ("width", "Thin → wide line", "The size of a weight, |w|: the larger, the wider the edge."),
    ("forward", "Forward", "The forward pass: the signal travelling to the outputs, and z."),
    ("backward", "Backward",
     "The backward pass: the error at the outputs and the deltas δ travelling back."),
    ("update", "Update", "A weight update: the old value sliding to the new one."),
    ("highlight", "Now", "The unit or edge being computed at this moment of the step."),
    ("muted", "Grey", "Not computed yet in this step, or switched off (a dropped unit)."),
    ("classes2", "Two classes",
     "Points of a task with one output take the ends of the palette: blue for class 1, "
     "orange for class 0 (or −1)."),
    ("classes", "Several classes",
     "A task with one output per class (softmax) gives each class its own colour, the same "
     "in every view. Green and pink come first, so that two or three classes never look "
     "like the orange–blue pair of negative and positive."),
    ("test", "Rimmed points", "Test points (Show test data): data the network never learns "
                              "from, drawn with a strong rim."),
]


# a grey's name by its HSL lightness (upper bounds): the muted colour is a mid grey in the
# default themes but near-black in the high-contrast light theme of projector mode, where
# "Grey" beside a black dot had named a colour the key did not show
GREY_WORDS = ((0.2, "Near-black"), (0.35, "Dark grey"), (0.72, "Grey"), (0.9, "Light grey"),
              (1.01, "Near-white"))


def grey_word(colour: QColor) -> str:
    """What a grey looks like, in words ("Grey", "Near-black", …)."""
    light = colour.lightnessF()
    return next(word for top, word in GREY_WORDS if light < top)


def row_name(kind: str, name: str) -> str:
    """A colour key row's name in the current theme: the muted row names its grey."""
    return grey_word(QColor(theme.current().muted)) if kind == "muted" else name


class Swatch(QWidget):
    """A colour key's sample, painted from the current theme (follows a theme change)."""

    def __init__(self, kind: str, parent=None):
        super().__init__(parent)
        self.kind = kind
        self.setObjectName(f"swatch_{kind}")
        self._resize()
        theme.manager().changed.connect(self._resize)

    def _resize(self):
        """96 × 32 px at 100 %, grown with the zoom (projector type) like the text."""
        z = theme.manager().zoom
        self.setFixedSize(QSize(round(96 * z), round(32 * z)))
        self.update()

    def colours(self) -> list[QColor]:
        """The theme colours this swatch shows (for tests and for painting)."""
        t = theme.current()
        kind = self.kind
        if kind == "ramp":
            return [QColor(t.negative), QColor(t.neutral), QColor(t.positive)]
        if kind in ("width", "classes2", "test"):
            return [QColor(t.negative), QColor(t.positive)]
        if kind == "classes":
            return theme.class_colours(3, t)
        return [QColor(getattr(t, kind))]

    def paintEvent(self, event):
        t = theme.current()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        r = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        p.fillRect(r, QColor(t.background))
        cols, mid, h = self.colours(), r.center(), r.height()
        if self.kind == "ramp":
            g = QLinearGradient(r.left() + 10, 0, r.right() - 10, 0)   # pure ends
            for at, c in zip((0.0, 0.5, 1.0), cols):
                g.setColorAt(at, c)
            p.fillRect(r.adjusted(4, h * 0.25, -4, -h * 0.25), g)
        elif self.kind == "width":
            for k, (c, w) in enumerate(zip(cols, (1.5, 7.0))):
                y = r.top() + h * (0.3 + 0.4 * k)
                p.setPen(flat_pen(c, w))
                p.drawLine(QPointF(r.left() + 6, y), QPointF(r.right() - 6, y))
        elif self.kind in ("classes2", "classes", "test"):
            step = r.width() / (len(cols) + 1)
            for k, c in enumerate(cols):
                at = QPointF(r.left() + step * (k + 1), mid.y())
                p.setPen(flat_pen(QColor(t.text), 3.0) if self.kind == "test"
                         else Qt.PenStyle.NoPen)
                p.setBrush(c)
                p.drawEllipse(at, h * 0.28, h * 0.28)
        else:
            shape = {"forward": "dot", "backward": "diamond", "update": "line",
                     "highlight": "ring"}.get(self.kind, "dot")
            marker(p, cols[0], mid, h * 0.26, shape)
        p.end()


class GuideDialog(QDialog):
    """Getting started and the colour key, as two tabs (non-modal, like the shortcuts
    sheet: it can stay open beside the window)."""

    def __init__(self, window):
        super().__init__(window)
        self.setObjectName("guide_dialog")
        self.setWindowTitle("nnviz — getting started")
        self.window_ = window
        self.tabs = QTabWidget(self)
        self.start_label = _label("", self, "guide_start")
        self._write_start()
        self.tabs.addTab(_scrolled(self.start_label, self), "Getting started")
        key = QWidget(self)
        grid = QGridLayout(key)
        grid.setColumnStretch(2, 1)
        self.swatches: dict[str, Swatch] = {}
        self.names: dict[str, QLabel] = {}
        for row, (kind, _name, meaning) in enumerate(COLOURS):
            sw = self.swatches[kind] = Swatch(kind, key)
            grid.addWidget(sw, row, 0, Qt.AlignmentFlag.AlignTop)
            self.names[kind] = _label("", key)
            grid.addWidget(self.names[kind], row, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(_label(html.escape(meaning), key), row, 2, Qt.AlignmentFlag.AlignTop)
        grid.setRowStretch(len(COLOURS), 1)
        self.tabs.addTab(_scrolled(key, self), "What the colours mean")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self._fit()
        theme.manager().changed.connect(self._fit)

    def _name_rows(self):
        """The rows' names, for the current theme (see row_name)."""
        for kind, name, _meaning in COLOURS:
            self.names[kind].setText(f"<b>{html.escape(row_name(kind, name))}</b>")

    def _fit(self):
        """720 × 600 px at 100 %, grown with the zoom, within the screen (at 200 % the colour
        key had shown one and a half entries in a narrow column); the rows' names for the
        theme."""
        self._name_rows()
        window_fit.fit_dialog(self, 720, 600)

    def _write_start(self):
        self.sections = getting_started(self.window_)
        self.start_label.setText("".join(f"<h3>{html.escape(h)}</h3><p>{body}</p>"
                                         for h, body in self.sections))

    def show_page(self, page: int):
        """Show a tab (START_PAGE or COLOUR_PAGE), the keys read again from the actions."""
        self._write_start()
        self.tabs.setCurrentIndex(page)


def _label(text: str, parent, name: str = "") -> QLabel:
    label = QLabel(text, parent)
    if name:
        label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _scrolled(widget: QWidget, parent) -> QScrollArea:
    scroll = QScrollArea(parent)
    scroll.setWidget(widget)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return scroll


START_PAGE, COLOUR_PAGE = 0, 1

__all__ = ["COLOURS", "COLOUR_PAGE", "GuideDialog", "START_PAGE", "Swatch", "action_keys",
           "getting_started", "grey_word", "row_name"]
