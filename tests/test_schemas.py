"""Schema declarations: complete descriptions, validation that can fail, generated docs in sync."""

from __future__ import annotations

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
        "toc_label",
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
