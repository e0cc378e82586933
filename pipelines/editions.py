"""`roadmap editions`: which editions an output folder holds, and where each came from.

Several editions side by side in one folder are easy to mix up (`pd.read_parquet("output/
measures")` reads them all), so this lists them with their source file, format, hash and the
official source from `documents`, and how many tables each has.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyarrow.parquet as pq

from extract.errors import InputError
from pipelines.exit_codes import EXIT_BAD_INPUT, EXIT_OK
from pipelines.tables_io import find_editions

COLUMNS = ("edition", "format", "tables", "source_file", "sha256", "source")


def edition_rows(out_dir: Path) -> list[dict]:
    """One dict per edition in `out_dir`: its documents row (if written) and table count."""
    rows = []
    for edition in find_editions(out_dir):
        doc_path = out_dir / "documents" / f"{edition}.parquet"
        doc = {}
        if doc_path.is_file():
            try:
                doc = (pq.read_table(doc_path).to_pylist() or [{}])[0]
            except Exception as exc:  # pyarrow raises several types for a damaged file
                raise InputError(doc_path, f"cannot read Parquet table ({exc})") from None
        source = " · ".join(x for x in (doc.get("source_note"), doc.get("source_url")) if x)
        rows.append(
            {
                "edition": edition,
                "format": doc.get("source_format") or "?",
                "tables": len(list(out_dir.glob(f"*/{edition}.parquet"))),
                "source_file": doc.get("source_file") or "?",
                "sha256": (doc.get("source_sha256") or "?")[:12],
                "source": source or "(not in sources.json)",
            }
        )
    return rows


def render(rows: list[dict]) -> str:
    """A plain aligned text table."""
    widths = {c: max([len(c), *(len(str(r[c])) for r in rows)]) for c in COLUMNS}
    lines = ["  ".join(c.ljust(widths[c]) for c in COLUMNS).rstrip()]
    lines += ["  ".join(str(r[c]).ljust(widths[c]) for c in COLUMNS).rstrip() for r in rows]
    return "\n".join(lines)


def run_editions(out_dir: Path) -> int:
    """Print the editions of `out_dir`; 2 when it holds none."""
    rows = edition_rows(Path(out_dir))
    if not rows:
        print(f"roadmap: {out_dir}: no editions found (run `roadmap extract`)", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(render(rows))
    return EXIT_OK
