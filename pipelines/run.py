"""Run the stages for one source document and collect the rows of every table.

read PDF -> layout -> structure -> tables -> link; each stage is a pure function, timed here,
and the result (`Extraction`) holds rows for every declared table, ready for the writer.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from extract.cover import edition_id
from extract.errors import InputError
from extract.layout import analyse_layout
from extract.link import link, link_rows
from extract.models import RawDocument, Structure
from extract.reader import sha256_of
from extract.repair import read_pdf_or_repair
from extract.structure import extract_structure
from extract.tables import extract_schedules, schedule_rows
from extract.tables.models import ScheduleSet
from pipelines.rows import Rows, body_rows, document_row, page_rows

Progress = Callable[[str], None]


@dataclass
class Extraction:
    """Everything extracted from one source: its edition, table rows and stage timings."""

    source: Path
    edition: str
    rows: Rows
    seconds: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)  # for the user (stderr), one line each

    def count(self, table: str) -> int:
        return len(self.rows.get(table, []))


@contextmanager
def _timed(seconds: dict[str, float], stage: str, progress: Progress) -> Iterator[None]:
    start = time.perf_counter()
    yield
    seconds[stage] = time.perf_counter() - start
    progress(f"  {stage:<10} {seconds[stage]:6.2f} s")


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


def extract_pdf(path: Path, edition: str | None = None, progress: Progress = print) -> Extraction:
    """All stages for one PDF (a damaged PDF is repaired first if it can be: see repair.py)."""
    seconds: dict[str, float] = {}
    with _timed(seconds, "read", progress):
        raw, repair_note = read_pdf_or_repair(path)
    if repair_note is None:
        return run_stages(raw, edition, progress, seconds)
    try:
        ex = run_stages(raw, edition, progress, seconds, repair_note)
    except InputError as exc:
        raise InputError(path, f"{repair_note}, but: {exc.problem}") from None
    ex.warnings.append(f"{path}: {repair_note}")
    return ex


def run_stages(
    raw: RawDocument,
    edition: str | None = None,
    progress: Progress = print,
    seconds: dict[str, float] | None = None,
    repair_note: str | None = None,
) -> Extraction:
    """The stages after reading (layout -> structure -> tables -> link), on a read PDF."""
    seconds = {} if seconds is None else seconds
    path = Path(raw.source_file)
    with _timed(seconds, "layout", progress):
        layout = analyse_layout(raw)
    with _timed(seconds, "structure", progress):
        structure = extract_structure(layout)
    check_is_roadmap(path, structure)
    edition = edition or edition_id(structure.cover)
    with _timed(seconds, "tables", progress):
        schedules = extract_schedules(raw, structure.attachment_page)
    with _timed(seconds, "link", progress):
        rows = content_rows(structure, schedules, edition)
    rows["documents"] = [
        document_row(
            structure, edition, path, raw.source_sha256, "pdf", len(raw.pages), repair_note
        )
    ]
    rows["pages"] = page_rows(layout.pages, structure, edition)
    return Extraction(path, edition, rows, seconds)


def extract_markdown(path: Path, edition: str | None = None, progress: Progress = print):
    """All stages for converter Markdown (no pages: page fields stay null)."""
    from extract.markdown import read_markdown  # imported lazily: only this route needs it

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


def extract_file(path: Path, edition: str | None = None, progress: Progress = print) -> Extraction:
    """Dispatch on the file type: Markdown by extension, everything else is read as a PDF."""
    if path.suffix.lower() in {".md", ".markdown"}:
        if not path.is_file():
            raise InputError(path, "no such file")
        return extract_markdown(path, edition, progress)
    return extract_pdf(path, edition, progress)
