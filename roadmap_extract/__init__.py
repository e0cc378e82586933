"""Load the roadmap tables written by `roadmap extract` into pandas, polars or DuckDB.

    from roadmap_extract import load
    measures = load("measures", editions=["fy2024"], out="output")

Each table is a folder `<out>/<table>/` holding one Parquet file per edition
(`fy2024.parquet`) or per pair of editions for change tables (`fy2023--fy2024.parquet`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.tables_io import table_files, table_names

__all__ = ["connect", "editions", "load", "table_files", "table_names"]


def editions(out: str | Path = "output") -> list[str]:
    """Editions with a documents row in the output folder, sorted."""
    return sorted(table_files("documents", out))


def _wanted(stem: str, wanted: set[str] | None) -> bool:
    """A file is wanted when its edition, or either edition of a change pair, is asked for."""
    return wanted is None or stem in wanted or bool(set(stem.split("--")) & wanted)


def read_arrow(table: str, editions: Iterable[str] | None = None, out="output") -> pa.Table:
    """One Arrow table over the wanted files (columns added by later versions are null-filled)."""
    wanted = None if editions is None else set(editions)
    files = table_files(table, out)
    if wanted is not None:
        unknown = wanted - {part for stem in files for part in stem.split("--")}
        if unknown:
            have = ", ".join(sorted(files))
            raise KeyError(f"table {table!r} has no edition {sorted(unknown)} (has: {have})")
    parts = [pq.read_table(p) for stem, p in files.items() if _wanted(stem, wanted)]
    return pa.concat_tables(parts, promote_options="default")


def _pandas_type(t: pa.DataType):
    """Nullable pandas dtypes so that integer columns stay integers when they hold nulls."""
    import pandas as pd

    return {
        pa.int8(): pd.Int8Dtype(),
        pa.int16(): pd.Int16Dtype(),
        pa.int32(): pd.Int32Dtype(),
        pa.int64(): pd.Int64Dtype(),
        pa.bool_(): pd.BooleanDtype(),
        pa.float64(): pd.Float64Dtype(),
    }.get(t)


def load(
    table: str,
    editions: Iterable[str] | None = None,
    out: str | Path = "output",
    engine: str = "pandas",
):
    """A table of every (or the given) edition as a pandas or polars DataFrame.

    pandas columns use nullable dtypes (Int32, Float64, boolean): a measure number stays an
    integer even where it is missing. List columns hold Python lists / arrays.
    """
    data = read_arrow(table, editions, out)
    if engine == "pandas":
        return data.to_pandas(types_mapper=_pandas_type)
    if engine == "polars":
        import polars as pl

        return pl.from_arrow(data)
    raise ValueError(f"engine must be 'pandas' or 'polars', not {engine!r}")


def connect(out: str | Path = "output"):
    """A DuckDB connection with one view per table over all its Parquet files."""
    import duckdb

    con = duckdb.connect()
    for name in table_names(out):
        paths = [str(p) for p in table_files(name, out).values()]
        listing = ", ".join("'" + p.replace("'", "''") + "'" for p in paths)
        con.execute(
            f'CREATE VIEW "{name}" AS SELECT * FROM read_parquet([{listing}], union_by_name=true)'
        )
    return con
