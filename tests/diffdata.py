"""Shared data of the diff tests: the fixture editions extracted once per session into one
output folder, and the changelogs. The fy2022/fy2023 editions are synthetic (scripted edits of
the FY2024 text), and their edition names say so."""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from dataclasses import replace
from functools import cache
from pathlib import Path

import pandas as pd

from pipelines.cli import main
from pipelines.run import Extraction, run_stages
from pipelines.writer import publish
from tests.conftest import FIXTURES, load_raw

# fixture folder -> edition name used in the test output folder
EDITIONS = {
    "fy2022-synthetic": "fy2022-synthetic",
    "fy2023-synthetic": "fy2023-synthetic",
    "fy2024": "fy2024",
    "fy2024-b": "fy2024-b",
}
# (old edition, new edition, changelog file)
PAIRS = [
    ("fy2022-synthetic", "fy2023-synthetic", "fy2022-fy2023.json"),
    ("fy2023-synthetic", "fy2024", "fy2023-fy2024.json"),
]
CHANGE_TABLES = ("measure_changes", "schedule_changes", "document_changes")


def renamed(extraction: Extraction, edition: str) -> Extraction:
    """The same extraction under another edition name (two layouts of one edition)."""
    rows = {
        table: [{**row, "edition": edition} if "edition" in row else row for row in rows]
        for table, rows in extraction.rows.items()
    }
    return replace(extraction, edition=edition, rows=rows)


@cache
def extracted_folder() -> Path:
    """An output folder holding the four fixture editions (extracted once per session)."""
    out = Path(tempfile.mkdtemp(prefix="roadmap-diff-test-"))
    atexit.register(shutil.rmtree, out, True)
    extractions = [
        renamed(run_stages(load_raw(name), edition, progress=lambda _m: None), edition)
        for name, edition in EDITIONS.items()
    ]
    publish(extractions, out)
    return out


@cache
def diffed() -> Path:
    """The extracted folder after `roadmap diff` of both changelog pairs and of A vs B."""
    out = extracted_folder()
    for old, new, _ in PAIRS:
        assert main(["diff", old, new, "--out", str(out)]) == 0
    assert main(["diff", "fy2024", "fy2024-b", "--out", str(out)]) == 0
    return out


@cache
def changelog(file: str) -> dict:
    return json.loads((FIXTURES / "changes" / file).read_text(encoding="utf-8"))


def read_change_table(out: Path, table: str, old: str, new: str) -> pd.DataFrame:
    return pd.read_parquet(out / table / f"{old}--{new}.parquet")


def folder_state(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes (to show that nothing changed)."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }
