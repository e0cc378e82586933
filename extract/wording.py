"""The document's fixed wording, loaded once from `schemas/wording.json`.

Both readers (the PDF route and `extract.markdown`) recognise the attachment heading, key
points, revision lines, cross-references and the work-schedule form's labels through these
patterns, so the two routes cannot drift apart and a layout with other wording is a data change.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.resources import files

WORDING_FILE = files("schemas") / "wording.json"


@cache
def patterns() -> dict[str, re.Pattern[str]]:
    """Every wording pattern by name, compiled case-insensitively."""
    data = json.loads(WORDING_FILE.read_text(encoding="utf-8"))
    return {k: re.compile(v, re.IGNORECASE) for k, v in data["patterns"].items()}


def pattern(kind: str) -> re.Pattern[str]:
    return patterns()[kind]


def matches(kind: str, text: str) -> re.Match[str] | None:
    """The pattern of `kind` found in `text` (surrounding whitespace ignored)."""
    return pattern(kind).search(text.strip())


def is_label(kind: str, text: str) -> bool:
    """The whole text (a label cell's) is the form label of `kind`, e.g. '5-year goal:'."""
    text = text.strip()
    m = pattern(kind).search(text)
    return m is not None and not text[m.end() :].strip(" :：.")
