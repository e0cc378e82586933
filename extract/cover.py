"""Cover page (title, decision date, revisions) and table of contents.

The cover is the first page: its title is the run of largest text, the decision date the first
date line, and each "(Partly changed on <date>)" line a revision. TOC entries are lines ending in
a dot leader and a page number; an entry may wrap over several lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

from extract.blocks import join_lines
from extract.models import Cover, Line, PageLayout, TocEntry
from extract.wording import pattern

DATE_RE = re.compile(
    r"(January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+(\d{1,2}),?\s+(\d{4})"
)
REVISION_RE = pattern("revision")
LEADER_RE = re.compile(r"^(?P<text>.*?)\s*(?:\.{3,}|…+|(?:\. ){3,})[.\s…]*(?P<page>\d+)\s*$")
# An entry without leaders: text, a gap of several text sizes, then the page number.
SPACED_RE = re.compile(r"^(?P<text>.*?\S)\s+(?P<page>\d+)\s*$")
# The title is set in the cover's largest size; lines within 5% of it are title lines too
# (a scaled font rounds to a slightly different size).
TITLE_SIZE = 0.95
SPACED_GAP = 2.0  # text sizes: wider than any word space, as a leader run would be
TOC_TITLE_RE = pattern("toc_title")


def parse_date(text: str) -> date | None:
    """The first English long-form date in `text` ("June 21, 2024")."""
    m = DATE_RE.search(text)
    if not m:
        return None
    return datetime.strptime(f"{m.group(1)} {m.group(2)} {m.group(3)}", "%B %d %Y").date()


def parse_cover(page: PageLayout) -> Cover:
    """Read title, decision date, issuer and revision dates from the cover page."""
    lines = [ln for ln in page.lines if ln.plain.strip()]
    if not lines:
        return Cover(title="", decided=None, revisions=())
    top_size = max(ln.size for ln in lines)
    title = join_lines([ln.plain for ln in lines if ln.size >= TITLE_SIZE * top_size])
    revisions: list[date] = []
    decided: date | None = None
    issuer_lines: list[str] = []
    for ln in lines:
        if ln.size >= TITLE_SIZE * top_size:
            continue
        rev = REVISION_RE.search(ln.plain)
        if rev:
            when = parse_date(rev.group(1))
            if when:
                revisions.append(when)
        elif decided is None and parse_date(ln.plain):
            decided = parse_date(ln.plain)
        elif decided is not None and not revisions:
            issuer_lines.append(ln.plain)
    issuer = join_lines(issuer_lines) or None
    return Cover(title=title, decided=decided, revisions=tuple(revisions), issuer=issuer)


def edition_id(cover: Cover) -> str:
    """fyYYYY of the latest revision (or of the decision), Japan's fiscal year starting April."""
    when = max(cover.revisions) if cover.revisions else cover.decided
    if when is None:
        raise ValueError("cover has no date to derive an edition from")
    return f"fy{when.year if when.month >= 4 else when.year - 1}"


def parse_toc(pages: Sequence[PageLayout]) -> tuple[list[TocEntry], set[int]]:
    """TOC entries from the pages after the cover, and the physical pages they occupy.

    An entry ends with its page number after dot leaders, or (once the contents have
    started) after a wide blank gap where a layout prints no leaders."""
    entries: list[TocEntry] = []
    toc_pages: set[int] = set()
    pending: list[Line] = []
    started = False
    for page in pages:
        for ln in page.lines:
            if ln.role != "body":
                continue
            if TOC_TITLE_RE.match(ln.plain):
                started = True
                toc_pages.add(page.page)
                continue
            m = LEADER_RE.match(ln.plain)
            if m is None and started and ln.max_gap >= SPACED_GAP:
                m = SPACED_RE.match(ln.plain)  # under the contents title, no dot leaders
            if m:
                started = True
                toc_pages.add(page.page)
                text = join_lines([p.plain for p in pending] + [m.group("text")])
                entries.append(TocEntry(text=text, printed_page=m.group("page"), page=page.page))
                pending = []
            elif started:
                pending.append(ln)
        if started and page.page not in toc_pages:
            break
    pending = [p for p in pending if p.page in toc_pages]
    if pending:
        text = join_lines([p.plain for p in pending])
        entries.append(TocEntry(text=text, printed_page=None, page=pending[0].page))
    return entries, toc_pages
