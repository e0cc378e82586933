"""Shared fixtures: the bundled PDFs are read once per test session (reading is the slow part)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from extract.models import RawDocument
from extract.reader import read_pdf

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
def load_raw(name: str) -> RawDocument:
    return read_pdf(fixture_pdf(name))


@cache
def load_gold(name: str) -> dict:
    return json.loads((LAYOUTS[name] / "gold.json").read_text(encoding="utf-8"))


@pytest.fixture(params=GOLDEN_LAYOUTS)
def layout(request) -> str:
    """Name of a fixture layout with a gold.json (parametrises a test over both layouts)."""
    return request.param
