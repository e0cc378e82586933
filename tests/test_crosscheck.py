"""`roadmap crosscheck`: the comparison itself, and the FY2024 PDF against the seed Markdown.

The end-to-end test extracts the layout-A FY2024 PDF and the converter Markdown of the same
text into one output folder through the CLI and requires the two routes to agree on measures,
cross-references, groups and work schedules (measure sets, cells and their spans).
"""

from __future__ import annotations

import copy
from pathlib import Path

import pandas as pd
import pytest

from pipelines.crosscheck import (
    NOT_COMPARED,
    TABLES,
    TABLES_NOT_COMPARED,
    compare,
    compared_columns,
    norm_text,
    run_crosscheck,
)
from schemas.base import SchemaError, columns_of
from tests.conftest import FIXTURES, fixture_pdf, load_gold

SEED = FIXTURES / "seed" / "roadmap-fy2024-en.md"


def _tables() -> dict[str, list[dict]]:
    """A tiny extraction with one row in every compared table."""
    return {
        "measures": [
            {
                "edition": "x",
                "measure_no": 1,
                "key_point": 1,
                "subsection": "a",
                "subsection_title": "Title",
                "theme": None,
                "text": "The government will “act”.\n\nSecond paragraph.",
                "ministries": ["Ministry of Justice"],
                "ministries_raw": "Ministry of Justice",
                "refs_raw": "(Re: 1-(3) <2>)",
                "page_start": 3,
                "page_end": 3,
            },
            {"measure_no": 2, "key_point": 1, "text": "Two.", "ministries": [], "page_start": 4},
        ],
        "cross_references": [
            {
                "source_no": 1,
                "target_no": 2,
                "target_key_point": 1,
                "raw": "(Re: 1-(3) <2>)",
                "resolved": True,
                "issue": "not_reciprocal",
                "page": 3,
            },
        ],
        "measure_groups": [
            {"group_id": "G001", "measure_no": 1, "via": ["re"]},
            {"group_id": "G001", "measure_no": 2, "via": ["re"]},
        ],
        "schedules": [
            {
                "schedule_id": "WS001",
                "title": "Title <1>",
                "measure_nos": [1],
                "extra_refs": [],
                "section_labels": ["(3)-a Label"],
                "five_year_goal": "Goal.",
                "outline": "Outline.",
                "half_year": False,
                "row_count": 1,
                "page_start": 30,
            },
        ],
        "schedule_cells": [
            {
                "schedule_id": "WS001",
                "row_index": 0,
                "policy": "Policy",
                "fy_start": 2022,
                "fy_end": 2023,
                "half_start": None,
                "half_end": None,
                "text": "Do it",
                "measure_nos": [],
                "page": 30,
                "x0": 1.0,
            },
        ],
        "kpis": [
            {
                "schedule_id": "WS001",
                "row_index": 0,
                "row_end": 0,
                "item_index": 0,
                "text": "20 classes",
                "measure_nos": [],
                "target_value": 20.0,
                "target_unit": "classes",
                "target_fy": None,
                "comparator": None,
                "page": 30,
            },
        ],
    }


def test_identical_extractions_agree() -> None:
    report = compare(_tables(), _tables())
    assert report.ok and not report.differences
    assert report.summaries["measures"].matched == 2


def test_provenance_ids_and_layout_whitespace_are_ignored() -> None:
    b = copy.deepcopy(_tables())
    b["measures"][0].update(
        page_start=None, edition="y", text='The government will "act". Second paragraph.'
    )
    b["schedules"][0]["schedule_id"] = "S001"
    for table in ("schedule_cells", "kpis"):
        b[table][0].update(schedule_id="S001", page=None)
    b["schedule_cells"][0]["x0"] = None
    b["measure_groups"] = [dict(r, group_id="other") for r in b["measure_groups"]]
    assert compare(_tables(), b).ok


def test_every_kind_of_difference_is_reported() -> None:
    b = copy.deepcopy(_tables())
    b["measures"][0]["ministries"] = ["Ministry of Foreign Affairs"]
    b["measures"].pop()  # measure <2> only in A
    b["cross_references"][0]["target_no"] = 3
    b["measure_groups"].append({"group_id": "G001", "measure_no": 3, "via": ["re"]})
    b["schedule_cells"][0]["fy_end"] = 2026
    b["kpis"][0]["target_value"] = 25.0
    report = compare(_tables(), b)
    assert not report.ok
    assert [(d.key, d.field) for d in report.of("measures")] == [
        ((1,), "ministries"),
        ((2,), None),
    ]
    assert {d.key for d in report.of("cross_references", None)} == {(1, 2), (1, 3)}
    assert {d.key for d in report.of("measure_groups", None)} == {(1, 2), (1, 2, 3)}
    cells = report.of("schedule_cells", None)
    assert {d.key[2] for d in cells} == {"FY2022-FY2023", "FY2022-FY2026"}
    assert [d.field for d in report.of("kpis")] == ["target_value"]
    assert report.table_ok("schedules")
    text = report.render("pdf", "md")
    assert "measures [1]: ministries differs" in text
    assert "measures [2]: only in pdf" in text
    assert "schedule_cells" in text and "DIFFER" in text


def test_long_texts_are_shown_around_their_first_difference() -> None:
    b = copy.deepcopy(_tables())
    long = "word " * 60
    a = copy.deepcopy(_tables())
    a["measures"][0]["text"] = long + "alpha " + long
    b["measures"][0]["text"] = long + "beta " + long
    (diff,) = compare(a, b).of("measures", "text")
    shown = diff.describe()
    assert "alpha" in shown and "beta" in shown and len(shown) < 400


def test_an_undeclared_column_fails_the_crosscheck() -> None:
    a, b = _tables(), _tables()
    b["measures"][0]["fake_column"] = "anything"
    with pytest.raises(SchemaError, match=r"measures has undeclared columns \['fake_column'\]"):
        compare(a, b)


def test_a_column_added_to_a_declaration_is_compared(monkeypatch) -> None:
    import dataclasses

    import pyarrow as pa

    from schemas.base import REGISTRY, Column

    spec = REGISTRY["measures"]
    fake = Column("fake_column", pa.string(), "A column no view knows about.")
    monkeypatch.setitem(
        REGISTRY, "measures", dataclasses.replace(spec, columns=(*spec.columns, fake))
    )
    a, b = _tables(), _tables()
    a["measures"][0]["fake_column"] = "one"
    b["measures"][0]["fake_column"] = "two"
    assert [(d.key, d.field) for d in compare(a, b).differences] == [((1,), "fake_column")]


def test_exceptions_name_declared_columns_each_with_a_reason() -> None:
    from schemas.base import REGISTRY

    assert set(TABLES) | set(TABLES_NOT_COMPARED) == set(REGISTRY)
    assert not set(TABLES) & set(TABLES_NOT_COMPARED)
    for table, reasons in NOT_COMPARED.items():
        for column, reason in reasons.items():
            assert len(reason) > 20, (table, column)
            tables = TABLES if table == "*" else [table]
            assert all(column in columns_of(t) for t in tables), (table, column)
    # columns the crosscheck once skipped silently are compared now
    assert "ministries_raw" in compared_columns("measures")
    assert {"row_measure_nos", "measure_source"} <= set(compared_columns("kpis"))
    assert "boxes" not in compared_columns("measures")


def test_norm_text() -> None:
    assert norm_text(" “a”\n\n b ’ ") == '"a" b \''
    assert norm_text(float("nan")) is None and norm_text("  ") is None


def test_run_crosscheck_reads_parquet_and_exits_by_agreement(tmp_path: Path, capsys) -> None:
    for edition, tables in (("a", _tables()), ("b", _tables())):
        if edition == "b":
            tables["measures"][1]["text"] = "Three."
        for name, rows in tables.items():
            (tmp_path / name).mkdir(exist_ok=True)
            pd.DataFrame(rows).to_parquet(tmp_path / name / f"{edition}.parquet")
    assert run_crosscheck(tmp_path, "a", "a") == 0
    assert "the extractions agree" in capsys.readouterr().out
    assert run_crosscheck(tmp_path, "a", "b") == 1
    out = capsys.readouterr().out
    assert "measures [2]: text differs" in out and "'Two.'" in out and "'Three.'" in out


def test_missing_edition_is_an_input_error(tmp_path: Path) -> None:
    from pipelines.cli import main

    assert main(["crosscheck", "nope", "nada", "--out", str(tmp_path)]) == 2


# --------------------------------------------------------------------------- end to end


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """The FY2024 PDF (layout A) and the seed Markdown extracted once into one folder."""
    from pipelines.cli import main

    out = tmp_path_factory.mktemp("crosscheck")
    assert main(["extract", str(fixture_pdf("fy2024")), "--out", str(out)]) == 0
    assert main(["extract", str(SEED), "--edition", "fy2024-md", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def pdf_vs_md(extracted: Path):
    from pipelines.crosscheck import read_tables

    return compare(read_tables(extracted, "fy2024"), read_tables(extracted, "fy2024-md"))


def _explain(report, table: str) -> str:
    return "\n".join(d.describe("pdf", "md") for d in report.of(table)[:20])


@pytest.mark.slow
def test_cli_crosscheck_prints_a_summary(extracted: Path, capsys) -> None:
    from pipelines.cli import main

    code = main(["crosscheck", "fy2024", "fy2024-md", "--out", str(extracted)])
    out = capsys.readouterr().out
    assert "summary (A = fy2024, B = fy2024-md)" in out
    assert code in (0, 1) and (code == 0) == ("the extractions agree" in out)


@pytest.mark.slow
@pytest.mark.parametrize("table", [t for t in TABLES if t != "kpis"])
def test_pdf_and_markdown_agree_on_every_table(pdf_vs_md, table: str) -> None:
    summary = pdf_vs_md.summaries[table]
    assert summary.rows_a == summary.rows_b == summary.matched > 0
    assert summary.ok, _explain(pdf_vs_md, table)


@pytest.mark.slow
def test_pdf_and_markdown_kpis_differ_at_most_in_one_hyphenated_line_break(pdf_vs_md) -> None:
    """The converter's Markdown keeps one line-break hyphen of a KPI cell ('Japanese-
    Language' printed as 'Japanese- Language'): the one known difference of the two routes
    (a fix of the Markdown route removes it); anything else is a failure."""
    summary = pdf_vs_md.summaries["kpis"]
    assert summary.rows_a == summary.rows_b == summary.matched > 0
    diffs = pdf_vs_md.of("kpis")
    assert len(diffs) <= 1, _explain(pdf_vs_md, "kpis")
    for diff in diffs:
        assert diff.field == "text"
        assert diff.a.replace("Japanese-Language", "Japanese- Language") == diff.b


@pytest.mark.slow
def test_pdf_and_markdown_agree_on_measure_numbers_ministries_and_text(pdf_vs_md) -> None:
    summary = pdf_vs_md.summaries["measures"]
    assert summary.rows_a == summary.rows_b == summary.matched == 104
    for field in ("ministries", "text"):
        assert not pdf_vs_md.of("measures", field), _explain(pdf_vs_md, "measures")


@pytest.mark.slow
def test_pdf_and_markdown_agree_on_schedule_measure_sets(pdf_vs_md) -> None:
    summary = pdf_vs_md.summaries["schedules"]
    assert summary.matched == 73
    assert not pdf_vs_md.of("schedules", None), _explain(pdf_vs_md, "schedules")
    for field in compared_columns("schedules"):
        assert not pdf_vs_md.of("schedules", field), _explain(pdf_vs_md, "schedules")


@pytest.mark.slow
def test_pdf_and_markdown_agree_on_schedule_cells_and_spans(pdf_vs_md) -> None:
    summary = pdf_vs_md.summaries["schedule_cells"]
    gold_cells = sum(len(r["cells"]) for s in load_gold("fy2024")["schedules"] for r in s["rows"])
    assert summary.rows_a == summary.rows_b == summary.matched == gold_cells
    assert summary.ok, _explain(pdf_vs_md, "schedule_cells")
