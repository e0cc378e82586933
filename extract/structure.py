"""Structure stage: cover, TOC, heading hierarchy, paragraphs, footnotes and measures.

The body is walked block by block. Headings move a cursor through the hierarchy; paragraphs
accumulate until one ends with a measure tag "[ministries] <N>", which closes a measure made of
everything since the previous heading, theme line or measure tag.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from extract.blocks import Block, body_lines, build_blocks
from extract.boxes import line_boxes
from extract.cover import parse_cover, parse_toc
from extract.footnotes import extract_footnotes
from extract.headings import (
    ATTACHMENT_RE,
    KEY_POINT_RE,
    classify,
    is_heading_style,
    is_plain_letter,
    is_theme,
    list_item_kind,
    strip_number,
)
from extract.measure_tags import find_tag_positions, number_start
from extract.ministries import find_ministries
from extract.models import (
    Heading,
    LayoutDocument,
    Line,
    Measure,
    PageBox,
    Paragraph,
    Structure,
    TocEntry,
)
from extract.toc import match_toc

# The attachment's title opens its page: it is among the first lines, after at most a running
# header and a section label.
ATTACHMENT_TITLE_LINES = 3


@dataclass
class Segment:
    """A paragraph, or the part of one up to a measure tag, with its page span."""

    text: str
    page_start: int | None
    page_end: int | None
    bullet: bool
    lines: tuple[Line, ...] = ()
    paragraph: int | None = None  # index of the paragraph it became (set by the Walker)
    tag_page: int | None = None  # page of its last measure tag (its "(Re: …)" may run over)


@dataclass
class Cursor:
    """Where the walk is in the heading hierarchy, and the paragraphs not yet assigned."""

    stack: list[Heading] = field(default_factory=list)
    theme: str | None = None
    pending: list[Segment] = field(default_factory=list)

    def kinds(self) -> list[str]:
        return [h.kind for h in self.stack]

    def find(self, kind: str) -> Heading | None:
        return next((h for h in reversed(self.stack) if h.kind == kind), None)

    def push(self, heading: Heading) -> None:
        while self.stack and self.stack[-1].level >= heading.level:
            self.stack.pop()
        self.stack.append(heading)
        self.pending.clear()
        if heading.kind != "theme":
            self.theme = None


def find_attachment(layout: LayoutDocument, after: int) -> int | None:
    """First page (after the TOC) that opens the attachment: its heading, or landscape pages."""
    for page in layout.pages:
        if page.page <= after:
            continue
        heads = [ln for ln in page.lines[:ATTACHMENT_TITLE_LINES] if ln.role == "body" and ln.bold]
        if any(ATTACHMENT_RE.match(ln.plain) for ln in heads) or page.orientation == "landscape":
            return page.page
    return None


def _segments(block: Block) -> list[Segment]:
    """Cut a block after each measure tag inside it (paragraphs of two measures can touch)."""
    text = block.text
    tags = find_tag_positions(text)
    cuts = [t.end for t in tags if t.end < len(text.rstrip())]
    bounds = [0, *cuts, len(text)]
    offsets, pos = [], 0
    for ln in block.lines:
        offsets.append((pos, ln.page))
        pos += len(ln.plain) + 1
    out = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        piece = text[a:b].strip()
        if piece:
            pages = [p for off, p in offsets if off < b] or [block.first.page]
            first = [p for off, p in offsets if off <= a][-1] if a else block.first.page
            lines = tuple(
                ln
                for (off, _), ln in zip(offsets, block.lines, strict=True)
                if off < b and off + len(ln.plain) > a
            )
            starts = [number_start(text, t) for t in tags if a <= t.start < b]
            tag_page = [p for off, p in offsets if off <= starts[-1]][-1] if starts else None
            bullet = bool(block.bullet) and a == 0
            out.append(Segment(piece, first, pages[-1], bullet, lines, tag_page=tag_page))
    return out


class Walker:
    """Walks the body blocks and collects headings, paragraphs and measures."""

    def __init__(
        self,
        body_size: float,
        labels: Mapping[int, str | None] | None = None,
        body_font: str = "",
    ) -> None:
        self.body_size = body_size
        self.body_font = body_font
        self.labels = dict(labels or {})
        self.cursor = Cursor()
        self.headings: list[Heading] = []
        self.paragraphs: list[Paragraph] = []
        self.measures: list[Measure] = []
        self.calls: dict[int, int | None] = {}
        self._ids: dict[str, int] = {}

    def walk(self, blocks: list[Block]) -> None:
        for block in blocks:
            for no, page in block.calls:
                self.calls.setdefault(no, page)
            if is_heading_style(block, self.body_size, self.body_font) or self._plain_letter(block):
                self._heading(block)
            elif is_theme(block, self.cursor.find("subsection") is not None):
                self._theme(block)
            else:
                for seg in _segments(block):
                    self._paragraph(seg, block)

    def _plain_letter(self, block: Block) -> bool:
        """A letter subsection set like running text ("a. Provision of …" in the body face):
        a short block under a subsection whose letter comes after the last one there (an
        excerpt may skip letters)."""
        if self.cursor.find("subsection") is None:
            return False
        last = self.cursor.find("letter")
        return is_plain_letter(block, last.number if last is not None else None)

    def _new_id(self, kind: str, number: str | None) -> str:
        parent = self.cursor.stack[-1].heading_id if self.cursor.stack else "h"
        base = f"{parent}-{number}" if number else f"{parent}-{kind}"
        n = self._ids.get(base, 0) + 1
        self._ids[base] = n
        return base if n == 1 else f"{base}.{n}"

    def add_heading(
        self,
        kind: str,
        level: int,
        number: str | None,
        text: str,
        page: int | None,
        boxes: tuple[PageBox, ...] = (),
    ) -> Heading:
        """Place a heading in the hierarchy (also used for the attachment heading)."""
        while self.cursor.stack and self.cursor.stack[-1].level >= level:
            self.cursor.stack.pop()
        heading = Heading(
            heading_id=self._new_id(kind, number),
            level=level,
            kind=kind,
            number=number,
            text=text,
            page=page,
            label=self.labels.get(page),
            parent_id=self.cursor.stack[-1].heading_id if self.cursor.stack else None,
            boxes=boxes,
        )
        self.cursor.push(heading)
        self.headings.append(heading)
        return heading

    def _heading(self, block: Block) -> None:
        cand = classify(block.text, self.cursor.kinds())
        listed = self.cursor.find("list_heading")
        cand = list_item_kind(cand, listed.text if listed else None)
        boxes = line_boxes(block.lines)
        self.add_heading(cand.kind, cand.level, cand.number, cand.text, block.first.page, boxes)

    def _theme(self, block: Block) -> None:
        self.add_heading("theme", 5, None, block.text, block.first.page, line_boxes(block.lines))
        self.cursor.theme = block.text

    def _paragraph(self, seg: Segment, block: Block) -> None:
        head = self.cursor.stack[-1].heading_id if self.cursor.stack else None
        self.paragraphs.append(
            Paragraph(
                text=seg.text,
                page_start=seg.page_start,
                page_end=seg.page_end,
                label_start=self.labels.get(seg.page_start),
                label_end=self.labels.get(seg.page_end),
                heading_id=head,
                bullet=seg.bullet,
                calls=tuple(no for no, _ in block.calls),
                call_pages=tuple(page for _, page in block.calls),
            )
        )
        seg.paragraph = len(self.paragraphs) - 1
        self.cursor.pending.append(seg)
        tags = find_tag_positions(seg.text)
        if tags and tags[-1].end >= len(seg.text.rstrip()):
            self._measure(tags[-1])

    def _measure(self, tag) -> None:
        segs = self.cursor.pending
        last = segs[-1].text[: tag.start].rstrip()
        texts = [s.text for s in segs[:-1]] + ([last] if last else [])
        letter = self.cursor.find("letter")
        end = segs[-1].tag_page or segs[-1].page_end  # the tag's page, not its note's
        self.measures.append(
            Measure(
                measure_no=tag.measure_no,
                key_point=_key_point(self.cursor),
                subsection=letter.number if letter else None,
                subsection_title=strip_number(letter.text) if letter else None,
                theme=self.cursor.theme,
                text="\n\n".join(t for t in texts if t),
                ministries=find_ministries(tag.ministries_raw),
                ministries_raw=tag.ministries_raw,
                refs_raw=tag.refs_raw,
                page_start=segs[0].page_start,
                page_end=end,
                label_start=self.labels.get(segs[0].page_start),
                label_end=self.labels.get(end),
                boxes=line_boxes(ln for s in segs for ln in s.lines),
            )
        )
        for s in segs:
            if s.paragraph is not None:
                p = self.paragraphs[s.paragraph]
                self.paragraphs[s.paragraph] = replace(p, measure_no=tag.measure_no)
        self.cursor.pending = []


def _key_point(cursor: Cursor) -> int | None:
    """The number of the enclosing numbered level-2 heading (the key point)."""
    head = cursor.find("key_point") or cursor.find("section")
    if head is None or head.number is None:
        return None
    m = KEY_POINT_RE.search(head.text)
    return int(m.group(1)) if m else int(head.number)


def attach_toc(headings: list[Heading], toc: tuple[TocEntry, ...]) -> list[Heading]:
    """Give each heading the page label its TOC entry states."""
    out = list(headings)
    for e_idx, h_idx in match_toc(headings, toc).items():
        out[h_idx] = replace(out[h_idx], toc_label=toc[e_idx].printed_page)
    return out


def extract_structure(layout: LayoutDocument) -> Structure:
    """Structure stage: from the laid-out pages to cover, TOC, headings, footnotes, measures."""
    cover = parse_cover(layout.pages[0])
    toc, toc_pages = parse_toc(layout.pages[1:])
    first = max(toc_pages, default=1) + 1
    attachment = find_attachment(layout, first - 1)
    last = (attachment - 1) if attachment else layout.pages[-1].page
    blocks = build_blocks(body_lines(layout, first, last), layout.body_size)
    walker = Walker(layout.body_size, {p.page: p.label for p in layout.pages}, layout.body_font)
    walker.walk(blocks)
    if attachment:
        page = next(p for p in layout.pages if p.page == attachment)
        line = next((ln for ln in page.lines if ln.role == "body"), None)
        title = line.plain if line else "Attachment"
        boxes = line_boxes([line] if line else [])
        walker.add_heading("attachment", 1, None, title, attachment, boxes)
    footnotes = extract_footnotes(layout, last, walker.calls)
    return Structure(
        cover=cover,
        toc=tuple(toc),
        headings=tuple(attach_toc(walker.headings, tuple(toc))),
        paragraphs=tuple(walker.paragraphs),
        footnotes=tuple(footnotes),
        measures=tuple(walker.measures),
        attachment_page=attachment,
    )
