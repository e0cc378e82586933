"""The primitives both routes (PDF and Markdown) and every command share, one of each.

Each used to exist two to six times, and some copies disagreed. Tests named `test_routes_agree_*`
pin the single behaviour where the copies differed; their docstrings say which copy was right
and why.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract import blocks, footnotes, headings
from extract.bullets import (
    BULLET_RE,
    CELL_BULLET_RE,
    GLYPHS,
    LINE_BULLETS_RE,
    MARKDOWN_ITEM_RE,
    starts_with_bullet,
    strip_bullet,
)
from extract.errors import InputError
from extract.fiscal_years import fiscal_year, leading_fiscal_year
from extract.markdown import parse_markdown, repairs
from extract.markdown.grid import header_years, split_row
from extract.markdown.inline import cell_lines
from extract.markdown.schedules import read_schedules
from extract.markdown.source import split_paragraphs
from extract.models import Word
from extract.whitespace import comparable, squash
from extract.wording import WORDING_FILE, is_label, matches, pattern, patterns

ROOT = Path(__file__).resolve().parents[1]

# --------------------------------------------------------------------------- whitespace


def test_squash_collapses_every_kind_of_whitespace() -> None:
    assert squash("  a\n\tb \u00a0 c  ") == "a b c"
    assert squash("") == ""
    assert comparable(" “a”\n\n b ’ `c` ") == "\"a\" b ' 'c'"
    assert comparable(None) == ""


@given(st.text(alphabet=st.sampled_from(list("ab ,\n\t\r\u00a0\u2003\u3000x"))))
def test_squash_is_the_split_join_normal_form(text: str) -> None:
    out = squash(text)
    assert out == " ".join(text.split())
    assert squash(out) == out
    assert "  " not in out and out == out.strip()


def test_every_reader_uses_the_one_normaliser() -> None:
    from pipelines import crosscheck
    from tests import scoring as evaluate

    assert evaluate.norm is comparable
    assert crosscheck.norm_text("  “x”\n y ") == comparable("  “x”\n y ")


# --------------------------------------------------------------------------- bullets


@pytest.mark.parametrize("glyph", list(GLYPHS))
def test_every_glyph_is_a_bullet_everywhere(glyph: str) -> None:
    assert BULLET_RE.match(f"{glyph} item").group(1) == glyph
    assert CELL_BULLET_RE.match(f"{glyph} item")
    assert starts_with_bullet(f"{glyph}item") and strip_bullet(f"{glyph}  item") == "item"
    assert MARKDOWN_ITEM_RE.match(f"  {glyph} item").group(2) == "item"
    assert LINE_BULLETS_RE.sub("", f"x\n{glyph} item") == "x\nitem"
    assert cell_lines(f"{glyph} one  {glyph} two") == ["one", "two"]


def test_bullet_patterns_are_shared_not_copied() -> None:
    assert blocks.BULLET_RE is BULLET_RE and footnotes.BULLET_RE is BULLET_RE
    assert strip_bullet("- item") == "item" and strip_bullet("-item") == "-item"
    assert not starts_with_bullet("2022") and not starts_with_bullet("-based")


def test_routes_agree_on_bullet_glyphs() -> None:
    """A hollow bullet "◦" (and "‣", "▶", "✓", ...) was a bullet to the PDF body reader but
    not to the PDF table cells, the Markdown cells or the Markdown list items, so one item
    list read as one paragraph on three of the four paths. The body reader's wider set was
    right: layouts use all of these glyphs for items, and none of them opens running text."""
    assert strip_bullet("◦ Hold seminars") == "Hold seminars"
    assert cell_lines("<p>◦ Hold seminars</p><p>◦ Publish guides</p>") == [
        "Hold seminars",
        "Publish guides",
    ]
    para = split_paragraphs("◦ Hold seminars\n")[0]
    assert para.kind == "bullet" and para.raw == "Hold seminars"


# --------------------------------------------------------------------------- fiscal years

SPELLINGS = st.sampled_from(["FY{y}", "FY {y}", "fy{y}", "Fiscal Year {y}", "fiscal year{y}"])
YEARS = st.integers(min_value=1000, max_value=9999)


@given(SPELLINGS, YEARS)
def test_fiscal_year_reads_every_spelling(spelling: str, year: int) -> None:
    label = spelling.format(y=year)
    assert fiscal_year(label) == year
    assert fiscal_year(f"  {label} ") == year
    assert leading_fiscal_year(label) == year


@given(SPELLINGS, YEARS, st.sampled_from([" (R4)", "(R4)", " H1", ":", " and more"]))
def test_a_label_may_lead_a_cell_but_is_then_no_whole_label(
    spelling: str, year: int, rest: str
) -> None:
    label = spelling.format(y=year)
    assert leading_fiscal_year(label + rest) == year
    assert fiscal_year(label + rest) is None


@given(SPELLINGS, YEARS, st.sampled_from(["0", "5", "a", "_", "x1"]))
def test_the_year_must_end_the_word(spelling: str, year: int, tail: str) -> None:
    label = spelling.format(y=year) + tail
    assert fiscal_year(label) is None and leading_fiscal_year(label) is None


@given(st.text(max_size=30))
def test_text_without_a_label_gives_no_year(text: str) -> None:
    if not re.match(r"\s*(fy|fiscal)", text, re.I):
        assert fiscal_year(text) is None and leading_fiscal_year(text) is None


@given(st.lists(YEARS, min_size=1, max_size=6), SPELLINGS)
def test_markdown_header_years_use_the_same_recogniser(years: list[int], spelling: str) -> None:
    cells = ["Roadmap", "Specific policies", *(spelling.format(y=y) for y in years), "KPI"]
    found = [y for y, _ in header_years(cells)]
    expected = [years[0]]
    for y in years[1:]:
        if y != expected[-1] + 1:
            break
        expected.append(y)
    assert found == expected


def test_pdf_header_words_use_the_same_recogniser() -> None:
    from extract.tables.columns import _label_at

    def words(*texts: str) -> list[Word]:
        return [Word(t, 10.0 * i, 10.0 * i + 8, 0, 8, "F", 8, False) for i, t in enumerate(texts)]

    assert _label_at(words("Fiscal", "Year", "2024"), 0) == (2024, 3)
    assert _label_at(words("FY2024"), 0) == (2024, 1)
    assert _label_at(words("FY2024(R6)"), 0) is None  # a header word is the label alone


# --------------------------------------------------------------------------- wording


def test_wording_file_has_a_note_for_every_pattern() -> None:
    data = json.loads(WORDING_FILE.read_text(encoding="utf-8"))
    assert set(data["notes"]) == set(data["patterns"]) == set(patterns())
    assert all(p.flags & re.IGNORECASE for p in patterns().values())


def test_both_routes_read_the_one_wording_file() -> None:
    from extract import cover

    assert headings.ATTACHMENT_RE is pattern("attachment_heading")
    assert headings.KEY_POINT_RE is pattern("key_point")
    assert cover.REVISION_RE is pattern("revision") and cover.TOC_TITLE_RE is pattern("toc_title")
    assert not (ROOT / "schemas" / "schedule_form.json").exists()
    wording = re.compile(r"(?i)re\.compile\([^)]*(goal|outline|key|attachment|schedule|FY)")
    for path in (ROOT / "extract" / "markdown").glob("*.py"):
        assert not wording.search(path.read_text(encoding="utf-8")), path.name


@pytest.mark.parametrize(
    "text, heading",
    [
        ("Attachment: Work Schedules for Specific Measures", True),
        ("Attachment", True),  # the title wrapped after the first word
        ("Work Schedule for Specific Measures", True),
        ("Work schedule of the council for FY2024", False),
        ("Attachments to the report are listed below", False),
    ],
)
def test_routes_agree_on_the_attachment_heading(text: str, heading: bool) -> None:
    """The headings (and Markdown) route took any line starting "Work schedule" for the
    attachment heading, the tables route wanted the whole title on one line. Neither was right
    alone: the whole title is needed where "Attachment" is missing (other lines start "Work
    schedule ..."), but the title may wrap right after "Attachment", which the tables route's
    line-by-line search then missed. One pattern now serves all three."""
    assert bool(matches("attachment_heading", text)) is heading
    assert bool(headings.ATTACHMENT_RE.match(text)) is heading
    assert (headings.classify(text, []).kind == "attachment") is heading


GOAL_TABLE = """(3)-a Label

**Title <1>**

{goal}\tA goal.\t\t\t\t\t\t
Outline:\tAn outline.\t\t\t\t\t\t
Roadmap\tSpecific policies\tFY2022\tFY2023\tFY2024\tFY2025\tFY2026\tKPI
\tPolicy\tFirst\t\t\t\t\tkpi
"""


@pytest.mark.parametrize(
    "goal", ["5-year goal", "Five-year goal", "10 year goals", "5 – year goal"]
)
def test_routes_agree_on_the_goal_label(goal: str) -> None:
    """The PDF route required a digit ("5-year goal"), the Markdown route accepted only 5 or
    "five" and no colon after "Outline". The label's number is the plan's horizon, which a
    later plan may change, and a layout may spell it out, so both now accept any number,
    as figures or as a word, with the PDF route's tolerance of dashes and a trailing colon."""
    assert is_label("goal_label", goal) and is_label("goal_label", goal + ":")
    schedule = read_schedules(split_paragraphs(GOAL_TABLE.format(goal=goal))).schedules[0]
    assert schedule.five_year_goal == "A goal." and schedule.outline == "An outline."
    assert not is_label("goal_label", "Many years goal")


def test_routes_agree_on_section_labels() -> None:
    """The Markdown route took any bracketed line above a table ("[Reference] ...") for a
    section label, the PDF route only "(3)-a" and "[Key point 4]". The form prints only these
    two kinds, and a bracket at the start of a title is part of the title, so the PDF route's
    pattern is the one both use."""
    text = GOAL_TABLE.format(goal="5-year goal").replace("(3)-a Label", "[Key point 2]\n\n[Ref] T")
    schedule = read_schedules(split_paragraphs(text)).schedules[0]
    assert schedule.labels == ("[Key point 2]",)
    assert schedule.title.startswith("[Ref] T")


# --------------------------------------------------------------------------- page labels


def _footer(page, text: str, at: float):
    size, x, y = 9.0, page.width / 2, page.height * at
    words = []
    for token in text.split():
        words.append(Word(token, x, x + 5 * len(token), y, y + size, "Any", size, False))
        x += 5 * len(token) + 3
    return replace(page, words=page.words + tuple(words))


@pytest.mark.parametrize(
    "style, label", [("Page {n}", None), ("p. {n}", None), ("{n} / 40", None), ("– iii –", "iii")]
)
def test_routes_agree_on_page_labels(style: str, label: str | None) -> None:
    """A footer at 85 % of the page height got a label from the layout route (`pages.label`,
    outer fifth of the page) but none from the tables route (bottom 12 % only), so
    `schedules.label_start` was empty beside a labelled page. The layout route was right: its
    band holds the footers of every layout seen, and a body line in it is still refused unless
    it stands apart and reads as a page number. The tables route now reads the layout route's
    labels (`extract_schedules` takes the layout stage's output), so the two are equal by
    construction; a line above the band is no label for either."""
    from extract.layout import LABEL_MARGIN, analyse_layout
    from extract.tables import extract_schedules
    from tests.conftest import load_raw

    raw = load_raw("fy2024-b")
    for at, labelled in ((0.85, True), (0.95 - LABEL_MARGIN, False)):
        pages = tuple(_footer(p, style.format(n=p.page + 30), at) for p in raw.pages)
        changed = replace(raw, pages=pages)
        layout = analyse_layout(changed)
        labels = {p.page: p.label for p in layout.pages}
        first = extract_schedules(layout, rules="vector").schedules[0]
        assert first.label_start == labels[first.page_start]
        want = (label or str(first.page_start + 30)) if labelled else None
        assert first.label_start == want


# --------------------------------------------------------------------------- row spans


def test_row_spans_inherit_only_from_a_cell_above() -> None:
    from extract.tables.row_spans import resolve_row_spans, span_ends

    a, b = object(), object()
    spans = resolve_row_spans([None, a, None, a, b, None])
    assert [(s.start, s.inherited) for s in spans] == [
        (None, False),
        (1, False),
        (1, True),
        (1, True),
        (4, False),
        (4, True),
    ]
    assert span_ends(spans) == {1: 3, 4: 5}


@given(st.lists(st.sampled_from(["new", "same", "none"]), max_size=12))
def test_every_inherited_row_points_to_an_earlier_own_cell(kinds: list[str]) -> None:
    from extract.tables.row_spans import resolve_row_spans

    cells: list[object | None] = []
    for kind in kinds:
        cells.append(
            object() if kind == "new" else (cells[-1] if kind == "same" and cells else None)
        )
    for i, span in enumerate(resolve_row_spans(cells)):
        if span.inherited:
            assert span.start is not None and span.start < i and cells[span.start] is not None
        else:
            assert span.start == (i if cells[i] is not None else None)


MD_NO_POLICY = """**Title <1>**

5-year goal\tA goal.\t\t\t\t\t\t
Roadmap\tSpecific policies\tFY2022\tFY2023\tFY2024\tFY2025\tFY2026\tKPI
\t\tFirst\t\t\t\t\t
\t\tSecond\t\t\t\t\t
\tPolicy\tThird\t\t\t\t\tkpi
\t\tFourth\t\t\t\t\t
"""


def test_routes_agree_on_rows_without_a_cell_above() -> None:
    """Rows before the first policy (or KPI) cell: the PDF route marked them inherited (from
    nothing), the Markdown route did not. The Markdown route was right: `*_inherited` says a
    row repeats a cell that starts on an earlier row, and there is none. Both now resolve spans
    with `extract.tables.row_spans`."""
    from extract.tables.assemble import _Row, _rows

    md = read_schedules(split_paragraphs(MD_NO_POLICY)).schedules[0].rows
    policy = SimpleNamespace(page=1)  # stands for the PDF's policy cell block
    kpi = SimpleNamespace(page=1)
    raw = [_Row(None, None, [], 1, 1), _Row(None, None, [], 1, 1)]
    raw += [_Row(policy, kpi, [], 1, 1, "Policy", "kpi"), _Row(None, None, [], 1, 1)]
    pdf = _rows(raw)
    for rows in (md, pdf):
        assert [(r.policy, r.policy_inherited) for r in rows] == [
            (None, False),
            (None, False),
            ("Policy", False),
            ("Policy", True),
        ]
        assert [(r.kpi, r.kpi_inherited, r.kpi_row_end) for r in rows] == [
            (None, False, None),
            (None, False, None),
            ("kpi", False, 3),
            ("kpi", True, None),
        ]


# --------------------------------------------------------------------------- Markdown repairs


def test_every_listed_repair_exists_and_says_why() -> None:
    data = repairs.repairs()
    for group in ("drop_lines", "table_repairs", "row_repairs", "toc_repairs"):
        assert data[group] and all(e["why"] for e in data[group])
    assert repairs.is_residue("- 12 -") and repairs.is_residue("<!-- page 3 -->")
    assert repairs.is_residue("![logo](a.png)") and not repairs.is_residue("12 classes")


def test_repairs_are_data(monkeypatch) -> None:
    """Taking a repair out of the table (no code change) turns it off."""
    assert split_row(["", "p", "a", "", "kpi"], 5) == (["a", "", "", "", ""], "kpi")
    data = dict(repairs.repairs())
    monkeypatch.setattr(repairs, "repairs", lambda: dict(data, row_repairs=[]))
    assert split_row(["", "p", "a", "", "kpi"], 5) == (["a", "", "kpi", "", ""], "")


def test_unknown_repair_name_is_refused(monkeypatch, tmp_path) -> None:
    broken = json.loads(repairs.REPAIRS_FILE.read_text(encoding="utf-8"))
    broken["row_repairs"].append({"name": "no_such_repair", "why": "-"})
    path = tmp_path / "markdown_repairs.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    monkeypatch.setattr(repairs, "REPAIRS_FILE", path)
    repairs.repairs.cache_clear()
    try:
        with pytest.raises(KeyError, match="no_such_repair"):
            repairs.repairs()
    finally:
        monkeypatch.undo()
        repairs.repairs.cache_clear()


def test_toc_repair_runs_from_the_table() -> None:
    text = (
        "# T\n\n## Table of Contents\n\nChapter 1. Intro etc.....\t1\n\n## Chapter 1. Intro etc.\n"
    )
    structure, _ = parse_markdown(text)
    assert [e.text for e in structure.toc] == ["Chapter 1. Intro etc."]


# --------------------------------------------------------------------------- reading tables


def _write(out: Path, table: str, stem: str, frame: pd.DataFrame | None = None) -> None:
    (out / table).mkdir(parents=True, exist_ok=True)
    (frame if frame is not None else pd.DataFrame({"a": [1]})).to_parquet(
        out / table / f"{stem}.parquet"
    )


def test_one_read_tables_for_every_command(tmp_path: Path) -> None:
    import roadmap_extract
    from pipelines import diff_cmd, editions, extract_cmd, sql_cmd, tables_io, validate_cmd

    assert validate_cmd.read_tables is tables_io.read_tables is extract_cmd.read_tables
    assert diff_cmd.read_tables is tables_io.read_tables
    assert editions.find_editions is tables_io.find_editions is validate_cmd.find_editions
    assert roadmap_extract.table_files is tables_io.table_files is sql_cmd.table_files
    _write(tmp_path, "measures", "fy2024")
    _write(tmp_path, "documents", "fy2024")
    _write(tmp_path, "measure_changes", "fy2023--fy2024")
    (tmp_path / "validation").mkdir()
    (tmp_path / "validation" / "fy2024.parquet").write_bytes(b"not parquet")
    assert tables_io.find_editions(tmp_path) == ["fy2024"]
    assert set(tables_io.read_tables(tmp_path, "fy2024")) == {"measures", "documents"}
    some = tables_io.read_tables(tmp_path, "fy2024", ("measures", "kpis"), required=("measures",))
    assert set(some) == {"measures"}


def test_read_tables_errors_are_one_line_naming_the_problem(tmp_path: Path) -> None:
    from pipelines.crosscheck import read_tables as crosscheck_read
    from pipelines.diff_cmd import read_edition
    from pipelines.tables_io import read_tables

    _write(tmp_path, "documents", "fy2024")
    for call in (
        lambda: read_tables(tmp_path, "fy2030"),
        lambda: crosscheck_read(tmp_path, "fy2024"),  # no measures table
        lambda: read_edition(tmp_path, "fy2024"),
    ):
        with pytest.raises(InputError) as err:
            call()
        assert "not found" in str(err.value) and "editions present: fy2024" in str(err.value)
    _write(tmp_path, "measures", "fy2024")
    (tmp_path / "measures" / "fy2024.parquet").write_bytes(b"PAR1 damaged")
    with pytest.raises(InputError, match="cannot read Parquet table"):
        crosscheck_read(tmp_path, "fy2024")


# --------------------------------------------------------------------------- exit codes


def test_readme_lists_the_exit_code_table() -> None:
    from pipelines import cli, exit_codes

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    rows = dict(re.findall(r"^\| (\d+) \| (.+) \|$", section, re.M))
    assert {int(k): v for k, v in rows.items()} == exit_codes.MEANINGS
    assert cli.EXIT_BAD_ARGS == exit_codes.EXIT_BAD_ARGS == 3
    for path in (ROOT / "pipelines").glob("*.py"):
        if path.name != "exit_codes.py":
            assert not re.search(r"^EXIT_\w+\s*=|EXIT_\w+, EXIT_\w+ = ", path.read_text(), re.M)
