"""Declared Parquet schemas, one module per group of tables, all registered in `REGISTRY`."""

from schemas.base import REGISTRY, SchemaError, TableSpec, declare, to_table, validate_table

__all__ = ["REGISTRY", "SchemaError", "TableSpec", "declare", "to_table", "validate_table"]
