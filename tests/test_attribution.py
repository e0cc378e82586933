"""Schedule cells and KPIs attributed to measures: golden tables written from the rendered
pages, every single-measure table, and the geometry rule on synthetic rows."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from extract.tables.attribution import (
    _text_items,
    attribute,
    member_tags,
    policy_measures,
    tagged_items,
)
from extract.tables.models import Kpi, PolicyLine, Schedule, ScheduleCell, ScheduleRow
from tests.conftest import load_extraction, load_gold, load_markdown_extraction

GOLDEN = json.loads((Path(__file__).parent / "attribution_golden.json").read_text("utf-8"))
ROUTES = ["fy2024", "fy2024-b", "markdown"]


def _rows(route: str) -> dict[str, list[dict]]:
    ex = load_markdown_extraction() if route == "markdown" else load_extraction(route)
    return ex.rows


def _table(route: str, measures: list[int]) -> tuple[list[dict], list[dict]]:
    rows = _rows(route)
    sid = next(s["schedule_id"] for s in rows["schedules"] if s["measure_nos"] == measures)
    cells = [c for c in rows["schedule_cells"] if c["schedule_id"] == sid]
    kpis = [k for k in rows["kpis"] if k["schedule_id"] == sid]
    return cells, kpis


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("table", GOLDEN["tables"], ids=lambda t: str(t["title_measures"][0]))
def test_golden_tables(route: str, table: dict) -> None:
    cells, kpis = _table(route, table["title_measures"])
    for i, want in enumerate(table["rows"]):
        got = sorted(
            (
                {k: c[k] for k in ("fy_start", "fy_end", "row_measure_nos", "measure_source")}
                for c in cells
                if c["row_index"] == i
            ),
            key=lambda c: c["fy_start"],
        )
        assert got == want["cells"], (route, table["title_measures"], i)
        got_kpis = [
            {k: x[k] for k in ("row_measure_nos", "measure_source")}
            for x in kpis
            if x["row_index"] == i
        ]
        assert got_kpis == want["kpis"], (route, table["title_measures"], i)
    assert max(c["row_index"] for c in cells) == len(table["rows"]) - 1


@pytest.mark.parametrize("route", ROUTES)
def test_every_cell_of_a_single_measure_table_gets_that_measure(route: str) -> None:
    rows = _rows(route)
    single = {s["schedule_id"]: s["measure_nos"] for s in rows["schedules"]}
    single = {sid: nos for sid, nos in single.items() if len(nos) == 1}
    checked = 0
    for item in rows["schedule_cells"] + rows["kpis"]:
        if item["schedule_id"] not in single:
            continue
        checked += 1
        if item["measure_nos"]:
            assert item["measure_source"] == "cell"
            assert item["row_measure_nos"] == item["measure_nos"]
        else:
            assert item["measure_source"] == "title", item
            assert item["row_measure_nos"] == single[item["schedule_id"]]
    gold = [g for g in load_gold("fy2024")["schedules"] if len(g["measure_nos"]) == 1]
    cells = sum(len(r["cells"]) for g in gold for r in g["rows"])
    kpis = sum(
        len(r["kpi"].split("\n"))
        for g in gold
        for r in g["rows"]
        if r["kpi"] and not r["kpi_inherited"]
    )
    assert checked == cells + kpis  # every cell and KPI item of the gold's one-measure tables


@pytest.mark.parametrize("route", ROUTES)
def test_every_cell_and_kpi_is_attributed(route: str) -> None:
    rows = _rows(route)
    titles = {s["schedule_id"]: set(s["measure_nos"]) for s in rows["schedules"]}
    for item in rows["schedule_cells"] + rows["kpis"]:
        assert item["measure_source"] in ("cell", "policy", "title", "table")
        if item["measure_source"] == "policy":  # policy tags name the table's own measures
            assert set(item["row_measure_nos"]) <= titles[item["schedule_id"]]
        assert item["row_measure_nos"] == sorted(item["row_measure_nos"]) or (
            item["measure_source"] == "cell"
        )


# --------------------------------------------------------------------------- geometry rule


def _line(text: str, top: float, page: int = 1) -> PolicyLine:
    return PolicyLine(text, page, top, top + 10)


def _cell(top: float, bottom: float, nos: tuple[int, ...] = ()) -> ScheduleCell:
    return ScheduleCell(2022, 2026, None, None, "work", nos, page=1, bbox=(200, top, 400, bottom))


def _schedule(lines: list[PolicyLine], tops: list[float], measures=(1, 2, 3)) -> Schedule:
    policy = " ".join(ln.text for ln in lines)
    rows = tuple(
        ScheduleRow(
            row_index=i,
            policy=policy,
            cells=(_cell(top, top + 50),),
            kpi="A KPI" if i == 0 else "A KPI",
            kpis=(Kpi(0, "A KPI"),) if i == 0 else (),
            policy_inherited=i > 0,
            kpi_inherited=i > 0,
            kpi_row_end=len(tops) - 1 if i == 0 else None,
            page=1,
            policy_lines=tuple(lines),
        )
        for i, top in enumerate(tops)
    )
    return Schedule("WS001", "T <1>, <2>, and <3>", measures, (), (), None, None, rows)


def _sources(schedule: Schedule) -> list[tuple[tuple[int, ...], str]]:
    return [
        (c.row_measure_nos, c.measure_source) for r in attribute(schedule).rows for c in r.cells
    ]


def test_items_level_with_rows_give_each_row_its_measure() -> None:
    lines = [
        _line("First policy", 102),
        _line("wrapped <1>", 114),
        _line("Second policy <2>", 162),
        _line("Third policy <3> (<9>)", 222),
    ]
    s = _schedule(lines, tops=[100, 160, 220])
    assert _sources(s) == [((1,), "policy"), ((2,), "policy"), ((3,), "policy")]
    kpi = attribute(s).rows[0].kpis[0]
    assert (kpi.row_measure_nos, kpi.measure_source) == ((1, 2, 3), "policy")


def test_items_packed_at_the_top_are_not_placed() -> None:
    lines = [_line("First <1>", 102), _line("Second", 114), _line("policy <2>", 126)]
    lines.append(_line("Third <3>", 138))
    s = _schedule(lines, tops=[100, 120, 220])  # item <2> straddles rows 0 and 1
    assert _sources(s) == [((1, 2, 3), "table")] * 3


def test_a_row_without_level_item_falls_back_to_the_table() -> None:
    s = _schedule([_line("First <1>", 102), _line("Second <2>", 162)], tops=[100, 160, 220])
    assert _sources(s) == [((1,), "policy"), ((2,), "policy"), ((1, 2, 3), "table")]


def test_one_tagged_item_applies_to_every_row_it_spans() -> None:
    s = _schedule([_line("Only policy", 102), _line("of <2>", 114)], tops=[100, 160])
    assert _sources(s) == [((2,), "policy"), ((2,), "policy")]


def test_tags_in_the_cell_win_and_single_measure_tables_use_the_title() -> None:
    row = ScheduleRow(0, "Untagged policy", (_cell(100, 150, (8,)), _cell(100, 150)), None)
    s = replace(_schedule([], tops=[100], measures=(7,)), rows=(row,))
    assert _sources(s) == [((8,), "cell"), ((7,), "title")]


def test_tag_only_line_continues_the_item_above() -> None:
    lines = [_line("Project for Children <35>,", 100), _line("<37>, and <39>", 112)]
    lines.append(_line("Next policy <36>", 124))
    items = tagged_items(lines)
    assert [member_tags(" ".join(ln.text for ln in it)) for it in items] == [(35, 37, 39), (36,)]


def test_items_without_geometry_counted_from_text() -> None:
    assert _text_items("Project <35>, <37>, and <39>") == 1
    assert _text_items("A <48>  B of things <49>  C programs<50> (<14>)  Dropouts <51>") == 4
    assert _text_items("No tags at all") == 0


def _md_row(i: int, policy: str, inherited: bool = False) -> ScheduleRow:
    cell = ScheduleCell(2022, 2022, None, None, "t")  # no page, no box: converter Markdown
    return ScheduleRow(i, policy, (cell,), None, policy_inherited=inherited)


def test_markdown_spanning_policy_with_several_items_is_not_guessed() -> None:
    spanning = (_md_row(0, "A <1>  B thing <2>"), _md_row(1, "A <1>  B thing <2>", True))
    assert policy_measures(spanning) == {}
    assert policy_measures((_md_row(0, "A <1> and <2>"),)) == {0: (1, 2)}
    assert policy_measures((_md_row(0, "A <1>"), _md_row(1, "A <1>", True))) == {0: (1,), 1: (1,)}
