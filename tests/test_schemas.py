"""Schema declarations: complete descriptions, validation that can fail, generated docs in sync."""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow as pa
import pytest

from pipelines.datadict import TARGET, render
from schemas.base import REGISTRY, SchemaError, to_table
from schemas.body import MEASURES

REQUIRED = {
    "documents": {
        "edition",
        "title",
        "decided",
        "revisions",
        "source_file",
        "source_sha256",
        "page_count",
        "pipeline_version",
    },
    "pages": {"edition", "page", "label", "width", "height", "orientation"},
    "headings": {
        "edition",
        "heading_id",
        "level",
        "kind",
        "number",
        "text",
        "page",
        "label",
        "parent_id",
        "label_toc",
    },
    "measures": {
        "edition",
        "measure_no",
        "key_point",
        "subsection",
        "subsection_title",
        "theme",
        "text",
        "ministries",
        "ministries_raw",
        "refs_raw",
        "page_start",
        "page_end",
        "label_start",
        "label_end",
    },
    "footnotes": {"edition", "footnote_no", "text", "page", "label"},
}


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_required_columns_declared(name):
    assert REQUIRED[name] <= {c.name for c in REGISTRY[name].columns}


def test_every_column_has_a_description():
    for spec in REGISTRY.values():
        for field in spec.schema:
            assert field.metadata and field.metadata[b"description"].strip(), (spec.name, field)
        assert spec.schema.metadata[b"description"]


def _measure(**changes):
    row = {c.name: None for c in MEASURES.columns}
    row.update(edition="fy2024", measure_no=1, text="t", ministries=["Cabinet Office"], boxes=[])
    row.update(changes)
    return row


def test_validation_rejects_bad_rows():
    assert to_table(MEASURES, [_measure()]).num_rows == 1
    with pytest.raises(SchemaError):
        to_table(MEASURES, [_measure(text=None)])  # non-nullable
    with pytest.raises(SchemaError):
        to_table(MEASURES, [_measure(), _measure()])  # duplicate key
    with pytest.raises(SchemaError):
        to_table(MEASURES, [{**_measure(), "typo": 1}])  # undeclared column
    with pytest.raises(SchemaError):
        to_table(MEASURES, [_measure(measure_no="one")])  # wrong type


def test_parquet_field_carries_its_description():
    table = to_table(MEASURES, [_measure()])
    field = table.schema.field("ministries")
    assert field.type == pa.list_(pa.string())
    assert b"ministries" in field.metadata[b"description"]


def test_data_dictionary_is_generated_from_the_schemas():
    assert TARGET.read_text(encoding="utf-8") == render(), "run `make docs` and commit"


# --------------------------------------------------------------------------- names and keys

# One name per concept: the printed page number is `label` (or label_start/label_end, and
# label_toc for the number the table of contents prints), a physical page is `page`
# (page_start/page_end); these names mean nothing else anywhere.
PAGE_NAMES = {"page", "page_start", "page_end", "call_page", "attachment_page"}
LABEL_NAMES = {"label", "label_start", "label_end", "label_toc"}
RETIRED = {"printed_page", "toc_label", "page_label", "printed_label", "labels"}


def _columns():
    return [(spec.name, col) for spec in REGISTRY.values() for col in spec.columns]


def test_every_table_declares_a_key_of_existing_non_null_columns():
    for spec in REGISTRY.values():
        assert spec.primary_key, f"{spec.name} has no declared key"
        cols = {c.name: c for c in spec.columns}
        for name in spec.primary_key:
            assert name in cols, (spec.name, name)
            assert not cols[name].nullable, f"key column {spec.name}.{name} is nullable"
        assert spec.schema.metadata[b"primary_key"].decode() == ",".join(spec.primary_key)


def test_one_name_for_the_printed_page_number():
    for table, col in _columns():
        assert col.name not in RETIRED, (table, col.name)
        text = col.description.lower()
        if col.name in LABEL_NAMES:
            assert col.type == pa.string() and ("label" in text or "printed" in text)
        elif col.name.startswith("label"):
            raise AssertionError(f"{table}.{col.name}: 'label' names are for printed pages")
        if col.name in PAGE_NAMES:
            assert col.type == pa.int32() and "physical page" in text, (table, col.name)
        elif col.name.startswith("page") and col.name != "page_count":
            raise AssertionError(f"{table}.{col.name}: 'page' names are for physical pages")


def test_one_name_for_each_shared_concept():
    """A column name shared by tables has one type everywhere; and keys that point at another
    table use that table's key name (paragraph_no, measure_no, footnote_no, schedule_id)."""
    types: dict[str, set] = {}
    for _, col in _columns():
        types.setdefault(col.name, set()).add(str(col.type))
    assert {n: t for n, t in types.items() if len(t) > 1} == {}
    names = {col.name for _, col in _columns()}
    assert not names & {"paragraph_id", "measure_id", "footnote_id", "table_id"}


def test_descriptions_differ_within_a_table_and_nullability_is_stated():
    for spec in REGISTRY.values():
        descriptions = [c.description for c in spec.columns]
        assert len(set(descriptions)) == len(descriptions), spec.name
        for col in spec.columns:
            if not col.nullable:
                assert not re.search(r"\bnull\b", col.description, re.I), (spec.name, col.name)


def test_nullability_true_to_the_data():
    """A column declared nullable is null somewhere in the fixture outputs, or its description
    says when it would be (e.g. 'null for sources without pages')."""
    outputs = _fixture_outputs()
    for spec in REGISTRY.values():
        for col in spec.columns:
            if not col.nullable:
                continue
            seen_null = any(
                r[col.name] is None for rows in outputs for r in rows.get(spec.name, [])
            )
            assert seen_null or re.search(r"\bnull\b|\bif none\b", col.description, re.I), (
                spec.name,
                col.name,
            )


def _fixture_outputs() -> list[dict[str, list[dict]]]:
    from tests.conftest import load_extraction, load_markdown_extraction

    names = ["fy2024", "fy2024-b", "fy2023-synthetic", "fy2022-synthetic"]
    return [load_extraction(n).rows for n in names] + [load_markdown_extraction().rows]


def test_every_key_is_unique_in_the_fixture_outputs():
    # Per-pair tables (file_stem OLD--NEW) come from `roadmap diff`; to_table checks their keys
    # when the diff tests write them.
    per_edition = {n: s for n, s in REGISTRY.items() if s.file_stem == "<edition>"}
    for rows in _fixture_outputs():
        assert set(rows) == set(per_edition), "every declared per-edition table is produced"
        for spec in per_edition.values():
            keys = [tuple(r[k] for k in spec.primary_key) for r in rows[spec.name]]
            assert len(keys) == len(set(keys)), spec.name
            assert all(None not in k for k in keys), spec.name
            to_table(spec, rows[spec.name])  # and every row fits its schema


def test_declared_row_orders_columns_and_fails_on_undeclared_or_missing() -> None:
    from schemas.base import columns_of, declared_row

    values = {name: None for name in reversed(columns_of("toc"))}
    assert list(declared_row("toc", **values)) == list(columns_of("toc"))
    with pytest.raises(SchemaError, match=r"undeclared columns \['fake'\], missing columns \[\]"):
        declared_row("toc", **values, fake=1)
    del values["heading_id"]
    with pytest.raises(SchemaError, match=r"missing columns \['heading_id'\]"):
        declared_row("toc", **values)
    with pytest.raises(SchemaError, match="no table 'nope'"):
        columns_of("nope")


def test_validation_reads_only_declared_columns() -> None:
    """Every column name the validation checks read is a declared column of some table."""
    declared = {c.name for spec in REGISTRY.values() for c in spec.columns}
    read = set()
    for path in (Path(__file__).parent.parent / "extract" / "validation").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        read |= set(re.findall(r"\[\"(\w+)\"\]", text))  # df["column"], row["column"]
        read |= set(re.findall(r"\"(\w+)\" (?:not )?in \w+\.columns", text))
    assert read, "the pattern found no column reads"
    from schemas.links import ISSUE_CODES  # values of `issue`, also used as dict keys there

    unknown = read - declared - set(REGISTRY) - set(ISSUE_CODES)
    assert not unknown, f"validation reads undeclared columns {sorted(unknown)}"
