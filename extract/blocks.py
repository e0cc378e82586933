"""Group body lines into blocks (paragraphs, headings) across pages and around footnotes.

A block starts where the vertical rhythm breaks (a gap wider than the usual line pitch), where
the typography changes (bold, size), at a bullet glyph, or at a first-line indent. A block
continues over a page break when the next page opens with a continuation line. All thresholds
are ratios of the document's own line pitch and body size.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from extract.bullets import BULLET_RE
from extract.fonts import font_family
from extract.models import LayoutDocument, Line
from extract.whitespace import squash

TERMINAL = (".", ":", ";", ")", "]", ">", "。", '"', "”")
# Leading (top-to-top pitch) as a multiple of the size, assumed when a document has no two
# consecutive body-size lines to measure: 120-140% is the usual setting, 1.3 its middle.
DEFAULT_LEADING = 1.3
# The right margin is where most lines end: the 90th percentile of the line ends ignores the few
# lines that overrun it (a long word, a URL) while the short last lines of paragraphs, well
# under a tenth of the lines, cannot pull it in.
RIGHT_EDGE_QUANTILE = 0.9
# Sizes differing by less than 5% of the body size are one size (producers round scaled fonts).
SIZE_STEP = 0.05
# A gap above the usual pitch by more than 12% is a paragraph break: within a paragraph the
# pitch varies by rounding only, and paragraph spacing is at least a fifth of a line.
PARAGRAPH_GAP = 1.12
# An indent or a change of left edge is at least half an em (in body sizes); side bearings of
# the first glyph move a line's left edge by far less.
INDENT = 0.5
TAG_START = re.compile(r"^<\s*\d+(?:\s*,\s*\d+)*\s*>")
LETTER_START = re.compile(r"^[a-z]\s*[.)]\s+\S")  # "e. Social ...": lower case, yet a start


@dataclass
class Block:
    """Consecutive body lines that belong together; `lines` keep their pages for provenance."""

    lines: list[Line] = field(default_factory=list)

    @property
    def first(self) -> Line:
        return self.lines[0]

    @property
    def last(self) -> Line:
        return self.lines[-1]

    @property
    def bold(self) -> bool:
        return all(ln.bold for ln in self.lines)

    @property
    def families(self) -> set[str]:
        return {font_family(ln.fontname) for ln in self.lines}

    @property
    def size(self) -> float:
        return max(ln.size for ln in self.lines)

    @property
    def bullet(self) -> str | None:
        m = BULLET_RE.match(self.first.plain)
        return m.group(1) if m else None

    @property
    def text(self) -> str:
        """Plain text (footnote calls removed, bullet glyph removed), lines re-joined."""
        text = join_lines([ln.plain for ln in self.lines])
        return BULLET_RE.sub("", text, count=1) if self.bullet else text

    @property
    def calls(self) -> tuple[tuple[int, int], ...]:
        """(footnote number, page) for each superscript call in the block."""
        return tuple((n, ln.page) for ln in self.lines for n in ln.calls)


def join_lines(parts: Sequence[str]) -> str:
    """Re-join wrapped lines; a hyphen at a line end joins a split compound ("Japanese-language").

    A suspended hyphen ("mid- to long-term") keeps its space.
    """
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if out.endswith("-") and len(out) > 1 and out[-2].isalnum():
            first = part.split(" ", 1)[0]
            out += part if first not in {"to", "and", "or"} else " " + part
        elif out:
            out += " " + part
        else:
            out = part
    return squash(out)


def line_pitch(lines: Sequence[Line], body_size: float) -> float:
    """The most common top-to-top distance between consecutive body-size lines on a page."""
    steps: Counter[float] = Counter()
    for a, b in zip(lines, lines[1:], strict=False):
        if a.page == b.page and a.size == b.size == body_size and b.top > a.top:
            steps[round(b.top - a.top, 1)] += 1
    return steps.most_common(1)[0][0] if steps else body_size * DEFAULT_LEADING


def _right_edge(lines: Sequence[Line]) -> dict[int, float]:
    """Per page, the right text margin (the furthest common line end)."""
    ends: dict[int, list[float]] = {}
    for ln in lines:
        ends.setdefault(ln.page, []).append(ln.x1)
    return {p: sorted(v)[int(RIGHT_EDGE_QUANTILE * (len(v) - 1))] for p, v in ends.items()}


class Splitter:
    """Decides, line by line, where a new block starts."""

    def __init__(self, lines: Sequence[Line], body_size: float) -> None:
        self.body_size = body_size
        self.pitch = line_pitch(lines, body_size)
        self.right = _right_edge(lines)

    def starts_block(self, prev: Line, line: Line, block: Block) -> bool:
        if BULLET_RE.match(line.plain) and not _same_bullet_run(prev, line):
            return True
        if line.bold != prev.bold or abs(line.size - prev.size) > SIZE_STEP * self.body_size:
            return True
        if font_family(line.fontname) != font_family(prev.fontname) and not BULLET_RE.match(
            line.plain
        ):
            return True
        if line.page != prev.page:
            return not self._continues_over_page(prev, line, block)
        gap = line.top - prev.top
        if gap > PARAGRAPH_GAP * self.pitch * max(1.0, prev.size / self.body_size):
            return True
        return self._indented_start(prev, line, block)

    def _indented_start(self, prev: Line, line: Line, block: Block) -> bool:
        """A first-line indent (line starts right of the block's continuation lines)."""
        if len(block.lines) < 2:
            return False
        cont_x = block.lines[1].x0
        full_prev = prev.x1 >= self.right.get(prev.page, prev.x1) - self.body_size
        return line.x0 > cont_x + INDENT * self.body_size and not full_prev

    def _continues_over_page(self, prev: Line, line: Line, block: Block) -> bool:
        """Does the first line of a page continue the last paragraph of the previous page?"""
        if BULLET_RE.match(line.plain) or line.bold:
            return False
        cont_x = block.lines[1].x0 if len(block.lines) > 1 else prev.x0
        if abs(line.x0 - cont_x) > INDENT * self.body_size:
            return False
        if TAG_START.match(line.plain):
            return True  # a measure tag closes the paragraph above, never opens one
        if self._fits_after(prev, line):
            return False
        so_far = " ".join(ln.plain for ln in block.lines)
        if so_far.count("(") > so_far.count(")"):
            return True  # a bracket left open ("(Re: 1-(3)") goes on over the page
        text = prev.plain.rstrip()
        lower = line.plain[:1].islower() and not LETTER_START.match(line.plain)
        if lower or not text.endswith(TERMINAL):
            return True
        return prev.x1 >= self.right.get(prev.page, prev.x1) - INDENT * self.body_size

    def _fits_after(self, prev: Line, line: Line) -> bool:
        """The first word of `line` would have fitted after `prev`, so the writer ended `prev`
        there: a heading or paragraph ended at the foot of the page (widths estimated from
        the line's own average character width)."""
        first = line.plain.split(" ", 1)[0]
        per_char = (line.x1 - line.x0) / max(len(line.plain), 1)
        room = self.right.get(prev.page, prev.x1) - INDENT * self.body_size - prev.x1
        return (len(first) + 1) * per_char < room


def _same_bullet_run(prev: Line, line: Line) -> bool:
    """A hyphen that only continues a word split over lines is not a bullet."""
    return line.plain.startswith("-") and prev.plain.rstrip().endswith("-")


def build_blocks(lines: Sequence[Line], body_size: float) -> list[Block]:
    """Group body lines (already in reading order, footnotes excluded) into blocks."""
    splitter = Splitter(lines, body_size)
    blocks: list[Block] = []
    for line in lines:
        if not line.plain.strip():
            continue
        if blocks and not splitter.starts_block(blocks[-1].last, line, blocks[-1]):
            blocks[-1].lines.append(line)
        else:
            blocks.append(Block([line]))
    return blocks


def body_lines(layout: LayoutDocument, first: int, last: int) -> list[Line]:
    """Body-role lines of physical pages first..last (inclusive), in reading order."""
    return [
        ln
        for page in layout.pages
        if first <= page.page <= last
        for ln in page.lines
        if ln.role == "body"
    ]
