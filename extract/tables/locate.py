"""Where the work-schedule attachment starts, when the structure stage has not said so.

Reads the layout stage's output: words from `layout.raw.pages`, orientation from `layout.pages`.
"""

from __future__ import annotations

from extract.models import LayoutDocument, PageData
from extract.tables.columns import is_header_line
from extract.tables.text import group_lines
from extract.wording import matches


def has_header(page: PageData) -> bool:
    return any(is_header_line(ln) for ln in group_lines(page.words))


def find_start(layout: LayoutDocument) -> int | None:
    """First page with the attachment heading that also holds a table (so the contents page,
    which names the heading too, does not count); else the first landscape page with a
    fiscal-year header row; else the first page with such a row."""
    pages = list(zip(layout.raw.pages, layout.pages, strict=True))
    for page, laid in pages:
        lines = group_lines(page.words)
        if any(matches("attachment_heading", ln.text) for ln in lines) and (
            laid.orientation == "landscape" or any(is_header_line(ln) for ln in lines)
        ):
            return page.page
    for wanted in ("landscape", None):
        for page, laid in pages:
            if (wanted is None or laid.orientation == wanted) and has_header(page):
                return page.page
    return None


def attachment_pages(layout: LayoutDocument, start_page: int | None) -> list[PageData]:
    """Pages from the start of the attachment to its end (the last page of the document)."""
    start = start_page if start_page is not None else find_start(layout)
    if start is None:
        return []
    return [p for p in layout.raw.pages if p.page >= start]
