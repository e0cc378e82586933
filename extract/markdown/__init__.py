"""Second reader: the roadmap as Markdown produced by a PDF converter.

`read_markdown` parses the converter's text into the same `Structure` and `ScheduleSet` the PDF
route produces, with every page, label and bounding-box field None (the text has no pages).
The body walk, heading rules, measure tags, ministries and cover patterns are the PDF route's
own; only what is specific to the Markdown (paragraph splitting, `<sup>` footnotes, HTML cells,
tab-separated tables) lives in this package.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from extract.errors import InputError
from extract.markdown.body import BodyReader
from extract.markdown.front import (
    body_start,
    parse_cover,
    parse_toc,
    toc_start,
)
from extract.markdown.inline import plain
from extract.markdown.repairs import repair_toc
from extract.markdown.schedules import read_schedules
from extract.markdown.source import MdPara, split_paragraphs
from extract.markdown.walk import walk
from extract.models import Structure
from extract.structure import attach_toc
from extract.tables.models import ScheduleSet
from extract.wording import matches

__all__ = ["read_markdown", "parse_markdown"]


def _attachment_index(paras: list[MdPara], start: int) -> int | None:
    """The heading (or bold line) that opens the work-schedule attachment."""
    for i in range(start, len(paras)):
        para = paras[i]
        if (para.kind == "heading" or para.bold) and matches("attachment_heading", plain(para.raw)):
            return i
    return None


def parse_markdown(text: str, source: str = "<markdown>") -> tuple[Structure, ScheduleSet]:
    """Pure core of `read_markdown`, on the text itself."""
    paras = split_paragraphs(text)
    toc_at = toc_start(paras)
    first = body_start(paras, toc_at)
    cover = parse_cover(paras[: toc_at if toc_at is not None else first])
    toc = parse_toc(paras[toc_at + 1 : first]) if toc_at is not None else []
    att = _attachment_index(paras, first)
    body = BodyReader()
    body.read(paras[first:att])
    att_title = plain(paras[att].raw) if att is not None else None
    walker = walk(body.units, source, att_title)
    toc = repair_toc(toc, {h.text for h in walker.headings})
    schedules = read_schedules(paras[att + 1 :] if att is not None else [])
    structure = Structure(
        cover=cover,
        toc=tuple(toc),
        headings=tuple(attach_toc(walker.headings, tuple(toc))),
        paragraphs=tuple(walker.paragraphs),
        footnotes=tuple(replace(f, called=f.footnote_no in walker.calls) for f in body.footnotes()),
        measures=tuple(walker.measures),
        attachment_page=None,
    )
    return structure, schedules


def read_markdown(path: Path) -> tuple[Structure, ScheduleSet]:
    """Read converter Markdown into the PDF route's stage types (page fields None)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read Markdown: {exc}") from exc
    return parse_markdown(text, path.name)
