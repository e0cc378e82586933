"""Fiscal-year columns of a work-schedule table, derived from its header row.

The header row is the line of text naming at least three consecutive fiscal years ("FY2022",
"FY 2023", ...). Column boundaries come from the vertical rules crossing that row; where a
header is not ruled, from midpoints between neighbouring labels. A year is split into halves
when a vertical rule runs through the middle of its column below the header.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extract.fiscal_years import fiscal_year
from extract.models import Word
from extract.tables.geometry import (
    BREAK,
    CROSS,
    INSET,
    REACH,
    TOUCH,
    Segment,
    cluster,
    coverage,
)
from extract.tables.text import TextLine
from extract.wording import matches

YEAR = re.compile(r"^(?:19|20|21)\d{2}$")

# Ratios of the header row's own geometry:
HEADER_RULE_COVER = 0.5  # a rule above/below the header spans at least half its year labels
BAND_REACH = 2.0  # ... and lies within two line heights of them (else it belongs to another row)
BAND_PAD = 0.3  # an unruled header row reaches this many line heights beyond its text
MID_BAND = 0.25  # rules crossing the header must span its middle half (not a corner tick)
HALF_MIDDLE = 0.3  # a half-year rule runs in the middle 40% of a year column (not its edges)
SPAN_COVER = 0.5  # a cell covers a column when it covers at least half of its width
# A header row names at least three consecutive years (two could be running text: "from
# FY2023 to FY2024"), with at most a two-word bracketed note between labels ("(R4)", "(Reiwa 4)").
MIN_YEARS = 3
MAX_NOTE_WORDS = 2


@dataclass(frozen=True, slots=True)
class FyColumn:
    fy: int
    half: str | None
    x0: float
    x1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass(frozen=True, slots=True)
class Header:
    """The roadmap header row of one table on one page, and the columns it defines."""

    page: int
    top: float
    bottom: float
    frame_x0: float
    policy_x0: float
    policy_x1: float
    kpi_x0: float
    kpi_x1: float
    years: tuple[FyColumn, ...]  # one per fiscal year (before any half-year split)
    size: float  # the header row's text size: the table's tolerances are in ems of it

    @property
    def fy_x0(self) -> float:
        return self.years[0].x0

    @property
    def fy_x1(self) -> float:
        return self.years[-1].x1


def _label_at(words: Sequence[Word], i: int) -> tuple[int, int] | None:
    """(year, words used) if a fiscal-year label starts at words[i]: 'FY2022', 'FY 2022',
    'Fiscal Year 2022' or a bare '2022'."""
    text = words[i].text
    year = fiscal_year(text)
    if year is not None:
        return year, 1
    used = 0
    while i + used < len(words) and words[i + used].text.lower() in ("fy", "fiscal", "year"):
        used += 1
    if used and i + used < len(words) and YEAR.match(words[i + used].text):
        return int(words[i + used].text), used + 1
    if not used and YEAR.match(text):
        return int(text), 1
    return None


def _fy_words(line: TextLine) -> list[tuple[int, float, float]]:
    """(year, x0, x1) of every fiscal-year label on a line."""
    out: list[tuple[int, float, float]] = []
    words = line.words
    i = 0
    while i < len(words):
        found = _label_at(words, i)
        if found is None:
            i += 1
            continue
        year, used = found
        out.append((year, words[i].x0, words[i + used - 1].x1))
        i += used
    return out


def is_header_line(line: TextLine) -> bool:
    """At least three consecutive years labelled, with nothing between the labels but a short
    bracketed note ("(R4)"), so that running text that names years across neighbouring cells
    ("... up to FY2023 ... up to FY2024") is not taken for a header."""
    labels = _fy_words(line)
    years = [y for y, _, _ in labels]
    if len(years) < MIN_YEARS or any(b - a != 1 for a, b in zip(years, years[1:], strict=False)):
        return False
    for (_, _, a_x1), (_, b_x0, _) in zip(labels, labels[1:], strict=False):
        between = [w for w in line.words if w.x0 >= a_x1 - TOUCH and w.x1 <= b_x0 + TOUCH]
        note = " ".join(w.text for w in between)
        if between and (
            len(between) > MAX_NOTE_WORDS or not (note[0] in "(（[" and note[-1] in ")）]")
        ):
            return False
    return True


def build_header(
    line: TextLine, segs: Sequence[Segment], page: int, page_width: float
) -> Header | None:
    """Column boundaries for the header row on `line` (None if it is not one)."""
    labels = _fy_words(line)
    if len(labels) < MIN_YEARS:
        return None
    top, bottom = _header_band(line, labels, segs)
    size = line.size
    hair, pad = CROSS * size, REACH * size
    mid_lo, mid_hi = top + MID_BAND * (bottom - top), bottom - MID_BAND * (bottom - top)
    xs = cluster(
        s.pos for s in segs if s.vertical and s.start <= mid_lo + TOUCH and s.end >= mid_hi - TOUCH
    )
    years = _year_columns(labels, xs, size)
    left_words = [w for w in line.words if w.x1 <= years[0].x0 + hair]
    right_words = [w for w in line.words if w.x0 >= years[-1].x1 - hair]
    left_xs = [x for x in xs if x < years[0].x0 - hair]
    right_xs = [x for x in xs if x > years[-1].x1 + hair]
    if left_xs:
        frame_x0 = left_xs[0]
        policy_x0 = left_xs[-1] if len(left_xs) >= 2 else left_xs[0]
    else:
        frame_x0 = policy_x0 = min((w.x0 for w in left_words), default=years[0].x0) - pad
    if len(left_xs) >= 2 and left_words:
        # the policy column is the ruled interval holding the last header word left of FY
        anchor = max(left_words, key=lambda w: w.x0)
        policy_x0 = max((x for x in left_xs if x <= anchor.x0 + hair), default=left_xs[0])
    kpi_x1 = right_xs[0] if right_xs else max((w.x1 for w in right_words), default=page_width) + pad
    return Header(
        page=page,
        top=top,
        bottom=bottom,
        frame_x0=frame_x0,
        policy_x0=policy_x0,
        policy_x1=years[0].x0,
        kpi_x0=years[-1].x1,
        kpi_x1=max(right_xs) if right_xs else kpi_x1,
        years=tuple(years),
        size=size,
    )


def _header_band(
    line: TextLine, labels: list[tuple[int, float, float]], segs: Sequence[Segment]
) -> tuple[float, float]:
    """Top and bottom of the header row: the nearest rules above and below its labels."""
    lo, hi = labels[0][1], labels[-1][2]
    height = line.bottom - line.top
    above = [
        s.pos
        for s in segs
        if not s.vertical
        and line.top - BAND_REACH * height <= s.pos <= line.top + TOUCH
        and coverage(segs, False, s.pos, lo, hi) >= HEADER_RULE_COVER
    ]
    below = [
        s.pos
        for s in segs
        if not s.vertical
        and line.bottom - TOUCH <= s.pos <= line.bottom + BAND_REACH * height
        and coverage(segs, False, s.pos, lo, hi) >= HEADER_RULE_COVER
    ]
    top = max(above) if above else line.top - BAND_PAD * height
    bottom = min(below) if below else line.bottom + BAND_PAD * height
    return top, bottom


def _year_columns(
    labels: list[tuple[int, float, float]], xs: list[float], size: float
) -> list[FyColumn]:
    """Each label's column: the rules just left and right of it, else label midpoints (the
    labels' text `size` sets how far a label may overhang a rule, and a lone label's margin)."""
    cols: list[FyColumn] = []
    hair, margin = CROSS * size, INSET * size
    for i, (year, x0, x1) in enumerate(labels):
        left = [x for x in xs if x <= x0 + hair]
        right = [x for x in xs if x >= x1 - hair]
        prev_mid = (labels[i - 1][2] + x0) / 2 if i else None
        next_mid = (x1 + labels[i + 1][1]) / 2 if i + 1 < len(labels) else None
        lo = max(left) if left and (prev_mid is None or max(left) >= prev_mid - hair) else None
        hi = min(right) if right and (next_mid is None or min(right) <= next_mid + hair) else None
        if lo is None:
            lo = prev_mid if prev_mid is not None else x0 - (next_mid - x1 if next_mid else margin)
        if hi is None:
            hi = next_mid if next_mid is not None else x1 + (x0 - prev_mid if prev_mid else margin)
        cols.append(FyColumn(year, None, lo, hi))
    return cols


def half_subheader(
    header: Header, lines: Sequence[TextLine], segs: Sequence[Segment]
) -> tuple[float, dict[int, float]] | None:
    """A sub-header row of half-year labels ("H1 H2", "1st half 2nd half") under the header.

    Returns where the body then starts and, per year with two labels, the x between them.
    """
    height = header.bottom - header.top
    hair, pad = CROSS * header.size, REACH * header.size
    below = [
        TextLine(inside)
        for ln in lines
        if header.bottom - hair <= ln.top <= header.bottom + BAND_REACH * height
        for inside in [
            tuple(
                w for w in ln.words if header.fy_x0 - pad <= (w.x0 + w.x1) / 2 <= header.fy_x1 + pad
            )
        ]
        if inside
    ]
    # only the words under the year labels count: a side label ("Roadmap") may share the line
    line = min(below, key=lambda ln: ln.top, default=None)
    if line is None or not all(matches("half_label", w.text) for w in line.words):
        return None
    splits: dict[int, float] = {}
    for col in header.years:
        inside = sorted(
            (w for w in line.words if col.x0 <= (w.x0 + w.x1) / 2 <= col.x1), key=lambda w: w.x0
        )
        starts = [w for w in inside if not w.text.lower().startswith("half")]
        if len(starts) >= 2:
            first_end = max(w.x1 for w in inside if w.x0 < starts[1].x0)
            splits[col.fy] = (first_end + starts[1].x0) / 2
    rules = [
        s.pos
        for s in segs
        if not s.vertical and line.bottom - TOUCH <= s.pos <= line.bottom + height
    ]
    return (min(rules) if rules else line.bottom + hair), splits


def split_halves(
    years: Sequence[FyColumn],
    segs: Sequence[Segment],
    body_top: float,
    body_bottom: float,
    labelled: dict[int, float] | None = None,
    *,
    size: float,
) -> tuple[FyColumn, ...]:
    """Split a year into H1/H2 where a rule runs through the middle of its column in the body
    (or where a half-year sub-header puts the boundary, `labelled`: year -> x).

    The rule must reach into the body, not just touch its top or bottom, by amounts in ems of
    the table's text `size`."""
    out: list[FyColumn] = []
    edge, depth = REACH * size, INSET * size
    for col in years:
        if labelled and col.fy in labelled:
            x = labelled[col.fy]
            out += [FyColumn(col.fy, "H1", col.x0, x), FyColumn(col.fy, "H2", x, col.x1)]
            continue
        mids = [
            s.pos
            for s in segs
            if s.vertical
            and col.x0 + HALF_MIDDLE * col.width < s.pos < col.x1 - HALF_MIDDLE * col.width
            and s.end > body_top + edge
            and s.start < body_bottom - edge
            and min(s.end, body_bottom) - max(s.start, body_top) > depth
        ]
        if mids:
            x = cluster(mids, tol=BREAK * size)[0]
            out += [FyColumn(col.fy, "H1", col.x0, x), FyColumn(col.fy, "H2", x, col.x1)]
        else:
            out.append(col)
    return tuple(out)


def span_of(columns: Sequence[FyColumn], x0: float, x1: float) -> tuple[int, int] | None:
    """Indices of the first and last column that [x0, x1] covers by at least half.

    A box narrower than half of every column it touches still maps to the column holding
    its centre, so that small arrows in half-year columns are not lost.
    """
    cover = [min(x1, c.x1) - max(x0, c.x0) for c in columns]
    hit = [i for i, c in enumerate(columns) if cover[i] >= SPAN_COVER * c.width]
    if not hit:
        cx = (x0 + x1) / 2
        inside = [i for i, c in enumerate(columns) if c.x0 <= cx <= c.x1]
        if not inside:
            return None
        hit = inside
    return hit[0], hit[-1]
