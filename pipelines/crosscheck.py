"""`roadmap crosscheck A B`: compare two extractions of the same document table by table.

Two routes (the PDF and a converter's Markdown, or two layouts of one text) must agree on
content. Every declared column of every compared table is compared, except those listed with
their reason in `NOT_COMPARED` (pagination, page boxes, minted ids, the edition name); a column
the declaration does not know is an error. Rows are matched on content keys (`MATCH_KEYS`),
never on physical provenance: headings by id, paragraphs and TOC entries by position,
footnotes and measures by number, cross-references by (source, target), groups by their
members, schedules by the set of measures they cover, cells by (schedule, row, fiscal-year
span) and KPIs by (schedule, row, item). Text is compared after normalising whitespace and
quotes. Every difference is printed, then a summary per table.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extract.whitespace import comparable
from schemas.base import SchemaError, columns_of

Key = tuple
Record = dict[str, Any]
TABLES = (
    "documents",
    "headings",
    "paragraphs",
    "toc",
    "measures",
    "footnotes",
    "footnote_calls",
    "measure_ministries",
    "cross_references",
    "measure_groups",
    "group_summary",
    "schedules",
    "schedule_cells",
    "kpis",
)


# --------------------------------------------------------------------------- normalisation


def norm_text(value: Any) -> str | None:
    """Text with unified quotes and single spaces (line breaks are layout, not content)."""
    if _missing(value):
        return None
    text = comparable(str(value))
    return text or None


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _scalar(value: Any) -> Any:
    """Plain Python value: numpy scalars unwrapped, NaN as None, arrays as tuples."""
    if _missing(value):
        return None
    if hasattr(value, "tolist") and not isinstance(value, str):
        value = value.tolist()
    if isinstance(value, list | tuple):
        return tuple(_scalar(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _records(table: Any) -> list[Record]:
    """Rows of a DataFrame (or a list of row dicts) as plain dicts."""
    if table is None:
        return []
    if hasattr(table, "to_dict"):
        table = table.to_dict("records")
    return [{k: _scalar(v) for k, v in row.items()} for row in table]


def _numbered(pairs: Iterable[tuple[Key, Record]]) -> dict[Key, Record]:
    """Keyed records; a key seen again gets an occurrence number so nothing is dropped."""
    seen: Counter[Key] = Counter()
    out: dict[Key, Record] = {}
    for key, rec in pairs:
        seen[key] += 1
        out[key if seen[key] == 1 else (*key, f"#{seen[key]}")] = rec
    return out


# --------------------------------------------------------------------------- what is compared

PAGINATION = "pagination: where a route breaks pages is layout, not content"
BOXES = "coordinates on the page: layout, not content (a Markdown source has none)"
LABEL = "printed page label: pagination, like the page number"
ID = "identifier minted by the extraction; rows are matched on content instead"

# The one place where declared columns are left out of the comparison, each with its reason.
# "*" applies to every table. Every other declared column of a compared table is compared
# (or is part of the row's match key), so a column added to a declaration is compared at once.
NOT_COMPARED: dict[str, dict[str, str]] = {
    "*": {"edition": "the two extractions are stored under different edition names"},
    "documents": {
        "source_file": "the routes read different files",
        "source_path": "the routes read different files",
        "source_sha256": "the routes read different files",
        "source_format": "the routes read different formats ('pdf' and 'markdown')",
        "source_url": "looked up by the file's hash, which differs between routes",
        "source_note": "looked up by the file's hash, which differs between routes",
        "page_count": PAGINATION,
        "repaired": "a property of the PDF file (a damaged cross-reference table)",
        "repair_note": "a property of the PDF file (a damaged cross-reference table)",
        "attachment_page": PAGINATION,
    },
    "headings": {
        "page": PAGINATION,
        "label": LABEL,
        "label_toc": "page label printed in the table of contents: pagination",
        "boxes": BOXES,
    },
    "paragraphs": {
        "page_start": PAGINATION,
        "page_end": PAGINATION,
        "label_start": LABEL,
        "label_end": LABEL,
    },
    "toc": {"label": "page number printed in the entry: pagination", "page": PAGINATION},
    "measures": {
        "page_start": PAGINATION,
        "page_end": PAGINATION,
        "label_start": LABEL,
        "label_end": LABEL,
        "boxes": BOXES,
    },
    "footnotes": {
        "page": PAGINATION,
        "label": LABEL,
        "call_page": PAGINATION,
        "boxes": BOXES,
    },
    "footnote_calls": {"page": PAGINATION, "label": LABEL},
    "cross_references": {"page": PAGINATION},
    "measure_groups": {"group_id": ID + " (from its smallest member: the members are the key)"},
    "group_summary": {
        "group_id": ID + " (from its smallest member: the members are the key)",
        "schedule_ids": ID + " (the schedules themselves are compared by content)",
    },
    "schedules": {
        "schedule_id": ID,
        "page_start": PAGINATION,
        "page_end": PAGINATION,
        "label_start": LABEL,
        "label_end": LABEL,
        "boxes": BOXES,
    },
    "schedule_cells": {
        "schedule_id": ID + " (the schedule's measure set is the key)",
        "page": PAGINATION,
        "x0": BOXES,
        "top": BOXES,
        "x1": BOXES,
        "bottom": BOXES,
    },
    "kpis": {"schedule_id": ID + " (the schedule's measure set is the key)", "page": PAGINATION},
}

# Declared tables that are not compared at all, each with its reason.
TABLES_NOT_COMPARED: dict[str, str] = {
    "pages": "one row per physical page: pagination throughout",
    "measure_changes": "written by `roadmap diff` for a pair of editions, not by an extraction",
    "schedule_changes": "written by `roadmap diff` for a pair of editions, not by an extraction",
    "document_changes": "written by `roadmap diff` for a pair of editions, not by an extraction",
}


def _schedule_keys(t: Mapping[str, Any]) -> dict[Any, Key]:
    """schedule_id -> content key (its measure set, numbered if two tables share one)."""
    seen: Counter[Key] = Counter()
    out: dict[Any, Key] = {}
    for r in _records(t.get("schedules")):
        base = tuple(r.get("measure_nos") or ()) or (norm_text(r.get("title")),)
        seen[base] += 1
        out[r["schedule_id"]] = base if seen[base] == 1 else (*base, f"#{seen[base]}")
    return out


def _span(r: Record) -> str:
    start = f"FY{r.get('fy_start')}{r.get('half_start') or ''}"
    end = f"FY{r.get('fy_end')}{r.get('half_end') or ''}"
    return start if start == end else f"{start}-{end}"


def _in_schedule(keys: Mapping[Any, Key], r: Record) -> Key:
    return keys.get(r["schedule_id"], (r["schedule_id"],))


@dataclass(frozen=True)
class MatchKey:
    """How rows of one table are matched: the key columns it consumes and the key itself."""

    columns: tuple[str, ...]
    key: Callable[[Record, Mapping[str, Any]], Key]


def _by(*columns: str) -> MatchKey:
    return MatchKey(columns, lambda r, _ctx: tuple(r.get(c) for c in columns))


# Rows are matched on content keys, never on physical provenance.
MATCH_KEYS: dict[str, MatchKey] = {
    "documents": MatchKey((), lambda r, _ctx: ()),
    "headings": _by("heading_id"),
    "paragraphs": _by("paragraph_no"),
    "toc": _by("entry_no"),
    "measures": _by("measure_no"),
    "footnotes": _by("footnote_no"),
    "footnote_calls": _by("footnote_no", "paragraph_no"),
    "measure_ministries": _by("measure_no", "position"),
    "cross_references": _by("source_no", "target_no"),
    "schedules": MatchKey(("measure_nos",), lambda r, ctx: (ctx["schedules"][r["schedule_id"]],)),
    "schedule_cells": MatchKey(
        ("row_index", "fy_start", "fy_end", "half_start", "half_end"),
        lambda r, ctx: (_in_schedule(ctx["schedules"], r), r.get("row_index"), _span(r)),
    ),
    "kpis": MatchKey(
        ("row_index", "item_index"),
        lambda r, ctx: (_in_schedule(ctx["schedules"], r), r.get("row_index"), r.get("item_index")),
    ),
}
# Groups are rows of members: matched on the member set (see _group_records).
GROUPED = {"measure_groups": ("group_id", "measure_no"), "group_summary": ("measure_nos",)}


def compared_columns(table: str) -> tuple[str, ...]:
    """Declared columns of `table` compared as fields: all but the key and the exceptions."""
    skip = {*NOT_COMPARED["*"], *NOT_COMPARED.get(table, {})}
    key = MATCH_KEYS[table].columns if table in MATCH_KEYS else GROUPED[table]
    return tuple(c for c in columns_of(table) if c not in skip and c not in key)


def _check_declared(table: str, records: list[Record]) -> None:
    """An undeclared column would go uncompared without anyone noticing: it is an error."""
    declared = set(columns_of(table))
    extra = sorted({c for r in records for c in r} - declared)
    if extra:
        raise SchemaError(
            f"crosscheck: {table} has undeclared columns {extra}; declare them in schemas/ "
            "(and list them in crosscheck.NOT_COMPARED if they must not be compared)"
        )


def _normal(value: Any) -> Any:
    """Value as compared: text normalised (also inside lists), lists as tuples."""
    if isinstance(value, str):
        return norm_text(value)
    if isinstance(value, tuple | list):
        return tuple(_normal(v) for v in value)
    return value


def _fields(table: str, r: Record) -> Record:
    return {c: _normal(r.get(c)) for c in compared_columns(table)}


def _group_records(table: str, records: list[Record]) -> dict[Key, Record]:
    """measure_groups: one record per group, keyed by its member set; group_summary likewise."""
    if table == "group_summary":
        return _numbered((tuple(r.get("measure_nos") or ()), _fields(table, r)) for r in records)
    groups: dict[Any, dict[int, Record]] = {}
    for r in records:
        groups.setdefault(r["group_id"], {})[r["measure_no"]] = r
    return _numbered(
        (
            tuple(sorted(members)),
            {
                c: tuple(_normal(members[n].get(c)) for n in sorted(members))
                for c in compared_columns(table)
            },
        )
        for members in groups.values()
    )


def view(table: str, t: Mapping[str, Any]) -> dict[Key, Record]:
    """One side's rows of `table`, keyed for matching, holding the compared fields."""
    records = _records(t.get(table))
    _check_declared(table, records)
    if table in GROUPED:
        return _group_records(table, records)
    ctx = {"schedules": _schedule_keys(t)}
    match = MATCH_KEYS[table]
    return _numbered((match.key(r, ctx), _fields(table, r)) for r in records)


# --------------------------------------------------------------------------- comparison


@dataclass(frozen=True)
class Difference:
    """One disagreement: a row only one side has (`field` None) or a field that differs."""

    table: str
    key: Key
    field: str | None
    a: Any
    b: Any

    def describe(self, name_a: str = "A", name_b: str = "B") -> str:
        where = f"{self.table} {_show_key(self.key)}"
        if self.field is None:
            side = name_a if self.a is not None else name_b
            return f"{where}: only in {side}"
        a, b = _excerpts(self.a, self.b)
        return f"{where}: {self.field} differs\n    {name_a}: {a}\n    {name_b}: {b}"


@dataclass
class TableSummary:
    table: str
    rows_a: int
    rows_b: int
    matched: int = 0
    only_a: int = 0
    only_b: int = 0
    differing: int = 0
    field_counts: Counter = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        return not (self.only_a or self.only_b or self.differing)

    def line(self) -> str:
        verdict = "agree" if self.ok else "DIFFER"
        fields = ", ".join(f"{k} {v}" for k, v in sorted(self.field_counts.items()))
        return (
            f"{self.table:<17} {self.rows_a:>5} vs {self.rows_b:<5} matched {self.matched:>4}, "
            f"only A {self.only_a}, only B {self.only_b}, differing {self.differing}"
            f"{f' ({fields})' if fields else ''}: {verdict}"
        )


@dataclass
class CrosscheckReport:
    summaries: dict[str, TableSummary]
    differences: list[Difference]

    @property
    def ok(self) -> bool:
        return all(s.ok for s in self.summaries.values())

    def table_ok(self, table: str) -> bool:
        return self.summaries[table].ok

    def of(self, table: str, field_name: str | None = "*") -> list[Difference]:
        """Differences of one table; `field_name` None = missing rows, "*" = all."""
        return [
            d
            for d in self.differences
            if d.table == table and (field_name == "*" or d.field == field_name)
        ]

    def render(self, name_a: str = "A", name_b: str = "B") -> str:
        lines = [d.describe(name_a, name_b) for d in self.differences]
        lines.append(f"summary (A = {name_a}, B = {name_b}):")
        lines += ["  " + s.line() for s in self.summaries.values()]
        lines.append("the extractions agree" if self.ok else "the extractions differ")
        return "\n".join(lines)


def compare_table(
    table: str, a: dict[Key, Record], b: dict[Key, Record]
) -> tuple[TableSummary, list[Difference]]:
    summary = TableSummary(table, len(a), len(b))
    diffs: list[Difference] = []
    for key in sorted(a.keys() | b.keys(), key=_sort_key):
        if key not in b:
            summary.only_a += 1
            diffs.append(Difference(table, key, None, a[key], None))
        elif key not in a:
            summary.only_b += 1
            diffs.append(Difference(table, key, None, None, b[key]))
        else:
            fields = [f for f in a[key] if a[key][f] != b[key].get(f)]
            summary.matched += 1
            summary.differing += bool(fields)
            for f in fields:
                summary.field_counts[f] += 1
                diffs.append(Difference(table, key, f, a[key][f], b[key].get(f)))
    return summary, diffs


def compare(
    tables_a: Mapping[str, Any], tables_b: Mapping[str, Any], tables: Iterable[str] = TABLES
) -> CrosscheckReport:
    """Pure comparison of two extractions, each {table name: DataFrame or list of rows}.

    A table missing on both sides is skipped; missing on one side, all its rows differ.
    """
    summaries: dict[str, TableSummary] = {}
    differences: list[Difference] = []
    for table in tables:
        if table not in tables_a and table not in tables_b:
            continue
        summary, diffs = compare_table(table, view(table, tables_a), view(table, tables_b))
        summaries[table] = summary
        differences += diffs
    return CrosscheckReport(summaries, differences)


def _sort_key(key: Key) -> tuple:
    return tuple((0, k) if isinstance(k, int) else (1, str(k)) for k in key)


def _show_key(key: Key) -> str:
    def part(k: Any) -> str:
        if isinstance(k, tuple):
            return "{" + ",".join(map(str, k)) + "}"
        return str(k)

    return "[" + " / ".join(part(k) for k in key) + "]"


def _excerpts(a: Any, b: Any, width: int = 70) -> tuple[str, str]:
    """Show long texts around their first difference, short values whole."""
    if not (isinstance(a, str) and isinstance(b, str)) or max(len(a), len(b)) <= 2 * width:
        return repr(a), repr(b)
    i = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    start = max(0, i - width // 2)

    def cut(s: str) -> str:
        return (
            ("…" if start else "")
            + s[start : start + width]
            + ("…" if start + width < len(s) else "")
        )

    return f"{cut(a)!r} (at char {i})", repr(cut(b))


# --------------------------------------------------------------------------- files


def read_tables(out_dir: Path, edition: str) -> dict[str, Any]:
    """The compared tables of one edition (`pipelines.tables_io`); measures are required."""
    from pipelines.tables_io import read_tables as read

    return read(out_dir, edition, TABLES, required=("measures",))


def run_crosscheck(out_dir: Path, edition_a: str, edition_b: str) -> int:
    """Print every difference and a per-table summary; 0 when the extractions agree."""
    report = compare(read_tables(out_dir, edition_a), read_tables(out_dir, edition_b))
    print(report.render(edition_a, edition_b))
    return 0 if report.ok else 1
