"""`roadmap validate [EDITION]`: check written output tables and record the verdict.

Reads `<out_dir>/<table>/<edition>.parquet` for every table present, runs
`extract.validation.validate`, writes `<out_dir>/validation/<edition>.json` atomically (a temp
file renamed into place, so an interrupted run leaves the previous report intact) and prints a
readable summary (the verdict on stdout, each error and warning on stderr).  With `strict`,
any error makes the exit code non-zero.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import pandas as pd

from extract.errors import InputError
from extract.validation import ValidationReport, validate
from pipelines.exit_codes import EXIT_BAD_INPUT, EXIT_INVALID, EXIT_OK
from pipelines.tables_io import VALIDATION_DIR, find_editions, read_tables


def write_report(report: ValidationReport, out_dir: Path) -> Path:
    """Write `<out_dir>/validation/<edition>.json` via a temp file and an atomic rename."""
    target_dir = out_dir / VALIDATION_DIR
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / f"{report.edition}.json"
    fd, tmp = tempfile.mkstemp(dir=target_dir, prefix=f".{report.edition}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(report.to_json() + "\n")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def validate_tables(
    tables: dict[str, pd.DataFrame], edition: str, out_dir: Path
) -> ValidationReport:
    """Validate in-memory tables and write the report (for the end of `roadmap extract`)."""
    report = validate(tables, edition)
    write_report(report, out_dir)
    return report


def run_validate(out_dir: Path, edition: str | None, strict: bool) -> int:
    """Validate one edition (or all found), print summaries, return the exit code."""
    out_dir = Path(out_dir)
    editions = [edition] if edition else find_editions(out_dir)
    if not editions:
        print(f"{out_dir}: no output tables found to validate", file=sys.stderr)
        return EXIT_BAD_INPUT
    failed = False
    for ed in editions:
        try:
            tables = read_tables(out_dir, ed)
        except InputError as exc:
            print(str(exc), file=sys.stderr)
            return EXIT_BAD_INPUT
        report = validate_tables(tables, ed, out_dir)
        print(report.headline())
        for line in report.finding_lines():  # errors and warnings on stderr, for scripts
            print(f"roadmap: {line}", file=sys.stderr)
        print(f"  report: {out_dir / VALIDATION_DIR / (ed + '.json')}")
        failed = failed or not report.ok
    return EXIT_INVALID if strict and failed else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point: `python -m pipelines.validate_cmd [EDITION] [--strict]`."""
    parser = argparse.ArgumentParser(prog="roadmap validate", description=__doc__)
    parser.add_argument("edition", nargs="?", help="edition to check (default: every one found)")
    parser.add_argument("--out", type=Path, default=Path("output"), help="output directory")
    parser.add_argument("--strict", action="store_true", help="exit 1 on any error")
    args = parser.parse_args(argv)
    return run_validate(args.out, args.edition, args.strict)


if __name__ == "__main__":
    sys.exit(main())
