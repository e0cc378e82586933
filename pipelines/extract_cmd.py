"""`roadmap extract`: check arguments, extract every input, validate, then publish.

Order matters for the user: arguments are checked before any work (exit 3); an unusable input
stops the run before anything is written (exit 2); validation runs on the staged tables (read
back from the staging folder) *before* publishing, so with `--strict` a failing edition
publishes nothing (exit 1); only then are all tables and validation reports published at once
(`pipelines.journal`).

Streams: stdout gets the progress and the summaries; stderr gets every error and warning, one
line each, so scripts see them.
"""

from __future__ import annotations

import io
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from extract.reader import DEFAULT_READER
from extract.validation import ValidationReport, validate
from pipelines.args import (
    ArgumentError,
    check_extract_args,
    is_valid_edition,
    say,
)
from pipelines.exit_codes import EXIT_INVALID, EXIT_OK
from pipelines.journal import recover
from pipelines.progress import make_reporter
from pipelines.run import Extraction, extract_file
from pipelines.stage_cache import CACHE_DIR, StageCache
from pipelines.tables_io import read_tables
from pipelines.writer import publish


@dataclass(frozen=True)
class ExtractOptions:
    """How to extract (not what): reader, stage cache, and how much to print."""

    reader: str = DEFAULT_READER
    cache: bool = True
    quiet: bool = False
    verbose: bool = False


def _extract_all(
    files: Sequence[Path], edition: str | None, options: ExtractOptions, cache: StageCache | None
) -> list[Extraction]:
    """Extract each input.  On a terminal its progress is shown live (bars); otherwise its
    header and stage timings are printed only once it succeeded, so a piped run that fails on
    an input prints nothing on stdout."""
    live = sys.stdout.isatty() and not options.quiet
    extractions = []
    for path in files:
        buffer = io.StringIO()
        reporter = make_reporter(options.quiet, options.verbose, None if live else buffer)
        reporter.say(f"{path}:")
        try:
            ex = extract_file(path, edition, reporter, options.reader, cache)
        finally:
            reporter.close()
        print(buffer.getvalue(), end="")
        for warning in ex.warnings:
            say(f"warning: {warning}")
        extractions.append(ex)
    return extractions


def _check_editions(extractions: Sequence[Extraction]) -> None:
    """Derived edition IDs must be usable file names and distinct across the inputs."""
    seen: dict[str, Path] = {}
    for ex in extractions:
        if not is_valid_edition(ex.edition):
            raise ArgumentError(
                f"{ex.source}: derived edition {ex.edition!r} is unusable; give --edition"
            )
        if ex.edition in seen:
            raise ArgumentError(
                f"{seen[ex.edition]} and {ex.source} are both edition {ex.edition}; "
                "extract them in separate runs with --edition"
            )
        seen[ex.edition] = ex.source


class ValidationRefused(Exception):
    """--strict and a staged edition failed validation: the run must publish nothing."""

    def __init__(self, reports: Sequence[ValidationReport]) -> None:
        super().__init__("validation failed")
        self.reports = list(reports)


def _reviewer(editions: Sequence[str], strict: bool, reports: list[ValidationReport]):
    """Validate the staged tables (as written, read back) before anything is published."""

    def review(staging: Path) -> dict[str, str]:
        reports.extend(validate(read_tables(staging, ed), ed) for ed in editions)
        if strict and not all(r.ok for r in reports):
            raise ValidationRefused(reports)
        return {r.edition: r.to_json() for r in reports}

    return review


def _refuse(reports: Sequence[ValidationReport]) -> int:
    """--strict and a failed validation: full summaries on stdout, one line on stderr."""
    failed = [r for r in reports if not r.ok]
    for report in reports:
        print(report.summary())
    detail = "; ".join(
        f"{r.edition}: {len(r.errors)} error(s) ({', '.join(sorted(r.codes('error')))})"
        for r in failed
    )
    say(f"validation failed, nothing published (--strict): {detail}")
    return EXIT_INVALID


def run_extract(
    files: Sequence[Path],
    edition: str | None,
    out: Path,
    strict: bool,
    options: ExtractOptions = ExtractOptions(),
) -> int:
    """The whole `extract` command; raises ArgumentError / InputError for the CLI to report.

    An output folder created by the argument check is removed again if the run publishes
    nothing, so a failed run leaves no trace."""
    created = check_extract_args(files, edition, out)
    try:
        return _run(files, edition, out, strict, options)
    finally:
        if created:
            _remove_if_empty(out)


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()  # fails, as it should, once anything was published into it
    except OSError:
        pass


def _run(
    files: Sequence[Path], edition: str | None, out: Path, strict: bool, options: ExtractOptions
) -> int:
    for note in recover(out):
        say(note)
    start = time.perf_counter()
    # The stage cache is written only once the run has published: a run that fails (on an
    # input, or validation with --strict) leaves `out`, cache included, as it was.
    cache = StageCache(out / CACHE_DIR, deferred=True) if options.cache else None
    extractions = _extract_all(files, edition, options, cache)
    _check_editions(extractions)
    reports: list[ValidationReport] = []
    print("writing and validating tables ...")
    try:
        publish(extractions, out, _reviewer([ex.edition for ex in extractions], strict, reports))
    except ValidationRefused as refused:
        return _refuse(refused.reports)
    if cache is not None:
        cache.commit()
    for ex, report in zip(extractions, reports, strict=True):
        print(report.headline())
        for line in report.finding_lines():
            say(line)
        print(
            f"{ex.edition}: {ex.count('measures')} measures, {ex.count('footnotes')} footnotes, "
            f"{ex.count('schedules')} schedules, {ex.count('schedule_cells')} cells, "
            f"{ex.count('kpis')} KPIs, {ex.count('pages')} pages "
            f"-> {out}/<table>/{ex.edition}.parquet"
        )
    print(f"done in {time.perf_counter() - start:.1f} s")
    return EXIT_OK
