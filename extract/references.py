"""Parse the "(Re: …)" notes that tie copies of one initiative together.

A measure that repeats an initiative found under another key point ends with a note such as
"(Re: 2-(3) <30>, 3-(3) <66>, 4-(3) <87>)": each target names the key point ("2"), the section
of that key point ("(3)", the specific measures) and the measure number ("<30>").  A target
that omits the locator ("(Re: 4-(3) <73>, <90>)") inherits the key point of the one before.

The parser is pure and total: it never raises, whatever text it is given.  Text that does not
fit the grammar is repaired where the measure tag is still readable (the key point is then the
first number of the locator) and the repair is recorded, so that the caller can flag it rather
than drop it.  Nothing here knows which measures exist; resolution happens in `extract.link`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from extract.whitespace import squash

# A measure tag: "<12>", also with full-width or angle brackets that other producers emit.
_TAG = re.compile(r"[<＜〈‹«]\s*(\d{1,4})\s*[>＞〉›»]")
# A well-formed locator before a tag: "1-(3)", "1- (3)", "4 - (3)" (any dash).
_LOCATOR = re.compile(r"^(\d{1,3})\s*-\s*\(\s*(\d{1,3})\s*\)$")
# The "Re:" opener (case-insensitive, optional colon or full stop) and its brackets.
_OPENER = re.compile(r"^\(?\s*re\s*[:.]?\s*", re.IGNORECASE)
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−ー", "-"))
# Separators between targets; whatever else remains between tags is a locator.
_LEAD_SEP = re.compile(r"^[\s,;、]*(?:(?:and|&)(?![\w])[\s,;、]*)?", re.I)
_TRAIL_SEP = re.compile(r"[\s,;、]*(?:(?<![\w])(?:and|&)[\s,;、]*)?$", re.I)
_FREE_NUMBER = re.compile(r"(?<![(\d])(\d{1,3})")
# What stands between two tags of a range: "<30> to <32>", "<30>-<32>", "<30> ~ <32>".
_RANGE = re.compile(r"^(?:to|through|thru|-|~|～)$", re.IGNORECASE)
MAX_RANGE = 50  # a longer "range" is a misreading, not a list of measures


@dataclass(frozen=True, slots=True)
class RefTarget:
    """One target of a "(Re: …)" note, with the key point the note states for it.

    `key_point` is the key point as written, or inherited from the previous target when this
    one has no locator of its own (`key_point_inherited`); None when nothing states one.
    `repaired` marks a locator that did not fit the grammar and was read leniently.
    """

    measure_no: int
    key_point: int | None
    section: int | None = None
    key_point_inherited: bool = False
    repaired: bool = False
    written: str = ""


@dataclass(frozen=True, slots=True)
class ParsedRefs:
    """All targets of one note; `leftover` holds text that could not be read as a target."""

    raw: str
    targets: tuple[RefTarget, ...]
    leftover: tuple[str, ...] = ()

    @property
    def malformed_fixed(self) -> bool:
        """True when a target's locator was outside the grammar and was read leniently."""
        return any(t.repaired for t in self.targets)

    @property
    def malformed(self) -> bool:
        """True when any part of the note was outside the grammar (repaired or unreadable)."""
        return self.malformed_fixed or bool(self.leftover)

    @property
    def measure_nos(self) -> tuple[int, ...]:
        return tuple(t.measure_no for t in self.targets)


def normalise(raw: str) -> str:
    """Fold compatibility forms (full-width digits, dashes, spaces) and collapse whitespace."""
    text = unicodedata.normalize("NFKC", raw).translate(_DASHES)
    return squash(text)


def _strip_wrapper(text: str) -> str:
    """Drop the "(Re:" opener and the closing bracket, leaving the list of targets."""
    body = _OPENER.sub("", text, count=1)
    if text.startswith("(") and body.endswith(")"):
        body = body[:-1]
    return body.strip()


def _clean_locator(fragment: str) -> str:
    """Remove the separators (commas, "and") around the text written before a tag."""
    return _TRAIL_SEP.sub("", _LEAD_SEP.sub("", fragment, count=1), count=1).strip()


def _read_locator(locator: str) -> tuple[int | None, int | None, bool]:
    """Return (key point, section, repaired) for the text written before one tag."""
    match = _LOCATOR.match(locator)
    if match:
        return int(match.group(1)), int(match.group(2)), False
    free = _FREE_NUMBER.search(locator)
    return (int(free.group(1)) if free else None), None, True


def parse_refs(raw: str | None) -> ParsedRefs:
    """Parse one "(Re: …)" note into its targets; never raises.

    >>> [(t.key_point, t.measure_no) for t in parse_refs("(Re: 4-(3) <73>, <90>)").targets]
    [(4, 73), (4, 90)]
    """
    if not raw or not isinstance(raw, str):
        return ParsedRefs(raw=raw or "", targets=())
    body = _strip_wrapper(normalise(raw))
    targets: list[RefTarget] = []
    leftover: list[str] = []
    previous_kp: int | None = None
    cursor = 0
    for tag in _TAG.finditer(body):
        locator = _clean_locator(body[cursor : tag.start()])
        written = _LEAD_SEP.sub("", body[cursor : tag.end()], count=1).strip()
        cursor = tag.end()
        if targets and _RANGE.match(locator):
            targets += _range_between(targets[-1], int(tag.group(1)))
            locator = ""
        if locator:
            key_point, section, repaired = _read_locator(locator)
            inherited = False
            if key_point is None and previous_kp is not None:
                key_point, inherited = previous_kp, True
        else:
            key_point, section, repaired = previous_kp, None, False
            inherited = previous_kp is not None
        targets.append(
            RefTarget(
                measure_no=int(tag.group(1)),
                key_point=key_point,
                section=section,
                key_point_inherited=inherited,
                repaired=repaired,
                written=written,
            )
        )
        previous_kp = key_point
    tail = _clean_locator(body[cursor:])
    if tail:
        leftover.append(tail)
    return ParsedRefs(raw=raw, targets=tuple(targets), leftover=tuple(leftover))


def _range_between(first: RefTarget, last: int) -> list[RefTarget]:
    """The measures strictly between the two ends of a range, under the first end's locator."""
    if not 0 < last - first.measure_no <= MAX_RANGE:
        return []
    return [
        RefTarget(
            measure_no=n,
            key_point=first.key_point,
            section=first.section,
            key_point_inherited=first.key_point is not None,
            written=f"<{n}>",
        )
        for n in range(first.measure_no + 1, last)
    ]


STYLES = ("{kp}-({sec}) <{no}>", "{kp}- ({sec}) <{no}>", "{kp} - ({sec}) <{no}>")


def render_refs(targets: Sequence[RefTarget], style: int = 0, default_section: int = 3) -> str:
    """Write targets back as a note in one of the published spacing styles (`STYLES`).

    An inherited key point is written as a bare tag, as the published text does.
    """
    parts = []
    for t in targets:
        if t.key_point_inherited or t.key_point is None:
            parts.append(f"<{t.measure_no}>")
        else:
            sec = t.section if t.section is not None else default_section
            parts.append(STYLES[style].format(kp=t.key_point, sec=sec, no=t.measure_no))
    return f"(Re: {', '.join(parts)})"
