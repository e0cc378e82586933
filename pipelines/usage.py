"""Checks shared by the reading commands (sql, tables, show, plot): bad arguments become one
`UsageError` line on stderr (see `pipelines.cli.main`), never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

from roadmap_extract import load, table_names


class UsageError(Exception):
    """A bad argument or a missing output folder, reported as one line."""


def check_output(out: Path) -> list[str]:
    """Table names of an output folder; a folder without tables is a usage error."""
    try:
        names = table_names(out)
    except FileNotFoundError:
        raise UsageError(f"no output folder {out} (run `roadmap extract` first)") from None
    if "documents" not in names:
        raise UsageError(f"{out} holds no extracted edition (run `roadmap extract` first)")
    return names


def pick_edition(out: Path, edition: str | None) -> str:
    """The asked edition if it was extracted, else the latest extracted one.

    "Latest" prefers sources with pages (PDF) and then the latest decision or revision date.
    """
    check_output(out)
    docs = load("documents", out=out)
    known = sorted(docs["edition"])
    if edition is not None:
        if edition not in known:
            raise UsageError(f"unknown edition {edition!r} in {out} (known: {', '.join(known)})")
        return edition

    def recency(row: dict) -> tuple[bool, str, str]:
        dates = [str(d) for d in [row["decided"], *list(row["revisions"])] if d is not None]
        return (row["source_format"] == "pdf", max(dates, default=""), row["edition"])

    return max(docs.to_dict("records"), key=recency)["edition"]


def check_writable(path: Path, suffixes: tuple[str, ...]) -> Path:
    """An output image path: a known suffix and a folder that exists and can be written."""
    if path.suffix.lower() not in suffixes:
        raise UsageError(f"{path}: the file name must end in {' or '.join(suffixes)}")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"{path}: folder {folder} does not exist")
    if path.is_dir() or not os.access(folder, os.W_OK):
        raise UsageError(f"{path}: cannot write there")
    if path.exists() and not os.access(path, os.W_OK):
        raise UsageError(f"{path}: file is not writable")
    return path
