"""Link stage: cross-references and measure groups against the gold of every fixture.

The fy20xx-synthetic fixtures are synthetic editions, not the real 2022/2023 documents.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.link import link, link_rows, mean_similarity
from extract.models import Measure
from extract.references import RefTarget, parse_refs, render_refs
from schemas.base import to_table
from schemas.links import CROSS_REFERENCES, GROUP_SUMMARY, MEASURE_GROUPS
from tests.conftest import load_gold
from tests.test_link_support import FIXTURE_NAMES, fixture_inputs


def rows_of(name: str) -> dict[str, list[dict]]:
    measures, members = fixture_inputs(name)
    return link_rows(link(measures, members), load_gold(name)["edition"])


def groups_of(rows: list[dict]) -> list[list[int]]:
    by_id: dict[str, list[int]] = {}
    for r in rows:
        by_id.setdefault(r["group_id"], []).append(r["measure_no"])
    return sorted(sorted(v) for v in by_id.values())


# --------------------------------------------------------------------------- gold equality


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_cross_references_equal_gold(name: str) -> None:
    gold = load_gold(name)
    rows = rows_of(name)["cross_references"]
    got = Counter((r["source_no"], r["target_no"], r["target_key_point"]) for r in rows)
    want = Counter((m["no"], t["no"], t["key_point"]) for m in gold["measures"] for t in m["refs"])
    assert got == want
    assert all(r["resolved"] for r in rows)
    page_end = {m["no"]: m["page_end"] for m in gold["measures"]}
    assert all(r["page"] == page_end[r["source_no"]] for r in rows)
    raw = {m["no"]: m["refs_raw"] for m in gold["measures"]}
    assert all(r["raw"] == raw[r["source_no"]] for r in rows)


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_only_gold_malformed_notes_are_flagged(name: str) -> None:
    gold = load_gold(name)
    rows = rows_of(name)["cross_references"]
    flagged = {r["source_no"] for r in rows if r["issue"] == "malformed_fixed"}
    assert flagged == {m["no"] for m in gold["measures"] if m["refs_malformed_fixed"]}
    assert {r["issue"] for r in rows} <= {None, "malformed_fixed"}


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_measure_groups_equal_gold(name: str) -> None:
    gold = load_gold(name)
    measures, members = fixture_inputs(name)
    result = link(measures, members)
    assert [list(g) for g in result.re_groups] == gold["re_groups"]
    assert groups_of(link_rows(result, gold["edition"])["measure_groups"]) == gold["linked_groups"]


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_via_says_what_ties_each_member(name: str) -> None:
    """Computed independently from the gold refs and schedules."""
    gold = load_gold(name)
    linked = {m["no"] for m in gold["measures"] if m["refs"]}
    linked |= {t["no"] for m in gold["measures"] for t in m["refs"]}
    shared = {n for s in gold["schedules"] if len(s["measure_nos"]) > 1 for n in s["measure_nos"]}
    for r in rows_of(name)["measure_groups"]:
        n = r["measure_no"]
        assert r["via"] == [k for k, hit in (("re", n in linked), ("schedule", n in shared)) if hit]


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_rows_fit_declared_schemas(name: str) -> None:
    rows = rows_of(name)
    for spec in (CROSS_REFERENCES, MEASURE_GROUPS, GROUP_SUMMARY):
        table = to_table(spec, rows[spec.name])
        assert table.num_rows == len(rows[spec.name])
        assert all(f.metadata and f.metadata[b"description"] for f in table.schema)


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_group_summary(name: str) -> None:
    gold = load_gold(name)
    by_no = {m["no"]: m for m in gold["measures"]}
    rows = rows_of(name)["group_summary"]
    assert sorted(r["measure_nos"] for r in rows) == gold["linked_groups"]
    for r in rows:
        ms = [by_no[n] for n in r["measure_nos"]]
        assert r["size"] == len(ms)
        assert r["group_id"] == f"G{min(r['measure_nos']):03d}"
        assert r["key_points"] == sorted({m["key_point"] for m in ms})
        assert r["ministries"] == sorted({x for m in ms for x in m["ministries"]})
        assert 0.0 <= r["mean_similarity"] <= 1.0
    re_only = {tuple(g) for g in gold["re_groups"]}
    # copies of one initiative tied by "(Re: …)" are near-duplicates in the published text
    assert all(r["mean_similarity"] > 0.9 for r in rows if tuple(r["measure_nos"]) in re_only)
    assert all(r["re_similarity"] > 0.9 for r in rows if r["re_links"])
    assert all(r["re_similarity"] is None for r in rows if not r["re_links"])


# --------------------------------------------------------------------------- stability


def test_rows_do_not_depend_on_input_order() -> None:
    measures, members = fixture_inputs("fy2024")
    shuffled = list(measures)
    random.Random(7).shuffle(shuffled)
    reordered = dict(reversed(list(members.items())))
    a = link_rows(link(measures, members), "fy2024")
    b = link_rows(link(shuffled, reordered), "fy2024")
    assert a["measure_groups"] == b["measure_groups"]
    assert a["group_summary"] == b["group_summary"]
    key = lambda r: (r["source_no"], r["target_no"] or 0)  # noqa: E731
    assert sorted(a["cross_references"], key=key) == sorted(b["cross_references"], key=key)


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_renumbered_edition_moves_every_link(name: str) -> None:
    """An edition with other numbers gives the same structure under the new numbers."""
    measures, members = fixture_inputs(name)
    nos = [m.measure_no for m in measures]
    fresh = random.Random(3).sample(range(200, 200 + 3 * len(nos)), len(nos))
    new = dict(zip(nos, fresh, strict=True))
    renum = lambda raw: raw and re.sub(r"<(\d+)>", lambda x: f"<{new[int(x[1])]}>", raw)  # noqa: E731
    moved = [replace(m, measure_no=new[m.measure_no], refs_raw=renum(m.refs_raw)) for m in measures]
    moved_members = {f"X{sid}": [new[n] for n in ns] for sid, ns in members.items()}
    before, after = link(measures, members), link(moved, moved_members)
    assert sorted(sorted(new[n] for n in g) for g in before.re_groups) == [
        list(g) for g in after.re_groups
    ]
    assert sorted(sorted(new[n] for n in g.members) for g in before.groups) == [
        list(g.members) for g in after.groups
    ]


# --------------------------------------------------------------------------- flags


def measure(no: int, kp: int | None, refs: str | None = None, page: int | None = 5) -> Measure:
    return Measure(
        no, kp, "a", "t", None, f"text {no}", ("Ministry",), "[Ministry]", refs, 1, page, "1", "1"
    )


def flags(measures: list[Measure]) -> dict[tuple[int, int | None], str | None]:
    return {(r.source_no, r.target_no): r.issue for r in link(measures, {}).references}


def test_key_point_mismatch_is_flagged_and_still_linked() -> None:
    ms = [measure(1, 1, "(Re: 3-(3) <2>)"), measure(2, 2, "(Re: 1-(3) <1>)")]
    assert flags(ms) == {(1, 2): "key_point_mismatch", (2, 1): None}
    assert link(ms, {}).re_groups == ((1, 2),)


def test_missing_target_is_kept_unresolved() -> None:
    result = link([measure(1, 1, "(Re: 2-(3) <9>)"), measure(2, 2)], {})
    [ref] = result.references
    assert (ref.target_no, ref.resolved, ref.issue, ref.target_key_point) == (
        9,
        False,
        "missing_target",
        2,
    )
    assert result.groups == ()


def test_one_way_link_is_flagged_not_reciprocal() -> None:
    ms = [measure(1, 1, "(Re: 2-(3) <2>)"), measure(2, 2)]
    assert flags(ms) == {(1, 2): "not_reciprocal"}
    assert link(ms, {}).re_groups == ((1, 2),)


def test_malformed_note_is_repaired_and_flagged() -> None:
    ms = [measure(1, 1, "(Re: 2 (3-(3) <2>)"), measure(2, 2, "(Re: 1-(3) <1>)")]
    assert flags(ms) == {(1, 2): "malformed_fixed", (2, 1): None}


def test_note_without_a_tag_is_a_row_not_a_loss() -> None:
    [ref] = link([measure(1, 1, "(Re: see above)")], {}).references
    assert (ref.target_no, ref.resolved, ref.issue) == (None, False, "unparsed")
    to_table(
        CROSS_REFERENCES, link_rows(link([measure(1, 1, "(Re: x)")], {}), "e")["cross_references"]
    )


def test_page_is_where_the_note_is_printed() -> None:
    ms = [measure(1, 1, "(Re: 1-(3) <2>)", page=8), measure(2, 1, "(Re: 1-(3) <1>)", page=None)]
    assert {r.source_no: r.page for r in link(ms, {}).references} == {1: 8, 2: None}


def test_schedule_groups_skip_unknown_measures_and_singletons() -> None:
    ms = [measure(n, 1) for n in (1, 2, 3)]
    result = link(ms, {"S1": [1, 2, 99], "S2": [3], "S3": [3, 98]})
    assert [g.members for g in result.groups] == [(1, 2)]
    assert result.groups[0].via == ((1, ("schedule",)), (2, ("schedule",)))
    assert result.groups[0].schedule_ids == ("S1",)


def test_mean_similarity() -> None:
    assert mean_similarity(["Same words here.", "same words here"]) == 1.0
    assert mean_similarity(["alpha beta", "gamma delta"]) == 0.0
    assert mean_similarity(["alpha", ""]) is None


# --------------------------------------------------------------------------- properties


def bfs_components(nodes: set[int], edges: set[tuple[int, int]]) -> list[list[int]]:
    """Reference implementation: breadth-first search, components of size >= 2."""
    adj: dict[int, set[int]] = {n: set() for n in nodes}
    for a, b in edges:
        adj[a].add(b)
        adj[b].add(a)
    seen: set[int] = set()
    out = []
    for start in sorted(nodes):
        if start in seen:
            continue
        comp, queue = set(), [start]
        while queue:
            n = queue.pop()
            if n not in comp:
                comp.add(n)
                queue.extend(adj[n] - comp)
        seen |= comp
        if len(comp) > 1:
            out.append(sorted(comp))
    return sorted(out)


@st.composite
def editions(draw: st.DrawFn) -> tuple[list[Measure], dict[str, list[int]]]:
    """Random editions: notes pointing anywhere (also at absent numbers), random schedules."""
    n = draw(st.integers(1, 25))
    kps = draw(st.lists(st.integers(1, 4), min_size=n, max_size=n))
    ms = []
    for no in range(1, n + 1):
        targets = draw(st.lists(st.integers(1, n + 3), max_size=3, unique=True))
        refs = [RefTarget(t, kps[t - 1] if t <= n else 1, 3) for t in targets]
        note = render_refs(refs, draw(st.integers(0, 2))) if refs else None
        ms.append(measure(no, kps[no - 1], note))
    scheds = draw(st.lists(st.lists(st.integers(1, n + 2), max_size=4), max_size=5))
    return ms, {f"S{i}": s for i, s in enumerate(scheds)}


@settings(max_examples=150, deadline=None)
@given(editions())
def test_groups_are_the_components_of_links_and_schedules(edition) -> None:
    ms, members = edition
    known = {m.measure_no for m in ms}
    result = link(ms, members)
    notes = {(m.measure_no, t) for m in ms for t in parse_refs(m.refs_raw).measure_nos}
    resolved = {(a, b) for a, b in notes if b in known and a != b}
    sched = {(a, b) for s in members.values() for a in s for b in s if {a, b} <= known and a != b}
    assert [list(g) for g in result.re_groups] == bfs_components(known, resolved)
    assert [list(g.members) for g in result.groups] == bfs_components(known, resolved | sched)
    assert all(g.group_id == f"G{g.members[0]:03d}" for g in result.groups)
    for r in result.references:
        assert r.resolved == (r.target_no in known)
        one_way = r.resolved and (r.target_no, r.source_no) not in notes
        assert ("not_reciprocal" in r.issues) == one_way
        assert ("missing_target" in r.issues) == (not r.resolved)
        assert "key_point_mismatch" not in r.issues  # the notes state the true key points
