"""Unit tests of the Markdown reader on small hand-written converter snippets."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from extract.markdown import parse_markdown
from extract.markdown.grid import Column, columns, spans, split_row
from extract.markdown.inline import cell_lines, plain, pop_calls
from extract.markdown.schedules import read_schedules
from extract.markdown.source import split_paragraphs

COVER = """# Roadmap for Testing

June 14, 2022

Ministerial Conference on<HB>
Testing

(Partly changed on June 21, 2024)

## Table of Contents

Chapter 1. Basic Concept .....\t1
Chapter 4. Measures .....\t5
Attachment: Work Schedule for Specific Measures

""".replace("<HB>", "  ")  # a Markdown hard break

BODY = """## Chapter 1. Basic Concept

The number of residents<sup>1</sup> has been rising and we are facing a need to

---

<sup>1</sup> Residents are people who live here.

<sup>2</sup> - First bulleted part.

- Second bulleted part.

ensure the quality of teaching<sup>2</sup>.

## **Chapter 4. Measures**

### **1. Education (Key point No. 1)**

#### **(3) Specific measures**

- a. Provision of an environment<HB>
(Provide opportunities)

- The government will subsidize prefectures. [Ministry of Justice] <1>
- The government will support the following initiatives.
  - Work with institutes.
  - Utilize the framework as part of the

government's initiatives. [Ministry of Justice and Ministry of Foreign Affairs] <2> (Re: 1-(3) <1>)

b. Improving quality

- The government will also ensure this.
The government will follow up. [Ministry of Justice] <3>

# **Work Schedule for Specific Measures**

""".replace("<HB>", "  ")

TABLE = """(3)-a Provision of an environment

**Project to promote education &lt;1&gt; and <2>**

5-year goal\tA goal.\t\t\t\t\t\t
Outline\t<p>&lt;Promotion&gt;</p> <p>Steadily promote.</p>\t\t\t\t\t\t
Roadmap\tSpecific policies\tFY2022\tFY2023\tFY2024\tFY2025\tFY2026\tKPI
\tPolicy one\tFirst\t\tSecond\t\t\t<ul><li>• Number of classes</li>\
<li>• 20 classes by FY2026</li></ul>
\t\t\t\tLater\t\t\t
"""


def test_inline_helpers() -> None:
    assert plain("**Chapter 2.** &lt;16&gt; &amp; more") == "Chapter 2. <16> & more"
    assert pop_calls("Japan<sup>1</sup> and 3.41 million<sup>2</sup>") == (
        "Japan and 3.41 million",
        (1, 2),
    )
    html = "<p>&lt;Outline&gt;</p> <ul><li>• One</li><li>• Two</li></ul>"
    assert cell_lines(html) == ["<Outline>", "One", "Two"]
    assert cell_lines("experts  Consideration • Subsidies") == [
        "experts",
        "Consideration",
        "Subsidies",
    ]


def test_paragraph_kinds() -> None:
    paras = split_paragraphs("# T\n\ntext\nmore\n- item\nlazy line\n\n---\na\tb\n")
    assert [(p.kind, p.parts) for p in paras] == [
        ("heading", ["T"]),
        ("text", ["text", "more"]),
        ("bullet", ["item"]),
        ("text", ["lazy line"]),
        ("rule", ["---"]),
        ("row", ["a\tb"]),
    ]


def test_cover_and_toc() -> None:
    structure, _ = parse_markdown(COVER + BODY)
    cover = structure.cover
    assert cover.title == "Roadmap for Testing"
    assert cover.decided.isoformat() == "2022-06-14"
    assert [d.isoformat() for d in cover.revisions] == ["2024-06-21"]
    assert cover.issuer == "Ministerial Conference on Testing"
    assert [(e.text, e.printed_page) for e in structure.toc][-1] == (
        "Attachment: Work Schedule for Specific Measures",
        None,
    )
    assert all(e.page is None for e in structure.toc)


def test_footnotes_split_paragraphs_are_rejoined() -> None:
    structure, _ = parse_markdown(COVER + BODY)
    first = structure.paragraphs[0]
    assert first.text.endswith("we are facing a need to ensure the quality of teaching.")
    assert first.page_start is None and first.label_start is None
    notes = {f.footnote_no: f for f in structure.footnotes}
    assert notes[1].text == "Residents are people who live here."
    assert notes[2].text == "First bulleted part.\n\nSecond bulleted part."
    assert all(f.page is None and f.call_page is None for f in structure.footnotes)


def test_measures_headings_and_themes() -> None:
    structure, _ = parse_markdown(COVER + BODY)
    by_no = {m.measure_no: m for m in structure.measures}
    assert sorted(by_no) == [1, 2, 3]
    two = by_no[2]
    assert two.key_point == 1 and two.subsection == "a"
    assert two.subsection_title == "Provision of an environment"
    assert two.theme == "(Provide opportunities)"
    assert two.ministries == ("Ministry of Justice", "Ministry of Foreign Affairs")
    assert two.refs_raw == "(Re: 1-(3) <1>)"
    assert two.text.split("\n\n") == [
        "The government will support the following initiatives.",
        "Work with institutes.",
        "Utilize the framework as part of the government's initiatives.",
    ]
    three = by_no[3]
    assert three.subsection == "b" and three.theme is None
    assert three.text == "The government will also ensure this.\n\nThe government will follow up."
    assert all(m.page_start is None and m.label_end is None for m in structure.measures)
    kinds = [h.kind for h in structure.headings]
    assert kinds == [
        "chapter",
        "chapter",
        "key_point",
        "subsection",
        "letter",
        "theme",
        "letter",
    ] + ["attachment"]


def test_schedule_from_tab_rows() -> None:
    schedules = read_schedules(split_paragraphs(TABLE)).schedules
    assert len(schedules) == 1
    s = schedules[0]
    assert s.measure_nos == (1, 2)
    assert s.title == "Project to promote education <1> and <2>"
    assert s.labels == ("(3)-a Provision of an environment",)
    assert s.five_year_goal == "A goal."
    assert s.outline == "<Promotion>\nSteadily promote."
    first, second = s.rows
    assert [(c.fy_start, c.fy_end, c.text) for c in first.cells] == [
        (2022, 2023, "First"),
        (2024, 2026, "Second"),
    ]
    assert first.kpi == "Number of classes\n20 classes by FY2026"
    assert [k.text for k in first.kpis] == ["Number of classes", "20 classes by FY2026"]
    assert first.kpi_row_end == 1
    assert second.policy == "Policy one" and second.policy_inherited and second.kpi_inherited
    assert second.kpis == ()
    assert [(c.fy_start, c.fy_end) for c in second.cells] == [(2024, 2026)]
    assert s.page_start is None and all(c.page is None and c.bbox is None for c in first.cells)


def test_half_year_columns_from_a_shifted_header() -> None:
    header = "Roadmap\tSpecific policies\tFY2022\tFY2023\t\tFY2024\t\tFY2025\tFY2026\tKPI\t\t"
    row = ["", "p", *["x"] * 9, "kpi"]
    cols = columns(header.split("\t"), [row])
    assert cols[0] == Column(2022, None)
    assert [(c.fy, c.half) for c in cols[1:3]] == [(2023, "H1"), (2023, "H2")]
    assert len(cols) == 9 and cols[-1] == Column(2026, "H2")


def test_trailing_tab_is_not_a_half_year() -> None:
    header = "Roadmap\tSpecific policies\tFY2022\tFY2023\tFY2024\tFY2025\tFY2026\tKPI\t"
    rows = [["", "p", "a", "", "", "", "", "kpi", ""]]
    assert all(c.half is None for c in columns(header.split("\t"), rows))


def test_glitched_header_keeps_the_standard_layout() -> None:
    header = "Roadmap\tFY2022\tFY2023\tFY2024\tFY2025\tFY2026\tKPI\tFY2022".split("\t")
    rows = [["", "policy", "a", "", "b", "", "", "kpi"]]
    cols = columns(header, rows)
    assert [c.fy for c in cols] == [2022, 2023, 2024, 2025, 2026]
    years, kpi = split_row(rows[0], len(cols))
    assert kpi == "kpi"
    assert [(s.first, s.last) for s in spans(years)] == [(0, 1), (2, 4)]


def test_short_row_keeps_its_kpi_last() -> None:
    years, kpi = split_row(["", "p", "a", "", "kpi"], 5)
    assert kpi == "kpi" and years == ["a", "", "", "", ""]


@given(st.lists(st.sampled_from(["", "", "text"]), min_size=1, max_size=12))
def test_spans_partition_the_row_from_the_first_filled_cell(cells: list[str]) -> None:
    found = spans(cells)
    filled = [i for i, c in enumerate(cells) if c]
    assert [s.first for s in found] == filled
    if found:
        assert found[-1].last == len(cells) - 1
        for a, b in zip(found, found[1:], strict=False):
            assert a.last + 1 == b.first
        assert all(not cells[i] for s in found for i in range(s.first + 1, s.last + 1))


def _as_html_table(rows: list[list[str]]) -> list[str]:
    """Tab rows as one HTML table, a cell followed by empty cells merged with colspan and an
    empty policy cell below a filled one merged into it with rowspan."""
    out = ["<table>"]
    covered: set[tuple[int, int]] = set()
    for r, cells in enumerate(rows):
        tds = []
        c = 0
        while c < len(cells):
            if (r, c) in covered:
                c += 1
                continue
            span = down = 1
            if c == 1 and cells[c]:
                while r + down < len(rows) and len(rows[r + down]) > 1 and not rows[r + down][1]:
                    covered.add((r + down, 1))
                    down += 1
            while down == 1 and c + span < len(cells) and not cells[c + span]:
                if (r, c + span) in covered:
                    break
                span += 1
            attrs = (f' colspan="{span}"' if span > 1 else "") + (
                f' rowspan="{down}"' if down > 1 else ""
            )
            text = re.sub(r"\s{2,}", "<br>", cells[c].strip())  # HTML has no meaningful "  "
            tds.append(f"<td{attrs}>{text}</td>")
            c += span
        out.append("<tr>" + "".join(tds) + "</tr>")
    return [*out, "</table>"]


def _convert_tables(text: str, form: str) -> str:
    """The seed with every run of tab-separated rows rewritten as an HTML or pipe table."""
    out: list[str] = []
    run: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        if "\t" in line:
            run.append(line.split("\t"))
            continue
        if run:
            if form == "html":
                out += _as_html_table(run)
            else:
                width = max(len(r) for r in run)
                out.append("| " + " | ".join([""] * width) + " |")
                out.append("|" + "---|" * width)
                out += ["| " + " | ".join(r + [""] * (width - len(r))) + " |" for r in run]
            run = []
        out.append(line)
    return "\n".join(out)


def test_html_and_pipe_tables_read_like_tab_rows() -> None:
    from tests.test_markdown_golden import SEED

    text = SEED.read_text(encoding="utf-8")
    _, expected = parse_markdown(text)
    for form in ("html", "pipe"):
        converted = _convert_tables(text, form)
        assert "\t" not in converted.split("Work Schedule for Specific Measures**")[-1]
        _, got = parse_markdown(converted)
        assert got == expected, form


def test_bad_markdown_is_a_one_line_input_error(tmp_path, capsys) -> None:
    from pipelines.cli import main

    not_roadmap = tmp_path / "notes.md"
    not_roadmap.write_text("# Shopping list\n\n- eggs\n", encoding="utf-8")
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    for path in (not_roadmap, binary, tmp_path / "missing.md"):
        assert main(["extract", str(path), "--out", str(tmp_path / "out")]) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and str(path) in err[0]
    assert not (tmp_path / "out").exists()


def test_other_converter_conventions() -> None:
    """Markdown footnotes, glyph bullets, page-number lines and a table without the
    "Roadmap" row-label column read like the seed's conventions."""
    body = (
        BODY.replace("<sup>1</sup> Residents", "[^1]: Residents")
        .replace("residents<sup>1</sup>", "residents[^1]")
        .replace("- The government will subsidize", "• The government will subsidize")
        .replace(
            "## **Chapter 4. Measures**", "- 7 -\n\n<!-- page 8 -->\n\n## **Chapter 4. Measures**"
        )
    )
    reference, _ = parse_markdown(COVER + BODY)
    structure, _ = parse_markdown(COVER + body)
    assert structure.measures == reference.measures
    assert structure.footnotes == reference.footnotes
    assert structure.paragraphs[0].calls == (1, 2)
    no_label = "\n".join(
        line[1:] if line.startswith("\t") else line.replace("Roadmap\t", "", 1)
        for line in TABLE.splitlines()
    )
    assert read_schedules(split_paragraphs(no_label)) == read_schedules(split_paragraphs(TABLE))
