"""Turn the structure stage's records into rows of the declared body tables."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from extract.boxes import box_rows
from extract.models import Measure, PageLayout, Paragraph, Structure
from extract.sources import source_info
from extract.toc import match_toc
from schemas.base import declared_row

Rows = dict[str, list[dict]]


def pipeline_version() -> str:
    try:
        return version("roadmap-extract")
    except PackageNotFoundError:  # running from a source tree without installation
        return "0+unknown"


def document_row(
    structure: Structure,
    edition: str,
    source: Path,
    sha256: str,
    source_format: str,
    page_count: int | None,
    repair_note: str | None = None,
) -> dict:
    cover = structure.cover
    info = source_info(sha256, source)
    return declared_row(
        "documents",
        edition=edition,
        title=cover.title,
        decided=cover.decided,
        revisions=list(cover.revisions),
        issuer=cover.issuer,
        source_file=source.name,
        source_path=str(source.resolve()),
        source_sha256=sha256,
        source_format=source_format,
        page_count=page_count,
        repaired=repair_note is not None,
        repair_note=repair_note,
        attachment_page=structure.attachment_page,
        pipeline_version=pipeline_version(),
        source_url=info.url if info else None,
        source_note=info.note if info else None,
    )


def page_rows(pages: tuple[PageLayout, ...], structure: Structure, edition: str) -> list[dict]:
    toc_pages = {e.page for e in structure.toc}
    att = structure.attachment_page

    def section(page: int) -> str:
        if page == 1:
            return "cover"
        if page in toc_pages:
            return "toc"
        return "attachment" if att is not None and page >= att else "body"

    return [
        declared_row(
            "pages",
            edition=edition,
            page=p.page,
            label=p.label,
            width=round(p.width, 2),
            height=round(p.height, 2),
            orientation=p.orientation,
            section=section(p.page),
        )
        for p in pages
    ]


def toc_rows(structure: Structure, edition: str) -> list[dict]:
    matches = match_toc(structure.headings, structure.toc)
    return [
        declared_row(
            "toc",
            edition=edition,
            entry_no=i + 1,
            text=entry.text,
            label=entry.printed_page,
            heading_id=structure.headings[matches[i]].heading_id if i in matches else None,
            page=entry.page,
        )
        for i, entry in enumerate(structure.toc)
    ]


def measure_row(m: Measure, edition: str) -> dict:
    """One row of the measures table."""
    return declared_row(
        "measures",
        edition=edition,
        measure_no=m.measure_no,
        key_point=m.key_point,
        subsection=m.subsection,
        subsection_title=m.subsection_title,
        theme=m.theme,
        text=m.text,
        ministries=list(m.ministries),
        ministries_raw=m.ministries_raw,
        refs_raw=m.refs_raw,
        page_start=m.page_start,
        page_end=m.page_end,
        label_start=m.label_start,
        label_end=m.label_end,
        boxes=box_rows(m.boxes),
    )


def body_rows(structure: Structure, edition: str) -> Rows:
    """Rows for headings, paragraphs, measures, footnotes and toc."""
    return {
        "headings": [
            declared_row(
                "headings",
                edition=edition,
                heading_id=h.heading_id,
                level=h.level,
                kind=h.kind,
                number=h.number,
                text=h.text,
                page=h.page,
                label=h.label,
                parent_id=h.parent_id,
                label_toc=h.toc_label,
                boxes=box_rows(h.boxes),
            )
            for h in structure.headings
        ],
        "paragraphs": [
            declared_row(
                "paragraphs",
                edition=edition,
                paragraph_no=i,
                heading_id=p.heading_id,
                text=p.text,
                bullet=p.bullet,
                footnote_calls=list(p.calls),
                measure_no=p.measure_no,
                page_start=p.page_start,
                page_end=p.page_end,
                label_start=p.label_start,
                label_end=p.label_end,
            )
            for i, p in enumerate(structure.paragraphs, 1)
        ],
        "measures": [measure_row(m, edition) for m in structure.measures],
        "footnotes": [
            declared_row(
                "footnotes",
                edition=edition,
                footnote_no=f.footnote_no,
                text=f.text,
                page=f.page,
                label=f.label,
                call_page=f.call_page,
                called=f.called,
                boxes=box_rows(f.boxes),
            )
            for f in structure.footnotes
        ],
        "toc": toc_rows(structure, edition),
        "measure_ministries": measure_ministry_rows(structure.measures, edition),
        "footnote_calls": footnote_call_rows(structure.paragraphs, edition),
    }


def measure_ministry_rows(measures: tuple[Measure, ...], edition: str) -> list[dict]:
    """measures.ministries in tidy form, catch-alls flagged so they can be left out of counts."""
    from extract.ministries import is_generic  # lazily: spaCy is slow to import for `--help`

    return [
        declared_row(
            "measure_ministries",
            edition=edition,
            measure_no=m.measure_no,
            ministry=name,
            generic=is_generic(name),
            position=position,
        )
        for m in measures
        for position, name in enumerate(m.ministries, 1)
    ]


def _label_of(p: Paragraph, page: int | None) -> str | None:
    """The printed label of a page the paragraph is on (known for its first and last page)."""
    if page is not None and page == p.page_start:
        return p.label_start
    if page is not None and page == p.page_end:
        return p.label_end
    return None


def footnote_call_rows(paragraphs: tuple[Paragraph, ...], edition: str) -> list[dict]:
    """One row per (footnote, calling paragraph): where it is called and from which measure."""
    rows: dict[tuple[int, int], dict] = {}
    for paragraph_no, p in enumerate(paragraphs, 1):
        pages = p.call_pages or (None,) * len(p.calls)
        for footnote_no, page in zip(p.calls, pages, strict=True):
            page = page if page is not None else p.page_start
            rows.setdefault(
                (footnote_no, paragraph_no),
                declared_row(
                    "footnote_calls",
                    edition=edition,
                    footnote_no=footnote_no,
                    paragraph_no=paragraph_no,
                    page=page,
                    label=_label_of(p, page),
                    measure_no=p.measure_no,
                ),
            )
    return sorted(rows.values(), key=lambda r: (r["footnote_no"], r["paragraph_no"]))
