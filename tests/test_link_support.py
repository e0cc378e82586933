"""Inputs of the link and validate tests, built from a fixture's gold.json (no tests here).

Until the body and work-schedule stages exist, `Measure` records and schedule members come
from the gold; `fixture_inputs` is the one place to switch the tests to extracted records.
The fy20xx-synthetic fixtures are synthetic editions, not the real 2022/2023 documents.
"""

from __future__ import annotations

import pandas as pd

from extract.link import link, link_rows
from extract.models import Measure
from pipelines.rows import measure_row
from tests.conftest import load_gold

FIXTURE_NAMES = ["fy2024", "fy2024-b", "fy2023-synthetic", "fy2022-synthetic"]


def gold_measures(name: str) -> list[Measure]:
    return [
        Measure(
            measure_no=m["no"],
            key_point=m["key_point"],
            subsection=m["subsection"],
            subsection_title=m["subsection_title"],
            theme=m["theme"],
            text=m["text"],
            ministries=tuple(m["ministries"]),
            ministries_raw=m["ministries_raw"],
            refs_raw=m["refs_raw"],
            page_start=m["page_start"],
            page_end=m["page_end"],
            label_start=m["label_start"],
            label_end=m["label_end"],
        )
        for m in load_gold(name)["measures"]
    ]


def gold_schedule_members(name: str) -> dict[str, list[int]]:
    return {s["id"]: list(s["measure_nos"]) for s in load_gold(name)["schedules"]}


def fixture_inputs(name: str) -> tuple[list[Measure], dict[str, list[int]]]:
    """Measures and schedule members of a fixture (gold today; extracted ones later)."""
    return gold_measures(name), gold_schedule_members(name)


def gold_tables(name: str) -> dict[str, pd.DataFrame]:
    """The output tables of a fixture as the validator sees them, built from its gold."""
    gold = load_gold(name)
    edition = gold["edition"]
    measures, members = fixture_inputs(name)
    measure_rows = [measure_row(m, edition) for m in measures]
    toc = {t["heading_id"]: t["printed_page"] for t in gold["toc"] if t.get("heading_id")}
    headings = [
        {
            "edition": edition,
            "heading_id": h["id"],
            "level": h["level"],
            "kind": h["kind"],
            "number": None if h.get("number") is None else str(h["number"]),
            "text": h["text"],
            "page": h.get("page"),
            "label": h.get("label"),
            "parent_id": h.get("parent_id"),
            "label_toc": toc.get(h["id"]),
        }
        for h in gold["headings"]
    ]
    footnotes = [
        {
            "edition": edition,
            "footnote_no": f["no"],
            "text": f["text"],
            "page": f["page"],
            "label": f["label"],
            "call_page": f.get("call_page"),
        }
        for f in gold["footnotes"]
    ]
    schedules = [
        {
            "edition": edition,
            "schedule_id": s["id"],
            "title": s["title"],
            "measure_nos": list(s["measure_nos"]),
            "extra_refs": list(s["title_extra_refs"]),
            "page_start": s["page_start"],
            "page_end": s["page_end"],
        }
        for s in gold["schedules"]
    ]
    rows = link_rows(link(measures, members), edition)
    tables = {
        "measures": measure_rows,
        "headings": headings,
        "footnotes": footnotes,
        "schedules": schedules,
        **rows,
    }
    return {k: pd.DataFrame(v) for k, v in tables.items()}
