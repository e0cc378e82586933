"""Data types of the work-schedule stage ("Work Schedule for Specific Measures").

They are independent of PDF internals on purpose: a Markdown reader can build the same
`ScheduleSet` from converter output, so every page and bounding-box field is nullable.
A linking stage only needs `ScheduleSet.measures_by_schedule()`.
"""

from __future__ import annotations

from dataclasses import dataclass

from extract.models import PageBox

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points, top-left origin


@dataclass(frozen=True, slots=True)
class ScheduleCell:
    """One fiscal-year cell (or arrow) of a roadmap row with its exact span.

    `half_start`/`half_end` are "H1"/"H2" where the table splits that year into halves and
    None otherwise (also for an unsplit year inside a half-year table).
    """

    fy_start: int
    fy_end: int
    half_start: str | None
    half_end: str | None
    text: str
    measure_nos: tuple[int, ...] = ()
    page: int | None = None
    bbox: BBox | None = None
    row_measure_nos: tuple[int, ...] = ()  # set by extract.tables.attribution
    measure_source: str | None = None


@dataclass(frozen=True, slots=True)
class Kpi:
    """One KPI item (a KPI cell with several bullets or paragraphs is several items).

    `text` is always the raw item; the target fields are set only where the text states a
    numeric target.
    """

    item_index: int
    text: str
    measure_nos: tuple[int, ...] = ()
    target_value: float | None = None
    target_unit: str | None = None
    target_fy: int | None = None
    comparator: str | None = None
    page: int | None = None
    row_measure_nos: tuple[int, ...] = ()  # set by extract.tables.attribution
    measure_source: str | None = None


@dataclass(frozen=True, slots=True)
class PolicyLine:
    """One visual line of a 'Specific policies' cell, with where it is printed."""

    text: str
    page: int | None
    top: float
    bottom: float


@dataclass(frozen=True, slots=True)
class ScheduleRow:
    """A roadmap row: its policy, its fiscal-year cells and its KPI.

    A policy or KPI cell spanning several rows is repeated on each of them with
    `*_inherited=True` from the second row on; `kpis` holds the parsed items only on the row
    where the KPI cell starts (so that counting KPIs does not count a spanning cell twice).
    """

    row_index: int
    policy: str | None
    cells: tuple[ScheduleCell, ...]
    kpi: str | None
    kpis: tuple[Kpi, ...] = ()
    policy_inherited: bool = False
    kpi_inherited: bool = False
    kpi_row_end: int | None = None  # last row index the KPI cell covers
    page: int | None = None
    page_end: int | None = None
    policy_lines: tuple[PolicyLine, ...] = ()  # lines of the policy cell (PDF route only)


@dataclass(frozen=True, slots=True)
class Schedule:
    """One work-schedule table, stitched across pages."""

    schedule_id: str
    title: str
    measure_nos: tuple[int, ...]
    extra_refs: tuple[int, ...]
    labels: tuple[str, ...]
    five_year_goal: str | None
    outline: str | None
    rows: tuple[ScheduleRow, ...]
    half_year: bool = False
    page_start: int | None = None
    page_end: int | None = None
    label_start: str | None = None
    label_end: str | None = None
    boxes: tuple[PageBox, ...] = ()  # where the table is printed, one box per page


@dataclass(frozen=True, slots=True)
class ScheduleSet:
    """Output of the tables stage: every work-schedule table in document order."""

    schedules: tuple[Schedule, ...]
    attachment_page: int | None = None
    method: str = "pdfplumber"  # how the cells were found: pdfplumber | camelot | markdown

    def measures_by_schedule(self) -> dict[str, tuple[int, ...]]:
        """schedule_id -> measure numbers the table covers (what the linking stage needs)."""
        return {s.schedule_id: s.measure_nos for s in self.schedules}
