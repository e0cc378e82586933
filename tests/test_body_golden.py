"""Golden tests of the body stages (layout + structure) against each fixture's gold.json.

Run on both FY2024 layouts and on the two synthetic earlier editions (which are not the real
2022/2023 documents; they exist to exercise revision diffing).
"""

from __future__ import annotations

import difflib
import re
from functools import cache

import pytest

from extract.layout import analyse_layout
from extract.models import Structure
from extract.structure import extract_structure
from tests.conftest import load_gold, load_raw

ALL = ["fy2024", "fy2024-b", "fy2023-synthetic", "fy2022-synthetic"]
QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").translate(QUOTES)).strip()


def similarity(a: str | None, b: str | None) -> float:
    return difflib.SequenceMatcher(None, norm(a), norm(b)).ratio()


@cache
def structure_of(name: str) -> Structure:
    return extract_structure(analyse_layout(load_raw(name)))


@pytest.fixture(params=ALL)
def edition(request) -> str:
    return request.param


def _pairs(name: str):
    got = {m.measure_no: m for m in structure_of(name).measures}
    gold = {m["no"]: m for m in load_gold(name)["measures"]}
    return got, gold


def test_all_measures_found_nothing_extra(edition):
    got, gold = _pairs(edition)
    assert sorted(got) == sorted(gold)
    assert len(structure_of(edition).measures) == len(gold), "a measure number appears twice"


def test_measure_placement_and_ministries(edition):
    got, gold = _pairs(edition)
    wrong = [
        (no, field)
        for no, g in gold.items()
        for field, value in [
            ("key_point", got[no].key_point),
            ("subsection", got[no].subsection),
            ("subsection_title", got[no].subsection_title),
            ("theme", got[no].theme),
            ("ministries", list(got[no].ministries)),
            ("ministries_raw", got[no].ministries_raw),
            ("refs_raw", got[no].refs_raw),
        ]
        if value != g[field]
    ]
    assert wrong == []


def test_measure_text_matches_gold(edition):
    got, gold = _pairs(edition)
    wrong = {no: round(similarity(got[no].text, g["text"]), 3) for no, g in gold.items()}
    assert {no: r for no, r in wrong.items() if norm(got[no].text) != norm(gold[no]["text"])} == {}


def test_measure_pages_and_labels(edition):
    got, gold = _pairs(edition)
    wrong = {
        no: ((m.page_start, m.page_end, m.label_start, m.label_end), g)
        for no, m in got.items()
        if (
            g := (
                gold[no]["page_start"],
                gold[no]["page_end"],
                gold[no]["label_start"],
                gold[no]["label_end"],
            )
        )
        != (m.page_start, m.page_end, m.label_start, m.label_end)
    }
    assert wrong == {}


def test_footnotes_text_and_page(edition):
    got = {f.footnote_no: f for f in structure_of(edition).footnotes}
    gold = {f["no"]: f for f in load_gold(edition)["footnotes"]}
    assert sorted(got) == sorted(gold)
    for no, g in gold.items():
        assert (got[no].page, got[no].label) == (g["page"], g["label"]), no
        assert norm(got[no].text) == norm(g["text"]), no


def test_every_footnote_called_on_its_page(edition):
    gold = {f["no"]: f for f in load_gold(edition)["footnotes"]}
    for f in structure_of(edition).footnotes:
        assert f.call_page == gold[f.footnote_no]["call_page"], f.footnote_no


def test_cover(edition):
    cover = structure_of(edition).cover
    gold = load_gold(edition)
    assert cover.title == gold["title"]
    assert cover.decided.isoformat() == gold["decided"]
    assert [d.isoformat() for d in cover.revisions] == gold["revisions"]


def test_headings_match_gold_text_and_page(edition):
    got = [(norm(h.text), h.page, h.level) for h in structure_of(edition).headings]
    gold = [(norm(h["text"]), h["page"], h["level"]) for h in load_gold(edition)["headings"]]
    assert [(t, p) for t, p, _ in got] == [(t, p) for t, p, _ in gold]
    assert [lv for *_, lv in got] == [lv for *_, lv in gold]


def test_heading_kinds_match_gold(edition):
    """Kinds too, including the list items named for their list heading (vision, key point)."""
    got = [h.kind for h in structure_of(edition).headings]
    assert got == [h["kind"] for h in load_gold(edition)["headings"]]


def test_toc_entries_and_printed_pages(edition):
    got = [(norm(e.text), e.printed_page) for e in structure_of(edition).toc]
    gold = [(norm(e["text"]), e["printed_page"]) for e in load_gold(edition)["toc"]]
    assert got == gold


def test_page_labels(edition):
    labels = [p.label for p in analyse_layout(load_raw(edition)).pages]
    assert labels == load_gold(edition)["render"]["page_labels"]


def test_no_footer_or_footnote_text_leaks_into_measures(edition):
    footnotes = [norm(f.text)[:40] for f in structure_of(edition).footnotes]
    for m in structure_of(edition).measures:
        text = norm(m.text)
        assert not any(snippet in text for snippet in footnotes), m.measure_no
        assert not re.search(r"(^|\s)- \d+ -(\s|$)", text), m.measure_no


def test_headings_carry_the_toc_page_of_their_own_entry(edition):
    """Repeated TOC texts ("(1) Current situation and issues") match in document order."""
    gold = load_gold(edition)
    toc = {t["heading_id"]: t["printed_page"] for t in gold["toc"]}
    expected = [toc.get(h["id"]) for h in gold["headings"]]
    assert [h.toc_label for h in structure_of(edition).headings] == expected
