"""The stage cache: a warm run skips every stage and writes the same bytes; a changed stage
recomputes itself and the stages after it, and nothing before it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipelines import stage_cache
from pipelines.cli import main
from pipelines.run import extract_pdf
from pipelines.stage_cache import STAGES, StageCache, stage_keys
from tests.conftest import fixture_pdf, load_extraction

NAME = "fy2022-synthetic"


@pytest.fixture(scope="module")
def filled_cache(tmp_path_factory) -> Path:
    """A cache folder after one cold run on the fixture."""
    folder = tmp_path_factory.mktemp("cache")
    cold = extract_pdf(fixture_pdf(NAME), progress=None, cache=StageCache(folder))
    assert cold.cached == () and set(cold.seconds) == set(STAGES)
    return folder


def _copy(folder: Path, tmp_path: Path) -> StageCache:
    target = tmp_path / "cache"
    shutil.copytree(folder, target)
    return StageCache(target)


def test_warm_run_runs_no_stage_and_gives_the_same_rows(filled_cache, tmp_path):
    warm = extract_pdf(fixture_pdf(NAME), progress=None, cache=_copy(filled_cache, tmp_path))
    assert warm.cached == STAGES and warm.seconds == {}
    assert warm.rows == load_extraction(NAME).rows


@pytest.mark.parametrize("changed", ["layout", "structure"])
def test_changed_stage_recomputes_it_and_later_stages_only(
    filled_cache, tmp_path, monkeypatch, changed
):
    """A changed layout recomputes the tables too (they take the layout's output)."""
    real = stage_cache.stage_version
    monkeypatch.setattr(
        stage_cache, "stage_version", lambda s: real(s) + ("-changed" if s == changed else "")
    )
    cache = _copy(filled_cache, tmp_path)
    run = extract_pdf(fixture_pdf(NAME), progress=None, cache=cache)
    at = STAGES.index(changed)
    assert run.cached == STAGES[:at]
    assert set(run.seconds) == set(STAGES[at:])
    assert "tables" in run.seconds
    assert run.rows == load_extraction(NAME).rows
    again = extract_pdf(fixture_pdf(NAME), progress=None, cache=cache)
    assert again.cached == STAGES
    assert len(list(cache.folder.glob("*.pkl"))) == len(STAGES), "superseded entries are removed"


def test_keys_chain_so_a_change_reaches_every_later_stage():
    keys = stage_keys("0" * 64, "pdfium")
    assert len(set(keys.values())) == len(STAGES)
    assert stage_keys("0" * 64, "pdfplumber")["read"] != keys["read"]
    assert stage_keys("0" * 64, "pdfium", "other-edition")["read"] == keys["read"]
    assert stage_keys("0" * 64, "pdfium", "other-edition")["link"] != keys["link"]


def test_stage_version_covers_the_modules_a_stage_imports():
    files = {
        p.relative_to(stage_cache.ROOT).as_posix()
        for p in stage_cache._closure(("extract.structure",))
    }
    assert {"extract/structure.py", "extract/models.py", "extract/ministries.py"} <= files
    assert "extract/tables/kpi.py" not in files  # the tables stage's code is not the structure's
    assert stage_cache.stage_version("layout") != stage_cache.stage_version("structure")


def test_damaged_entry_is_a_miss_not_an_error(tmp_path):
    cache = StageCache(tmp_path)
    cache.store("a" * 64, "read", "b" * 64, {"x": 1})
    assert cache.load("a" * 64, "read", "b" * 64) == {"x": 1}
    next(tmp_path.glob("*.pkl")).write_bytes(b"not a pickle")
    assert cache.load("a" * 64, "read", "b" * 64) is None


def _parquet_bytes(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.glob("*/*.parquet"))}


def test_warm_cli_run_writes_byte_identical_tables(filled_cache, tmp_path, capsys):
    pdf = str(fixture_pdf(NAME))
    cold, warm = tmp_path / "cold", tmp_path / "warm"
    assert main(["extract", pdf, "--out", str(cold), "--no-cache"]) == 0
    assert not (cold / ".cache").exists(), "--no-cache must not write a cache"
    shutil.copytree(filled_cache, warm / ".cache")
    capsys.readouterr()
    assert main(["extract", pdf, "--out", str(warm), "--verbose"]) == 0
    printed = capsys.readouterr().out
    assert "cache hit" in printed and "cached" in printed
    assert _parquet_bytes(warm) and _parquet_bytes(warm) == _parquet_bytes(cold)
