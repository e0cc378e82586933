"""Damaged and odd inputs through the real CLI: repair, structure-damage warnings, stream routing,
validation before publishing, Ctrl-C while publishing.  All on small PDFs derived from the
fixtures (`pipelines.fuzz.mini_roadmap`) so that each extraction takes a second or two."""

from __future__ import annotations

import io
import os
import signal
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from pipelines import journal
from pipelines.cli import main
from pipelines.fuzz import mini_roadmap
from tests.conftest import FIXTURES, fixture_pdf, load_gold
from tests.test_bad_input import minimal_pdf, snapshot

DAMAGED = FIXTURES / "bad" / "damaged-xref.pdf"


@cache
def mini_bytes() -> bytes:
    return mini_roadmap(fixture_pdf("fy2024-b").read_bytes())


def with_foreign_page(data: bytes) -> bytes:
    """`data` with the page of an unrelated one-page PDF appended."""
    import pypdfium2 as pdfium

    doc, other = pdfium.PdfDocument(data), pdfium.PdfDocument(minimal_pdf("Invoice 42"))
    doc.import_pages(other)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def run_cli(capsys, *argv: str) -> tuple[int, str, list[str]]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, [ln for ln in captured.err.splitlines() if ln.strip()]


def test_damaged_xref_is_repaired_and_says_so(tmp_path, capsys):
    out = tmp_path / "out"
    code, stdout, err = run_cli(capsys, "extract", str(DAMAGED), "--out", str(out))
    assert code == 0
    warning = [ln for ln in err if "repaired" in ln]
    assert len(warning) == 1 and "damaged-xref.pdf" in warning[0], err
    docs = pd.read_parquet(out / "documents")
    assert docs["repaired"].tolist() == [True]
    assert "pdfium" in docs["repair_note"].iloc[0]
    assert docs["source_file"].iloc[0] == "damaged-xref.pdf"
    assert len(pd.read_parquet(out / "pages")) == 12
    # the first ten pages of the FY2024 fixture: exactly the gold's measures that end there
    gold = [m["no"] for m in load_gold("fy2024")["measures"] if m["page_end"] <= 10]
    assert sorted(pd.read_parquet(out / "measures")["measure_no"]) == gold


def test_strict_validation_failure_publishes_nothing(tmp_path, capsys):
    """The damaged fixture holds only a few pages: its validation fails (measures without a
    schedule), so with --strict nothing may be published and stderr has one line."""
    out = tmp_path / "out"
    (out / "measures").mkdir(parents=True)
    (out / "measures" / "fy2024.parquet").write_bytes(b"yesterday's good output")
    before = snapshot(out)
    code, stdout, err = run_cli(capsys, "extract", str(DAMAGED), "--out", str(out), "--strict")
    assert code == 1
    # the repair warning, then the one line of the refusal
    refusal = [ln for ln in err if "repaired" not in ln]
    assert len(refusal) == 1 and "validation failed" in refusal[0] and "fy2024" in refusal[0]
    assert "FAILED" in stdout
    assert snapshot(out) == before
    assert not list(out.glob(".staging-*"))


def test_foreign_page_gives_warnings_on_stderr(tmp_path, capsys):
    pdf = tmp_path / "roadmap-plus-invoice.pdf"
    pdf.write_bytes(with_foreign_page(mini_bytes()))
    out = tmp_path / "out"
    code, stdout, err = run_cli(capsys, "extract", str(pdf), "--out", str(out))
    assert code == 0
    assert any("attachment_page_without_table" in ln for ln in err), err
    assert all(ln.startswith("roadmap: ") for ln in err)
    assert "attachment_page_without_table" not in stdout  # stdout keeps the summary only
    assert "Validation of fy2024" in stdout
    report = (out / "validation" / "fy2024.json").read_text()
    assert "attachment_page_without_table" in report


def test_duplicated_and_shuffled_pages_are_flagged(tmp_path, capsys):
    from pipelines.fuzz import _rebuild, page_sizes

    data = mini_bytes()
    n = len(page_sizes(data))
    body = [i for i in range(n - 2)]
    order = body[:6] + [7, 6] + body[8:] + [5] + [n - 2, n - 1]  # swap two pages, repeat one
    pdf = tmp_path / "shuffled.pdf"
    pdf.write_bytes(_rebuild(data, order))
    code, _, err = run_cli(capsys, "extract", str(pdf), "--out", str(tmp_path / "out"))
    assert code == 0
    codes = " ".join(err)
    assert "page_label_repeat" in codes, err


def test_failed_input_prints_nothing_on_stdout(tmp_path, capsys):
    code, stdout, err = run_cli(
        capsys, "extract", str(FIXTURES / "bad" / "truncated.pdf"), "--out", str(tmp_path)
    )
    assert code == 2
    assert stdout == ""
    assert len(err) == 1 and "truncated.pdf" in err[0]


def test_truncated_markdown_reports_errors_on_stderr(tmp_path, capsys):
    text = (FIXTURES / "seed" / "roadmap-fy2024-en.md").read_text(encoding="utf-8")
    md = tmp_path / "half.md"
    md.write_text(text[: len(text) // 2], encoding="utf-8")
    code, stdout, err = run_cli(capsys, "extract", str(md), "--out", str(tmp_path / "out"))
    assert code == 0
    assert any(": error " in ln for ln in err), err
    assert "FAILED" in stdout


def test_ctrl_c_while_publishing_finishes_and_says_so(tmp_path, capsys, monkeypatch):
    real_apply = journal._apply

    def apply_with_ctrl_c(out_dir, plan):
        os.kill(os.getpid(), signal.SIGINT)
        real_apply(out_dir, plan)

    monkeypatch.setattr(journal, "_apply", apply_with_ctrl_c)
    pdf = tmp_path / "mini.pdf"
    pdf.write_bytes(mini_bytes())
    out = tmp_path / "out"
    code, _, err = run_cli(capsys, "extract", str(pdf), "--out", str(out))
    assert code == 130
    assert len(err) >= 1 and "after publishing" in err[-1] and "complete" in err[-1]
    assert "nothing" not in err[-1]
    assert (out / "measures" / "fy2024.parquet").exists()
    assert (out / "validation" / "fy2024.json").exists()


@pytest.mark.parametrize("name", ["fy2024", "fy2024-b", "fy2023-synthetic", "fy2022-synthetic"])
def test_clean_fixtures_raise_no_structure_warning(name):
    from extract.validation import validate
    from tests.test_end_to_end import extraction

    ex = extraction(name)
    report = validate({t: pd.DataFrame(r) for t, r in ex.rows.items()}, ex.edition)
    damage = {"page_label_repeat", "page_label_skip", "attachment_page_without_table"}
    assert not damage & report.codes(), report.summary()
    assert "measure_out_of_order" not in report.codes()


def test_exit_codes_are_documented():
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    for code in ("0", "1", "2", "3", "130"):
        assert f"| {code} |" in section


def test_a_repeated_measure_is_bad_input_naming_the_file(tmp_path):
    """A page printed twice repeats its measures: the run stops with the file named, not with
    an anonymous schema error, and nothing is published."""
    import dataclasses

    from extract.errors import InputError
    from pipelines.writer import publish
    from tests.test_end_to_end import extraction

    ex = extraction("fy2024")
    rows = dict(ex.rows)
    rows["measures"] = [*rows["measures"], rows["measures"][3]]
    with pytest.raises(InputError) as info:
        publish([dataclasses.replace(ex, rows=rows)], tmp_path / "out")
    assert ex.source.name in str(info.value) and "duplicated" in str(info.value)
    assert not list((tmp_path / "out").rglob("*.parquet"))


def test_ctrl_c_during_extraction_is_one_line_and_leaves_no_trace(tmp_path):
    """A real process, interrupted once it has checked its arguments (the output folder
    appears): exit 130, one line, no traceback, and the folder it created is gone again."""
    import subprocess
    import sys
    import time

    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", "extract", str(DAMAGED), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parents[1],
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 120
    while not out.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and "nothing published" in err
    assert not out.exists()


def _without_page_object(data: bytes, index: int) -> bytes:
    """`data` with the `index`-th page dictionary cut out (every later offset shifts)."""
    import re

    pages = re.finditer(rb"\d+ 0 obj\s*<<(?:(?!endobj).)*?/Type\s*/Page\s*>>\s*endobj", data, re.S)
    start, end = list(pages)[index].span()
    return data[:start] + data[end:]


def test_a_page_pdfium_cannot_load_falls_back_to_the_reference_reader(tmp_path, capsys):
    """Found by `make fuzz` (a cut-out page object): pdfium raised a traceback. Now pdfium's
    failure is a one-line problem, pdfplumber reads the rest, and the note says so."""
    from extract import pdfium_reader
    from extract.errors import InputError

    pdf = tmp_path / "broken-page.pdf"
    pdf.write_bytes(_without_page_object(mini_bytes(), 1))
    with pytest.raises(InputError, match=r"page 2: pdfium: Failed to load page"):
        pdfium_reader.read_pages(str(pdf), range(12))
    out = tmp_path / "out"
    code, _, err = run_cli(capsys, "extract", str(pdf), "--out", str(out))
    assert code == 0, err
    warning = [ln for ln in err if "read with the pdfplumber reader instead (11 pages)" in ln]
    assert len(warning) == 1 and "broken-page.pdf" in warning[0], err
    assert len(pd.read_parquet(out / "pages")) == 11
    assert pd.read_parquet(out / "documents")["repaired"].tolist() == [True]
