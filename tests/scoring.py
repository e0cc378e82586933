"""Score extracted work-schedule tables against a gold.json (tests, docs/tables.md figures).

    python -m tests.scoring PDF GOLD_JSON [PDF GOLD_JSON ...]

prints, per file and per ruling source (vector graphics via pdfplumber, camelot lattice),
schedules found, cells matched and extra, KPI items matched and seconds per page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from extract.tables.models import ScheduleSet
from extract.whitespace import comparable

norm = comparable  # quotes and spacing are typography, not content


def similarity(a: str | None, b: str | None) -> float:
    return SequenceMatcher(None, norm(a), norm(b), autojunk=False).ratio()


@dataclass
class Score:
    schedules_gold: int = 0
    schedules_found: int = 0
    goal_ok: int = 0
    outline_ok: int = 0
    page_ok: int = 0
    cells_gold: int = 0
    cells_matched: int = 0
    cells_extra: int = 0
    kpi_gold: int = 0
    kpi_matched: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def cell_recall(self) -> float:
        return self.cells_matched / self.cells_gold if self.cells_gold else 1.0

    @property
    def cell_extra_rate(self) -> float:
        return self.cells_extra / self.cells_gold if self.cells_gold else 0.0


def _span(c) -> tuple:
    if isinstance(c, dict):
        return (c["fy_start"], c["fy_end"], c["half_start"], c["half_end"])
    return (c.fy_start, c.fy_end, c.half_start, c.half_end)


def score(result: ScheduleSet, gold: dict, text_threshold: float = 0.9) -> Score:
    """Match schedules by their measure set, then cells by exact span and similar text."""
    sc = Score()
    by_set = {frozenset(s.measure_nos): s for s in result.schedules}
    for g in gold["schedules"]:
        sc.schedules_gold += 1
        gold_cells = [c for r in g["rows"] for c in r["cells"]]
        gold_kpis = {norm(item) for r in g["rows"] if r["kpi"] for item in r["kpi"].split("\n")}
        sc.cells_gold += len(gold_cells)
        sc.kpi_gold += len(gold_kpis)
        s = by_set.get(frozenset(g["measure_nos"]))
        if s is None:
            sc.problems.append(f"{g['id']} {g['measure_nos']}: not found")
            continue
        sc.schedules_found += 1
        sc.goal_ok += similarity(s.five_year_goal, g["five_year_goal"]) >= 0.97
        sc.outline_ok += similarity(s.outline, g["outline"]) >= 0.97
        sc.page_ok += s.page_start == g["page_start"]
        if s.page_start != g["page_start"]:
            sc.problems.append(f"{g['id']}: page_start {s.page_start} != {g['page_start']}")
        for what, got, want in (
            ("goal", s.five_year_goal, g["five_year_goal"]),
            ("outline", s.outline, g["outline"]),
        ):
            if similarity(got, want) < 0.97:
                sc.problems.append(f"{g['id']} {what}: {norm(got)[:80]!r} vs {norm(want)[:80]!r}")
        ours = [c for r in s.rows for c in r.cells]
        used: set[int] = set()
        for gc in gold_cells:
            best, best_sim = None, text_threshold
            for i, c in enumerate(ours):
                if i in used or _span(c) != _span(gc):
                    continue
                sim = similarity(c.text, gc["text"])
                if sim >= best_sim:
                    best, best_sim = i, sim
            if best is None:
                sc.problems.append(f"{g['id']} missing cell {_span(gc)} {gc['text'][:60]!r}")
            else:
                used.add(best)
                sc.cells_matched += 1
        for i, c in enumerate(ours):
            if i not in used:
                sc.cells_extra += 1
                sc.problems.append(f"{g['id']} extra cell {_span(c)} {c.text[:60]!r}")
        our_kpis = {norm(k.text) for r in s.rows for k in r.kpis}
        for item in gold_kpis:
            if item in our_kpis or any(similarity(item, k) >= 0.97 for k in our_kpis):
                sc.kpi_matched += 1
            else:
                sc.problems.append(f"{g['id']} missing KPI {item[:70]!r}")
    return sc


def _main(argv: list[str]) -> int:
    import json
    import time
    from pathlib import Path

    from extract.layout import analyse_layout
    from extract.reader import read_pdf
    from extract.tables import camelot_finder, extract_schedules

    pairs = list(zip(argv[::2], argv[1::2], strict=True))
    for pdf, gold_path in pairs:
        t0 = time.perf_counter()
        raw = read_pdf(pdf)
        read_s = (time.perf_counter() - t0) / len(raw.pages)
        layout = analyse_layout(raw)
        gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
        for rules in ("vector", "camelot"):
            t0 = time.perf_counter()
            result = extract_schedules(layout, rules=rules, find_rules=camelot_finder(pdf))
            pages = len(raw.pages) - (result.attachment_page or 1) + 1
            stage_s = (time.perf_counter() - t0) / pages
            sc = score(result, gold)
            print(
                f"{pdf} rules={rules}: schedules {sc.schedules_found}/{sc.schedules_gold}, "
                f"goal {sc.goal_ok}, outline {sc.outline_ok}, page {sc.page_ok}, "
                f"cells {sc.cells_matched}/{sc.cells_gold} (extra {sc.cells_extra}), "
                f"KPI items {sc.kpi_matched}/{sc.kpi_gold}, "
                f"read {read_s:.3f} s/page (whole PDF), tables {stage_s:.3f} s/page"
            )
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(_main(sys.argv[1:]))
