"""The `roadmap` command: extract, validate, crosscheck.

Errors are printed on stderr as one line naming the file or argument and the problem, with no
traceback; nothing in the output folder changes in that case.  Exit codes (README "Exit
codes"): 0 ok, 1 validation failed with --strict, 2 unusable input, 3 bad arguments,
130 interrupted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from extract.errors import InputError
from pipelines.args import (
    EXIT_BAD_ARGS,
    EXIT_BAD_INPUT,
    EXIT_INTERRUPTED,
    ArgumentError,
    check_edition,
    say,
)
from pipelines.journal import InterruptedAfterPublish, recover


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr and exit code 3 (bad arguments)."""

    def error(self, message: str):
        print(f"{self.prog}: {message} (see --help)", file=sys.stderr)
        sys.exit(EXIT_BAD_ARGS)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="roadmap", description="Extract the coexistence roadmap PDF into Parquet datasets."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    ext = sub.add_parser("extract", help="extract PDFs (or converter Markdown) into Parquet")
    ext.add_argument("files", nargs="+", type=Path, metavar="PDF")
    ext.add_argument("--edition", help="edition ID (default: derived from the cover)")
    ext.add_argument("--out", type=Path, default=Path("output"), help="output folder")
    ext.add_argument("--strict", action="store_true", help="exit non-zero on validation errors")
    val = sub.add_parser("validate", help="check written tables of an edition")
    val.add_argument("edition", nargs="?")
    val.add_argument("--out", type=Path, default=Path("output"))
    val.add_argument("--strict", action="store_true", help="exit non-zero on any error")
    cc = sub.add_parser("crosscheck", help="compare two extractions of the same document")
    cc.add_argument("edition_a")
    cc.add_argument("edition_b")
    cc.add_argument("--out", type=Path, default=Path("output"))
    return parser


def _fail(message: str, code: int = EXIT_BAD_INPUT) -> int:
    say(message)
    return code


def _prepare_out(out: Path, *editions: str | None) -> None:
    """For commands reading DIR: check edition arguments, finish or undo interrupted runs."""
    for edition in editions:
        check_edition(edition, "EDITION")
    for note in recover(out):
        say(note)


def cmd_extract(args: argparse.Namespace) -> int:
    from pipelines.extract_cmd import run_extract

    return run_extract(args.files, args.edition, args.out, args.strict)


def cmd_validate(args: argparse.Namespace) -> int:
    from pipelines.validate_cmd import run_validate

    _prepare_out(args.out, args.edition)
    return run_validate(args.out, args.edition, args.strict)


def cmd_crosscheck(args: argparse.Namespace) -> int:
    from pipelines.crosscheck import run_crosscheck

    _prepare_out(args.out, args.edition_a, args.edition_b)
    return run_crosscheck(args.out, args.edition_a, args.edition_b)


COMMANDS = {"extract": cmd_extract, "validate": cmd_validate, "crosscheck": cmd_crosscheck}


def _run(args: argparse.Namespace) -> int:
    from schemas.base import SchemaError  # loads pyarrow: imported where Ctrl-C is handled

    try:
        return COMMANDS[args.command](args)
    except SchemaError as exc:
        return _fail(f"output failed schema validation, nothing published: {exc}")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except ArgumentError as exc:
        return _fail(str(exc), EXIT_BAD_ARGS)
    except InputError as exc:
        return _fail(str(exc))
    except InterruptedAfterPublish:
        return _fail("interrupted after publishing; the output is complete", EXIT_INTERRUPTED)
    except KeyboardInterrupt:
        return _fail("interrupted; nothing published, the output is unchanged", EXIT_INTERRUPTED)


if __name__ == "__main__":
    sys.exit(main())
