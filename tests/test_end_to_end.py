"""End to end: every stage on every fixture, written as Parquet, read back as researchers would.

Cross-references and groups are compared with the gold on the *extracted* measures and
schedules (the link tests compare them on gold inputs). The fy20xx-synthetic fixtures are
synthetic editions, not the real 2022/2023 documents.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from pipelines.cli import main
from pipelines.run import Extraction
from pipelines.writer import publish
from tests.conftest import fixture_pdf, load_extraction, load_gold

ALL = ["fy2024", "fy2024-b", "fy2023-synthetic", "fy2022-synthetic"]


def extraction(name: str) -> Extraction:
    return load_extraction(name)


@pytest.fixture(params=ALL)
def name(request) -> str:
    return request.param


def test_edition_is_derived_from_the_cover(name):
    assert extraction(name).edition == load_gold(name)["edition"]


def test_cross_references_equal_gold(name):
    got = sorted(
        (r["source_no"], r["target_no"]) for r in extraction(name).rows["cross_references"]
    )
    gold = sorted((m["no"], ref["no"]) for m in load_gold(name)["measures"] for ref in m["refs"])
    assert got == gold
    assert all(r["resolved"] for r in extraction(name).rows["cross_references"])


def test_measure_groups_equal_gold_linked_groups(name):
    groups: dict[str, list[int]] = {}
    for row in extraction(name).rows["measure_groups"]:
        groups.setdefault(row["group_id"], []).append(row["measure_no"])
    got = sorted(sorted(g) for g in groups.values())
    assert got == sorted(sorted(g) for g in load_gold(name)["linked_groups"])


def test_every_record_points_to_a_page(name):
    rows = extraction(name).rows
    pages = {r["page"] for r in rows["pages"]}
    for table, cols in [
        ("measures", ["page_start", "page_end"]),
        ("footnotes", ["page"]),
        ("headings", ["page"]),
        ("schedules", ["page_start", "page_end"]),
        ("schedule_cells", ["page"]),
        ("kpis", ["page"]),
    ]:
        for row in rows[table]:
            for col in cols:
                assert row[col] in pages, (table, col, row)


def test_validation_reports_no_error(tmp_path, name):
    from extract.validation import validate

    tables = {t: pd.DataFrame(r) for t, r in extraction(name).rows.items()}
    report = validate(tables, extraction(name).edition)
    assert report.ok, report.summary()


def test_written_parquet_reads_back_for_all_editions(tmp_path):
    publish([extraction("fy2024"), extraction("fy2023-synthetic")], tmp_path)
    measures = pd.read_parquet(tmp_path / "measures")
    assert sorted(measures["edition"].unique()) == ["fy2023", "fy2024"]
    assert len(measures) == 104 + 101
    docs = pd.read_parquet(tmp_path / "documents")
    assert set(docs["revisions"].map(len)) == {1, 2}
    assert (docs["source_sha256"].str.len() == 64).all()


def test_cli_extract_writes_tables_and_validation(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["extract", str(fixture_pdf("fy2024-b")), "--out", str(out), "--strict"]) == 0
    printed = capsys.readouterr().out
    assert "104 measures" in printed and "19 footnotes" in printed
    for stage in ("read", "layout", "structure", "tables", "link"):
        assert stage in printed
    report = json.loads((out / "validation" / "fy2024.json").read_text())
    assert report["edition"] == "fy2024"
    assert not list(Path(out).glob(".staging-*")), "temporary folder left behind"
    assert main(["validate", "fy2024", "--out", str(out), "--strict"]) == 0
