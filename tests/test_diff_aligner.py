"""Property tests of the measure aligner on generated editions.

A generated edition is a list of measures with random texts (words drawn from a fixed
vocabulary), places, ministries and "(Re: …)" notes. The next edition is made from it by
random deletions, insertions of new measures, word edits, moves to another subsection, and
renumbering 1..N in the new order, with every "(Re: …)" note renumbered too. The aligner must
recover exactly the renumbering map, the added and removed measures, and which measures were
modified in which fields. Generation is seeded (hypothesis draws the seed and the sizes), so a
failure is reproducible and shrinks to few measures and few edits.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.diff.measures import align_measures

SYLLABLES = ["ka", "ri", "to", "mu", "sen", "lo", "da", "vi", "pe", "gor", "na", "shi", "tu"]
VOCAB = sorted({a + b + c for a in SYLLABLES for b in SYLLABLES for c in ("", "n", "s")})[:600]
MINISTRIES = ["Cabinet Office", "Ministry of Justice", "Digital Agency", "Ministry of Defense"]
PLACES = [(kp, letter, f"Subsection {kp}{letter}") for kp in (1, 2, 3, 4) for letter in "abc"]


@dataclass
class Gen:
    """One generated measure; `ident` follows it from the old edition to the new one."""

    ident: int
    words: list[str]
    place: tuple[int, str, str]
    theme: str
    ministries: list[str]
    refs: list[int] = field(default_factory=list)  # idents of the measures it cites

    def row(self, numbers: dict[int, int], keypoints: dict[int, int]) -> dict:
        refs = [i for i in self.refs if i in numbers]
        raw = (
            "(Re: " + ", ".join(f"{keypoints[i]}-(3) <{numbers[i]}>" for i in refs) + ")"
            if refs
            else None
        )
        return {
            "measure_no": numbers[self.ident],
            "key_point": self.place[0],
            "subsection": self.place[1],
            "subsection_title": self.place[2],
            "theme": self.theme,
            "text": " ".join(self.words),
            "ministries": list(self.ministries),
            "refs_raw": raw,
        }


def _measure(rng: random.Random, ident: int) -> Gen:
    return Gen(
        ident=ident,
        words=[rng.choice(VOCAB) for _ in range(rng.randint(15, 40))],
        place=rng.choice(PLACES),
        theme=f"(Theme {rng.randint(1, 3)})",
        ministries=rng.sample(MINISTRIES, rng.randint(1, 2)),
    )


def _edit(rng: random.Random, words: list[str]) -> list[str]:
    """Change up to 15% of the words (at least one): replace, insert or delete."""
    words = list(words)
    for _ in range(max(1, len(words) * 15 // 100)):
        pos = rng.randrange(len(words))
        op = rng.choice("rid")
        if op == "r":
            words[pos] = rng.choice([w for w in VOCAB if w != words[pos]])
        elif op == "i":
            words.insert(pos, rng.choice(VOCAB))
        elif len(words) > 10:
            del words[pos]
    return words


def _rows(measures: list[Gen]) -> list[dict]:
    numbers = {m.ident: n for n, m in enumerate(measures, 1)}
    keypoints = {m.ident: m.place[0] for m in measures}
    return [m.row(numbers, keypoints) for m in measures]


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    size=st.integers(2, 30),
    deletions=st.integers(0, 5),
    insertions=st.integers(0, 5),
    edits=st.integers(0, 6),
    moves=st.integers(0, 3),
)
def test_aligner_recovers_scripted_changes(seed, size, deletions, insertions, edits, moves):
    rng = random.Random(seed)
    old = [_measure(rng, i) for i in range(size)]
    for m in old:
        m.refs = rng.sample(
            [o.ident for o in old if o is not m], k=min(rng.randint(0, 2), size - 1)
        )

    new = [
        Gen(m.ident, list(m.words), m.place, m.theme, list(m.ministries), list(m.refs)) for m in old
    ]
    removed = set(rng.sample([m.ident for m in new], k=min(deletions, size - 1)))
    new = [m for m in new if m.ident not in removed]
    expected_fields: dict[int, set[str]] = {m.ident: set() for m in new}
    for m in new:
        if any(r in removed for r in m.refs):
            expected_fields[m.ident].add("refs")
    for m in rng.sample(new, k=min(edits, len(new))):
        m.words = _edit(rng, m.words)
        expected_fields[m.ident].add("text")
    for m in rng.sample(new, k=min(moves, len(new))):
        place = rng.choice([p for p in PLACES if p != m.place])
        if place[0] != m.place[0]:
            expected_fields[m.ident].add("key_point")
            for other in new:  # notes citing it now state another key point
                if m.ident in other.refs:
                    expected_fields[other.ident].add("refs")
        m.place = place
        expected_fields[m.ident].add("subsection")
        position = rng.randrange(len(new))
        new.remove(m)
        new.insert(position, m)
    added = []
    for k in range(insertions):
        fresh = _measure(rng, 1000 + k)
        new.insert(rng.randrange(len(new) + 1), fresh)
        added.append(fresh.ident)

    old_rows, new_rows = _rows(old), _rows(new)
    old_no = {m.ident: n for n, m in enumerate(old, 1)}
    new_no = {m.ident: n for n, m in enumerate(new, 1)}
    result = align_measures(old_rows, new_rows)

    assert result.mapping == {old_no[i]: new_no[i] for i in old_no if i in new_no}
    by_change: dict[str, set] = {}
    for match in result.matches:
        by_change.setdefault(match.change, set())
        if match.change == "added":
            by_change["added"].add(match.new["measure_no"])
        elif match.change == "removed":
            by_change["removed"].add(match.old["measure_no"])
        elif match.change == "modified":
            by_change["modified"].add((match.new["measure_no"], tuple(sorted(match.fields))))
    assert by_change.get("added", set()) == {new_no[i] for i in added}
    assert by_change.get("removed", set()) == {old_no[i] for i in removed}
    assert by_change.get("modified", set()) == {
        (new_no[i], tuple(sorted(f))) for i, f in expected_fields.items() if f
    }
