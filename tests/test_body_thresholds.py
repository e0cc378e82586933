"""The body stages' thresholds: each one relative to the document's own measurements or a named
constant with a margin over what the fixtures need, pinned here at its edge.

A threshold set just above a fixture's maximum would pass every golden test and fail the first
unseen edition with a longer title; these tests check the margins and that the relative
thresholds really scale with the text size.
"""

from __future__ import annotations

import pytest

from extract import blocks, headings, layout
from extract.blocks import Block, build_blocks
from extract.fonts import font_family
from extract.headings import (
    MAX_HEADING_CHARS,
    MAX_HEADING_LINES,
    MAX_PLAIN_LETTER_LINES,
    is_heading_style,
    is_plain_letter,
    is_theme,
)
from extract.layout import find_label, join_words
from extract.models import Line, Word
from tests.conftest import GOLDEN_LAYOUTS, load_gold

BODY = 10.0


def line(
    text: str,
    top: float,
    size: float = BODY,
    bold: bool = False,
    font: str = "Body",
    x0: float = 72.0,
    x1: float = 520.0,
) -> Line:
    return Line(1, text, text, x0, x1, top, top + size, size, bold, font)


def bold_block(chars: int) -> Block:
    """A bold block of `chars` characters over lines of 100 characters."""
    text = ("x" * 9 + " ") * (chars // 10) + "x" * (chars % 10)
    rows = [text[i : i + 100] for i in range(0, len(text), 100)]
    return Block([line(r.strip(), 100 + 14 * i, bold=True) for i, r in enumerate(rows)])


# --------------------------------------------------------------------------- headings


@pytest.mark.parametrize("name", [*GOLDEN_LAYOUTS, "fy2022-synthetic", "fy2023-synthetic"])
def test_heading_length_limit_keeps_a_margin_over_every_fixture_title(name: str) -> None:
    longest = max(len(h["text"]) for h in load_gold(name)["headings"])
    assert longest == 273  # the theme line on combating discrimination, in every edition
    assert longest <= 0.75 * MAX_HEADING_CHARS  # not a limit sitting just above the fixtures


def test_heading_length_limit_is_four_full_body_lines() -> None:
    assert MAX_HEADING_CHARS == MAX_HEADING_LINES * headings.FULL_LINE_CHARS == 400
    assert is_heading_style(bold_block(MAX_HEADING_CHARS), BODY)
    assert not is_heading_style(bold_block(MAX_HEADING_CHARS + 1), BODY)


def test_theme_lines_share_the_heading_length_limit() -> None:
    def theme(chars: int) -> Block:
        return Block([line("(" + "y" * (chars - 2) + ")", 100)])

    assert is_theme(theme(MAX_HEADING_CHARS - 1), in_measures=True)
    assert not is_theme(theme(MAX_HEADING_CHARS), in_measures=True)
    assert not is_theme(theme(50), in_measures=False)


@pytest.mark.parametrize("body", [8.0, 10.5, 16.0])
def test_larger_than_body_is_relative_to_the_body_size(body: float) -> None:
    def at(ratio: float) -> Block:
        return Block([line("Title", 100, size=round(body * ratio, 3))])

    assert not is_heading_style(at(1.0), body)
    assert not is_heading_style(at(headings.LARGER_RATIO - 0.01), body)
    assert is_heading_style(at(headings.LARGER_RATIO + 0.01), body)


def test_display_face_headings_are_held_to_the_heading_line_limit() -> None:
    def face_block(n: int) -> Block:
        return Block([line(f"Display {i}", 100 + 14 * i, font="Display") for i in range(n)])

    body_face = font_family("Body")
    assert is_heading_style(face_block(MAX_HEADING_LINES), BODY, body_font=body_face)
    assert not is_heading_style(face_block(MAX_HEADING_LINES + 1), BODY, body_font=body_face)
    display = font_family("Display")  # the body's own face sets nothing apart
    assert not is_heading_style(face_block(1), BODY, body_font=display)


def test_plain_letter_headings_are_shorter_than_typographic_ones() -> None:
    def letter(n: int) -> Block:
        return Block([line("b. Support" if i == 0 else "more", 100 + 12 * i) for i in range(n)])

    assert MAX_PLAIN_LETTER_LINES < MAX_HEADING_LINES
    assert is_plain_letter(letter(MAX_PLAIN_LETTER_LINES), "a")
    assert not is_plain_letter(letter(MAX_PLAIN_LETTER_LINES + 1), "a")


# --------------------------------------------------------------------------- blocks


def _paragraphs(scale: float, gap: float) -> list[list[str]]:
    """Two 3-line paragraphs at pitch 12 (body 10) separated by `gap` pitches, all scaled."""
    tops = [0, 12, 24, 24 + 12 * gap, 36 + 12 * gap, 48 + 12 * gap]
    lines = [
        line(f"line {i} of the text,", 100 + scale * t, size=BODY * scale, x1=72 + 440 * scale)
        for i, t in enumerate(tops)
    ]
    return [[ln.plain for ln in b.lines] for b in build_blocks(lines, BODY * scale)]


@pytest.mark.parametrize("scale", [0.8, 1.0, 2.0])
def test_paragraph_gap_is_relative_to_the_measured_line_pitch(scale: float) -> None:
    below = blocks.PARAGRAPH_GAP - 0.04
    above = blocks.PARAGRAPH_GAP + 0.04
    assert len(_paragraphs(scale, below)) == 1
    assert [len(b) for b in _paragraphs(scale, above)] == [3, 3]


@pytest.mark.parametrize("scale", [0.8, 1.0, 2.0])
def test_first_line_indent_is_relative_to_the_body_size(scale: float) -> None:
    size = BODY * scale

    def split(indent_ems: float) -> int:
        rows = [
            ("The first paragraph runs", 72.0, 300.0),  # none is a full line
            ("on and on and", 72.0, 300.0),
            ("ends here", 72.0, 200.0),
            ("Indented next one", 72.0 + indent_ems * size, 300.0),
        ]
        lines = [
            line(text, 100 + 12 * scale * i, size=size, x0=x0, x1=x1)
            for i, (text, x0, x1) in enumerate(rows)
        ]
        return len(build_blocks(lines, size))

    assert split(blocks.INDENT - 0.1) == 1
    assert split(blocks.INDENT + 0.1) == 2


# --------------------------------------------------------------------------- layout


def word(text: str, x0: float, size: float) -> Word:
    return Word(text, x0, x0 + len(text) * 0.5 * size, 100.0, 100.0 + size, "Body", size, False)


@pytest.mark.parametrize("size", [6.0, 10.0, 24.0])
def test_word_space_is_relative_to_the_text_size(size: float) -> None:
    a = word("harmonious", 72.0, size)

    def joined(gap_ems: float) -> str:
        return join_words([a, word("coexistence", a.x1 + gap_ems * size, size)])

    assert joined(layout.WORD_SPACE - 0.02) == "harmoniouscoexistence"
    assert joined(layout.WORD_SPACE + 0.02) == "harmonious coexistence"


@pytest.mark.parametrize("height", [595.0, 842.0, 1191.0])
def test_page_label_margin_is_relative_to_the_page_height(height: float) -> None:
    def label_at(fraction: float) -> str | None:
        body = line("Body text of the page.", 0.5 * height)
        footer = line("- 3 -", fraction * height)
        return find_label([body, footer], height)[0]

    assert label_at(1 - layout.LABEL_MARGIN + 0.02) == "3"
    assert label_at(1 - layout.LABEL_MARGIN - 0.02) is None
