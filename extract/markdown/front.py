"""Cover and table of contents of converter Markdown (the part before the first chapter).

The cover is everything before the "Table of Contents" heading: the title is its first
heading, the decision date the first date line, each "(Partly changed on <date>)" a revision and
the lines between the date and the revisions the issuer, as on the PDF cover. The same
date and revision patterns as the PDF route are used (`extract.cover`).
"""

from __future__ import annotations

from datetime import date

from extract.blocks import join_lines
from extract.cover import LEADER_RE, REVISION_RE, TOC_TITLE_RE, parse_date
from extract.markdown.inline import plain
from extract.markdown.source import MdPara
from extract.models import Cover, TocEntry


def toc_start(paras: list[MdPara]) -> int | None:
    """Index of the "Table of Contents" heading, or None when the text has none."""
    for i, para in enumerate(paras):
        if TOC_TITLE_RE.match(plain(para.raw)):
            return i
    return None


def body_start(paras: list[MdPara], toc: int | None) -> int:
    """Index of the first heading after the table of contents (or of the first heading)."""
    start = 0 if toc is None else toc + 1
    for i in range(start, len(paras)):
        if paras[i].kind == "heading":
            return i
    return len(paras)


def parse_cover(paras: list[MdPara]) -> Cover:
    """Title, decision date, issuer and revisions from the paragraphs before the TOC."""
    title = next((plain(p.raw) for p in paras if p.kind == "heading"), "")
    decided: date | None = None
    revisions: list[date] = []
    issuer: list[str] = []
    for para in paras:
        if para.kind == "heading":
            continue
        text = join_lines([plain(x) for x in para.parts])
        rev = REVISION_RE.search(text)
        if rev:
            when = parse_date(rev.group(1))
            if when:
                revisions.append(when)
        elif decided is None and parse_date(text):
            decided = parse_date(text)
        elif decided is not None and not revisions:
            issuer.append(text)
    return Cover(
        title=title, decided=decided, revisions=tuple(revisions), issuer=join_lines(issuer) or None
    )


def parse_toc(paras: list[MdPara]) -> list[TocEntry]:
    """Entries "text ..... 5"; a line without a page number is an entry without one.

    `TocEntry.page` (the physical page of the TOC) is None: Markdown has no pages.
    """
    entries: list[TocEntry] = []
    pending: list[str] = []
    for para in paras:
        for part in para.parts:
            line = plain(part.replace("\t", " "))
            m = LEADER_RE.match(line)
            if m:
                text = join_lines([*pending, m.group("text")])
                entries.append(TocEntry(text=text, printed_page=m.group("page"), page=None))
                pending = []
            elif line:
                pending.append(line)
        if pending and para.kind != "text":
            pending = []
    for line in pending:
        entries.append(TocEntry(text=line, printed_page=None, page=None))
    return entries
