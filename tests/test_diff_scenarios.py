"""Diff scenarios the changelogs do not cover, built from the extracted FY2024 tables:
format-only edits (no change), a measure moved to another subsection (one modified measure,
the rest renumbered) and a work-schedule table split in two (`split`, nothing else)."""

from __future__ import annotations

import copy
import re
from collections import Counter

import pytest

from extract.diff.text import renumber
from extract.ministries import find_ministries
from pipelines.diff_cmd import compute_diff, read_edition
from tests.diffdata import extracted_folder

pytestmark = pytest.mark.slow


def fy2024() -> dict[str, list[dict]]:
    return copy.deepcopy(read_edition(extracted_folder(), "fy2024"))


def _reformat(text: str | None) -> str | None:
    """Same words, other format: a line break, a double space, curly quotes, capitals, a broken
    hyphen."""
    if not text:
        return text
    text = text.replace(" ", "\n", 1).replace(". ", ".  ").replace('"', "”").replace("'", "’")
    text = re.sub(r"\bgovernment\b", "Government", text, count=1)
    return re.sub(r"(\w)-(\w)", r"\1- \2", text, count=1)


def test_format_only_edits_give_no_change():
    old = fy2024()
    new = fy2024()
    for m in new["measures"]:
        m["text"] = _reformat(m["text"])
        raw = m["ministries_raw"] or ""
        m["ministries_raw"] = raw.replace(
            "Ministry of Health, Labour and Welfare",
            "Ministry of Health, Labour and Welfare (MHLW)",
        )
        m["ministries"] = list(find_ministries(m["ministries_raw"]))
        if m["refs_raw"]:
            m["refs_raw"] = re.sub(r"(\d)-\(", r"\1 - (", m["refs_raw"])
    assert [m["ministries"] for m in new["measures"]] == [m["ministries"] for m in old["measures"]]
    assert any("(MHLW)" in (m["ministries_raw"] or "") for m in new["measures"])
    for table, columns in {
        "schedules": ("title", "five_year_goal", "outline"),
        "schedule_cells": ("text", "policy"),
        "kpis": ("text",),
        "headings": ("text",),
        "paragraphs": ("text",),
        "footnotes": ("text",),
        "documents": ("issuer",),
    }.items():
        for row in new[table]:
            for column in columns:
                row[column] = _reformat(row[column])
    diff = compute_diff("fy2024", "fy2024-reformatted", old, new)
    assert {m.change for m in diff.alignment.matches} == {"unchanged"}
    assert diff.schedule_changes == [] and diff.document_changes == []


def renumbered_edition(tables: dict[str, list[dict]], mapping: dict[int, int]) -> None:
    """Apply a renumbering to every table that names measures (in place)."""
    for m in tables["measures"]:
        m["measure_no"] = mapping[m["measure_no"]]
        m["refs_raw"] = renumber(m["refs_raw"], mapping) or None
    tables["measures"].sort(key=lambda m: m["measure_no"])
    for s in tables["schedules"]:
        s["measure_nos"] = [mapping[n] for n in s["measure_nos"]]
        s["title"] = renumber(s["title"], mapping)
    for table, columns in {"schedule_cells": ("text", "policy"), "kpis": ("text",)}.items():
        for row in tables[table]:
            row["measure_nos"] = [mapping[n] for n in row["measure_nos"]]
            for column in columns:
                row[column] = renumber(row[column], mapping) if row[column] else row[column]


def test_measure_moved_to_another_subsection():
    old = fy2024()
    new = fy2024()
    by_no = {m["measure_no"]: m for m in new["measures"]}
    moved, anchor = by_no[10], by_no[13]
    assert (moved["subsection"], anchor["subsection"]) == ("a", "b")
    for column in ("key_point", "subsection", "subsection_title", "theme"):
        moved[column] = anchor[column]
    mapping = {n: n for n in by_no}
    mapping.update({10: 13, 11: 10, 12: 11, 13: 12})
    renumbered_edition(new, mapping)

    diff = compute_diff("fy2024", "fy2024-moved", old, new)
    assert diff.alignment.mapping == mapping
    changes = Counter(m.change for m in diff.alignment.matches)
    assert changes == Counter({"unchanged": 100, "modified": 1, "renumbered": 3})
    (modified,) = [m for m in diff.alignment.matches if m.change == "modified"]
    assert (modified.old["measure_no"], modified.new["measure_no"]) == (10, 13)
    assert set(modified.fields) == {"subsection", "theme"}
    assert diff.schedule_changes == [] and diff.document_changes == []


def _split_point(tables: dict[str, list[dict]]) -> tuple[dict, int]:
    """A table listing several measures, and a row at which no KPI cell spans the cut."""
    for s in tables["schedules"]:
        if len(s["measure_nos"]) < 2 or s["row_count"] < 2:
            continue
        kpis = [k for k in tables["kpis"] if k["schedule_id"] == s["schedule_id"]]
        for cut in range(1, s["row_count"]):
            if all(not (k["row_index"] < cut <= k["row_end"]) for k in kpis):
                return s, cut
    raise AssertionError("no table to split")


def test_split_schedule_table():
    old = fy2024()
    new = fy2024()
    table, cut = _split_point(new)
    sid, nos = table["schedule_id"], list(table["measure_nos"])
    part_b = {**table, "schedule_id": sid + "-b", "measure_nos": nos[1:], "row_count": 0}
    table["measure_nos"] = nos[:1]
    for s, measures in ((table, nos[:1]), (part_b, nos[1:])):
        s["title"] = re.sub(r"<\d+>.*$", "", s["title"]) + ", ".join(f"<{n}>" for n in measures)
    new["schedules"].append(part_b)
    for name in ("schedule_cells", "kpis"):
        for row in new[name]:
            if row["schedule_id"] == sid and row["row_index"] >= cut:
                row["schedule_id"] = part_b["schedule_id"]
                row["row_index"] -= cut
                if "row_end" in row:
                    row["row_end"] -= cut
    part_b["row_count"] = table["row_count"] - cut
    table["row_count"] = cut

    diff = compute_diff("fy2024", "fy2024-split", old, new)
    got = Counter((c.change, c.old.measure_nos, c.new.measure_nos) for c in diff.schedule_changes)
    old_nos = tuple(nos)
    assert got == Counter(
        {("split", old_nos, tuple(nos[:1])): 1, ("split", old_nos, tuple(nos[1:])): 1}
    )
    assert {m.change for m in diff.alignment.matches} == {"unchanged"}
