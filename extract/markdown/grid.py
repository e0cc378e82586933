"""Fiscal-year columns and cell spans of a tab-separated work-schedule table.

Converters write each table row as one line of tab-separated cells and lose merged-cell
extents: a cell that spanned FY2022-FY2023 becomes a text cell followed by an empty one. So a
fiscal-year cell followed by empty cells spans them. The columns come from the header row
("Roadmap / Specific policies / FY2022 … / KPI"); a year followed by an empty header cell is
split into halves (H1, H2). Where the header is glitched, the row width decides: a data row
is [row label, policy, one cell per column, KPI], and missing half-year splits are placed
next to the ones the header shows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from extract.fiscal_years import leading_fiscal_year
from extract.markdown.repairs import repair_row

LEAD_CELLS = 2  # row label ("Roadmap" or empty) and the policy cell


@dataclass(frozen=True, slots=True)
class Column:
    fy: int
    half: str | None


@dataclass(frozen=True, slots=True)
class Span:
    """A non-empty fiscal-year cell and the column indices it covers."""

    first: int
    last: int
    html: str


def header_years(cells: Sequence[str]) -> list[tuple[int, bool]]:
    """(year, followed by an empty cell) for the first run of consecutive FY labels."""
    found: list[tuple[int, bool]] = []
    for i, cell in enumerate(cells):
        year = leading_fiscal_year(cell)
        if year is None:
            continue
        if found and year != found[-1][0] + 1:
            break
        nxt = cells[i + 1].strip() if i + 1 < len(cells) else "x"
        found.append((year, nxt == ""))
    return found


def is_header(cells: Sequence[str]) -> bool:
    return len(header_years(cells)) >= 3


def row_width(header: Sequence[str], rows: Sequence[Sequence[str]]) -> int:
    """Number of cells of a full row: the most common width of the data rows (else header)."""
    widths = Counter(len(r) for r in rows if len(r) > LEAD_CELLS + 1)
    if widths:
        return max(widths.most_common(), key=lambda kv: (kv[1], kv[0]))[0]
    return len(header)


def columns(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[Column]:
    """The fiscal-year columns of the table (see the module docstring).

    Halves exist only where the header marks at least one split year; trailing empty cells
    alone (a tab after "KPI") are not columns.
    """
    years = header_years(header)
    marked = [y for y, empty in years if empty]
    if not marked:
        return [Column(y, None) for y, _ in years]
    n_cols = max(row_width(header, rows) - LEAD_CELLS - 1, len(years) + len(marked))
    split = _split_years([y for y, _ in years], marked, n_cols - len(years))
    out: list[Column] = []
    for year, _ in years:
        out += [Column(year, "H1"), Column(year, "H2")] if year in split else [Column(year, None)]
    return out


def _split_years(years: list[int], marked: list[int], count: int) -> set[int]:
    """`count` years to split: those the header marks, extended to the right, then left."""
    split = list(marked[:count])
    pool = [y for y in years if y not in split]
    anchor = max(split) if split else years[-1] + 1
    right = [y for y in pool if y > anchor]
    left = sorted((y for y in pool if y < anchor), reverse=True)
    for year in right + left:
        if len(split) >= count:
            break
        split.append(year)
    return set(split)


def split_row(cells: Sequence[str], n_cols: int, first: bool = False) -> tuple[list[str], str]:
    """The year cells and the KPI cell of a data row: one cell per column, then the KPI,
    after the row repairs of `schemas/markdown_repairs.json` (lost or shifted cells)."""
    body = list(cells[LEAD_CELLS:])
    years = body[:n_cols] + [""] * (n_cols - len(body[:n_cols]))
    kpi = " ".join(c for c in body[n_cols:] if c.strip())
    return repair_row(body, (years, kpi), n_cols, first)


def spans(year_cells: Sequence[str]) -> list[Span]:
    """Non-empty year cells, each spanning the empty cells that follow it."""
    starts = [i for i, c in enumerate(year_cells) if c.strip()]
    if not starts:
        return []
    ends = [*(s - 1 for s in starts[1:]), len(year_cells) - 1]
    return [Span(s, e, year_cells[s]) for s, e in zip(starts, ends, strict=True)]
