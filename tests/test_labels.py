"""Page-label parser: footer styles parse back, other text gives None."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.labels import label_value, parse_page_label, roman_value


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("3", "3"),
        ("- 3 -", "3"),
        ("– 3 –", "3"),
        ("—12—", "12"),
        ("p. 3", "3"),
        ("P.3", "3"),
        ("Page 3", "3"),
        ("page 3 of 40", "3"),
        ("3/40", "3"),
        ("3 of 40", "3"),
        ("  - 27 -\n", "27"),
        ("iii", "iii"),
        ("- ii -", "ii"),
        ("IV", "iv"),
        ("Page xii", "xii"),
        ("－３－", "3"),
    ],
)
def test_footer_styles(text: str, label: str) -> None:
    assert parse_page_label(text) == label


@pytest.mark.parametrize(
    "text",
    [
        "",
        "June 14, 2022",
        "<3>",
        "(3)",
        "3.",
        "[3]",
        "1 Footnote text about the Basic Survey on Foreign Residents.",
        "The government will promote 3 measures.",
        "0",
        "- 3",
        "iiii",
        "mix",
        "Chapter 3",
        "FY2024",
    ],
)
def test_not_labels(text: str) -> None:
    assert parse_page_label(text) is None


@pytest.mark.parametrize(
    ("label", "value"),
    [("3", 3), ("iv", 4), ("xlix", 49), ("- 7 -", 7), ("abc", None), (None, None)],
)
def test_label_value(label: str | None, value: int | None) -> None:
    assert label_value(label) == value


def _roman(value: int) -> str:
    numerals = [(50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for size, numeral in numerals:
        while value >= size:
            out += numeral
            value -= size
    return out


STYLES = [
    "{n}",
    "- {n} -",
    "– {n} –",
    "—{n}—",
    "p. {n}",
    "P.{n}",
    "Page {n}",
    "page {n} of {total}",
    "{n}/{total}",
    "{n} / {total}",
]


@given(st.integers(1, 9999), st.sampled_from(STYLES), st.integers(1, 9999))
def test_arabic_numbers_round_trip(number: int, style: str, total: int) -> None:
    text = style.format(n=number, total=total)
    assert parse_page_label(text) == str(number)
    assert label_value(text) == number


@given(st.integers(1, 50), st.sampled_from(STYLES[:7]), st.booleans())
def test_roman_numbers_round_trip(number: int, style: str, upper: bool) -> None:
    numeral = _roman(number)
    assert roman_value(numeral) == number
    text = style.format(n=numeral.upper() if upper else numeral, total=0)
    assert parse_page_label(text) == numeral
    assert label_value(text) == number


# ASCII without digits and without the letters roman numerals are made of.
_NO_NUMERALS = "".join(
    c for c in map(chr, range(32, 127)) if not c.isdigit() and c.lower() not in "ivxlcdm"
)


@given(st.text(alphabet=_NO_NUMERALS + "\n–—", max_size=60))
def test_text_without_numerals_is_no_label(text: str) -> None:
    assert parse_page_label(text) is None


@given(st.text(max_size=60))
def test_never_raises(text: str) -> None:
    label = parse_page_label(text)
    assert label is None or label_value(label) is not None
