"""Provenance boxes: every measure, heading, footnote and schedule says where it is printed,
and the boxes hold what the record is made of (checked against the PDF's own words)."""

from __future__ import annotations

import pytest

from tests.conftest import LAYOUTS, load_extraction, load_raw

NAMES = list(LAYOUTS)


def _inside(word, box, slack: float = 0.5) -> bool:
    return (
        box["x0"] - slack <= word.x0
        and word.x1 <= box["x1"] + slack
        and box["top"] - slack <= word.top
        and word.bottom <= box["bottom"] + slack
    )


def _page_sizes(name: str) -> dict[int, tuple[float, float]]:
    return {p.page: (p.width, p.height) for p in load_raw(name).pages}


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(
    "table,start,end",
    [
        ("measures", "page_start", "page_end"),
        ("schedules", "page_start", "page_end"),
        ("headings", "page", "page"),
        ("footnotes", "page", "page"),
    ],
)
def test_one_box_per_page_spanned_and_on_the_page(name, table, start, end):
    sizes = _page_sizes(name)
    rows = load_extraction(name).rows[table]
    assert rows
    for row in rows:
        pages = [b["page"] for b in row["boxes"]]
        assert pages == sorted(set(pages)), row
        assert pages[0] == row[start] and pages[-1] == row[end], (table, row[start], pages)
        for b in row["boxes"]:
            width, height = sizes[b["page"]]
            assert 0 <= b["x0"] < b["x1"] <= width + 1 and 0 <= b["top"] < b["bottom"] <= height + 1


@pytest.mark.parametrize("name", NAMES)
def test_measure_box_holds_its_tag(name):
    """The '<N>' closing a measure is printed inside the measure's last box."""
    raw = {p.page: p for p in load_raw(name).pages}
    for m in load_extraction(name).rows["measures"]:
        last = m["boxes"][-1]
        tag = f"<{m['measure_no']}>"
        words = [w for w in raw[last["page"]].words if tag in w.text]
        assert any(_inside(w, last) for w in words), (m["measure_no"], last)


@pytest.mark.parametrize("name", NAMES)
def test_schedule_boxes_hold_their_cells_and_do_not_overlap(name):
    rows = load_extraction(name).rows
    boxes = {(s["schedule_id"], b["page"]): b for s in rows["schedules"] for b in s["boxes"]}
    for c in rows["schedule_cells"]:
        b = boxes[(c["schedule_id"], c["page"])]
        assert b["x0"] <= c["x0"] and c["x1"] <= b["x1"], c
        assert b["top"] <= c["top"] and c["bottom"] <= b["bottom"], c
    by_page: dict[int, list[dict]] = {}
    for (_sid, page), b in boxes.items():
        by_page.setdefault(page, []).append(b)
    for page, bs in by_page.items():
        bs.sort(key=lambda b: b["top"])
        for upper, lower in zip(bs, bs[1:], strict=False):
            assert upper["bottom"] <= lower["top"] + 0.5, (page, upper, lower)


def test_schedule_box_holds_its_title_on_the_first_page():
    rows = load_extraction("fy2024").rows["schedules"]
    raw = {p.page: p for p in load_raw("fy2024").pages}
    for s in rows:
        first = s["boxes"][0]
        tag = f"<{s['measure_nos'][0]}>" if s["measure_nos"] else None
        if tag is None:
            continue
        words = [w for w in raw[first["page"]].words if tag in w.text]
        assert any(_inside(w, first) for w in words), (s["schedule_id"], first)


def test_markdown_route_has_no_boxes():
    from pipelines.run import extract_markdown
    from tests.conftest import FIXTURES

    ex = extract_markdown(FIXTURES / "seed" / "roadmap-fy2024-en.md", progress=lambda _m: None)
    for table in ("measures", "headings", "footnotes", "schedules"):
        assert ex.rows[table] and all(r["boxes"] == [] for r in ex.rows[table]), table
