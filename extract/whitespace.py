"""Whitespace and quote normalisation shared by every stage that compares or cleans text.

PDF line breaks, double spaces and converter spacing are layout, not content: every reader and
checker collapses them the same way here, so a text compared in one place is the text another
place wrote. Quote styles (curly or straight) are typography too, for comparisons only.
"""

from __future__ import annotations

import re

_SPACE = re.compile(r"\s+")
QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'", "`": "'"})


def squash(text: str) -> str:
    """Runs of whitespace (line breaks, tabs, double spaces) as one space; ends trimmed."""
    return _SPACE.sub(" ", text).strip()


def unify_quotes(text: str) -> str:
    """Curly and low quotes (and the backtick) as the straight ASCII quotes."""
    return text.translate(QUOTES)


def comparable(text: str | None) -> str:
    """Text as compared across readers and against gold: straight quotes, single spaces."""
    return squash(unify_quotes(text or ""))
