"""Every text in the perceptron's view fits the width it is shown in, at 1024×600 and
1280×720, at 100 %, 150 % and 200 % and in projector mode, step after step.

At 200 % in a 1024×600 window the step's formula had a piece it would not break,
"+ w2·x2 = (−1)·1", wider than the text area: the area does not scroll sideways, so
"< 0," and the ends of the update rows were cut off on the right. The step's text (and
the legend's) now comes in the fullest form whose longest unbreakable piece fits.

The measure here is the text's own (a QTextDocument in the label's type, laid out as
narrow as it goes), not the view's choice of form."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextDocument, QTextOption
from PySide6.QtWidgets import QLabel

from tests.scenarios.perceptron_walk import settled, walk_steps
from tests.ui.screens import in_look

SIZES = [(1024, 600), (1280, 720)]
LOOKS = ["100 %", "150 %", "200 %", "projector"]
RUNS = [  # (settings, steps to look at): whole numbers, then long decimals and bipolar
    ({"data": "and"}, range(0, 9)),
    ({"data": "separable", "seed": 3, "lr": 0.25, "targets": "bipolar",
      "w_init": [0.35, -0.45, 0.125]}, range(0, 30, 3)),
]




def _least_width(label: QLabel) -> float:
    """The width of the label's longest piece of text that may not wrap, in its type."""
    doc = QTextDocument()
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)      # as a label wraps: words whole
    doc.setDefaultTextOption(option)
    doc.setDefaultFont(label.font())
    doc.setDocumentMargin(0)
    doc.setHtml(label.text())
    doc.setTextWidth(1)
    return doc.idealWidth()


def _cut_texts(view) -> list[tuple]:
    """Every visible text in the view that does not fit what shows of it."""
    cut = []
    for label in view.findChildren(QLabel):
        if not label.isVisible() or not label.text():
            continue
        name, rect = label.objectName(), label.contentsRect()
        need = _least_width(label)
        if need > rect.width() + 0.5:                      # wider than its label
            cut.append((name, "piece", round(need), rect.width()))
        # what shows of it: the text area's viewport (it never scrolls sideways) or the view
        area = view.text_area
        clip = area.viewport() if area.isAncestorOf(label) else view
        right = label.mapTo(clip, QPoint(rect.left() + max(rect.width(), round(need)), 0)).x()
        if right > clip.contentsRect().right() + 1:
            cut.append((name, "right", right, clip.contentsRect().right()))
        if label.wordWrap() and label.height() < label.heightForWidth(label.width()) - 1:
            cut.append((name, "height", label.height(), label.heightForWidth(label.width())))
    label = view.w_label            # the weight's label on the plane, inside the plane
    if label.isVisible() and label.textItem.toPlainText():
        box = view.box.sceneBoundingRect().adjusted(-1, -1, 1, 1)
        if not box.contains(label.sceneBoundingRect()):
            cut.append(("w_label", label.sceneBoundingRect(), box))
    return cut


def _settled_cut(view, qtbot) -> list[tuple]:
    """The texts still cut once the view has laid out (the legend moves, and the text
    area's scroll bar shows, from the event queue: give them up to half a second)."""
    return settled(lambda: _cut_texts(view), qtbot, 10, 50)


@pytest.mark.parametrize("look", LOOKS)
@pytest.mark.parametrize("size", SIZES)
def test_every_text_in_the_view_fits_its_width(main_window, qtbot, size, look):
    def check(sc, settings, n):
        cut = _settled_cut(sc.view, qtbot)
        assert not cut, (settings["data"], n, main_window.size().toTuple(), cut,
                         sc.view.formula.text())
    walk_steps(main_window, qtbot, size, look, RUNS, check)


def test_the_step_is_whole_at_200_percent_in_1024_by_600(main_window, qtbot):
    """The case seen: its longest unbreakable piece fits the text area's viewport, so no
    part of the step runs past its right edge."""
    sc = main_window.open_scenario("perceptron")
    with in_look(main_window, (1024, 600), "200 %"):
        qtbot.wait(100)
        sc.run_steps(3)                                 # (1, 0): z = (−1)·1 + 0·1 + 0·0
        qtbot.wait(60)
        view = sc.view
        viewport = view.text_area.viewport()
        need = _least_width(view.formula)             # (the measure is the label's own)
        assert abs(need - view.formula.minimumSizeHint().width()) <= 2
        assert viewport.width() / 2 < need <= viewport.width()
        assert view.text_area.widget().width() <= viewport.width()
        text = view.formula.text().replace("\u00a0", " ")
        assert "x-large" in text and "< 0, so y = <b>0</b>" in text.replace("&lt;", "<")
