"""The playground's plots panel at 250 %: nothing drawn over anything else.

At 250 % on 1280×720 the panel's column (the caption, the input plane with its check
boxes, the training figures, the loss plot) needed ~700 px at the dock's width, but the
dock held it at its layout's minimum without the wrapped labels' extra lines (~450 px):
the plane's "Discretize output" box was drawn over the figures below it. The column now
keeps the height it needs and the panel scrolls.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QLabel, QScrollArea


def _parts(sc) -> dict:
    b = sc.boundary
    caption = b.parentWidget().findChild(QLabel)
    assert caption.text().startswith("<b>Output</b>")
    parts = {"caption": caption, "plane": b.square,
             "discretize": b.discretize_box, "test data": b.test_box,
             "figures": sc.stats_label, "loss": sc.loss_plot}
    return {name: w for name, w in parts.items() if w is not None and w.isVisible()}


def _rect(widget, column) -> QRect:
    return QRect(widget.mapTo(column, QPoint(0, 0)), widget.size())


@pytest.mark.parametrize("size,zoom", [((1280, 720), 2.5), ((1280, 720), 2.0),
                                       ((1920, 1080), 2.5), ((1920, 1080), 1.0)])
def test_the_playground_plots_never_overlap(main_window, qtbot, size, zoom):
    from nnviz.ui import theme
    sc = main_window.open_scenario("mlp")
    main_window.resize(*size)
    theme.manager().set_zoom(zoom)
    try:
        qtbot.wait(120)
        area = main_window.plots_dock.widget()
        column = area.widget() if isinstance(area, QScrollArea) else area
        parts = _parts(sc)
        assert len(parts) == 6, parts
        rects = {name: _rect(w, column) for name, w in parts.items()}
        names = list(rects)
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                assert not rects[a].intersects(rects[b]), (size, zoom, a, rects[a], b, rects[b])
        for name, rect in rects.items():            # nothing cut off at the column's edges
            assert column.rect().contains(rect), (name, rect, column.rect())
        for name in ("caption", "figures"):             # wrapped text: whole
            label = parts[name]
            assert label.heightForWidth(label.width()) <= label.height() + 1, name
        for name in ("discretize", "test data"):        # a check box's text: whole
            box = parts[name]
            text = box.fontMetrics().horizontalAdvance(box.text())
            assert box.width() >= text + box.iconSize().width(), (name, box.text())
        if zoom == 1.0:                                 # room for the whole of it
            assert parts["test data"].text() == "Show test data (strong rims)"
        # what does not fit the dock is reached by scrolling; what fits does not scroll
        assert isinstance(area, QScrollArea)
        need = column.layout().totalMinimumHeightForWidth(column.width())
        assert column.height() >= need
        assert area.verticalScrollBar().isVisible() == (column.height() > area.viewport().height())
        if zoom == 1.0:
            assert not area.verticalScrollBar().isVisible()
            assert not area.horizontalScrollBar().isVisible()
    finally:
        theme.manager().set_zoom(1.0)


def test_the_playground_fits_a_1280x720_screen_at_250_percent(main_window, qtbot):
    """The window's least height at 250 %: within a 1280×720 screen (the formula panel had
    asked for its whole sign-convention note, five lines, and held the window taller)."""
    from nnviz.ui import theme
    main_window.open_scenario("mlp")
    main_window.resize(1280, 720)
    theme.manager().set_zoom(2.5)
    try:
        qtbot.wait(120)
        hint = main_window.minimumSizeHint()
        assert hint.width() <= 1280 and hint.height() <= 720, hint
    finally:
        theme.manager().set_zoom(1.0)
