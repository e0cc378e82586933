"""Recognise heading blocks and place them in the heading hierarchy.

A block is a heading candidate when it is set apart typographically from the body text (all
bold, or larger than the body size) and is short. Its kind and level then come from its
numbering pattern ("Chapter 1.", "1.", "(1)", "a.", "[…]") and from what encloses it, so the
hierarchy follows the document rather than fixed positions. Theme lines are body-styled
parenthesised lines inside the specific-measures subsections.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import cache
from importlib.resources import files

from extract.blocks import Block
from extract.wording import pattern as wording_pattern

CHAPTER_RE = re.compile(r"^(?:chapter|part)\s+(\d+)\s*[.:]?\s*", re.I)
NUMBER_RE = re.compile(r"^(\d+)\s*[.)]\s+")
PAREN_RE = re.compile(r"^[(（]\s*(\d+)\s*[)）]\s*")
LETTER_RE = re.compile(r"^([a-z])\s*[.)]\s+")
LIST_RE = re.compile(r"^\[[^\]]+\]$")
ATTACHMENT_RE = wording_pattern("attachment_heading")  # wording shared with the tables and Markdown
KEY_POINT_RE = wording_pattern("key_point")
# A heading is a title, not running text. Both routes measure it in characters (a Markdown unit
# has no printed lines): one full line of body text holds about FULL_LINE_CHARS characters on
# an A4 or Letter portrait page at a 10-12 pt body size (90-110), and a block longer than
# MAX_HEADING_LINES such lines is a bold or display-face paragraph, not a title. The longest
# title of the fixtures (a theme line, 273 characters) fills under three such lines;
# tests/test_body_thresholds.py checks that the limit keeps a clear margin above it.
FULL_LINE_CHARS = 100
MAX_HEADING_LINES = 4
MAX_HEADING_CHARS = MAX_HEADING_LINES * FULL_LINE_CHARS
# Sizes within 5% of the body size are the body size (producers round scaled fonts, e.g. 10.5
# and 10.56); a heading set larger than the body is at least half a point up.
LARGER_RATIO = 1.05

LEVELS = {
    "chapter": 1,
    "attachment": 1,
    "key_point": 2,
    "section": 2,
    "list_heading": 2,
    "subsection": 3,
    "list_item": 3,
    "vision": 3,
    "key_point_summary": 3,
    "letter": 4,
    "theme": 5,
}


@dataclass(frozen=True)
class HeadingCandidate:
    kind: str
    number: str | None
    text: str

    @property
    def level(self) -> int:
        return LEVELS[self.kind]


def is_heading_style(block: Block, body_size: float, body_font: str = "") -> bool:
    """Set apart from the body text and short enough to be a title.

    Set apart means bold, larger than the body size, or (for layouts whose headings are in a
    display face rather than in bold) a font family that the running text does not use.
    """
    if block.bullet or len(block.text) > MAX_HEADING_CHARS:
        return False
    other_face = (
        bool(body_font)
        and body_font not in block.families
        and len(block.lines) <= MAX_HEADING_LINES
    )
    return block.bold or block.size > LARGER_RATIO * body_size or other_face


# With no typographic mark, only brevity tells a lettered heading ("b. Support for children")
# from a lettered paragraph ("b. The government will …"), so a plain letter heading is held to
# fewer lines than a heading set apart by type.
MAX_PLAIN_LETTER_LINES = MAX_HEADING_LINES - 1


def is_plain_letter(block: Block, after: str | None) -> bool:
    """A letter subsection heading with no typographic distinction: a letter later than the
    last one (`after`), a block of its own of at most a few lines, no bullet and no measure
    tag (a measure's paragraph ends with one)."""
    m = LETTER_RE.match(block.text)
    if m is None or (after is not None and m.group(1) <= after) or block.bullet:
        return False
    if len(block.lines) > MAX_PLAIN_LETTER_LINES or len(block.text) > MAX_HEADING_CHARS:
        return False
    return not re.search(r"<\s*\d+\s*>", block.text)


def classify(text: str, parent_kinds: list[str]) -> HeadingCandidate:
    """Kind and number of a heading, given the kinds of the headings that enclose it."""
    if m := CHAPTER_RE.match(text):
        return HeadingCandidate("chapter", m.group(1), text)
    if ATTACHMENT_RE.match(text):
        return HeadingCandidate("attachment", None, text)
    if LIST_RE.match(text):
        return HeadingCandidate("list_heading", None, text)
    if m := NUMBER_RE.match(text):
        kind = "key_point" if KEY_POINT_RE.search(text) else "section"
        return HeadingCandidate(kind, m.group(1), text)
    if m := PAREN_RE.match(text):
        kind = "list_item" if "list_heading" in parent_kinds[-1:] else "subsection"
        if "key_point" not in parent_kinds and "section" not in parent_kinds:
            kind = "list_item"
        return HeadingCandidate(kind, m.group(1), text)
    if m := LETTER_RE.match(text):
        return HeadingCandidate("letter", m.group(1), text)
    return HeadingCandidate("section", None, text)


@cache
def _list_item_kinds() -> dict[str, re.Pattern[str]]:
    data = json.loads((files("schemas") / "heading_kinds.json").read_text(encoding="utf-8"))
    return {k: re.compile(v, re.I) for k, v in data["list_item_kinds"].items()}


def list_item_kind(cand: HeadingCandidate, list_heading: str | None) -> HeadingCandidate:
    """A list item named for what its list heading lists ("[Three visions]" -> vision)."""
    if cand.kind != "list_item" or not list_heading:
        return cand
    kind = next((k for k, p in _list_item_kinds().items() if p.search(list_heading)), None)
    return replace(cand, kind=kind) if kind else cand


def is_theme(block: Block, in_measures: bool) -> bool:
    """A parenthesised body-style line grouping the measures that follow it."""
    text = block.text.strip()
    if not in_measures or block.bullet or block.bold:
        return False
    return (
        text.startswith(("(", "（"))
        and text.endswith((")", "）"))
        and len(text) < MAX_HEADING_CHARS
    )


def strip_number(text: str) -> str:
    """Heading text without its numbering, e.g. the title of subsection 'a. Provision …'."""
    for pattern in (LETTER_RE, PAREN_RE, NUMBER_RE, CHAPTER_RE):
        if pattern.match(text):
            return pattern.sub("", text, count=1).strip()
    return text
