"""The command line as a new user meets it: help, version, editions, unknown editions."""

from __future__ import annotations

import argparse
from importlib.metadata import version

import pytest

from extract.validation import validate
from pipelines.cli import _parser, main
from pipelines.writer import publish
from tests.conftest import load_extraction, load_markdown_extraction

COMMANDS = ["extract", "validate", "crosscheck", "editions"]


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _help(argv: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", COMMANDS)
def test_every_argument_has_help_and_every_command_an_example(command: str, capsys) -> None:
    sub = _subparsers()[command]
    for action in sub._actions:
        assert action.help and action.help.strip(), (command, action.dest)
    text = _help([command, "--help"], capsys)
    assert "examples:" in text and f"roadmap {command}" in text.split("examples:")[1]
    assert "(default: output)" in text  # --out's default is shown


def test_extract_help_says_markdown_is_accepted(capsys) -> None:
    text = _help(["extract", "--help"], capsys)
    assert "Markdown" in text and ".md" in text
    assert "(default: None)" not in text and "(default: False)" not in text


def test_version_comes_from_the_package_metadata(capsys) -> None:
    assert _help(["--version"], capsys).strip() == f"roadmap {version('roadmap-extract')}"


@pytest.fixture(scope="module")
def two_editions(tmp_path_factory):
    out = tmp_path_factory.mktemp("editions")
    publish([load_extraction("fy2024"), load_markdown_extraction()], out)
    return out


def test_editions_lists_editions_with_their_sources(two_editions, capsys) -> None:
    assert main(["editions", "--out", str(two_editions)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["edition", "format", "tables"]
    rows = {line.split()[0]: line for line in lines[1:]}
    assert set(rows) == {"fy2024", "fy2024-md"}
    assert "pdf" in rows["fy2024"] and "re-rendering of the published text" in rows["fy2024"]
    assert "markdown" in rows["fy2024-md"] and "roadmap-fy2024-en.md" in rows["fy2024-md"]
    assert "https://www.moj.go.jp/isa/" in rows["fy2024"]


def test_editions_on_an_empty_folder_fails(tmp_path, capsys) -> None:
    assert main(["editions", "--out", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "no editions found" in captured.err


@pytest.mark.parametrize("argv", [["validate", "fy2023"], ["crosscheck", "fy2023", "fy2024"]])
def test_unknown_edition_is_answered_with_the_editions_present(two_editions, argv, capsys):
    assert main([*argv, "--out", str(two_editions)]) == 2
    err = capsys.readouterr().err
    assert "'fy2023'" in err and "editions present: fy2024, fy2024-md" in err


def test_typo_warning_says_it_is_the_source(two_editions) -> None:
    import pandas as pd

    tables = {name: pd.DataFrame(rows) for name, rows in load_extraction("fy2024").rows.items()}
    findings = [f for f in validate(tables, "fy2024").findings if f.code == "xref_malformed_fixed"]
    assert findings and findings[0].message.startswith("source typo, resolved: ")
    assert "(Re: " in findings[0].message
