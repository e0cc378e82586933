"""Work-schedule tables of the attachment, from converter Markdown.

Each table is preceded by its labels ("(3)-a …", "[Key point 4] …") and its title (bold, a
heading or plain text, possibly over several lines, ending with its measure tags "<6>, <73>,
and <90>"), then tab-separated rows: "5-year goal", "Outline", the "Roadmap" header and the
data rows. An empty policy or KPI cell below a filled one is that cell spanning down (the
Markdown lost the merge), as in the PDF route's `ScheduleRow.*_inherited`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from extract.markdown.grid import LEAD_CELLS, Column, Span, columns, is_header, spans, split_row
from extract.markdown.inline import cell_lines, cell_text, plain
from extract.markdown.repairs import repair_table
from extract.markdown.source import MdPara
from extract.tables.ids import assign_ids
from extract.tables.kpi import parse_kpi
from extract.tables.models import Kpi, Schedule, ScheduleCell, ScheduleRow, ScheduleSet
from extract.tables.row_spans import resolve_row_spans, span_ends
from extract.tables.text import span_cell, title_refs
from extract.wording import is_label, matches


@dataclass
class _Draft:
    """The source paragraphs of one table before they are interpreted."""

    before: list[MdPara] = field(default_factory=list)  # labels and title
    rows: list[list[str]] = field(default_factory=list)


def _drafts(paras: list[MdPara]) -> list[_Draft]:
    """Group paragraphs into tables: a "5-year goal" row (or rows after text) starts one."""
    drafts: list[_Draft] = []
    before: list[MdPara] = []
    for para in paras:
        if para.kind != "row":
            if para.raw.strip():
                before.append(para)
            continue
        cells = para.parts[0].split("\t")
        if not any(c.strip() for c in cells):
            continue  # an empty row, e.g. a blank pipe-table header
        if before or not drafts or is_label("goal_label", cells[0]):
            drafts.append(_Draft(before))
            before = []
        drafts[-1].rows.append(cells)
    return drafts


def _labels_and_title(before: list[MdPara]) -> tuple[list[str], str]:
    """Leading "(3)-a …" / "[Key point 4] …" lines are labels; the rest is the title."""
    labels: list[str] = []
    title: list[str] = []
    for para in before:
        for part in para.parts:
            text = plain(part)
            if not text:
                continue
            if matches("section_label", text) and not title:
                labels.append(text)
            else:
                title.append(text)
    return labels, " ".join(title)


def _cell(span: Span, cols: list[Column]) -> ScheduleCell:
    return span_cell(cols[span.first], cols[span.last], cell_text(span.html))


def _kpis(kpi_html: str) -> tuple[Kpi, ...]:
    return tuple(parse_kpi(line, item_index=j) for j, line in enumerate(cell_lines(kpi_html)))


def _rows(data: list[list[str]], cols: list[Column]) -> list[ScheduleRow]:
    """Rows with inherited policy/KPI cells resolved (`extract.tables.row_spans`, as on the
    PDF route) and KPI items on the KPI's first row."""
    split = [split_row(cells, len(cols), first=i == 0) for i, cells in enumerate(data)]
    policies = [cell_text(c[LEAD_CELLS - 1]) if len(c) >= LEAD_CELLS else "" for c in data]
    kpi_html = [kpi for _, kpi in split]
    kpi_texts = [cell_text(h) for h in kpi_html]
    # an empty cell is no cell: the converter left it where a merged cell spanned the row
    p_spans = resolve_row_spans([("policy", i) if t else None for i, t in enumerate(policies)])
    k_spans = resolve_row_spans([("kpi", i) if t else None for i, t in enumerate(kpi_texts)])
    kpi_ends = span_ends(k_spans)
    out: list[ScheduleRow] = []
    for i, ((year_cells, _), p, k) in enumerate(zip(split, p_spans, k_spans, strict=True)):
        kpi = kpi_texts[k.start] if k.start is not None else None
        own_kpi = kpi is not None and not k.inherited
        out.append(
            ScheduleRow(
                row_index=i,
                policy=policies[p.start] if p.start is not None else None,
                cells=tuple(_cell(s, cols) for s in spans(year_cells)),
                kpi=kpi,
                kpis=_kpis(kpi_html[i]) if own_kpi else (),
                policy_inherited=p.inherited,
                kpi_inherited=k.inherited,
                kpi_row_end=kpi_ends[i] if own_kpi else None,
            )
        )
    return out


def _schedule(draft: _Draft) -> Schedule | None:
    labels, title = _labels_and_title(draft.before)
    goal = outline = None
    header: list[str] | None = None
    data: list[list[str]] = []
    for cells in draft.rows:
        head = plain(cells[0])
        if is_label("goal_label", head):
            goal = cell_text("\t".join(cells[1:])) or None
        elif is_label("outline_label", head):
            outline = cell_text("\t".join(cells[1:])) or None
        elif header is None and is_header(cells):
            header = cells
        elif header is not None:
            data.append(cells)
    if header is None:
        return None
    header, data = repair_table(header, data)
    cols = columns(header, data)
    members, extra = title_refs(title)
    return Schedule(
        schedule_id="",
        title=title,
        measure_nos=members,
        extra_refs=extra,
        labels=tuple(labels),
        five_year_goal=goal,
        outline=outline,
        rows=tuple(_rows(data, cols)),
        half_year=any(c.half for c in cols),
    )


def read_schedules(paras: list[MdPara]) -> ScheduleSet:
    """Every work-schedule table after the attachment heading, in document order."""
    found = [s for s in (_schedule(d) for d in _drafts(paras)) if s is not None]
    return ScheduleSet(tuple(assign_ids(found)), attachment_page=None, method="markdown")
