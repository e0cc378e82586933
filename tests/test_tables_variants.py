"""The same gold checks on layouts not in the fixtures (derived variants of both layouts).

Column boundaries must come from the header row and the lines and shapes on the page, so the
results may not depend on sizes, margins, font names, fill/outline, dash style or how a
producer splits rules and arrows into drawing objects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from extract.layout import analyse_layout
from extract.models import PageData, RawDocument, Rect, Word
from extract.tables import extract_schedules
from tests.conftest import GOLDEN_LAYOUTS, load_gold, load_raw
from tests.scoring import score


def _map_pages(raw: RawDocument, fn: Callable[[PageData], PageData]) -> RawDocument:
    return replace(raw, pages=tuple(fn(p) for p in raw.pages))


def _graphics(raw: RawDocument, fn: Callable[[Rect], list[Rect]]) -> RawDocument:
    return _map_pages(
        raw, lambda p: replace(p, graphics=tuple(r for g in p.graphics for r in fn(g)))
    )


def scaled(raw: RawDocument, k: float = 0.85, dx: float = 30.0, dy: float = 12.0) -> RawDocument:
    """Smaller type and graphics on a page of the same size with other margins; new fonts."""

    def word(w: Word) -> Word:
        font = "Arial-BoldMT" if w.bold else "ArialMT"
        return replace(
            w,
            x0=w.x0 * k + dx,
            x1=w.x1 * k + dx,
            top=w.top * k + dy,
            bottom=w.bottom * k + dy,
            size=round(w.size * k, 2),
            fontname=font,
        )

    def rect(g: Rect) -> Rect:
        return replace(
            g,
            x0=g.x0 * k + dx,
            x1=g.x1 * k + dx,
            top=g.top * k + dy,
            bottom=g.bottom * k + dy,
            points=tuple((x * k + dx, y * k + dy) for x, y in g.points),
        )

    return _map_pages(
        raw,
        lambda p: replace(
            p,
            words=tuple(word(w) for w in p.words),
            graphics=tuple(rect(g) for g in p.graphics),
        ),
    )


def outlined_arrows(raw: RawDocument) -> RawDocument:
    return _graphics(
        raw, lambda g: [replace(g, fill=False, stroke=True)] if g.kind == "curve" else [g]
    )


def solid_grid(raw: RawDocument) -> RawDocument:
    return _graphics(raw, lambda g: [replace(g, dashed=False)])


def no_background_fills(raw: RawDocument) -> RawDocument:
    return _graphics(raw, lambda g: [] if g.kind == "rect" and g.fill and not g.stroke else [g])


def rules_as_rects(raw: RawDocument, thickness: float = 0.6) -> RawDocument:
    """Rules drawn as filled rectangles (0.6 pt hairlines or 2.5 pt bars) instead of lines."""
    half = thickness / 2

    def fn(g: Rect) -> list[Rect]:
        if g.kind != "line":
            return [g]
        if g.x1 - g.x0 < 1:
            x = (g.x0 + g.x1) / 2
            return [replace(g, kind="rect", x0=x - half, x1=x + half, fill=True, stroke=False)]
        y = (g.top + g.bottom) / 2
        return [replace(g, kind="rect", top=y - half, bottom=y + half, fill=True, stroke=False)]

    return _graphics(raw, fn)


def dashed_grid(raw: RawDocument) -> RawDocument:
    return _graphics(raw, lambda g: [replace(g, dashed=True)] if g.kind == "line" else [g])


def merged_rules(raw: RawDocument) -> RawDocument:
    """Touching collinear line pieces drawn as one long line each."""

    def page(p: PageData) -> PageData:
        lines = [g for g in p.graphics if g.kind == "line"]
        rest = [g for g in p.graphics if g.kind != "line"]
        merged: list[Rect] = []
        for vertical in (True, False):
            pieces = [g for g in lines if (g.x1 - g.x0 < 1) == vertical]
            key = (lambda g: (round(g.x0), g.top)) if vertical else (lambda g: (round(g.top), g.x0))
            for g in sorted(pieces, key=key):
                last = merged[-1] if merged else None
                if (
                    last is not None
                    and (last.x1 - last.x0 < 1) == vertical
                    and last.dashed == g.dashed
                ):
                    if vertical and abs(last.x0 - g.x0) < 0.5 and g.top <= last.bottom + 0.5:
                        merged[-1] = replace(last, bottom=max(last.bottom, g.bottom))
                        continue
                    if not vertical and abs(last.top - g.top) < 0.5 and g.x0 <= last.x1 + 0.5:
                        merged[-1] = replace(last, x1=max(last.x1, g.x1))
                        continue
                merged.append(g)
        return replace(p, graphics=tuple(rest + merged))

    return _map_pages(raw, page)


def split_arrows(raw: RawDocument) -> RawDocument:
    """Arrows drawn as a filled rectangle plus a separate triangular tip."""

    def fn(g: Rect) -> list[Rect]:
        if g.kind != "curve" or len(g.points) < 5:
            return [g]
        top_xs = [x for x, y in g.points if abs(y - g.top) < 1]
        body_x1 = max(top_xs) if top_xs else g.x1
        if body_x1 >= g.x1 - 0.5:
            return [g]
        mid = (g.top + g.bottom) / 2
        body = replace(g, kind="rect", x1=body_x1, points=())
        tip = replace(
            g,
            x0=body_x1,
            points=((body_x1, g.top), (g.x1, mid), (body_x1, g.bottom), (body_x1, g.top)),
        )
        return [body, tip]

    return _graphics(raw, fn)


def bottom_up_points(raw: RawDocument) -> RawDocument:
    """Curve points in PDF user space (origin bottom-left), as some readers report them."""

    def page(p: PageData) -> PageData:
        def fn(g: Rect) -> Rect:
            if g.kind != "curve":
                return g
            return replace(g, points=tuple((x, p.height - y) for x, y in g.points))

        return replace(p, graphics=tuple(fn(g) for g in p.graphics))

    return _map_pages(raw, page)


def split_year_labels(raw: RawDocument) -> RawDocument:
    """'FY2022' typeset as two words 'FY' '2022' (another producer's word splitting)."""

    def words(p: PageData) -> PageData:
        out: list[Word] = []
        for w in p.words:
            if len(w.text) == 6 and w.text.startswith("FY") and w.text[2:].isdigit():
                cut = w.x0 + (w.x1 - w.x0) * 0.3
                out += [replace(w, text="FY", x1=cut - 1), replace(w, text=w.text[2:], x0=cut)]
            else:
                out.append(w)
        return replace(p, words=tuple(out))

    return _map_pages(raw, words)


def running_head(raw: RawDocument) -> RawDocument:
    """A running head ('Attachment  Work schedule  p. n') at the top of every landscape page."""

    def words(p: PageData) -> PageData:
        if p.width <= p.height:
            return p
        texts = ["Attachment", "Work", "schedule", "p.", str(p.page)]
        out, x = [], p.width - 200
        for t in texts:
            out.append(Word(t, x, x + 6 * len(t), 8, 16, "Any", 8, False))
            x += 6 * len(t) + 4
        return replace(p, words=tuple(out) + p.words)

    return _map_pages(raw, words)


VARIANTS: dict[str, Callable[[RawDocument], RawDocument]] = {
    "running-head": running_head,
    "split-year-labels": split_year_labels,
    "scaled-fonts-margins": scaled,
    "outlined-arrows": outlined_arrows,
    "solid-grid": solid_grid,
    "no-background-fills": no_background_fills,
    "rules-as-thin-rects": rules_as_rects,
    "rules-as-thick-bars": lambda raw: rules_as_rects(raw, 2.5),
    "dashed-grid": dashed_grid,
    "merged-rules": merged_rules,
    "split-arrows": split_arrows,
    "bottom-up-curve-points": bottom_up_points,
    "combined": lambda raw: merged_rules(
        no_background_fills(solid_grid(outlined_arrows(scaled(raw))))
    ),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("name", GOLDEN_LAYOUTS)
def test_variant_layout_meets_gold_thresholds(name: str, variant: str) -> None:
    raw = load_raw(name)
    changed = VARIANTS[variant](raw)
    if changed.pages == raw.pages:
        pytest.skip(f"{variant} changes nothing in {name} (no such objects)")
    result = extract_schedules(analyse_layout(changed), rules="vector")
    sc = score(result, load_gold(name))
    assert sc.schedules_found == sc.schedules_gold, sc.problems[:5]
    assert len(result.schedules) == sc.schedules_gold
    gold_labels = {frozenset(g["measure_nos"]): g["labels"] for g in load_gold(name)["schedules"]}
    assert all(list(s.labels) == gold_labels[frozenset(s.measure_nos)] for s in result.schedules)
    assert sc.goal_ok == sc.outline_ok == sc.page_ok == sc.schedules_gold, sc.problems[:5]
    assert (sc.cells_matched, sc.cells_extra) == (sc.cells_gold, 0), sc.problems[:5]


def test_printed_page_labels_are_carried() -> None:
    """Layout B prints no label on attachment pages; add '- n -' footers and they appear."""
    from dataclasses import replace

    from extract.models import Word

    raw = load_raw("fy2024-b")

    def footer(page):
        size = 9.0
        y = page.height - 30
        x = page.width / 2
        words = (
            Word("-", x - 20, x - 15, y, y + size, "Any", size, False),
            Word(str(page.page + 100), x - 10, x + 10, y, y + size, "Any", size, False),
            Word("-", x + 15, x + 20, y, y + size, "Any", size, False),
        )
        return replace(page, words=page.words + words)

    changed = replace(raw, pages=tuple(footer(p) for p in raw.pages))
    result = extract_schedules(analyse_layout(changed))
    first = result.schedules[0]
    assert first.label_start == str(first.page_start + 100)
    spanning = next(s for s in result.schedules if s.page_end != s.page_start)
    assert spanning.label_end == str(spanning.page_end + 100)
    assert len(result.schedules) == len(load_gold("fy2024-b")["schedules"])
