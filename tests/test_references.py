"""Parser of "(Re: …)" notes: the published forms, and properties over generated notes."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.references import STYLES, RefTarget, parse_refs, render_refs
from tests.conftest import load_gold
from tests.test_link_support import FIXTURE_NAMES


def triples(raw: str) -> list[tuple[int | None, int, bool]]:
    return [(t.key_point, t.measure_no, t.key_point_inherited) for t in parse_refs(raw).targets]


@pytest.mark.parametrize(
    ("raw", "expected", "fixed"),
    [
        ("(Re: 1-(3) <12>)", [(1, 12, False)], False),
        (
            "(Re: 2-(3) <30>, 3-(3) <66>, 4-(3) <87>)",
            [(2, 30, False), (3, 66, False), (4, 87, False)],
            False,
        ),
        ("(Re: 4-(3) <73>, <90>)", [(4, 73, False), (4, 90, True)], False),
        (
            "(Re: 1- (3) <4>, 2- (3) <30>, 4 - (3) <87>)",
            [(1, 4, False), (2, 30, False), (4, 87, False)],
            False,
        ),
        (
            "(Re: 1-(3) <4>, 3-(3) <66>, 4 (3-(3) <87>)",
            [(1, 4, False), (3, 66, False), (4, 87, False)],
            True,
        ),
    ],
)
def test_published_forms(raw: str, expected: list, fixed: bool) -> None:
    parsed = parse_refs(raw)
    assert triples(raw) == expected
    assert parsed.malformed_fixed is fixed
    assert parsed.leftover == ()


def test_only_the_repaired_target_is_marked() -> None:
    parsed = parse_refs("(Re: 1-(3) <4>, 3-(3) <66>, 4 (3-(3) <87>)")
    assert [t.repaired for t in parsed.targets] == [False, False, True]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("(Re:\n2\u2013(3)\n<30>, 3-(3)<66>)", [(2, 30, False), (3, 66, False)]),  # PDF line breaks
        (
            "\uff08Re\uff1a\uff11\uff0d\uff08\uff13\uff09\uff1c\uff11\uff12\uff1e\uff09",  # wide
            [(1, 12, False)],
        ),
        ("Re: 1-(3) <4> and <5>", [(1, 4, False), (1, 5, True)]),  # no brackets, "and"
        ("(Re: <5>)", [(None, 5, False)]),  # no key point stated at all
    ],
)
def test_variant_typography(raw: str, expected: list) -> None:
    assert triples(raw) == expected
    assert not parse_refs(raw).malformed


@pytest.mark.parametrize("raw", [None, "", "(Re: )", "garbage", "(Re: see above)", "<<>>", "(((("])
def test_no_targets_without_a_tag(raw: str | None) -> None:
    assert parse_refs(raw).targets == ()


def test_unreadable_tail_is_kept_not_dropped() -> None:
    parsed = parse_refs("(Re: 1-(3) <4> etc.)")
    assert parsed.measure_nos == (4,)
    assert parsed.leftover == ("etc.",)
    assert parsed.malformed and not parsed.malformed_fixed


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_gold_notes_parse_to_gold_refs(name: str) -> None:
    """Every note of every fixture (the fy20xx ones are synthetic editions) parses to its gold."""
    for m in load_gold(name)["measures"]:
        parsed = parse_refs(m["refs_raw"])
        want = [(r["key_point"], r["no"], r["key_point_inherited"]) for r in m["refs"]]
        assert triples(m["refs_raw"] or "") == want, m["no"]
        assert parsed.malformed_fixed == m["refs_malformed_fixed"], m["no"]


# --------------------------------------------------------------------------- properties


@st.composite
def target_lists(draw: st.DrawFn) -> list[RefTarget]:
    """Well-formed target lists; a target may drop its locator when it repeats the key point."""
    n = draw(st.integers(1, 6))
    out: list[RefTarget] = []
    for i in range(n):
        no = draw(st.integers(1, 999))
        kp = draw(st.integers(1, 20))
        section = draw(st.integers(1, 9))
        inherit = i > 0 and draw(st.booleans())
        if inherit:
            out.append(RefTarget(no, out[-1].key_point, None, key_point_inherited=True))
        else:
            out.append(RefTarget(no, kp, section))
    return out


@given(target_lists(), st.integers(0, len(STYLES) - 1))
def test_well_formed_notes_round_trip(targets: list[RefTarget], style: int) -> None:
    parsed = parse_refs(render_refs(targets, style))
    got = [(t.measure_no, t.key_point, t.section, t.key_point_inherited) for t in parsed.targets]
    want = [(t.measure_no, t.key_point, t.section, t.key_point_inherited) for t in targets]
    assert got == want
    assert not parsed.malformed


@given(target_lists(), st.sampled_from([" ", "\n", "  "]))
def test_whitespace_inside_a_note_does_not_matter(targets: list[RefTarget], ws: str) -> None:
    text = render_refs(targets).replace(" ", ws)
    assert parse_refs(text).measure_nos == tuple(t.measure_no for t in targets)


@given(st.text(max_size=200))
def test_garbage_never_raises(raw: str) -> None:
    parsed = parse_refs(raw)
    assert all(t.measure_no >= 0 for t in parsed.targets)


@given(st.text(alphabet="Re:()<>-, 0123456789（）＜＞–\n", max_size=80))
def test_near_miss_text_never_raises_and_finds_every_tag(raw: str) -> None:
    parsed = parse_refs(raw)
    # every "<digits>" in the text is a target, whatever surrounds it
    assert len(parsed.targets) >= len(re.findall(r"<\s*\d{1,4}\s*>", raw))


@pytest.mark.parametrize(
    "note", ["(Re: 2-(3) <30> to <32>)", "(Re: 2-(3) <30>–<32>)", "(Re: 2-(3) <30> ~ <32>)"]
)
def test_range_expands_to_each_measure(note: str) -> None:
    parsed = parse_refs(note)
    assert [(t.key_point, t.measure_no) for t in parsed.targets] == [(2, 30), (2, 31), (2, 32)]
    assert not parsed.malformed


def test_range_then_more_targets_and_no_backward_range() -> None:
    parsed = parse_refs("(Re: 2-(3) <30> to <32>, 4-(3) <87>)")
    assert parsed.measure_nos == (30, 31, 32, 87)
    assert parse_refs("(Re: 2-(3) <32> to <30>)").measure_nos == (32, 30)
