"""Extract a generated rendering with the project's stages and compare it with its own gold.

    check(pdf, gold) -> list[Failure]

Schedules are matched by the measure numbers of their titles (as the golden table tests do);
every schedule must be found with its goal, outline and pages, every cell with its exact fiscal
year and half-year span, every KPI item; the body must give every measure with its pages and
placement, every heading, footnote and contents entry.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tests.scoring import norm, similarity


@dataclass(frozen=True)
class Failure:
    kind: str  # e.g. "schedule-missing", "cell-missing", "measure-page"
    item: str  # which item: "S031", "measure 5", "footnote 3"
    expected: str
    got: str

    @property
    def part(self) -> str:
        """The part of the check that failed: "schedules", "body", or "both" (a crash)."""
        if self.kind == "crash":
            return "both"
        schedule_kinds = ("schedule", "cell", "kpi", "goal", "outline")
        return "schedules" if self.kind.startswith(schedule_kinds) else "body"

    def __str__(self) -> str:
        return f"{self.kind} {self.item}: expected {self.expected!r}, got {self.got!r}"


def _short(value) -> str:
    text = norm(value) if isinstance(value, str) else repr(value)
    return text if len(text) <= 90 else text[:87] + "..."


def extract(pdf: Path):
    """The pipeline's stages for one PDF (as pipelines.run.run_stages runs them)."""
    from extract.layout import analyse_layout
    from extract.reader import read_pdf
    from extract.structure import extract_structure
    from extract.tables import extract_schedules

    raw = read_pdf(pdf)
    layout = analyse_layout(raw)
    structure = extract_structure(layout)
    return layout, structure, extract_schedules(layout, structure.attachment_page)


def check(pdf: Path, gold: dict) -> list[Failure]:
    try:
        extracted = extract(pdf)
    except Exception as exc:  # a crash is a finding like any other
        return [Failure("crash", pdf.name, "an extraction", f"{type(exc).__name__}: {exc}")]
    return compare(extracted, gold)


def compare(extracted, gold: dict) -> list[Failure]:
    """Failures of an extraction (layout, structure, schedules) against a rendering's gold."""
    layout, structure, schedules = extracted
    return (
        check_body(layout, structure, gold)
        + check_schedules(schedules, gold)
        + check_split_words(structure, schedules, gold)
    )


# ---------------------------------------------------------------------- split words
def _texts(structure, schedules) -> dict[str, str]:
    """All extracted text of each part, to look for words left in two pieces."""
    body = [m.text for m in structure.measures] + [h.text for h in structure.headings]
    body += [f.text for f in structure.footnotes]
    tables = []
    for s in schedules.schedules:
        tables += [s.title, s.five_year_goal or "", s.outline or ""]
        for r in s.rows:
            tables += [r.policy or "", r.kpi or ""] + [c.text for c in r.cells]
    return {"body": norm(" ".join(body)), "schedules": norm(" ".join(tables))}


def _gold_texts(gold: dict) -> dict[str, str]:
    body = [m["text"] for m in gold["measures"]] + [h["text"] for h in gold["headings"]]
    body += [f["text"] for f in gold["footnotes"]]
    tables = []
    for s in gold["schedules"]:
        tables += [s["title"], s["five_year_goal"] or "", s["outline"] or ""]
        for r in s["rows"]:
            tables += [r["policy"] or "", r["kpi"] or ""] + [c["text"] for c in r["cells"]]
    return {"body": norm(" ".join(body)), "schedules": norm(" ".join(tables))}


def check_split_words(structure, schedules, gold: dict) -> list[Failure]:
    """Words the rendering drew in two pieces (`letter_gaps`) must come back whole: the text
    may not hold "head tail" more often than the gold does."""
    splits = gold["render"].get("split_words") or {}
    if not any(splits.values()):
        return []
    got, want = _texts(structure, schedules), _gold_texts(gold)
    out = []
    for part, kind in (("body", "word-split"), ("schedules", "cell-word-split")):
        for head, tail in dict.fromkeys(tuple(x) for x in splits.get(part, [])):
            pattern = re.compile(rf"\b{re.escape(head)} {re.escape(tail)}\b")
            if len(pattern.findall(got[part])) > len(pattern.findall(want[part])):
                out.append(Failure(kind, f"{head}{tail}", f"{head}{tail}", f"{head} {tail}"))
    return out


# ---------------------------------------------------------------------- body
def check_body(layout, structure, gold: dict) -> list[Failure]:
    out: list[Failure] = []
    labels = [p.label for p in layout.pages]
    if labels != gold["render"]["page_labels"]:
        bad = [
            i + 1
            for i, (a, b) in enumerate(zip(labels, gold["render"]["page_labels"], strict=False))
            if a != b
        ]
        out.append(Failure("page-label", f"pages {bad[:6]}", "printed labels", f"{len(bad)} wrong"))
    out += _measures(structure, gold)
    out += _headings(structure, gold)
    out += _footnotes(structure, gold)
    got_toc = [(norm(e.text), e.printed_page) for e in structure.toc]
    want_toc = [(norm(t["text"]), t["printed_page"]) for t in gold["toc"]]
    for i, want in enumerate(want_toc):
        if want not in got_toc:
            near = next((g for g in got_toc if g[0] == want[0]), None)
            out.append(Failure("toc-entry", f"toc {i + 1}", _short(want), _short(near)))
    if len(got_toc) != len(want_toc):
        out.append(Failure("toc-count", "toc", str(len(want_toc)), str(len(got_toc))))
    if structure.cover.title != gold["title"]:
        out.append(Failure("cover", "title", gold["title"], structure.cover.title))
    return out


def _measures(structure, gold: dict) -> list[Failure]:
    out = []
    got = {m.measure_no: m for m in structure.measures}
    want = {m["no"]: m for m in gold["measures"]}
    for no in sorted(set(got) - set(want)):
        out.append(Failure("measure-extra", f"measure {no}", "none", _short(got[no].text)))
    for no, g in want.items():
        m = got.get(no)
        if m is None:
            out.append(Failure("measure-missing", f"measure {no}", _short(g["text"]), "none"))
            continue
        pages = (m.page_start, m.page_end, m.label_start, m.label_end)
        gold_pages = (g["page_start"], g["page_end"], g["label_start"], g["label_end"])
        if pages != gold_pages:
            out.append(Failure("measure-page", f"measure {no}", str(gold_pages), str(pages)))
        if similarity(m.text, g["text"]) < 0.98:
            out.append(Failure("measure-text", f"measure {no}", _short(g["text"]), _short(m.text)))
        for field, value in (
            ("key_point", m.key_point),
            ("subsection", m.subsection),
            ("subsection_title", m.subsection_title),
            ("theme", m.theme),
            ("ministries", list(m.ministries)),
            ("refs_raw", m.refs_raw),
        ):
            if value != g[field] and not (isinstance(value, str) and norm(value) == norm(g[field])):
                out.append(
                    Failure(f"measure-{field}", f"measure {no}", _short(g[field]), _short(value))
                )
    return out


def _headings(structure, gold: dict) -> list[Failure]:
    out = []
    got = [(norm(h.text), h.page, h.level) for h in structure.headings]
    unused = list(got)
    for h in gold["headings"]:
        key = (norm(h["text"]), h["page"], h["level"])
        if key in unused:
            unused.remove(key)
            continue
        same_text = next((g for g in unused if g[0] == key[0]), None)
        if same_text:
            unused.remove(same_text)
            kind = "heading-page" if same_text[1] != key[1] else "heading-level"
            out.append(Failure(kind, h["id"], str(key[1:]), str(same_text[1:])))
        else:
            out.append(Failure(f"heading-missing-{h['kind']}", h["id"], _short(h["text"]), "none"))
    for g in unused:
        out.append(Failure("heading-extra", f"page {g[1]}", "none", _short(g[0])))
    return out


def _footnotes(structure, gold: dict) -> list[Failure]:
    out = []
    got = {f.footnote_no: f for f in structure.footnotes}
    for f in gold["footnotes"]:
        mine = got.pop(f["no"], None)
        item = f"footnote {f['no']}"
        if mine is None:
            out.append(Failure("footnote-missing", item, _short(f["text"]), "none"))
            continue
        if (mine.page, mine.label) != (f["page"], f["label"]):
            out.append(
                Failure(
                    "footnote-page",
                    item,
                    str((f["page"], f["label"])),
                    str((mine.page, mine.label)),
                )
            )
        if similarity(mine.text, f["text"]) < 0.98:
            out.append(Failure("footnote-text", item, _short(f["text"]), _short(mine.text)))
    for no, f in got.items():
        out.append(Failure("footnote-extra", f"footnote {no}", "none", _short(f.text)))
    return out


# ---------------------------------------------------------------------- schedules
def _span(c) -> tuple:
    if isinstance(c, dict):
        return (c["fy_start"], c["fy_end"], c["half_start"], c["half_end"])
    return (c.fy_start, c.fy_end, c.half_start, c.half_end)


def check_schedules(result, gold: dict) -> list[Failure]:
    out: list[Failure] = []
    by_set = {frozenset(s.measure_nos): s for s in result.schedules}
    wanted = {frozenset(g["measure_nos"]) for g in gold["schedules"]}
    for key, s in by_set.items():
        if key not in wanted:
            out.append(
                Failure(
                    "schedule-extra",
                    f"page {s.page_start}",
                    "none",
                    f"{sorted(key)} {_short(s.title)}",
                )
            )
    for g in gold["schedules"]:
        s = by_set.get(frozenset(g["measure_nos"]))
        if s is None:
            out.append(
                Failure(
                    "schedule-missing",
                    g["id"],
                    f"{g['measure_nos']} {_short(g['title'])}",
                    "no schedule with these title measure numbers",
                )
            )
            continue
        out += _schedule(g, s)
    return out


def _schedule(g: dict, s) -> list[Failure]:
    out = []
    sid = g["id"]
    for what, got, want in (
        ("goal", s.five_year_goal, g["five_year_goal"]),
        ("outline", s.outline, g["outline"]),
    ):
        if similarity(got, want) < 0.97:
            out.append(Failure(what, sid, _short(want), _short(got)))
    pages = (s.page_start, s.page_end, s.label_start, s.label_end)
    want_pages = (g["page_start"], g["page_end"], g["label_start"], g["label_end"])
    if pages != want_pages:
        out.append(Failure("schedule-page", sid, str(want_pages), str(pages)))
    ours = [c for r in s.rows for c in r.cells]
    used: set[int] = set()
    for gc in (c for r in g["rows"] for c in r["cells"]):
        best, best_sim = None, 0.9
        for i, c in enumerate(ours):
            if i not in used and _span(c) == _span(gc):
                sim = similarity(c.text, gc["text"])
                if sim >= best_sim:
                    best, best_sim = i, sim
        if best is None:
            near = max(ours, key=lambda c: similarity(c.text, gc["text"]), default=None)
            got = f"{_span(near)} {_short(near.text)}" if near is not None else "none"
            out.append(Failure("cell-missing", sid, f"{_span(gc)} {_short(gc['text'])}", got))
        else:
            used.add(best)
    for i, c in enumerate(ours):
        if i not in used:
            out.append(Failure("cell-extra", sid, "none", f"{_span(c)} {_short(c.text)}"))
    our_kpis = [norm(k.text) for r in s.rows for k in r.kpis]
    gold_kpis = dict.fromkeys(norm(i) for r in g["rows"] for i in (r["kpi"] or "").split("\n"))
    for item in gold_kpis:
        if item and item not in our_kpis and not any(similarity(item, k) >= 0.97 for k in our_kpis):
            out.append(Failure("kpi-missing", sid, _short(item), "none"))
    return out


def summary(failures: list[Failure]) -> str:
    """One line: failure kinds with counts, then the first failure in full."""
    if not failures:
        return "pass"
    kinds = Counter(f.kind for f in failures)
    head = ", ".join(f"{k} x{n}" for k, n in sorted(kinds.items()))
    return f"{head}; first: {failures[0]}"
