"""Null-tolerant readers of DataFrame cells (Parquet gives None, NaN, numpy types)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

import pandas as pd


def is_null(v: object) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    return isinstance(v, float) and math.isnan(v)


def is_blank(v: object) -> bool:
    """Null, an empty or whitespace string, or an empty list."""
    if is_null(v):
        return True
    if isinstance(v, str):
        return not v.strip()
    if hasattr(v, "__len__"):
        return len(v) == 0
    return False


def as_list(v: object) -> list:
    if is_null(v):
        return []
    if isinstance(v, str):
        return [v]
    if hasattr(v, "tolist"):
        v = v.tolist()
    return list(v) if isinstance(v, Iterable) else [v]


def as_int(v: object) -> int | None:
    if is_null(v):
        return None
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


def as_text(v: object) -> str | None:
    return None if is_null(v) else str(v).strip()


def has_pages(t: Mapping[str, pd.DataFrame]) -> bool:
    """False for sources without pages (converter Markdown): page checks do not apply."""
    docs = t.get("documents")
    if docs is None or docs.empty or "source_format" not in docs.columns:
        return True
    return bool((docs["source_format"] != "markdown").any())
