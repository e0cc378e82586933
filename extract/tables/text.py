"""Words to lines to cell text, and the measure tags (`<58>`, `<55,56>`) inside that text.

Cell text keeps a line break between paragraphs and bullets and re-joins wrapped lines. A line
starts a new paragraph when it starts with a bullet, when a vertical gap separates it from the
line above, or when the line above stopped short although the first word of this line would
have fitted after it (so the writer broke the line on purpose).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from extract.blocks import SIZE_STEP, join_lines
from extract.bullets import starts_with_bullet, strip_bullet
from extract.layout import group_lines as layout_lines
from extract.layout import join_words
from extract.models import Word
from extract.tables.geometry import CROSS
from extract.tables.models import BBox, ScheduleCell

# A word under 95% of its line's largest size is a superscript or a bullet from another font:
# it does not set the line's baseline.
FULL_SIZE = 0.95

TAG = re.compile(r"<\s*(\d+(?:\s*,\s*\d+)*)\s*>")
PAREN_TAGS = re.compile(r"\(\s*((?:<\s*\d+(?:\s*,\s*\d+)*\s*>[\s,and]*)+)\)")


@dataclass(frozen=True, slots=True)
class TextLine:
    """The tables' view of a visual line (a page's or one cell's): its words, as the layout
    stage's builder groups them, with the geometry the table readers need."""

    words: tuple[Word, ...]

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def size(self) -> float:
        return max(w.size for w in self.words)

    @property
    def bold(self) -> bool:
        """Bold when more than half of its characters are (a bold tag in a plain line is not)."""
        return sum(len(w.text) for w in self.words if w.bold) * 2 > sum(
            len(w.text) for w in self.words
        )

    @property
    def baseline(self) -> float:
        """Where the line's main text sits: the middle bottom of its full-size words (a
        superscript or a bullet from another font does not move it)."""
        bottoms = sorted(w.bottom for w in self.words if w.size >= FULL_SIZE * self.size)
        return bottoms[len(bottoms) // 2]

    @property
    def text(self) -> str:
        return join_words(self.words)


def group_lines(words: Iterable[Word]) -> list[TextLine]:
    """Visual lines, top to bottom, left to right: the layout stage's line builder
    (`extract.layout.group_lines`), so the body and the tables see the same lines."""
    return [TextLine(tuple(ws)) for ws in layout_lines(list(words))]


def paragraphs(
    lines: Sequence[TextLine],
    right_limit: float | None,
    vocab: frozenset[str] | None = None,
    items: bool = False,
) -> list[str]:
    """Re-join wrapped lines into paragraphs (see module docstring for the break rules).

    With `vocab` (the document's lower-case words) a line that starts like a new item also
    breaks, even when the line above happens to fill the width; `items` (KPI cells, which
    list short noun phrases) also lets an item start with a function word ("The number ...").
    """
    lines = [ln for ln in lines if ln.text.strip()]
    spaced = _spaced_starts(lines)
    if spaced or any(starts_with_bullet(ln.text) for ln in lines):
        vocab = None  # the cell marks where its items start: wording cannot add a break
    paras: list[list[str]] = []
    prev: TextLine | None = None
    for i, line in enumerate(lines):
        text = line.text.strip()
        if (
            prev is None
            or i in spaced
            or _breaks(prev, line, right_limit)
            or (vocab is not None and _item_ends(" ".join(paras[-1]), text, vocab, items))
        ):
            paras.append([strip_bullet(text)])
        else:
            paras[-1].append(text)
        prev = line
    # wrapped lines re-joined as the body joins them: a hyphen at a line end joins a split
    # compound, a suspended one keeps its space ("mid- to long-term")
    return [join_lines(p) for p in paras]


SPACED = 0.12  # extra line pitch, in text sizes, that sets a paragraph apart from the one above
# Two rows closer than 0.8 text sizes baseline to baseline are not two wrapped lines (leading is
# at least the size): one of them is a superscript or a marker row, with no pitch to compare.
MIN_PITCH = 0.8
# A gap over 3/4 of a line's height between two lines of a cell is a blank line: a new paragraph.
PARAGRAPH_GAP = 0.75
# A zero-height word box (a space glyph) must not make every following gap a paragraph break.
MIN_LINE_HEIGHT = 1.0
# A space is a quarter to a third of an em in the fonts producers use; the wider end is the safe
# guess for "the next line's first word would have fitted here".
SPACE_EM = 0.3


def _spaced_starts(lines: Sequence[TextLine]) -> set[int]:
    """Lines set apart from the line above by more than the cell's own wrapped-line pitch.

    The pitch is measured baseline to baseline relative to the text size, so it holds for any
    font, size and leading; the smallest pitch of the cell is its wrapped-line pitch. With
    fewer than two pitches of the same size there is nothing to compare, and nothing breaks.
    """
    pitches: list[tuple[int, float]] = []
    for i in range(1, len(lines)):
        a, b = lines[i - 1], lines[i]
        if abs(a.size - b.size) <= SIZE_STEP * b.size:
            ratio = (b.baseline - a.baseline) / b.size
            if ratio >= MIN_PITCH:
                pitches.append((i, ratio))
    if len(pitches) < 2:
        return set()
    usual = min(r for _, r in pitches)
    return {i for i, r in pitches if r > usual + SPACED}


def _breaks(prev: TextLine, line: TextLine, right_limit: float | None) -> bool:
    if starts_with_bullet(line.text):
        return True
    height = max(prev.bottom - prev.top, MIN_LINE_HEIGHT)
    if line.top - prev.bottom > PARAGRAPH_GAP * height:
        return True
    if right_limit is None:
        return False
    first = line.words[0]
    space = SPACE_EM * first.size
    return prev.x1 + space + (first.x1 - first.x0) < right_limit - CROSS * first.size


CONTINUING = frozenset(
    "a an the of to for in on at by with and or from into as than that which who whose "
    "its their such via per is are be".split()
)


def _item_ends(prev: str, text: str, vocab: frozenset[str], items: bool = True) -> bool:
    """In a list of short items a line that starts like an item after a complete line breaks.

    "Starts like an item": a capitalised word that the document also uses in lower case
    ("Number" / "number", unlike "Japanese"), followed by a lower-case word ("Number of").
    "Complete": not ending in a function word, comma or hyphen, with no bracket or quotation
    left open, and not a name going on ("... of International" + "Students and ...").
    """
    prev = prev.rstrip()
    words, before = text.split(), prev.split()
    if len(words) < 2 or not before or not words[0][:1].isupper():
        return False
    first = words[0].strip('.,;:()[]"“”').lower()
    if first not in vocab or not words[1][:1].islower():
        return False
    if not items and first in CONTINUING:
        return False  # in running text "... etc." + "In addition, ..." goes on
    if prev.endswith((",", "-", "&", "/", ":")) or prev.count("(") > prev.count(")"):
        return False
    if (prev.count('"') + prev.count("“") + prev.count("”")) % 2:
        return False
    if prev.endswith((".", ")", "]")):
        return True
    last = before[-1]
    if last.lower() in CONTINUING:
        return False
    if items and first in CONTINUING:
        return True  # a name may go on in capitals ("Online" + "Courses"), never with "The"
    return not last[:1].isupper() or words[1] == "of"


def cell_text(
    words: Sequence[Word],
    right_limit: float | None,
    vocab: frozenset[str] | None = None,
    items: bool = False,
) -> str:
    """The text of a cell: paragraphs joined by newlines (`items`: a KPI list, see above)."""
    return "\n".join(paragraphs(group_lines(words), right_limit, vocab, items))


def lowercase_vocabulary(words: Iterable[Word]) -> frozenset[str]:
    """Words the document writes in lower case somewhere (so they are not proper names)."""
    return frozenset(w.text.strip('.,;:()[]"“”') for w in words if w.text[:1].islower())


def measure_tags(text: str) -> tuple[int, ...]:
    """Measure numbers named by tags in order, without repeats: '<55,56> ... <57>' -> 55, 56, 57."""
    seen: list[int] = []
    for m in TAG.finditer(text or ""):
        for part in m.group(1).split(","):
            n = int(part)
            if n not in seen:
                seen.append(n)
    return tuple(seen)


def title_refs(title: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Split a title's tags into members and parenthesised extra references '(<14>)'."""
    extra = measure_tags(" ".join(m.group(1) for m in PAREN_TAGS.finditer(title)))
    members = measure_tags(PAREN_TAGS.sub(" ", title))
    return members, tuple(n for n in extra if n not in members)


class YearColumn(Protocol):
    """A fiscal-year column of either reader: the PDF's FyColumn or the Markdown's Column."""

    fy: int
    half: str | None


def span_cell(
    first: YearColumn,
    last: YearColumn,
    text: str,
    page: int | None = None,
    bbox: BBox | None = None,
) -> ScheduleCell:
    """A fiscal-year cell spanning columns first..last, with the measure tags in its text."""
    return ScheduleCell(
        fy_start=first.fy,
        fy_end=last.fy,
        half_start=first.half,
        half_end=last.half,
        text=text,
        measure_nos=measure_tags(text),
        page=page,
        bbox=bbox,
    )
