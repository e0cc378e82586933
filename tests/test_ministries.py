"""Ministries parser: gold equality on every fixture, data-file sanity, and property tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.ministries import (
    MinistrySplit,
    canonical_names,
    find_ministries,
    is_generic,
    load_entries,
    normalize_space,
    split_ministries,
)

FIXTURES = Path(__file__).parent / "fixtures"
GOLD_FILES = sorted(FIXTURES.glob("*/gold.json"))
SEPARATORS = [", ", " , ", ", and ", " and "]


@pytest.mark.parametrize("gold_file", GOLD_FILES, ids=lambda p: p.parent.name)
def test_every_gold_bracket_parses_to_gold_list(gold_file: Path) -> None:
    measures = json.loads(gold_file.read_text(encoding="utf-8"))["measures"]
    assert measures
    wrong = [
        (m["no"], m["ministries_raw"], split_ministries(m["ministries_raw"]))
        for m in measures
        if split_ministries(m["ministries_raw"]) != MinistrySplit(tuple(m["ministries"]), ())
    ]
    assert wrong == []


def test_all_four_fixtures_are_checked() -> None:
    assert len(GOLD_FILES) == 4


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "Ministry of Justice , and Ministry of Health, Labour and Welfare",
            ("Ministry of Justice", "Ministry of Health, Labour and Welfare"),
        ),
        (
            "Cabinet Office, Ministry of Justice, and other related ministries and agencies",
            ("Cabinet Office", "Ministry of Justice", "other related ministries and agencies"),
        ),
        ("Relevant Ministries and Agencies", ("Relevant Ministries and Agencies",)),
        (
            "[Ministry of\nEducation, Culture,  Sports, Science\nand Technology]",
            ("Ministry of Education, Culture, Sports, Science and Technology",),
        ),
        (
            "the Immigration Services Agency of Japan and MEXT",
            (
                "Immigration Services Agency",
                "Ministry of Education, Culture, Sports, Science and Technology",
            ),
        ),
        ("ministry of justice", ("Ministry of Justice",)),
        ("", ()),
    ],
)
def test_examples(raw: str, expected: tuple[str, ...]) -> None:
    assert find_ministries(raw) == expected


def test_unknown_text_is_surfaced_not_dropped() -> None:
    split = split_ministries("Ministry of Justice, Bureau of Imaginary Affairs and MOFA")
    assert split.names == ("Ministry of Justice", "Ministry of Foreign Affairs")
    assert split.unknown == ("Bureau of Imaginary Affairs",)


def test_abbreviations_are_case_sensitive() -> None:
    assert split_ministries("mext").names == ()
    assert split_ministries("mext").unknown == ("mext",)


def test_generic_entries_are_flagged() -> None:
    assert is_generic("Relevant Ministries and Agencies")
    assert is_generic("other related ministries and agencies")
    assert not is_generic("Ministry of Justice")


def test_data_file_spellings_are_unambiguous() -> None:
    owner: dict[str, str] = {}
    for entry in load_entries():
        for spelling in (entry.name, *entry.aliases):
            key = normalize_space(spelling).lower()
            assert owner.setdefault(key, entry.name) == entry.name, spelling
        for abbreviation in entry.abbreviations:
            assert owner.setdefault(abbreviation, entry.name) == entry.name, abbreviation
    assert len(set(canonical_names())) == len(canonical_names())


def _spellings() -> list[tuple[str, str]]:
    """(spelling, canonical) for every name, alias and abbreviation in the data file."""
    pairs = []
    for entry in load_entries():
        for spelling in (entry.name, *entry.aliases, *entry.abbreviations):
            pairs.append((spelling, entry.name))
    return pairs


_space = st.sampled_from([" ", "  ", "\n", " \n ", "\t"])


@st.composite
def _spaced(draw: st.DrawFn, spelling: str) -> str:
    """The spelling with every space replaced by random whitespace (as PDF lines break)."""
    words = spelling.split(" ")
    out = words[0]
    for word in words[1:]:
        out += draw(_space) + word
    return out


@st.composite
def _bracket(draw: st.DrawFn) -> tuple[str, tuple[str, ...]]:
    picks = draw(st.lists(st.sampled_from(_spellings()), min_size=1, max_size=5))
    text = ""
    for index, (spelling, _) in enumerate(picks):
        if index:
            text += draw(st.sampled_from(SEPARATORS)).replace(" ", draw(_space))
        text += draw(_spaced(spelling))
    return text, tuple(canonical for _, canonical in picks)


# No deadline: the first example may pay for building the spaCy pipeline.
@settings(deadline=None)
@given(_bracket())
def test_joined_known_names_round_trip(case: tuple[str, tuple[str, ...]]) -> None:
    text, expected = case
    split = split_ministries(text)
    assert split.names == expected
    assert split.unknown == ()


@settings(deadline=None)
@given(st.text(max_size=200))
def test_never_raises_and_only_returns_known_names(text: str) -> None:
    split = split_ministries(text)
    assert set(split.names) <= set(canonical_names())


def test_abbreviation_in_parentheses_is_not_a_second_ministry() -> None:
    split = split_ministries("Ministry of Justice (MOJ), and MOFA, Ministry of Finance (MOJ)")
    assert split.names == (
        "Ministry of Justice",
        "Ministry of Foreign Affairs",
        "Ministry of Finance",
        "Ministry of Justice",
    )
    assert split.unknown == ()


def test_unknown_name_with_commas_is_kept_whole() -> None:
    split = split_ministries("Ministry of Justice, Ministry of A, B and C, and MOFA")
    assert split.names == ("Ministry of Justice", "Ministry of Foreign Affairs")
    assert split.unknown == ("Ministry of A, B and C",)
