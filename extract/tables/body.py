"""The roadmap body of one table on one page: rows, their policy, fiscal-year cells and KPI.

Cells in the fiscal-year area are found in two ways, which together cover both layouts:
  * text inside a closed shape (an arrow drawn over a grid of year columns) belongs to the
    smallest shape around it, and the shape's horizontal extent gives the span;
  * other text belongs to the ruled grid cell around it: the nearest rules left, right, above
    and below (a rule that runs through words is a background guide and is skipped).
Rows are groups of cells that overlap vertically; the policy and KPI cells (split by their
own horizontal rules) apply to every row they overlap, which is how row spans are resolved.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from extract.models import Word
from extract.tables.columns import FyColumn, Header, span_of
from extract.tables.geometry import (
    BREAK,
    CROSS,
    REACH,
    SAME_RULE,
    TOUCH,
    Segment,
    Shape,
    crosses_words,
    rule_positions,
)
from extract.tables.models import PolicyLine
from extract.tables.text import cell_text, group_lines

# Shares of a width a rule must cover (ratios of the table's own geometry):
CUT_COVER = 0.6  # a rule across most of a policy/KPI column cuts it into cells; an
# underline below a few words does not
ACROSS = 0.9  # a row rule runs across the whole fiscal-year area, give or take the inset
# of a cell's border at either end
CLOSE_COVER = 0.5  # a stroked rule over at least half of the table's width closes the body
# at the top or bottom of the page; without one the row goes on overleaf


@dataclass(frozen=True, slots=True)
class Block:
    """A text box on one page (a policy, KPI or fiscal-year cell before stitching)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    page: int
    col_start: int | None = None
    col_end: int | None = None
    lines: tuple[PolicyLine, ...] = ()  # visual lines with their height (policy/KPI column)


@dataclass(slots=True)
class PageRow:
    top: float
    bottom: float
    cells: list[Block] = field(default_factory=list)
    policy: Block | None = None
    kpi: Block | None = None


@dataclass(slots=True)
class PageBody:
    rows: list[PageRow]
    open_top: bool  # no rule closes the top of the body: the previous page's last row goes on
    open_bottom: bool


def _centre(w: Word) -> tuple[float, float]:
    return (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2


def _inside(w: Word, x0: float, x1: float, top: float, bottom: float) -> bool:
    cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def column_blocks(
    words: Sequence[Word],
    segs: Sequence[Segment],
    x0: float,
    x1: float,
    top: float,
    bottom: float,
    page: int,
    vocab: frozenset[str] | None = None,
    items: bool = False,
    *,
    size: float,
) -> list[Block]:
    """Split a column (policy or KPI) at its horizontal rules; one block per piece with text.

    `size` is the table's text size (its header row's); a rule within a hair of the column's
    top or bottom is that edge, not a cut."""
    mine = [w for w in words if _inside(w, x0, x1, top, bottom)]
    hair = CROSS * size
    cover = rule_positions(segs, False, x0, x1, CUT_COVER)
    cuts = [y for y in cover if top + hair < y < bottom - hair]
    edges = [top, *cuts, bottom]
    out: list[Block] = []
    for a, b in zip(edges, edges[1:], strict=False):
        inside = [w for w in mine if a <= (w.top + w.bottom) / 2 <= b]
        if inside:
            pad = min(w.x0 for w in inside) - x0
            text = cell_text(inside, x1 - max(pad, 0.0), vocab, items)
            lines = tuple(
                PolicyLine(ln.text, page, round(ln.top, 2), round(ln.bottom, 2))
                for ln in group_lines(inside)
            )
            out.append(Block(text, x0, a, x1, b, page, lines=lines))
    return out


def _grid_box(
    w: Word,
    verticals: Sequence[Segment],
    horizontals: Sequence[Segment],
    area: tuple[float, float, float, float],
) -> tuple[float, float, float, float]:
    """The ruled cell around a word: nearest usable rules on each side, clipped to `area`."""
    ax0, atop, ax1, abottom = area
    reach = REACH * w.size
    cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    left = [s.pos for s in verticals if s.pos <= cx and s.start <= cy <= s.end]
    right = [s.pos for s in verticals if s.pos >= cx and s.start <= cy <= s.end]
    up = [s.pos for s in horizontals if s.pos <= cy and s.start <= cx <= s.end]
    down = [s.pos for s in horizontals if s.pos >= cy and s.start <= cx <= s.end]
    return (
        max([ax0, *[x for x in left if x >= ax0 - reach]]),
        max([atop, *[y for y in up if y >= atop - reach]]),
        min([ax1, *[x for x in right if x <= ax1 + reach]]),
        min([abottom, *[y for y in down if y <= abottom + reach]]),
    )


def fy_blocks(
    words: Sequence[Word],
    segs: Sequence[Segment],
    shapes: Sequence[Shape],
    columns: Sequence[FyColumn],
    top: float,
    bottom: float,
    page: int,
    vocab: frozenset[str] | None = None,
    *,
    size: float,
) -> list[Block]:
    """Fiscal-year cells: text grouped by its shape or ruled cell, spans from geometry."""
    x0, x1 = columns[0].x0, columns[-1].x1
    mine = [w for w in words if _inside(w, x0, x1, top, bottom)]
    out_by, reach = BREAK * size, REACH * size
    area_shapes = [
        s
        for s in shapes
        if s.x0 >= x0 - out_by and s.x1 <= x1 + out_by and s.bottom > top and s.top < bottom
    ]
    # a rule running through the text of an arrow is a background guide; one through text
    # in a ruled cell is still that cell's border (a long word may overflow its cell)
    in_shapes = [w for w in mine if any(s.contains(*_centre(w)) for s in area_shapes)]
    verticals = [
        s
        for s in segs
        if s.vertical and x0 - reach <= s.pos <= x1 + reach and not crosses_words(s, in_shapes)
    ]
    horizontals = [s for s in segs if not s.vertical and top - reach <= s.pos <= bottom + reach]
    groups: dict[tuple, list[Word]] = {}
    boxes: dict[tuple, tuple[float, float, float, float, float]] = {}
    for w in mine:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        around = [s for s in area_shapes if s.contains(cx, cy)]
        if around:
            s = min(around, key=lambda s: s.area)
            key = ("shape", s.x0, s.top, s.x1, s.bottom)
            boxes[key] = (s.x0, s.top, s.x1, s.bottom, s.text_x1)
        else:
            box = _grid_box(w, verticals, horizontals, (x0, top, x1, bottom))
            key = ("grid", *(round(v, 1) for v in box))
            boxes[key] = (*box, box[2])
        groups.setdefault(key, []).append(w)
    out: list[Block] = []
    for key, ws in groups.items():
        bx0, btop, bx1, bbottom, text_x1 = boxes[key]
        span = span_of(columns, bx0, bx1)
        if span is None:
            continue
        pad = max(min(w.x0 for w in ws) - bx0, 0.0)
        text = cell_text(ws, text_x1 - pad, vocab)
        out.append(Block(text, bx0, btop, bx1, bbottom, page, span[0], span[1]))
    return out


def group_rows(cells: Sequence[Block], size: float) -> list[PageRow]:
    """Cells whose boxes overlap vertically (by more than the padding of a ruled cell, in
    ems of the table's text `size`) form one row."""
    rows: list[PageRow] = []
    for c in sorted(cells, key=lambda c: (c.top, c.x0)):
        if rows and c.top < rows[-1].bottom - REACH * size:
            rows[-1].cells.append(c)
            rows[-1].bottom = max(rows[-1].bottom, c.bottom)
        else:
            rows.append(PageRow(c.top, c.bottom, [c]))
    for r in rows:
        r.cells.sort(key=lambda c: (c.col_start or 0, c.top))
    return rows


def empty_bands(
    cells: Sequence[Block],
    segs: Sequence[Segment],
    columns: Sequence[FyColumn],
    top: float,
    bottom: float,
    size: float,
) -> list[PageRow]:
    """Rows ruled across the whole fiscal-year area that hold no cell (a policy or KPI row
    whose schedule is blank); without rules an empty row cannot be told from padding."""
    x0, x1 = columns[0].x0, columns[-1].x1
    hair = CROSS * size
    ruled = rule_positions(segs, False, x0, x1, ACROSS)
    ys = [y for y in ruled if top - hair <= y <= bottom + hair]
    out: list[PageRow] = []
    for a, b in zip(ys, ys[1:], strict=False):
        if b - a > SAME_RULE and not any(_overlap(a, b, c) > hair for c in cells):
            out.append(PageRow(a, b))
    return out


def text_bands(
    rows: Sequence[PageRow],
    words: Sequence[Word],
    starts: Sequence[float],
    bottom: float,
    columns: Sequence[tuple[float, float]],
) -> list[PageRow]:
    """Rows with no schedule cell where the grid is not ruled across the fiscal years.

    A policy or KPI cell (it starts at `starts`: the body top or a rule of its column) may
    begin with a row that has no cell: the band from the cell's start down to the first row
    with cells then holds a whole line of its text, and is taller than the room left below
    that row (so it is not the padding of a row whose cell is centred in a tall row).
    """
    out: list[PageRow] = []
    side = [w for w in words if any(a <= (w.x0 + w.x1) / 2 <= b for a, b in columns)]
    ordered = sorted(rows, key=lambda r: r.top)
    above = min(starts, default=bottom)
    for k, r in enumerate(ordered):
        start = max((y for y in starts if y <= r.top + TOUCH), default=None)
        if start is not None and start >= above - TOUCH:
            below = ordered[k + 1].top if k + 1 < len(ordered) else bottom
            below = min([below, *(y for y in starts if y >= r.bottom - TOUCH)])
            lines = [w for w in side if w.top >= start - TOUCH and w.bottom <= r.top + TOUCH]
            height = max((w.bottom - w.top for w in lines), default=0.0)
            if lines and (r.top - start) - (below - r.bottom) >= height:
                out.append(PageRow(start, r.top))
        above = max(above, r.bottom)
    return out


def _overlap(a_top: float, a_bottom: float, b: Block) -> float:
    return min(a_bottom, b.bottom) - max(a_top, b.top)


def attach(rows: list[PageRow], blocks: Sequence[Block], attr: str, size: float) -> None:
    """Give every row the policy/KPI block it overlaps most; blocks with no row get one.

    Boxes that share no more than a hair (ems of the table's text `size`) only touch."""
    used: set[int] = set()
    hair = CROSS * size
    for r in rows:
        best = max(blocks, key=lambda b: _overlap(r.top, r.bottom, b), default=None)
        if best is not None and _overlap(r.top, r.bottom, best) > hair:
            setattr(r, attr, best)
            used.add(id(best))
    for b in blocks:
        if id(b) not in used and not any(_overlap(r.top, r.bottom, b) > hair for r in rows):
            row = PageRow(b.top, b.bottom)
            setattr(row, attr, b)
            rows.append(row)
    rows.sort(key=lambda r: r.top)


def parse_body(
    words: Sequence[Word],
    segs: Sequence[Segment],
    shapes: Sequence[Shape],
    header: Header,
    columns: Sequence[FyColumn],
    top: float,
    bottom: float,
    page: int,
    vocab: frozenset[str] = frozenset(),
) -> PageBody:
    """Rows of the body between `top` and `bottom` on one page."""
    size = header.size
    policies = column_blocks(
        words, segs, header.policy_x0, header.policy_x1, top, bottom, page, vocab=vocab, size=size
    )
    kpis = column_blocks(
        words,
        segs,
        header.kpi_x0,
        header.kpi_x1,
        top,
        bottom,
        page,
        vocab=vocab,
        items=True,
        size=size,
    )
    cells = fy_blocks(words, segs, shapes, columns, top, bottom, page, vocab, size=size)
    rows = group_rows(cells, size) + empty_bands(cells, segs, columns, top, bottom, size)
    side = ((header.policy_x0, header.policy_x1), (header.kpi_x0, header.kpi_x1))
    starts = [top, *(b.top for b in (*policies, *kpis) if b.top > top + CROSS * size)]
    rows += text_bands(rows, words, starts, bottom, side)
    rows.sort(key=lambda r: r.top)
    attach(rows, policies, "policy", size)
    attach(rows, kpis, "kpi", size)
    x0, x1 = header.policy_x0, header.kpi_x1
    closed = rule_positions([s for s in segs if s.stroked], False, x0, x1, CLOSE_COVER)
    reach = REACH * size
    return PageBody(
        rows=rows,
        open_top=not any(abs(y - top) <= reach for y in closed),
        open_bottom=not any(abs(y - bottom) <= reach for y in closed),
    )
