"""Citation and provenance: sources.json into `documents`, LICENSE, CITATION.cff, README."""

from __future__ import annotations

import hashlib
import json
import os
import re
from importlib.metadata import version
from pathlib import Path

import pandas as pd
import pytest

from extract.errors import InputError
from extract.sources import source_info
from pipelines.writer import publish
from tests.conftest import FIXTURES, fixture_pdf, load_extraction, load_markdown_extraction

ROOT = Path(__file__).resolve().parent.parent


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_documents_carry_source_url_and_note() -> None:
    doc = load_extraction("fy2024").rows["documents"][0]
    assert doc["source_url"].startswith("https://www.moj.go.jp/isa/")
    assert "re-rendering of the published text" in doc["source_note"]
    md = load_markdown_extraction().rows["documents"][0]
    assert md["source_url"] == doc["source_url"] and "Markdown" in md["source_note"]


def test_synthetic_editions_say_so_and_have_no_url() -> None:
    doc = load_extraction("fy2023-synthetic").rows["documents"][0]
    assert doc["source_url"] is None and "synthetic" in doc["source_note"]


def test_unknown_file_gets_nulls_and_a_broken_sources_file_is_an_input_error(tmp_path) -> None:
    pdf = tmp_path / "x.pdf"
    assert source_info("0" * 64, pdf) is None
    (tmp_path / "sources.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="sources.json"):
        source_info("1" * 64, tmp_path / "y.pdf")


def test_nearest_sources_file_wins(tmp_path) -> None:
    sub = tmp_path / "sub"
    sub.mkdir()
    entry = {"url": "https://example.org/{}", "note": "n"}
    for folder, where in ((tmp_path, "parent"), (sub, "own")):
        data = {"sources": {"a" * 64: {**entry, "url": entry["url"].format(where)}}}
        (folder / "sources.json").write_text(json.dumps(data), encoding="utf-8")
    assert source_info("a" * 64, sub / "f.pdf").url == "https://example.org/own"
    assert source_info("a" * 64, tmp_path / "f.pdf").url == "https://example.org/parent"


def test_raw_sources_list_every_bundled_pdf_like_the_fixtures_do() -> None:
    raw = json.loads((ROOT / "raw" / "sources.json").read_text(encoding="utf-8"))["sources"]
    fixtures = json.loads((FIXTURES / "sources.json").read_text(encoding="utf-8"))["sources"]
    for pdf in (ROOT / "raw").glob("*.pdf"):
        entry = raw[_sha(pdf)]
        assert {"title", "issuer", "decided", "url", "note"} <= set(entry)
        assert entry["url"] == fixtures[_sha(pdf)]["url"]
    for name in ("fy2024", "fy2024-b", "fy2023-synthetic", "fy2022-synthetic"):
        assert _sha(fixture_pdf(name)) in fixtures


def test_license_and_citation() -> None:
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    cff = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    top = dict(re.findall(r"^([a-z-]+):\s*(.*)$", cff, re.M))
    assert top["cff-version"] == "1.2.0"
    assert {"message", "title", "authors", "version", "license", "references"} <= set(top)
    assert top["version"].strip('"') == version("roadmap-extract")
    assert "Government of Japan" in cff and "moj.go.jp/isa" in cff


def test_changelog_lists_every_rename_and_the_version() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {version('roadmap-extract')}" in text
    for old, new in (("printed_page", "label"), ("toc_label", "label_toc")):
        assert f"`{old}` | `{new}`" in text
    assert "`labels` | `section_labels`" in text


def _readme_blocks(lang: str) -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(rf"```{lang}\n(.*?)```", text, re.S)


def test_readme_cites_the_government_and_shows_duckdb_and_polars() -> None:
    text = re.sub(r"\s+", " ", (ROOT / "README.md").read_text(encoding="utf-8"))
    assert "is the Government of Japan's" in text and "CITATION.cff" in text
    assert any("read_parquet('output/measures/*.parquet')" in b for b in _readme_blocks("sql"))
    assert any("import polars" in b and 'pl.col("edition")' in b for b in _readme_blocks("python"))
    assert "--out crosscheck" in text


def test_readme_pandas_snippet_reads_one_edition_with_integer_types(tmp_path) -> None:
    publish([load_extraction("fy2024"), load_extraction("fy2023-synthetic")], tmp_path / "output")
    snippet = next(b for b in _readme_blocks("python") if "import pandas" in b)
    scope: dict = {}
    cwd = os.getcwd()
    try:
        os.chdir(tmp_path)
        exec(compile(snippet, "README.md", "exec"), scope)  # noqa: S102 - the README's own code
    finally:
        os.chdir(cwd)
    measures = scope["measures"]
    assert set(measures["edition"]) == {"fy2024"} and len(measures) == 104
    assert pd.api.types.is_integer_dtype(measures["key_point"])  # nullable ints stay ints
    assert set(scope["cells_50"]["schedule_id"]) and all(
        50 in nos for nos in scope["cells_50"]["row_measure_nos"]
    )
