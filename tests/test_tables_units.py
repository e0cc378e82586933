"""Unit tests of the tables stage's small parts: tags, spans, halves, paragraphs, shapes, ids."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.models import Rect, Word
from extract.tables.columns import FyColumn, is_header_line, span_of, split_halves
from extract.tables.geometry import Segment, shapes
from extract.tables.ids import assign_ids
from extract.tables.models import Schedule
from extract.tables.text import TextLine, cell_text, measure_tags, title_refs


def test_measure_tags_forms() -> None:
    assert measure_tags("<58> <59>") == (58, 59)
    assert measure_tags("handbook.<55,56>") == (55, 56)
    assert measure_tags("<57> and again <57>") == (57,)
    assert measure_tags("no tags") == ()


def test_title_members_and_parenthesised_refs() -> None:
    title = "Career support <48>, <49>, <50> (<14>), <51>, and <52>"
    assert title_refs(title) == ((48, 49, 50, 51, 52), (14,))
    assert title_refs("Project <3> and <12>") == ((3, 12), ())


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(1, 300), min_size=1, max_size=8, unique=True), st.integers(1, 300))
def test_title_refs_round_trip(members: list[int], extra: int) -> None:
    tags = ", ".join(f"<{n}>" for n in members)
    got_members, got_extra = title_refs(f"Some title {tags} (<{extra}>)")
    assert got_members == tuple(members)
    assert got_extra == (() if extra in members else (extra,))


def _columns(x0: float = 100.0, width: float = 80.0, years=range(2022, 2027)):
    return tuple(
        FyColumn(y, None, x0 + i * width, x0 + (i + 1) * width) for i, y in enumerate(years)
    )


@settings(max_examples=80, deadline=None)
@given(
    start=st.integers(0, 4),
    length=st.integers(1, 5),
    inset=st.floats(0, 6),
    x0=st.floats(20, 300),
    width=st.floats(40, 120),
)
def test_span_of_box_covering_columns(start, length, inset, x0, width) -> None:
    cols = _columns(x0, width)
    end = min(start + length - 1, 4)
    box = (cols[start].x0 + inset, cols[end].x1 - inset)
    assert span_of(cols, *box) == (start, end)


def test_half_year_split_from_mid_column_rules() -> None:
    cols = _columns()
    mid = cols[1].x0 + cols[1].width / 2
    segs = [Segment(True, mid, 50, 200)]  # a rule in the middle of FY2023 below the header
    halves = split_halves(cols, segs, 40, 210, size=9.0)
    assert [(c.fy, c.half) for c in halves][:4] == [
        (2022, None),
        (2023, "H1"),
        (2023, "H2"),
        (2024, None),
    ]
    # a rule at a column boundary is not a half split
    assert split_halves(cols, [Segment(True, cols[2].x0, 50, 200)], 40, 210, size=9.0) == cols


def _words(lines: list[tuple[str, float]], x0: float = 10.0, size: float = 9.0) -> list[Word]:
    out: list[Word] = []
    top = 0.0
    for text, _ in lines:
        x = x0
        for token in text.split():
            w = len(token) * size * 0.5
            out.append(Word(token, x, x + w, top, top + size, "F", size, False))
            x += w + size * 0.25
        top += size * 1.25
    return out


def test_wrapped_lines_rejoin_and_short_lines_break() -> None:
    words = _words(
        [
            ("Develop and consolidate a comprehensive system for", 0),
            ("education.", 0),
            ("Launch comprehensive coordination panels", 0),
        ]
    )
    right = max(w.x1 for w in words if w.top == 0) + 1
    text = cell_text(words, right)
    assert text == (
        "Develop and consolidate a comprehensive system for education.\n"
        "Launch comprehensive coordination panels"
    )


def test_bullets_become_lines_without_glyphs() -> None:
    words = _words([("・ First item", 0), ("・ Second item", 0)])
    assert cell_text(words, 1000) == "First item\nSecond item"


def test_arrow_shapes_filled_outlined_and_split() -> None:
    pts = ((10.0, 10.0), (90.0, 10.0), (100.0, 20.0), (90.0, 30.0), (10.0, 30.0), (10.0, 10.0))
    arrow = Rect(10, 10, 100, 30, "curve", fill=False, stroke=True, points=pts)
    (shape,) = shapes([arrow], 500)
    assert (shape.x0, shape.x1, shape.text_x1) == (10, 100, 90)
    body = Rect(10, 10, 90, 30, "rect", fill=True, stroke=False)
    tip = Rect(90, 10, 100, 30, "curve", points=((90, 10), (100, 20), (90, 30), (90, 10)))
    (joined,) = shapes([body, tip], 500)
    assert (joined.x0, joined.x1, joined.text_x1) == (10, 100, 90)
    plain_box = Rect(10, 10, 90, 30, "curve", points=((10, 10), (90, 10), (90, 30), (10, 30)))
    assert shapes([plain_box], 500) == []


def _schedule(title: str, nos: tuple[int, ...]) -> Schedule:
    return Schedule("", title, nos, (), (), None, None, ())


def test_ids_from_content_not_order() -> None:
    a, b, c = _schedule("A <5>", (5,)), _schedule("B <5>", (5, 6)), _schedule("C", ())
    ids = [s.schedule_id for s in assign_ids([a, b, c])]
    assert ids[:2] == ["WS005", "WS005-2"]
    assert ids[2].startswith("WSX")
    assert [s.schedule_id for s in assign_ids([c])] == [ids[2]]


def _line(text: str) -> TextLine:
    words, x = [], 0.0
    for token in text.split():
        words.append(Word(token, x, x + 6 * len(token), 0, 9, "F", 9, False))
        x += 6 * len(token) + 20
    return TextLine(tuple(words))


def test_header_lines_and_running_text() -> None:
    assert is_header_line(_line("Specific policies FY2022 FY2023 FY2024 FY2025 FY2026 KPI"))
    assert is_header_line(_line("Roadmap FY 2022 FY 2023 FY 2024 KPI"))
    assert is_header_line(_line("Fiscal Year 2022 Fiscal Year 2023 Fiscal Year 2024"))
    assert is_header_line(_line("2022 (R4) 2023 (R5) 2024 (R6) 2025"))
    assert not is_header_line(_line("in FY2022 up to FY2023 up to FY2024 up to FY2025"))
    assert not is_header_line(_line("FY2023 and FY2024 and FY2025 and FY2026 and"))
    assert not is_header_line(_line("FY2022 FY2024 FY2026"))  # not consecutive
    assert not is_header_line(_line("FY2022 FY2023"))


def _placed(lines: list[tuple[str, float]], size: float = 9.0) -> list[Word]:
    """Words of lines at the given tops (each word 0.5 size per letter, 0.25 size apart)."""
    out: list[Word] = []
    for text, top in lines:
        x = 10.0
        for token in text.split():
            w = len(token) * size * 0.5
            out.append(Word(token, x, x + w, top, top + size, "F", size, False))
            x += w + size * 0.25
    return out


KPI_LINES = [
    "Number of foreign national support",
    "organizations, etc. identified",
    "Number of times of information",
    "dissemination to support organizations",
    "Appropriate response to requests",
]


def test_kpi_items_set_apart_by_line_pitch() -> None:
    """Items are told apart by a wider baseline pitch than the wrapped lines of one item; a
    cell that marks its items so gets no break from wording ("... identified" + "Number of")."""
    pitch, extra = 9.0 * 1.22, 9.0 * 0.25
    tops = [0.0, pitch, 2 * pitch, 3 * pitch, 4 * pitch + extra]
    words = _placed(list(zip(KPI_LINES, tops, strict=True)))
    vocab = frozenset({"number", "of", "support"})
    assert cell_text(words, None, vocab, items=True) == (
        "Number of foreign national support organizations, etc. identified Number of times of "
        "information dissemination to support organizations\nAppropriate response to requests"
    )
    # without a wider pitch anywhere the cell shows no marks: wording still breaks the item
    even = _placed([(t, i * pitch) for i, t in enumerate(KPI_LINES)])
    assert cell_text(even, None, vocab, items=True).count("\n") >= 1
    assert "identified\nNumber" in cell_text(even, None, vocab, items=True)


def test_one_pitch_alone_breaks_nothing() -> None:
    """Two lines give one pitch and nothing to compare it with: no break from spacing."""
    words = _placed([("Number of participants in", 0.0), ("the events held", 14.0)])
    assert cell_text(words, None) == "Number of participants in the events held"


def test_cells_join_hyphenated_line_ends_as_the_body_does() -> None:
    words = _placed([("steady mid-", 0.0), ("to long-term Japanese-", 11.0), ("language", 22.0)])
    assert cell_text(words, None) == "steady mid- to long-term Japanese-language"


def _gapped(pieces: list[tuple[str, float]], size: float = 9.0) -> TextLine:
    """One line of words, each followed by a gap of the given share of the text size."""
    words, x = [], 10.0
    for text, gap in pieces:
        w = len(text) * size * 0.5
        words.append(Word(text, x, x + w, 0, size, "F", size, False))
        x += w + gap * size
    return TextLine(tuple(words))


def test_word_split_by_a_narrow_gap_is_rejoined_in_a_cell() -> None:
    """A word drawn as "Developm" + "ent", 0.16 size apart (a gap for the reader, which
    starts a word at 1.5 pt), on a line whose spaces are 0.3 size wide: one word again."""
    split = [("Support", 0.3), ("for", 0.3), ("Developm", 0.16), ("ent", 0.3), ("of", 0.3)]
    assert _gapped(split).text == "Support for Development of"
    # an upper-case start stays a word of its own ("on" + "Acceptance" kerned close) ...
    capital = [("Support", 0.3), ("for", 0.3), ("the", 0.16), ("Agency", 0.3), ("of", 0.3)]
    assert _gapped(capital).text == "Support for the Agency of"
    # ... and a line with two spaces has no usual space to compare with (a word gap beside
    # the wider gap before dot leaders is no split)
    assert _gapped([("Developm", 0.16), ("ent", 0.3), ("of", 0.3)]).text == "Developm ent of"
    assert _gapped([("harmonious", 0.3), ("coexistence", 0.5), ("....", 0)]).text == (
        "harmonious coexistence ...."
    )
    # the gap must be clearly narrower than the line's spaces, not just a little
    even = [("Support", 0.3), ("for", 0.3), ("develop", 0.25), ("ment", 0.3), ("of", 0.3)]
    assert _gapped(even).text == "Support for develop ment of"


def test_tables_and_layout_share_one_line_builder() -> None:
    """The tables stage groups words into lines with the layout stage's builder: a superscript
    stays in its line and two staggered cells of one row are told apart the same way."""
    from extract.layout import group_lines as layout_lines
    from extract.tables.text import group_lines

    size = 9.0
    words = [
        Word("Japan", 10, 40, 100, 109, "F", size, False),
        Word("1", 40.5, 43, 99, 104, "F", 5.4, False),
        Word("residents", 46, 90, 100, 109, "F", size, False),
        Word("KPI", 200, 220, 106, 115, "F", size, False),  # a cell set 6 pt lower
        Word("next", 10, 30, 111, 120, "F", size, False),
    ]
    lines = group_lines(words)
    assert [ln.words for ln in lines] == [tuple(ws) for ws in layout_lines(words)]
    # overlapping neither line by half a line's height, the lower cell is a line of its own
    assert [ln.text for ln in lines] == ["Japan1 residents", "KPI", "next"]
