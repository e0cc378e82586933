"""Data types passed between pipeline stages.

Every stage is a pure function from one of these types to the next, so that any stage can be
re-run or tested alone (read PDF -> layout -> structure -> tables -> link -> write).
The types are plain frozen dataclasses: cheap to build in tests, hashable, and easy to cache.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# --------------------------------------------------------------------------- reader stage


@dataclass(frozen=True, slots=True)
class PageBox:
    """A rectangle on one physical page, PDF points from the page's top-left corner."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True, slots=True)
class Word:
    """One run of characters with a single font and size, as pdfplumber groups them.

    `space_before` records whether a visible gap separates it from the previous word on the
    same line; superscripts ("Japan" + "1") have none, which is how footnote calls are told
    apart from ordinary numbers.
    """

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    fontname: str
    size: float
    bold: bool
    upright: bool = True


@dataclass(frozen=True, slots=True)
class Rect:
    """A filled or stroked rectangle, line segment or curve bounding box on a page."""

    x0: float
    top: float
    x1: float
    bottom: float
    kind: str  # "rect", "line" or "curve"
    fill: bool = False
    stroke: bool = True
    dashed: bool = False
    points: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True, slots=True)
class PageData:
    """Everything the later stages need from one physical page."""

    page: int  # 1-based physical index
    width: float
    height: float
    words: tuple[Word, ...]
    graphics: tuple[Rect, ...]

    @property
    def orientation(self) -> str:
        return "landscape" if self.width > self.height else "portrait"


@dataclass(frozen=True, slots=True)
class RawDocument:
    """Output of the reader stage: the PDF's pages as words and graphics."""

    source_file: str
    source_sha256: str
    pages: tuple[PageData, ...]
    metadata: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    repair_note: str | None = None  # what was damaged and how it was repaired; None if intact


# --------------------------------------------------------------------------- layout stage


@dataclass(frozen=True, slots=True)
class Line:
    """A visual line of text on one page with its dominant typography.

    `text` keeps superscripts inline; `calls` lists the superscript numbers (footnote calls)
    and `plain` is the text without them, which is what paragraphs are built from.
    """

    page: int | None  # None for sources without pages (converter Markdown)
    text: str
    plain: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    fontname: str
    calls: tuple[int, ...] = ()
    lead_sup: str | None = None  # a superscript that starts the line (a footnote's number)
    role: str = "body"  # body | footnote | footer | header
    max_gap: float = 0.0  # widest gap between two words, in units of the text size


@dataclass(frozen=True, slots=True)
class PageLayout:
    """One page after layout analysis: lines in reading order with roles, and its label."""

    page: int
    width: float
    height: float
    label: str | None
    lines: tuple[Line, ...]
    label_line: int | None = None  # index in `lines` of the line that carries `label`

    @property
    def orientation(self) -> str:
        return "landscape" if self.width > self.height else "portrait"


@dataclass(frozen=True, slots=True)
class LayoutDocument:
    """Output of the layout stage; `body_size` is the document's dominant text size."""

    raw: RawDocument
    pages: tuple[PageLayout, ...]
    body_size: float
    body_left: float
    body_font: str = ""  # font family of the running text (see extract.layout.font_family)


# --------------------------------------------------------------------------- structure stage


@dataclass(frozen=True, slots=True)
class Cover:
    title: str
    decided: date | None
    revisions: tuple[date, ...]
    issuer: str | None = None


@dataclass(frozen=True, slots=True)
class TocEntry:
    text: str
    printed_page: str | None
    page: int


@dataclass(frozen=True, slots=True)
class Heading:
    heading_id: str
    level: int
    kind: str  # chapter | section | key_point | subhead | subsection | theme | attachment
    number: str | None
    text: str
    page: int | None
    label: str | None
    parent_id: str | None
    toc_label: str | None = None
    boxes: tuple[PageBox, ...] = ()


@dataclass(frozen=True, slots=True)
class Footnote:
    footnote_no: int
    text: str
    page: int | None
    label: str | None
    call_page: int | None = None  # first page calling it; None without pages or calls
    called: bool = False  # called somewhere in the body (also for sources without pages)
    boxes: tuple[PageBox, ...] = ()


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A body paragraph re-joined across page breaks; `heading_id` is its nearest heading."""

    text: str
    page_start: int | None
    page_end: int | None
    label_start: str | None
    label_end: str | None
    heading_id: str | None
    bullet: bool = False
    calls: tuple[int, ...] = ()
    call_pages: tuple[int | None, ...] = ()  # page of each call, parallel to `calls`
    measure_no: int | None = None  # the measure whose text the paragraph is part of


@dataclass(frozen=True, slots=True)
class Measure:
    measure_no: int
    key_point: int | None
    subsection: str | None
    subsection_title: str | None
    theme: str | None
    text: str
    ministries: tuple[str, ...]
    ministries_raw: str | None
    refs_raw: str | None
    page_start: int | None
    page_end: int | None
    label_start: str | None
    label_end: str | None
    boxes: tuple[PageBox, ...] = ()


@dataclass(frozen=True, slots=True)
class Structure:
    """Output of the structure stage: the body of the roadmap as records."""

    cover: Cover
    toc: tuple[TocEntry, ...]
    headings: tuple[Heading, ...]
    paragraphs: tuple[Paragraph, ...]
    footnotes: tuple[Footnote, ...]
    measures: tuple[Measure, ...]
    attachment_page: int | None  # first physical page of the work-schedule attachment
