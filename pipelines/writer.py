"""Write stage: validate every table against its schema, then publish atomically.

All files of a run (every table of every edition, plus each edition's validation report, made
from the staged tables) are first written to a staging folder inside the output folder (same
file system), then published
all at once through a journal (`pipelines.journal`): after a crash at any instant the next
command leaves either the complete old or the complete new output. The folder's
`datapackage.json` (which describes every file in it) is rewritten, atomically, after each
publish.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from extract.errors import InputError
from pipelines import journal
from pipelines.datapackage import write_datapackage
from pipelines.run import Extraction
from pipelines.tables_io import VALIDATION_DIR
from schemas.base import REGISTRY, SchemaError, TableSpec, to_table


def stage_tables(extraction: Extraction, folder: Path) -> list[Path]:
    """Validate and write one extraction's tables into `folder`; return relative paths."""
    unknown = set(extraction.rows) - set(REGISTRY)
    if unknown:
        raise SchemaError(f"rows for undeclared tables: {sorted(unknown)}")
    written = []
    for name, spec in REGISTRY.items():
        rows = extraction.rows.get(name)
        if rows is None:
            continue
        table = _checked_table(extraction, spec, rows)
        rel = Path(name) / f"{extraction.edition}.parquet"
        (folder / name).mkdir(parents=True, exist_ok=True)
        pq.write_table(table, folder / rel)
        written.append(rel)
    return written


def _checked_table(extraction: Extraction, spec: TableSpec, rows: list[dict]) -> pa.Table:
    """The rows as a table of the declared schema.  Rows that break a table's key come from the
    document (a page printed twice repeats its measures), so that is reported against the
    source file, as bad input; other schema errors are the pipeline's own and pass through."""
    try:
        return to_table(spec, rows)
    except SchemaError as exc:
        if "duplicate key" not in str(exc):
            raise
        raise InputError(
            extraction.source, f"the document repeats a numbered item ({exc}); pages duplicated?"
        ) from None


def stage_report(edition: str, report_json: str, folder: Path) -> Path:
    """Write an edition's validation report (JSON text) into the staging `folder`."""
    rel = Path(VALIDATION_DIR) / f"{edition}.json"
    (folder / VALIDATION_DIR).mkdir(parents=True, exist_ok=True)
    (folder / rel).write_text(report_json + "\n", encoding="utf-8")
    return rel


def publish(
    extractions: Sequence[Extraction],
    out_dir: Path,
    review: Callable[[Path], Mapping[str, str]] | None = None,
) -> list[Path]:
    """Stage every table, let `review(staging folder)` validate the staged tables (it returns
    each edition's validation report JSON, which is staged too, or raises to publish nothing),
    then move everything into `out_dir` in one journaled step."""

    def stage(folder: Path) -> list[Path]:
        written = [rel for ex in extractions for rel in stage_tables(ex, folder)]
        reports = review(folder) if review else {}
        written += [stage_report(edition, text, folder) for edition, text in reports.items()]
        return written

    return publish_staged(Path(out_dir), [ex.edition for ex in extractions], stage)


def publish_staged(
    out_dir: Path, editions: list[str], stage: Callable[[Path], list[Path]]
) -> list[Path]:
    """Publish what `stage(folder)` writes (see `pipelines.journal.publish_staged`), replacing
    every earlier file of `editions`, then describe the folder anew in `datapackage.json`."""
    published = journal.publish_staged(out_dir, editions, stage)
    write_datapackage(Path(out_dir))
    return published
