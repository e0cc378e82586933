"""Ruling segments and closed shapes from a page's vector graphics.

Everything here is relative to what is drawn on the page: rect edges and line objects become
horizontal/vertical segments (solid or dashed alike), and closed paths that are not plain
rectangles (arrows, chevrons, outlined or filled) become shapes that carry cell text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from extract.models import Rect, Word

THIN = 3.0  # a drawn object thinner than this (pt) is a rule, not an area


@dataclass(frozen=True, slots=True)
class Segment:
    vertical: bool
    pos: float  # x of a vertical segment, y of a horizontal one
    start: float  # top (vertical) or x0 (horizontal)
    end: float
    dashed: bool = False
    stroked: bool = True  # False for the edge of a fill-only rectangle (a cell background)


@dataclass(frozen=True, slots=True)
class Shape:
    """A closed non-rectangular path (an arrow); `text_x1` is where its straight top edge ends."""

    x0: float
    top: float
    x1: float
    bottom: float
    text_x1: float

    def contains(self, x: float, y: float, tol: float = 0.5) -> bool:
        return self.x0 - tol <= x <= self.x1 + tol and self.top - tol <= y <= self.bottom + tol

    @property
    def area(self) -> float:
        return (self.x1 - self.x0) * (self.bottom - self.top)


def segments(graphics: Iterable[Rect]) -> list[Segment]:
    """All horizontal and vertical rules, including the four edges of every rectangle."""
    out: list[Segment] = []
    for g in graphics:
        w, h = g.x1 - g.x0, g.bottom - g.top
        if g.kind == "curve" and len(g.points) > 2:
            continue
        if w <= THIN and h > THIN:
            out.append(Segment(True, (g.x0 + g.x1) / 2, g.top, g.bottom, g.dashed))
        elif h <= THIN and w > THIN:
            out.append(Segment(False, (g.top + g.bottom) / 2, g.x0, g.x1, g.dashed))
        elif w > THIN and h > THIN and g.kind == "rect":
            out += [
                Segment(False, g.top, g.x0, g.x1, g.dashed, g.stroke),
                Segment(False, g.bottom, g.x0, g.x1, g.dashed, g.stroke),
                Segment(True, g.x0, g.top, g.bottom, g.dashed, g.stroke),
                Segment(True, g.x1, g.top, g.bottom, g.dashed, g.stroke),
            ]
    return out


def _is_axis_rectangle(points: Sequence[tuple[float, float]]) -> bool:
    xs = {round(x, 1) for x, _ in points}
    ys = {round(y, 1) for _, y in points}
    return len(xs) <= 2 and len(ys) <= 2


def shapes(graphics: Iterable[Rect], page_height: float) -> list[Shape]:
    """Closed polygons that are not axis-aligned rectangles (arrow and chevron cells).

    An arrow drawn as a rectangle plus a separate tip (a narrow polygon touching the
    rectangle's right edge over most of its height) becomes one shape.
    """
    graphics = list(graphics)
    polys: list[Shape] = []
    for g in graphics:
        if g.kind != "curve" or len(g.points) < 3 or _is_axis_rectangle(g.points):
            continue
        if g.x1 - g.x0 < 2 or g.bottom - g.top < 4:
            continue
        polys.append(Shape(g.x0, g.top, g.x1, g.bottom, _text_right(g, page_height)))
    out: list[Shape] = []
    tips: set[int] = set()
    for g in graphics:
        if g.kind != "rect" or g.x1 - g.x0 <= THIN or g.bottom - g.top <= THIN:
            continue
        for i, p in enumerate(polys):
            if _is_tip(g, p):
                tips.add(i)
                out.append(Shape(g.x0, min(g.top, p.top), p.x1, max(g.bottom, p.bottom), g.x1))
    out += [p for i, p in enumerate(polys) if i not in tips and p.x1 - p.x0 >= 4]
    return out


def _is_tip(body: Rect, tip: Shape) -> bool:
    height = body.bottom - body.top
    overlap = min(body.bottom, tip.bottom) - max(body.top, tip.top)
    narrow = tip.x1 - tip.x0 < max(0.5 * (body.x1 - body.x0), 2.0)
    return abs(tip.x0 - body.x1) <= 1.5 and overlap >= 0.8 * height and narrow


def _text_right(g: Rect, page_height: float) -> float:
    """Right end of the shape's top edge (before an arrow's tip starts to slope)."""
    pts = g.points
    # pdfplumber gives curve points in top-left coordinates already when 'top' matches.
    ys = [y for _, y in pts]
    flip = abs(min(ys) - g.top) > 1 and abs(page_height - max(ys) - g.top) < 1
    top_pts = [x for x, y in pts if abs((page_height - y if flip else y) - g.top) < 1]
    return max(top_pts) if top_pts else g.x1


def coverage(segs: Iterable[Segment], vertical: bool, pos: float, lo: float, hi: float) -> float:
    """Fraction of [lo, hi] covered by segments of one orientation lying at `pos` (±1.5)."""
    spans = sorted(
        (max(s.start, lo), min(s.end, hi))
        for s in segs
        if s.vertical == vertical and abs(s.pos - pos) <= 1.5 and s.end > lo and s.start < hi
    )
    covered, reach = 0.0, lo
    for a, b in spans:
        if b <= reach:
            continue
        covered += b - max(a, reach)
        reach = b
    return covered / (hi - lo) if hi > lo else 0.0


def rule_positions(
    segs: Iterable[Segment], vertical: bool, lo: float, hi: float, min_cover: float
) -> list[float]:
    """Positions where rules of one orientation cover at least `min_cover` of [lo, hi]."""
    segs = [s for s in segs if s.vertical == vertical]
    out: list[float] = []
    for pos in cluster(s.pos for s in segs):
        if coverage(segs, vertical, pos, lo, hi) >= min_cover:
            out.append(pos)
    return out


def cluster(values: Iterable[float], tol: float = 1.5) -> list[float]:
    """Sorted distinct values, merging those closer than `tol` (mean of each group)."""
    groups: list[list[float]] = []
    for v in sorted(values):
        if groups and v - groups[-1][-1] <= tol:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [sum(g) / len(g) for g in groups]


def crosses_words(seg: Segment, words: Iterable[Word]) -> bool:
    """A vertical rule that runs through a word is a background guide, not a cell border."""
    for w in words:
        if w.x0 + 0.5 < seg.pos < w.x1 - 0.5 and seg.start < w.bottom - 1 and seg.end > w.top + 1:
            return True
    return False
