"""Checks of measure numbering, required fields and work-schedule coverage."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

import pandas as pd

from extract.validation.report import ERROR, WARNING, Finding
from extract.validation.values import as_int, as_list, has_pages, is_blank, is_null


def numbering(values: Iterable[object], what: str, prefix: str) -> list[Finding]:
    """Numbers must be 1..N, each once; report gaps, duplicates and unreadable numbers."""
    raw = list(values)
    nums = [n for n in (as_int(v) for v in raw) if n is not None]
    out = []
    if len(nums) < len(raw):
        out.append(
            Finding(
                ERROR, f"{prefix}_unnumbered", f"{len(raw) - len(nums)} {what}(s) without a number"
            )
        )
    dup = sorted(n for n, c in Counter(nums).items() if c > 1)
    if dup:
        out.append(Finding(ERROR, f"{prefix}_duplicate", f"{what} numbers used twice", tuple(dup)))
    if nums:
        missing = sorted(set(range(1, max(nums) + 1)) - set(nums))
        if missing:
            out.append(
                Finding(
                    ERROR,
                    f"{prefix}_gap",
                    f"{what} numbering is not contiguous from 1 to {max(nums)}; missing",
                    tuple(missing),
                )
            )
    return out


# --------------------------------------------------------------------------- checks


def check_measure_numbering(t: Mapping[str, pd.DataFrame]) -> list[Finding]:
    """Measure numbers are contiguous from 1 and unique."""
    m = t["measures"]
    if m.empty:
        return [Finding(ERROR, "measures_empty", "no measures were extracted")]
    return numbering(m["measure_no"], "measure", "numbering")


def check_measure_fields(t: Mapping[str, pd.DataFrame]) -> list[Finding]:
    """Every measure has a ministry, a key point and a subsection; a page is expected."""
    m = t["measures"]
    out = []
    required = (
        ("ministries", "ministry"),
        ("key_point", "key point"),
        ("subsection", "subsection"),
    )
    for col, what in required:
        if col not in m.columns:
            out.append(Finding(ERROR, "column_missing", f"measures has no column {col!r}", (col,)))
            continue
        bad = [as_int(n) for n, v in zip(m["measure_no"], m[col], strict=True) if is_blank(v)]
        if bad:
            code = "measure_missing_" + what.replace(" ", "_")
            out.append(Finding(ERROR, code, f"measures without a {what}", tuple(bad)))
    if "page_start" in m.columns and has_pages(t):
        bad = [
            as_int(n) for n, v in zip(m["measure_no"], m["page_start"], strict=True) if is_null(v)
        ]
        if bad:
            out.append(
                Finding(WARNING, "measure_missing_page", "measures without a page", tuple(bad))
            )
    return out


def _schedule_refs(s: pd.DataFrame) -> list[tuple[str, int, str]]:
    """(schedule_id, measure number, column) for every measure a schedule names."""
    out = []
    for _, row in s.iterrows():
        for col in ("measure_nos", "extra_refs"):
            if col in s.columns:
                for n in as_list(row[col]):
                    if as_int(n) is not None:
                        out.append((str(row["schedule_id"]), as_int(n), col))
    return out


def _numbered(s: pd.DataFrame) -> list[str]:
    """Ids of the schedules whose titles carry measure numbers."""
    return [
        str(sid)
        for sid, nos in zip(s["schedule_id"], s["measure_nos"], strict=True)
        if as_list(nos)
    ]


def check_schedule_coverage(t: Mapping[str, pd.DataFrame]) -> list[Finding]:
    """Every measure appears in a work schedule; schedules that carry no numbers at all mean
    the attachment was not understood (one plain error, not one per measure)."""
    s = t["schedules"]
    if len(s) and not _numbered(s):
        return [
            Finding(
                ERROR,
                "schedules_not_understood",
                f"{len(s)} schedules, 0 with measure numbers: the attachment was not understood",
                headline=True,
            )
        ]
    covered = {n for _, n, _ in _schedule_refs(s)}
    measures = sorted(
        {n for n in (as_int(v) for v in t["measures"]["measure_no"]) if n is not None}
    )
    missing = [n for n in measures if n not in covered]
    if not missing:
        return []
    return [
        Finding(
            ERROR,
            "measure_not_in_schedule",
            f"{len(missing)} of {len(measures)} measures in no work-schedule table",
            tuple(missing),
            headline=len(missing) > 0.1 * len(measures),
        )
    ]


def check_schedule_targets(t: Mapping[str, pd.DataFrame]) -> list[Finding]:
    """Every schedule points at measures that exist; each schedule covers some measure."""
    s = t["schedules"]
    known = {as_int(v) for v in t["measures"]["measure_no"]}
    out = []
    dangling = [
        {"schedule_id": sid, "measure_no": n, "column": col}
        for sid, n, col in _schedule_refs(s)
        if n not in known
    ]
    if dangling:
        out.append(
            Finding(
                ERROR,
                "schedule_unknown_measure",
                "schedules name measures that do not exist",
                tuple(dangling),
            )
        )
    dup = sorted(k for k, c in Counter(s["schedule_id"].astype(str)).items() if c > 1)
    if dup:
        out.append(Finding(ERROR, "schedule_duplicate_id", "schedule ids used twice", tuple(dup)))
    numbered = set(_numbered(s))
    empty = [str(sid) for sid in s["schedule_id"] if str(sid) not in numbered]
    if empty and numbered:
        out.append(
            Finding(
                ERROR,
                "schedule_without_measures",
                f"{len(s)} schedules, {len(empty)} without measure numbers in their title",
                tuple(empty),
                headline=True,
            )
        )
    return out
