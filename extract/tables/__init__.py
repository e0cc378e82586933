"""Tables stage: the "Work Schedule for Specific Measures" attachment as schedules, cells, KPIs.

`extract_schedules(layout)` is a pure function of the layout stage's `LayoutDocument` (words and
vector graphics from `layout.raw.pages`, as the reader gives them; each page's printed label and
orientation from `layout.pages`, never recomputed here) and, for pages without vector rules, of
the rule finder the caller hands in (`camelot_finder(path)`: camelot reads only the pages it is
asked about); the tables' own line grouping (`extract.tables.text`) still groups the words of
each cell, which the page's layout lines cannot give;
`schedule_rows(result, edition)` turns its result into rows for the three Parquet tables
declared in `schemas/schedules.py`.
"""

from __future__ import annotations

from dataclasses import replace

from extract.models import LayoutDocument, PageData
from extract.tables.assemble import assemble
from extract.tables.boxes import schedule_boxes
from extract.tables.camelot_rules import RuleFinder, camelot_finder
from extract.tables.geometry import segments
from extract.tables.ids import assign_ids
from extract.tables.locate import attachment_pages, has_header
from extract.tables.models import Kpi, Schedule, ScheduleCell, ScheduleRow, ScheduleSet
from extract.tables.page_scan import drop_running_heads, scan_page
from extract.tables.rows import schedule_rows
from extract.tables.text import lowercase_vocabulary

__all__ = [
    "Kpi",
    "Schedule",
    "ScheduleCell",
    "ScheduleRow",
    "ScheduleSet",
    "camelot_finder",
    "extract_schedules",
    "schedule_rows",
]


def extract_schedules(
    layout: LayoutDocument,
    start_page: int | None = None,
    *,
    rules: str = "auto",
    find_rules: RuleFinder | None = None,
) -> ScheduleSet:
    """Every work-schedule table of the attachment starting at `start_page` (found if None).

    `rules` says where ruling lines come from: "vector" (the PDF's drawing operations, as
    pdfplumber reads them), "camelot" (`find_rules`' lines, e.g. camelot's image-based
    lattice detection, replacing the vector graphics), or "auto": vector graphics, with
    `find_rules` for pages that show a table header but carry no vector rules. Without
    `find_rules`, "auto" keeps such pages as they are and nothing but `layout` is read.
    """
    pages = attachment_pages(layout, start_page)
    if not pages:
        return ScheduleSet(schedules=(), attachment_page=None)
    pages, method = with_rules(pages, rules, find_rules)
    scanned = []
    header = None
    vocab = lowercase_vocabulary(w for p in layout.raw.pages for w in p.words)
    laid = {p.page: p for p in layout.pages}
    for i, page in enumerate(pages):
        sp = scan_page(page, laid[page.page], header, drop_heading=i == 0, vocab=vocab)
        headers = [e.header for e in sp.elements if e.kind == "body" and e.header is not None]
        if headers:
            header = headers[-1]
        scanned.append(sp)
    schedules = schedule_boxes(assign_ids(assemble(drop_running_heads(scanned))), pages)
    return ScheduleSet(schedules=tuple(schedules), attachment_page=pages[0].page, method=method)


def with_rules(
    pages: list[PageData], rules: str, find_rules: RuleFinder | None
) -> tuple[list[PageData], str]:
    """Pages with the ruling lines the chosen method gives (see `extract_schedules`)."""
    if rules not in ("auto", "vector", "camelot"):
        raise ValueError(f"unknown rules source {rules!r}")
    if rules == "camelot" and find_rules is None:
        raise ValueError("rules='camelot' needs find_rules (e.g. camelot_finder(path))")
    if rules == "vector" or find_rules is None:
        return pages, "pdfplumber"
    if rules == "camelot":
        wanted = [p.page for p in pages]
    else:
        wanted = [p.page for p in pages if not segments(p.graphics) and has_header(p)]
    if not wanted:
        return pages, "pdfplumber"
    found = find_rules(wanted, {p.page: p.height for p in pages})
    out = []
    for p in pages:
        if p.page in wanted:
            keep = () if rules == "camelot" else p.graphics
            p = replace(p, graphics=keep + found.get(p.page, ()))
        out.append(p)
    return out, "camelot" if rules == "camelot" else "pdfplumber+camelot"
