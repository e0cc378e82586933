"""Provenance boxes: where on the page a record is printed, one rectangle per page it spans.

A record's box on a page is the union of the rectangles of its parts on that page (its lines,
or the cells of a table); parts without a page (converter Markdown) give no box.
"""

from __future__ import annotations

from collections.abc import Iterable

from extract.models import Line, PageBox


def union_boxes(boxes: Iterable[PageBox]) -> tuple[PageBox, ...]:
    """One box per page: the smallest rectangle holding all given boxes on that page."""
    by_page: dict[int, PageBox] = {}
    for b in boxes:
        old = by_page.get(b.page)
        by_page[b.page] = (
            b
            if old is None
            else PageBox(
                b.page,
                min(old.x0, b.x0),
                min(old.top, b.top),
                max(old.x1, b.x1),
                max(old.bottom, b.bottom),
            )
        )
    return tuple(by_page[p] for p in sorted(by_page))


def line_boxes(lines: Iterable[Line]) -> tuple[PageBox, ...]:
    """Boxes of the lines of a record, merged per page (lines without a page are skipped)."""
    return union_boxes(
        PageBox(ln.page, ln.x0, ln.top, ln.x1, ln.bottom) for ln in lines if ln.page is not None
    )


def box_rows(boxes: Iterable[PageBox]) -> list[dict]:
    """The `boxes` column value: rounded to 0.01 pt."""
    return [
        {
            "page": b.page,
            "x0": round(b.x0, 2),
            "top": round(b.top, 2),
            "x1": round(b.x1, 2),
            "bottom": round(b.bottom, 2),
        }
        for b in boxes
    ]
