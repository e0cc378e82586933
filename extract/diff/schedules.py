"""Diff the work-schedule tables of two editions: tables through their measures, then rows,
cells and KPIs.

Tables are aligned through the measures their titles list, after renumbering (old numbers
mapped to new ones by the measure alignment): tables listing the same measures are the same
table even when every number changed. One old table whose measures are spread over several new
tables is a `split`, the reverse a `joined`.

Rows are compared as *logical rows*: a physical row with no fiscal-year cell (a header row
holding only the policy and KPI cells that span the rows below it) is folded into the row below
when the same KPI cell covers both. Whether a renderer draws such a header row as a row of its
own is layout, not content, so two layouts of one text give the same logical rows. An added or
removed logical row is still reported once per physical row it spans, with that row's index.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from extract.diff.text import fy_span, join_lines, key, renumber, similarity

Row = Mapping[str, Any]
# Two rows (or two cells) not identical are the same row (cell) edited only when their texts
# are at least this alike; below it they are one removed and one added (see docs/diff.md).
MIN_ROW_SIMILARITY = 0.5
MIN_CELL_SIMILARITY = 0.5


@dataclass(frozen=True)
class Cell:
    row_index: int
    span: tuple
    text: str
    page: int | None

    @property
    def span_text(self) -> str:
        return fy_span(*self.span)


@dataclass(frozen=True)
class KpiCell:
    """The KPI cell of a table: its items joined by newlines, and the rows it covers."""

    first_row: int
    last_row: int
    text: str
    page: int | None
    items: tuple[Row, ...] = ()


@dataclass
class LogicalRow:
    rows: tuple[int, ...]
    policy: str | None
    cells: tuple[Cell, ...]
    kpi: KpiCell | None
    page: int | None


@dataclass
class Table:
    schedule_id: str
    title: str
    measure_nos: tuple[int, ...]
    labels: tuple[str, ...]
    goal: str | None
    outline: str | None
    page: int | None
    rows: list[LogicalRow] = field(default_factory=list)


@dataclass(frozen=True)
class ScheduleChange:
    """One changed item; `old`/`new` are the tables (None on the side where it is absent)."""

    change: str
    old: Table | None
    new: Table | None
    old_row: int | None = None
    new_row: int | None = None
    old_value: str | None = None
    new_value: str | None = None
    detail: str | None = None
    old_page: int | None = None
    new_page: int | None = None


# ----------------------------------------------------------------------------- building


def build_tables(
    schedules: Iterable[Row], cells: Iterable[Row], kpis: Iterable[Row]
) -> list[Table]:
    """Tables of one edition with their logical rows, in printed order."""
    cells_by = defaultdict(list)
    for c in cells:
        cells_by[c["schedule_id"]].append(c)
    kpis_by = defaultdict(list)
    for k in kpis:
        kpis_by[k["schedule_id"]].append(k)
    tables = []
    for s in sorted(schedules, key=lambda s: (_num(s.get("page_start")), s["schedule_id"])):
        table = Table(
            schedule_id=s["schedule_id"],
            title=s["title"],
            measure_nos=tuple(int(m) for m in _list(s.get("measure_nos"))),
            labels=tuple(_list(s.get("section_labels"))),
            goal=_text(s.get("five_year_goal")),
            outline=_text(s.get("outline")),
            page=_int(s.get("page_start")),
        )
        table.rows = logical_rows(
            cells_by[table.schedule_id], kpis_by[table.schedule_id], _int(s.get("row_count")) or 0
        )
        tables.append(table)
    return tables


def logical_rows(cells: Sequence[Row], kpis: Sequence[Row], row_count: int) -> list[LogicalRow]:
    """Physical rows grouped into logical rows (header rows folded into the row below)."""
    kpi_cells = _kpi_cells(kpis)
    by_row: dict[int, list[Cell]] = defaultdict(list)
    policy: dict[int, str] = {}
    for c in sorted(cells, key=lambda c: (c["row_index"], c["fy_start"], _half(c, "half_start"))):
        r = int(c["row_index"])
        span = (
            int(c["fy_start"]),
            int(c["fy_end"]),
            _text(c.get("half_start")),
            _text(c.get("half_end")),
        )
        by_row[r].append(Cell(r, span, c["text"], _int(c.get("page"))))
        if _text(c.get("policy")):
            policy.setdefault(r, c["policy"])
    last = max([row_count - 1, *by_row, *(k.last_row for k in kpi_cells)], default=-1)
    groups: list[list[int]] = []
    pending: list[int] = []
    for r in range(last + 1):
        covering = _covering(kpi_cells, r)
        if not by_row[r] and covering is None:
            pending.append(r)  # a row with nothing at all: folded into the next row
            continue
        if not by_row[r] and r < last and covering is not None and covering.last_row > r:
            pending.append(r)  # a header row: its KPI cell spans the row below
            continue
        groups.append([*pending, r])
        pending = []
    if pending and groups:
        groups[-1] += pending
    out = []
    for group in groups:
        group_cells = tuple(c for r in group for c in by_row[r])
        kpi = next((k for r in group if (k := _covering(kpi_cells, r)) is not None), None)
        pol = next((policy[r] for r in group if r in policy), None)
        page = group_cells[0].page if group_cells else (kpi.page if kpi else None)
        if not group_cells and kpi is None:
            continue
        out.append(LogicalRow(tuple(group), pol, group_cells, kpi, page))
    return out


def _kpi_cells(kpis: Sequence[Row]) -> list[KpiCell]:
    grouped: dict[tuple[int, int], list[Row]] = defaultdict(list)
    for k in kpis:
        grouped[(int(k["row_index"]), int(k["row_end"]))].append(k)
    out = []
    for (first, last), items in sorted(grouped.items()):
        items = sorted(items, key=lambda k: k["item_index"])
        text = join_lines([i["text"] for i in items])
        out.append(KpiCell(first, last, text, _int(items[0].get("page")), tuple(items)))
    return out


def _covering(kpi_cells: Sequence[KpiCell], row: int) -> KpiCell | None:
    return next((k for k in kpi_cells if k.first_row <= row <= k.last_row), None)


# ----------------------------------------------------------------------------- tables


def align_tables(
    old: Sequence[Table], new: Sequence[Table], mapping: Mapping[int, int]
) -> list[tuple[str, list[Table], list[Table]]]:
    """Groups of tables: ('pair'|'split'|'joined'|'removed'|'added', old tables, new tables)."""
    old_sets = [frozenset(mapping[m] for m in t.measure_nos if m in mapping) for t in old]
    new_sets = [frozenset(t.measure_nos) for t in new]
    parent = list(range(len(old) + len(new)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, a in enumerate(old_sets):
        for j, b in enumerate(new_sets):
            if a & b:
                parent[find(i)] = find(len(old) + j)
    components: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for i in range(len(old)):
        components[find(i)][0].append(i)
    for j in range(len(new)):
        components[find(len(old) + j)][1].append(j)
    groups = []
    for olds, news in components.values():
        groups += _component(olds, news, old, new, old_sets, new_sets, mapping)
    groups += _match_untagged(groups, old, new, mapping)
    return sorted(groups, key=lambda g: _group_order(g, old, new))


def _component(olds, news, old, new, old_sets, new_sets, mapping):
    if len(olds) == 1 and len(news) == 1:
        return [("pair", [old[olds[0]]], [new[news[0]]])]
    if len(olds) == 1 and news and _partition(old_sets[olds[0]], [new_sets[j] for j in news]):
        return [("split", [old[olds[0]]], [new[j] for j in news])]
    if len(news) == 1 and olds and _partition(new_sets[news[0]], [old_sets[i] for i in olds]):
        return [("joined", [old[i] for i in olds], [new[news[0]]])]
    if not olds or not news:
        return [("removed", [old[i]], []) for i in olds] + [("added", [], [new[j]]) for j in news]
    score = np.array(
        [
            [
                _jaccard(old_sets[i], new_sets[j]) + _title_similarity(old[i], new[j], mapping)
                for j in news
            ]
            for i in olds
        ]
    )
    rows, cols = linear_sum_assignment(score, maximize=True)
    paired = {(olds[r], news[c]) for r, c in zip(rows, cols, strict=True) if score[r, c] > 0}
    out = [("pair", [old[i]], [new[j]]) for i, j in sorted(paired)]
    out += [("removed", [old[i]], []) for i in olds if i not in {p[0] for p in paired}]
    out += [("added", [], [new[j]]) for j in news if j not in {p[1] for p in paired}]
    return out


def _partition(whole: frozenset, parts: Sequence[frozenset]) -> bool:
    """True when the parts are disjoint, non-empty, smaller than the whole and inside it."""
    seen: set = set()
    for part in parts:
        if not part or part & seen or not part < whole:
            return False
        seen |= part
    return True


def _match_untagged(groups, old, new, mapping):
    """Tables whose titles name no measure (or only removed/added ones): match by title."""
    lone_old = [g[1][0] for g in groups if g[0] == "removed" and not _mapped(g[1][0], mapping)]
    lone_new = [g[2][0] for g in groups if g[0] == "added" and not g[2][0].measure_nos]
    if not lone_old or not lone_new:
        return []
    score = np.array([[_title_similarity(o, n, mapping) for n in lone_new] for o in lone_old])
    rows, cols = linear_sum_assignment(score, maximize=True)
    out = []
    for r, c in zip(rows, cols, strict=True):
        if score[r, c] >= 0.8:
            groups.remove(("removed", [lone_old[r]], []))
            groups.remove(("added", [], [lone_new[c]]))
            out.append(("pair", [lone_old[r]], [lone_new[c]]))
    return out


def _mapped(table: Table, mapping: Mapping[int, int]) -> bool:
    return any(m in mapping for m in table.measure_nos)


def _group_order(group, old: Sequence[Table], new: Sequence[Table]) -> tuple:
    _, olds, news = group
    if news:
        return (new.index(news[0]), 0)
    position = old.index(olds[0])
    return (position - 0.5, 1)


def _title_similarity(o: Table, n: Table, mapping: Mapping[int, int]) -> float:
    return similarity(renumber(o.title, mapping), n.title)


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


# ----------------------------------------------------------------------------- changes


def diff_schedules(
    old: Sequence[Table], new: Sequence[Table], mapping: Mapping[int, int]
) -> list[ScheduleChange]:
    """Every changed item between the two editions' tables (unchanged items are not listed)."""
    out: list[ScheduleChange] = []
    for kind, olds, news in align_tables(old, new, mapping):
        if kind == "removed":
            t = olds[0]
            out.append(ScheduleChange("removed", t, None, old_value=t.title, old_page=t.page))
        elif kind == "added":
            t = news[0]
            out.append(ScheduleChange("added", None, t, new_value=t.title, new_page=t.page))
        elif kind == "pair":
            out += _table_fields(olds[0], news[0], mapping)
            out += diff_rows(olds, news, mapping)
        else:
            out += _split_or_join(kind, olds, news)
            out += diff_rows(olds, news, mapping)
    return out


def _split_or_join(kind: str, olds: Sequence[Table], news: Sequence[Table]) -> list[ScheduleChange]:
    many = news if kind == "split" else olds
    out = []
    for part in many:
        o, n = (olds[0], part) if kind == "split" else (part, news[0])
        detail = f"{len(many)} tables {'from one' if kind == 'split' else 'into one'}"
        out.append(
            ScheduleChange(
                kind,
                o,
                n,
                old_value=o.title,
                new_value=n.title,
                detail=detail,
                old_page=o.page,
                new_page=n.page,
            )
        )
    return out


def _table_fields(o: Table, n: Table, mapping: Mapping[int, int]) -> list[ScheduleChange]:
    out = []
    pairs = {
        "title": (o.title, n.title),
        "labels": (join_lines(o.labels), join_lines(n.labels)),
        "goal": (o.goal, n.goal),
        "outline": (o.outline, n.outline),
    }
    for change, (a, b) in pairs.items():
        if key(renumber(a, mapping)) != key(b):
            out.append(
                ScheduleChange(
                    change, o, n, old_value=a, new_value=b, old_page=o.page, new_page=n.page
                )
            )
    return out


def diff_rows(
    olds: Sequence[Table], news: Sequence[Table], mapping: Mapping[int, int]
) -> list[ScheduleChange]:
    """Rows, cells, policies and KPIs of aligned tables (several on a side for split/joined)."""
    a = [(t, r) for t in olds for r in t.rows]
    b = [(t, r) for t in news for r in t.rows]
    pairs = _align_rows([r for _, r in a], [r for _, r in b], mapping)
    out: list[ScheduleChange] = []
    seen_policy: set = set()
    seen_kpi: set = set()
    for i, j in pairs:
        (ot, orow), (nt, nrow) = a[i], b[j]
        out += _cells(ot, nt, orow, nrow, mapping)
        out += _policy(ot, nt, orow, nrow, mapping, seen_policy)
        out += _kpi(ot, nt, orow, nrow, mapping, seen_kpi)
    matched_a = {i for i, _ in pairs}
    matched_b = {j for _, j in pairs}
    for i, (t, r) in enumerate(a):
        if i not in matched_a:
            out += [_lone_row("row_removed", t, news[0], r, phys) for phys in r.rows]
    for j, (t, r) in enumerate(b):
        if j not in matched_b:
            out += [_lone_row("row_added", olds[0], t, r, phys) for phys in r.rows]
    return out


def _lone_row(change: str, ot: Table, nt: Table, row: LogicalRow, phys: int) -> ScheduleChange:
    """One physical row of a logical row found on one side only."""
    side = "old" if change == "row_removed" else "new"
    fields = {f"{side}_row": phys, f"{side}_value": _row_text(row), f"{side}_page": row.page}
    return ScheduleChange(change, ot, nt, **fields)


def _row_signature(row: LogicalRow, mapping: Mapping[int, int] | None) -> tuple:
    text = (lambda s: key(renumber(s, mapping))) if mapping is not None else key
    if row.cells:
        return ("cells", text(row.policy), tuple((c.span, text(c.text)) for c in row.cells))
    return ("kpi", text(row.kpi.text if row.kpi else None))


def _row_words(row: LogicalRow, mapping: Mapping[int, int] | None) -> str:
    body = (
        join_lines([c.text for c in row.cells]) if row.cells else (row.kpi.text if row.kpi else "")
    )
    return renumber(body, mapping) if mapping is not None else body


def _row_similarity(a: LogicalRow, b: LogicalRow, mapping: Mapping[int, int]) -> float:
    """How alike two rows' cells are: word similarity of all their text, or the share of the
    smaller row's cells found unchanged in the other row, whichever is higher (a row that
    gained a cell keeps all its old cells)."""
    if bool(a.cells) != bool(b.cells):
        return 0.0
    words = similarity(_row_words(a, mapping), _row_words(b, None))
    if not a.cells:
        return words
    old_keys = [key(renumber(c.text, mapping)) for c in a.cells]
    new_keys = {key(c.text) for c in b.cells}
    shared = sum(k in new_keys for k in old_keys) / min(len(a.cells), len(b.cells))
    return max(words, shared)


def _align_rows(a: Sequence[LogicalRow], b: Sequence[LogicalRow], mapping) -> list[tuple[int, int]]:
    """Identical rows first (in order), then the rest by text similarity (global assignment)."""
    pairs: list[tuple[int, int]] = []
    used_b: set[int] = set()
    sig_b = [_row_signature(r, None) for r in b]
    for i, row in enumerate(a):
        sig = _row_signature(row, mapping)
        j = next((j for j, s in enumerate(sig_b) if s == sig and j not in used_b), None)
        if j is not None:
            pairs.append((i, j))
            used_b.add(j)
    rest_a = [i for i in range(len(a)) if i not in {p[0] for p in pairs}]
    rest_b = [j for j in range(len(b)) if j not in used_b]
    if rest_a and rest_b:
        score = np.array([[_row_similarity(a[i], b[j], mapping) for j in rest_b] for i in rest_a])
        rows, cols = linear_sum_assignment(score, maximize=True)
        for r, c in zip(rows, cols, strict=True):
            if score[r, c] >= MIN_ROW_SIMILARITY:
                pairs.append((rest_a[r], rest_b[c]))
    return sorted(pairs)


def _cells(ot, nt, orow: LogicalRow, nrow: LogicalRow, mapping) -> list[ScheduleChange]:
    old_cells = list(orow.cells)
    new_cells = list(nrow.cells)
    okey = [key(renumber(c.text, mapping)) for c in old_cells]
    nkey = [key(c.text) for c in new_cells]
    pairs: list[tuple[int, int]] = []
    for rule in (
        lambda i, j: okey[i] == nkey[j] and old_cells[i].span == new_cells[j].span,
        lambda i, j: okey[i] == nkey[j],
        lambda i, j: old_cells[i].span == new_cells[j].span,
    ):
        for i in range(len(old_cells)):
            if i in {p[0] for p in pairs}:
                continue
            for j in range(len(new_cells)):
                if j not in {p[1] for p in pairs} and rule(i, j):
                    pairs.append((i, j))
                    break
    rest_a = [i for i in range(len(old_cells)) if i not in {p[0] for p in pairs}]
    rest_b = [j for j in range(len(new_cells)) if j not in {p[1] for p in pairs}]
    if rest_a and rest_b:
        score = np.array(
            [
                [
                    similarity(renumber(old_cells[i].text, mapping), new_cells[j].text)
                    for j in rest_b
                ]
                for i in rest_a
            ]
        )
        rows, cols = linear_sum_assignment(score, maximize=True)
        pairs += [
            (rest_a[r], rest_b[c])
            for r, c in zip(rows, cols, strict=True)
            if score[r, c] >= MIN_CELL_SIMILARITY
        ]
    out = []
    for i, j in sorted(pairs):
        oc, nc = old_cells[i], new_cells[j]
        base = dict(old_row=oc.row_index, new_row=nc.row_index, old_page=oc.page, new_page=nc.page)
        if okey[i] != nkey[j]:
            detail = oc.span_text if oc.span == nc.span else f"{oc.span_text} -> {nc.span_text}"
            out.append(
                ScheduleChange(
                    "cell_text", ot, nt, old_value=oc.text, new_value=nc.text, detail=detail, **base
                )
            )
        elif oc.span != nc.span:
            out.append(
                ScheduleChange(
                    "cell_span",
                    ot,
                    nt,
                    old_value=oc.span_text,
                    new_value=nc.span_text,
                    detail=nc.text,
                    **base,
                )
            )
    paired_old = {i for i, _ in pairs}
    paired_new = {j for _, j in pairs}
    out += [
        _lone_cell("cell_removed", c, ot, nt)
        for i, c in enumerate(old_cells)
        if i not in paired_old
    ]
    out += [
        _lone_cell("cell_added", c, ot, nt) for j, c in enumerate(new_cells) if j not in paired_new
    ]
    return out


def _lone_cell(change: str, cell: Cell, ot: Table, nt: Table) -> ScheduleChange:
    """A cell found on one side only: its text as the value, its span as the detail."""
    side = "old" if change == "cell_removed" else "new"
    fields = {f"{side}_row": cell.row_index, f"{side}_value": cell.text, f"{side}_page": cell.page}
    return ScheduleChange(change, ot, nt, detail=cell.span_text, **fields)


def _policy(ot, nt, orow, nrow, mapping, seen: set) -> list[ScheduleChange]:
    if (
        key(renumber(orow.policy, mapping)) == key(nrow.policy)
        or (orow.policy, nrow.policy) in seen
    ):
        return []
    seen.add((orow.policy, nrow.policy))
    return [
        ScheduleChange(
            "policy",
            ot,
            nt,
            old_row=orow.rows[0],
            new_row=nrow.rows[0],
            old_value=orow.policy,
            new_value=nrow.policy,
            old_page=orow.page,
            new_page=nrow.page,
        )
    ]


def _kpi(ot, nt, orow, nrow, mapping, seen: set) -> list[ScheduleChange]:
    ok, nk = orow.kpi, nrow.kpi
    old_text = ok.text if ok else None
    new_text = nk.text if nk else None
    if key(renumber(old_text, mapping)) == key(new_text) or (id(ok), id(nk)) in seen:
        return []
    seen.add((id(ok), id(nk)))
    return [
        ScheduleChange(
            "kpi",
            ot,
            nt,
            old_row=ok.first_row if ok else orow.rows[0],
            new_row=nk.first_row if nk else nrow.rows[0],
            old_value=old_text,
            new_value=new_text,
            detail=_target_detail(ok, nk),
            old_page=ok.page if ok else orow.page,
            new_page=nk.page if nk else nrow.page,
        )
    ]


def _target_detail(ok: KpiCell | None, nk: KpiCell | None) -> str | None:
    """'target: 1,000,000 video views (FY2026) -> 1,500,000 video views (FY2026)' when parsed."""

    def targets(cell: KpiCell | None) -> str:
        if cell is None:
            return "none"
        parts = [
            " ".join(
                p
                for p in (
                    _fmt(i.get("target_value")),
                    _text(i.get("target_unit")),
                    f"(FY{_int(i.get('target_fy'))})" if _int(i.get("target_fy")) else None,
                )
                if p
            )
            for i in cell.items
            if _present(i.get("target_value"))
        ]
        return "; ".join(parts) or "none"

    a, b = targets(ok), targets(nk)
    return None if a == b == "none" else f"target: {a} -> {b}"


def _row_text(row: LogicalRow) -> str:
    lines = [f"policy: {row.policy}"] if row.policy else []
    lines += [f"{c.span_text}: {c.text}" for c in row.cells]
    if row.kpi:
        lines.append(f"KPI: {row.kpi.text}")
    return "\n".join(lines)


# ----------------------------------------------------------------------------- helpers


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and value != value)


def _text(value: Any) -> str | None:
    return str(value) if _present(value) and str(value) != "" else None


def _int(value: Any) -> int | None:
    return int(value) if _present(value) else None


def _num(value: Any) -> int:
    return _int(value) or 0


def _fmt(value: Any) -> str | None:
    if not _present(value):
        return None
    return f"{float(value):,.10g}"


def _half(cell: Row, name: str) -> str:
    return _text(cell.get(name)) or ""


def _list(value: Any) -> list:
    if not _present(value):
        return []
    return [v for v in list(value) if v is not None]
