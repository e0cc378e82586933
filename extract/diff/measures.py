"""Align the measures of two editions as one global one-to-one assignment, renumber-aware.

Every old measure is scored against every new one (`score`), the best global assignment is
found with the Hungarian method (`scipy.optimize.linear_sum_assignment`), and pairs below the
acceptance thresholds are dropped (their measures are removed / added). Texts and "(Re: …)"
notes are compared after replacing each old measure number with its aligned counterpart, which
needs an alignment first; so we iterate: align with numbers masked, renumber, re-score, align
again, until the renumbering map stops changing. The thresholds and why they are what they are
are in docs/diff.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from rapidfuzz.distance import Indel
from scipy.optimize import linear_sum_assignment

from extract.diff.text import key, mask_numbers, renumber, words
from extract.references import parse_refs

Row = Mapping[str, Any]

# Weights of the evidence in a match score (they sum to 1; see docs/diff.md).
WEIGHTS = {
    "text": 0.50,
    "key_point": 0.10,
    "subsection": 0.10,
    "theme": 0.05,
    "ministries": 0.10,
    "refs": 0.05,
    "schedule": 0.10,
}
# A pair is a match only if its texts are this alike (word similarity) ...
MIN_TEXT = 0.40
# ... and its whole score reaches this.
MIN_SCORE = 0.60
# Tie-break between otherwise equal candidates (repeated texts): keep the printed order.
ORDER_WEIGHT = 0.01
MAX_ROUNDS = 6

FIELDS = ("text", "ministries", "refs", "subsection", "theme", "key_point")


@dataclass(frozen=True)
class MeasureMatch:
    """One row of the measure diff: an aligned pair, or a measure on one side only."""

    old: Row | None
    new: Row | None
    change: str
    fields: tuple[str, ...] = ()
    similarity: float | None = None


@dataclass
class Alignment:
    """Result of `align_measures`: old number -> new number, and one match per measure."""

    mapping: dict[int, int]
    matches: list[MeasureMatch] = field(default_factory=list)
    rounds: int = 0

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for m in self.matches:
            out[m.change] = out.get(m.change, 0) + 1
        return out


def align_measures(
    old: Sequence[Row],
    new: Sequence[Row],
    old_schedules: Mapping[int, Sequence[str]] | None = None,
    new_schedules: Mapping[int, Sequence[str]] | None = None,
) -> Alignment:
    """Align two lists of measure rows (columns as in the `measures` table).

    `*_schedules` give, per measure number, the titles of the work-schedule tables that
    list it (membership evidence); omit them when there are none.
    """
    old_schedules = old_schedules or {}
    new_schedules = new_schedules or {}
    mapping: dict[int, int] | None = None
    pairs: list[tuple[int, int, float]] = []
    rounds = 0
    while rounds < MAX_ROUNDS:
        rounds += 1
        matrix, text = score_matrix(old, new, mapping, old_schedules, new_schedules)
        pairs = _assign(matrix, text)
        found = {int(old[i]["measure_no"]): int(new[j]["measure_no"]) for i, j, _ in pairs}
        if found == mapping:
            break
        mapping = found
    mapping = mapping or {}
    return Alignment(mapping, _matches(old, new, pairs, mapping), rounds)


@dataclass(frozen=True)
class _Side:
    """What one measure contributes to scoring, computed once per round (not per pair)."""

    words: tuple[str, ...]
    key_point: int | None
    subsection: str
    theme: str
    ministries: frozenset[str]
    refs: frozenset[tuple]
    ref_key_points: frozenset
    schedules: tuple[tuple[str, ...], ...]


def _side(row: Row, mapping, schedules: Sequence[str], old_side: bool) -> _Side:
    refs = ref_targets(row.get("refs_raw"), mapping if old_side else None)
    return _Side(
        words=tuple(words(_comparable(row.get("text"), mapping, old_side))),
        key_point=_int(row.get("key_point")),
        subsection=_subsection(row),
        theme=key(row.get("theme")),
        ministries=frozenset(_list(row.get("ministries"))),
        refs=refs,
        ref_key_points=frozenset(kp for kp, _ in refs),
        schedules=tuple(tuple(words(_comparable(t, mapping, old_side))) for t in schedules),
    )


def score_matrix(
    old: Sequence[Row],
    new: Sequence[Row],
    mapping: Mapping[int, int] | None,
    old_schedules: Mapping[int, Sequence[str]],
    new_schedules: Mapping[int, Sequence[str]],
) -> tuple[np.ndarray, np.ndarray]:
    """Match scores and text similarities of every (old, new) pair."""
    a = [_side(o, mapping, old_schedules.get(int(o["measure_no"]), ()), True) for o in old]
    b = [_side(n, mapping, new_schedules.get(int(n["measure_no"]), ()), False) for n in new]
    scores = np.zeros((len(a), len(b)))
    texts = np.zeros((len(a), len(b)))
    for i, o in enumerate(a):
        for j, n in enumerate(b):
            texts[i, j] = _word_similarity(o.words, n.words)
            evidence = {
                "text": texts[i, j],
                "key_point": float(o.key_point == n.key_point),
                "subsection": float(o.subsection == n.subsection),
                "theme": float(o.theme == n.theme),
                "ministries": _jaccard(o.ministries, n.ministries),
                "refs": _jaccard(o.refs, n.refs)
                if mapping is not None
                else _jaccard(o.ref_key_points, n.ref_key_points),
                "schedule": _schedule_similarity(o.schedules, n.schedules),
            }
            order = 1.0 - abs(i / max(len(a), 1) - j / max(len(b), 1))
            scores[i, j] = sum(WEIGHTS[k] * v for k, v in evidence.items()) + ORDER_WEIGHT * order
    return scores, texts


def _word_similarity(a: Sequence[str], b: Sequence[str]) -> float:
    if not a and not b:
        return 1.0
    return float(Indel.normalized_similarity(a, b))


def _assign(scores: np.ndarray, texts: np.ndarray) -> list[tuple[int, int, float]]:
    """Best global one-to-one assignment; pairs below the thresholds are not matches."""
    if scores.size == 0:
        return []
    eligible = (texts >= MIN_TEXT) & (scores >= MIN_SCORE)
    rows, cols = linear_sum_assignment(np.where(eligible, scores, 0.0), maximize=True)
    return [
        (int(i), int(j), float(min(scores[i, j], 1.0)))
        for i, j in zip(rows, cols, strict=True)
        if eligible[i, j]
    ]


def _comparable(text: str | None, mapping: Mapping[int, int] | None, old_side: bool) -> str:
    """Text ready for scoring: tags masked before any alignment, renumbered afterwards."""
    if mapping is None:
        return mask_numbers(text)
    if old_side:
        return renumber(text, mapping)
    return text or ""


def _matches(
    old: Sequence[Row], new: Sequence[Row], pairs: list[tuple[int, int, float]], mapping
) -> list[MeasureMatch]:
    matched_old = {i for i, _, _ in pairs}
    matched_new = {j for _, j, _ in pairs}
    out = []
    for i, j, score in pairs:
        fields = changed_fields(old[i], new[j], mapping)
        if fields:
            change = "modified"
        elif old[i]["measure_no"] != new[j]["measure_no"]:
            change = "renumbered"
        else:
            change = "unchanged"
        out.append(MeasureMatch(old[i], new[j], change, fields, round(score, 4)))
    out += [MeasureMatch(o, None, "removed") for i, o in enumerate(old) if i not in matched_old]
    out += [MeasureMatch(None, n, "added") for j, n in enumerate(new) if j not in matched_new]
    return sorted(out, key=lambda m: _order(m, mapping))


def _order(match: MeasureMatch, mapping: Mapping[int, int]) -> tuple[float, int]:
    """Rows in the new edition's order; a removed measure right after its old predecessor."""
    if match.new is not None:
        return float(match.new["measure_no"]), int(match.old["measure_no"]) if match.old else 0
    old_no = int(match.old["measure_no"])
    before = [mapping[k] for k in mapping if k < old_no]
    return (max(before) if before else 0) + 0.5, old_no


def changed_fields(o: Row, n: Row, mapping: Mapping[int, int]) -> tuple[str, ...]:
    """Which of FIELDS differ in meaning between an aligned pair (numbers renumbered)."""
    differs = {
        "text": key(renumber(o.get("text"), mapping)) != key(n.get("text")),
        "ministries": set(_list(o.get("ministries"))) != set(_list(n.get("ministries"))),
        "refs": ref_targets(o.get("refs_raw"), mapping) != ref_targets(n.get("refs_raw"), None),
        "subsection": _subsection(o) != _subsection(n),
        "theme": key(o.get("theme")) != key(n.get("theme")),
        "key_point": _int(o.get("key_point")) != _int(n.get("key_point")),
    }
    return tuple(f for f in FIELDS if differs[f])


def ref_targets(raw: str | None, mapping: Mapping[int, int] | None) -> frozenset[tuple]:
    """The targets of a "(Re: …)" note as (key point, measure number), old numbers mapped."""
    if not _present(raw):
        return frozenset()
    out = set()
    for target in parse_refs(str(raw)).targets:
        number: Any = target.measure_no
        if mapping is not None:
            number = mapping.get(number, f"old {number}")
        out.add((target.key_point, number))
    return frozenset(out)


def _schedule_similarity(
    old_titles: Sequence[Sequence[str]], new_titles: Sequence[Sequence[str]]
) -> float:
    """How alike the work-schedule tables listing the two measures are (1 if neither has)."""
    if not old_titles and not new_titles:
        return 1.0
    if not old_titles or not new_titles:
        return 0.0
    return max(_word_similarity(x, y) for x in old_titles for y in new_titles)


def _subsection(row: Row) -> str:
    """A subsection is known by its title (letters shift when one is inserted before it)."""
    title = row.get("subsection_title")
    return key(title) if _present(title) else key(row.get("subsection"))


def _jaccard(a: set, b: set) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _list(value: Any) -> list:
    if value is None or (isinstance(value, float) and value != value):
        return []
    return [v for v in list(value) if v is not None]


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and value != value) and value != ""


def _int(value: Any) -> int | None:
    return int(value) if _present(value) else None
