"""Link stage: resolve "(Re: …)" notes and group measures that belong together.

The roadmap repeats one initiative under several key points and ties the copies with
"(Re: …)" notes; work-schedule tables bundle further measures.  Counting measures or
ministries without these links double-counts, so this stage turns them into data:

* every target of every note becomes a `CrossRef`, resolved against the edition's measures,
  with problems flagged (never dropped);
* linked groups are the connected components (size >= 2) of the resolved links together
  with co-membership of a work-schedule table; a group is named after its smallest member so
  the name is stable across re-runs.

Which measures link to which comes only from the inputs; nothing here is edition-specific.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import combinations

from extract.models import Measure
from extract.references import parse_refs
from schemas.base import declared_row
from schemas.links import CROSS_REFERENCES, GROUP_SUMMARY, MEASURE_GROUPS

# Most serious first: the `issue` column carries the first that applies.
ISSUE_PRIORITY = (
    "unparsed",
    "missing_target",
    "key_point_mismatch",
    "not_reciprocal",
    "malformed_fixed",
)


@dataclass(frozen=True, slots=True)
class CrossRef:
    """One target of one note; `issues` lists every problem, `issue` the most serious."""

    source_no: int
    target_no: int | None
    target_key_point: int | None
    raw: str
    resolved: bool
    issues: tuple[str, ...]
    page: int | None
    target_index: int = 0  # position of the target in the note

    @property
    def issue(self) -> str | None:
        return self.issues[0] if self.issues else None


@dataclass(frozen=True, slots=True)
class Group:
    """A linked group of measures with what ties each member to the others."""

    group_id: str
    members: tuple[int, ...]
    via: tuple[tuple[int, tuple[str, ...]], ...]  # (measure_no, ("re", "schedule"))
    re_links: int
    schedule_ids: tuple[str, ...]
    key_points: tuple[int, ...]
    ministries: tuple[str, ...]
    mean_similarity: float | None
    re_similarity: float | None  # mean over the "(Re: …)"-linked pairs only


@dataclass(frozen=True, slots=True)
class LinkResult:
    references: tuple[CrossRef, ...]
    re_groups: tuple[tuple[int, ...], ...]  # components of the resolved "(Re: …)" links only
    groups: tuple[Group, ...]  # components of links and shared schedules


# --------------------------------------------------------------------------- references


def _has_note(measure: Measure) -> bool:
    return isinstance(measure.refs_raw, str) and bool(measure.refs_raw.strip())


def _targets_of(measure: Measure) -> list[tuple[int | None, int | None, bool]]:
    """(target_no, stated key point, repaired) for each target; one unreadable row if none."""
    parsed = parse_refs(measure.refs_raw)
    rows = [(t.measure_no, t.key_point, t.repaired) for t in parsed.targets]
    return rows or [(None, None, True)]


def resolve_references(measures: Sequence[Measure]) -> tuple[CrossRef, ...]:
    """Resolve every note's targets against `measures` and flag what does not hold."""
    by_no = {}
    for m in measures:
        by_no.setdefault(m.measure_no, m)
    parsed = [(m, _targets_of(m)) for m in measures if _has_note(m)]
    edges = {(m.measure_no, t) for m, ts in parsed for t, _, _ in ts if t in by_no}
    refs = []
    for m, targets in parsed:
        for index, (target_no, key_point, repaired) in enumerate(targets):
            target = by_no.get(target_no) if target_no is not None else None
            issues = []
            if target_no is None:
                issues.append("unparsed")
            elif target is None:
                issues.append("missing_target")
            else:
                if key_point is not None and target.key_point not in (None, key_point):
                    issues.append("key_point_mismatch")
                if (target_no, m.measure_no) not in edges:
                    issues.append("not_reciprocal")
            if repaired and target_no is not None:
                issues.append("malformed_fixed")
            issues.sort(key=ISSUE_PRIORITY.index)
            refs.append(
                CrossRef(
                    source_no=m.measure_no,
                    target_no=target_no,
                    target_key_point=key_point,
                    raw=m.refs_raw,
                    resolved=target is not None,
                    issues=tuple(issues),
                    page=m.page_end,
                    target_index=index,
                )
            )
    return tuple(refs)


# --------------------------------------------------------------------------- components


class _DisjointSet:
    """Union-find over measure numbers."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def components(self, min_size: int = 2) -> list[tuple[int, ...]]:
        comps: dict[int, list[int]] = {}
        for x in self.parent:
            comps.setdefault(self.find(x), []).append(x)
        return sorted(tuple(sorted(c)) for c in comps.values() if len(c) >= min_size)


def components(edges: Iterable[tuple[int, int]]) -> list[tuple[int, ...]]:
    """Connected components of size >= 2 of an undirected graph given by its edges."""
    ds = _DisjointSet()
    for a, b in edges:
        ds.union(a, b)
    return ds.components()


def re_edges(refs: Iterable[CrossRef]) -> set[tuple[int, int]]:
    """Unordered pairs tied by a resolved note (self-references do not tie anything)."""
    return {
        (min(r.source_no, r.target_no), max(r.source_no, r.target_no))
        for r in refs
        if r.resolved and r.target_no is not None and r.target_no != r.source_no
    }


def schedule_edges(
    schedule_members: Mapping[str, Sequence[int]], known: set[int]
) -> dict[str, tuple[int, ...]]:
    """Schedules bundling two or more existing measures, with those measures."""
    out = {}
    for sid, nos in schedule_members.items():
        members = tuple(sorted({n for n in nos if n in known}))
        if len(members) >= 2:
            out[sid] = members
    return out


# --------------------------------------------------------------------------- groups


def _tokens(text: str | None) -> list[str]:
    return re.findall(r"\w+", (text or "").lower())


def mean_similarity(texts: Sequence[str | None]) -> float | None:
    """Mean pairwise SequenceMatcher ratio of word sequences; None if any text is empty."""
    tokens = [_tokens(t) for t in texts]
    if len(tokens) < 2 or any(not t for t in tokens):
        return None
    ratios = [
        SequenceMatcher(None, a, b, autojunk=False).ratio() for a, b in combinations(tokens, 2)
    ]
    return round(sum(ratios) / len(ratios), 4)


def group_id(members: Sequence[int]) -> str:
    """Name a group after its smallest member, so the name depends on content only."""
    return f"G{min(members):03d}"


def _build_group(
    members: tuple[int, ...],
    by_no: Mapping[int, Measure],
    links: set[tuple[int, int]],
    schedules: Mapping[str, tuple[int, ...]],
) -> Group:
    member_set = set(members)
    in_links = {a for pair in links if set(pair) <= member_set for a in pair}
    sched_ids = tuple(sorted(sid for sid, nos in schedules.items() if set(nos) <= member_set))
    in_sched = {n for sid in sched_ids for n in schedules[sid]}
    via = tuple(
        (n, tuple(k for k, hit in (("re", n in in_links), ("schedule", n in in_sched)) if hit))
        for n in members
    )
    ms = [by_no[n] for n in members]
    inner_links = sorted(pair for pair in links if set(pair) <= member_set)
    re_sims = [mean_similarity([by_no[a].text, by_no[b].text]) for a, b in inner_links]
    re_sims = [x for x in re_sims if x is not None]
    return Group(
        group_id=group_id(members),
        members=members,
        via=via,
        re_links=len(inner_links),
        schedule_ids=sched_ids,
        key_points=tuple(sorted({m.key_point for m in ms if m.key_point is not None})),
        ministries=tuple(sorted({x for m in ms for x in m.ministries})),
        mean_similarity=mean_similarity([m.text for m in ms]),
        re_similarity=round(sum(re_sims) / len(re_sims), 4) if re_sims else None,
    )


def link(measures: Sequence[Measure], schedule_members: Mapping[str, Sequence[int]]) -> LinkResult:
    """Resolve the notes of `measures` and group them with the schedules' co-membership.

    `schedule_members` maps a work-schedule table's id to the measure numbers it covers.
    Schedule members that are not measures of this edition are left out of the groups (the
    validator reports them).
    """
    by_no: dict[int, Measure] = {}
    for m in measures:
        by_no.setdefault(m.measure_no, m)
    refs = resolve_references(measures)
    links = re_edges(refs)
    schedules = schedule_edges(schedule_members, set(by_no))
    sched_pairs = {pair for nos in schedules.values() for pair in combinations(nos, 2)}
    groups = tuple(
        _build_group(members, by_no, links, schedules)
        for members in components(links | sched_pairs)
    )
    return LinkResult(references=refs, re_groups=tuple(components(links)), groups=groups)


# --------------------------------------------------------------------------- rows


def link_rows(result: LinkResult, edition: str) -> dict[str, list[dict]]:
    """Rows of the `cross_references`, `measure_groups` and `group_summary` tables."""
    xrefs = [
        declared_row(
            "cross_references",
            edition=edition,
            source_no=r.source_no,
            target_no=r.target_no,
            target_key_point=r.target_key_point,
            target_index=r.target_index,
            raw=r.raw,
            resolved=r.resolved,
            issue=r.issue,
            page=r.page,
        )
        for r in result.references
    ]
    members = [
        declared_row(
            "measure_groups", edition=edition, group_id=g.group_id, measure_no=n, via=list(via)
        )
        for g in result.groups
        for n, via in g.via
    ]
    summary = [
        declared_row(
            "group_summary",
            edition=edition,
            group_id=g.group_id,
            size=len(g.members),
            measure_nos=list(g.members),
            via=sorted({k for _, v in g.via for k in v}, key=("re", "schedule").index),
            re_links=g.re_links,
            schedule_ids=list(g.schedule_ids),
            key_points=list(g.key_points),
            ministries=list(g.ministries),
            mean_similarity=g.mean_similarity,
            re_similarity=g.re_similarity,
        )
        for g in result.groups
    ]
    return {
        CROSS_REFERENCES.name: xrefs,
        MEASURE_GROUPS.name: members,
        GROUP_SUMMARY.name: summary,
    }
