"""The `roadmap` command: extract, validate, crosscheck.

Errors about the input are printed as one line naming the file and the problem, with a
non-zero exit and no traceback; nothing in the output folder changes in that case.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from pathlib import Path

from extract.errors import InputError
from extract.reader import DEFAULT_READER, READERS
from schemas.base import SchemaError

EXIT_OK, EXIT_ERRORS, EXIT_BAD_INPUT = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="roadmap", description="Extract the coexistence roadmap PDF into Parquet datasets."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    ext = sub.add_parser("extract", help="extract PDFs (or converter Markdown) into Parquet")
    ext.add_argument("files", nargs="+", type=Path, metavar="PDF")
    ext.add_argument("--edition", help="edition ID (default: derived from the cover)")
    ext.add_argument("--out", type=Path, default=Path("output"), help="output folder")
    ext.add_argument("--strict", action="store_true", help="exit non-zero on validation errors")
    ext.add_argument(
        "--reader",
        choices=READERS,
        default=DEFAULT_READER,
        help="PDF reader: pdfium (fast, default) or pdfplumber (the reference)",
    )
    ext.add_argument(
        "--no-cache", action="store_true", help="ignore and do not fill the stage cache OUT/.cache"
    )
    talk = ext.add_mutually_exclusive_group()
    talk.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    talk.add_argument("--verbose", "-v", action="store_true", help="print cache and page details")
    val = sub.add_parser("validate", help="check written tables of an edition")
    val.add_argument("edition", nargs="?")
    val.add_argument("--out", type=Path, default=Path("output"))
    val.add_argument("--strict", action="store_true", help="exit non-zero on any error")
    cc = sub.add_parser("crosscheck", help="compare two extractions of the same document")
    cc.add_argument("edition_a")
    cc.add_argument("edition_b")
    cc.add_argument("--out", type=Path, default=Path("output"))
    return parser


def _fail(message: str) -> int:
    print(f"roadmap: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def cmd_extract(args: argparse.Namespace) -> int:
    from pipelines.progress import make_reporter
    from pipelines.run import extract_file
    from pipelines.stage_cache import CACHE_DIR, StageCache
    from pipelines.validate_cmd import validate_tables
    from pipelines.writer import publish

    if args.edition and len(args.files) > 1:
        return _fail("--edition applies to one input file; give one file or drop --edition")
    start = time.perf_counter()
    reporter = make_reporter(args.quiet, args.verbose)
    cache = None if args.no_cache else StageCache(args.out / CACHE_DIR, deferred=True)
    extractions = []
    try:
        for path in args.files:
            reporter.say(f"{path}:")
            extractions.append(extract_file(path, args.edition, reporter, args.reader, cache))
    finally:
        reporter.close()
    if cache is not None:  # only now: a run that fails on an input leaves --out untouched
        cache.commit()
    editions = [ex.edition for ex in extractions]
    if len(set(editions)) < len(editions):
        return _fail(f"two inputs have the same edition {editions}; use --edition")
    print("writing tables ...")
    publish(extractions, args.out)
    failed = False
    for ex in extractions:
        tables = {name: _frame(rows) for name, rows in ex.rows.items()}
        report = validate_tables(tables, ex.edition, args.out)
        failed = failed or not report.ok
        print(report.summary())
        print(
            f"{ex.edition}: {ex.count('measures')} measures, {ex.count('footnotes')} footnotes, "
            f"{ex.count('schedules')} schedules, {ex.count('schedule_cells')} cells, "
            f"{ex.count('kpis')} KPIs, {ex.count('pages')} pages "
            f"-> {args.out}/<table>/{ex.edition}.parquet"
        )
    print(f"done in {time.perf_counter() - start:.1f} s")
    return EXIT_ERRORS if args.strict and failed else EXIT_OK


def _frame(rows: list[dict]):
    import pandas as pd

    return pd.DataFrame(rows)


def cmd_validate(args: argparse.Namespace) -> int:
    from pipelines.validate_cmd import run_validate

    return run_validate(args.out, args.edition, args.strict)


def cmd_crosscheck(args: argparse.Namespace) -> int:
    from pipelines.crosscheck import run_crosscheck

    return run_crosscheck(args.out, args.edition_a, args.edition_b)


COMMANDS = {"extract": cmd_extract, "validate": cmd_validate, "crosscheck": cmd_crosscheck}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if getattr(args, "quiet", False):  # stdout stays empty; errors still reach stderr
            with open(os.devnull, "w") as devnull, contextlib.redirect_stdout(devnull):
                return COMMANDS[args.command](args)
        return COMMANDS[args.command](args)
    except InputError as exc:
        return _fail(str(exc))
    except SchemaError as exc:
        return _fail(f"output failed schema validation, nothing written: {exc}")
    except KeyboardInterrupt:
        return _fail("interrupted; nothing written")


if __name__ == "__main__":
    sys.exit(main())
