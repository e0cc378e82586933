"""Body pages of a generated roadmap: cover, table of contents, headings, paragraphs, measures
and footnotes, paginated with the footnotes on the page of their call. Records on which page
every heading, measure and footnote lands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tests.layoutgen.fonts import is_truetype, register, width
from tests.layoutgen.page import Page, Run, Word, line_runs, runs_width, words_of, wrap
from tests.layoutgen.style import Style

PAGE_SIZES = {"A4": (595.28, 841.89), "letter": (612.0, 792.0)}
MARGINS = {"narrow": (50.0, 48.0), "normal": (72.0, 64.0), "wide": (96.0, 80.0)}
LEADING = 1.32
BULLET, SUBBULLET = "•", "-"


@dataclass
class BodyFonts:
    regular: str
    bold: str

    @classmethod
    def of(cls, style: Style) -> BodyFonts:
        generic = "TT" if style.heading_weight == "flags" else None
        regular, bold = register(style.body_font, generic)
        return cls(regular, bold)


@dataclass
class Placed:
    """Pages (indices into the body pages) of one item's first and last lines."""

    first: int
    last: int


@dataclass
class BodyResult:
    pages: list[Page]
    headings: dict[str, int] = field(default_factory=dict)  # heading id -> body page index
    measures: dict[int, Placed] = field(default_factory=dict)
    footnotes: dict[int, int] = field(default_factory=dict)  # footnote no -> body page index


def call_run(no: int, font: str, size: float, how: str) -> Run:
    if how == "superscript":
        return Run(str(no), font, round(size * 0.6, 2), rise=size * 0.35, call=no)
    text = f"*{no}" if how == "star" else f"({no})"
    return Run(text, font, size, call=no)


def words_with_calls(
    text: str, calls: list[tuple[int, int]], font: str, size: float, how: str
) -> list[Word]:
    """Words of `text` with each footnote call glued to the character before its offset."""
    marked = text
    for offset, no in sorted(calls, reverse=True):
        marked = marked[:offset] + f"\x00{no}\x00" + marked[offset:]
    words: list[Word] = []
    for token in marked.split():
        runs = []
        for i, part in enumerate(re.split(r"\x00(\d+)\x00", token)):
            if i % 2:
                runs.append(call_run(int(part), font, size, how))
            elif part:
                runs.append(Run(part, font, size))
        if runs:
            words.append(tuple(runs))
    return words


class Flow:
    """Lines placed top to bottom on body pages, with room kept for the footnotes they call."""

    def __init__(self, style: Style, footnote_lines: dict[int, list[list[Run]]]) -> None:
        self.size = style.body_size
        self.width, self.height = PAGE_SIZES[style.page_size]
        self.side, self.vert = MARGINS[style.margins]
        self.fn_lines = footnote_lines
        self.fn_lead = style.body_size * 0.82 * 1.25
        self.pages: list[Page] = []
        self.fns: list[list[int]] = []
        self.new_page()

    @property
    def left(self) -> float:
        return self.side

    @property
    def text_width(self) -> float:
        return self.width - 2 * self.side

    def new_page(self) -> None:
        self.pages.append(Page(self.width, self.height))
        self.fns.append([])
        self.top = self.vert

    def _fn_height(self, nos: list[int]) -> float:
        if not nos:
            return 0.0
        return self.size + sum(len(self.fn_lines[n]) * self.fn_lead + 2 for n in nos)

    def room(self) -> float:
        return self.height - self.vert - self._fn_height(self.fns[-1]) - self.top

    def place(self, x: float, runs: list[Run], lead: float, space_before: float = 0.0) -> int:
        calls = [r.call for r in runs if r.call is not None]
        for attempt in range(2):
            gap = space_before if self.top > self.vert else 0.0
            limit = self.height - self.vert - self._fn_height(self.fns[-1] + calls)
            if self.top + gap + lead <= limit or (attempt and self.top == self.vert):
                break
            self.new_page()
        self.top += gap
        self.pages[-1].text(x, self.top, runs, self.size)
        self.top += lead
        self.fns[-1].extend(calls)
        return len(self.pages) - 1

    def keep(self, height: float) -> None:
        """Start a new page unless `height` more points fit on this one."""
        if self.top > self.vert and self.room() < height:
            self.new_page()

    def finish_footnotes(self, fonts: BodyFonts) -> None:
        for page, nos in zip(self.pages, self.fns, strict=True):
            if not nos:
                continue
            top = self.height - self.vert - self._fn_height(nos) + self.size * 0.5
            page.line(self.left, top - 3, self.left + 120, top - 3, lw=0.5)
            for no in nos:
                for runs in self.fn_lines[no]:
                    page.text(self.left, top, runs, self.size * 0.82)
                    top += self.fn_lead
                top += 2


def footnote_lines(
    footnotes: list[dict], style: Style, fonts: BodyFonts, text_width: float
) -> dict[int, list[list[Run]]]:
    size = round(style.body_size * 0.82, 2)
    out = {}
    for f in footnotes:
        mark = call_run(f["no"], fonts.regular, size, style.footnote_calls)
        lines = wrap(words_of(f["text"], fonts.regular, size), text_width - 14)
        runs = [[mark, Run(" ", fonts.regular, size)] + line_runs(lines[0])]
        runs += [[Run("", fonts.regular, size)] + line_runs(line) for line in lines[1:]]
        out[f["no"]] = runs
    return out


@dataclass
class HeadingLook:
    bold: bool
    size_delta: float
    indent: float  # in units of the body size


HEADING_LOOK = {
    "chapter": HeadingLook(True, 1.5, 0),
    "list_heading": HeadingLook(True, 0.5, 0),
    "key_point": HeadingLook(True, 0.5, 0),
    "section": HeadingLook(True, 0.5, 0),
    "vision": HeadingLook(True, 0, 0.5),
    "key_point_summary": HeadingLook(True, 0, 0.5),
    "subsection": HeadingLook(True, 0, 0.5),
    "letter": HeadingLook(True, 0, 1.0),
    "theme": HeadingLook(False, 0, 1.0),
}


class BodyWriter:
    def __init__(self, gold: dict, style: Style) -> None:
        self.gold = gold
        self.style = style
        self.fonts = BodyFonts.of(style)
        self.size = style.body_size
        self.lead = self.size * LEADING
        width, _ = PAGE_SIZES[style.page_size]
        side, _ = MARGINS[style.margins]
        fns = footnote_lines(gold["footnotes"], style, self.fonts, width - 2 * side)
        self.flow = Flow(style, fns)
        self.result = BodyResult(self.flow.pages)
        self.headings = {h["id"]: h for h in gold["headings"]}
        self.measures = {m["no"]: m for m in gold["measures"]}

    def heading(self, h: dict) -> None:
        look = HEADING_LOOK.get(h["kind"], HeadingLook(True, 0, 0))
        bold = look.bold and not (h["kind"] == "letter" and self.style.letter_style == "plain")
        font = self.fonts.bold if bold else self.fonts.regular
        size = self.size + look.size_delta
        x = self.flow.left + look.indent * self.size
        lines = wrap(words_of(h["text"], font, size), self.flow.text_width - (x - self.flow.left))
        before = self.size * (1.0 if look.size_delta else 0.5)
        self.flow.keep(before + len(lines) * size * LEADING + 2 * self.lead)
        for i, line in enumerate(lines):
            page = self.flow.place(x, line_runs(line), size * LEADING, before if i == 0 else 0)
            if i == 0:
                self.result.headings[h["id"]] = page

    def paragraph(
        self, words: list[Word], style: str, indent: float = 0.0
    ) -> tuple[list[int], list[list[Word]]]:
        """Lay out one paragraph; returns the page of each line and the lines."""
        left, size = self.flow.left + indent, self.size
        hang = size * 1.3
        glyph = None
        if style == "plain":
            x_first, x_rest = left + size, left
        elif style == "bullet":
            glyph, x_first, x_rest = (left, BULLET), left + hang, left + hang
        elif style == "subbullet":
            glyph, x_first, x_rest = (left + hang, SUBBULLET), left + 2 * hang, left + 2 * hang
        else:  # "cont": continues the bullet above without a glyph
            x_first, x_rest = left + hang, left + hang
        right = self.flow.left + self.flow.text_width
        lines = wrap(words, right - x_first, right - x_rest)
        pages = []
        for i, line in enumerate(lines):
            x = x_first if i == 0 else x_rest
            page = self.flow.place(x, line_runs(line), self.lead, size * 0.4 if i == 0 else 0.0)
            if i == 0 and glyph:  # the glyph shares the first line's baseline
                self._glyph(page, glyph[0], self.flow.top - self.lead, glyph[1])
            pages.append(page)
        return pages, lines

    def _glyph(self, page: int, x: float, top: float, glyph: str) -> None:
        """Bullets of the standard fonts are drawn as discs: their "•" is written as code 127,
        which text extractors cannot map (a producer quirk that would garble every bullet)."""
        if glyph == BULLET and not is_truetype(self.style.body_font):
            self.flow.pages[page].dot(x + self.size * 0.25, top + self.size * 0.5, self.size * 0.17)
            return
        self.flow.pages[page].text(x, top, [Run(glyph, self.fonts.regular, self.size)], self.size)

    def text_paragraph(self, item: dict) -> None:
        calls = [tuple(c) for c in item.get("calls") or []]
        words = words_with_calls(
            item["text"], calls, self.fonts.regular, self.size, self.style.footnote_calls
        )
        pages, lines = self.paragraph(words, item.get("style", "plain"))
        self._note_calls(pages, lines)

    def _note_calls(self, pages: list[int], lines: list[list[Word]]) -> None:
        for page, line in zip(pages, lines, strict=True):
            for word in line:
                for run in word:
                    if run.call is not None:
                        self.result.footnotes[run.call] = page

    def measure(self, no: int) -> None:
        m = self.measures[no]
        offsets, start = [], 0
        for p in m["paragraphs"]:
            offsets.append(start)
            start += len(p["text"]) + 2
        first = last = None
        for i, p in enumerate(m["paragraphs"]):
            calls = [
                (off - offsets[i], fn)
                for off, fn in m.get("footnote_calls") or []
                if offsets[i] <= off <= offsets[i] + len(p["text"])
            ]
            words = words_with_calls(
                p["text"], calls, self.fonts.regular, self.size, self.style.footnote_calls
            )
            if i == len(m["paragraphs"]) - 1:
                words += self._tail(m)
            pages, lines = self.paragraph(words, p["style"], indent=self.size)
            self._note_calls(pages, lines)
            first = pages[0] if first is None else first
            for page, line in zip(pages, lines, strict=True):
                if any(r.mark == "tag" for w in line for r in w):
                    last = page
        self.result.measures[no] = Placed(first, last)

    def _tail(self, m: dict) -> list[Word]:
        font, size = self.fonts.regular, self.size
        words = words_of(f"[{m['ministries_raw']}]", font, size) if m["ministries_raw"] else []
        words.append((Run(f"<{m['no']}>", font, size, mark="tag"),))
        if m["refs_raw"]:
            words += words_of(m["refs_raw"], font, size)
        return words

    def write(self, items: list[dict]) -> BodyResult:
        for item in items:
            if item["type"] == "heading":
                self.heading(self.headings[item["id"]])
            elif item["type"] == "p":
                self.text_paragraph(item)
            else:
                self.measure(item["no"])
        self.flow.finish_footnotes(self.fonts)
        return self.result


def cover_page(gold: dict, style: Style, fonts: BodyFonts) -> Page:
    width, height = PAGE_SIZES[style.page_size]
    page = Page(width, height)
    cover = gold["cover"]
    top = height * 0.28
    size = 20.0
    for line in wrap(words_of(cover["title"], fonts.bold, size), width * 0.7):
        runs = line_runs(line)
        page.text((width - runs_width(runs)) / 2, top, runs, size)
        top += size * 1.4
    top += 60
    for text in [cover["date"], cover["issuer"], *cover.get("revision_lines", [])]:
        runs = [Run(text, fonts.regular, 12.0)]
        page.text((width - runs_width(runs)) / 2, top, runs, 12.0)
        top += 24
    return page


def toc_pages(entries: list[tuple[str, int, str]], style: Style, fonts: BodyFonts) -> list[Page]:
    """Contents pages: (text, level, printed page) per entry, with or without dot leaders."""
    page_w, page_h = PAGE_SIZES[style.page_size]
    side, vert = MARGINS[style.margins]
    size = style.body_size
    lead = size * 1.45
    pages = [Page(page_w, page_h)]
    title = [Run("Table of Contents", fonts.bold, size + 2)]
    pages[0].text((page_w - runs_width(title)) / 2, vert, title, size + 2)
    top = vert + 3 * size
    right = page_w - side
    for text, level, printed in entries:
        x = side + size * (level - 1)
        num = Run(printed, fonts.regular, size)
        lines = wrap(words_of(text, fonts.regular, size), right - x - 4 * size)
        for i, line in enumerate(lines):
            if top + lead > page_h - vert:
                pages.append(Page(page_w, page_h))
                top = vert
            runs = line_runs(line)
            if i == len(lines) - 1:
                if style.toc_leaders == "dots":
                    room = right - num.width - x - runs_width(runs) - 6
                    dots = "." * max(3, int(room / width(".", fonts.regular, size)))
                    runs = runs + [Run(" " + dots, fonts.regular, size)]
                pages[-1].text(right - num.width, top, [num], size)
            pages[-1].text(x, top, runs, size)
            top += lead
    return pages
