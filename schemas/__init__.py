"""Declared Parquet schemas, one module per group of tables, all registered in `REGISTRY`.

Importing the package registers every table, always in the same order (body, schedules,
links, changes), so that validation, the writer and the generated data dictionary see the same set.
"""

# The order of these imports is the order the tables are registered in.
# isort: off
from schemas.base import (
    REGISTRY,
    SchemaError,
    TableSpec,
    columns_of,
    declare,
    declared_row,
    to_table,
    validate_table,
)
from schemas import body, schedules, links, changes  # noqa: F401
# isort: on

__all__ = [
    "REGISTRY",
    "SchemaError",
    "TableSpec",
    "columns_of",
    "declare",
    "declared_row",
    "to_table",
    "validate_table",
]
