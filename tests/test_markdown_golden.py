"""The seed Markdown (the FY2024 text as a converter produced it) against the FY2024 gold.

The gold was made from the same text, so the Markdown reader must reproduce every measure,
footnote and work-schedule table; only page fields differ (null: the text has no pages).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from extract.markdown import read_markdown
from extract.models import Structure
from extract.tables.models import ScheduleSet
from tests.conftest import FIXTURES, load_gold

SEED = FIXTURES / "seed" / "roadmap-fy2024-en.md"
QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").translate(QUOTES)).strip()


@cache
def seed() -> tuple[Structure, ScheduleSet]:
    return read_markdown(Path(SEED))


@pytest.fixture(scope="module")
def gold() -> dict:
    return load_gold("fy2024")


def test_measures_match_gold(gold: dict) -> None:
    structure, _ = seed()
    mine = {m.measure_no: m for m in structure.measures}
    assert len(mine) == len(structure.measures), "a measure number occurs twice"
    assert sorted(mine) == sorted(g["no"] for g in gold["measures"])
    for g in gold["measures"]:
        m = mine[g["no"]]
        where = f"measure <{g['no']}>"
        assert m.key_point == g["key_point"], where
        assert m.subsection == g["subsection"], where
        assert m.subsection_title == g["subsection_title"], where
        assert m.theme == g["theme"], where
        assert list(m.ministries) == g["ministries"], where
        assert m.ministries_raw == g["ministries_raw"], where
        assert m.refs_raw == g["refs_raw"], where
        assert norm(m.text) == norm(g["text"]), where
        assert (m.page_start, m.page_end, m.label_start, m.label_end) == (None,) * 4


def test_measure_paragraph_breaks_match_gold(gold: dict) -> None:
    """Paragraphs split by lost page breaks are re-joined; real paragraph breaks are kept."""
    structure, _ = seed()
    mine = {m.measure_no: m for m in structure.measures}
    for g in gold["measures"]:
        got = [norm(p) for p in mine[g["no"]].text.split("\n\n")]
        assert got == [norm(p) for p in g["text"].split("\n\n")], f"measure <{g['no']}>"


def test_footnotes_match_gold(gold: dict) -> None:
    structure, _ = seed()
    mine = {f.footnote_no: f for f in structure.footnotes}
    assert sorted(mine) == [f["no"] for f in gold["footnotes"]]
    for g in gold["footnotes"]:
        assert norm(mine[g["no"]].text) == norm(g["text"]), f"footnote {g['no']}"
        assert mine[g["no"]].page is None


def test_cover_matches_gold(gold: dict) -> None:
    cover = seed()[0].cover
    assert cover.title == gold["cover"]["title"]
    assert cover.issuer == gold["cover"]["issuer"]
    assert cover.decided.isoformat() == gold["decided"]
    assert [d.isoformat() for d in cover.revisions] == gold["revisions"]


def test_schedules_match_gold(gold: dict) -> None:
    _, schedules = seed()
    assert schedules.method == "markdown"
    mine = {s.measure_nos: s for s in schedules.schedules}
    assert len(mine) == len(schedules.schedules), "two tables cover the same measures"
    assert sorted(mine) == sorted(tuple(g["measure_nos"]) for g in gold["schedules"])
    for g in gold["schedules"]:
        s = mine[tuple(g["measure_nos"])]
        where = g["id"]
        assert norm(s.title) == norm(g["title"]), where
        assert list(s.extra_refs) == g["title_extra_refs"], where
        assert list(s.labels) == g["labels"], where
        assert norm(s.five_year_goal) == norm(g["five_year_goal"]), where
        assert norm(s.outline) == norm(g["outline"]), where
        assert s.half_year == g["half_year"], where
        assert len(s.rows) == len(g["rows"]), where


def test_schedule_rows_and_cells_match_gold(gold: dict) -> None:
    """Every cell's fiscal-year span and text, every policy and KPI with its inheritance."""
    _, schedules = seed()
    mine = {s.measure_nos: s for s in schedules.schedules}
    cells = agree = 0
    for g in gold["schedules"]:
        for row, g_row in zip(mine[tuple(g["measure_nos"])].rows, g["rows"], strict=True):
            where = f"{g['id']} row {row.row_index}"
            assert norm(row.policy) == norm(g_row["policy"]), where
            assert row.policy_inherited == g_row["policy_inherited"], where
            assert norm(row.kpi) == norm(g_row["kpi"]), where
            assert row.kpi_inherited == g_row["kpi_inherited"], where
            got = [
                (c.fy_start, c.fy_end, c.half_start, c.half_end, c.text, list(c.measure_nos))
                for c in row.cells
            ]
            want = [
                (c["fy_start"], c["fy_end"], c["half_start"], c["half_end"], c["text"])
                + (c["measure_nos"],)
                for c in g_row["cells"]
            ]
            cells += len(want)
            agree += sum(1 for c in want if c in got)
            assert got == want, where
    assert cells == agree > 0


def test_kpi_items_are_the_kpi_lines() -> None:
    _, schedules = seed()
    for s in schedules.schedules:
        for row in s.rows:
            if row.kpi_inherited or not row.kpi:
                assert row.kpis == ()
            else:
                assert [k.text for k in row.kpis] == row.kpi.split("\n")
                assert row.kpi_row_end is not None and row.kpi_row_end >= row.row_index


def test_headings_and_toc_match_gold(gold: dict) -> None:
    """Same heading texts and levels (kinds come from the shared classifier, not the gold)."""
    structure, _ = seed()
    got = [(h.level, norm(h.text)) for h in structure.headings]
    assert got == [(g["level"], norm(g["text"])) for g in gold["headings"]]
    assert all(h.page is None and h.label is None for h in structure.headings)
    assert [(e.text, e.printed_page) for e in structure.toc] == [
        (g["text"], g.get("source_printed_page")) for g in gold["toc"]
    ]
