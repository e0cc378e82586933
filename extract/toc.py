"""Match table-of-contents entries to the headings they list.

Headings such as "(1) Current situation and issues" repeat under every key point, so entries
are matched in document order: each heading takes the next unused entry with the same text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extract.models import Heading, TocEntry


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _same(entry: str, heading: str) -> bool:
    """Equal after normalisation; a TOC may also prefix an entry ("Attachment: …")."""
    return bool(entry) and (entry == heading or entry.endswith(heading) or heading.endswith(entry))


def match_toc(headings: Sequence[Heading], toc: Sequence[TocEntry]) -> dict[int, int]:
    """Map TOC entry index -> heading index, both in document order."""
    entries = [_norm(e.text) for e in toc]
    matches: dict[int, int] = {}
    start = 0
    for h_idx, heading in enumerate(headings):
        key = _norm(heading.text)
        for e_idx in range(start, len(entries)):
            if _same(entries[e_idx], key):
                matches[e_idx] = h_idx
                start = e_idx + 1
                break
    return matches
