"""`roadmap crosscheck A B`: compare two extractions of the same document table by table.

Two routes (the PDF and a converter's Markdown, or two layouts of one text) must agree on
content. Rows are matched on content keys, never on physical provenance: headings by id,
paragraphs and TOC entries by position (the TOC's printed page numbers are pagination, so they
are ignored like page labels), footnotes and measures by number,
cross-references by (source, target), groups by their members, schedules by the set of
measures they cover, cells by (schedule, row, fiscal-year span) and KPIs by (schedule, row,
item). Page, label, bounding-box, id and edition columns are ignored; text is compared after
normalising whitespace and quotes. Every difference is printed, then a summary per table.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extract.whitespace import comparable

Key = tuple
Record = dict[str, Any]
TABLES = (
    "headings",
    "paragraphs",
    "toc",
    "measures",
    "footnotes",
    "cross_references",
    "measure_groups",
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


# --------------------------------------------------------------------------- keyed views


def _measures(t: Mapping[str, Any]) -> dict[Key, Record]:
    return _numbered(
        (
            (r["measure_no"],),
            {
                "key_point": r.get("key_point"),
                "subsection": r.get("subsection"),
                "subsection_title": norm_text(r.get("subsection_title")),
                "theme": norm_text(r.get("theme")),
                "ministries": tuple(r.get("ministries") or ()),
                "refs_raw": norm_text(r.get("refs_raw")),
                "text": norm_text(r.get("text")),
            },
        )
        for r in _records(t.get("measures"))
    )


def _headings(t: Mapping[str, Any]) -> dict[Key, Record]:
    return _numbered(
        (
            (r["heading_id"],),
            {
                "kind": r.get("kind"),
                "level": r.get("level"),
                "number": r.get("number"),
                "text": norm_text(r.get("text")),
                "parent_id": r.get("parent_id"),
            },
        )
        for r in _records(t.get("headings"))
    )


def _paragraphs(t: Mapping[str, Any]) -> dict[Key, Record]:
    return _numbered(
        (
            (r["paragraph_no"],),
            {
                "heading_id": r.get("heading_id"),
                "bullet": r.get("bullet"),
                "footnote_calls": tuple(r.get("footnote_calls") or ()),
                "text": norm_text(r.get("text")),
            },
        )
        for r in _records(t.get("paragraphs"))
    )


def _toc(t: Mapping[str, Any]) -> dict[Key, Record]:
    """TOC entries by position; the printed page number is pagination, like a page label."""
    return _numbered(
        ((r["entry_no"],), {"text": norm_text(r.get("text")), "heading_id": r.get("heading_id")})
        for r in _records(t.get("toc"))
    )


def _footnotes(t: Mapping[str, Any]) -> dict[Key, Record]:
    return _numbered(
        ((r["footnote_no"],), {"text": norm_text(r.get("text"))})
        for r in _records(t.get("footnotes"))
    )


def _cross_references(t: Mapping[str, Any]) -> dict[Key, Record]:
    return _numbered(
        (
            (r["source_no"], r.get("target_no")),
            {
                "target_key_point": r.get("target_key_point"),
                "resolved": r.get("resolved"),
                "issue": r.get("issue"),
                "raw": norm_text(r.get("raw")),
            },
        )
        for r in _records(t.get("cross_references"))
    )


def _measure_groups(t: Mapping[str, Any]) -> dict[Key, Record]:
    groups: dict[Any, dict[int, Any]] = {}
    for r in _records(t.get("measure_groups")):
        groups.setdefault(r["group_id"], {})[r["measure_no"]] = r.get("via")
    return _numbered(
        (tuple(sorted(members)), {"via": tuple(members[n] for n in sorted(members))})
        for members in groups.values()
    )


def _schedule_keys(t: Mapping[str, Any]) -> dict[Any, Key]:
    """schedule_id -> content key (its measure set, numbered if two tables share one)."""
    seen: Counter[Key] = Counter()
    out: dict[Any, Key] = {}
    for r in _records(t.get("schedules")):
        base = tuple(r.get("measure_nos") or ()) or (norm_text(r.get("title")),)
        seen[base] += 1
        out[r["schedule_id"]] = base if seen[base] == 1 else (*base, f"#{seen[base]}")
    return out


def _schedules(t: Mapping[str, Any]) -> dict[Key, Record]:
    keys = _schedule_keys(t)
    return {
        (keys[r["schedule_id"]],): {
            "title": norm_text(r.get("title")),
            "extra_refs": tuple(r.get("extra_refs") or ()),
            "labels": tuple(norm_text(x) for x in r.get("section_labels") or ()),
            "five_year_goal": norm_text(r.get("five_year_goal")),
            "outline": norm_text(r.get("outline")),
            "half_year": r.get("half_year"),
            "row_count": r.get("row_count"),
        }
        for r in _records(t.get("schedules"))
    }


def _schedule_cells(t: Mapping[str, Any]) -> dict[Key, Record]:
    keys = _schedule_keys(t)
    return _numbered(
        (
            (
                keys.get(r["schedule_id"], (r["schedule_id"],)),
                r.get("row_index"),
                _span(r),
            ),
            {
                "text": norm_text(r.get("text")),
                "policy": norm_text(r.get("policy")),
                "measure_nos": tuple(r.get("measure_nos") or ()),
            },
        )
        for r in _records(t.get("schedule_cells"))
    )


def _span(r: Record) -> str:
    start = f"FY{r.get('fy_start')}{r.get('half_start') or ''}"
    end = f"FY{r.get('fy_end')}{r.get('half_end') or ''}"
    return start if start == end else f"{start}-{end}"


def _kpis(t: Mapping[str, Any]) -> dict[Key, Record]:
    keys = _schedule_keys(t)
    return _numbered(
        (
            (
                keys.get(r["schedule_id"], (r["schedule_id"],)),
                r.get("row_index"),
                r.get("item_index"),
            ),
            {
                "text": norm_text(r.get("text")),
                "row_end": r.get("row_end"),
                "measure_nos": tuple(r.get("measure_nos") or ()),
                "target_value": r.get("target_value"),
                "target_unit": r.get("target_unit"),
                "target_fy": r.get("target_fy"),
                "comparator": r.get("comparator"),
            },
        )
        for r in _records(t.get("kpis"))
    )


VIEWS: dict[str, Callable[[Mapping[str, Any]], dict[Key, Record]]] = {
    "headings": _headings,
    "paragraphs": _paragraphs,
    "toc": _toc,
    "measures": _measures,
    "footnotes": _footnotes,
    "cross_references": _cross_references,
    "measure_groups": _measure_groups,
    "schedules": _schedules,
    "schedule_cells": _schedule_cells,
    "kpis": _kpis,
}


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
        view = VIEWS[table]
        summary, diffs = compare_table(table, view(tables_a), view(tables_b))
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
