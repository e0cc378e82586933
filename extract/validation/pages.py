"""Checks for structure damage: pages out of place, repeated or foreign.

A PDF with a page lost, repeated, shuffled or appended from another document still extracts,
but its tables then describe a different document than the one printed.  These checks look
for the traces such damage leaves: printed page numbers that skip or repeat, attachment pages
that hold no work-schedule table, and measures whose numbers run backwards.  They are warnings:
the rows are still what the PDF says.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import pairwise

import pandas as pd

from extract.validation.report import WARNING, Finding
from extract.validation.values import as_int, as_text, is_null


def _warning(code: str, message: str, items: list) -> list[Finding]:
    """One warning listing `items`, or none when there are no items."""
    return [Finding(WARNING, code, message, tuple(items))] if items else []


def _numeric_labels(pages: pd.DataFrame) -> list[tuple[int, int]]:
    """(physical page, printed number) of every page whose label is a plain number."""
    out = []
    for page, label in zip(pages["page"], pages["label"], strict=True):
        text = as_text(label)
        if text and text.isdigit() and as_int(page) is not None:
            out.append((as_int(page), int(text)))
    return sorted(out)


def check_page_labels(t: Mapping[str, pd.DataFrame]) -> list[Finding]:
    """Printed page numbers go up by as many as the physical pages do: none skips or repeats."""
    pages = t.get("pages")
    if pages is None or pages.empty or "label" not in pages.columns:
        return []
    skipped, repeated = [], []
    labelled = _numeric_labels(pages)
    for (p1, l1), (p2, l2) in pairwise(labelled):
        item = {"page": p2, "label": str(l2), "previous_page": p1, "previous_label": str(l1)}
        if l2 <= l1:
            repeated.append(item)
        elif l2 - l1 > p2 - p1:
            skipped.append(item)
    return [
        *_warning(
            "page_label_repeat",
            "printed page numbers repeat or run backwards (pages duplicated or out of order?)",
            repeated,
        ),
        *_warning("page_label_skip", "printed page numbers skip ahead (pages missing?)", skipped),
    ]


def check_attachment_pages(t: Mapping[str, pd.DataFrame]) -> list[Finding]:
    """Every page of the attachment holds (part of) a work-schedule table."""
    pages, schedules = t.get("pages"), t.get("schedules")
    if pages is None or schedules is None or pages.empty or "section" not in pages.columns:
        return []
    covered: set[int] = set()
    for start, end in zip(schedules["page_start"], schedules["page_end"], strict=True):
        if not is_null(start):
            covered.update(range(as_int(start), as_int(end if not is_null(end) else start) + 1))
    empty = [
        as_int(p)
        for p, section in zip(pages["page"], pages["section"], strict=True)
        if section == "attachment" and as_int(p) not in covered
    ]
    return _warning(
        "attachment_page_without_table",
        "pages after the start of the attachment hold no work-schedule table "
        "(a foreign page appended?)",
        empty,
    )


def check_measure_order(t: Mapping[str, pd.DataFrame]) -> list[Finding]:
    """Measures appear in the document in increasing number order."""
    m = t["measures"]
    nums = [as_int(n) for n in m["measure_no"]]
    pages = list(m["page_start"]) if "page_start" in m.columns else [None] * len(nums)
    backwards = [
        {"measure_no": b, "after": a, "page": as_int(page)}
        for (a, b), page in zip(pairwise(nums), pages[1:], strict=True)
        if a is not None and b is not None and b < a
    ]
    return _warning(
        "measure_out_of_order",
        "measures numbered out of sequence in reading order (pages shuffled?)",
        backwards,
    )
