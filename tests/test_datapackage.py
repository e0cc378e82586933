"""datapackage.json: generated from the schemas, valid for Frictionless, and its keys hold on
the fixture outputs (checked by Frictionless on the data and by DuckDB joins)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from frictionless import Package, validate

from pipelines.datapackage import NAME, check_keys, descriptor, write_datapackage
from schemas.base import REGISTRY, TableSpec


def _for_frictionless(desc: dict, out: Path) -> Path:
    """A copy of the descriptor that Frictionless' Parquet reader can check row by row.

    It reads Parquet through pandas, which turns a null integer into NaN and a list into a
    NumPy array; so NaN counts as missing and list/struct columns are typed `any`. It reads
    only the first file of a multi-file resource, so each file becomes a resource of its own
    and a key of one edition references the file of the same edition (keys across editions,
    as change tables have, are left to `check_keys`). Everything else (types, required,
    primary and foreign keys) is checked as declared.
    """
    resources = []
    for res in json.loads(json.dumps(desc))["resources"]:
        res["schema"]["missingValues"] = ["", "nan", "None"]
        for field in res["schema"]["fields"]:
            if field["type"] in ("array", "object"):
                field["type"] = "any"
        for path in res["path"]:
            stem = Path(path).stem
            one = json.loads(json.dumps({**res, "name": f"{res['name']}-{stem}", "path": path}))
            for fk in one["schema"].get("foreignKeys", []):
                fk["reference"]["resource"] += f"-{stem}"
            resources.append(one)
    names = {r["name"] for r in resources}
    for res in resources:
        fks = [
            fk
            for fk in res["schema"].pop("foreignKeys", [])
            if fk["reference"]["resource"] in names
        ]
        if fks:
            res["schema"]["foreignKeys"] = fks
    desc = {**desc, "resources": resources}
    path = out / "frictionless-check.json"
    path.write_text(json.dumps(desc), encoding="utf-8")
    return path


def _errors(report) -> list:
    return [(t.name, e.type, e.note) for t in report.tasks for e in t.errors][:5]


def test_every_run_writes_the_package(fixture_out):
    desc = json.loads((fixture_out / NAME).read_text(encoding="utf-8"))
    assert desc == descriptor(fixture_out)
    names = [r["name"] for r in desc["resources"]]
    assert names == [n for n in REGISTRY if (fixture_out / n).is_dir()]
    measures = desc["resources"][names.index("measures")]
    assert measures["path"] == [
        "measures/fy2022.parquet",
        "measures/fy2023.parquet",
        "measures/fy2024.parquet",
    ]
    assert measures["schema"]["primaryKey"] == ["edition", "measure_no"]
    fields = {f["name"]: f for f in measures["schema"]["fields"]}
    assert fields["measure_no"]["type"] == "integer"
    assert fields["measure_no"]["constraints"] == {"required": True}
    assert fields["boxes"]["type"] == "array"
    assert fields["text"]["description"]


def test_declared_foreign_keys_are_in_the_package(fixture_out):
    desc = descriptor(fixture_out)
    refs = {
        (r["name"], fk["reference"]["resource"])
        for r in desc["resources"]
        for fk in r["schema"].get("foreignKeys", [])
    }
    assert {
        ("schedule_cells", "schedules"),
        ("kpis", "schedules"),
        ("cross_references", "measures"),
        ("measure_groups", "measures"),
    } <= refs


def test_package_is_valid_frictionless_and_keys_hold(fixture_out, tmp_path):
    desc = descriptor(fixture_out)
    assert Package.validate_descriptor(desc).valid
    assert check_keys(fixture_out, desc) == []
    shutil.copytree(fixture_out, tmp_path / "out")
    report = validate(str(_for_frictionless(desc, tmp_path / "out")))
    assert report.valid, _errors(report)


@pytest.fixture
def broken(fixture_out, tmp_path) -> Path:
    """A copy of the output where one KPI points at a schedule that does not exist."""
    out = tmp_path / "out"
    shutil.copytree(fixture_out, out)
    path = out / "kpis" / "fy2024.parquet"
    table = pq.read_table(path)
    ids = table.column("schedule_id").to_pylist()
    ids[0] = "WS999-nope"
    table = table.set_column(
        table.schema.get_field_index("schedule_id"), "schedule_id", pa.array(ids)
    )
    pq.write_table(table, path)
    return out


def test_a_broken_foreign_key_fails(broken):
    desc = descriptor(broken)
    problems = check_keys(broken, desc)
    assert len(problems) == 1 and "WS999-nope" in problems[0] and "schedules" in problems[0]
    report = validate(str(_for_frictionless(desc, broken)))
    assert not report.valid
    assert any(t == "foreign-key" for _n, t, _note in _errors(report))


def test_a_duplicate_primary_key_fails(fixture_out, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(fixture_out, out)
    path = out / "measures" / "fy2023.parquet"
    table = pq.read_table(path)
    pq.write_table(pa.concat_tables([table, table.slice(0, 1)]), path)
    problems = check_keys(out, descriptor(out))
    assert any("measures: duplicate primary key" in p for p in problems)


def test_change_tables_named_by_edition_pair_are_included(fixture_out, tmp_path, monkeypatch):
    """Any registered table is packaged, also with files named OLD--NEW.parquet."""
    changes = TableSpec(
        name="measure_changes_test",
        description="test table named by edition pairs",
        columns=REGISTRY["measures"].columns[:2],
    )
    monkeypatch.setitem(REGISTRY, changes.name, changes)
    out = tmp_path / "out"
    shutil.copytree(fixture_out, out)
    (out / changes.name).mkdir()
    rows = pa.table({"edition": ["fy2024"], "measure_no": pa.array([1], pa.int32())})
    pq.write_table(rows, out / changes.name / "fy2023--fy2024.parquet")
    write_datapackage(out)
    desc = json.loads((out / NAME).read_text(encoding="utf-8"))
    res = next(r for r in desc["resources"] if r["name"] == changes.name)
    assert res["path"] == [f"{changes.name}/fy2023--fy2024.parquet"]
    from roadmap_extract import load

    assert len(load(changes.name, editions=["fy2024"], out=out)) == 1
    assert len(load(changes.name, editions=["fy2023"], out=out)) == 1
    with pytest.raises(KeyError, match="no edition"):
        load(changes.name, editions=["fy2022"], out=out)
