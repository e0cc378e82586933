"""Parse the ministries bracket that closes every roadmap measure.

A measure ends with e.g. "[Ministry of Justice , and Ministry of Health, Labour and Welfare]".
Splitting on commas would break names that contain commas, so the names are *found*, not split:
a spaCy `PhraseMatcher` over the names and aliases in `schemas/ministries.json` (the one place
where this domain knowledge lives) marks them, the longest non-overlapping matches win, and
whatever is left between matches apart from separators ("," "and" ";") is reported as unknown
so the caller can warn instead of losing a ministry silently.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Span
from spacy.util import filter_spans

from extract.whitespace import squash

DATA_FILE = Path(__file__).resolve().parent.parent / "schemas" / "ministries.json"

# Separators around unmatched text; "as well as" and "&" occur in hand-written lists too.
_SEPARATOR = r"(?:[\s,;、・/&.]|\band\b|\bas well as\b)+"
_EDGES = re.compile(rf"^{_SEPARATOR}|{_SEPARATOR}$", re.IGNORECASE)
_FILLER = re.compile(r"^[\s.:;,·・\-–—()]*$")


@dataclass(frozen=True, slots=True)
class MinistryEntry:
    """One body from the data file."""

    name: str
    aliases: tuple[str, ...]
    abbreviations: tuple[str, ...]
    generic: bool


@dataclass(frozen=True, slots=True)
class MinistrySplit:
    """Result of `split_ministries`: canonical names in order, and text that matched nothing."""

    names: tuple[str, ...]
    unknown: tuple[str, ...]


def normalize_space(text: str) -> str:
    """Collapse whitespace and tidy commas, so line breaks and " , " never matter."""
    return re.sub(r"\s*,\s*", ", ", squash(text)).strip(", ").strip()


@cache
def load_entries(path: Path = DATA_FILE) -> tuple[MinistryEntry, ...]:
    """Read the ministries data file (cached: it never changes during a run)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return tuple(
        MinistryEntry(
            name=e["name"],
            aliases=tuple(e.get("aliases", ())),
            abbreviations=tuple(e.get("abbreviations", ())),
            generic=bool(e.get("generic", False)),
        )
        for e in data["entries"]
    )


@cache
def _pipeline() -> tuple[Language, PhraseMatcher, PhraseMatcher]:
    """Build the tokenizer and matchers once per process; building them is the slow part."""
    nlp = spacy.blank("en")
    by_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    by_orth = PhraseMatcher(nlp.vocab, attr="ORTH")
    for entry in load_entries():
        spellings = {normalize_space(s) for s in (entry.name, *entry.aliases)}
        patterns = [nlp.make_doc(s) for s in sorted(spellings)]
        patterns += [nlp.make_doc("the " + s) for s in sorted(spellings)]
        by_lower.add(entry.name, patterns)
        if entry.abbreviations:
            by_orth.add(entry.name, [nlp.make_doc(a) for a in entry.abbreviations])
    return nlp, by_lower, by_orth


def split_ministries(raw: str | None) -> MinistrySplit:
    """Find the ministries named in `raw` (the text inside the brackets) and any leftovers."""
    text = normalize_space((raw or "").strip().strip("[]"))
    if not text:
        return MinistrySplit((), ())
    nlp, by_lower, by_orth = _pipeline()
    doc = nlp.make_doc(text)
    matches = [*by_lower(doc), *by_orth(doc)]
    spans = [Span(doc, start, end, label=match_id) for match_id, start, end in matches]
    kept = sorted(filter_spans(spans), key=lambda span: span.start)
    names: list[str] = []
    unknown: list[str] = []
    cursor = 0
    for span in kept:
        gap = text[cursor : span.start_char]
        if _restates_previous(names, span, gap, text):
            cursor = span.end_char + 1  # "Ministry of Justice (MOJ)": skip "(MOJ)" and ")"
            continue
        unknown += _leftovers(gap)
        names.append(span.label_)
        cursor = span.end_char
    unknown += _leftovers(text[cursor:])
    return MinistrySplit(tuple(names), tuple(unknown))


def find_ministries(raw: str | None) -> tuple[str, ...]:
    """Canonical ministry names in `raw`, in order of appearance (unknown text is ignored)."""
    return split_ministries(raw).names


def is_generic(name: str) -> bool:
    """True for catch-all entries such as "Relevant Ministries and Agencies"."""
    return any(e.generic and e.name == name for e in load_entries())


def canonical_names() -> tuple[str, ...]:
    """Every canonical name in the data file, in file order."""
    return tuple(e.name for e in load_entries())


def _restates_previous(names: list[str], span: Span, gap: str, text: str) -> bool:
    """True for a parenthesised abbreviation right after its own full name."""
    closes = text[span.end_char : span.end_char + 1] == ")"
    return bool(names) and names[-1] == span.label_ and gap.strip() == "(" and closes


def _leftovers(gap: str) -> list[str]:
    """The unmatched text of a gap without the separators around it, kept whole.

    An unknown "Ministry of A, B and C" is not split, since nobody knows where its names end.
    """
    core = _EDGES.sub("", gap)
    return [] if _FILLER.match(core) or core.lower() == "the" else [core]
