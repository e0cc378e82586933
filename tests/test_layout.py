"""Unit tests of the layout stage and the block/cover helpers on synthetic pages.

The pages are built from words with made-up fonts, sizes and positions on purpose: the rules
must hold for any layout, not just the fixtures'.
"""

from __future__ import annotations

from datetime import date

import pytest

from extract.blocks import build_blocks, join_lines
from extract.cover import edition_id, parse_cover
from extract.layout import analyse_layout, group_lines, make_line
from extract.models import Cover, PageData, RawDocument, Word


def word(text, x0, top, size=11.0, font="Foo-Regular", bold=False, raise_by=0.0):
    width = 0.5 * size * len(text)
    return Word(text, x0, x0 + width, top - raise_by, top - raise_by + size, font, size, bold)


def line_words(text, x0, top, size=11.0, **kw):
    """Words of a sentence laid out left to right with a normal space between them."""
    out, x = [], x0
    for token in text.split():
        w = word(token, x, top, size, **kw)
        out.append(w)
        x = w.x1 + 0.3 * size
    return out


def test_superscript_call_is_split_from_text_without_leaving_a_space():
    words = line_words("residents in Japan", 50, 100)
    sup = word("3", words[-1].x1, 100, size=6.5, raise_by=3)
    close = word("),", sup.x1, 100)
    line = make_line(1, [*words, sup, close])
    assert line.calls == (3,)
    assert line.plain == "residents in Japan),"
    assert line.text == "residents in Japan3),"


def test_footnote_number_at_line_start_is_lead_not_call():
    lead = word("12", 50, 700, size=5.5, raise_by=2)
    rest = line_words("Foreign residents refer to", lead.x1 + 1, 700, size=8)
    line = make_line(1, [lead, *rest])
    assert line.lead_sup == "12"
    assert line.calls == ()
    assert line.plain == "Foreign residents refer to"


def test_group_lines_keeps_superscripts_in_their_line():
    first = line_words("one two", 50, 100)
    sup = word("7", first[-1].x1, 100, size=6, raise_by=3)
    second = line_words("three four", 50, 114)
    lines = group_lines([*second, sup, *first])
    assert [[w.text for w in ln] for ln in lines] == [["one", "two", "7"], ["three", "four"]]


def synthetic_document(footer: str, body_size: float = 11.0) -> RawDocument:
    """Three portrait pages: body text, one footnote on page 2, a footer on each page."""
    pages = []
    for n in range(1, 4):
        words = []
        top = 80.0
        for i in range(30):
            words += line_words(
                f"body text line {i} of page {n} goes on and on", 60, top, body_size
            )
            top += body_size * 1.3
        if n == 2:
            words.append(word("1", 60, top + 20, size=5.5, raise_by=2))
            words += line_words("A footnote about something.", 64, top + 20, size=8)
        words += line_words(footer.format(n=n), 280, 800, size=9)
        pages.append(PageData(n, 595.0, 842.0, tuple(words), ()))
    return RawDocument("synthetic.pdf", "0" * 64, tuple(pages))


@pytest.mark.parametrize("footer", ["{n}", "- {n} -", "Page {n}", "p. {n}"])
def test_page_labels_in_any_footer_style(footer):
    layout = analyse_layout(synthetic_document(footer))
    assert [p.label for p in layout.pages] == ["1", "2", "3"]
    for page in layout.pages:
        assert page.lines[-1].role == "footer"


def test_footnote_block_is_the_small_text_at_the_bottom():
    layout = analyse_layout(synthetic_document("{n}", body_size=12))
    roles = [ln.role for ln in layout.pages[1].lines]
    assert roles.count("footnote") == 1
    assert roles[-2:] == ["footnote", "footer"]
    assert layout.body_size == 12


def test_paragraph_continues_over_page_break_but_not_after_a_full_stop():
    doc = synthetic_document("{n}")
    layout = analyse_layout(doc)
    lines = [ln for p in layout.pages for ln in p.lines if ln.role == "body"]
    blocks = build_blocks(lines, layout.body_size)
    # every line runs to the same right edge and none ends a sentence: one block
    assert len(blocks) == 1
    assert {ln.page for ln in blocks[0].lines} == {1, 2, 3}


@pytest.mark.parametrize(
    ("parts", "joined"),
    [
        (["the Japanese-", "language school"], "the Japanese-language school"),
        (["a mid-", "to long-term stay"], "a mid- to long-term stay"),
        (["(Re: 4-", "(3) <90>)"], "(Re: 4-(3) <90>)"),
        (["plain", "words"], "plain words"),
    ],
)
def test_join_lines(parts, joined):
    assert join_lines(parts) == joined


@pytest.mark.parametrize(
    ("decided", "revisions", "edition"),
    [
        (date(2022, 6, 14), (), "fy2022"),
        (date(2022, 6, 14), (date(2023, 6, 9), date(2024, 6, 21)), "fy2024"),
        (date(2022, 6, 14), (date(2025, 3, 28),), "fy2024"),
        (date(2023, 4, 1), (), "fy2023"),
    ],
)
def test_edition_from_cover(decided, revisions, edition):
    assert edition_id(Cover("t", decided, revisions)) == edition


def test_cover_parsing_from_a_synthetic_cover():
    words = line_words("Some Roadmap Title", 100, 200, size=22, bold=True)
    words += line_words("June 14, 2022", 200, 400, size=12)
    words += line_words("Issuing Council", 200, 430, size=12)
    words += line_words("(Partly changed on June 21, 2024)", 180, 460, size=12)
    page = PageData(1, 595.0, 842.0, tuple(words), ())
    layout = analyse_layout(RawDocument("c.pdf", "0" * 64, (page,)))
    cover = parse_cover(layout.pages[0])
    assert cover.title == "Some Roadmap Title"
    assert cover.decided == date(2022, 6, 14)
    assert cover.revisions == (date(2024, 6, 21),)
    assert cover.issuer == "Issuing Council"


def test_body_size_is_not_outvoted_by_many_portrait_table_pages():
    """Six pages of 9-pt table rows (three columns) against two pages of 11-pt running text."""
    pages = []
    for n in range(1, 3):
        words = []
        for i in range(30):
            words += line_words(f"running text line {i} goes on and on here", 60, 80 + 14 * i)
        pages.append(PageData(n, 595.0, 842.0, tuple(words), ()))
    for n in range(3, 9):
        words = []
        for i in range(60):
            for x in (40, 240, 440):
                words += line_words("cell text of a table row", x, 60 + 12 * i, size=9)
        pages.append(PageData(n, 595.0, 842.0, tuple(words), ()))
    layout = analyse_layout(RawDocument("t.pdf", "0" * 64, tuple(pages)))
    assert layout.body_size == 11


def test_bold_only_in_font_descriptor_flags(tmp_path) -> None:
    """Faces embedded under generic names ("TT0", "TT1"): bold comes from the descriptor."""
    from pathlib import Path

    import reportlab
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    from extract.reader import read_pdf

    fonts = Path(reportlab.__file__).parent / "fonts"
    for name, face, generic in (("i7-r", "Vera.ttf", "TT0"), ("i7-b", "VeraBd.ttf", "TT1")):
        font = TTFont(name, str(fonts / face))
        font.face.name = generic.encode()
        pdfmetrics.registerFont(font)
    pdf = tmp_path / "flags.pdf"
    c = Canvas(str(pdf))
    c.setFont("i7-b", 12)
    c.drawString(72, 700, "Heading")
    c.setFont("i7-r", 10)
    c.drawString(72, 680, "body")
    c.save()
    words = {w.text: w for w in read_pdf(pdf).pages[0].words}
    assert "bold" not in words["Heading"].fontname.lower()
    assert words["Heading"].bold and not words["body"].bold
