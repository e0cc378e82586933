"""Render a diff of two editions as one self-contained HTML redline (inline CSS, no scripts,
nothing fetched from the network).

Sections: counts by change type (each count in an element with `data-kind`/`data-change` so a
browser test can read it), the distribution of match similarities, every changed measure side
by side with word-level deletions and insertions, the renumbering map (discreet, folded), the
work-schedule changes with span changes drawn on a fiscal-year timeline, a table of KPI target
changes, and the document changes.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from html import escape
from typing import TYPE_CHECKING

from extract.diff.text import diff_ops, renumber
from schemas.changes import DOCUMENT_CHANGE_TYPES, MEASURE_CHANGE_TYPES, SCHEDULE_CHANGE_TYPES

if TYPE_CHECKING:
    from pipelines.diff_cmd import EditionDiff

CSS = """
body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif;color:#1b1b1b;
 margin:0 auto;max-width:1200px;padding:1.5rem 2rem;background:#fff}
h1{font-size:1.55rem;margin:.2rem 0}
h2{font-size:1.2rem;margin:2rem 0 .6rem;border-bottom:2px solid #ddd}
h3{font-size:1rem;margin:1rem 0 .3rem}
.synthetic{background:#fff3cd;border:1px solid #e0b400;padding:.5rem .8rem;border-radius:4px;
 font-weight:600}
.meta{color:#555;font-size:.9rem}
table{border-collapse:collapse;margin:.4rem 0}td,th{border:1px solid #ccc;padding:.25rem .5rem;
 vertical-align:top;text-align:left}th{background:#f4f4f4}
.counts td.count{text-align:right;font-variant-numeric:tabular-nums;font-weight:600}
.counts td.zero{color:#aaa;font-weight:400}
.bar{display:inline-block;height:.8rem;background:#6a8fd8;vertical-align:middle}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:.8rem;margin:.3rem 0 1.2rem}
.pair>div{border:1px solid #ddd;border-radius:4px;padding:.5rem .7rem;background:#fcfcfc;
 white-space:pre-wrap}
.pair .label{display:block;font-size:.8rem;color:#666;margin-bottom:.2rem;white-space:normal}
del{background:#ffd7d5;color:#82071e;text-decoration:line-through}
ins{background:#ccf5d6;color:#055d20;text-decoration:none}
.tag{display:inline-block;border-radius:3px;padding:0 .35rem;font-size:.8rem;font-weight:600;
 color:#fff}
.t-modified{background:#b26b00}.t-added{background:#1a7f37}.t-removed{background:#cf222e}
.t-renumbered,.t-unchanged{background:#777}
.renum{color:#777;font-size:.85rem}
details{margin:.4rem 0}summary{cursor:pointer;color:#444}
.timeline{display:grid;gap:2px;margin:.2rem 0 .8rem;font-size:.75rem;max-width:700px}
.timeline .yr{color:#666;text-align:center;border-bottom:1px solid #ccc}
.timeline .old,.timeline .new{border-radius:3px;padding:0 .3rem;white-space:nowrap;overflow:hidden}
.timeline .old{background:#f3a7a0}.timeline .new{background:#8fd6a0}
.timeline .lab{color:#444;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.sched{margin:.8rem 0 1.4rem;padding-left:.6rem;border-left:3px solid #ddd}
.value{white-space:pre-wrap}
.count-tables{display:flex;gap:2rem;flex-wrap:wrap;align-items:flex-start}
"""


def render_report(diff: EditionDiff) -> str:
    """The whole HTML document for one pair of editions (deterministic: no time stamps)."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>Roadmap redline {escape(diff.old)} → {escape(diff.new)}</title>",
        f"<style>{CSS}</style></head><body>",
        _header(diff),
        _counts(diff),
        _similarity(diff),
        _measures(diff),
        _renumbering(diff),
        _schedules(diff),
        _kpis(diff),
        _document(diff),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _header(diff: EditionDiff) -> str:
    out = [f"<h1>Roadmap redline: {escape(diff.old)} → {escape(diff.new)}</h1>"]
    if any("synthetic" in e for e in (diff.old, diff.new)):
        out.append(
            '<p class="synthetic" id="synthetic">Synthetic edition: an edition named '
            "“synthetic” is a scripted test document made to exercise diffing, not the "
            "published roadmap of that year.</p>"
        )
    for label, tables in (("old", diff.old_tables), ("new", diff.new_tables)):
        doc = (tables.get("documents") or [{}])[0]
        out.append(
            f'<p class="meta">{label}: <b>{escape(str(doc.get("edition", "")))}</b> · '
            f"{escape(str(doc.get('source_file', '')))} · sha256 "
            f"{escape(str(doc.get('source_sha256', ''))[:12])} · "
            f"{doc.get('page_count') or '?'} pages · {len(tables.get('measures', []))} measures · "
            f"{len(tables.get('schedules', []))} work schedules</p>"
        )
    return "\n".join(out)


def _counts(diff: EditionDiff) -> str:
    kinds = (
        ("measure", MEASURE_CHANGE_TYPES, Counter(m.change for m in diff.alignment.matches)),
        ("schedule", SCHEDULE_CHANGE_TYPES, Counter(c.change for c in diff.schedule_changes)),
        ("document", DOCUMENT_CHANGE_TYPES, Counter(c.change for c in diff.document_changes)),
    )
    out = ['<h2 id="counts">Counts by change type</h2><div class="count-tables">']
    for kind, types, counter in kinds:
        out.append(
            f'<table class="counts" data-kind="{kind}"><tr><th colspan="2">{kind} changes</th></tr>'
        )
        for t in types:
            n = counter.get(t, 0)
            cls = "count" + (" zero" if n == 0 else "")
            attrs = f'class="{cls}" data-kind="{kind}" data-change="{t}"'
            out.append(f"<tr><td>{t}</td><td {attrs}>{n}</td></tr>")
        out.append("</table>")
    out.append("</div>")
    return "\n".join(out)


def _similarity(diff: EditionDiff) -> str:
    from pipelines.diff_cmd import similarity_distribution

    bands = similarity_distribution(diff.alignment)
    top = max((n for _, n in bands), default=1) or 1
    rows = "".join(
        f'<tr><td>{escape(label)}</td><td class="count">{n}</td>'
        f'<td><span class="bar" style="width:{round(300 * n / top)}px"></span></td></tr>'
        for label, n in bands
    )
    return (
        '<h2 id="similarity">How sure each match is</h2>'
        '<p class="meta">Match score of each aligned pair of measures (1 = same text, place, '
        "ministries, references and schedule; see docs/diff.md).</p>"
        f"<table><tr><th>score</th><th>pairs</th><th></th></tr>{rows}</table>"
    )


def _redline(old: str | None, new: str | None) -> tuple[str, str]:
    left, right = [], []
    for op, text in diff_ops(old, new):
        if op == " ":
            left.append(escape(text))
            right.append(escape(text))
        elif op == "-":
            left.append(f"<del>{escape(text)}</del>")
        else:
            right.append(f"<ins>{escape(text)}</ins>")
    return "".join(left), "".join(right)


def _measures(diff: EditionDiff) -> str:
    mapping = diff.alignment.mapping
    out = ['<h2 id="measures">Changed measures</h2>']
    changed = [m for m in diff.alignment.matches if m.change in ("modified", "added", "removed")]
    if not changed:
        out.append("<p>No measure was added, removed or modified.</p>")
    for m in changed:
        o, n = m.old, m.new
        number = (
            f"&lt;{o['measure_no']}&gt; → &lt;{n['measure_no']}&gt;"
            if o and n and o["measure_no"] != n["measure_no"]
            else f"&lt;{(n or o)['measure_no']}&gt;"
        )
        fields = f" ({', '.join(m.fields)})" if m.fields else ""
        score = f" · match {m.similarity:.3f}" if m.similarity is not None else ""
        old_text = renumber(o["text"], mapping) if o else ""
        new_text = n["text"] if n else ""
        left, right = (
            _redline(old_text, new_text) if o and n else (escape(old_text), escape(new_text))
        )
        if o and not n:
            left = f"<del>{left}</del>"
        if n and not o:
            right = f"<ins>{right}</ins>"
        out.append(
            f'<section class="measure-change" data-change="{m.change}">'
            f'<h3><span class="tag t-{m.change}">{m.change}</span> {number}{escape(fields)}'
            f'<span class="renum">{score}</span></h3><div class="pair">'
            f'<div><span class="label">{escape(diff.old)} {_page(o)}{_meta(o)}</span>{left}</div>'
            f'<div><span class="label">{escape(diff.new)} {_page(n)}{_meta(n)}</span>{right}</div>'
            "</div></section>"
        )
    return "\n".join(out)


def _page(row) -> str:
    if row is None:
        return "— (not in this edition)"
    return f"&lt;{row['measure_no']}&gt; p. {row.get('page_start') or '?'}"


def _meta(row) -> str:
    if row is None:
        return ""
    ministries = "; ".join(row.get("ministries") or [])
    refs = row.get("refs_raw") or ""
    where = f"{row.get('key_point')}-{row.get('subsection') or ''}"
    return escape(f" · {where} · [{ministries}] {refs}")


def _renumbering(diff: EditionDiff) -> str:
    moved = sorted((o, n) for o, n in diff.alignment.mapping.items() if o != n)
    items = ", ".join(f"&lt;{o}&gt;→&lt;{n}&gt;" for o, n in moved)
    return (
        f'<details class="renum" id="renumbering"><summary>Renumbering: {len(moved)} measures '
        f"have a new number (old → new)</summary><p>{items or 'none'}</p></details>"
    )


def _schedules(diff: EditionDiff) -> str:
    out = ['<h2 id="schedules">Work-schedule changes</h2>']
    groups: dict[tuple, list] = defaultdict(list)
    for c in diff.schedule_changes:
        if c.change != "kpi":
            groups[
                (c.old.schedule_id if c.old else None, c.new.schedule_id if c.new else None)
            ].append(c)
    if not groups:
        out.append("<p>No work-schedule table changed (KPIs below).</p>")
    for (old_id, new_id), changes in groups.items():
        first = changes[0]
        title = (first.new or first.old).title
        ids = f"{escape(old_id or '—')} → {escape(new_id or '—')}"
        out.append(f'<div class="sched"><h3>{ids}: {escape(title)}</h3>')
        spans = [c for c in changes if c.change == "cell_span"]
        if spans:
            out.append(_timeline(spans))
        for c in changes:
            if c.change == "cell_span":
                continue
            rows = (c.old_row, c.new_row)
            where = f"row {_dash(rows[0])} → {_dash(rows[1])}" if rows != (None, None) else ""
            detail = f" · {escape(c.detail)}" if c.detail else ""
            out.append(
                f'<div class="schedule-change" data-change="{c.change}">{_tag(c.change)} '
                f'<span class="renum">{where}{detail}</span>'
                f"{_pair(diff, c.old_value, c.new_value, c.old_page, c.new_page)}</div>"
            )
        out.append("</div>")
    return "\n".join(out)


def _fy_range(span_text: str | None) -> tuple[int, int] | None:
    if not span_text:
        return None
    years = [int(y) for y in re.findall(r"FY(\d{4})", span_text)]
    return (years[0], years[-1]) if years else None


def _timeline(changes) -> str:
    """Span changes drawn as bars over a fiscal-year grid: old (red) above new (green)."""
    ranges = [r for c in changes for r in (_fy_range(c.old_value), _fy_range(c.new_value)) if r]
    first = min(r[0] for r in ranges)
    last = max(r[1] for r in ranges)
    years = list(range(first, last + 1))
    cols = f"grid-template-columns:12rem repeat({len(years)},1fr)"
    cells = ["<div></div>"] + [f'<div class="yr">FY{y}</div>' for y in years]
    for c in changes:
        label = escape((c.detail or "")[:60])
        for side, value in (("old", c.old_value), ("new", c.new_value)):
            r = _fy_range(value)
            if r is None:
                continue
            cells.append(f'<div class="lab">{label if side == "old" else ""}</div>')
            start = r[0] - first + 2
            end = r[1] - first + 3
            style = f"grid-column:{start}/{end}"
            cells.append(
                f'<div class="{side} cell-span" data-side="{side}" style="{style}" '
                f'title="{escape(value)}">{escape(value)}</div>'
            )
            if end <= len(years) + 1:
                cells.append(f'<div style="grid-column:{end}/{len(years) + 2}"></div>')
    return (
        f'<div class="timeline" data-spans="{len(changes)}" style="{cols}">{"".join(cells)}</div>'
    )


def _kpis(diff: EditionDiff) -> str:
    kpis = [c for c in diff.schedule_changes if c.change == "kpi"]
    out = ['<h2 id="kpis">KPI target changes</h2>']
    if not kpis:
        return out[0] + "<p>No KPI changed.</p>"
    head = "".join(f"<th>{h}</th>" for h in ("table", "old KPI", "new KPI", "targets"))
    out.append(f'<table class="kpi-table"><tr>{head}</tr>')
    for c in kpis:
        left, right = _redline(c.old_value, c.new_value)
        ids = f"{c.old.schedule_id if c.old else '—'} → {c.new.schedule_id if c.new else '—'}"
        out.append(
            f'<tr class="kpi-change"><td>{escape(ids)}</td><td class="value">{left}</td>'
            f'<td class="value">{right}</td><td>{escape(c.detail or "")}</td></tr>'
        )
    out.append("</table>")
    return "\n".join(out)


def _document(diff: EditionDiff) -> str:
    out = ['<h2 id="document">Other text: cover, headings, paragraphs, footnotes</h2>']
    if not diff.document_changes:
        out.append("<p>No change outside the measures and work schedules.</p>")
    for c in diff.document_changes:
        out.append(
            f'<div class="document-change" data-change="{c.change}">{_tag(c.change)}'
            f"{_pair(diff, c.old_text, c.new_text, c.old_page, c.new_page)}</div>"
        )
    return "\n".join(out)


def _pair(diff: EditionDiff, old: str | None, new: str | None, old_page, new_page) -> str:
    """Old and new value side by side, deletions and insertions marked, with their pages."""
    left, right = _redline(old, new)
    return (
        '<div class="pair">'
        f'<div><span class="label">{escape(diff.old)} p. {_dash(old_page)}</span>{left}</div>'
        f'<div><span class="label">{escape(diff.new)} p. {_dash(new_page)}</span>{right}</div>'
        "</div>"
    )


def _tag(change: str) -> str:
    return f'<span class="tag t-modified">{change}</span>'


def _dash(value) -> str:
    return "—" if value is None else str(value)
