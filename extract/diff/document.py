"""Diff the text outside the measures: cover, headings, paragraphs and footnotes.

Each kind is a sequence in reading order. Identical items (equal keys: format-blind, numbers
of measures renumbered) are matched in order (longest common subsequence); in between, items
are paired by word similarity with one global assignment, and a pair at least
`MIN_SIMILARITY` alike is the same item reworded (`*_text`); the rest are `*_added` /
`*_removed`. Footnotes are matched by text, not by number, so an inserted footnote does not
turn every later one into a change.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from extract.diff.text import key, renumber, similarity
from extract.measure_tags import split_tag

Row = Mapping[str, Any]
# Reworded or new? Below this word similarity two items are one removed and one added.
MIN_SIMILARITY = 0.7


@dataclass(frozen=True)
class Item:
    text: str
    page: int | None


@dataclass(frozen=True)
class DocumentChange:
    change: str
    old_text: str | None
    new_text: str | None
    old_page: int | None
    new_page: int | None


def diff_document(
    old: Mapping[str, Sequence[Row]], new: Mapping[str, Sequence[Row]], mapping: Mapping[int, int]
) -> list[DocumentChange]:
    """Changes of cover, headings, paragraphs outside measures and footnotes, in that order.

    `old`/`new` hold the rows of the tables documents, headings, paragraphs, footnotes and
    measures of each edition.
    """
    out = diff_cover(_first(old.get("documents")), _first(new.get("documents")))
    kinds = {
        "heading": (headings(old), headings(new)),
        "paragraph": (loose_paragraphs(old), loose_paragraphs(new)),
        "footnote": (footnotes(old), footnotes(new)),
    }
    for kind, (a, b) in kinds.items():
        out += diff_sequence(kind, a, b, mapping)
    return out


def headings(tables: Mapping[str, Sequence[Row]]) -> list[Item]:
    return [Item(h["text"], _int(h.get("page"))) for h in tables.get("headings", ())]


def footnotes(tables: Mapping[str, Sequence[Row]]) -> list[Item]:
    rows = sorted(tables.get("footnotes", ()), key=lambda f: f["footnote_no"])
    return [Item(f["text"], _int(f.get("page"))) for f in rows]


def loose_paragraphs(tables: Mapping[str, Sequence[Row]]) -> list[Item]:
    """Body paragraphs that are not part of a measure (those are diffed as measures).

    A paragraph belongs to a measure when it ends with the measure's tag, or when its text is
    part of a measure's text (an earlier paragraph of a multi-paragraph measure).
    """
    measure_keys = [key(m["text"]) for m in tables.get("measures", ())]
    rows = sorted(tables.get("paragraphs", ()), key=lambda p: p["paragraph_no"])
    out = []
    for p in rows:
        text = p["text"]
        k = key(text)
        if split_tag(text) is not None or (k and any(k in m for m in measure_keys)):
            continue
        out.append(Item(text, _int(p.get("page_start"))))
    return out


def diff_sequence(
    kind: str, old: Sequence[Item], new: Sequence[Item], mapping: Mapping[int, int]
) -> list[DocumentChange]:
    """Added, removed and reworded items of one kind between two sequences."""
    a = [key(renumber(i.text, mapping)) for i in old]
    b = [key(i.text) for i in new]
    out: list[DocumentChange] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            out += _replace(kind, old[i1:i2], new[j1:j2], mapping)
    return out


def _replace(kind: str, old: Sequence[Item], new: Sequence[Item], mapping) -> list[DocumentChange]:
    pairs: list[tuple[int, int]] = []
    if old and new:
        score = np.array(
            [[similarity(renumber(o.text, mapping), n.text) for n in new] for o in old]
        )
        rows, cols = linear_sum_assignment(score, maximize=True)
        pairs = [
            (int(r), int(c))
            for r, c in zip(rows, cols, strict=True)
            if score[r, c] >= MIN_SIMILARITY
        ]
    paired_old = {i for i, _ in pairs}
    paired_new = {j for _, j in pairs}
    events: list[tuple[float, DocumentChange]] = []
    for i, j in pairs:
        o, n = old[i], new[j]
        events.append((j, DocumentChange(f"{kind}_text", o.text, n.text, o.page, n.page)))
    for i, o in enumerate(old):
        if i not in paired_old:
            events.append((i - 0.5, DocumentChange(f"{kind}_removed", o.text, None, o.page, None)))
    for j, n in enumerate(new):
        if j not in paired_new:
            events.append((j, DocumentChange(f"{kind}_added", None, n.text, None, n.page)))
    return [e for _, e in sorted(events, key=lambda e: e[0])]


def diff_cover(old: Row | None, new: Row | None) -> list[DocumentChange]:
    """One `cover` change when title, decision date, revision lines or issuer differ."""
    if old is None or new is None:
        return []
    if _cover_key(old) == _cover_key(new):
        return []
    return [DocumentChange("cover", cover_text(old), cover_text(new), 1, 1)]


def cover_text(row: Row) -> str:
    revisions = ", ".join(str(d) for d in _list(row.get("revisions"))) or "none"
    return (
        f"{row.get('title')}; decided {row.get('decided')}; revisions: {revisions}; "
        f"issuer: {row.get('issuer')}"
    )


def _cover_key(row: Row) -> tuple:
    return (
        key(row.get("title")),
        str(row.get("decided")),
        tuple(str(d) for d in _list(row.get("revisions"))),
        key(row.get("issuer")),
    )


def _first(rows: Iterable[Row] | None) -> Row | None:
    return next(iter(rows or ()), None)


def _list(value: Any) -> list:
    if value is None or (isinstance(value, float) and value != value):
        return []
    return list(value)


def _int(value: Any) -> int | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    return int(value)
