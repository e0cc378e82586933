"""The form rows above a roadmap ("5-year goal", "Outline"): label cell and the cell beside it.

A form label is the whole text of its label cell, whatever its line breaks ("5-year" / "goal"
in a narrow label column), never "a line that starts with the label": in a narrow column the
line that starts with "5-year" also carries the first line of the content beside it.

The label cell is found from the page's ruling lines first (the nearest rules around the
label's first word, closed on all four sides). Where no rules enclose it, the label column is
found from the x-alignment of words: the content column starts at an x where the content's
lines line up on the left, and the label is the text left of that x on the lines it spans.
Rows are then closed by rules, or (unruled) by the vertical gaps between the rows' text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from extract.models import Word
from extract.tables.geometry import ALIGN, CROSS, TOUCH, Segment, coverage
from extract.tables.text import TextLine, cell_text
from extract.whitespace import squash
from extract.wording import is_label

KINDS = ("goal_label", "outline_label")
MAX_LABEL_LINES = 4  # a label is a few words ("5-year goal"): broken over at most 4 lines
# Ratios of the form's own measurements (line heights of the label's line, ems of its words):
LINE_PITCH = 1.6  # a text line plus generous leading, in line heights: how far apart the
# lines of one label (and its content beside it) can be
LINE_GAP = 0.9  # a gap taller than most of a line height between lines ends a cell's text
GAP_CONTRAST = 0.3  # a gap this much (line heights) wider than the others separates two rows
CHUNK_GAP = 0.5  # ems: a gap wider than a word space starts a new chunk of a line
LABEL_GAP = 0.8  # ems between a label and its content when the content column has no ruling
LABEL_OVERHANG = 2.0  # ems a later label line may start left of its first (centred labels)
MIN_CONTENT = 0.55  # ems: a right rule nearer the content edge than this is its own border
CLOSED = 0.9  # a rule closes a label cell when it covers most of the cell's width
LABEL_COLUMN = 0.3  # labels sit in the left part of the page (a share of its width)


@dataclass(frozen=True, slots=True)
class LabelCell:
    """A form label: its kind, its box, where the content column starts, and its words."""

    kind: str
    x0: float
    top: float
    x1: float
    bottom: float
    content_x0: float
    ruled: bool
    words: tuple[Word, ...]


def _label_kind(words: Sequence[Word]) -> str | None:
    lines = _lines_of(words)
    text = squash(" ".join(" ".join(w.text for w in ln) for ln in lines))
    return next((k for k in KINDS if is_label(k, text)), None)


def _lines_of(words: Sequence[Word]) -> list[list[Word]]:
    out: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        cy = (w.top + w.bottom) / 2
        if out and out[-1][0].top - TOUCH <= cy <= out[-1][0].bottom + TOUCH:
            out[-1].append(w)
        else:
            out.append([w])
    return [sorted(ln, key=lambda w: w.x0) for ln in out]


def _ruled_box(w: Word, segs: Sequence[Segment]) -> tuple[float, float, float, float] | None:
    """The cell closed by rules on all four sides around word `w`, if there is one."""
    cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
    hair = CROSS * w.size
    vert = [s for s in segs if s.vertical and s.start - hair <= cy <= s.end + hair]
    left = [s.pos for s in vert if s.pos <= w.x0 + TOUCH]
    right = [s.pos for s in vert if s.pos >= w.x1 - TOUCH]
    if not left or not right:
        return None
    x0, x1 = max(left), min(right)
    horiz = [s for s in segs if not s.vertical and s.start - hair <= cx <= s.end + hair]
    up = [
        s.pos
        for s in horiz
        if s.pos <= w.top + TOUCH and coverage(segs, False, s.pos, x0, x1) > CLOSED
    ]
    down = [
        s.pos
        for s in horiz
        if s.pos >= w.bottom - TOUCH and coverage(segs, False, s.pos, x0, x1) > CLOSED
    ]
    if not up or not down:
        return None
    return x0, max(up), x1, min(down)


def _ruled_label(w: Word, words: Sequence[Word], segs: Sequence[Segment]) -> LabelCell | None:
    box = _ruled_box(w, segs)
    if box is None:
        return None
    x0, top, x1, bottom = box
    inside = [
        v
        for v in words
        if x0 <= (v.x0 + v.x1) / 2 <= x1 and top <= (v.top + v.bottom) / 2 <= bottom
    ]
    kind = _label_kind(inside)
    if kind is None:
        return None
    return LabelCell(kind, x0, top, x1, bottom, x1, True, tuple(inside))


def _chunk_starts(line: TextLine, gap: float) -> list[float]:
    """x where a new chunk of the line starts after a gap wider than `gap` times the size."""
    ws = line.words
    return [b.x0 for a, b in zip(ws, ws[1:], strict=False) if b.x0 - a.x1 > gap * b.size]


def _straddles(line: TextLine, x: float) -> bool:
    """A word of the line crosses x (by more than a hair of its own size on both sides)."""
    return any(w.x0 < x - CROSS * w.size and w.x1 > x + CROSS * w.size for w in line.words)


def _aligned_label(i: int, lines: Sequence[TextLine]) -> LabelCell | None:
    """The label starting at the first word of lines[i], its column found by x-alignment.

    Candidate content edges are where a wide gap opens on the label's line and where nearby
    lines start right of the label's first word. An edge is taken when the words left of it
    on the following lines read as a whole label and the content column lines up on it.
    """
    line = lines[i]
    w0 = line.words[0]
    height = line.bottom - line.top
    reach = (MAX_LABEL_LINES + 1) * LINE_PITCH * height
    near = [ln for ln in lines if abs(ln.top - line.top) <= reach]
    cands = set(_chunk_starts(line, CHUNK_GAP))
    cands |= {ln.x0 for ln in near if ln.x0 > w0.x1 + CHUNK_GAP * w0.size}
    for x_c in sorted(cands):
        label: list[Word] = []
        prev = None
        for ln in lines[i : i + MAX_LABEL_LINES]:
            if prev is not None and ln.top - prev.bottom > LINE_GAP * height:
                break
            left = [w for w in ln.words if w.x1 <= x_c - CROSS * w.size]
            if not left or _straddles(ln, x_c) or left[0].x0 < w0.x0 - LABEL_OVERHANG * w0.size:
                break
            label += left
            prev = ln
            kind = _label_kind(label)
            if kind is None:
                continue
            aligned = [ln2 for ln2 in near if not _straddles(ln2, x_c) and _starts_at(ln2, x_c)]
            gap_ok = x_c - max(v.x1 for v in label) >= LABEL_GAP * w0.size
            if len(aligned) >= 2 or gap_ok:
                return LabelCell(
                    kind,
                    min(v.x0 for v in label),
                    min(v.top for v in label),
                    max(v.x1 for v in label),
                    max(v.bottom for v in label),
                    x_c,
                    False,
                    tuple(label),
                )
    return None


def _starts_at(line: TextLine, x: float) -> bool:
    return any(abs(w.x0 - x) <= ALIGN * w.size for w in line.words)


def find_labels(
    lines: Sequence[TextLine],
    words: Sequence[Word],
    segs: Sequence[Segment],
    page_width: float,
    skip,
) -> list[LabelCell]:
    """Every form label on the page (lines for which `skip(line)` holds are not looked at)."""
    out: list[LabelCell] = []
    used: set[int] = set()
    for i, line in enumerate(lines):
        w0 = line.words[0]
        if id(w0) in used or line.x0 > LABEL_COLUMN * page_width or skip(line):
            continue
        cell = _ruled_label(w0, words, segs) or _aligned_label(i, lines)
        if cell is not None:
            out.append(cell)
            used |= {id(w) for w in cell.words}
    return out


@dataclass(frozen=True, slots=True)
class FormRow:
    kind: str  # the label kind
    top: float
    bottom: float
    words: tuple[Word, ...]  # the content cell's words
    left: float  # where the content cell starts
    right: float | None  # the content cell's right rule, if ruled

    @property
    def text(self) -> str:
        """The content as paragraphs; a line that stops short of the cell's right edge
        (less the cell's left padding) ends a paragraph."""
        if not self.words:
            return ""
        if self.right is None:
            return cell_text(self.words, None)
        pad = min(w.x0 for w in self.words) - self.left
        return cell_text(self.words, self.right - pad)


def _ruled_row(cell: LabelCell, words: Sequence[Word], segs: Sequence[Segment]) -> FormRow:
    cy = (cell.top + cell.bottom) / 2
    size = max(w.size for w in cell.words)  # the label's text size
    hair = CROSS * size
    right = min(
        (
            s.pos
            for s in segs
            if s.vertical
            and s.pos > cell.content_x0 + MIN_CONTENT * size
            and s.start - hair <= cy <= s.end + hair
        ),
        default=None,
    )
    content = tuple(
        w
        for w in words
        if w.x0 >= cell.content_x0 - CROSS * w.size
        and (right is None or w.x1 <= right + CROSS * w.size)
        and cell.top <= (w.top + w.bottom) / 2 <= cell.bottom
    )
    return FormRow(cell.kind, cell.top, cell.bottom, content, cell.content_x0, right)


def _unruled_rows(
    cells: Sequence[LabelCell], lines: Sequence[TextLine], stops: Sequence[float]
) -> list[FormRow]:
    """Rows of an unruled form: each label takes the content lines around it.

    Content lines start at or right of the content column (the label's words aside). Above
    its label a row reaches up over content lines (a label centred on its content); between
    two labels the rows split at the widest vertical gap, or at the second label when the
    gaps are all alike (labels set at the top of their rows).
    """
    label_ids = {id(w) for c in cells for w in c.words}
    out: list[FormRow] = []
    for k, cell in enumerate(cells):
        x_c = cell.content_x0

        content = partial(_is_content, x_c=x_c, label_ids=label_ids)

        first = next(j for j, ln in enumerate(lines) if id(ln.words[0]) == id(cell.words[0]))
        lo = first
        nxt = cells[k + 1] if k + 1 < len(cells) else None
        height = lines[first].bottom - lines[first].top
        while lo > 0 and content(lines[lo - 1]) and not _owned(lines[lo - 1], out):
            if lines[lo].top - lines[lo - 1].bottom > LINE_GAP * height:
                break
            lo -= 1
        hi = first
        limit = min([y for y in stops if y > cell.bottom], default=lines[-1].bottom + 1)
        if nxt is not None:
            limit = min(limit, nxt.top)
        while hi + 1 < len(lines) and lines[hi + 1].top < limit and content(lines[hi + 1]):
            hi += 1
        if nxt is not None:
            hi = _split(lines, first, hi, nxt, content)
        run = lines[lo : hi + 1]
        ws = tuple(
            w
            for ln in run
            for w in ln.words
            if id(w) not in label_ids and w.x0 >= x_c - ALIGN * w.size
        )
        top = min(cell.top, run[0].top) - TOUCH
        bottom = max(cell.bottom, run[-1].bottom) + TOUCH
        out.append(FormRow(cell.kind, top, bottom, ws, x_c, None))
    return out


def _is_content(ln: TextLine, x_c: float, label_ids: set[int]) -> bool:
    """A line of the content column: nothing crosses its left edge but label words."""
    return not _straddles(ln, x_c) and all(
        id(w) in label_ids or w.x0 >= x_c - ALIGN * w.size for w in ln.words
    )


def _owned(line: TextLine, rows: Sequence[FormRow]) -> bool:
    return any(r.top <= (line.top + line.bottom) / 2 <= r.bottom for r in rows)


def _split(lines, first: int, hi: int, nxt: LabelCell, content) -> int:
    """Last line index of the row starting at `first` when the next label follows."""
    nfirst = next((j for j, ln in enumerate(lines) if id(ln.words[0]) == id(nxt.words[0])), hi + 1)
    end = min(hi, nfirst - 1)
    # lines between this label and the next one (exclusive) may belong to either row
    gaps = [(lines[j + 1].top - lines[j].bottom, j) for j in range(first, nfirst)]
    if not gaps:
        return end
    widest, at = max(gaps)
    narrowest = min(g for g, _ in gaps)
    height = lines[first].bottom - lines[first].top
    if widest - narrowest > GAP_CONTRAST * height and all(
        content(lines[j]) for j in range(at + 1, nfirst)
    ):
        return min(at, end)
    return end


def form_rows(
    cells: Sequence[LabelCell],
    lines: Sequence[TextLine],
    words: Sequence[Word],
    segs: Sequence[Segment],
    stops: Sequence[float],
) -> list[FormRow]:
    """The content row of every label (`stops`: where other parts of the page start)."""
    ruled = [_ruled_row(c, words, segs) for c in cells if c.ruled]
    unruled = _unruled_rows([c for c in cells if not c.ruled], lines, stops)
    return sorted(ruled + unruled, key=lambda r: r.top)
