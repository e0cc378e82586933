"""Layouts rendered in seeded styles from the fixtures' gold content (tests/layoutgen/): each
rendering is extracted by the pipeline's stages and must equal its own gold exactly.

Seeds 0..11 use every option of every variation (see tests/layoutgen/style.py) and, together,
every kind of schedule-form feature of the fixtures' schedules. Cases the extractor is known to
fail are listed with their exact failure in tests/layoutgen/expected_failures.json and run as
strict xfails: when the extractor improves, the case XPASSes and its entry must be deleted.
`make stress` runs a larger sweep in random styles (docs/robustness.md).
"""

from __future__ import annotations

import copy
import json
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import pdfplumber
import pytest
from reportlab.pdfbase import pdfmetrics

from tests.layoutgen.harness import Failure, compare, extract, summary
from tests.layoutgen.render import SOURCES, Rendering, render, schedule_features, source_gold
from tests.layoutgen.style import VARIATIONS, choose_style

CASES = list(range(12))
PARTS = ("body", "schedules")
EXPECTED = json.loads(
    (Path(__file__).parent / "layoutgen" / "expected_failures.json").read_text(encoding="utf-8")
)


@pytest.fixture(scope="session")
def out_dir(tmp_path_factory) -> Path:
    """Renderings of this session (cached per seed below)."""
    return tmp_path_factory.mktemp("layoutgen")


@cache
def _rendering(seed: int, out: Path) -> Rendering:
    return render(seed, out)


@cache
def _extracted(seed: int, out: Path):
    return extract(_rendering(seed, out).pdf)


@cache
def _failures(seed: int, out: Path) -> tuple[Failure, ...]:
    return tuple(compare(_extracted(seed, out), _rendering(seed, out).gold))


def _param(seed: int, part: str):
    case = f"seed{seed}-{part}"
    reason = EXPECTED.get(case)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(seed, part, marks=marks, id=case)


@pytest.mark.parametrize("seed,part", [_param(s, p) for s in CASES for p in PARTS])
def test_generated_layout_extracts_to_its_gold(seed: int, part: str, out_dir: Path) -> None:
    """Body (measures with pages, headings, footnotes, contents, labels) or schedules (title
    measure numbers, goal, outline, pages, cells with exact spans, KPI items) equal the gold."""
    failures = [f for f in _failures(seed, out_dir) if f.part in (part, "both")]
    assert failures == [], summary(failures) + "\n" + "\n".join(map(str, failures[:30]))


def test_harness_reports_a_wrong_gold(out_dir: Path) -> None:
    """The comparison can fail: a measure moved to another page and a cell given another span
    in the gold are both reported, as what was expected and what was got."""
    gold = copy.deepcopy(_rendering(5, out_dir).gold)
    gold["measures"][0]["page_start"] += 1
    cell = next(c for s in gold["schedules"] for r in s["rows"] for c in r["cells"])
    cell["fy_end"] += 1
    failures = compare(_extracted(5, out_dir), gold)
    kinds = {f.kind for f in failures}
    assert {"measure-page", "cell-missing"} <= kinds
    moved = next(f for f in failures if f.kind == "measure-page")
    assert moved.item == f"measure {gold['measures'][0]['no']}"


def test_expected_failures_name_in_suite_cases() -> None:
    assert set(EXPECTED) <= {f"seed{s}-{p}" for s in CASES for p in PARTS}


def test_every_variation_option_is_in_the_suite() -> None:
    styles = [choose_style(s, cover=True) for s in CASES]
    for name, options in VARIATIONS.items():
        used = {getattr(st, name) for st in styles}
        expected = set(options) or {getattr(st, name) for st in styles}
        assert expected <= used, name
    assert {SOURCES[s % len(SOURCES)] for s in CASES} == set(SOURCES)


def test_suite_covers_every_kind_of_schedule_feature(out_dir: Path) -> None:
    """The union of the in-suite subsets has every feature any fixture schedule has."""
    wanted = defaultdict(set)
    for source in SOURCES:
        for s in source_gold(source)["schedules"]:
            wanted[source] |= schedule_features(s)
    got = defaultdict(set)
    for seed in CASES:
        r = _rendering(seed, out_dir)
        for s in r.gold["schedules"]:
            got[r.source] |= schedule_features(s)
    assert set().union(*wanted.values()) <= set().union(*got.values())
    # a table continued on a further page appears in the set
    assert any(
        s["page_end"] > s["page_start"]
        for seed in CASES
        for s in _rendering(seed, out_dir).gold["schedules"]
    )


def test_rendering_is_deterministic(tmp_path: Path, out_dir: Path) -> None:
    """Determinism on purpose: one seed renders the same gold and PDF bytes twice."""
    again = render(4, tmp_path)
    first = _rendering(4, out_dir)
    assert again.gold == first.gold
    assert again.pdf.read_bytes() == first.pdf.read_bytes()


def test_text_is_real_and_rewraps_with_the_style(out_dir: Path) -> None:
    """The body is selectable text, and different widths break the same paragraph differently."""
    breaks = set()
    for seed in (0, 3):  # both render fy2024 content in different sizes and margins
        r = _rendering(seed, out_dir)
        with pdfplumber.open(r.pdf) as pdf:
            assert "Roadmap for the Realization" in pdf.pages[0].extract_text()
            body_page = r.gold["headings"][0]["page"]
            lines = pdf.pages[body_page - 1].extract_text().splitlines()
        first_para = next(i for i, line in enumerate(lines) if "number of foreign" in line)
        breaks.add(lines[first_para].strip())
    assert len(breaks) == 2


def test_rotated_attachment_pages_carry_rotate(out_dir: Path) -> None:
    seed = next(s for s in CASES if choose_style(s, cover=True).att_pages == "rotated")
    r = _rendering(seed, out_dir)
    first = r.gold["schedules"][0]["page_start"]
    with pdfplumber.open(r.pdf) as pdf:
        page = pdf.pages[first - 1]
        assert page.rotation == 90
        assert r.gold["render"]["page_orientation"][first - 1] == "landscape"


def test_bold_only_in_descriptor_flags(out_dir: Path) -> None:
    """With heading_weight=flags no embedded font name says bold; the bold face has ForceBold."""
    seed = next(s for s in CASES if choose_style(s, cover=True).heading_weight == "flags")
    r = _rendering(seed, out_dir)
    with pdfplumber.open(r.pdf) as pdf:
        body_page = pdf.pages[r.gold["headings"][0]["page"] - 1]
        names = {c["fontname"] for c in body_page.chars}
    assert not any("bold" in n.lower() for n in names)
    raw = r.pdf.read_bytes()
    flags = {
        m.group(2).decode(): int(m.group(1))
        for m in re.finditer(rb"/Flags (\d+) .*?/FontName /\w+\+(TT\d)", raw, re.S)
    }
    assert flags and flags.get("TT1", 0) & (1 << 18)
    assert not flags.get("TT0", 0) & (1 << 18)


def test_letter_gaps_split_words_for_the_reader(out_dir: Path) -> None:
    """With letter_gaps=some words are drawn in two pieces that the reader sees as two words
    (the check then wants them whole again: word-split failures)."""
    seed = next(s for s in CASES if choose_style(s, cover=True).letter_gaps == "some")
    r = _rendering(seed, out_dir)
    splits = [tuple(x) for x in r.gold["render"]["split_words"]["body"]]
    assert splits
    first, last = r.gold["render"]["sections"]["body"]
    with pdfplumber.open(r.pdf) as pdf:
        words = {
            w["text"] for p in pdf.pages[first - 1 : last] for w in p.extract_words(x_tolerance=1.5)
        }
    assert any(head in words and tail in words for head, tail in splits)


def test_generic_font_names_keep_each_familys_metrics() -> None:
    """Families embedded under generic names each get their own names, so a family registered
    after another in the same process keeps its own widths (stress renders many in one run)."""
    from tests.layoutgen.fonts import all_families, is_truetype, register, width

    text = "foreign nationals in Japan"
    faces = set()
    for family in (f for f in all_families() if is_truetype(f)):
        generic, named = register(family, "TT"), register(family)
        assert width(text, generic[0], 10) == width(text, named[0], 10)
        faces |= {pdfmetrics.getFont(n).face.name for n in generic}
    assert len(faces) == 2 * sum(is_truetype(f) for f in all_families())
