"""Run the stages for one source document and collect the rows of every table.

read PDF -> layout -> structure -> tables -> link; each stage is a pure function, timed here,
and the result (`Extraction`) holds rows for every declared table, ready for the writer.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from extract.cover import edition_id
from extract.errors import InputError
from extract.layout import analyse_layout
from extract.link import link, link_rows
from extract.models import LayoutDocument, RawDocument, Structure
from extract.reader import DEFAULT_READER, sha256_of
from extract.repair import read_pdf_or_repair
from extract.structure import extract_structure
from extract.tables import camelot_finder, extract_schedules, schedule_rows
from extract.tables.models import ScheduleSet
from pipelines.progress import Reporter, as_reporter
from pipelines.rows import Rows, body_rows, document_row, page_rows
from pipelines.stage_cache import STAGES, StageCache, stage_keys

Progress = Reporter | Callable[[str], None] | None


@dataclass
class Extraction:
    """Everything extracted from one source: its edition, table rows and stage timings."""

    source: Path
    edition: str
    rows: Rows
    seconds: dict[str, float] = field(default_factory=dict)
    cached: tuple[str, ...] = ()  # stages whose result came from the cache
    warnings: list[str] = field(default_factory=list)  # for the user (stderr), one line each

    def count(self, table: str) -> int:
        return len(self.rows.get(table, []))


@contextmanager
def _timed(seconds: dict[str, float], stage: str, reporter: Reporter) -> Iterator[None]:
    reporter.start(stage)
    start = time.perf_counter()
    yield
    seconds[stage] = time.perf_counter() - start
    reporter.finish(stage, seconds[stage])


def check_is_roadmap(path: Path, structure: Structure) -> None:
    """A document with no numbered measures is not a roadmap this tool can extract."""
    if not structure.measures:
        raise InputError(path, "not a roadmap document (no numbered measures '<N>' found)")
    if structure.cover.decided is None and not structure.cover.revisions:
        raise InputError(path, "not a roadmap document (no decision date on the cover)")


def content_rows(structure: Structure, schedules: ScheduleSet, edition: str) -> Rows:
    """Rows of the body, schedule and link tables (the link stage runs here)."""
    rows = body_rows(structure, edition)
    rows.update(schedule_rows(schedules, edition))
    result = link(structure.measures, schedules.measures_by_schedule())
    rows.update(link_rows(result, edition))
    return rows


def extract_pdf(
    path: Path,
    edition: str | None = None,
    progress: Progress = print,
    reader: str = DEFAULT_READER,
    cache: StageCache | None = None,
    workers: int | None = None,
) -> Extraction:
    """All stages for one PDF, each stage's result taken from `cache` when it holds it."""
    return _PdfRun(Path(path), edition, as_reporter(progress), reader, cache, workers).run()


class _PdfRun:
    """One PDF through the stages, in order; with a cache, each stage is loaded or computed."""

    def __init__(self, path, edition, reporter, reader, cache, workers) -> None:
        self.path, self.edition, self.reporter = path, edition, reporter
        self.reader, self.cache, self.workers = reader, cache, workers
        self.seconds: dict[str, float] = {}
        self.cached: list[str] = []
        self.values: dict[str, object] = {}
        self.sha = self.keys = None

    def run(self) -> Extraction:
        if self.cache is not None:
            self.sha = sha256_of(self.path) if self.path.is_file() else "missing"
            self.keys = stage_keys(self.sha, self.reader, f"{self.path.name}|{self.edition or ''}")
            final = self.cache.load(self.sha, STAGES[-1], self.keys[STAGES[-1]])
            if final is not None:
                for stage in STAGES:
                    self.reporter.finish(stage, 0.0, cached=True)
                self.reporter.detail(f"cache hit: {self.keys[STAGES[-1]][:12]} (all stages)")
                edition, rows = final
                return self._extraction(edition, rows, {}, STAGES)
        try:
            for stage in STAGES:
                self.values[stage] = self._resolve(stage)
        except InputError as exc:
            note = getattr(self.values.get("read"), "repair_note", None)
            if note is None:
                raise
            raise InputError(self.path, f"{note}, but: {exc.problem}") from None
        edition, rows = self.values[STAGES[-1]]
        return self._extraction(edition, rows, self.seconds, tuple(self.cached))

    def _extraction(self, edition, rows, seconds, cached) -> Extraction:
        """The result; a repaired source is also said in a warning (from the documents row,
        so that a cache hit warns too)."""
        notes = [d["repair_note"] for d in rows.get("documents", []) if d.get("repair_note")]
        warnings = [f"{self.path}: {note}" for note in notes]
        return Extraction(self.path, edition, rows, seconds, cached, warnings)

    def _resolve(self, stage: str):
        if self.cache is not None:
            stored = self.cache.load(self.sha, stage, self.keys[stage])
            if stored is not None:
                self.cached.append(stage)
                self.reporter.finish(stage, 0.0, cached=True)
                self.reporter.detail(f"cache hit: {self.keys[stage][:12]}")
                return self._restore(stage, stored)
        with _timed(self.seconds, stage, self.reporter):
            value = getattr(self, f"_{stage}")()
        if self.cache is not None:
            self.cache.store(self.sha, stage, self.keys[stage], self._strip(stage, value))
            self.reporter.detail(f"cache miss, stored: {self.keys[stage][:12]}")
        return value

    def _strip(self, stage: str, value):
        """The layout holds the raw document; it is cached once, under the reader stage."""
        return replace(value, raw=None) if stage == "layout" else value

    def _restore(self, stage: str, value):
        if stage == "read":  # the same bytes may sit at another path now
            return replace(value, source_file=str(self.path))
        if stage == "layout":
            return replace(value, raw=self.values["read"])
        return value

    def _read(self) -> RawDocument:
        def on_pages(done: int, total: int) -> None:
            self.reporter.advance("read", done, total)

        raw = read_pdf_or_repair(self.path, self.reader, self.workers, on_pages)
        self.reporter.detail(f"{len(raw.pages)} pages with the {self.reader} reader")
        return raw

    def _layout(self) -> LayoutDocument:
        return analyse_layout(self.values["read"])

    def _structure(self) -> Structure:
        structure = extract_structure(self.values["layout"])
        check_is_roadmap(self.path, structure)
        return structure

    def _tables(self) -> ScheduleSet:
        structure = self.values["structure"]
        check_is_roadmap(self.path, structure)  # also when the structure came from the cache
        layout = self.values["layout"]
        finder = camelot_finder(layout.raw.source_file)  # read only for pages without vector rules
        return extract_schedules(layout, structure.attachment_page, find_rules=finder)

    def _link(self) -> tuple[str, Rows]:
        raw, layout = self.values["read"], self.values["layout"]
        structure, schedules = self.values["structure"], self.values["tables"]
        edition = self.edition or edition_id(structure.cover)
        rows = content_rows(structure, schedules, edition)
        rows["documents"] = [
            document_row(
                structure,
                edition,
                self.path,
                raw.source_sha256,
                "pdf",
                len(raw.pages),
                raw.repair_note,
            )
        ]
        rows["pages"] = page_rows(layout.pages, structure, edition)
        return edition, rows


def run_stages(
    raw: RawDocument,
    edition: str | None = None,
    progress: Progress = print,
    seconds: dict[str, float] | None = None,
) -> Extraction:
    """The stages after reading (layout -> structure -> tables -> link), on a read PDF."""
    run = _PdfRun(Path(raw.source_file), edition, as_reporter(progress), "", None, None)
    run.values["read"] = raw
    for stage in STAGES[1:]:
        run.values[stage] = run._resolve(stage)
    edition, rows = run.values[STAGES[-1]]
    return run._extraction(edition, rows, {**(seconds or {}), **run.seconds}, ())


def extract_markdown(path: Path, edition: str | None = None, progress: Progress = print):
    """All stages for converter Markdown (no pages: page fields stay null)."""
    from extract.markdown import read_markdown  # imported lazily: only this route needs it

    progress = as_reporter(progress)
    seconds: dict[str, float] = {}
    with _timed(seconds, "read", progress):
        structure, schedules = read_markdown(path)
    check_is_roadmap(path, structure)
    edition = edition or edition_id(structure.cover) + "-md"
    with _timed(seconds, "link", progress):
        rows = content_rows(structure, schedules, edition)
    rows["documents"] = [document_row(structure, edition, path, sha256_of(path), "markdown", None)]
    rows["pages"] = []
    return Extraction(path, edition, rows, seconds)


def extract_file(
    path: Path,
    edition: str | None = None,
    progress: Progress = print,
    reader: str = DEFAULT_READER,
    cache: StageCache | None = None,
) -> Extraction:
    """Dispatch on the file type: Markdown by extension, everything else is read as a PDF."""
    if path.suffix.lower() in {".md", ".markdown"}:
        if not path.is_file():
            raise InputError(path, "no such file")
        return extract_markdown(path, edition, progress)
    return extract_pdf(path, edition, progress, reader, cache)
