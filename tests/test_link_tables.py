"""Tidy link tables: paragraphs -> measures, footnote calls, measure -> ministries."""

from __future__ import annotations

import json
import re

import pytest

from extract.ministries import DATA_FILE
from tests.conftest import load_extraction, load_gold, load_markdown_extraction

PDFS = ["fy2024", "fy2024-b", "fy2023-synthetic"]


def _rows(name: str) -> dict[str, list[dict]]:
    return (load_markdown_extraction() if name == "markdown" else load_extraction(name)).rows


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("name", [*PDFS, "markdown"])
def test_paragraphs_of_a_measure_make_its_text(name: str) -> None:
    rows = _rows(name)
    by_measure: dict[int, list[str]] = {}
    for p in rows["paragraphs"]:
        if p["measure_no"] is not None:
            by_measure.setdefault(p["measure_no"], []).append(p["text"])
    measures = {m["measure_no"]: m for m in rows["measures"]}
    assert set(by_measure) == set(measures)
    for no, texts in by_measure.items():
        assert _norm(" ".join(texts)).startswith(_norm(measures[no]["text"])), no
        assert f"<{no}>" in texts[-1]  # the last paragraph carries the measure's tag


@pytest.mark.parametrize("name", PDFS)
def test_paragraphs_outside_measures_match_gold(name: str) -> None:
    outside = [p for p in _rows(name)["paragraphs"] if p["measure_no"] is None]
    assert len(outside) == sum(1 for b in load_gold(name)["body"] if b["type"] == "p")


@pytest.mark.parametrize("name", PDFS)
def test_footnote_calls_match_gold(name: str) -> None:
    calls = _rows(name)["footnote_calls"]
    for f in load_gold(name)["footnotes"]:
        mine = [c for c in calls if c["footnote_no"] == f["no"]]
        assert mine, f["no"]
        first = min(mine, key=lambda c: c["paragraph_no"])
        assert first["page"] == f["call_page"], f["no"]
        called_in = f"measure {first['measure_no']}" if first["measure_no"] else "paragraph"
        assert called_in == f["called_in"], f["no"]
    pages = {p["page"]: p["label"] for p in _rows(name)["pages"]}
    assert all(c["label"] == pages[c["page"]] for c in calls)


def test_footnote_calls_agree_with_footnotes_table() -> None:
    rows = _rows("fy2024")
    first = {}
    for c in rows["footnote_calls"]:
        first.setdefault(c["footnote_no"], c["page"])
    for f in rows["footnotes"]:
        assert f["called"] == (f["footnote_no"] in first)
        if f["called"]:
            assert f["call_page"] == first[f["footnote_no"]]


def test_markdown_footnote_calls_have_no_pages() -> None:
    md, pdf = _rows("markdown")["footnote_calls"], _rows("fy2024")["footnote_calls"]
    key = ("footnote_no", "paragraph_no", "measure_no")
    assert [tuple(c[k] for k in key) for c in md] == [tuple(c[k] for k in key) for c in pdf]
    assert all(c["page"] is None and c["label"] is None for c in md)


@pytest.mark.parametrize("name", [*PDFS, "markdown"])
def test_measure_ministries_is_the_tidy_ministries_list(name: str) -> None:
    rows = _rows(name)
    generic = {
        e["name"]
        for e in json.loads(DATA_FILE.read_text(encoding="utf-8"))["entries"]
        if e.get("generic")
    }
    tidy: dict[int, list[tuple[int, str]]] = {}
    for r in rows["measure_ministries"]:
        tidy.setdefault(r["measure_no"], []).append((r["position"], r["ministry"]))
        assert r["generic"] == (r["ministry"] in generic)
    for m in rows["measures"]:
        assert [name for _, name in sorted(tidy.get(m["measure_no"], []))] == m["ministries"]
        assert [pos for pos, _ in sorted(tidy.get(m["measure_no"], []))] == list(
            range(1, len(m["ministries"]) + 1)
        )
    flagged = {r["ministry"] for r in rows["measure_ministries"] if r["generic"]}
    assert flagged == {"Relevant Ministries and Agencies", "other related ministries and agencies"}
