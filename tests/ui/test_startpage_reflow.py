"""The start page's cards wrap into as many columns as fit the window (4, 3, 2, 1): a
fixed four-column grid scrolled sideways below ~1150 px and cut the fourth column and the
intro text at 1024×600. The columns are equally wide, so that in a row of cards the
pictures and the titles line up."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint


@pytest.fixture
def window(main_window):
    main_window.resize(1600, 1000)
    return main_window


def _rows(page):
    """The cards' rows, top to bottom: lists of cards, left to right."""
    rows: dict[int, list] = {}
    for card in page.cards.values():
        top = card.mapTo(page.widget(), QPoint(0, 0)).y()
        rows.setdefault(top, []).append(card)
    return [sorted(r, key=lambda c: c.x()) for _y, r in sorted(rows.items())]


@pytest.mark.parametrize("size, columns", [((1600, 1000), 4), ((1280, 720), 4),
                                           ((1024, 600), 3), ((800, 600), 2),
                                           ((480, 600), 1)])
def test_cards_wrap_to_the_width_without_sideways_scrolling(window, qtbot, size, columns):
    page = window.start_page
    window.resize(*size)
    qtbot.waitUntil(lambda: len(_rows(page)[0]) == columns, timeout=3000)
    qtbot.wait(50)
    rows = _rows(page)
    assert [len(r) for r in rows[:-1]] == [columns] * (len(rows) - 1)
    assert not page.horizontalScrollBar().isVisible()
    view = page.viewport().width()
    assert page.widget().width() <= view, (page.widget().width(), view)
    for card in page.cards.values():                  # every card whole, side to side
        left = card.mapTo(page.viewport(), QPoint(0, 0)).x()
        assert left >= 0 and left + card.width() <= view, (card.name, left, card.width())
    heading = page.heading                            # the intro text wraps, never cut
    assert heading.mapTo(page.viewport(), QPoint(0, 0)).x() + heading.width() <= view
    assert heading.height() >= heading.heightForWidth(heading.width()) - 2
    widths = {card.width() for card in page.cards.values()}   # equal columns
    assert max(widths) - min(widths) <= 1, widths
    for row in rows:                                  # titles in a row at one height
        tops = {card.title.mapTo(page.widget(), QPoint(0, 0)).y() for card in row}
        assert max(tops) - min(tops) <= 1, [c.name for c in row]


def test_cards_wrap_again_when_the_window_grows(window, qtbot):
    page = window.start_page
    window.resize(800, 600)
    qtbot.waitUntil(lambda: len(_rows(page)[0]) == 2, timeout=3000)
    window.resize(1600, 1000)
    qtbot.waitUntil(lambda: len(_rows(page)[0]) == 4, timeout=3000)
    assert list(page.cards) == [c.name for row in _rows(page) for c in row]   # in order
