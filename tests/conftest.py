"""Shared fixtures: the bundled PDFs are read and extracted once per test session.

Reading is the slow part; `load_raw` (default reader, pages in a process pool), `load_layout`
(the layout stage on it) and `load_extraction` (all stages) are cached per session so that
every test reuses them.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

import pytest
from hypothesis import settings

from extract.layout import analyse_layout
from extract.models import LayoutDocument, RawDocument
from extract.reader import read_pdf
from pipelines.run import Extraction, run_stages

# CI runs the property tests derandomised (a red CI must be reproducible); locally they explore
# new examples each run. `HYPOTHESIS_PROFILE=stress` explores many more.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("stress", max_examples=2000, deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "default")
)

FIXTURES = Path(__file__).parent / "fixtures"
LAYOUTS = {
    "fy2024": FIXTURES / "fy2024",
    "fy2024-b": FIXTURES / "fy2024-b",
    "fy2023-synthetic": FIXTURES / "fy2023-synthetic",
    "fy2022-synthetic": FIXTURES / "fy2022-synthetic",
}
GOLDEN_LAYOUTS = ["fy2024", "fy2024-b"]


def fixture_pdf(name: str) -> Path:
    return next(LAYOUTS[name].glob("*.pdf"))


@cache
def load_raw(name: str, reader: str = "pdfium") -> RawDocument:
    return read_pdf(fixture_pdf(name), reader)


@cache
def load_layout(name: str, reader: str = "pdfium") -> LayoutDocument:
    """The layout stage's output on a fixture (the tables stage's input), once per session."""
    return analyse_layout(load_raw(name, reader))


@cache
def load_extraction(name: str, reader: str = "pdfium") -> Extraction:
    """Every stage on a fixture, once per session (end-to-end tests share it)."""
    return run_stages(load_raw(name, reader), progress=None)


@cache
def load_markdown_extraction():
    """All stages on the converter Markdown of the FY2024 text, once per session."""
    from pipelines.run import extract_markdown

    return extract_markdown(FIXTURES / "seed" / "roadmap-fy2024-en.md", progress=lambda _m: None)


@cache
def load_gold(name: str) -> dict:
    return json.loads((LAYOUTS[name] / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def fixture_out(tmp_path_factory) -> Path:
    """The three fixture editions (FY2024 layout A and the two synthetic ones) written as
    `roadmap extract` does, with `roadmap diff` of each consecutive pair."""
    from pipelines.diff_cmd import run_diff
    from pipelines.writer import publish

    out = tmp_path_factory.mktemp("out")
    extractions = [load_extraction(name) for name in LAYOUTS if name != "fy2024-b"]
    publish(extractions, out)
    editions = sorted(ex.edition for ex in extractions)
    for old, new in zip(editions, editions[1:], strict=False):
        run_diff(out, old, new)  # the change tables, so keys into measures are checked too
    return out


@pytest.fixture(params=GOLDEN_LAYOUTS)
def layout(request) -> str:
    """Name of a fixture layout with a gold.json (parametrises a test over both layouts)."""
    return request.param
