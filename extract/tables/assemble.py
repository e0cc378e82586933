"""Stitch page elements into work-schedule tables: titles, form rows and rows across pages.

A table starts at free text (its section labels and title) followed by a form row or a
roadmap body; a body with no free text before it continues the current table. When a page
break cuts a row (the body is open at the bottom of one page or the top of the next, i.e. no
rule closes it), the first row of the next page is merged into the last row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from extract.tables.body import Block, PageRow
from extract.tables.columns import FyColumn
from extract.tables.kpi import parse_kpi
from extract.tables.models import PolicyLine, Schedule, ScheduleCell, ScheduleRow
from extract.tables.page_scan import Element, ScannedPage
from extract.tables.row_spans import resolve_row_spans, span_ends
from extract.tables.text import TAG, TextLine, measure_tags, span_cell, title_refs
from extract.whitespace import squash
from extract.wording import matches

# Two lines share a size when they differ by at most 4% of the title's: producers round scaled
# fonts to a tenth or a quarter of a point, while the label set a size step below its title is
# 8% smaller or more (10.5 and 11.5 pt, 10 and 12 pt on the fixtures).
SAME_SIZE = 0.04


@dataclass(slots=True)
class _Row:
    """A row while stitching: pieces of policy/KPI/cells may still grow across a page break."""

    policy: Block | None
    kpi: Block | None
    cells: list[tuple[Block, tuple[FyColumn, ...]]]
    page: int
    page_end: int
    policy_text: str | None = None
    kpi_text: str | None = None
    cell_texts: list[str] = field(default_factory=list)
    policy_lines: list[PolicyLine] = field(default_factory=list)


@dataclass(slots=True)
class _Table:
    lines: list[TextLine]
    page_start: int
    label_start: str | None
    goal: str | None = None
    outline: str | None = None
    rows: list[_Row] = field(default_factory=list)
    page_end: int = 0
    label_end: str | None = None
    half_year: bool = False
    open_bottom: bool = False


def assemble(pages: Sequence[ScannedPage]) -> list[Schedule]:
    """Tables in document order from the scanned attachment pages."""
    tables: list[_Table] = []
    pending: list[TextLine] = []
    pending_page: tuple[int, str | None] | None = None
    current: _Table | None = None
    for sp in pages:
        for el in sp.elements:
            if el.kind == "text":
                if pending_page is None:
                    pending_page = (sp.page, sp.label)
                pending.extend(el.lines or [])
                continue
            if _starts_table(pending, el):
                page, label = pending_page or (sp.page, sp.label)
                current = _Table(pending, page, label)
                tables.append(current)
            pending, pending_page = [], None
            if current is not None:
                _add(current, el, sp)
        if pending and not _looks_like_heading(pending):
            pending, pending_page = [], None  # notes below a table, not the next title
    return [_finish(t) for t in tables]


def _starts_table(pending: Sequence[TextLine], el: Element) -> bool:
    """Free text starts a table when it holds a title and a form row follows, or when the
    title names measures; other text above a body (a running head, "continued") does not."""
    if not pending or all(matches("section_label", ln.text) for ln in pending):
        return False
    return el.kind in ("goal", "outline") or _looks_like_heading(pending)


def _looks_like_heading(lines: Sequence[TextLine]) -> bool:
    return any(matches("section_label", ln.text) or measure_tags(ln.text) for ln in lines)


def _add(t: _Table, el: Element, sp: ScannedPage) -> None:
    t.page_end, t.label_end = sp.page, sp.label
    if el.kind == "goal":
        t.goal = _join(t.goal, el.text)
    elif el.kind == "outline":
        t.outline = _join(t.outline, el.text)
    elif el.kind == "body" and el.body is not None:
        t.half_year = t.half_year or any(c.half for c in el.columns)
        rows = el.body.rows
        cut = t.rows and (t.open_bottom or el.body.open_top) and not el.repeated_header
        if cut and rows and _goes_on(rows[0]):
            _merge(t.rows[-1], rows[0], el.columns, sp.page)
            rows = rows[1:]
        for r in rows:
            t.rows.append(_new_row(r, el.columns, sp.page))
        if el.body.rows:
            t.open_bottom = el.body.open_bottom


def _goes_on(first: PageRow) -> bool:
    """The first row on a page continues a row cut by the break when some of its text goes
    on mid-sentence (starts in lower case); a row whose every cell starts afresh is new."""
    texts = [c.text for c in first.cells] + [b.text for b in (first.policy, first.kpi) if b]
    return any(t[:1].islower() for t in texts if t)


def _join(a: str | None, b: str | None) -> str | None:
    if not a:
        return b
    return a + (" " + b if b else "")


def _new_row(r: PageRow, columns: tuple[FyColumn, ...], page: int) -> _Row:
    row = _Row(r.policy, r.kpi, [(c, columns) for c in r.cells], page, page)
    row.policy_text = r.policy.text if r.policy else None
    row.kpi_text = r.kpi.text if r.kpi else None
    row.cell_texts = [c.text for c in r.cells]
    row.policy_lines = list(r.policy.lines) if r.policy else []
    return row


def _merge(last: _Row, r: PageRow, columns: tuple[FyColumn, ...], page: int) -> None:
    """The row cut by a page break: text of cells with the same span goes on."""
    last.page_end = page
    if r.policy is not None:
        last.policy_text = _join(last.policy_text, r.policy.text)
        last.policy_lines.extend(r.policy.lines)
    if r.kpi is not None:
        last.kpi_text = _join(last.kpi_text, r.kpi.text)
    for c in r.cells:
        for i, (old, _) in enumerate(last.cells):
            if (old.col_start, old.col_end) == (c.col_start, c.col_end):
                last.cell_texts[i] = _join(last.cell_texts[i], c.text) or ""
                break
        else:
            last.cells.append((c, columns))
            last.cell_texts.append(c.text)


def _title_and_labels(lines: Sequence[TextLine]) -> tuple[str, list[str]]:
    """The title is the last run of lines sharing the typography of its text; labels precede.

    Lines holding nothing but measure tags ("<5>", "(<14>)") that follow the title's text are
    part of the title whatever their face: a narrow title pushes its tags onto a line of
    their own.
    """
    last = len(lines) - 1
    while last > 0 and _tags_only(lines[last].text):
        last -= 1
    size, bold = lines[last].size, lines[last].bold
    i = last
    while i > 0:
        prev = lines[i - 1]
        same = prev.bold == bold and abs(prev.size - size) <= SAME_SIZE * size
        if not same or matches("section_label", prev.text):
            break
        i -= 1
    title = squash(" ".join(ln.text for ln in lines[i:]))
    labels: list[str] = []
    for ln in lines[:i]:
        if matches("section_label", ln.text) or not labels:
            labels.append(ln.text.strip())
        else:
            labels[-1] = labels[-1] + " " + ln.text.strip()
    return title, labels


def _tags_only(text: str) -> bool:
    return bool(TAG.search(text)) and not TAG.sub(" ", text).strip(" ,;()&and")


def _finish(t: _Table) -> Schedule:
    title, labels = _title_and_labels(t.lines)
    members, extra = title_refs(title)
    rows = _rows(t.rows)
    return Schedule(
        schedule_id="",
        title=title,
        measure_nos=members,
        extra_refs=extra,
        labels=tuple(labels),
        five_year_goal=t.goal,
        outline=t.outline,
        rows=tuple(rows),
        half_year=t.half_year,
        page_start=t.page_start,
        page_end=max([t.page_end, t.page_start, *[r.page_end or 0 for r in rows]]),
        label_start=t.label_start,
        label_end=t.label_end,
    )


def _cell(block: Block, text: str, columns: tuple[FyColumn, ...]) -> ScheduleCell:
    bbox = (round(block.x0, 2), round(block.top, 2), round(block.x1, 2), round(block.bottom, 2))
    first, last = columns[block.col_start or 0], columns[block.col_end or 0]
    return span_cell(first, last, text, page=block.page, bbox=bbox)


def _rows(raw: Sequence[_Row]) -> list[ScheduleRow]:
    """Resolve row spans (`extract.tables.row_spans`): a missing or shared policy/KPI cell is
    the one above, inherited."""
    policies = resolve_row_spans([_own(r.policy, r.policy_text, i) for i, r in enumerate(raw)])
    kpis = resolve_row_spans([_own(r.kpi, r.kpi_text, i) for i, r in enumerate(raw)])
    kpi_ends = span_ends(kpis)
    out: list[ScheduleRow] = []
    for i, (r, p, k) in enumerate(zip(raw, policies, kpis, strict=True)):
        policy = raw[p.start].policy_text if p.start is not None else None
        kpi = raw[k.start].kpi_text if k.start is not None else None
        cells = tuple(
            _cell(b, txt, cols) for (b, cols), txt in zip(r.cells, r.cell_texts, strict=True)
        )
        out.append(
            ScheduleRow(
                row_index=i,
                policy=policy,
                cells=cells,
                kpi=kpi,
                policy_inherited=p.inherited,
                kpi_inherited=k.inherited,
                kpi_row_end=kpi_ends[i] if kpi and not k.inherited else None,
                page=r.page,
                page_end=r.page_end,
                # the spanning cell's lines, all pages
                policy_lines=tuple(raw[p.start].policy_lines if p.start is not None else ()),
            )
        )
    return [_with_kpis(row, raw[row.row_index]) for row in out]


def _own(block: Block | None, text: str | None, row: int) -> object | None:
    """A row's own cell: its block (shared by the rows a spanning cell covers), else a marker
    for text that only a page break's continuation brought (the block is on the next page)."""
    return block if block is not None else (("text", row) if text else None)


def _with_kpis(row: ScheduleRow, raw: _Row) -> ScheduleRow:
    """Parse the items of a KPI cell on the row where the cell starts."""
    if row.kpi_inherited or not row.kpi:
        return row
    page = raw.kpi.page if raw.kpi is not None else row.page
    items = tuple(
        parse_kpi(text, item_index=j, page=page)
        for j, text in enumerate(t for t in row.kpi.split("\n") if t.strip())
    )
    return replace(row, kpis=items)
