"""The body stages on re-styled copies of a fixture: scaled geometry, other font names, other
bullet glyphs and footer styles. These stand in for PDFs nobody here has seen: nothing in the
layout or structure stage may depend on the fixture's coordinates, fonts or glyphs.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import pytest

from extract.blocks import BULLET_RE, join_lines
from extract.labels import parse_page_label
from extract.layout import analyse_layout
from extract.models import PageData, RawDocument, Word
from extract.structure import extract_structure
from tests.conftest import load_gold, load_raw
from tests.test_body_golden import norm


def restyle(
    raw: RawDocument,
    scale: float,
    shift: float,
    bullet: str,
    footer: str,
    display_headings: bool = False,
) -> RawDocument:
    """Scale and shift every word, rename fonts, swap bullet glyphs, rewrite page footers.

    With `display_headings`, bold text becomes regular weight in another family (headings
    set apart by their face, not by weight).
    """
    pages = []
    for page in raw.pages:
        words = []
        last_top = max((w.top for w in page.words), default=0.0)
        for w in page.words:
            in_footer = abs(w.top - last_top) < 1 and w.top > 0.9 * page.height
            if w.text in {"-", "–"} and in_footer:
                continue  # the dashes of a "- 3 -" footer; the new style replaces them
            text = w.text
            if text in {"•", "・"}:
                text = bullet
            if parse_page_label(w.text) and in_footer:
                text = footer.format(n=w.text)
            words.append(
                replace(
                    w,
                    text=text,
                    x0=w.x0 * scale + shift,
                    x1=w.x1 * scale + shift,
                    top=w.top * scale + shift,
                    bottom=w.bottom * scale + shift,
                    size=round(w.size * scale, 2),
                    fontname=_font(w, display_headings),
                    bold=w.bold and not display_headings,
                )
            )
        pages.append(
            PageData(
                page.page,
                page.width * scale + 2 * shift,
                page.height * scale + 2 * shift,
                tuple(_split_footer(words)),
                (),
            )
        )
    return replace(raw, pages=tuple(pages))


def _font(w: Word, display_headings: bool) -> str:
    if w.bold:
        return "DisplaySans-Regular" if display_headings else "Other-Bold"
    return "Other-Book"


def _split_footer(words: list[Word]) -> list[Word]:
    """A rewritten footer ('Page 3') becomes separate words, as a PDF would give them."""
    out = []
    for w in words:
        parts = w.text.split(" ")
        if len(parts) == 1:
            out.append(w)
            continue
        x = w.x0
        for part in parts:
            width = 0.5 * w.size * len(part)
            out.append(replace(w, text=part, x0=x, x1=x + width))
            x += width + 0.3 * w.size
    return out


VARIANTS = {
    "larger-serif-like": (1.15, 12.0, "○", "Page {n}", False),
    "smaller-dashes": (0.9, -5.0, "■", "- {n} -", False),
    "display-face-headings": (1.0, 0.0, "▪", "p. {n}", True),
}


PAGE_FIELDS = ("page_start", "page_end", "label_start", "label_end")


def assert_measures_equal_gold(structure, layout: str, fields: tuple[str, ...]) -> None:
    """Every gold measure of `layout` is found with these fields, its pages and its text."""
    gold = {m["no"]: m for m in load_gold(layout)["measures"]}
    got = {m.measure_no: m for m in structure.measures}
    assert sorted(got) == sorted(gold)
    for no, g in gold.items():
        for name in (*fields, *PAGE_FIELDS):
            value = getattr(got[no], name)
            assert (list(value) if isinstance(value, tuple) else value) == g[name], (no, name)
        assert norm(got[no].text) == norm(g["text"]), no


@cache
def variant_structure(name: str, variant: str):
    raw = restyle(load_raw(name), *VARIANTS[variant])
    return extract_structure(analyse_layout(raw))


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_restyled_fixture_gives_the_same_measures(layout, variant):
    structure = variant_structure(layout, variant)
    assert_measures_equal_gold(structure, layout, ("key_point", "subsection", "ministries"))


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_restyled_fixture_gives_the_same_footnotes(layout, variant):
    structure = variant_structure(layout, variant)
    gold = {f["no"]: (f["page"], f["label"]) for f in load_gold(layout)["footnotes"]}
    assert {f.footnote_no: (f.page, f.label) for f in structure.footnotes} == gold


# --------------------------------------------------------------------------- re-wrapped text

# The re-wrapped copy sets the body text in a column this share of the original width, so the
# words of almost every line break differently (the variants above only scale and rename, so no
# word ever moves to another line).
REWRAP_SHARE = 0.7


def _visual_lines(words: tuple[Word, ...]) -> list[list[Word]]:
    """Words grouped by vertical overlap (superscripts join their line), left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        for ln in lines:
            top, bottom = min(x.top for x in ln), max(x.bottom for x in ln)
            overlap = min(bottom, w.bottom) - max(top, w.top)
            if overlap >= 0.5 * min(bottom - top, w.bottom - w.top):
                ln.append(w)
                break
        else:
            lines.append([w])
    return [sorted(ln, key=lambda w: w.x0) for ln in sorted(lines, key=lambda ln: ln[0].top)]


def _units(line: list[Word], size: float) -> list[list[Word]]:
    """Words that touch (a superscript call, a font change inside a word) never part."""
    units: list[list[Word]] = []
    for w in line:
        if units and w.x0 - units[-1][-1].x1 < 0.1 * size:
            units[-1].append(w)
        else:
            units.append([w])
    return units


def _text(unit: list[Word]) -> str:
    return "".join(w.text for w in unit)


def _breakable(before: list[Word], after: list[Word]) -> bool:
    """May a new line start between these units? Not after a hyphen (a line-end hyphen reads
    as a split compound), not before a dash or bullet glyph (a line start reads as a bullet)."""
    return not _text(before).endswith(("-", "‐")) and not BULLET_RE.match(_text(after))


def _runs(lines: list[list[Word]], size: float, right: float) -> list[tuple[int, int]]:
    """(first, last) line index of each paragraph run: justified full lines at body size, one
    under the other at the line pitch, continuation lines at one left edge, ended by a short
    line. A one-line run is left alone."""

    def text_line(ln: list[Word]) -> bool:
        main = [w for w in ln if w.size >= 0.85 * size]
        return bool(main) and all(w.size == size for w in main) and not all(w.bold for w in main)

    def full(ln: list[Word]) -> bool:
        return ln[-1].x1 >= right - size

    runs, i = [], 0
    while i < len(lines):
        j = i
        while (
            text_line(lines[j])
            and full(lines[j])
            and j + 1 < len(lines)
            and text_line(lines[j + 1])
            and lines[j + 1][0].top - lines[j][0].top <= 1.6 * size
            and lines[j + 1][0].x0 <= lines[i][0].x0 + 1
            and (j == i or abs(lines[j + 1][0].x0 - lines[i + 1][0].x0) < 1)
            and not BULLET_RE.match(lines[j + 1][0].text)
        ):
            j += 1
        if j > i:
            runs.append((i, j))
        i = j + 1
    return runs


def _reflow(run: list[list[Word]], size: float, right: float) -> list[list[Word]]:
    """The run's words packed into a narrower column, justified like the original."""
    left, indent = run[1][0].x0, run[0][0].x0
    width = REWRAP_SHARE * (right - left)
    units: list[tuple[list[Word], float]] = []  # (unit, its original line's top)
    for ln in run:
        for n, unit in enumerate(_units(ln, size)):
            glue = n == 0 and units and join_lines([_text(units[-1][0]), _text(unit)])
            if glue and " " not in glue[-len(_text(unit)) - 1 :]:  # a split compound
                prev, top = units[-1]
                dx, dy = prev[-1].x1 - unit[0].x0, top - ln[0].top
                moved = [
                    replace(v, x0=v.x0 + dx, x1=v.x1 + dx, top=v.top + dy, bottom=v.bottom + dy)
                    for v in unit
                ]
                units[-1] = (prev + moved, top)
            else:
                units.append((unit, ln[0].top))
    space = 0.25 * size
    packed: list[list[tuple[list[Word], float]]] = [[]]
    x = indent
    for unit, top in units:
        w = unit[-1].x1 - unit[0].x0
        if packed[-1] and x + space + w > left + width and _breakable(packed[-1][-1][0], unit):
            packed.append([])
            x = left
        x += (space if packed[-1] else 0) + w
        packed[-1].append((unit, top))
    pitch = run[1][0].top - run[0][0].top
    last_full = run[-1][-1].x1 >= right - size
    out = []
    for k, row in enumerate(packed):
        start = indent if k == 0 else left
        widths = [u[-1].x1 - u[0].x0 for u, _ in row]
        gap = space
        if (k < len(packed) - 1 or last_full) and len(row) > 1:
            gap = (left + width - start - sum(widths)) / (len(row) - 1)
        x, line = start, []
        for (unit, top), w in zip(row, widths, strict=True):
            dy = run[0][0].top + k * pitch - top
            dx = x - unit[0].x0
            line += [
                replace(v, x0=v.x0 + dx, x1=v.x1 + dx, top=v.top + dy, bottom=v.bottom + dy)
                for v in unit
            ]
            x += w + gap
        out.append(line)
    return out


def rewrap(raw: RawDocument, pages: set[int]) -> tuple[RawDocument, int, int]:
    """Body text of `pages` re-set in a narrower column: (document, lines before, after).

    Pages grow taller by the added lines, so every word stays on its page (the gold's pages
    and labels still hold); what follows a paragraph moves down with it.
    """
    sizes: dict[float, int] = {}
    for page in raw.pages:
        for w in page.words:
            sizes[w.size] = sizes.get(w.size, 0) + len(w.text)
    size = max(sizes, key=sizes.__getitem__)
    out, before, after = [], 0, 0
    for page in raw.pages:
        if page.page not in pages:
            out.append(page)
            continue
        lines = _visual_lines(page.words)
        right = max(ln[-1].x1 for ln in lines if ln[0].size == size)
        runs = dict(_runs(lines, size, right))
        words, shift, i = [], 0.0, 0
        while i < len(lines):
            if i in runs:
                run = lines[i : runs[i] + 1]
                new = _reflow(run, size, right)
                pitch = run[1][0].top - run[0][0].top
                words += [
                    replace(w, top=w.top + shift, bottom=w.bottom + shift) for ln in new for w in ln
                ]
                before, after = before + len(run), after + len(new)
                shift += (len(new) - len(run)) * pitch
                i = runs[i] + 1
            else:
                words += [replace(w, top=w.top + shift, bottom=w.bottom + shift) for w in lines[i]]
                i += 1
        out.append(replace(page, words=tuple(words), height=page.height + shift))
    return replace(raw, pages=tuple(out)), before, after


def _body_pages(name: str) -> set[int]:
    gold = load_gold(name)
    first = min(h["page"] for h in gold["headings"] if h.get("page"))
    return set(range(first, min(s["page_start"] for s in gold["schedules"])))


@cache
def rewrapped(name: str):
    raw, before, after = rewrap(load_raw(name), _body_pages(name))
    return extract_structure(analyse_layout(raw)), before, after


def test_rewrapped_text_really_re_wraps(layout):
    _, before, after = rewrapped(layout)
    assert before > 500  # the body's paragraph lines, nearly all of them
    assert after >= before / REWRAP_SHARE - before * 0.1  # a narrower column: more lines


def test_rewrapped_fixture_gives_the_same_measures_and_footnotes(layout):
    structure, _, _ = rewrapped(layout)
    fields = ("key_point", "subsection", "theme", "ministries", "refs_raw")
    assert_measures_equal_gold(structure, layout, fields)
    notes = {f["no"]: (f["page"], norm(f["text"])) for f in load_gold(layout)["footnotes"]}
    assert {f.footnote_no: (f.page, norm(f.text)) for f in structure.footnotes} == notes


def test_rewrapped_fixture_gives_the_same_headings(layout):
    structure, _, _ = rewrapped(layout)
    gold = load_gold(layout)["headings"]
    want = [(h["kind"], h["level"], norm(h["text"]), h["page"]) for h in gold]
    assert [(h.kind, h.level, norm(h.text), h.page) for h in structure.headings] == want
