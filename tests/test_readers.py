"""The pdfium reader (the default) against the pdfplumber reader (the reference).

The pdfium reader is the default only because every output table it leads to is, row by row,
the table the pdfplumber reader leads to, on every fixture; this file checks that, and that the
page pool gives the serial result. Raw coordinates may differ in the last digits (pdfium keeps
32-bit floats and whole-number font metrics), which is why tables, not words, are compared
exactly (box coordinates to within 1 pt).
"""

from __future__ import annotations

from collections import Counter

import pytest

from extract.page_pool import available_cores, chunks
from extract.pdfium_paths import _classify
from extract.reader import read_pdf
from tests.conftest import LAYOUTS, fixture_pdf, load_extraction, load_raw

ALL = list(LAYOUTS)


@pytest.mark.parametrize("name", ALL)
def test_both_readers_give_the_same_tables_row_by_row(name):
    reference = load_extraction(name, "pdfplumber").rows
    got = load_extraction(name).rows
    assert sorted(got) == sorted(reference)
    for table, rows in reference.items():
        assert len(got[table]) == len(rows), table
        for i, (mine, theirs) in enumerate(zip(got[table], rows, strict=True)):
            diff = {k: (mine.get(k), v) for k, v in theirs.items() if not _same(k, mine.get(k), v)}
            assert not diff, f"{name} {table} row {i}: {diff}"


COORDINATES = {"boxes", "x0", "top", "x1", "bottom"}
TOLERANCE = 1.0


def _same(column: str, mine: object, theirs: object) -> bool:
    """Equal, except that coordinate columns may differ by under TOLERANCE points.

    A box's right edge is the last glyph's advance, which pdfium rounds to whole font units,
    and for a font that is not embedded (the standard 14, as the generated layouts use) the
    glyph top comes from different metrics (pdfminer's AFM ascent, pdfium's substitute font):
    up to 0.5 pt apart. Every column that is not a coordinate must be identical.
    """
    if column not in COORDINATES:
        return mine == theirs
    if isinstance(mine, float) and isinstance(theirs, float):
        return abs(mine - theirs) < TOLERANCE
    if isinstance(mine, dict) and isinstance(theirs, dict):
        return mine.keys() == theirs.keys() and all(_same(column, mine[k], theirs[k]) for k in mine)
    if isinstance(mine, list | tuple) and isinstance(theirs, list | tuple):
        return len(mine) == len(theirs) and all(
            _same(column, a, b) for a, b in zip(mine, theirs, strict=True)
        )
    return mine == theirs


@pytest.mark.parametrize("name", ALL)
def test_both_readers_see_the_same_words_and_graphics(name):
    reference, got = load_raw(name, "pdfplumber"), load_raw(name)
    assert len(got.pages) == len(reference.pages)
    for mine, theirs in zip(got.pages, reference.pages, strict=True):
        assert (round(mine.width, 2), round(mine.height, 2)) == (
            round(theirs.width, 2),
            round(theirs.height, 2),
        )
        words = Counter((w.text, w.size, w.bold, w.upright) for w in mine.words)
        assert words == Counter((w.text, w.size, w.bold, w.upright) for w in theirs.words)
        assert [g.kind for g in mine.graphics] == [g.kind for g in theirs.graphics]
        for a, b in zip(mine.graphics, theirs.graphics, strict=True):
            assert (a.fill, a.stroke, a.dashed, len(a.points)) == (
                b.fill,
                b.stroke,
                b.dashed,
                len(b.points),
            )
            assert max(abs(a.x0 - b.x0), abs(a.top - b.top), abs(a.x1 - b.x1)) < 0.01


def test_page_pool_gives_the_serial_result():
    name = "fy2022-synthetic"
    # the session's reading used the pool when there is more than one core; force it otherwise
    pooled = load_raw(name) if available_cores() > 1 else read_pdf(fixture_pdf(name), workers=3)
    assert read_pdf(fixture_pdf(name), workers=1) == pooled


@pytest.mark.parametrize("count,workers", [(1, 1), (7, 2), (103, 2), (103, 8), (4, 3)])
def test_chunks_cover_every_page_once_in_order(count, workers):
    parts = chunks(count, workers)
    assert [i for part in parts for i in part] == list(range(count))
    assert all(parts)


@pytest.mark.parametrize(
    "shape,points,kind",
    [
        ("ml", [(0, 0), (5, 0)], "line"),
        ("mlh", [(0, 0), (5, 0), (0, 0)], "line"),
        ("mlllh", [(0, 0), (0, 5), (5, 5), (5, 0), (0, 0)], "rect"),
        ("mllll", [(0, 0), (5, 0), (5, 5), (0, 5), (0, 0)], "rect"),
        ("mlllh", [(0, 0), (1, 5), (5, 5), (5, 0), (0, 0)], "curve"),  # not axis-parallel
        ("mllll", [(0, 0), (5, 0), (5, 5), (0, 5), (0, 1)], "curve"),  # does not close
        ("mcl", [(0, 0), (5, 5), (9, 9)], "curve"),
    ],
)
def test_paths_are_classified_as_pdfminer_does(shape, points, kind):
    assert _classify(list(zip(shape, points, strict=True))) == kind


def test_unknown_reader_is_refused():
    with pytest.raises(ValueError, match="unknown reader"):
        read_pdf(fixture_pdf("fy2024"), "mupdf")
