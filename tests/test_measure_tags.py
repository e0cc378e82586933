"""Measure-tag splitter: gold round trip on every fixture, robustness cases, property tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.measure_tags import TagSplit, find_tag_positions, split_tag

FIXTURES = Path(__file__).parent / "fixtures"
GOLD_FILES = sorted(FIXTURES.glob("*/gold.json"))


def _with_tail(measure: dict) -> str:
    """A gold measure's text with its tail put back as the PDF prints it."""
    tail = f" [{measure['ministries_raw']}] <{measure['no']}>"
    return measure["text"] + tail + (" " + measure["refs_raw"] if measure["refs_raw"] else "")


def _measures(gold_file: Path) -> list[dict]:
    return json.loads(gold_file.read_text(encoding="utf-8"))["measures"]


@pytest.mark.parametrize("gold_file", GOLD_FILES, ids=lambda p: p.parent.name)
def test_gold_measures_split_back(gold_file: Path) -> None:
    measures = _measures(gold_file)
    assert measures
    for m in measures:
        expected = TagSplit(m["text"], m["ministries_raw"], m["no"], m["refs_raw"])
        assert split_tag(_with_tail(m)) == expected


@pytest.mark.parametrize("gold_file", GOLD_FILES, ids=lambda p: p.parent.name)
def test_gold_tags_found_in_joined_text(gold_file: Path) -> None:
    measures = _measures(gold_file)
    joined = "\n".join(_with_tail(m) for m in measures)
    found = [(t.measure_no, t.ministries_raw, t.refs_raw) for t in find_tag_positions(joined)]
    assert found == [(m["no"], m["ministries_raw"], m["refs_raw"]) for m in measures]


def test_gold_has_malformed_and_spaced_refs() -> None:
    """The robustness cases below are not hypothetical: the gold prints them."""
    refs = {m["refs_raw"] for f in GOLD_FILES for m in _measures(f) if m["refs_raw"]}
    assert any(" 4 (3-(3) " in r for r in refs)
    assert any("1- (3)" in r for r in refs)


def test_line_breaks_and_spacing_inside_tail() -> None:
    text = (
        "Body (with parentheses) and [Project Details] in it.\n[Ministry of\nJustice]\n< 4 >\n"
        "(Re: 1-(3) <4>, 3-(3)\n<66>, 4 (3-(3) <87>)  \n"
    )
    assert split_tag(text) == TagSplit(
        "Body (with parentheses) and [Project Details] in it.",
        "Ministry of Justice",
        4,
        "(Re: 1-(3) <4>, 3-(3) <66>, 4 (3-(3) <87>)",
    )


def test_body_keeps_paragraph_breaks() -> None:
    split = split_tag("First paragraph.\n\nSecond paragraph. [Consumer Affairs Agency] <25>")
    assert split is not None
    assert split.body == "First paragraph.\n\nSecond paragraph."


def test_tag_without_brackets() -> None:
    assert split_tag("Some text. <7> (Re: 4-(3) <74>)") == TagSplit(
        "Some text.", None, 7, "(Re: 4-(3) <74>)"
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "No tag here.",
        "A [bracket] not followed by a tag.",
        "Tag in the middle [Ministry of Justice] <4> and more text.",
        "see 1-(3) <4>",
        "(Re: 4-(3) <73>, <90>)",
    ],
)
def test_no_tail(text: str) -> None:
    assert split_tag(text) is None


def test_tag_positions_cut_joined_paragraphs() -> None:
    text = "One. [Ministry of Justice] <1> (Re: 4-(3) <73>, <90>) Two. [MOFA] <2> Three. <3>"
    tags = find_tag_positions(text)
    assert [(t.measure_no, t.ministries_raw) for t in tags] == [
        (1, "Ministry of Justice"),
        (2, "MOFA"),
        (3, None),
    ]
    assert text[tags[0].end :].startswith(" Two.")
    assert text[tags[2].start :] == "<3>"


_body = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="[]<>＜＞〈〉"), min_size=1
).map(lambda s: s.strip() + ".")
_ministries = st.sampled_from(
    ["Ministry of Justice", "Ministry of Health, Labour and Welfare", "Cabinet Office (Office)"]
)
_space = st.sampled_from([" ", "\n", "  ", " \n"])
_ref = st.tuples(st.integers(1, 4), st.integers(1, 120)).map(lambda r: f"{r[0]}-(3) <{r[1]}>")


@given(_body, _ministries, st.integers(1, 999), st.lists(_ref, max_size=4), _space, _space)
def test_rendered_tail_splits_back(
    body: str, ministries: str, number: int, refs: list[str], gap: str, inner: str
) -> None:
    refs_raw = f"(Re: {', '.join(refs)})" if refs else None
    text = f"{body}{gap}[{ministries.replace(' ', inner)}]{gap}<{number}>"
    if refs_raw:
        text += gap + refs_raw.replace(" ", inner)
    split = split_tag(text)
    assert split == TagSplit(body.rstrip(), ministries, number, refs_raw)


@given(st.text(max_size=300))
def test_never_raises(text: str) -> None:
    split = split_tag(text)
    tags = find_tag_positions(text)
    assert split is None or split.measure_no >= 0
    assert all(0 <= t.start < t.end <= len(text) for t in tags)
