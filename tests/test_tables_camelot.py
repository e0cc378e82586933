"""The camelot fallback: pages whose vector rules are missing get their rules from camelot.

The fixture PDF still has its grid, so camelot (which renders the page and finds ruling lines
in the image) sees it, while the RawDocument handed to the stage has the vector graphics of
those pages removed -- as if a producer had drawn the grid in a way pdfplumber cannot read.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from extract.layout import analyse_layout
from extract.models import RawDocument
from extract.tables import ScheduleSet, camelot_finder, extract_schedules
from tests.conftest import load_gold, load_layout, load_raw
from tests.scoring import score


@cache
def _stripped() -> tuple[RawDocument, frozenset[int]]:
    raw = load_raw("fy2024")
    gold = load_gold("fy2024")["schedules"]
    half = next(g for g in gold if g["half_year"])
    plain = [g for g in gold if len(g["rows"]) >= 3 and g["page_start"] == g["page_end"]][:2]
    pages = frozenset([half["page_start"], *(g["page_start"] for g in plain)])
    stripped = replace(
        raw,
        pages=tuple(replace(p, graphics=()) if p.page in pages else p for p in raw.pages),
    )
    return stripped, pages


def _gold_on(pages: frozenset[int]) -> dict:
    gold = load_gold("fy2024")
    return dict(gold, schedules=[g for g in gold["schedules"] if g["page_start"] in pages])


@cache
def _run(rules: str) -> ScheduleSet:
    raw, _ = _stripped()
    finder = camelot_finder(raw.source_file)
    return extract_schedules(analyse_layout(raw), rules=rules, find_rules=finder)


def test_fallback_recovers_cells_on_pages_without_vector_rules() -> None:
    _, pages = _stripped()
    result = _run("auto")
    assert result.method == "pdfplumber+camelot"
    sc = score(result, _gold_on(pages))
    assert sc.schedules_found == sc.schedules_gold == 3
    assert (sc.cells_matched, sc.cells_extra) == (sc.cells_gold, 0), sc.problems


def test_without_fallback_those_pages_fail() -> None:
    """Shows the fallback is what recovers them (vector-only loses the cells)."""
    _, pages = _stripped()
    sc = score(_run("vector"), _gold_on(pages))
    assert sc.cells_gold and sc.cells_matched == 0  # titles found, not a single cell


def test_untouched_pages_do_not_call_camelot() -> None:
    asked: list = []
    result = extract_schedules(load_layout("fy2024"), find_rules=lambda *a: asked.append(a) or {})
    assert result.method == "pdfplumber"
    assert asked == []


def test_rule_finder_gets_only_the_pages_without_rules_and_nothing_else_is_read() -> None:
    """The stage is pure: the finder is its only way to more rules, asked about exactly the
    stripped pages. Here it hands back the PDF's own vector rules, so the tables come back
    without camelot and without opening the file (the source path points nowhere)."""
    stripped, pages = _stripped()
    original = {p.page: p for p in load_raw("fy2024").pages}
    asked: list[tuple[int, ...]] = []

    def finder(wanted, heights):
        asked.append(tuple(wanted))
        assert set(heights) >= set(wanted)
        return {n: original[n].graphics for n in wanted}

    raw = replace(stripped, source_file="/nonexistent/never-read.pdf")
    layout = analyse_layout(raw)
    result = extract_schedules(layout, find_rules=finder)
    assert asked == [tuple(sorted(pages))]
    assert result.method == "pdfplumber+camelot"
    sc = score(result, _gold_on(pages))
    assert sc.schedules_found == sc.schedules_gold == 3
    assert sc.cell_recall == 1.0, sc.problems
    without = extract_schedules(layout)  # no finder: those pages keep having no rules
    assert without.method == "pdfplumber"
    assert score(without, _gold_on(pages)).cell_recall < 0.5
