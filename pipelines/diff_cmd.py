"""`roadmap diff OLD NEW [--out DIR]`: compare two extracted editions and publish the changes.

Reads both editions' tables from DIR, runs the pure diff functions of `extract.diff`, validates
the rows against the declared change tables (schemas/changes.py) and writes

    DIR/measure_changes/OLD--NEW.parquet
    DIR/schedule_changes/OLD--NEW.parquet
    DIR/document_changes/OLD--NEW.parquet
    DIR/reports/OLD--NEW.html

into a staging folder first and moves them into place at the end, so that on any error nothing
in DIR changes. `python -m pipelines.diff_cmd DIR PDF...` diffs each consecutive pair (by
edition) of the editions extracted from the given source files (used by `make run`).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import statistics
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from extract.diff.document import DocumentChange, diff_document
from extract.diff.measures import Alignment, MeasureMatch, align_measures
from extract.diff.schedules import ScheduleChange, Table, build_tables, diff_schedules
from extract.diff.text import renumber, word_diff
from extract.errors import InputError
from pipelines.exit_codes import EXIT_BAD_INPUT, EXIT_OK
from pipelines.tables_io import read_tables
from pipelines.writer import publish_staged
from schemas.base import declared_row, to_table
from schemas.changes import DOCUMENT_CHANGES, MEASURE_CHANGES, SCHEDULE_CHANGES

REQUIRED = ("documents", "measures")
OPTIONAL = ("schedules", "schedule_cells", "kpis", "headings", "paragraphs", "footnotes")
REPORTS = "reports"
SIMILARITY_BINS = (1.0, 0.9, 0.8, 0.7, 0.6)


@dataclass
class EditionDiff:
    """Everything `roadmap diff` computed for one pair, before it is written."""

    old: str
    new: str
    alignment: Alignment
    schedule_changes: list[ScheduleChange]
    document_changes: list[DocumentChange]
    old_tables: dict[str, list[dict]]
    new_tables: dict[str, list[dict]]
    old_schedules: list[Table]
    new_schedules: list[Table]

    def measure_rows(self) -> list[dict]:
        """One `measure_changes` row per match, numbered from 1 (with the editions, the key)."""
        mapping = self.alignment.mapping
        return [
            measure_row(self.old, self.new, m, mapping, i)
            for i, m in enumerate(self.alignment.matches, start=1)
        ]

    def schedule_rows(self) -> list[dict]:
        return [
            schedule_row(self.old, self.new, c, i)
            for i, c in enumerate(self.schedule_changes, start=1)
        ]

    def document_rows(self) -> list[dict]:
        return [
            declared_row(
                DOCUMENT_CHANGES,
                old_edition=self.old,
                new_edition=self.new,
                change_no=i,
                change=c.change,
                old_text=c.old_text,
                new_text=c.new_text,
                old_page=c.old_page,
                new_page=c.new_page,
            )
            for i, c in enumerate(self.document_changes, start=1)
        ]


# ----------------------------------------------------------------------------- reading


def read_edition(out_dir: Path, edition: str) -> dict[str, list[dict]]:
    """The tables of one edition as row dicts; a missing edition is an InputError."""
    frames = read_tables(out_dir, edition, REQUIRED + OPTIONAL, required=REQUIRED)
    return {
        name: [{k: _plain(v) for k, v in row.items()} for row in frames[name].to_dict("records")]
        if name in frames
        else []
        for name in REQUIRED + OPTIONAL
    }


def _plain(value: Any) -> Any:
    """numpy arrays as lists, NaN as None: row dicts as the diff functions expect them."""
    if hasattr(value, "tolist") and not isinstance(value, str):
        value = value.tolist()
    if isinstance(value, float) and value != value:
        return None
    return value


# ----------------------------------------------------------------------------- computing


def compute_diff(
    old: str, new: str, a: dict[str, list[dict]], b: dict[str, list[dict]]
) -> EditionDiff:
    """Pure: the diff of two editions' tables (as read by `read_edition`)."""
    alignment = align_measures(a["measures"], b["measures"], schedule_titles(a), schedule_titles(b))
    old_tables = build_tables(a["schedules"], a["schedule_cells"], a["kpis"])
    new_tables = build_tables(b["schedules"], b["schedule_cells"], b["kpis"])
    schedule_changes = diff_schedules(old_tables, new_tables, alignment.mapping)
    document_changes = diff_document(a, b, alignment.mapping)
    return EditionDiff(
        old, new, alignment, schedule_changes, document_changes, a, b, old_tables, new_tables
    )


def schedule_titles(tables: dict[str, list[dict]]) -> dict[int, list[str]]:
    """Measure number -> titles of the work-schedule tables that list it."""
    out: dict[int, list[str]] = {}
    for s in tables["schedules"]:
        for m in s.get("measure_nos") or []:
            out.setdefault(int(m), []).append(s["title"])
    return out


def measure_row(
    old: str, new: str, m: MeasureMatch, mapping: dict[int, int], change_no: int
) -> dict:
    o, n = m.old, m.new
    text_diff = None
    if o is not None and n is not None and "text" in m.fields:
        text_diff = word_diff(renumber(o["text"], mapping), n["text"])
    return declared_row(
        MEASURE_CHANGES,
        old_edition=old,
        new_edition=new,
        change_no=change_no,
        old_no=o["measure_no"] if o else None,
        new_no=n["measure_no"] if n else None,
        change=m.change,
        fields=list(m.fields),
        similarity=m.similarity,
        text_diff=text_diff,
        old_page=o.get("page_start") if o else None,
        new_page=n.get("page_start") if n else None,
    )


def schedule_row(old: str, new: str, c: ScheduleChange, change_no: int) -> dict:
    return declared_row(
        SCHEDULE_CHANGES,
        old_edition=old,
        new_edition=new,
        change_no=change_no,
        old_schedule_id=c.old.schedule_id if c.old else None,
        new_schedule_id=c.new.schedule_id if c.new else None,
        old_measure_nos=list(c.old.measure_nos) if c.old else [],
        new_measure_nos=list(c.new.measure_nos) if c.new else [],
        change=c.change,
        old_row=c.old_row,
        new_row=c.new_row,
        old_value=c.old_value,
        new_value=c.new_value,
        detail=c.detail,
        old_page=c.old_page,
        new_page=c.new_page,
    )


# ----------------------------------------------------------------------------- writing


def pair_name(old: str, new: str) -> str:
    return f"{old}--{new}"


def publish_diff(diff: EditionDiff, out_dir: Path) -> list[Path]:
    """Validate and write the three tables and the HTML report; all or nothing."""
    from pipelines.redline import render_report

    name = pair_name(diff.old, diff.new)
    files = {
        Path("measure_changes") / f"{name}.parquet": to_table(MEASURE_CHANGES, diff.measure_rows()),
        Path("schedule_changes") / f"{name}.parquet": to_table(
            SCHEDULE_CHANGES, diff.schedule_rows()
        ),
        Path("document_changes") / f"{name}.parquet": to_table(
            DOCUMENT_CHANGES, diff.document_rows()
        ),
    }
    html = render_report(diff)
    report = Path(REPORTS) / f"{name}.html"

    def stage(tmp: Path) -> list[Path]:
        for rel, table in files.items():
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(table, tmp / rel)
        (tmp / report).parent.mkdir(parents=True, exist_ok=True)
        (tmp / report).write_text(html, encoding="utf-8")
        return [*files, report]

    return publish_staged(out_dir, [name], stage)


# ----------------------------------------------------------------------------- summary


def similarity_distribution(alignment: Alignment) -> list[tuple[str, int]]:
    """Counts of matched pairs per similarity band, highest band first."""
    scores = [m.similarity for m in alignment.matches if m.similarity is not None]
    bands = []
    upper = None
    for low in SIMILARITY_BINS:
        if upper is None:
            label, count = "= 1.00", sum(s >= low for s in scores)
        else:
            label, count = f"{low:.2f}-{upper:.2f}", sum(low <= s < upper for s in scores)
        bands.append((label, count))
        upper = low
    bands.append((f"< {upper:.2f}", sum(s < upper for s in scores)))
    return bands


def summary(diff: EditionDiff) -> str:
    measures = Counter(m.change for m in diff.alignment.matches)
    schedules = Counter(c.change for c in diff.schedule_changes)
    document = Counter(c.change for c in diff.document_changes)
    scores = sorted(m.similarity for m in diff.alignment.matches if m.similarity is not None)
    lines = [f"{diff.old} -> {diff.new}:"]
    lines.append("  measures:  " + _counts(measures))
    lines.append("  schedules: " + (_counts(schedules) or "no changes"))
    lines.append("  document:  " + (_counts(document) or "no changes"))
    if scores:
        lines.append(
            f"  match similarity of {len(scores)} aligned pairs: min {scores[0]:.3f}, "
            f"median {statistics.median(scores):.3f}, max {scores[-1]:.3f}"
        )
        lines.append(
            "    "
            + ", ".join(f"{label}: {n}" for label, n in similarity_distribution(diff.alignment))
        )
        weakest = sorted(
            (m for m in diff.alignment.matches if m.similarity is not None),
            key=lambda m: m.similarity,
        )
        lines.append(
            "    least sure: "
            + ", ".join(
                f"<{m.old['measure_no']}>-><{m.new['measure_no']}> {m.similarity:.3f}"
                for m in weakest[:3]
            )
        )
    return "\n".join(lines)


def _counts(counter: Counter) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


# ----------------------------------------------------------------------------- commands


def run_diff(out_dir: Path, old: str, new: str) -> int:
    """The `roadmap diff` command; InputError propagates to the CLI (one line, exit 2)."""
    if old == new:
        raise InputError(out_dir, f"cannot diff edition {old!r} with itself; give two editions")
    a = read_edition(out_dir, old)
    b = read_edition(out_dir, new)
    diff = compute_diff(old, new, a, b)
    written = publish_diff(diff, out_dir)
    print(summary(diff))
    for path in written:
        print(f"  wrote {path}")
    return EXIT_OK


def editions_of_sources(out_dir: Path, sources: Sequence[Path]) -> list[str]:
    """Editions in DIR extracted from the given source files (matched by SHA-256), sorted."""
    wanted = {hashlib.sha256(p.read_bytes()).hexdigest() for p in sources if p.is_file()}
    found = set()
    for path in sorted((out_dir / "documents").glob("*.parquet")):
        if "--" in path.stem or path.name.startswith("."):
            continue
        frame = pd.read_parquet(path, columns=["edition", "source_sha256"])
        found |= {
            e for e, sha in zip(frame.edition, frame.source_sha256, strict=True) if sha in wanted
        }
    return sorted(found, key=_natural)


def _natural(text: str) -> list:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def run_consecutive(out_dir: Path, sources: Sequence[Path]) -> int:
    """Diff each consecutive pair of the editions extracted from `sources` (for `make run`)."""
    editions = editions_of_sources(out_dir, sources)
    if len(editions) < 2:
        print(f"editions from the source files: {editions or 'none'}; nothing to diff")
        return EXIT_OK
    for old, new in zip(editions, editions[1:], strict=False):
        run_diff(out_dir, old, new)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Diff each consecutive pair of extracted editions."
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("sources", nargs="*", type=Path)
    args = parser.parse_args(argv)
    try:
        return run_consecutive(args.out, args.sources)
    except InputError as exc:
        print(f"roadmap: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
