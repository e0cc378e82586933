"""Which measures each fiscal-year cell and KPI of a work-schedule table belongs to.

A table whose title names several measures ("<48>, <49>, <50> (<14>), <51>, and <52>") rarely
tags its FY cells; it tags the lines of the "Specific policies" column instead. So a cell or KPI
is attributed at the finest level the page prints, in this order:

* ``cell``: the cell (or KPI item) carries tags itself;
* ``policy``: the row's policy cell carries tags, and they can be placed on the row: the policy
  cell covers this row only, or holds one tagged item (it applies to every row it spans), or
  (several tagged items in a cell spanning rows) each item is printed level with one row, by
  geometry, and one of them is level with this row;
* ``title``: the table covers a single measure;
* ``table``: all the title's measures, when nothing finer is printed or it cannot be placed
  (items packed at the top of a spanning cell, straddling row boundaries, say nothing about
  which row they describe; guessing from their order would be a guess).

A KPI cell spanning rows gets the union of the policy attributions of its rows. Nothing here
knows any table's content: only tags, row spans and where lines are printed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from extract.tables.models import PolicyLine, Schedule, ScheduleRow
from extract.tables.text import TAG, title_refs

# Tags followed by nothing but separators end a tagged item ("... schools <48>", "<37>, and
# <39>", "programs<50> (<14>)").
_TAIL = re.compile(r"^[\s,.;:)(]*(?:and\b|or\b)?[\s,.;:)(]*$")
# How far (in line heights of the item's own lines) a tagged item may stick out of a row's band
# and still be level with it: the band starts at the row's first cell, and an arrow cell sits
# inset in its row, so a policy line printed level with the row may start a little above it.
# 0.45 of the fixtures' 9 pt lines is 4 pt, the tolerance used before.
LEVEL_TOLERANCE = 0.45

Band = tuple[int | None, float, float]  # page, top, bottom of a row on one page


def member_tags(text: str) -> tuple[int, ...]:
    """Tags of measures the text is about: parenthesised references '(<14>)' excluded."""
    return title_refs(text)[0]


def _ends_item(text: str) -> bool:
    """A line closes a tagged item when only separators follow its last member tag."""
    last = None
    for m in TAG.finditer(text):
        last = m
    if last is None or not member_tags(text):
        return False
    rest = re.sub(r"\(\s*<[^)]*\)", " ", text[last.end() :])
    return bool(_TAIL.match(rest))


def _is_tags_only(lines: Sequence[PolicyLine]) -> bool:
    text = TAG.sub(" ", " ".join(ln.text for ln in lines))
    return not re.sub(r"\band\b|\bor\b|[\s,.;:()]", "", text)


def tagged_items(lines: Sequence[PolicyLine]) -> list[list[PolicyLine]]:
    """Consecutive policy lines up to each line that closes a tagged item.

    A run of lines holding only tags continues the item above ("... Children <35>," then
    "<37>, and <39>"); untagged lines after the last tag belong to no item.
    """
    items: list[list[PolicyLine]] = []
    current: list[PolicyLine] = []
    for ln in lines:
        current.append(ln)
        if _ends_item(ln.text):
            if items and _is_tags_only(current):
                items[-1].extend(current)
            else:
                items.append(current)
            current = []
    return items


def _text_items(text: str) -> int:
    """Number of separately tagged items in a policy text without geometry: tags separated
    by words (other than 'and'/'or') belong to different items."""
    tags = list(TAG.finditer(text))
    gaps = [text[a.end() : b.start()] for a, b in zip(tags, tags[1:], strict=False)]
    return (1 if tags else 0) + sum(
        1 for g in gaps if re.search(r"\b(?!and\b|or\b)[A-Za-z]{2,}", g)
    )


def _bands(rows: Sequence[ScheduleRow]) -> dict[int, list[Band]]:
    """Each row's vertical band on each page: from its cells' top to the next row's top."""
    tops: dict[int, dict[int | None, float]] = {}
    for row in rows:
        for c in row.cells:
            if c.bbox is None:
                continue
            page_tops = tops.setdefault(row.row_index, {})
            page_tops[c.page] = min(page_tops.get(c.page, c.bbox[1]), c.bbox[1])
    bands: dict[int, list[Band]] = {}
    for row in rows:
        for page, top in tops.get(row.row_index, {}).items():
            below = [
                t
                for r in rows
                if r.row_index > row.row_index
                for p, t in tops.get(r.row_index, {}).items()
                if p == page and t > top
            ]
            bands.setdefault(row.row_index, []).append((page, top, min(below, default=1e9)))
    return bands


def _level_row(item: Sequence[PolicyLine], bands: dict[int, list[Band]], span: range) -> int | None:
    """The row (within `span`) whose band holds the whole item, or None if it straddles."""
    page = item[0].page
    top, bottom = min(ln.top for ln in item), max(ln.bottom for ln in item)
    if any(ln.page != page for ln in item):
        return None
    tol = LEVEL_TOLERANCE * max(ln.bottom - ln.top for ln in item)
    for r in span:
        for p, b_top, b_bottom in bands.get(r, ()):
            if p == page and top >= b_top - tol and bottom <= b_bottom + tol:
                return r
    return None


def _policy_spans(rows: Sequence[ScheduleRow]) -> list[range]:
    """Row ranges covered by one policy cell (an inherited policy continues the one above)."""
    spans: list[range] = []
    for row in rows:
        if spans and row.policy_inherited:
            spans[-1] = range(spans[-1].start, row.row_index + 1)
        else:
            spans.append(range(row.row_index, row.row_index + 1))
    return spans


def policy_measures(rows: Sequence[ScheduleRow]) -> dict[int, tuple[int, ...]]:
    """row_index -> measures its policy lines give, for the rows where they can be placed."""
    bands = _bands(rows)
    by_index = {r.row_index: r for r in rows}
    out: dict[int, tuple[int, ...]] = {}
    for span in _policy_spans(rows):
        first = by_index[span.start]
        tags = member_tags(first.policy or "")
        if not tags:
            continue
        items = tagged_items(first.policy_lines)
        n_items = len(items) if first.policy_lines else _text_items(first.policy or "")
        if len(span) == 1 or n_items <= 1:
            out.update({r: tags for r in span})
            continue
        placed = [(_level_row(item, bands, span), item) for item in items]
        if not items or any(r is None for r, _ in placed):
            continue  # packed or straddling lines: nothing can be placed
        for r, item in placed:
            nos = member_tags(" ".join(ln.text for ln in item))
            out[r] = tuple(sorted({*out.get(r, ()), *nos}))
    return out


def _fallback(schedule: Schedule) -> tuple[tuple[int, ...], str]:
    if len(schedule.measure_nos) == 1:
        return schedule.measure_nos, "title"
    return schedule.measure_nos, "table"


def attribute(schedule: Schedule) -> Schedule:
    """The schedule with `row_measure_nos`/`measure_source` set on every cell and KPI."""
    by_policy = policy_measures(schedule.rows)
    fallback = _fallback(schedule)
    rows = []
    for row in schedule.rows:
        row_level = (by_policy[row.row_index], "policy") if row.row_index in by_policy else fallback
        cells = tuple(
            replace(c, row_measure_nos=nos, measure_source=src)
            for c in row.cells
            for nos, src in [(c.measure_nos, "cell") if c.measure_nos else row_level]
        )
        end = row.kpi_row_end if row.kpi_row_end is not None else row.row_index
        spanned = [by_policy[i] for i in range(row.row_index, end + 1) if i in by_policy]
        kpi_level = (
            (tuple(sorted({n for nos in spanned for n in nos})), "policy") if spanned else fallback
        )
        kpis = tuple(
            replace(k, row_measure_nos=nos, measure_source=src)
            for k in row.kpis
            for nos, src in [(k.measure_nos, "cell") if k.measure_nos else kpi_level]
        )
        rows.append(replace(row, cells=cells, kpis=kpis))
    return replace(schedule, rows=tuple(rows))
