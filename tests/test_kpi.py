"""KPI target parser: published examples, non-targets, and hypothesis round trips."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from extract.tables.kpi import deadline_year, parse_kpi

PUBLISHED = [
    (
        "Aim for a total of 1.5 million video views by FY2026",
        1_500_000,
        "video views",
        2026,
        "total",
    ),
    (
        "Numerical targets set based on the Second Municipal Children and Child-Rearing Support "
        "Project Plan: 10,200 locations (FY2024) * KPIs for FY2025 and thereafter will be set",
        10_200,
        "locations",
        2024,
        None,
    ),
    (
        "The total number of people who take the JF Japanese e-Learning Minato courses is "
        "450,000 or more",
        450_000,
        "people",
        None,
        "or more",
    ),
    ("Percentage of pioneering policies introduced: (85% in FY2026)", 85, "%", 2026, None),
    (
        "Number of products and services that utilize established simultaneous interpretation "
        "technology (20 products and services by FY2027)",
        20,
        "products and services",
        2027,
        None,
    ),
    (
        "Total number of Coordinators for International Cooperation active in Japan "
        "(100 persons cumulatively in FY2026)",
        100,
        "persons",
        2026,
        "cumulative",
    ),
    ("Number of times explanations are given: Six times a year", 6, "times", None, "per year"),
    ("(aim for 50% by the end of FY2025)", 50, "%", 2025, None),
    ("Hold the meeting twice a year", 2, "times", None, "per year"),
    ("At least 300 sessions by FY2025", 300, "sessions", 2025, "at least"),
]

NO_TARGET = [
    'The number of hits to "Tsunahiro" [Partly Reposting of initiative number 8]',
    "Employment status of persons who complete the training course (to be surveyed by FY2026)",
    "Increase in the number of Evening Classes (Goals in five years: establishment in all "
    "prefectures and designated cities)",
    "Number of foreign job seekers employed (cases) <58>",
    "Consideration of necessary measures in the Act enacted in 2023",
    "Implementation of initiatives (based on the results of review in FY2022 and thereafter)",
    "",
]


@pytest.mark.parametrize(("text", "value", "unit", "fy", "comparator"), PUBLISHED)
def test_published_targets(text, value, unit, fy, comparator) -> None:
    k = parse_kpi(text)
    assert k.text == text
    assert (k.target_value, k.target_unit, k.target_fy, k.comparator) == (
        value,
        unit,
        fy,
        comparator,
    )


@pytest.mark.parametrize("text", NO_TARGET)
def test_texts_without_a_target(text: str) -> None:
    k = parse_kpi(text)
    assert k.text == text
    assert k.target_value is None and k.target_unit is None and k.comparator is None


def test_measure_tags_in_kpi_text() -> None:
    assert parse_kpi("Number of cases (cases) <58> and <59>").measure_nos == (58, 59)


UNITS = st.sampled_from(["participants", "locations", "video views", "products and services"])
YEARS = st.integers(min_value=2000, max_value=2099)


@settings(max_examples=60, deadline=None)
@given(value=st.integers(min_value=1, max_value=9_999_999), unit=UNITS, fy=YEARS)
def test_round_trip_value_unit_year(value: int, unit: str, fy: int) -> None:
    text = f"Aim for {value:,} {unit} by FY{fy}"
    k = parse_kpi(text)
    assert (k.target_value, k.target_unit, k.target_fy) == (value, unit, fy)


@settings(max_examples=40, deadline=None)
@given(
    whole=st.integers(min_value=1, max_value=999),
    tenth=st.integers(min_value=0, max_value=9),
    scale=st.sampled_from([("thousand", 1_000), ("million", 1_000_000)]),
)
def test_scaled_numbers(whole: int, tenth: int, scale: tuple[str, int]) -> None:
    word, factor = scale
    k = parse_kpi(f"A total of {whole}.{tenth} {word} visits in FY2026")
    assert k.target_value == pytest.approx((whole + tenth / 10) * factor)
    assert (k.target_unit, k.target_fy, k.comparator) == ("visits", 2026, "total")


@settings(max_examples=40, deadline=None)
@given(pct=st.integers(min_value=0, max_value=100), fy=YEARS)
def test_percent_targets(pct: int, fy: int) -> None:
    k = parse_kpi(f"Rate of completion ({pct}% in FY{fy})")
    assert (k.target_value, k.target_unit, k.target_fy) == (pct, "%", fy)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=120))
@example("0\r")  # a number followed by a whitespace-only token once crashed the unit finder
def test_never_raises_and_keeps_text(text: str) -> None:
    k = parse_kpi(text)
    assert k.text == text
    assert k.target_value is None or k.target_value >= 0


@settings(max_examples=40, deadline=None)
@given(n=st.integers(min_value=1, max_value=999))
def test_measure_tags_are_never_targets(n: int) -> None:
    assert parse_kpi(f"Number of cases <{n}>").target_value is None


DEADLINES = [
    ("Integrated management of the school enrollment of all foreign children by FY2025", 2025),
    (
        "Employment status of persons who complete the training course (to be surveyed by FY2026)",
        2026,
    ),
    ("Start of operation in FY2026", 2026),
    ("Continue the project until the end of FY2025", 2025),
    ("Publication by the end of FY2024.", 2024),
    (
        "Implementation of initiatives (based on the results of review in FY2022 and thereafter)",
        None,
    ),
    ("KPIs for FY2025 and thereafter will be set", None),
    ("Consideration of necessary measures in the Act enacted in 2023", None),
    ("Results of FY2023 are published", None),
    (
        "Paraphrases (to be considered based on the results of considerations in FY2023)",
        None,
    ),
    ("Survey based on the FY2022 results; publication by FY2025", 2025),
]


@pytest.mark.parametrize(("text", "fy"), DEADLINES)
def test_target_year_without_a_number(text: str, fy: int | None) -> None:
    k = parse_kpi(text)
    assert k.target_fy == fy
    assert k.target_value is None


LEADS = st.sampled_from(
    ["by", "in", "until the end of", "by the end of", "(to be surveyed by", "(to be achieved by"]
)
SUBJECTS = st.sampled_from(
    ["Number of consultations", "Status of the survey", "Implementation of the project", ""]
)


@settings(max_examples=80, deadline=None)
@given(subject=SUBJECTS, lead=LEADS, fy=YEARS, spaced=st.booleans())
def test_deadline_year_property(subject: str, lead: str, fy: int, spaced: bool) -> None:
    year = f"FY {fy}" if spaced else f"FY{fy}"
    text = f"{subject} {lead} {year}{')' if lead.startswith('(') else ''}".strip()
    assert parse_kpi(text).target_fy == fy
    assert deadline_year(text) == fy


@settings(max_examples=60, deadline=None)
@given(subject=SUBJECTS, fy=YEARS, tail=st.sampled_from(["and thereafter", "onward", "onwards"]))
def test_open_ended_year_is_no_deadline(subject: str, fy: int, tail: str) -> None:
    assert parse_kpi(f"{subject} in FY{fy} {tail}").target_fy is None


@settings(max_examples=60, deadline=None)
@given(value=st.integers(min_value=1, max_value=99_999), fy=YEARS, other=YEARS)
def test_year_after_the_number_wins(value: int, fy: int, other: int) -> None:
    k = parse_kpi(f"Based on the FY{other} survey: {value:,} participants by FY{fy}")
    assert (k.target_value, k.target_fy) == (value, fy)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=80))
def test_deadline_year_never_raises(text: str) -> None:
    fy = deadline_year(text)
    assert fy is None or f"{fy}" in text
