"""Arguments are checked before any work: one line naming the argument, exit 3, nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import pipelines.extract_cmd
from pipelines.args import EDITION_PATTERN, check_edition, is_valid_edition
from pipelines.cli import main
from tests.conftest import fixture_pdf
from tests.test_bad_input import snapshot

BAD_EDITIONS = ["../x", "a/b", "", "FY2024", ".hidden", "x" * 65, "fy 2024", "fy2024\n"]


@pytest.fixture(autouse=True)
def no_extraction(monkeypatch):
    """Every case here must be refused before extraction starts."""

    def refuse(*_args, **_kwargs):
        raise AssertionError("extraction started although an argument was bad")

    monkeypatch.setattr(pipelines.extract_cmd, "extract_file", refuse)


def one_line_exit_3(capsys, argv: list[str], *expected: str) -> str:
    assert main(argv) == 3
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert len(err.splitlines()) == 1, err
    assert "Traceback" not in err
    for text in expected:
        assert text in err, err
    assert captured.out == ""
    return err


@pytest.mark.parametrize("edition", BAD_EDITIONS)
def test_bad_edition_ids_are_refused(edition, tmp_path, capsys):
    out = tmp_path / "out"
    argv = ["extract", str(fixture_pdf("fy2024")), "--edition", edition, "--out", str(out)]
    one_line_exit_3(capsys, argv, "--edition", EDITION_PATTERN)
    assert not (tmp_path / "x.parquet").exists() and not out.exists()


def test_good_edition_ids_pass():
    for edition in ("fy2024", "fy2024-md", "2025.draft_1", "a"):
        assert check_edition(edition) is None  # returns quietly, raises on a bad one
        assert is_valid_edition(edition)
    assert not any(is_valid_edition(e) for e in BAD_EDITIONS)


def test_out_that_is_a_file(tmp_path, capsys):
    target = tmp_path / "output.txt"
    target.write_text("not a folder")
    argv = ["extract", str(fixture_pdf("fy2024")), "--out", str(target)]
    one_line_exit_3(capsys, argv, "--out", "not a folder")
    assert target.read_text() == "not a folder"


def test_out_that_cannot_be_created(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    argv = ["extract", str(fixture_pdf("fy2024")), "--out", str(blocker / "out")]
    one_line_exit_3(capsys, argv, "--out", "cannot write")


def test_the_same_path_twice(tmp_path, capsys):
    pdf = fixture_pdf("fy2024")
    twice = pdf.parent / ".." / pdf.parent.name / pdf.name
    argv = ["extract", str(pdf), str(twice), "--out", str(tmp_path / "out")]
    one_line_exit_3(capsys, argv, str(twice), "given twice")


def test_the_same_bytes_under_two_names(tmp_path, capsys):
    copy = tmp_path / "copy.pdf"
    shutil.copy(fixture_pdf("fy2024"), copy)
    argv = ["extract", str(fixture_pdf("fy2024")), str(copy), "--out", str(tmp_path / "out")]
    one_line_exit_3(capsys, argv, str(copy), "same content", "roadmap-fy2024-en.pdf")


def test_edition_with_two_inputs(tmp_path, capsys):
    argv = ["extract", str(fixture_pdf("fy2024")), str(fixture_pdf("fy2024-b"))]
    one_line_exit_3(capsys, [*argv, "--edition", "fy2024", "--out", str(tmp_path)], "--edition")


@pytest.mark.parametrize(
    ("argv", "expected"), [(["extract"], "required"), (["extract", "x.pdf", "--bogus"], "--bogus")]
)
def test_usage_errors_exit_3(argv, expected, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 3
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and expected in err, err


@pytest.mark.parametrize("command", [["validate"], ["crosscheck", "fy2024"]])
def test_edition_arguments_of_other_commands(command, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    before = snapshot(out)
    one_line_exit_3(capsys, [*command, "../x", "--out", str(out)], "../x")
    assert snapshot(out) == before


def test_refused_arguments_leave_existing_output_alone(tmp_path, capsys):
    out = tmp_path / "out"
    (out / "measures").mkdir(parents=True)
    (out / "measures" / "fy2023.parquet").write_bytes(b"earlier")
    before = snapshot(out)
    argv = ["extract", str(fixture_pdf("fy2024")), "--edition", "a/b", "--out", str(out)]
    one_line_exit_3(capsys, argv)
    assert snapshot(out) == before
    assert Path(out / "measures" / "fy2023.parquet").read_bytes() == b"earlier"
