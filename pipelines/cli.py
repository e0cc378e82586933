"""The `roadmap` command: extract, validate, crosscheck, editions.

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
from pipelines import research_cli
from pipelines.rows import pipeline_version
from pipelines.usage import UsageError
from schemas.base import SchemaError

EXIT_OK, EXIT_ERRORS, EXIT_BAD_INPUT = 0, 1, 2


class _Formatter(argparse.ArgumentDefaultsHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Show defaults in the help and keep the examples' line breaks."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        if action.default in (None, False) or action.help is None:
            return action.help  # a flag or an optional value: "(default: None)" says nothing
        return super()._get_help_string(action)


EXAMPLES = {
    "extract": """examples:
  roadmap extract raw/roadmap-fy2024-en.pdf
  roadmap extract raw/*.pdf --out output
  roadmap extract converted/roadmap-fy2024-en.md --out output-md   # converter Markdown
  roadmap extract scan.pdf --edition fy2024-scan --strict""",
    "validate": """examples:
  roadmap validate                  # every edition in ./output
  roadmap validate fy2024 --strict  # exit 1 if fy2024 has errors
  roadmap validate fy2024 --out output-md""",
    "crosscheck": """examples:
  roadmap extract raw/roadmap-fy2024-en.pdf roadmap-fy2024-en.md --out crosscheck
  roadmap crosscheck fy2024 fy2024-md --out crosscheck""",
    "diff": """examples:
  roadmap diff fy2023 fy2024
  roadmap diff fy2022-synthetic fy2023-synthetic --out output/demo""",
    "editions": """examples:
  roadmap editions
  roadmap editions --out crosscheck""",
}


def _sub(sub, name: str, help_text: str) -> argparse.ArgumentParser:
    return sub.add_parser(
        name,
        help=help_text,
        description=help_text[0].upper() + help_text[1:] + ".",
        epilog=EXAMPLES[name],
        formatter_class=_Formatter,
    )


def _out(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--out", type=Path, default=Path("output"), metavar="DIR", help=f"output folder {what}"
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="roadmap",
        description="Extract the coexistence roadmap PDF into Parquet datasets.",
        epilog="Run `roadmap COMMAND --help` for the arguments and examples of a command.",
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {pipeline_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    ext = _sub(sub, "extract", "extract roadmap PDFs (or a PDF converter's Markdown) into Parquet")
    ext.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="PDF",
        help="roadmap PDF file(s); a .md/.markdown file is read as a PDF converter's Markdown "
        "(edition id gets '-md', page fields stay null)",
    )
    ext.add_argument(
        "--edition",
        help="edition id to write under, e.g. fy2024 (default: derived from the cover's "
        "latest date; one input file only)",
    )
    _out(ext, "to write <table>/<edition>.parquet into")
    ext.add_argument("--strict", action="store_true", help="exit 1 when validation finds errors")
    ext.add_argument(
        "--reader",
        choices=READERS,
        default=DEFAULT_READER,
        help="PDF reader: pdfium (fast) or pdfplumber (the reference)",
    )
    ext.add_argument(
        "--no-cache", action="store_true", help="ignore and do not fill the stage cache OUT/.cache"
    )
    talk = ext.add_mutually_exclusive_group()
    talk.add_argument("--quiet", "-q", action="store_true", help="print nothing but errors")
    talk.add_argument("--verbose", "-v", action="store_true", help="print cache and page details")
    val = _sub(sub, "validate", "check the written tables of an edition")
    val.add_argument(
        "edition", nargs="?", help="edition id to check, e.g. fy2024 (default: every edition found)"
    )
    _out(val, "holding the tables")
    val.add_argument("--strict", action="store_true", help="exit 1 on any validation error")
    cc = _sub(sub, "crosscheck", "compare two extractions of the same document")
    cc.add_argument("edition_a", metavar="EDITION_A", help="first edition id, e.g. fy2024")
    cc.add_argument("edition_b", metavar="EDITION_B", help="second edition id, e.g. fy2024-md")
    _out(cc, "holding both editions' tables")
    dif = _sub(sub, "diff", "compare two editions: changes as Parquet and an HTML redline")
    dif.add_argument("old", metavar="OLD", help="the earlier edition, e.g. fy2023")
    dif.add_argument("new", metavar="NEW", help="the later edition, e.g. fy2024")
    _out(dif, "holding both editions (the changes are written there too)")
    eds = _sub(sub, "editions", "list the editions in an output folder with their sources")
    _out(eds, "to list")
    research_cli.add_commands(sub)
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


def cmd_diff(args: argparse.Namespace) -> int:
    from pipelines.diff_cmd import run_diff

    return run_diff(args.out, args.old, args.new)


def cmd_editions(args: argparse.Namespace) -> int:
    from pipelines.editions import run_editions

    return run_editions(args.out)


COMMANDS = {
    "extract": cmd_extract,
    "validate": cmd_validate,
    "crosscheck": cmd_crosscheck,
    "diff": cmd_diff,
    "editions": cmd_editions,
}
COMMANDS.update(research_cli.COMMANDS)


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
    except UsageError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return _fail("interrupted; nothing written")


if __name__ == "__main__":
    sys.exit(main())
