"""Declare a Parquet table once: columns, types and a description per column.

The description of each column lives in the pyarrow field metadata (`description`) and the
table's own description in the schema metadata, so that validation, the Parquet files and the
generated data dictionary all come from this one declaration.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pyarrow as pa

REGISTRY: dict[str, TableSpec] = {}

BOX = pa.struct(
    [
        pa.field("page", pa.int32()),
        pa.field("x0", pa.float64()),
        pa.field("top", pa.float64()),
        pa.field("x1", pa.float64()),
        pa.field("bottom", pa.float64()),
    ]
)
BOXES_DOC = (
    "Where the record is printed: one box per physical page it spans, in page order "
    "(page, x0, top, x1, bottom in PDF points from the page's top-left corner); empty for "
    "sources without pages."
)


def boxes_column(nullable: bool = False) -> tuple[str, pa.DataType, str, bool]:
    """The `boxes` column shared by every table whose records can be shown on the page."""
    return ("boxes", pa.list_(BOX), BOXES_DOC, nullable)


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    description: str
    nullable: bool = True


@dataclass(frozen=True)
class ForeignKey:
    """Columns of this table that must match the primary key of a row of `table`.

    Rows where any of `columns` is null are not checked (an optional reference).
    """

    columns: tuple[str, ...]
    table: str
    ref_columns: tuple[str, ...]


@dataclass(frozen=True)
class TableSpec:
    """One output table: its name, what a row is, its columns and its keys."""

    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    file_stem: str = "<edition>"  # file name under output/<table>/ without '.parquet'
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def schema(self) -> pa.Schema:
        fields = [
            pa.field(
                c.name,
                c.type,
                nullable=c.nullable,
                metadata={"description": c.description},
            )
            for c in self.columns
        ]
        meta = {
            "table": self.name,
            "description": self.description,
            "primary_key": ",".join(self.primary_key),
        }
        return pa.schema(fields, metadata=meta)


def declare(
    name: str,
    description: str,
    columns: Sequence[tuple[str, pa.DataType, str] | tuple[str, pa.DataType, str, bool]],
    primary_key: Iterable[str] = (),
    file_stem: str = "<edition>",
    foreign_keys: Mapping[str, Sequence[tuple[str, str]]]
    | Sequence[tuple[str, Sequence[tuple[str, str]]]] = (),
) -> TableSpec:
    """Register a table; columns are (name, type, description[, nullable]).

    `foreign_keys` maps a referenced table to (column here, column there) pairs, e.g.
    `{"schedules": [("edition", "edition"), ("schedule_id", "schedule_id")]}`; a list of
    (table, pairs) tuples allows two keys into the same table (old and new measure).
    """
    fk_items = foreign_keys.items() if isinstance(foreign_keys, Mapping) else foreign_keys
    spec = TableSpec(
        name=name,
        description=description,
        columns=tuple(Column(*c) for c in columns),
        primary_key=tuple(primary_key),
        file_stem=file_stem,
        foreign_keys=tuple(
            ForeignKey(tuple(a for a, _ in pairs), table, tuple(b for _, b in pairs))
            for table, pairs in fk_items
        ),
    )
    for fk in spec.foreign_keys:
        unknown = set(fk.columns) - {c.name for c in spec.columns}
        if unknown:
            raise ValueError(f"{name}: foreign key to {fk.table} on unknown {sorted(unknown)}")
    if name in REGISTRY:
        raise ValueError(f"table {name!r} declared twice")
    REGISTRY[name] = spec
    return spec


def same(*columns: str) -> list[tuple[str, str]]:
    """Foreign-key pairs for columns named alike in both tables."""
    return [(c, c) for c in columns]


class SchemaError(ValueError):
    """Rows do not fit the declared schema of their table."""


def spec_of(table: str | TableSpec) -> TableSpec:
    """The declaration of `table` (a name or the spec itself); unknown names are an error."""
    if isinstance(table, TableSpec):
        return table
    if table not in REGISTRY:
        raise SchemaError(f"no table {table!r} is declared")
    return REGISTRY[table]


def columns_of(table: str | TableSpec) -> tuple[str, ...]:
    """Column names of a declared table, in declared order: the one list every stage uses."""
    return tuple(c.name for c in spec_of(table).columns)


def declared_row(table: str | TableSpec, **values: object) -> dict:
    """One row of `table` in declared column order; an undeclared or missing column fails.

    Row builders call this instead of writing a dict literal, so a column renamed or added in
    the declaration breaks the builder at once rather than when the table is written.
    """
    names = columns_of(table)
    extra = sorted(set(values) - set(names))
    missing = [n for n in names if n not in values]
    if extra or missing:
        raise SchemaError(
            f"{spec_of(table).name} row: undeclared columns {extra}, missing columns {missing}"
        )
    return {n: values[n] for n in names}


def to_table(spec: TableSpec, rows: Sequence[dict]) -> pa.Table:
    """Build a pyarrow table from row dicts and validate it against the declared schema.

    Extra keys in the rows are an error (a typo would otherwise silently drop data), missing
    keys are an error, nulls in non-nullable columns are an error, and so are duplicate keys.
    """
    names = [c.name for c in spec.columns]
    for i, row in enumerate(rows):
        extra = set(row) - set(names)
        missing = set(names) - set(row)
        if extra or missing:
            raise SchemaError(
                f"{spec.name} row {i}: extra columns {sorted(extra)}, missing {sorted(missing)}"
            )
    try:
        table = pa.Table.from_pylist(list(rows), schema=spec.schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise SchemaError(f"{spec.name}: {exc}") from None
    validate_table(spec, table)
    return table


def validate_table(spec: TableSpec, table: pa.Table) -> None:
    """Check a table against its spec: exact columns and types, nullability, unique key."""
    if not table.schema.equals(spec.schema, check_metadata=False):
        raise SchemaError(f"{spec.name}: schema differs from declaration:\n{table.schema}")
    for col in spec.columns:
        if not col.nullable and table.column(col.name).null_count:
            raise SchemaError(f"{spec.name}.{col.name}: nulls in a non-nullable column")
    if spec.primary_key and table.num_rows:
        keys = table.select(list(spec.primary_key)).to_pylist()
        seen: set[tuple] = set()
        for key in keys:
            tup = tuple(key.values())
            if tup in seen:
                raise SchemaError(f"{spec.name}: duplicate key {key}")
            seen.add(tup)
