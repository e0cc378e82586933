"""Where a source document comes from: `sources.json` (sha256 -> title, issuer, URL, note).

The official publication cannot be identified from the PDF's bytes alone (re-renderings and
converter output carry no URL), so it is stated once, as data, next to the inputs: the
`sources.json` in the input file's folder or its parent (`raw/sources.json` for `make run`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from extract.errors import InputError

FILE_NAME = "sources.json"


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """What sources.json says about one file."""

    sha256: str
    title: str | None
    issuer: str | None
    decided: str | None
    url: str | None
    note: str | None


@cache
def _load(path: Path) -> dict[str, SourceInfo]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(path, f"unreadable sources file ({exc})") from None
    return {
        sha: SourceInfo(
            sha256=sha,
            title=entry.get("title"),
            issuer=entry.get("issuer"),
            decided=entry.get("decided"),
            url=entry.get("url"),
            note=entry.get("note"),
        )
        for sha, entry in data.get("sources", {}).items()
    }


def sources_files(source: Path) -> list[Path]:
    """The sources.json files that may describe `source`, nearest first."""
    folder = source.resolve().parent
    return [p for p in (folder / FILE_NAME, folder.parent / FILE_NAME) if p.is_file()]


def source_info(sha256: str, source: Path) -> SourceInfo | None:
    """The entry for a file's SHA-256 in the nearest sources.json that lists it, or None."""
    for path in sources_files(source):
        info = _load(path).get(sha256)
        if info is not None:
            return info
    return None
