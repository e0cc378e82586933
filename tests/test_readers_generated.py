"""The pdfium reader against the pdfplumber reader on the generated layouts.

The fixtures are two layouts; the in-suite generated renderings (tests/layoutgen/) add fonts,
rotated pages, dashed grids, outlined arrows, unruled forms and more. The pdfium reader stays the
default only while every output table it leads to is, row by row, the pdfplumber reader's on
each of them too (coordinates to within 1 pt, as in tests/test_readers.py).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from pipelines.run import Extraction, extract_pdf
from tests.layoutgen.render import render
from tests.test_generated_layouts import CASES
from tests.test_readers import _same


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("readers-generated")


@cache
def _extraction(seed: int, folder: Path, reader: str) -> Extraction:
    return extract_pdf(render(seed, folder).pdf, "generated", progress=None, reader=reader)


@pytest.mark.parametrize("seed", CASES)
def test_both_readers_give_the_same_tables_on_a_generated_layout(seed: int, folder: Path):
    reference = _extraction(seed, folder, "pdfplumber").rows
    got = _extraction(seed, folder, "pdfium").rows
    assert sorted(got) == sorted(reference)
    assert got["measures"], "the rendering gave no measures: nothing was compared"
    for table, rows in reference.items():
        assert len(got[table]) == len(rows), table
        for i, (mine, theirs) in enumerate(zip(got[table], rows, strict=True)):
            diff = {k: (mine.get(k), v) for k, v in theirs.items() if not _same(k, mine.get(k), v)}
            assert not diff, f"seed {seed} {table} row {i}: {diff}"
