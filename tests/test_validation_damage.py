"""Structure-damage checks on hand-made tables (no PDF): each fires on its damage only."""

from __future__ import annotations

import pandas as pd

from extract.validation.pages import (
    check_attachment_pages,
    check_measure_order,
    check_page_labels,
)


def pages(labels: list[str | None], sections: list[str] | None = None) -> pd.DataFrame:
    n = len(labels)
    return pd.DataFrame(
        {"page": range(1, n + 1), "label": labels, "section": sections or ["body"] * n}
    )


def codes(findings) -> set[str]:
    return {f.code for f in findings}


def test_page_labels_in_order_pass():
    assert check_page_labels({"pages": pages([None, None, "1", "2", "3", None, None])}) == []


def test_page_label_repeat_and_backwards():
    found = check_page_labels({"pages": pages([None, "1", "2", "2", "3", "1"])})
    assert codes(found) == {"page_label_repeat"}
    assert [i["page"] for i in found[0].items] == [4, 6]


def test_page_label_skip():
    found = check_page_labels({"pages": pages(["1", "2", "4", "5"])})
    assert codes(found) == {"page_label_skip"}
    assert found[0].items[0]["page"] == 3


def test_unlabelled_page_in_between_is_no_skip():
    assert check_page_labels({"pages": pages(["1", None, "3"])}) == []


def test_attachment_page_without_table():
    t = {
        "pages": pages([None] * 5, ["body"] + ["attachment"] * 4),
        "schedules": pd.DataFrame({"page_start": [2, 3], "page_end": [2, 4]}),
    }
    found = check_attachment_pages(t)
    assert codes(found) == {"attachment_page_without_table"}
    assert found[0].items == (5,)


def test_measures_out_of_order():
    m = pd.DataFrame({"measure_no": [1, 2, 5, 3, 4, 6], "page_start": [1, 1, 2, 3, 3, 4]})
    found = check_measure_order({"measures": m})
    assert codes(found) == {"measure_out_of_order"}
    assert found[0].items == ({"measure_no": 3, "after": 5, "page": 3},)
    in_order = pd.DataFrame({"measure_no": [1, 2, 3], "page_start": [1, 1, 2]})
    assert check_measure_order({"measures": in_order}) == []
