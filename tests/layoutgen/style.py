"""The seeded style of one rendering: every variation is a named choice recorded in its metadata.

`choose_style(seed)` draws each variation at random; `choose_style(seed, cover=True)` deals
each variation's options out over a cycle of 12 seeds (in its own fixed shuffled order), so that
seeds 0..11 together use every option of every variation while the combinations still differ
from seed to seed.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass

from tests.layoutgen.fonts import bundled_families, is_truetype

COVER_CYCLE = 12  # seeds 0..11 use every option of every variation (none has more than 6)
PAGE_NUMBER_STYLES = ["{n}", "- {n} -", "Page {n}", "p. {n}", "{n} / {N}"]

VARIATIONS: dict[str, list] = {
    "page_size": ["A4", "letter"],
    "body_font": [],  # filled from the available font families
    "body_size": [9.5, 10.0, 10.5, 11.0, 12.0],
    "margins": ["narrow", "normal", "wide"],
    "heading_weight": ["name", "flags"],
    "letter_style": ["bold", "plain"],
    "footnote_calls": ["superscript", "star", "paren"],
    "toc_leaders": ["dots", "none"],
    "body_page_numbers": PAGE_NUMBER_STYLES,
    "table_font": [],
    "table_size": [6.5, 7.0, 7.5, 8.0],
    "label_column": ["one_line", "two_lines", "three_lines"],
    "title_width": ["full", "narrow", "tag_line"],
    "form_rules": ["ruled", "unruled"],
    "fy_cells": ["merged", "arrow_filled", "arrow_outlined"],
    "year_grid": ["solid", "dashed"],
    "half_header": ["spanning", "h1h2"],
    "repeat_header": ["repeat", "once"],
    "att_page_numbers": ["none", *PAGE_NUMBER_STYLES],
    "att_pages": ["landscape", "rotated"],
    # new variations go last: the random styles of earlier seeds keep their earlier draws
    "kpi_items": ["spaced", "bullets"],
    "letter_gaps": ["none", "some"],
}


@dataclass(frozen=True)
class Style:
    seed: int
    page_size: str
    body_font: str
    body_size: float
    margins: str
    heading_weight: str  # "name": bold face named bold; "flags": generic names, bold in flags
    letter_style: str  # "plain": letter subsections look like running text
    footnote_calls: str
    toc_leaders: str
    body_page_numbers: str
    table_font: str
    table_size: float
    label_column: str
    title_width: str
    form_rules: str
    fy_cells: str
    year_grid: str
    half_header: str
    repeat_header: str
    att_page_numbers: str
    att_pages: str
    kpi_items: str  # "spaced": extra space between KPI items; "bullets": a bullet starts each
    letter_gaps: str  # "some": a few words drawn in two pieces with a gap narrower than a space

    def as_dict(self) -> dict:
        return asdict(self)


def choose_style(seed: int, families: list[str] | None = None, cover: bool = False) -> Style:
    families = families or bundled_families()
    options = dict(VARIATIONS, body_font=families, table_font=families)
    rng = random.Random(seed)
    chosen = {}
    for name, values in options.items():
        if cover:
            cycle = [values[i % len(values)] for i in range(COVER_CYCLE)]
            random.Random(name).shuffle(cycle)
            chosen[name] = cycle[seed % COVER_CYCLE]
        else:
            chosen[name] = rng.choice(values)
    if chosen["heading_weight"] == "flags" and not is_truetype(chosen["body_font"]):
        # weight only in the descriptor flags needs an embedded font; keep the variation
        chosen["body_font"] = next(f for f in families if is_truetype(f))
    return Style(seed=seed, **chosen)
