"""A work-schedule page built from scratch (no fixture): other fonts, sizes, positions, a
half-year sub-header row ("H1 H2") and merged cells, to check the stage end to end on a layout
nobody rendered for the fixtures."""

from __future__ import annotations

from extract.layout import analyse_layout
from extract.models import PageData, RawDocument, Rect, Word
from extract.tables import extract_schedules, schedule_rows
from schemas.base import to_table
from schemas.schedules import KPIS, SCHEDULE_CELLS, SCHEDULES

SIZE = 7.5


def _words(text: str, x: float, top: float, size: float = SIZE, bold: bool = False) -> list[Word]:
    out = []
    for token in text.split():
        w = len(token) * size * 0.5
        out.append(Word(token, x, x + w, top, top + size, "Courier-X", size, bold))
        x += w + size * 0.3
    return out


def _box(x0: float, top: float, x1: float, bottom: float) -> list[Rect]:
    return [
        Rect(x0, top, x1, top, "line"),
        Rect(x0, bottom, x1, bottom, "line"),
        Rect(x0, top, x0, bottom, "line"),
        Rect(x1, top, x1, bottom, "line"),
    ]


def _page() -> PageData:
    words: list[Word] = []
    rects: list[Rect] = []
    words += _words("Work Schedule for Specific Measures", 300, 20, 13, True)
    words += _words("(2)-c A section label", 60, 45, 9)
    words += _words("Making a thing happen <7> (<3>) and <9>", 60, 60, 11, True)
    left, label_x, pol_x, fy_x, year_w, kpi_x, right = 60, 110, 210, 330, 80, 730, 820
    # goal and outline rows
    rects += _box(left, 80, right, 100) + _box(left, 100, right, 130)
    rects += [Rect(label_x, 80, label_x, 130, "line")]
    words += _words("5-year goal", left + 3, 86)
    words += _words("The goal text of the table.", label_x + 4, 86)
    words += _words("Outline", left + 3, 104)
    words += _words("First outline sentence.", label_x + 4, 104)
    # header row, half-year sub-header ("H1 H2" under FY2023-FY2026), two body rows
    top, head_b, sub_b, row1_b, row2_b = 130, 145, 157, 200, 230
    year = [fy_x + i * year_w for i in range(6)]
    half = [x + year_w / 2 for x in year]
    rects += _box(left, top, right, row2_b)
    rects += [Rect(x, top, x, row2_b, "line") for x in (label_x, pol_x, fy_x, kpi_x)]
    rects += [Rect(x, top, x, head_b, "line") for x in year[1:5]]  # header: year rules only
    rects += [Rect(pol_x, head_b, right, head_b, "line"), Rect(fy_x, sub_b, kpi_x, sub_b, "line")]
    words += _words("Roadmap", left + 3, 170)
    words += _words("Specific policies", pol_x + 10, top + 4)
    for i in range(5):
        words += _words(f"FY{2022 + i}", year[i] + 25, top + 4)
    words += _words("KPI", kpi_x + 35, top + 4)
    for i in range(1, 5):
        words += _words("H1", year[i] + 12, head_b + 2) + _words("H2", half[i] + 12, head_b + 2)
    # row 1 cells: FY2022 | FY2023 H1 - FY2024 H2 | FY2025 H1 | FY2025 H2 - FY2026 H2
    rects += [Rect(x, sub_b, x, row1_b, "line") for x in (year[1], year[3], half[3])]
    rects += [Rect(fy_x, row1_b, kpi_x, row1_b, "line")]
    words += _words("Policy A", pol_x + 4, sub_b + 3)
    words += _words("Prepare", year[0] + 3, sub_b + 3)
    words += _words("Do the main work <7>", year[1] + 3, sub_b + 3)
    words += _words("Pilot", year[3] + 3, sub_b + 3)
    words += _words("Roll out <9>", half[3] + 3, sub_b + 3)
    words += _words("Events held (Aim for", kpi_x + 4, sub_b + 3)  # wraps: "300" does not fit
    words += _words("300 events by FY2026)", kpi_x + 4, sub_b + 12)
    # row 2: the whole period; policy and KPI cells span both rows (no rule in those columns)
    words += _words("Keep going", fy_x + 3, row1_b + 4)
    return PageData(1, 842.0, 595.0, tuple(words), tuple(rects))


def _raw() -> RawDocument:
    return RawDocument("synthetic.pdf", "0" * 64, (_page(),))


def test_synthetic_page_end_to_end() -> None:
    result = extract_schedules(analyse_layout(_raw()), rules="vector")
    (s,) = result.schedules
    assert s.schedule_id == "WS007"
    assert s.measure_nos == (7, 9) and s.extra_refs == (3,)
    assert s.labels == ("(2)-c A section label",)
    assert s.five_year_goal == "The goal text of the table."
    assert s.outline == "First outline sentence."
    assert s.half_year
    spans = [
        (c.fy_start, c.half_start, c.fy_end, c.half_end, c.text) for r in s.rows for c in r.cells
    ]
    assert spans == [
        (2022, None, 2022, None, "Prepare"),
        (2023, "H1", 2024, "H2", "Do the main work <7>"),
        (2025, "H1", 2025, "H1", "Pilot"),
        (2025, "H2", 2026, "H2", "Roll out <9>"),
        (2022, None, 2026, "H2", "Keep going"),
    ]
    assert [r.policy for r in s.rows] == ["Policy A", "Policy A"]
    assert [r.policy_inherited for r in s.rows] == [False, True]
    assert [r.kpi_inherited for r in s.rows] == [False, True]
    (kpi,) = s.rows[0].kpis
    assert kpi.text == "Events held (Aim for 300 events by FY2026)"
    assert (kpi.target_value, kpi.target_unit, kpi.target_fy) == (300, "events", 2026)
    assert s.rows[0].kpi_row_end == 1
    rows = schedule_rows(result, "synthetic")
    assert to_table(SCHEDULES, rows["schedules"]).num_rows == 1
    assert to_table(SCHEDULE_CELLS, rows["schedule_cells"]).num_rows == 5
    assert to_table(KPIS, rows["kpis"]).num_rows == 1
