"""Work-schedule attachment pages: one form per schedule (section labels, title with its measure
tags, 5-year goal, outline, then the roadmap grid of policies, fiscal-year cells and KPIs),
continued on further pages when its rows do not fit. Records the page of every schedule and row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tests.layoutgen.body import PAGE_SIZES
from tests.layoutgen.fonts import is_truetype, register, width
from tests.layoutgen.page import Page, Run, line_runs, runs_width, words_of, wrap
from tests.layoutgen.style import Style

HEADING = "Work Schedule for Specific Measures"
MARGIN = 32.0
PAD = 3.0
FILL = (0.86, 0.91, 0.97)
HEADER_FILL = (0.88, 0.88, 0.88)
TAGS = re.compile(r"<\d+>")
ITEM_SPACE = 0.3  # extra space between spaced KPI items, in text sizes (the fixtures: 0.22)


@dataclass
class Placement:
    page_start: int
    page_end: int
    row_pages: list[tuple[int, int]] = field(default_factory=list)


class Sheet:
    """The fonts and sizes of the attachment, and text helpers bound to them."""

    def __init__(self, style: Style) -> None:
        self.style = style
        self.regular, self.bold = register(style.table_font)
        self.size = style.table_size
        self.lead = self.size * 1.22
        w, h = PAGE_SIZES[style.page_size]
        self.width, self.height = max(w, h), min(w, h)
        self.rotated = style.att_pages == "rotated"

    def fit(self, text: str, w: float, bold=False, size=None) -> float:
        """The size at which the longest word of `text` fits in `w` (shrink to fit, as
        spreadsheet producers do, rather than letting a word run into the next cell)."""
        font = self.bold if bold else self.regular
        size = size or self.size
        longest = max((width(x, font, size) for x in text.split()), default=0.0)
        return size if longest <= w else round(size * w / longest * 0.98, 2)

    def lines(self, text: str, w: float, bold=False, size=None, hyphens=False) -> list[list[Run]]:
        """Each newline-separated paragraph of `text` wrapped to width `w`."""
        font = self.bold if bold else self.regular
        size = size or self.size
        if not hyphens:
            size = self.fit(text, w, bold, size)
        out = []
        for para in text.split("\n"):
            out += [line_runs(x) for x in wrap(words_of(para, font, size), w, hyphens=hyphens)]
        return out

    def items(self, text: str, w: float) -> list[tuple[float, float, list[Run]]]:
        """KPI items as (dx, dy, runs) lines: each item is a paragraph, set apart from the
        next by extra space (`kpi_items: spaced`, as the fixtures do) or led by a bullet with
        a hanging indent (`bullets`; "-" in the standard fonts, whose "•" cannot be mapped)."""
        out: list[tuple[float, float, list[Run]]] = []
        dy = 0.0
        bullets = self.style.kpi_items == "bullets"
        mark = "•" if is_truetype(self.style.table_font) else "-"
        hang = width(mark + " ", self.regular, self.size) if bullets else 0.0
        for para in (p for p in text.split("\n") if p):
            lines = self.lines(para, w - hang)
            for i, runs in enumerate(lines):
                if bullets and i == 0:
                    runs = [Run(mark, self.regular, self.size), Run(" ", self.regular, self.size)]
                    runs += lines[0]
                    out.append((0.0, dy, runs))
                else:
                    out.append((hang, dy, runs))
                dy += self.lead
            if not bullets:
                dy += ITEM_SPACE * self.size
        return out

    def items_height(self, placed: list[tuple[float, float, list[Run]]]) -> float:
        return placed[-1][1] + self.lead if placed else 0.0

    def block(self, page: Page, lines, x, top, w=None, center=False, size=None) -> float:
        """Draw lines from `top`; returns the height used."""
        size = size or self.size
        lead = size * 1.22
        for i, runs in enumerate(lines):
            dx = (w - runs_width(runs)) / 2 if center and w else 0.0
            page.text(x + dx, top + i * lead, runs, size)
        return len(lines) * lead

    def new_page(self) -> Page:
        return Page(self.width, self.height, rotated=self.rotated)


class ScheduleWriter:
    def __init__(self, style: Style) -> None:
        self.s = Sheet(style)
        self.style = style
        self.pages: list[Page] = []
        size = self.s.size
        label_size = size * 1.05
        goal_w = width("5-year goal", self.s.bold, label_size)
        widest = max(width(t, self.s.bold, label_size) for t in ("Outline", "Roadmap"))
        part = width("5-year", self.s.bold, label_size)
        self.label_size = label_size
        self.label_w = {
            "one_line": goal_w + 2 * PAD + 4,
            "two_lines": max(part, widest) + 2 * PAD + 1,
            # just narrower than "5-year": the label breaks "5-" / "year" / "goal" and the
            # longer one-word labels are shrunk to fit, as spreadsheet producers do
            "three_lines": 0.97 * part + 2 * PAD,
        }[style.label_column]
        self.x0 = MARGIN
        self.x1 = self.s.width - MARGIN

    # ------------------------------------------------------------------ form header
    def _label(self, page: Page, text: str, x: float, top: float, h: float) -> None:
        """A form label centred in its cell; shrunk to fit when a word is wider (as
        spreadsheet producers do), wrapped at spaces and hyphens otherwise."""
        inner = self.label_w - 2 * PAD
        size = self.label_size
        longest = max(width(w, self.s.bold, size) for w in re.split(r"[\s-]", text))
        if longest > inner:
            size = size * inner / longest * 0.98
        lines = self.s.lines(text, inner, bold=True, size=size, hyphens=True)
        used = len(lines) * size * 1.22
        self.s.block(page, lines, x + PAD, top + (h - used) / 2, inner, center=True, size=size)

    def _cell_rect(self, page: Page, x, top, w, h, header=False) -> None:
        ruled = self.style.form_rules == "ruled"
        if ruled:
            page.rect(x, top, w, h, stroke=True, fill=HEADER_FILL if header else None)
        elif header:
            page.rect(x, top, w, h, stroke=False, fill=HEADER_FILL)

    def _title(self, page: Page, g: dict, top: float) -> float:
        mode = self.style.title_width
        full = self.x1 - self.x0
        w = full * 0.55 if mode == "narrow" else full
        size = self.s.size * (1.25 if g.get("title_style") != "heading" else 1.45)
        for label in g["labels"]:
            lines = self.s.lines(label, w, size=self.s.size * 1.1)
            top += self.s.block(page, lines, self.x0, top, size=self.s.size * 1.1)
        top += 3
        bold = g.get("title_style") != "plain"
        title = g["title"]
        parts = [title]
        match = TAGS.search(title)
        if mode == "tag_line" and match and match.start() > 0:
            parts = [title[: match.start()].rstrip(), title[match.start() :]]
        for part in parts:
            lines = self.s.lines(part, w, bold=bold, size=size)
            top += self.s.block(page, lines, self.x0, top, size=size)
        return top + 4

    def _text_row(self, page: Page, label: str, text: str, top: float) -> float:
        inner_x = self.x0 + self.label_w
        w = self.x1 - inner_x
        lines = self.s.lines(text, w - 2 * PAD)
        h = max(len(lines) * self.s.lead, self._label_height(label)) + 2 * PAD
        self._cell_rect(page, self.x0, top, self.label_w, h, header=True)
        self._cell_rect(page, inner_x, top, w, h)
        self._label(page, label, self.x0, top, h)
        self.s.block(page, lines, inner_x + PAD, top + PAD)
        return top + h

    def _label_height(self, label: str) -> float:
        inner = self.label_w - 2 * PAD
        lines = self.s.lines(label, inner, bold=True, size=self.label_size, hyphens=True)
        return len(lines) * self.label_size * 1.22

    # ------------------------------------------------------------------ roadmap grid
    def _columns(self, g: dict) -> tuple[float, float, list[tuple[float, float]], float]:
        """x of policy column, x of the year area, (x0, x1) of each gold column, x of KPI."""
        left = self.x0 + self.label_w
        inner = self.x1 - left
        policy_w, kpi_w = inner * 0.17, inner * 0.18
        year_x = left + policy_w
        kpi_x = self.x1 - kpi_w
        fys = sorted({c["fy"] for c in g["columns"]})
        fy_w = (kpi_x - year_x) / len(fys)
        cols = []
        for c in g["columns"]:
            x = year_x + fys.index(c["fy"]) * fy_w
            if c["half"] == "H2":
                x += fy_w / 2
            cols.append((x, x + (fy_w / 2 if c["half"] else fy_w)))
        return left, year_x, cols, kpi_x

    def _header(self, page: Page, g: dict, top: float) -> float:
        left, year_x, cols, kpi_x = self._columns(g)
        size = self.s.size
        h = size * 1.22 + 2 * PAD
        heads = [("Specific policies", left, year_x)]
        for fy in sorted({c["fy"] for c in g["columns"]}):
            xs = [x for c, x in zip(g["columns"], cols, strict=True) if c["fy"] == fy]
            heads.append((f"FY{fy}", xs[0][0], xs[-1][1]))
        heads.append(("KPI", kpi_x, self.x1))
        for text, a, b in heads:
            self._cell_rect(page, a, top, b - a, h, header=True)
            runs = [Run(text, self.s.bold, size)]
            page.text(a + (b - a - runs_width(runs)) / 2, top + PAD, runs, size)
        top += h
        if g["half_year"] and self.style.half_header == "h1h2":
            for c, (a, b) in zip(g["columns"], cols, strict=True):
                self._cell_rect(page, a, top, b - a, h, header=True)
                if c["half"]:
                    runs = [Run(c["half"], self.s.bold, size)]
                    page.text(a + (b - a - runs_width(runs)) / 2, top + PAD, runs, size)
            self._cell_rect(page, left, top, year_x - left, h, header=True)
            self._cell_rect(page, kpi_x, top, self.x1 - kpi_x, h, header=True)
            top += h
        return top

    def _lanes(self, cells: list[dict]) -> list[list[dict]]:
        """Cells of one row in horizontal lanes: a cell joins the first lane it does not overlap."""
        lanes: list[list[dict]] = []
        for c in cells:
            for lane in lanes:
                if all(
                    c["col_start"] > o["col_end"] or c["col_end"] < o["col_start"] for o in lane
                ):
                    lane.append(c)
                    break
            else:
                lanes.append([c])
        return lanes

    def _cell_lines(self, c: dict, cols) -> tuple[float, float, list[list[Run]]]:
        a, b = cols[c["col_start"]][0], cols[c["col_end"]][1]
        inset = 0.0 if self.style.fy_cells == "merged" else 2.0
        tip = 0.0 if self.style.fy_cells == "merged" else 7.0
        lines = self.s.lines(c["text"], b - a - 2 * inset - tip - 2 * PAD)
        return a + inset, b - inset, lines

    def _row_layout(self, g: dict, r: dict) -> dict:
        left, year_x, cols, kpi_x = self._columns(g)
        policy = self.s.lines(r["policy"] or "", year_x - left - 2 * PAD)
        kpi = self.s.items(r["kpi"] or "", self.x1 - kpi_x - 2 * PAD)
        lanes = []
        for lane in self._lanes(r["cells"]):
            placed = [self._cell_lines(c, cols) for c in lane]
            h = max(len(lines) for *_, lines in placed) * self.s.lead + 2 * PAD + 4
            lanes.append((h, placed))
        need = [sum(h for h, _ in lanes) + 4]
        if not r["policy_inherited"]:
            need.append(len(policy) * self.s.lead + 2 * PAD)
        if not r["kpi_inherited"]:
            need.append(self.s.items_height(kpi) + 2 * PAD)
        return {
            "h": max(need + [self.s.lead + 2 * PAD]),
            "policy": policy,
            "kpi": kpi,
            "lanes": lanes,
        }

    def _draw_row(
        self, page: Page, g: dict, r: dict, lay: dict, top: float, h: float, first_on_page: bool
    ) -> None:
        left, year_x, cols, kpi_x = self._columns(g)
        ruled = self.style.form_rules == "ruled"
        self._year_grid(page, cols, lay, top, h)
        if ruled:
            page.line(year_x, top, year_x, top + h)
            page.line(kpi_x, top, kpi_x, top + h)
            page.line(self.x1, top, self.x1, top + h)
            page.line(year_x, top + h, kpi_x, top + h)
            if not lay["policy_continues"]:
                page.line(left, top + h, year_x, top + h)
            if not lay["kpi_continues"]:
                page.line(kpi_x, top + h, self.x1, top + h)
        if not r["policy_inherited"] or first_on_page:
            self.s.block(page, lay["policy"], left + PAD, top + PAD)
        if not r["kpi_inherited"] or first_on_page:
            for dx, dy, runs in lay["kpi"]:
                page.text(kpi_x + PAD + dx, top + PAD + dy, runs, self.s.size)
        y = top
        lanes = list(lay["lanes"])
        if lanes and self.style.fy_cells == "merged":  # merged cells fill their row
            last_h, last = lanes[-1]
            lanes[-1] = (last_h + h - sum(lh for lh, _ in lanes), last)
        for lane_h, placed in lanes:
            for a, b, lines in placed:
                self._fy_cell(page, a, b, y, lane_h, lines)
            y += lane_h

    def _year_grid(self, page: Page, cols, lay: dict, top: float, h: float) -> None:
        """Year (and half-year) dividers; merged cells are opaque boxes, so no divider is drawn
        through them (arrows are drawn over the grid, as arrow layouts do)."""
        dash = (2, 2) if self.style.year_grid == "dashed" else None
        spans: list[tuple[float, float, list[tuple[float, float]]]] = []
        y = top
        lanes = lay["lanes"] if self.style.fy_cells == "merged" else []
        for i, (lane_h, placed) in enumerate(lanes):
            y1 = top + h if i == len(lanes) - 1 else y + lane_h
            spans.append((y, y1, [(a, b) for a, b, _ in placed]))
            y = y1
        if not spans:
            spans = [(top, top + h, [])]
        for x in sorted({a for a, _ in cols[1:]}):
            for y0, y1, covered in spans:
                if not any(a + 0.5 < x < b - 0.5 for a, b in covered):
                    page.line(x, y0, x, y1, lw=0.4, dash=dash, color=(0.45, 0.45, 0.45))

    def _fy_cell(self, page: Page, a: float, b: float, top: float, h: float, lines) -> None:
        """A merged cell filling its lane, or an arrow inset in it, with its text inside."""
        kind = self.style.fy_cells
        if kind == "merged":
            ruled = self.style.form_rules == "ruled"
            page.rect(a, top, b - a, h, stroke=ruled, fill=(1, 1, 1) if ruled else FILL)
            self.s.block(page, lines, a + PAD, top + PAD)
            return
        tip, y0, y1 = 7.0, top + 2, top + h - 2
        mid = (y0 + y1) / 2
        points = [(a, y0), (b - tip, y0), (b, mid), (b - tip, y1), (a, y1)]
        if kind == "arrow_filled":
            page.poly(points, stroke=False, fill=FILL)
        else:
            page.poly(points, stroke=True, fill=None, lw=0.7)
        self.s.block(page, lines, a + PAD, y0 + PAD - 1)

    # ------------------------------------------------------------------ pages
    def _page(self) -> Page:
        self.pages.append(self.s.new_page())
        return self.pages[-1]

    def _roadmap_label(self, page: Page, top: float, bottom: float) -> None:
        self._cell_rect(page, self.x0, top, self.label_w, bottom - top, header=True)
        self._label(page, "Roadmap", self.x0, top, min(bottom - top, 40))

    def write(self, g: dict, first: bool) -> Placement:
        page = self._page()
        top = MARGIN
        if first:
            runs = [Run(HEADING, self.s.bold, self.s.size * 1.8)]
            page.text((self.s.width - runs_width(runs)) / 2, top, runs, self.s.size * 1.8)
            top += self.s.size * 3.2
        top = self._title(page, g, top)
        top = self._text_row(page, "5-year goal", g["five_year_goal"] or "", top)
        top = self._text_row(page, "Outline", g["outline"] or "", top)
        place = Placement(len(self.pages) - 1, len(self.pages) - 1)
        block_top = top
        top = self._header(page, g, top)
        bottom = self.s.height - MARGIN - 14
        rows = g["rows"]
        layouts = [self._row_layout(g, r) for r in rows]
        for lay, nxt in zip(layouts, [*rows[1:], None], strict=True):
            # the policy (KPI) cell spans down into the next row: no rule below it
            lay["policy_continues"] = bool(nxt and nxt["policy_inherited"])
            lay["kpi_continues"] = bool(nxt and nxt["kpi_inherited"])
        heights = self._row_heights(rows, layouts)
        placed_here, fresh = False, False  # rows on this page; page begun by a break
        for r, lay, h in zip(rows, layouts, heights, strict=True):
            if top + h > bottom and (placed_here or not fresh):
                self._roadmap_label(page, block_top, top)
                page = self._page()
                top = block_top = MARGIN
                if self.style.repeat_header == "repeat":
                    top = self._header(page, g, top)
                placed_here, fresh = False, True
            if not placed_here:  # an inherited policy or KPI is printed again on a new page
                h = max(h, self._reprint_height(r, lay))
            self._draw_row(page, g, r, lay, top, h, not placed_here)
            place.row_pages.append((len(self.pages) - 1, len(self.pages) - 1))
            placed_here = True
            top += h
        self._roadmap_label(page, block_top, top)
        place.page_end = len(self.pages) - 1
        return place

    def _reprint_height(self, r: dict, lay: dict) -> float:
        keys = [k for k in ("policy", "kpi") if r[f"{k}_inherited"]]
        return max((self._text_height(k, lay) + 2 * PAD for k in keys), default=0.0)

    def _text_height(self, key: str, lay: dict) -> float:
        if key == "kpi":
            return self.s.items_height(lay["kpi"])
        return len(lay[key]) * self.s.lead

    def _row_heights(self, rows: list[dict], layouts: list[dict]) -> list[float]:
        """Row heights, the last row of an inherited run grown to hold the run's text."""
        heights = [lay["h"] for lay in layouts]
        for key in ("policy", "kpi"):
            start = 0
            for i in range(1, len(rows) + 1):
                if i < len(rows) and rows[i][f"{key}_inherited"]:
                    continue
                need = self._text_height(key, layouts[start]) + 2 * PAD
                have = sum(heights[start:i])
                if need > have:
                    heights[i - 1] += need - have
                start = i
        return heights
