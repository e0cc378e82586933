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

from pipelines.crosscheck import compare, norm_text, run_crosscheck
from tests.conftest import FIXTURES, fixture_pdf

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
                "labels": ["(3)-a Label"],
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
@pytest.mark.parametrize(
    "table",
    ["headings", "paragraphs", "measures", "footnotes", "cross_references", "measure_groups"],
)
def test_pdf_and_markdown_agree_on_the_body(pdf_vs_md, table: str) -> None:
    summary = pdf_vs_md.summaries[table]
    assert summary.matched > 0
    assert summary.ok, _explain(pdf_vs_md, table)


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
    for field in ("title", "five_year_goal", "outline", "labels", "extra_refs", "half_year"):
        assert not pdf_vs_md.of("schedules", field), _explain(pdf_vs_md, "schedules")


@pytest.mark.slow
def test_pdf_and_markdown_agree_on_schedule_cells_and_spans(pdf_vs_md) -> None:
    summary = pdf_vs_md.summaries["schedule_cells"]
    assert summary.matched > 200
    assert summary.ok, _explain(pdf_vs_md, "schedule_cells")
