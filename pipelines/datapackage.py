"""`datapackage.json`: a Frictionless Data Package describing the output folder.

Generated from the schema declarations (`schemas/`), never by hand: one resource per declared
table present in the folder, listing all its Parquet files (one per edition, or per pair of
editions for change tables), with field types, descriptions, primary and foreign keys.
`check_keys` verifies the keys on the data itself with DuckDB.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow as pa

from schemas import REGISTRY, TableSpec

NAME = "datapackage.json"


def field_type(t: pa.DataType) -> str:
    """The Table Schema type of an Arrow type."""
    if pa.types.is_integer(t):
        return "integer"
    if pa.types.is_floating(t):
        return "number"
    if pa.types.is_boolean(t):
        return "boolean"
    if pa.types.is_date(t):
        return "date"
    if pa.types.is_timestamp(t):
        return "datetime"
    if pa.types.is_list(t) or pa.types.is_large_list(t):
        return "array"
    if pa.types.is_struct(t):
        return "object"
    return "string"


def _schema(spec: TableSpec, present: set[str]) -> dict:
    fields = []
    for col in spec.columns:
        field = {"name": col.name, "type": field_type(col.type), "description": col.description}
        if not col.nullable:
            field["constraints"] = {"required": True}
        fields.append(field)
    schema: dict = {"fields": fields}
    if spec.primary_key:
        schema["primaryKey"] = list(spec.primary_key)
    refs = [
        {
            "fields": list(fk.columns),
            "reference": {"resource": fk.table, "fields": list(fk.ref_columns)},
        }
        for fk in spec.foreign_keys
        if fk.table in present
    ]
    if refs:
        schema["foreignKeys"] = refs
    return schema


def files_of(out: Path, table: str) -> list[str]:
    """Parquet files of a table, relative to `out`, POSIX-style, sorted."""
    return sorted(p.relative_to(out).as_posix() for p in (out / table).glob("*.parquet"))


def descriptor(out: Path) -> dict:
    """The package descriptor for the tables found in `out`."""
    present = {name for name in REGISTRY if files_of(out, name)}
    resources = []
    for name, spec in REGISTRY.items():
        if name not in present:
            continue
        resources.append(
            {
                "name": name,
                "type": "table",
                "path": files_of(out, name),
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "description": spec.description,
                "schema": _schema(spec, present),
            }
        )
    from pipelines.rows import pipeline_version

    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "roadmap-extract",
        "title": "Roadmap for the Realization of a Society of Harmonious Coexistence with "
        "Foreign Nationals, as tables",
        "description": "Measures, headings, footnotes, work schedules, KPIs and cross-references "
        "extracted from the roadmap's PDF editions, each row pointing back to its page. "
        "See README.md and docs/data-dictionary.md.",
        "version": pipeline_version(),
        "resources": resources,
    }


def write_datapackage(out: Path) -> Path:
    """Write (atomically replace) `out/datapackage.json`; call after any write to `out`."""
    target = out / NAME
    tmp = out / f".{NAME}.tmp"
    tmp.write_text(json.dumps(descriptor(out), indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, target)
    return target


def _cols(alias: str, cols: list[str]) -> str:
    return ", ".join(f'{alias}."{c}"' for c in cols)


def check_keys(out: Path, package: dict | None = None) -> list[str]:
    """Problems with the keys the package declares, checked on the data with DuckDB.

    A primary key must be unique and never null; every non-null foreign key must match a row
    of the referenced table. An empty list means every key holds.
    """
    from roadmap_extract import connect

    package = package or json.loads((out / NAME).read_text(encoding="utf-8"))
    con = connect(out)
    problems = []
    for res in package["resources"]:
        name, schema = res["name"], res["schema"]
        pk = schema.get("primaryKey", [])
        if pk:
            dup = con.execute(
                f'SELECT {_cols("t", pk)}, count(*) FROM "{name}" t GROUP BY ALL '
                "HAVING count(*) > 1 LIMIT 1"
            ).fetchone()
            if dup:
                problems.append(f"{name}: duplicate primary key {dup[:-1]} ({dup[-1]} rows)")
            nulls = " OR ".join(f'"{c}" IS NULL' for c in pk)
            (n,) = con.execute(f'SELECT count(*) FROM "{name}" WHERE {nulls}').fetchone()
            if n:
                problems.append(f"{name}: {n} rows with a null in the primary key {pk}")
        for fk in schema.get("foreignKeys", []):
            ref = fk["reference"]
            match = " AND ".join(
                f'p."{b}" = c."{a}"' for a, b in zip(fk["fields"], ref["fields"], strict=True)
            )
            present = " AND ".join(f'c."{a}" IS NOT NULL' for a in fk["fields"])
            row = con.execute(
                f'SELECT {_cols("c", fk["fields"])} FROM "{name}" c WHERE {present} AND NOT '
                f'EXISTS (SELECT 1 FROM "{ref["resource"]}" p WHERE {match}) LIMIT 1'
            ).fetchone()
            if row:
                problems.append(
                    f"{name}: {dict(zip(fk['fields'], row, strict=True))} has no row in "
                    f"{ref['resource']}"
                )
    return problems
