"""One attachment page as a vertical sequence of elements: free text, form rows, roadmap body.

Free text (section labels and the table title) is what lies outside every table frame; the
"5-year goal" and "Outline" rows are found by their form labels and closed by the nearest
rules; the roadmap body runs from the header row down as far as the rules at the column
boundaries reach. A page without a header row whose rules line up with the previous page's
columns is a continuation of the previous table (header not repeated).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from extract.labels import parse_page_label
from extract.models import PageData, PageLayout, Word
from extract.tables.body import PageBody, parse_body
from extract.tables.columns import (
    FyColumn,
    Header,
    build_header,
    half_subheader,
    is_header_line,
    split_halves,
)
from extract.tables.form_cells import find_labels, form_rows
from extract.tables.geometry import (
    BREAK,
    CROSS,
    REACH,
    SAME_RULE,
    Segment,
    Shape,
    segments,
    shapes,
)
from extract.tables.text import TAG, TextLine, group_lines
from extract.whitespace import squash
from extract.wording import matches

FORM_LABELS = {"goal_label": "goal", "outline_label": "outline"}
# An unbounded body (its rules do not reach down) ends this share of the page height above
# the page's bottom edge: the foot margin that holds the page label.
FOOT_MARGIN = 0.06
# A free-text line is a running head or foot when it repeats on at least this share of the
# attachment's pages, and on at least MIN_RUNNING pages (two pages alike can be chance).
RUNNING_SHARE = 0.5
MIN_RUNNING = 3


@dataclass(slots=True)
class Element:
    kind: str  # text | goal | outline | body
    top: float
    bottom: float
    page: int
    lines: list[TextLine] | None = None
    text: str | None = None
    body: PageBody | None = None
    header: Header | None = None
    columns: tuple[FyColumn, ...] = ()
    repeated_header: bool = False


@dataclass(slots=True)
class ScannedPage:
    page: int
    label: str | None
    elements: list[Element]


def page_label(laid: PageLayout, lines: Sequence[TextLine]) -> tuple[str | None, TextLine | None]:
    """The printed page label and the line of `lines` that carries it (kept out of free text).

    The label is the layout stage's (`PageLayout.label`, found on the page's layout lines),
    taken as it is, so that a schedule's `label_start`/`label_end` always equal `pages.label`
    of its pages; of the table lines reading as that label, the one nearest the layout line
    that carries it is the carrier.
    """
    label, index = laid.label, laid.label_line
    if label is None or index is None:
        return label, None  # no carrier line known: nothing kept out of free text
    carrier = laid.lines[index]
    same = [ln for ln in lines if parse_page_label(ln.text) == label]
    line = min(same, key=lambda ln: abs(ln.top - carrier.top), default=None)
    return label, line


def _inside_any(line: TextLine, elements: Sequence[Element]) -> bool:
    """A line within a table element already found (a header-like line inside a body)."""
    cy = (line.top + line.bottom) / 2
    return any(e.top < cy < e.bottom for e in elements)


def _chain_bottom(segs: Sequence[Segment], xs: Sequence[float], top: float, size: float) -> float:
    """How far down the vertical rules at the given x positions reach, starting at `top`
    (across breaks smaller than a third of the table's text `size`: dashes, joints)."""
    cand = sorted(
        (s for s in segs if s.vertical and any(abs(s.pos - x) <= SAME_RULE for x in xs)),
        key=lambda s: s.start,
    )
    reach = top
    for s in cand:
        if s.start <= reach + BREAK * size and s.end > reach:
            reach = s.end
    return reach


def scan_page(
    page: PageData,
    laid: PageLayout,
    previous: Header | None,
    drop_heading: bool,
    vocab: frozenset[str] = frozenset(),
) -> ScannedPage:
    """Split a page into elements (see module docstring); `laid` is the layout stage's view
    of the same page (its printed label)."""
    words = list(page.words)
    lines = group_lines(words)
    label, label_line = page_label(laid, lines)
    segs = segments(page.graphics)
    shps = shapes(page.graphics, page.height)
    elements: list[Element] = []
    for line in lines:
        if is_header_line(line) and not _inside_any(line, elements):
            header = build_header(line, segs, page.page, page.width)
            if header is not None:
                elements.append(
                    _body(header, words, segs, shps, page, True, vocab=vocab, lines=lines)
                )
    cells = find_labels(lines, words, segs, page.width, lambda ln: _inside_any(ln, elements))
    stops = [e.top for e in elements] + [page.height]
    for row in form_rows(cells, lines, words, segs, stops):
        elements.append(
            Element(FORM_LABELS[row.kind], row.top, row.bottom, page.page, text=row.text)
        )
    if previous is not None and not any(e.kind == "body" for e in elements):
        cont = _continuation(previous, words, segs, shps, page, elements, vocab)
        if cont is not None:
            elements.append(cont)
    elements.sort(key=lambda e: e.top)
    elements = _free_text(lines, elements, label_line, drop_heading, page.page) + elements
    elements.sort(key=lambda e: e.top)
    return ScannedPage(page.page, label, elements)


def _body(
    header: Header,
    words: Sequence[Word],
    segs: Sequence[Segment],
    shps: Sequence[Shape],
    page: PageData,
    repeated: bool,
    top: float | None = None,
    vocab: frozenset[str] = frozenset(),
    lines: Sequence[TextLine] = (),
) -> Element:
    """The roadmap body under `header` (or from `top` on a page that continues a table)."""
    xs = (header.policy_x0, header.fy_x0, header.kpi_x0)
    start = header.bottom if top is None else top
    bottom = _chain_bottom(segs, xs, header.top if top is None else top, header.size)
    if bottom <= start + REACH * header.size:
        bottom = page.height - FOOT_MARGIN * page.height
    sub = half_subheader(header, lines, segs) if top is None else None
    if sub is not None:
        start = sub[0]
    labelled = sub[1] if sub else None
    columns = split_halves(header.years, segs, start, bottom, labelled, size=header.size)
    body = parse_body(words, segs, shps, header, columns, start, bottom, page.page, vocab)
    return Element(
        "body",
        header.top if top is None else top,
        bottom,
        page.page,
        body=body,
        header=header,
        columns=columns,
        repeated_header=repeated and top is None,
    )


def _continuation(
    previous: Header,
    words: Sequence[Word],
    segs: Sequence[Segment],
    shps: Sequence[Shape],
    page: PageData,
    elements: Sequence[Element],
    vocab: frozenset[str],
) -> Element | None:
    """A body without a header: rules at the previous header's column boundaries.

    At least two of the boundaries (policy, year, KPI edges) must be ruled on this page; a
    producer may draw only some of them (the year grid, not the policy or KPI edges).
    """
    xs = (
        previous.policy_x0,
        *(c.x0 for c in previous.years),
        previous.fy_x1,
        previous.kpi_x1,
    )
    first_form = min((e.top for e in elements), default=page.height)
    above = first_form - REACH * previous.size
    starts: list[float] = []
    for x in xs:
        at = [
            s.start for s in segs if s.vertical and s.start < above and abs(s.pos - x) <= SAME_RULE
        ]
        if at:
            starts.append(min(at))
    if len(starts) < 2:
        return None  # the page's rules do not line up with the previous columns
    element = _body(previous, words, segs, shps, page, False, top=min(starts), vocab=vocab)
    element.bottom = min(element.bottom, first_form)
    return element


def _free_text(
    lines: Sequence[TextLine],
    elements: Sequence[Element],
    label_line: TextLine | None,
    drop_heading: bool,
    page: int,
) -> list[Element]:
    """Lines outside every frame element, grouped into runs between those elements."""
    out: list[Element] = []
    for line in lines:
        if line is label_line:
            continue
        cy = (line.top + line.bottom) / 2
        hair = CROSS * line.size
        if any(e.top - hair <= cy <= e.bottom + hair for e in elements):
            continue
        if drop_heading and matches("attachment_heading", line.text):
            continue
        out.append(Element("text", line.top, line.bottom, page, lines=[line]))
    return out


def drop_running_heads(pages: Sequence[ScannedPage]) -> list[ScannedPage]:
    """Drop free-text lines repeated on at least half of the pages (running heads and feet).

    Section labels repeat too, but only over the run of tables they head, never on most
    pages of the attachment; a line of measure tags ("<21>" on a line of its own below a
    narrow title) looks alike on every page once digits are masked, but is never a head.
    """
    counts: dict[str, int] = {}
    for sp in pages:
        for text in {_key(el) for el in sp.elements if el.kind == "text"}:
            counts[text] = counts.get(text, 0) + 1
    running = {t for t, n in counts.items() if n >= MIN_RUNNING and n >= RUNNING_SHARE * len(pages)}
    if not running:
        return list(pages)
    return [
        ScannedPage(
            sp.page,
            sp.label,
            [el for el in sp.elements if el.kind != "text" or not _running(el, running)],
        )
        for sp in pages
    ]


def _running(el: Element, running: set[str]) -> bool:
    return _key(el) in running and not any(TAG.search(ln.text) for ln in el.lines or [])


def _key(el: Element) -> str:
    text = " ".join(ln.text for ln in el.lines or [])
    return re.sub(r"\d+", "#", squash(text))
