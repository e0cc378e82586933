"""`roadmap sql` (DuckDB over the output folder) and `roadmap tables` (what is there)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import pyarrow.parquet as pq

from pipelines.tables_io import table_files
from pipelines.usage import UsageError, check_output
from roadmap_extract import connect
from schemas import REGISTRY


def _text(value) -> str:
    """A value as a reader writes it: lists as [a, b], dates as 2024-06-21."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_text(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_text(v)}" for k, v in value.items()) + "}"
    return str(value)


def _cell(value, width: int) -> str:
    text = _text(value).replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(columns: Sequence[str], rows: Sequence[tuple], width: int) -> str:
    """A plain-text table with a header rule; cells cut to `width` characters."""
    cells = [[_cell(v, width) for v in row] for row in rows]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    numeric = [
        all(isinstance(r[i], int | float) or r[i] is None for r in rows)
        for i in range(len(columns))
    ]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ).rstrip()

    return "\n".join([line(columns), line(["-" * w for w in widths]), *(line(r) for r in cells)])


def run_sql(query: str, out: Path, fmt: str = "table", width: int = 60, limit: int = 200) -> int:
    """Run one query with a view per table; print the result."""
    check_output(out)
    import duckdb

    con = connect(out)
    try:
        result = con.execute(query)
    except duckdb.Error as exc:
        raise UsageError(f"SQL error: {str(exc).splitlines()[0]}") from None
    if result.description is None:
        return 0
    columns = [d[0] for d in result.description]
    rows = result.fetchall()
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
    elif fmt == "json":
        print(json.dumps([dict(zip(columns, r, strict=True)) for r in rows], default=str, indent=1))
    else:
        print(format_table(columns, rows[:limit], width))
        more = f", showing {limit}" if len(rows) > limit else ""
        print(f"({len(rows)} rows{more})")
    return 0


def _key(name: str) -> str:
    spec = REGISTRY.get(name)
    return ", ".join(spec.primary_key) if spec and spec.primary_key else "-"


def _references(names: Sequence[str]) -> list[str]:
    return [
        f"  {name} ({', '.join(fk.columns)}) -> {fk.table} ({', '.join(fk.ref_columns)})"
        for name in names
        if name in REGISTRY
        for fk in REGISTRY[name].foreign_keys
    ]


def run_tables(out: Path) -> int:
    """Tables of the output folder with row counts per edition (or edition pair) and keys."""
    names = check_output(out)
    counts = {
        name: {
            stem: pq.ParquetFile(p).metadata.num_rows for stem, p in table_files(name, out).items()
        }
        for name in names
    }
    editions = sorted({stem for c in counts.values() for stem in c if "--" not in stem})
    pairs = sorted({stem for c in counts.values() for stem in c if "--" in stem})
    columns = ["table", *editions, *pairs, "key"]
    rows = [(name, *(counts[name].get(e) for e in editions + pairs), _key(name)) for name in names]
    print(format_table(columns, rows, 80))
    refs = _references(names)
    if refs:
        print("\nreferences (foreign keys):", *refs, sep="\n")
    print(f'{out}/<table>/<edition>.parquet · query with: roadmap sql "SELECT …" --out {out}')
    return 0
