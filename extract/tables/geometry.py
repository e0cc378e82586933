"""Ruling segments and closed shapes from a page's vector graphics.

Everything here is relative to what is drawn on the page: rect edges and line objects become
horizontal/vertical segments (solid or dashed alike), and closed paths that are not plain
rectangles (arrows, chevrons, outlined or filled) become shapes that carry cell text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from extract.models import Rect, Word

# ---- absolute slack: properties of drawing, the same whatever the text size

# Rules are stroked at sub-point widths (0.25-1 pt) whatever the size of the type, and readers
# place the same edge a few hundredths of a point apart: a rule "touches" a cell edge, a word
# edge or another rule's end within half a point. The one absolute epsilon of the stage.
TOUCH = 0.5
# Two rules this close mark one boundary: the shared edge of two adjacent rectangles or a
# doubled stroke lie a stroke width or two apart (drawing geometry, not text: absolute too).
SAME_RULE = 3 * TOUCH
# A drawn object thinner than this (pt) is a rule, not an area: strokes and hairline
# rectangles are at most 1-2 pt wide, a cell holds at least one line of text (5.5 pt and more
# on the fixtures).
THIN = 3.0
# A closed path smaller than this (pt) is a bullet, tick or stray mark, not a cell: an arrow
# cell holds a line of text. Arrow tips drawn as separate polygons are narrower and are kept
# down to half of it, to be joined to their arrow's body.
MIN_SHAPE = 4.0
MIN_TIP = 0.5 * MIN_SHAPE
TIP_OVERLAP = 0.8  # a tip spans most of its body's height (it is the arrow's head) ...
TIP_WIDTH = 0.5  # ... and is narrower than half of the body (it is not the next cell)

# ---- tolerances between text and what is drawn around it, in ems of the text involved
#
# These grow with the type: a word that passes a rule by a hair at 9 pt passes it by twice as
# much at 18 pt. The fixtures set their table text at 9 pt (9.5 pt in the fy2024-b header
# row), where each value equals (within 0.05 pt) the point tolerance the stage used before.
CROSS = 0.11  # a word crosses a rule or an edge only when it passes it by more (1 pt at 9 pt)
ALIGN = 0.17  # left edges of text this close line up on one column edge (1.5 pt at 9 pt)
REACH = 0.22  # a rule this far outside an area still bounds it; boxes overlapping by more
# than this share a row (2 pt at 9 pt: the inner padding of a ruled cell)
BREAK = 0.33  # a gap this small in a chain of rules, or a shape sticking out of the year
# area by this much, is drawing slack (3 pt at 9 pt: a third of a line)
INSET = 0.45  # how far a rule must reach into a band to divide it (4 pt at 9 pt: arrows
# and sub-rules sit inset in their rows by less than half a line)


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

    def contains(self, x: float, y: float, tol: float = TOUCH) -> bool:
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
        if g.x1 - g.x0 < MIN_TIP or g.bottom - g.top < MIN_SHAPE:
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
    out += [p for i, p in enumerate(polys) if i not in tips and p.x1 - p.x0 >= MIN_SHAPE]
    return out


def _is_tip(body: Rect, tip: Shape) -> bool:
    height = body.bottom - body.top
    overlap = min(body.bottom, tip.bottom) - max(body.top, tip.top)
    narrow = tip.x1 - tip.x0 < max(TIP_WIDTH * (body.x1 - body.x0), MIN_TIP)
    return abs(tip.x0 - body.x1) <= SAME_RULE and overlap >= TIP_OVERLAP * height and narrow


def _text_right(g: Rect, page_height: float) -> float:
    """Right end of the shape's top edge (before an arrow's tip starts to slope)."""
    pts = g.points
    # pdfplumber gives curve points in top-left coordinates already when 'top' matches; a
    # point lies on the top edge when it is within a stroke's width (2 * TOUCH) of it.
    ys = [y for _, y in pts]
    flip = abs(min(ys) - g.top) > 2 * TOUCH and abs(page_height - max(ys) - g.top) < 2 * TOUCH
    top_pts = [x for x, y in pts if abs((page_height - y if flip else y) - g.top) < 2 * TOUCH]
    return max(top_pts) if top_pts else g.x1


def coverage(segs: Iterable[Segment], vertical: bool, pos: float, lo: float, hi: float) -> float:
    """Fraction of [lo, hi] covered by segments of one orientation lying at `pos` (one
    boundary: within SAME_RULE)."""
    spans = sorted(
        (max(s.start, lo), min(s.end, hi))
        for s in segs
        if s.vertical == vertical and abs(s.pos - pos) <= SAME_RULE and s.end > lo and s.start < hi
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


def cluster(values: Iterable[float], tol: float = SAME_RULE) -> list[float]:
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
        hair = CROSS * w.size
        if (
            w.x0 + TOUCH < seg.pos < w.x1 - TOUCH
            and seg.start < w.bottom - hair
            and seg.end > w.top + hair
        ):
            return True
    return False
