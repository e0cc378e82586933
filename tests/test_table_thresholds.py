"""The tables stage's thresholds: absolute only for drawing slack (one shared `TOUCH`), in ems of
the text involved for tolerances between text and rules, named ratios elsewhere; each pinned
here at its edge, at three text scales where it is relative.

A tolerance of "1.5 pt" is right for 9 pt cell text and wrong for 18 pt text; these tests check
that the relative ones really scale with the type (the same page printed twice as large gives
the same table) and that the absolute ones stay put.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from extract.layout import analyse_layout
from extract.models import PageData, RawDocument, Rect, Word
from extract.tables import boxes, extract_schedules, geometry
from extract.tables.assemble import SAME_SIZE, _title_and_labels
from extract.tables.attribution import LEVEL_TOLERANCE, _level_row
from extract.tables.body import Block, group_rows
from extract.tables.columns import FyColumn, split_halves
from extract.tables.form_cells import _starts_at, _straddles
from extract.tables.geometry import (
    ALIGN,
    CROSS,
    INSET,
    REACH,
    SAME_RULE,
    TOUCH,
    Segment,
    coverage,
    crosses_words,
)
from extract.tables.models import PolicyLine
from extract.tables.text import TextLine
from tests import test_tables_synthetic_page as synthetic

SIZES = [6.0, 9.0, 18.0]  # small print, the fixtures' cell text, display size
EPS = 0.02  # ems either side of an edge


def word(text: str, x0: float, size: float, top: float = 100.0) -> Word:
    return Word(text, x0, x0 + len(text) * 0.5 * size, top, top + size, "Body", size, False)


# --------------------------------------------------------------------------- absolute slack


def test_one_absolute_touch_shared_by_the_modules() -> None:
    assert boxes.TOUCH is geometry.TOUCH == 0.5
    assert SAME_RULE == 3 * TOUCH  # rule merging is drawing slack too, in the same unit


def test_rules_of_one_boundary_merge_within_same_rule_whatever_the_text() -> None:
    def covered(offset: float) -> float:
        segs = [Segment(False, 100.0, 0.0, 50.0), Segment(False, 100.0 + offset, 50.0, 100.0)]
        return coverage(segs, False, 100.0, 0.0, 100.0)

    assert covered(SAME_RULE - 0.01) == 1.0  # adjacent rectangles' shared edge
    assert covered(SAME_RULE + 0.01) == 0.5  # another rule
    assert len(geometry.cluster([10.0, 10.0 + SAME_RULE - 0.01])) == 1
    assert len(geometry.cluster([10.0, 10.0 + SAME_RULE + 0.01])) == 2


def test_the_em_tolerances_equal_the_old_point_values_at_the_fixtures_9_pt() -> None:
    """The fixtures set their cell text at 9 pt: there each tolerance is the former one."""
    old = {CROSS: 1.0, ALIGN: 1.5, REACH: 2.0, geometry.BREAK: 3.0, INSET: 4.0}
    for em, points in old.items():
        assert abs(em * 9.0 - points) <= 0.05
    assert abs(LEVEL_TOLERANCE * 9.0 - 4.0) <= 0.05  # policy lines 9 pt tall


# --------------------------------------------------------------------------- relative to text


@pytest.mark.parametrize("size", SIZES)
def test_a_rule_crosses_a_word_by_more_than_a_hair_of_its_size(size: float) -> None:
    w = word("harmonious", 100.0, size)
    mid = (w.x0 + w.x1) / 2

    def crosses(overlap_ems: float) -> bool:
        # a vertical rule ending `overlap_ems` below the word's top
        rule = Segment(True, mid, w.top - 50.0, w.top + overlap_ems * size)
        return crosses_words(rule, [w])

    assert not crosses(CROSS - EPS)
    assert crosses(CROSS + EPS)


@pytest.mark.parametrize("size", SIZES)
def test_a_word_straddles_a_column_edge_by_more_than_a_hair(size: float) -> None:
    w = word("content", 100.0, size)

    def straddles(past_ems: float) -> bool:
        # the column edge lies `past_ems` inside the word's left end
        return _straddles(TextLine((w,)), w.x0 + past_ems * size)

    assert not straddles(CROSS - EPS)
    assert straddles(CROSS + EPS)


@pytest.mark.parametrize("size", SIZES)
def test_text_lines_up_on_a_column_edge_within_align(size: float) -> None:
    line = TextLine((word("Outline", 100.0, size),))
    assert _starts_at(line, 100.0 + (ALIGN - EPS) * size)
    assert not _starts_at(line, 100.0 + (ALIGN + EPS) * size)


@pytest.mark.parametrize("size", SIZES)
def test_cells_share_a_row_when_they_overlap_by_more_than_the_padding(size: float) -> None:
    def rows(overlap_ems: float) -> int:
        a = Block("a", 0.0, 100.0, 50.0, 100.0 + 3 * size, 1)
        top = a.bottom - overlap_ems * size
        b = Block("b", 60.0, top, 110.0, top + 3 * size, 1)
        return len(group_rows([a, b], size))

    assert rows(REACH - EPS) == 2
    assert rows(REACH + EPS) == 1


@pytest.mark.parametrize("size", SIZES)
def test_a_half_year_rule_must_reach_into_the_body(size: float) -> None:
    cols = (FyColumn(2022, None, 0.0, 80.0 * size), FyColumn(2023, None, 80.0 * size, 160 * size))
    top, bottom = 100.0, 100.0 + 20 * size
    mid = cols[0].width / 2

    def split(depth_ems: float) -> bool:
        # a rule from above the body down to `depth_ems` into it
        rule = Segment(True, mid, 0.0, top + depth_ems * size)
        return len(split_halves(cols, [rule], top, bottom, size=size)) == 3

    assert not split(INSET - EPS)
    assert split(INSET + EPS)


@pytest.mark.parametrize("height", SIZES)
def test_a_policy_item_is_level_with_a_row_within_its_own_line_height(height: float) -> None:
    band_top = 200.0
    bands = {0: [(1, band_top, band_top + 10 * height)], 1: [(1, band_top + 10 * height, 1e9)]}

    def level(above_heights: float) -> int | None:
        top = band_top - above_heights * height
        item = [PolicyLine("Do it <1>", 1, top, top + height)]
        return _level_row(item, bands, range(2))

    assert level(LEVEL_TOLERANCE - EPS) == 0
    assert level(LEVEL_TOLERANCE + EPS) is None


# --------------------------------------------------------------------------- a whole page


def _scaled_page(k: float, extra: tuple[Rect, ...] = ()) -> RawDocument:
    """The synthetic work-schedule page (plus `extra` graphics) with every coordinate and text
    size times `k`."""
    page = synthetic._page()
    page = replace(page, graphics=page.graphics + extra)

    def w(x: Word) -> Word:
        return replace(
            x, x0=x.x0 * k, x1=x.x1 * k, top=x.top * k, bottom=x.bottom * k, size=x.size * k
        )

    def g(r: Rect) -> Rect:
        pts = tuple((x * k, y * k) for x, y in r.points)
        return replace(r, x0=r.x0 * k, x1=r.x1 * k, top=r.top * k, bottom=r.bottom * k, points=pts)

    scaled = PageData(
        page.page,
        page.width * k,
        page.height * k,
        tuple(w(x) for x in page.words),
        tuple(g(r) for r in page.graphics),
    )
    return RawDocument("synthetic.pdf", "0" * 64, (scaled,))


def _cells(raw: RawDocument) -> list[tuple[object, ...]]:
    (s,) = extract_schedules(analyse_layout(raw), rules="vector").schedules
    return [
        (
            s.five_year_goal,
            s.outline,
            r.policy,
            c.fy_start,
            c.half_start,
            c.fy_end,
            c.half_end,
            c.text,
        )
        for r in s.rows
        for c in r.cells
    ]


@pytest.mark.parametrize("k", [0.6, 2.0, 3.0])
def test_the_same_page_at_another_scale_gives_the_same_table(k: float) -> None:
    """At 3x the type is 22.5 pt: every point tolerance of old would be under a tenth of an em."""
    expected = _cells(_scaled_page(1.0))
    assert len(expected) == 5 and expected[0][-1] == "Prepare"
    assert _cells(_scaled_page(k)) == expected


@pytest.mark.parametrize("k", [1.5, 2.0, 3.0])
def test_a_stub_rule_splits_a_year_only_when_it_reaches_inset_ems_into_the_body(k: float) -> None:
    """A rule in the middle of FY2022 hanging from the sub-header's rule (the body's top) down
    `depth` ems of the page's 7.5 pt text: a stub shorter than INSET ems is a tick, longer
    it divides the year into halves. In points (the old 4 pt) the stub of 0.4 em would split
    the year at every scale here (4.5 pt and more)."""
    mid, body_top = 330 + 80 / 2, 157  # the synthetic page's FY2022 column and body top

    def prepare(depth: float) -> tuple[object, ...]:
        stub = Rect(mid, body_top, mid, body_top + depth * synthetic.SIZE, "line")
        cells = _cells(_scaled_page(k, (stub,)))
        return next(c[3:7] for c in cells if c[-1] == "Prepare")

    assert prepare(INSET - 0.05) == (2022, None, 2022, None)
    assert prepare(INSET + 0.05) == (2022, "H1", 2022, "H2")


@pytest.mark.parametrize("size", [7.0, 11.5, 24.0])
def test_title_lines_share_a_size_within_a_share_of_the_titles(size: float) -> None:
    """A line above the title (not a section label) belongs to it when its size is within
    SAME_SIZE of the title's; one size step smaller it is a label of its own."""

    def title(ratio: float) -> tuple[str, list[str]]:
        above = TextLine((word("Improving", 72.0, round(size * ratio, 3), top=100.0),))
        line = TextLine((word("education", 72.0, size, top=100.0 + 2 * size),))
        return _title_and_labels([above, line])

    assert title(1 - SAME_SIZE + 0.01) == ("Improving education", [])
    assert title(1 - SAME_SIZE - 0.01) == ("education", ["Improving"])
    assert title(1 + SAME_SIZE - 0.01)[1] == []
    assert title(1 + SAME_SIZE + 0.01)[1] == ["Improving"]
