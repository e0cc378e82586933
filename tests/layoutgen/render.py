"""Render gold content into a PDF in a seeded style, and write that rendering's exact gold.

    render(seed) -> Rendering(pdf, gold, style)

The gold has the format of tests/fixtures/*/gold.json (measures, headings, toc, footnotes,
schedules with page fields), with the pages where this rendering put each item.
"""

from __future__ import annotations

import copy
import json
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from tests.layoutgen.attachment import Placement, ScheduleWriter
from tests.layoutgen.body import (
    MARGINS,
    BodyFonts,
    BodyResult,
    BodyWriter,
    cover_page,
    toc_pages,
)
from tests.layoutgen.fonts import all_families, bundled_families
from tests.layoutgen.page import Page, Run, runs_width, split_words
from tests.layoutgen.style import Style, choose_style

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SOURCES = ["fy2024", "fy2023-synthetic", "fy2022-synthetic"]


@cache
def source_gold(name: str) -> dict:
    return json.loads((FIXTURES / name / "gold.json").read_text(encoding="utf-8"))


@dataclass
class Rendering:
    seed: int
    pdf: Path
    gold: dict
    style: Style
    source: str
    excerpt: bool


# ---------------------------------------------------------------------- what to render
def schedule_features(s: dict) -> set[str]:
    """Kinds of form features a schedule exercises (the in-suite subsets cover them all)."""
    rows = s["rows"]
    cells = [c for r in rows for c in r["cells"]]
    f = {f"title-{s.get('title_style', 'bold')}"}
    f |= {"half-year"} if s["half_year"] else set()
    f |= {"extra-refs"} if s["title_extra_refs"] else set()
    f |= {"many-tags"} if len(s["measure_nos"]) >= 4 else set()
    f |= {"two-labels"} if len(s["labels"]) > 1 else set()
    f |= {"policy-inherited"} if any(r["policy_inherited"] for r in rows) else set()
    f |= {"kpi-inherited"} if any(r["kpi_inherited"] for r in rows) else set()
    f |= {"row-without-cells"} if any(not r["cells"] for r in rows) else set()
    f |= {"cell-tags"} if any(c["measure_nos"] for c in cells) else set()
    f |= {"policy-tags"} if any(r["policy_measure_nos"] for r in rows) else set()
    f |= {"many-rows"} if len(rows) >= 5 else set()
    f |= {"many-cells"} if any(len(r["cells"]) >= 5 for r in rows) else set()
    f |= {"multi-line-cell"} if any("\n" in c["text"] for c in cells) else set()
    f |= {"outline-paragraphs"} if "\n" in (s["outline"] or "") else set()
    f |= {"no-kpi"} if any(not r["kpi"] for r in rows) else set()
    return f


def schedule_subset(gold: dict, seed: int, extra: int = 2) -> list[dict]:
    """One schedule per feature (which one turns with the seed) plus `extra` random ones."""
    rng = random.Random(seed)
    pool = gold["schedules"]
    chosen: dict[str, dict] = {}
    features = sorted({f for s in pool for f in schedule_features(s)})
    for feature in features:
        having = [s for s in pool if feature in schedule_features(s)]
        if not any(feature in schedule_features(s) for s in chosen.values()):
            pick = having[seed % len(having)]
            chosen[pick["id"]] = pick
    rest = [s for s in pool if s["id"] not in chosen]
    for s in rng.sample(rest, min(extra, len(rest))):
        chosen[s["id"]] = s
    order = {s["id"]: i for i, s in enumerate(pool)}
    return sorted(chosen.values(), key=lambda s: order[s["id"]])


def body_excerpt(gold: dict, seed: int) -> list[dict]:
    """Chapters 1-3 and one key point of chapter 4 (turning with the seed)."""
    kinds = {h["id"]: h["kind"] for h in gold["headings"]}
    items = gold["body"]
    starts = [i for i, b in enumerate(items) if kinds.get(b.get("id")) == "key_point"]
    bounds = starts + [
        next(
            i for i, b in enumerate(items) if i > starts[-1] and kinds.get(b.get("id")) == "chapter"
        )
    ]
    k = seed % len(starts)
    return items[: starts[0]] + items[bounds[k] : bounds[k + 1]]


# ---------------------------------------------------------------------- drawing
def _draw(pages: list[Page], path: Path, meta: dict) -> None:
    c = Canvas(str(path), pageCompression=1, invariant=1)
    c.setTitle(meta["title"])
    c.setProducer("layoutgen (ReportLab)")
    for page in pages:
        w, h = page.width, page.height
        c.setPageSize((w, h))  # the displayed size: ReportLab swaps the MediaBox for /Rotate
        if page.rotated:  # portrait media turned by /Rotate 90; content drawn turned back
            c.setPageRotation(90)
            c.translate(h, 0)
            c.rotate(90)
        else:
            c.setPageRotation(0)
        for op in page.ops:
            _op(c, op, h)
        c.showPage()
    c.save()


def _op(c: Canvas, op: tuple, h: float) -> None:
    kind = op[0]
    if kind == "text":
        _, x, base, runs = op
        for run in runs:
            if run.text:
                c.setFillColorRGB(0, 0, 0)
                c.setFont(run.font, run.size)
                c.drawString(x, h - base + run.rise, run.text)
            x += run.width
    elif kind == "line":
        _, x0, y0, x1, y1, lw, dash, color = op
        c.setLineWidth(lw)
        c.setStrokeColorRGB(*color)
        c.setDash(list(dash) if dash else [])
        c.line(x0, h - y0, x1, h - y1)
    elif kind == "rect":
        _, x, y, w, hh, stroke, fill, lw, dash = op
        c.setLineWidth(lw)
        c.setStrokeColorRGB(0, 0, 0)
        c.setDash(list(dash) if dash else [])
        if fill:
            c.setFillColorRGB(*fill)
        c.rect(x, h - y - hh, w, hh, stroke=int(stroke), fill=int(fill is not None))
    elif kind == "dot":
        _, x, y, r = op
        c.setFillColorRGB(0, 0, 0)
        c.circle(x, h - y, r, stroke=0, fill=1)
    elif kind == "poly":
        _, points, stroke, fill, lw = op
        c.setLineWidth(lw)
        c.setDash([])
        c.setStrokeColorRGB(0.1, 0.2, 0.5)
        if fill:
            c.setFillColorRGB(*fill)
        p = c.beginPath()
        p.moveTo(points[0][0], h - points[0][1])
        for x, y in points[1:]:
            p.lineTo(x, h - y)
        p.close()
        c.drawPath(p, stroke=int(stroke), fill=int(fill is not None))


def _footer(page: Page, fmt: str, n: int, total: int, font: str, size: float, bottom: float):
    runs = [Run(fmt.format(n=n, N=total), font, size)]
    page.text((page.width - runs_width(runs)) / 2, page.height - bottom, runs, size)
    page.label = str(n)


# ---------------------------------------------------------------------- one rendering
@dataclass
class _Laid:
    """Pages of one rendering before drawing, with where each item went."""

    src: dict
    items: list[dict]
    schedules: list[dict]
    body: BodyResult
    front: list[Page]
    sheets: ScheduleWriter
    placed: list[Placement]
    splits: dict[str, list[tuple[str, str]]]  # words drawn in two pieces, per part

    @property
    def pages(self) -> list[Page]:
        return self.front + self.body.pages + self.sheets.pages

    @property
    def off_att(self) -> int:
        return len(self.front) + len(self.body.pages)

    def body_page(self, i: int) -> tuple[int, str | None]:
        """(physical page, printed label) of body page index i."""
        return len(self.front) + i + 1, self.body.pages[i].label


def _lay_out(src: dict, items: list[dict], schedules: list[dict], style: Style) -> _Laid:
    body = BodyWriter(src, style).write(items)
    fonts = BodyFonts.of(style)
    levels = {h["id"]: h["level"] for h in src["headings"]}
    toc = [
        (t["text"], levels[t["heading_id"]], str(body.headings[t["heading_id"]] + 1))
        for t in src["toc"]
        if t["heading_id"] in body.headings
    ]
    front = [cover_page(src, style, fonts), *toc_pages(toc, style, fonts)]
    sheets = ScheduleWriter(style)
    placed = [sheets.write(s, i == 0) for i, s in enumerate(schedules)]
    splits: dict[str, list[tuple[str, str]]] = {"body": [], "schedules": []}
    if style.letter_gaps == "some":  # before the footers: page numbers are never split
        rng = random.Random(f"letter-gaps-{style.seed}")
        splits = {"body": split_words(body.pages, rng), "schedules": split_words(sheets.pages, rng)}
    n_body = len(body.pages)
    _, vert = MARGINS[style.margins]
    for i, page in enumerate(body.pages):
        fmt = style.body_page_numbers
        _footer(page, fmt, i + 1, n_body, fonts.regular, style.body_size * 0.9, vert / 2)
    if style.att_page_numbers != "none":
        total = n_body + len(sheets.pages)
        for i, page in enumerate(sheets.pages):
            fmt, font, size = style.att_page_numbers, sheets.s.regular, sheets.s.size
            _footer(page, fmt, n_body + i + 1, total, font, size, 16)
    return _Laid(src, items, schedules, body, front, sheets, placed, splits)


def _body_gold(laid: _Laid) -> dict:
    src, body = laid.src, laid.body
    by_id = {h["id"]: h for h in src["headings"]}
    headings = []
    for hid in (b["id"] for b in laid.items if b["type"] == "heading"):
        page, label = laid.body_page(body.headings[hid])
        headings.append(dict(by_id[hid], page=page, label=label))
    att = next((h for h in src["headings"] if h["kind"] == "attachment"), None)
    if att and laid.schedules:
        headings.append(dict(att, page=laid.off_att + 1, label=laid.sheets.pages[0].label))
    toc = [
        dict(
            t,
            printed_page=laid.body_page(body.headings[t["heading_id"]])[1],
            page=laid.body_page(body.headings[t["heading_id"]])[0],
        )
        for t in src["toc"]
        if t["heading_id"] in body.headings
    ]
    measures = []
    for m in src["measures"]:
        if m["no"] in body.measures:
            where = body.measures[m["no"]]
            m["page_start"], m["label_start"] = laid.body_page(where.first)
            m["page_end"], m["label_end"] = laid.body_page(where.last)
            measures.append(m)
    footnotes = []
    for f in src["footnotes"]:
        if f["no"] in body.footnotes:
            page, label = laid.body_page(body.footnotes[f["no"]])
            footnotes.append(dict(f, page=page, label=label, call_page=page))
    return {"headings": headings, "toc": toc, "measures": measures, "footnotes": footnotes}


def _schedule_gold(laid: _Laid) -> list[dict]:
    out = []
    pages, off = laid.sheets.pages, laid.off_att
    for s, where in zip(laid.schedules, laid.placed, strict=True):
        s = dict(s)
        s["page_start"] = s["title_page"] = off + where.page_start + 1
        s["page_end"] = off + where.page_end + 1
        s["label_start"] = pages[where.page_start].label
        s["label_end"] = pages[where.page_end].label
        s["rows"] = [
            dict(r, page=off + a + 1, page_end=off + b + 1)
            for r, (a, b) in zip(s["rows"], where.row_pages, strict=True)
        ]
        out.append(s)
    return out


def render(
    seed: int,
    out_dir: Path,
    excerpt: bool = True,
    cover: bool = True,
    families: list[str] | None = None,
    source: str | None = None,
) -> Rendering:
    """Render seed `seed` into out_dir/seed-<seed>.pdf with its gold beside it.

    `excerpt`: chapters 1-3, one key point and a feature-covering subset of the schedules
    (fast); otherwise the whole document. `cover`: styles dealt so that seeds 0..11 use every
    option, from the fonts bundled with ReportLab; otherwise random styles from all fonts found.
    """
    families = families or (bundled_families() if cover else all_families())
    style = choose_style(seed, families, cover=cover)
    source = source or SOURCES[seed % len(SOURCES)]
    src = copy.deepcopy(source_gold(source))
    items = body_excerpt(src, seed) if excerpt else src["body"]
    schedules = schedule_subset(src, seed) if excerpt else src["schedules"]
    laid = _lay_out(src, items, schedules, style)
    pages = laid.pages
    name = f"seed-{seed}{'' if excerpt else '-full'}"
    gold = {k: src[k] for k in ("edition", "title", "decided", "revisions", "cover")}
    gold |= _body_gold(laid)
    gold["schedules"] = _schedule_gold(laid)
    gold["body"] = items
    n_front = len(laid.front)
    gold["render"] = {
        "renderer": "layoutgen (ReportLab)",
        "seed": seed,
        "source": source,
        "excerpt": excerpt,
        "style": style.as_dict(),
        "pdf": f"{name}.pdf",
        "pages": len(pages),
        "page_labels": [p.label for p in pages],
        "page_orientation": ["landscape" if p.width > p.height else "portrait" for p in pages],
        "split_words": {part: [list(x) for x in pairs] for part, pairs in laid.splits.items()},
        "sections": {
            "cover": [1, 1],
            "toc": [2, n_front],
            "body": [n_front + 1, laid.off_att],
            "attachment": [laid.off_att + 1, len(pages)] if laid.sheets.pages else None,
        },
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    pdf = out_dir / f"{name}.pdf"
    _draw(pages, pdf, {"title": src["title"]})
    (out_dir / f"{name}.gold.json").write_text(json.dumps(gold, indent=1, ensure_ascii=False))
    return Rendering(seed, pdf, gold, style, source, excerpt)
