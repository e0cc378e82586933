"""Cells that span rows (a policy or KPI cell beside several year rows): one rule, both readers.

The PDF reader sees a spanning cell as one block shared by the rows it covers, or as rows with
no cell of their own; converter Markdown has lost the merge and leaves the cells below empty.
Either way a row without a cell of its own shows the cell above it, *inherited*. Above the
first cell there is nothing to inherit: leading rows without a cell show none and inherit
nothing (`ScheduleRow.*_inherited` means "repeats a cell that starts on an earlier row").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RowSpan:
    """Where the cell a row shows starts (None: the row shows no cell), and if it is inherited."""

    start: int | None
    inherited: bool


def resolve_row_spans(cells: Sequence[object | None]) -> list[RowSpan]:
    """One entry per row of a column. A row's cell is None when the row has none of its own, or
    the very object of the row above when the reader saw one cell covering both rows."""
    out: list[RowSpan] = []
    shown: object | None = None  # the cell the previous row shows
    for i, cell in enumerate(cells):
        if shown is not None and (cell is None or cell is shown):
            out.append(RowSpan(out[-1].start, True))
        else:
            shown = cell
            out.append(RowSpan(None if cell is None else i, False))
    return out


def span_ends(spans: Sequence[RowSpan]) -> dict[int, int]:
    """Last row covered by each cell, by the row where the cell starts."""
    return {s.start: i for i, s in enumerate(spans) if s.start is not None}
