"""Write stage: validate every table against its schema, then publish atomically.

All files are first written to a temporary folder inside the output folder (same file system),
then moved into place with `os.replace`. If anything fails before the move, nothing that was
already in the output folder changes.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import pyarrow.parquet as pq

from pipelines.datapackage import write_datapackage
from pipelines.run import Extraction
from schemas.base import REGISTRY, SchemaError, to_table


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
        table = to_table(spec, rows)
        rel = Path(name) / f"{extraction.edition}.parquet"
        (folder / name).mkdir(parents=True, exist_ok=True)
        pq.write_table(table, folder / rel)
        written.append(rel)
    return written


def publish(extractions: Sequence[Extraction], out_dir: Path) -> list[Path]:
    """Write all extractions, then move every file into `out_dir` in one final step."""
    return publish_staged(
        out_dir, lambda tmp: [rel for ex in extractions for rel in stage_tables(ex, tmp)]
    )


def publish_staged(out_dir: Path, stage: Callable[[Path], list[Path]]) -> list[Path]:
    """Let `stage` write files into a staging folder (returning their relative paths), then
    move them into `out_dir`; if `stage` fails, nothing in `out_dir` changes."""
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".staging-", dir=out_dir))
    try:
        written = stage(tmp)
        for rel in written:
            (out_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp / rel, out_dir / rel)
        write_datapackage(out_dir)
        return [out_dir / rel for rel in written]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
