"""Split the tail "[ministries] <N> (Re: …)" off a measure's paragraph.

Every numbered measure ends with its ministries in brackets, its number in angle brackets and
optionally cross-references "(Re: 2-(3) <30>, …)". The references contain "<N>" too and are
sometimes malformed ("4 (3-(3) <87>)"), so the tail is read from the end of the paragraph:
the first "<N>" that is followed only by an optional "(Re: …)" up to the end of the text is the
measure's own number, and only the bracket group right before it holds its ministries.
Whitespace (line breaks from the PDF) may occur anywhere in the tail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.whitespace import squash
from extract.wording import pattern

_OPEN = r"[<＜〈]"
_CLOSE = r"[>＞〉]"
_REFS_START = f"(?i:{pattern('refs_start').pattern})"  # "(Re:", from schemas/wording.json
# The whole tail anchored at the end; leftmost match = the measure's own tag.
_TAIL = re.compile(
    rf"(?:\[(?P<min>[^\[\]]*)\]\s*)?{_OPEN}\s*(?P<no>\d{{1,4}})\s*{_CLOSE}"
    rf"\s*(?P<refs>{_REFS_START}[^\[\]]*)?\s*$"
)
# A tag somewhere in joined text: brackets are required so references "<30>" are not tags.
_TAG = re.compile(rf"\[(?P<min>[^\[\]]*)\]\s*{_OPEN}\s*(?P<no>\d{{1,4}})\s*{_CLOSE}")
_REFS_AHEAD = re.compile(rf"\s*{_REFS_START}")
_REF_CHARS = set("0123456789-‐‑–—−()<>＜＞〈〉,;、&.") | {" ", "\n", "\t", "\r", "\xa0"}
# "… 1-(3) <4>" at the end of a text is a reference list, not a bracket-less measure tag.
_REF_BEFORE = re.compile(r"(?:\d\s*[-‐–]?\s*\(\s*\d+\s*\)|,)\s*$")


@dataclass(frozen=True, slots=True)
class TagSplit:
    """A paragraph split into its body and the parts of its measure tag."""

    body: str
    ministries_raw: str | None
    measure_no: int
    refs_raw: str | None


@dataclass(frozen=True, slots=True)
class TagPosition:
    """Where a "[ministries] <N> (Re: …)" tag sits in a longer text (`end` is exclusive)."""

    start: int
    end: int
    measure_no: int
    ministries_raw: str | None
    refs_raw: str | None


def split_tag(text: str) -> TagSplit | None:
    """Split the measure tag off the end of `text`; None when the text does not end with one.

    The body keeps its own whitespace (paragraph breaks) apart from trailing space.
    """
    match = _tail_match(text)
    if match is None:
        return None
    return TagSplit(
        body=text[: match.start()].rstrip(),
        ministries_raw=_clean(match.group("min")),
        measure_no=int(match.group("no")),
        refs_raw=_clean(match.group("refs")),
    )


def number_start(text: str, tag: TagPosition) -> int:
    """Where the tag's own "<N>" starts in `text` (after its ministries bracket, which may sit
    on an earlier line or page)."""
    found = re.compile(rf"{_OPEN}\s*0*{tag.measure_no}\s*{_CLOSE}").search(text, tag.start)
    return found.start() if found else tag.start


def find_tag_positions(text: str) -> list[TagPosition]:
    """All measure tags in `text`, in order, e.g. to find where joined paragraphs must be cut.

    Mid-text tags need their ministries bracket; a tag ending the text may lack it.
    """
    found: list[TagPosition] = []
    covered = 0
    for match in _TAG.finditer(text):
        if match.start() < covered:
            continue
        refs_end = _refs_end(text, match.end())
        end = refs_end if refs_end is not None else match.end()
        refs = _clean(text[match.end() : end]) if refs_end is not None else None
        found.append(
            TagPosition(
                match.start(), end, int(match.group("no")), _clean(match.group("min")), refs
            )
        )
        covered = end
    tail = _tail_match(text)
    if (
        tail is not None
        and tail.group("min") is None
        and (not found or found[-1].end <= tail.start())
    ):
        refs = _clean(tail.group("refs"))
        found.append(
            TagPosition(tail.start(), len(text.rstrip()), int(tail.group("no")), None, refs)
        )
    return found


def _tail_match(text: str) -> re.Match[str] | None:
    """The tag at the end of `text`, unless it is really the end of a reference list."""
    match = _TAIL.search(text)
    if match is None:
        return None
    if match.group("min") is None and _REF_BEFORE.search(text[: match.start()]):
        return None
    return match


def _refs_end(text: str, pos: int) -> int | None:
    """End of a "(Re: …)" group starting at `pos` (after whitespace), or None if there is none.

    Parentheses are balanced where possible; for malformed lists the group ends at the last ")"
    before the first character that cannot belong to a reference list.
    """
    head = _REFS_AHEAD.match(text, pos)
    if head is None:
        return None
    depth, last_close, i = 1, None, head.end()
    while i < len(text):
        if text[i : i + 3].lower() == "and":
            i += 3
            continue
        char = text[i]
        if char not in _REF_CHARS:
            break
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            last_close = i + 1
            if depth == 0:
                return last_close
        i += 1
    return last_close


def _clean(part: str | None) -> str | None:
    """Whitespace-normalise an extracted part; empty parts become None."""
    if part is None:
        return None
    return squash(part) or None
