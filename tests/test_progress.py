"""Progress output: bars on a terminal, plain lines elsewhere, nothing with --quiet."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from pipelines.cli import main
from pipelines.progress import BarReporter, QuietReporter, Reporter, make_reporter

SEED = Path(__file__).parent / "fixtures" / "seed" / "roadmap-fy2024-en.md"


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _run_stages(reporter: Reporter) -> None:
    reporter.say("file.pdf:")
    reporter.start("read")
    for done in (0, 5, 10):
        reporter.advance("read", done, 10)
    reporter.finish("read", 1.25)
    reporter.finish("layout", 0.0, cached=True)
    reporter.detail("cache hit: abc")
    reporter.close()


def test_terminal_gets_a_bar_per_stage():
    screen = FakeTerminal()
    reporter = make_reporter(stream=screen)
    assert isinstance(reporter, BarReporter)
    _run_stages(reporter)
    shown = screen.getvalue()
    assert "━" in shown, "no progress bar drawn"
    assert "read" in shown and "10/10" in shown and "1.25 s" in shown
    assert "layout" in shown and "cached" in shown
    assert "file.pdf:" in shown
    assert "cache hit" not in shown  # a detail, shown only with --verbose


def test_pipe_gets_plain_lines_and_verbose_adds_details():
    for verbose in (False, True):
        stream = io.StringIO()
        reporter = make_reporter(verbose=verbose, stream=stream)
        assert type(reporter) is Reporter
        _run_stages(reporter)
        lines = stream.getvalue().splitlines()
        assert lines[:3] == ["file.pdf:", "  read         1.25 s", "  layout     cached"]
        assert ("    cache hit: abc" in lines) == verbose
        assert "\x1b[" not in stream.getvalue(), "escape codes in a pipe"


def test_quiet_reporter_prints_nothing(capsys):
    reporter = make_reporter(quiet=True)
    assert isinstance(reporter, QuietReporter)
    _run_stages(reporter)
    assert capsys.readouterr().out == ""


def test_cli_quiet_prints_nothing_on_stdout(tmp_path, capsys):
    assert main(["extract", str(SEED), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert list((tmp_path / "out" / "measures").glob("*.parquet"))


def test_cli_on_a_terminal_draws_bars(tmp_path, monkeypatch):
    screen = FakeTerminal()
    monkeypatch.setattr(sys, "stdout", screen)
    assert main(["extract", str(SEED), "--out", str(tmp_path / "out")]) == 0
    shown = screen.getvalue()
    assert "━" in shown and "read" in shown and "link" in shown
    assert "measures" in shown  # the summary still follows the bars


def test_quiet_and_verbose_exclude_each_other():
    with pytest.raises(SystemExit):
        main(["extract", str(SEED), "--quiet", "--verbose"])
