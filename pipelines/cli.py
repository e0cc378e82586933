"""The `roadmap` command: extract, validate, crosscheck, diff, editions and the reading
commands (sql, tables, show, plot).

Errors are printed on stderr as one line naming the file or argument and the problem, with no
traceback; nothing in the output folder changes in that case.  Exit codes (README "Exit
codes"): 0 ok, 1 validation failed with --strict, 2 unusable input, 3 bad arguments,
130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

from extract.errors import InputError
from extract.reader import DEFAULT_READER, READERS
from pipelines import research_cli
from pipelines.args import ArgumentError, say
from pipelines.args import check_edition as _check_edition
from pipelines.exit_codes import EXIT_BAD_ARGS, EXIT_BAD_INPUT, EXIT_INTERRUPTED
from pipelines.journal import InterruptedAfterPublish, recover
from pipelines.rows import pipeline_version
from pipelines.usage import UsageError


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit code 3 (bad arguments)."""

    def error(self, message: str):
        print(f"{self.prog}: {message} (see --help)", file=sys.stderr)
        sys.exit(EXIT_BAD_ARGS)


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
    parser = _Parser(
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


def _fail(message: str, code: int = EXIT_BAD_INPUT) -> int:
    say(message)
    return code


def _prepare_out(out: Path, *editions: str | None) -> None:
    """For commands reading DIR: check edition arguments, finish or undo interrupted runs."""
    for edition in editions:
        _check_edition(edition, "EDITION")
    for note in recover(out):
        say(note)


def cmd_extract(args: argparse.Namespace) -> int:
    from pipelines.extract_cmd import ExtractOptions, run_extract

    options = ExtractOptions(args.reader, not args.no_cache, args.quiet, args.verbose)
    return run_extract(args.files, args.edition, args.out, args.strict, options)


def cmd_validate(args: argparse.Namespace) -> int:
    from pipelines.validate_cmd import run_validate

    _prepare_out(args.out, args.edition)
    return run_validate(args.out, args.edition, args.strict)


def cmd_crosscheck(args: argparse.Namespace) -> int:
    from pipelines.crosscheck import run_crosscheck

    _prepare_out(args.out, args.edition_a, args.edition_b)
    return run_crosscheck(args.out, args.edition_a, args.edition_b)


def cmd_diff(args: argparse.Namespace) -> int:
    from pipelines.diff_cmd import run_diff

    _prepare_out(args.out, args.old, args.new)
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


def _run(args: argparse.Namespace) -> int:
    from schemas.base import SchemaError  # loads pyarrow: imported where Ctrl-C is handled

    try:
        if getattr(args, "quiet", False):  # stdout stays empty; errors still reach stderr
            with open(os.devnull, "w") as devnull, contextlib.redirect_stdout(devnull):
                return COMMANDS[args.command](args)
        return COMMANDS[args.command](args)
    except SchemaError as exc:
        return _fail(f"output failed schema validation, nothing published: {exc}")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except ArgumentError as exc:
        return _fail(str(exc), EXIT_BAD_ARGS)
    except (InputError, UsageError) as exc:
        return _fail(str(exc))
    except InterruptedAfterPublish:
        return _fail("interrupted after publishing; the output is complete", EXIT_INTERRUPTED)
    except KeyboardInterrupt:
        return _fail("interrupted; nothing published, the output is unchanged", EXIT_INTERRUPTED)


if __name__ == "__main__":
    sys.exit(main())
