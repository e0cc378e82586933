"""The body stages on re-styled copies of a fixture: scaled geometry, other font names, other
bullet glyphs and footer styles. These stand in for PDFs nobody here has seen: nothing in the
layout or structure stage may depend on the fixture's coordinates, fonts or glyphs.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import pytest

from extract.labels import parse_page_label
from extract.layout import analyse_layout
from extract.models import PageData, RawDocument, Word
from extract.structure import extract_structure
from tests.conftest import load_gold, load_raw
from tests.test_body_golden import similarity


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


@cache
def variant_structure(name: str, variant: str):
    raw = restyle(load_raw(name), *VARIANTS[variant])
    return extract_structure(analyse_layout(raw))


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_restyled_fixture_gives_the_same_measures(layout, variant):
    structure = variant_structure(layout, variant)
    gold = {m["no"]: m for m in load_gold(layout)["measures"]}
    got = {m.measure_no: m for m in structure.measures}
    assert sorted(got) == sorted(gold)
    for no, g in gold.items():
        m = got[no]
        assert (m.key_point, m.subsection, list(m.ministries)) == (
            g["key_point"],
            g["subsection"],
            g["ministries"],
        ), no
        assert (m.page_start, m.page_end, m.label_start, m.label_end) == (
            g["page_start"],
            g["page_end"],
            g["label_start"],
            g["label_end"],
        ), no
        assert similarity(m.text, g["text"]) >= 0.98, no


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_restyled_fixture_gives_the_same_footnotes(layout, variant):
    structure = variant_structure(layout, variant)
    gold = {f["no"]: (f["page"], f["label"]) for f in load_gold(layout)["footnotes"]}
    assert {f.footnote_no: (f.page, f.label) for f in structure.footnotes} == gold
