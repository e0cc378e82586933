"""Provenance boxes of work-schedule tables, derived from the geometry of their cells.

On each page a table spans, its box starts as the union of its fiscal-year cells; it grows
to the ruling lines and words level with those cells (the policy and KPI columns, the year
header), and on the table's first page upwards to everything between the previous table on
that page (or the top of the page) and the cells: the section labels, title, 5-year goal and
outline. A page of the table without cells (a title page, a page of a long form row) gets the
box of all its content below the previous table. Nothing here depends on one PDF's layout:
only on which rectangles the cells occupy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from extract.boxes import union_boxes
from extract.models import PageBox, PageData
from extract.tables.geometry import TOUCH
from extract.tables.models import Schedule

# A graphic covering this share of the page's height or width is a page frame or background,
# not part of any table: it would stretch every box to the whole page.
FRAME_SHARE = 0.9


def _items(page: PageData) -> list[PageBox]:
    """Words and graphics of a page as boxes, without page-sized frames."""
    out = [PageBox(page.page, w.x0, w.top, w.x1, w.bottom) for w in page.words if w.text.strip()]
    for g in page.graphics:
        if g.bottom - g.top < FRAME_SHARE * page.height or g.x1 - g.x0 < FRAME_SHARE * page.width:
            out.append(PageBox(page.page, g.x0, g.top, g.x1, g.bottom))
    return out


# Items that touch the band's edge belong to it (the year-header rectangle sits exactly on the
# cells below it); readers place the same edge a few hundredths of a point apart, so touching is
# decided with the stage's one absolute slack (geometry.TOUCH), not by the sign of a rounding
# difference.


def _band(items: Sequence[PageBox], top: float, bottom: float) -> list[PageBox]:
    """Items overlapping or touching the horizontal band top..bottom."""
    return [b for b in items if b.top < bottom + TOUCH and b.bottom > top - TOUCH]


def _between(items: Sequence[PageBox], top: float, bottom: float) -> list[PageBox]:
    """Items whose vertical centre lies strictly between top and bottom."""
    return [b for b in items if top < (b.top + b.bottom) / 2 < bottom]


def _cell_box(s: Schedule, page: int) -> PageBox | None:
    boxes = [PageBox(page, *c.bbox) for r in s.rows for c in r.cells if c.page == page and c.bbox]
    merged = union_boxes(boxes)
    return merged[0] if merged else None


def schedule_boxes(schedules: Sequence[Schedule], pages: Sequence[PageData]) -> list[Schedule]:
    """The schedules with their `boxes` set (one per page they span)."""
    by_page = {p.page: p for p in pages}
    items = {p.page: _items(p) for p in pages}
    floor: dict[int, float] = {}  # per page: bottom of the last table placed on it
    out = []
    for s in schedules:
        if s.page_start is None or s.page_end is None:
            out.append(s)
            continue
        boxes = []
        for page in range(s.page_start, s.page_end + 1):
            if page not in by_page:
                continue
            box = _page_box(s, page, items[page], floor.get(page, 0.0), by_page[page].height)
            if box is not None:
                boxes.append(box)
                floor[page] = box.bottom
        out.append(replace(s, boxes=tuple(boxes)))
    return out


def _page_box(
    s: Schedule, page: int, items: Sequence[PageBox], ceiling: float, height: float
) -> PageBox | None:
    core = _cell_box(s, page)
    if core is None:
        parts = _between(items, ceiling, height)
    else:
        parts = [core, *_band(items, core.top, core.bottom)]
        if page == s.page_start:
            top = min(b.top for b in parts)
            parts += _between(items, ceiling, top)
    merged = union_boxes(parts)
    return merged[0] if merged else None
