"""PageStack: a stacked widget as small as the page it shows.

QStackedWidget asks for the largest size any of its pages wants, and lays out only the
page it shows: a hidden page keeps the arrangement it had when it was built (a plots
page stacked for a narrow panel wanted 600 px of height, so the XOR window asked for
736 px on a 1280×720 projector). A PageStack asks only for the shown page's sizes, and
keeps its hidden pages at its own size, arranged for it: a hidden page gets its resize
event only when it shows, after Qt has laid out the window for it as it was (the XOR
plots, still stacked, made the window grow to 736 px before they went side by side).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QApplication, QStackedWidget, QWidget


class PageStack(QStackedWidget):
    """A QStackedWidget whose size hints are those of its current page."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.currentChanged.connect(self.updateGeometry)

    def event(self, event):
        """A page's size hints changed (its updateGeometry reached only this stack's own
        layout): so did this stack's, tell the layout it sits in. Its dock had kept the
        least width of a zoom since undone: at 175 % after a refused 250 %, XOR's plots
        held 543 px where 438 were enough, and the scenario panel had to scroll sideways."""
        done = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return done

    def resizeEvent(self, event):
        super().resizeEvent(event)
        rect = self.contentsRect()
        for i in range(self.count()):
            page = self.widget(i)
            if page is not self.currentWidget() and page.size() != rect.size():
                old = page.size()
                page.setGeometry(rect)
                QApplication.sendEvent(page, QResizeEvent(rect.size(), old))

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        if page is None:
            return super().minimumSizeHint()
        return page.minimumSizeHint().expandedTo(page.minimumSize())


def formula_give(view: QWidget) -> int:
    """How much of their height the view's formula panels may give up: a panel takes the
    room its neighbours leave (in a splitter or a plain layout, its margins counted:
    FormulaPanel.others_need), down to one line (FormulaPanel.height_for)."""
    from .formula import FormulaPanel, _px
    give = 0
    for panel in view.findChildren(FormulaPanel):
        if panel.isVisible():
            give += max(0, panel.height() - panel.height_for(0, _px(), 0)[0])
    return give


class ViewStack(PageStack):
    """The main window's centre under the lesson bar: the start page or a scenario's view.
    Its least height is the view's with its formula panels at their least (formula_give):
    a panel's height is a share of what its view gets (one height, idle or stepping), so
    counted whole it held the view at that height, and the lesson bar above, the slide's
    text, gave way to an idle panel's empty lines (XOR at 1280×720 in projector type)."""

    def minimumSizeHint(self) -> QSize:
        size = super().minimumSizeHint()
        page = self.currentWidget()
        if page is not None:
            size.setHeight(max(0, size.height() - formula_give(page)))
        return size
