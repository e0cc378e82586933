"""Parquet tables of the work-schedule attachment ("Work Schedule for Specific Measures")."""

from __future__ import annotations

import pyarrow as pa

from schemas.base import boxes_column, declare, same

_INTS = pa.list_(pa.int32())

MEASURE_SOURCES = ("cell", "policy", "title", "table")
ROW_MEASURE_NOS = (
    "row_measure_nos",
    _INTS,
    "Measures this {what} belongs to, at the finest level the table prints it (see "
    "measure_source): filter on it to get the {what}s of one measure.",
    False,
)
MEASURE_SOURCE = (
    "measure_source",
    pa.string(),
    "Where row_measure_nos comes from: 'cell' (tags inside the {what} itself), 'policy' (tags "
    "on the 'Specific policies' lines level with the row, by geometry, or on a policy cell "
    "holding one tagged item), 'title' (the table covers one measure), 'table' (all measures "
    "of the title: nothing finer is printed or it cannot be placed).",
    False,
)


def _described(column: tuple, what: str) -> tuple:
    name, type_, description, nullable = column
    return (name, type_, description.format(what=what), nullable)


SCHEDULES = declare(
    "schedules",
    "One work-schedule table of the attachment, stitched across pages.",
    [
        ("edition", pa.string(), "Edition of the roadmap, e.g. 'fy2024'.", False),
        (
            "schedule_id",
            pa.string(),
            "Stable id from content: 'WS' + the table's first measure number (3 digits), with "
            "'-2', '-3' for later tables led by the same measure; 'WSX' + title hash if the "
            "title names no measure.",
            False,
        ),
        ("title", pa.string(), "Table title as printed, wrapped lines joined.", False),
        ("measure_nos", _INTS, "Measure numbers the table covers (tags in the title).", False),
        (
            "extra_refs",
            _INTS,
            "Parenthesised measure tags in the title, e.g. '(<14>)': references, not members.",
            False,
        ),
        (
            "section_labels",
            pa.list_(pa.string()),
            "Section labels printed above the title ('(3)-a ...', '[Key point 4] ...'), in order.",
            False,
        ),
        (
            "five_year_goal",
            pa.string(),
            "Text of the '5-year goal' row; null when the table has none.",
        ),
        (
            "outline",
            pa.string(),
            "Text of the 'Outline' row (paragraphs joined by newlines); "
            "null when the table has none.",
        ),
        (
            "half_year",
            pa.bool_(),
            "True when the table splits fiscal years into halves (H1/H2 columns).",
            False,
        ),
        ("row_count", pa.int32(), "Number of roadmap rows found.", False),
        ("page_start", pa.int32(), "Physical page (1-based) where the table's title is."),
        ("page_end", pa.int32(), "Physical page where the table ends."),
        ("label_start", pa.string(), "Printed page number of page_start; null if none printed."),
        ("label_end", pa.string(), "Printed page number of page_end; null if none printed."),
        boxes_column(),
    ],
    primary_key=("edition", "schedule_id"),
)

SCHEDULE_CELLS = declare(
    "schedule_cells",
    "One fiscal-year cell (merged cell or arrow) of a roadmap row, with its exact span.",
    [
        ("edition", pa.string(), "Edition of the roadmap, e.g. 'fy2024'.", False),
        ("schedule_id", pa.string(), "Table the cell belongs to (schedules.schedule_id).", False),
        ("row_index", pa.int32(), "0-based roadmap row within the table.", False),
        (
            "cell_index",
            pa.int32(),
            "0-based position of the cell within its row, in order of fiscal year.",
            False,
        ),
        (
            "policy",
            pa.string(),
            "Text of the row's 'Specific policies' cell (a cell spanning rows applies to each); "
            "null when that cell is empty.",
        ),
        ("fy_start", pa.int32(), "First fiscal year the cell covers (e.g. 2022).", False),
        ("fy_end", pa.int32(), "Last fiscal year the cell covers (inclusive).", False),
        (
            "half_start",
            pa.string(),
            "'H1' or 'H2' if fy_start is split into halves in this table, else null.",
        ),
        ("half_end", pa.string(), "'H1' or 'H2' if fy_end is split into halves, else null."),
        (
            "text",
            pa.string(),
            "Cell text: wrapped lines re-joined, bullets and paragraphs as line breaks.",
            False,
        ),
        (
            "measure_nos",
            _INTS,
            "Measure numbers tagged inside the cell ('<58>', '<55,56>').",
            False,
        ),
        _described(ROW_MEASURE_NOS, "cell"),
        _described(MEASURE_SOURCE, "cell"),
        (
            "page",
            pa.int32(),
            "Physical page (1-based) where the cell starts; null for sources without pages.",
        ),
        ("x0", pa.float64(), "Left edge of the cell or arrow, PDF points from the page's left."),
        ("top", pa.float64(), "Top edge, PDF points from the page's top."),
        ("x1", pa.float64(), "Right edge, PDF points from the page's left."),
        ("bottom", pa.float64(), "Bottom edge, PDF points from the page's top."),
    ],
    primary_key=("edition", "schedule_id", "row_index", "cell_index"),
    foreign_keys={"schedules": same("edition", "schedule_id")},
)

KPIS = declare(
    "kpis",
    "One KPI item of a roadmap row (a KPI cell with several items gives several rows).",
    [
        ("edition", pa.string(), "Edition of the roadmap, e.g. 'fy2024'.", False),
        ("schedule_id", pa.string(), "Table the KPI belongs to (schedules.schedule_id).", False),
        (
            "row_index",
            pa.int32(),
            "First roadmap row the KPI cell applies to (0-based, as schedule_cells.row_index).",
            False,
        ),
        (
            "row_end",
            pa.int32(),
            "Last roadmap row the KPI cell applies to (0-based, inclusive: the row span).",
            False,
        ),
        ("item_index", pa.int32(), "0-based item within the KPI cell.", False),
        ("text", pa.string(), "The KPI item as printed (always present).", False),
        ("measure_nos", _INTS, "Measure numbers tagged inside the item.", False),
        _described(ROW_MEASURE_NOS, "KPI"),
        _described(MEASURE_SOURCE, "KPI"),
        ("target_value", pa.float64(), "Numeric target where the text states one (85% -> 85)."),
        ("target_unit", pa.string(), "Unit of the target ('video views', '%', 'times')."),
        (
            "target_fy",
            pa.int32(),
            "Fiscal year the KPI is to be met by ('by FY2026', 'in FY2026', 'until the end of "
            "FY2026', '(to be surveyed by FY2026)' -> 2026), with or without a numeric target; "
            "null when the item names no such year.",
        ),
        (
            "comparator",
            pa.string(),
            "How the target is meant: 'at least', 'or more', 'total', 'cumulative', "
            "'per year', ... (null if the text gives none).",
        ),
        (
            "page",
            pa.int32(),
            "Physical page (1-based) of the KPI cell; null for sources without pages.",
        ),
    ],
    primary_key=("edition", "schedule_id", "row_index", "item_index"),
    foreign_keys={"schedules": same("edition", "schedule_id")},
)
