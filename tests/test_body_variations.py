"""Body layouts the fixtures do not use: footnote numbers printed as inline call marks,
letter subsections set like running text, and contents entries without dot leaders."""

from __future__ import annotations

import pytest

from extract.blocks import Block, build_blocks
from extract.cover import parse_toc
from extract.footnotes import extract_footnotes
from extract.headings import is_plain_letter
from extract.models import LayoutDocument, Line, PageLayout


def line(text: str, top: float, size: float = 10.0, role: str = "body", gap: float = 0.3) -> Line:
    return Line(
        1, text, text, 72, 500, top, top + size, size, False, "Body", role=role, max_gap=gap
    )


def at(page: int, text: str, top: float, x1: float = 530.0) -> Line:
    """A 10 pt body line on `page`, from the left margin to `x1`."""
    return Line(page, text, text, 72.0, x1, top, top + 10, 10.0, False, "Body")


def walk(lines: list[Line]):
    """The measures the structure stage finds in `lines` (pages 9 and 10 labelled "9", "10")."""
    from extract.structure import Walker

    walker = Walker(10.0, {9: "9", 10: "10"})
    walker.walk(build_blocks(lines, 10.0))
    return walker.measures


def doc(lines: list[Line]) -> LayoutDocument:
    page = PageLayout(1, 595, 842, "1", tuple(lines))
    return LayoutDocument(raw=None, pages=(page,), body_size=10.0, body_left=72.0)


def test_footnotes_numbered_with_call_marks() -> None:
    notes = [
        line("*1 First note text", 700, 8, "footnote"),
        line("goes on here.", 710, 8, "footnote"),
        line("(2) Second note.", 720, 8, "footnote"),
        line("(7) A later note: pages of notes may be left out.", 730, 8, "footnote"),
        line("3 a bare number out of sequence is text", 740, 8, "footnote"),
    ]
    found = extract_footnotes(doc(notes), 1, {})
    assert [(f.footnote_no, f.text) for f in found] == [
        (1, "First note text goes on here."),
        (2, "Second note."),
        (
            7,
            "A later note: pages of notes may be left out. 3 a bare number out of sequence is text",
        ),
    ]


def test_contents_without_dot_leaders() -> None:
    lines = [
        line("Table of Contents", 60, 14),
        line("Chapter 1. Basic Concept 1", 90, gap=25.0),
        line("Chapter 2. Envisioned Society of Harmonious Coexistence with", 105),
        line("Foreign Nationals 3", 120, gap=30.0),
        line("a. Provision of Japanese language education 6", 135, gap=12.0),
    ]
    entries, pages = parse_toc([PageLayout(2, 595, 842, None, tuple(lines))])
    assert [(e.text, e.printed_page) for e in entries] == [
        ("Chapter 1. Basic Concept", "1"),
        ("Chapter 2. Envisioned Society of Harmonious Coexistence with Foreign Nationals", "3"),
        ("a. Provision of Japanese language education", "6"),
    ]
    assert pages == {2}


def test_plain_letter_subsection() -> None:
    heading = Block([line("b. Structured Japanese language learning at each life stage", 100)])
    assert is_plain_letter(heading, "a")
    assert is_plain_letter(heading, None)
    assert not is_plain_letter(heading, "b")  # not after itself
    measure = Block([line("b. The government will do it. [MEXT] <5>", 100)])
    assert not is_plain_letter(measure, "a")
    long = Block([line(f"c. Line {i}", 100 + 12 * i) for i in range(5)])
    assert not is_plain_letter(long, "b")


def test_plain_letter_heading_opening_a_page_starts_a_block() -> None:
    """A plain letter heading ("e. ...", lower case) at the top of a page after a finished
    paragraph starts a block; a lower-case line that is no letter heading continues it."""

    def at(page: int, text: str, top: float, x0: float = 85.0, x1: float = 530.0) -> Line:
        return Line(page, text, text, x0, x1, top, top + 10, 10.0, False, "Body")

    before = [
        at(6, "In order to reduce the burden on foreign nationals in the application", 574),
        at(6, "process for status of residence and properly managing their residency,", 587),
        at(6, "the Immigration Services Agency needs to make residence procedures", 600),
        at(6, "easier by omitting the submission of documents.", 613, x1=330),
    ]
    heading = at(7, "e. Social participation and empowerment of foreign nationals", 64, 82, 350)
    after = at(7, "Increasing numbers of foreign nationals are now playing roles", 81)
    blocks = build_blocks([*before, heading, after], 10.0)
    assert [b.text for b in blocks][1] == heading.text
    going_on = at(7, "and the agency will publish the results in sequence.", 64, 82, 350)
    unfinished = [*before[:3], at(6, "easier by omitting the submission of the", 613)]
    assert len(build_blocks([*unfinished, going_on], 10.0)) == 1


def test_block_ending_short_at_the_foot_of_a_page_is_not_continued() -> None:
    """A heading whose last line ends short at the foot of a page (no full stop) is not
    continued by the next page's first line when that line's first word would have fitted."""

    page6 = [
        at(6, "The government will aim to develop the infrastructure for a society of", 561),
        at(6, "harmonious coexistence where relevant organizations work together and", 574),
        at(6, "provide the support that foreign nationals need in their daily life.", 587),
        at(6, "a. Provision of an environment that allows foreign nationals to develop", 600),
        at(6, "skills necessary for living in Japan", 613, x1=240),
    ]
    theme = at(7, "(Provide opportunities for Japanese language education for foreign", 64)
    blocks = build_blocks([*page6, theme], 10.0)
    assert blocks[-1].lines == [theme]


def test_tag_or_open_bracket_carries_a_paragraph_over_the_page() -> None:
    """A page that opens with a measure tag, or a paragraph that left a bracket open ("(Re:
    1-(3)"), goes on from the page before even though the line above ends in ")" or "]"."""

    body = [
        at(9, "The government will strengthen consultation systems in communities so", 561),
        at(9, "that foreign consumers can live safely and comfortably in every region", 574),
        at(9, "of the country and will publish what it has learned every single year.", 587),
    ]
    ministry = at(9, "Foreign consumers can live safely. [Consumer Affairs Agency]", 600, 480)
    assert len(build_blocks([*body, ministry, at(10, "<25>", 64, 100)], 10.0)) == 1
    refs = at(9, "Foreign consumers can live safely. [Agency] <30> (Re: 1-(3)", 600, 522)
    assert len(build_blocks([*body, refs, at(10, "4, 3-(3) <65>)", 64, 150)], 10.0)) == 1
    done = at(9, "Foreign consumers can live safely. [Agency] <30> (Re: 1-(3))", 600, 522)
    assert len(build_blocks([*body, done, at(10, "4, 3-(3) <65>)", 64, 150)], 10.0)) == 2


OPENING = [
    at(9, "The government will strengthen consultation systems in communities so", 561),
    at(9, "that foreign consumers can live safely and comfortably in every region.", 574),
]


@pytest.mark.parametrize(
    ("tail", "page_end", "label_end"),
    [
        # A "(Re: …)" note wrapping onto page 10 does not move the end (`make stress`, seed 149).
        (
            [at(9, "[Agency] <30> (Re: 1-(3)", 587, 522), at(10, "<4>, 3-(3) <65>)", 64, 150)],
            9,
            "9",
        ),
        # The ministries bracket at the foot of page 9, "<30>" on top of page 10: the bracket
        # is not the tag, the measure ends on page 10 (`make stress`, seed 148).
        ([at(9, "[Consumer Affairs Agency]", 587, 250), at(10, "<30>", 64, 100)], 10, "10"),
    ],
)
def test_measure_ends_on_the_page_of_its_tag(
    tail: list[Line], page_end: int, label_end: str
) -> None:
    """`measures.page_end` is the page printing the measure's own `<N>` (schema: "its tag")."""
    (measure,) = walk([*OPENING, *tail])
    assert (measure.measure_no, measure.page_start, measure.page_end) == (30, 9, page_end)
    assert measure.label_end == label_end
