"""Converter quirks undone, as listed in `schemas/markdown_repairs.json`.

PDF-to-Markdown converters leave residue lines (page numbers, comments, images), drop merged
table columns, lose empty cells and shift cells. Which repairs run, in which order and why is
data: the JSON file lists them. Residue lines are plain patterns; a table, row or TOC repair
names one of the small functions below, each undoing one quirk and nothing else.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache
from importlib.resources import files

from extract.models import TocEntry

REPAIRS_FILE = files("schemas") / "markdown_repairs.json"

Table = tuple[list[str], list[list[str]]]
RowSplit = tuple[list[str], str]  # year cells (one per column) and the KPI cell


@cache
def repairs() -> dict:
    """The repair table; every table, row and TOC repair it names must exist below."""
    data = json.loads(REPAIRS_FILE.read_text(encoding="utf-8"))
    for group, known in (("table_repairs", TABLE), ("row_repairs", ROW), ("toc_repairs", TOC)):
        unknown = [e["name"] for e in data[group] if e["name"] not in known]
        if unknown:
            raise KeyError(f"{REPAIRS_FILE}: no {group} function for {unknown}")
    return data


@cache
def _residue() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(e["pattern"]) for e in repairs()["drop_lines"])


def is_residue(line: str) -> bool:
    """A converter residue line that is not text (a page number, a comment, an image)."""
    return any(p.match(line) for p in _residue())


def _lost_row_label_column(header: list[str], data: list[list[str]]) -> Table:
    if data and data[0][0].strip():
        return ["", *header], [["", *row] for row in data]
    return header, data


def repair_table(header: list[str], data: list[list[str]]) -> Table:
    """Header and data rows of a table after the table repairs."""
    for entry in repairs()["table_repairs"]:
        header, data = TABLE[entry["name"]](header, data)
    return header, data


def _padded(years: Sequence[str], n_cols: int) -> list[str]:
    return [*years, *[""] * (n_cols - len(years))]


def _short_row_kpi_last(body: list[str], split: RowSplit, n_cols: int, first: bool) -> RowSplit:
    if n_cols + 1 > len(body) > 1 and body[-1].strip():
        return _padded(body[:-1], n_cols), body[-1]
    return split


def _first_row_kpi_shifted_left(
    body: list[str], split: RowSplit, n_cols: int, first: bool
) -> RowSplit:
    years, kpi = split
    if first and not kpi.strip() and n_cols > 2 and years[-1].strip() and not years[-2].strip():
        return [*years[:-1], ""], years[-1]
    return split


def repair_row(body: list[str], split: RowSplit, n_cols: int, first: bool) -> RowSplit:
    """A data row's year cells and KPI cell after the row repairs (`body`: the cells after
    the row label and policy; `first`: the table's first data row)."""
    for entry in repairs()["row_repairs"]:
        split = ROW[entry["name"]](body, split, n_cols, first)
    return split


def _period_absorbed_by_leader(toc: list[TocEntry], heading_texts: set[str]) -> list[TocEntry]:
    return [
        replace(e, text=e.text + ".")
        if not e.text.endswith(".") and e.text + "." in heading_texts
        else e
        for e in toc
    ]


def repair_toc(toc: list[TocEntry], heading_texts: set[str]) -> list[TocEntry]:
    """TOC entries after the TOC repairs, given the texts of the body's headings."""
    for entry in repairs()["toc_repairs"]:
        toc = TOC[entry["name"]](toc, heading_texts)
    return toc


TABLE: dict[str, Callable[[list[str], list[list[str]]], Table]] = {
    "lost_row_label_column": _lost_row_label_column,
}
ROW: dict[str, Callable[[list[str], RowSplit, int, bool], RowSplit]] = {
    "short_row_kpi_last": _short_row_kpi_last,
    "first_row_kpi_shifted_left": _first_row_kpi_shifted_left,
}
TOC: dict[str, Callable[[list[TocEntry], set[str]], list[TocEntry]]] = {
    "period_absorbed_by_leader": _period_absorbed_by_leader,
}
