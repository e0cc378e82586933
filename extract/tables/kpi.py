"""Parse the numeric target of a KPI item with spaCy's rule-based `Matcher`/`PhraseMatcher`.

A target is a number (digits, decimals, "1.5 million", "Six", "twice") followed by a unit
("video views", "%", "times") or by a comparator ("450,000 or more", whose unit is then the
noun counted earlier: "number of people"); the fiscal year is the
first "FY2026" after it, the comparator the nearest phrase around it ("a total of",
"cumulatively", "a year", "at least", ...). Numbers inside measure tags ("<58>"), bare years
and durations ("in five years") are not targets. Without a number the fiscal year is still
read when a deadline phrase leads to it ("by FY2025", "until the end of FY2025", "(to be
surveyed by FY2026)") and nothing makes it open-ended ("in FY2022 and thereafter"). The word
lists live in `schemas/kpi_patterns.json`.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.resources import files

import spacy
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from extract.tables.models import Kpi
from extract.tables.text import measure_tags

PATTERNS_FILE = files("schemas") / "kpi_patterns.json"
MAX_UNIT_TOKENS = 5
COMPARATOR_WINDOW = 4  # tokens between a comparator and the number (or its unit)


@cache
def _patterns() -> dict:
    return json.loads(PATTERNS_FILE.read_text(encoding="utf-8"))


@cache
def _pipeline() -> tuple[spacy.language.Language, Matcher, PhraseMatcher]:
    pats = _patterns()
    nlp = spacy.blank("en")
    scales = list(pats["scales"])
    words = list(pats["number_words"])
    matcher = Matcher(nlp.vocab)
    matcher.add(
        "NUMBER",
        [
            [
                {"LIKE_NUM": True, "LOWER": {"NOT_IN": scales}},
                {"LOWER": {"IN": scales}, "OP": "?"},
            ],
            [{"LOWER": {"IN": words}}, {"LOWER": {"IN": scales}, "OP": "?"}],
        ],
        greedy="LONGEST",
    )
    matcher.add(
        "FISCAL_YEAR",
        [
            [{"TEXT": {"REGEX": r"^FY\d{4}$"}}],
            [{"TEXT": "FY"}, {"TEXT": {"REGEX": r"^\d{4}$"}}],
        ],
    )
    phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
    for phrase, canon in pats["comparators"].items():
        phrases.add(canon, [nlp.make_doc(phrase)])
    return nlp, matcher, phrases


def _value(span: Span) -> float | None:
    pats = _patterns()
    first = span[0].lower_
    if first in pats["number_words"]:
        value = float(pats["number_words"][first])
    else:
        try:
            value = float(first.replace(",", ""))
        except ValueError:
            return None
    if len(span) > 1:
        value *= pats["scales"].get(span[-1].lower_, 1)
    return value


def _unit(doc: Doc, start: int) -> tuple[str | None, int]:
    """The unit words right after a number and the token index where they end."""
    pats = _patterns()
    stops = set(pats["unit_stop_words"])
    if start < len(doc) and doc[start].text in pats["percent_words"]:
        return "%", start + 1
    if (
        start + 1 < len(doc)
        and f"{doc[start].lower_} {doc[start + 1].lower_}" in pats["percent_words"]
    ):
        return "%", start + 2
    end = start
    while end < len(doc) and end - start < MAX_UNIT_TOKENS:
        tok = doc[end]
        if tok.is_punct or tok.lower_ in stops or tok.like_num or tok.text.startswith("FY"):
            break
        if tok.lower_ == "and" and (end + 1 >= len(doc) or doc[end + 1].lower_ in stops):
            break
        end += 1
    while end > start and doc[end - 1].lower_ == "and":
        end -= 1
    if end == start:
        return None, start
    return doc[start:end].text, end


def _comparator(doc: Doc, num_start: int, unit_end: int) -> str | None:
    """The comparator phrase nearest to the number, before it or after its unit."""
    _, _, phrases = _pipeline()
    best: tuple[int, str] | None = None
    for match_id, s, e in phrases(doc):
        if e <= num_start:
            dist = num_start - e
        elif s >= unit_end:
            dist = s - unit_end
        else:
            continue
        if dist <= COMPARATOR_WINDOW and (best is None or dist < best[0]):
            best = (dist, doc.vocab.strings[match_id])
    return best[1] if best else None


def _counted_noun(doc: Doc, before: int) -> str | None:
    """'The total number of people who ... is 450,000 or more' -> 'people'."""
    for i in range(before - 2, 0, -1):
        if doc[i].lower_ == "of" and doc[i - 1].lower_ == "number" and doc[i + 1].is_alpha:
            return doc[i + 1].text
    return None


def _phrase_before(doc: Doc, start: int, phrases: list[list[str]]) -> bool:
    """True when one of `phrases` (lower-case token lists) ends right before token `start`."""
    words = [t.lower_ for t in doc[:start] if not t.is_punct or t.text in ("%",)]
    return any(len(ph) <= len(words) and words[len(words) - len(ph) :] == ph for ph in phrases)


def _phrase_after(doc: Doc, end: int, phrases: list[list[str]]) -> bool:
    words = [t.lower_ for t in doc[end:] if not t.is_punct]
    return any(words[: len(ph)] == ph for ph in phrases)


def _after_basis(doc: Doc, start: int, phrases: list[list[str]]) -> bool:
    """True when the clause holding token `start` names a basis before it ('based on the
    results of considerations in FY2023': the year of the results, not a deadline)."""
    begin = start
    while begin > 0 and doc[begin - 1].text not in ("(", ";", ".", ":"):
        begin -= 1
    words = [t.lower_ for t in doc[begin:start]]
    return any(words[i : i + len(ph)] == ph for ph in phrases for i in range(len(words)))


def deadline_year(text: str) -> int | None:
    """The fiscal year a KPI is to be met by, whatever the value ('by FY2025' -> 2025).

    The first fiscal year led by a deadline phrase, not followed by an open-ended phrase and
    not the year of a basis named earlier in its clause.
    """
    nlp, matcher, _ = _pipeline()
    doc = nlp(text)
    pats = _patterns()
    leads = [p.split() for p in pats["deadline_phrases"]]
    open_ended = [p.split() for p in pats["open_ended_years"]]
    basis = [p.split() for p in pats["basis_phrases"]]
    for mid, s, e in sorted(matcher(doc), key=lambda m: m[1]):
        if doc.vocab.strings[mid] != "FISCAL_YEAR":
            continue
        if (
            _phrase_before(doc, s, leads)
            and not _phrase_after(doc, e, open_ended)
            and not _after_basis(doc, s, basis)
        ):
            return int(re.sub(r"\D", "", doc[s:e].text))
    return None


def parse_kpi(text: str, item_index: int = 0, page: int | None = None) -> Kpi:
    """A KPI item with its target parsed where the text states one (never raises)."""
    nlp, matcher, _ = _pipeline()
    doc = nlp(text)
    matches = matcher(doc)
    years = sorted(
        (s, int(re.sub(r"\D", "", doc[s:e].text)))
        for mid, s, e in matches
        if doc.vocab.strings[mid] == "FISCAL_YEAR"
    )
    numbers = sorted((s, e) for mid, s, e in matches if doc.vocab.strings[mid] == "NUMBER")
    pats = _patterns()
    for s, e in numbers:
        if s > 0 and doc[s - 1].text in ("<", "No.", "#"):
            continue
        value = _value(doc[s:e])
        if value is None:
            continue
        unit, unit_end = _unit(doc, e)
        unit = unit.strip() or None if unit else None  # a whitespace token is no unit
        if doc[s].lower_ in pats["times_words"]:
            unit, unit_end = "times", e
        if unit and unit.split()[0].lower() in pats["duration_units"]:
            continue
        comparator = _comparator(doc, s, unit_end)
        if unit is None and comparator is None:
            continue
        if unit is None:
            unit = _counted_noun(doc, s)
        fy = next((y for pos, y in years if pos >= unit_end), None) or deadline_year(text)
        return Kpi(
            item_index=item_index,
            text=text,
            measure_nos=measure_tags(text),
            target_value=value,
            target_unit=unit,
            target_fy=fy,
            comparator=comparator,
            page=page,
        )
    return Kpi(
        item_index=item_index,
        text=text,
        measure_nos=measure_tags(text),
        target_fy=deadline_year(text),
        page=page,
    )
