"""Finding and reading the written tables: one module for every command and the loader.

Each table is a folder `<out>/<table>/` holding one Parquet file per edition (`fy2024.parquet`)
or per pair of editions for change tables (`fy2023--fy2024.parquet`); validation reports live in
`<out>/validation/`. `validate`, `crosscheck`, `diff`, `sql`, `editions` and
`roadmap_extract.load` all go through these functions, so they agree on which editions exist
and answer a missing or damaged file with the same one-line error.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from extract.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

VALIDATION_DIR = "validation"
PAIR_SEPARATOR = "--"  # change tables of `roadmap diff` are named OLD--NEW


def table_names(out: str | Path = "output") -> list[str]:
    """Tables present in the output folder (folders holding Parquet files), sorted."""
    root = Path(out)
    if not root.is_dir():
        raise FileNotFoundError(f"no output folder {root}")
    return sorted(d.name for d in root.iterdir() if d.is_dir() and any(d.glob("*.parquet")))


def table_files(table: str, out: str | Path = "output") -> dict[str, Path]:
    """File stem (edition, or 'OLD--NEW' for change tables) -> Parquet file of a table."""
    folder = Path(out) / table
    files = {p.stem: p for p in sorted(folder.glob("*.parquet"))}
    if not files:
        known = ", ".join(table_names(out)) or "none"
        raise KeyError(f"no table {table!r} in {out} (tables: {known})")
    return files


def find_editions(out_dir: Path) -> list[str]:
    """Editions with at least one table written under `out_dir`."""
    return sorted(
        {
            p.stem
            for p in Path(out_dir).glob("*/*.parquet")
            if p.parent.name != VALIDATION_DIR
            and not p.name.startswith(".")
            and PAIR_SEPARATOR not in p.stem
        }
    )


def read_tables(
    out_dir: Path,
    edition: str,
    names: Sequence[str] | None = None,
    required: Sequence[str] = (),
) -> dict[str, pd.DataFrame]:
    """The tables of `edition` by name: `names` (those present), or every table written.

    A missing edition (no table at all, or a `required` table absent) and an unreadable file
    raise InputError naming the problem and the editions present.
    """
    import pandas as pd

    out_dir = Path(out_dir)
    if names is None:
        paths = {
            p.parent.name: p
            for p in sorted(out_dir.glob(f"*/{edition}.parquet"))
            if p.parent.name != VALIDATION_DIR
        }
    else:
        paths = {n: out_dir / n / f"{edition}.parquet" for n in names}
        paths = {n: p for n, p in paths.items() if p.is_file()}
    missing = [n for n in required if n not in paths]
    if missing or not paths:
        what = f"no {missing[0]} table" if missing else "no tables"
        present = ", ".join(find_editions(out_dir)) or "none"
        raise InputError(
            out_dir,
            f"edition {edition!r} not found: {what} (run `roadmap extract` first); "
            f"editions present: {present}",
        )
    tables = {}
    for name, path in paths.items():
        try:
            tables[name] = pd.read_parquet(path)
        except Exception as exc:  # pyarrow raises several types for a damaged file
            raise InputError(
                path, f"cannot read Parquet table ({exc.__class__.__name__})"
            ) from None
    return tables
