"""Layout stage: words -> visual lines with roles (body, footnote, footer, header) and page labels.

Everything here is relative: the body text size is the document's most common size, superscripts
are words clearly smaller than their line, the footnote block is the run of small-text lines at
the bottom of a page, and a footer is an isolated last line that reads as a page number. No
coordinate, font name or size is fixed, so other layouts work the same way.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from extract.bullets import DASHES, GLYPHS
from extract.fonts import font_family
from extract.labels import parse_page_label
from extract.models import LayoutDocument, Line, PageData, PageLayout, RawDocument, Word

SUP_RATIO = 0.85  # a word this much smaller than its line is a superscript
SMALL_RATIO = 0.92  # footnote text is this much smaller than body text
# A printed page label sits in the outer fifth of the page (bottom for a footer, top for a
# header). Both routes use this one band: the tables route once required the bottom 12 % and
# missed footers set higher ("Page 31" at 85 % of a landscape page). A body line in the band is
# still no label: it must also stand apart from the text and read as a page number.
LABEL_MARGIN = 0.2
CALL_RE = re.compile(r"^\d{1,3}(?:,\d{1,3})*$")
# A word joins a line it overlaps by half the smaller height: neighbouring lines never overlap
# that much (leading is wider than the glyphs), a superscript or a subscript always does.
LINE_OVERLAP = 0.5
# A space is at least about a fifth of an em wide; letters inside a word (kerning, a font
# change, a superscript) stand less than a tenth of an em apart. The cut lies in between.
WORD_SPACE = 0.12
# A superscript's baseline sits at least a tenth of its line's size above the line's baseline.
SUP_RAISE = 0.1
# A left edge where at least 5% of the body lines start is a margin, not a stray outdent.
MARGIN_SHARE = 0.05
# A running header or footer opens or closes at least 30% of the pages (at least 3 of them):
# chapters may change the text, but each text still repeats on many pages.
EDGE_SHARE = 0.3
EDGE_MIN_PAGES = 3
# A page number stands apart from the text by a gap of at least 0.8 of its size (more than any
# leading leaves between lines of text); it also sits in the LABEL_MARGIN band above.
LABEL_GAP = 0.8


def _overlap(a_top: float, a_bottom: float, b_top: float, b_bottom: float) -> float:
    return max(0.0, min(a_bottom, b_bottom) - max(a_top, b_top))


def group_lines(words: Sequence[Word]) -> list[list[Word]]:
    """Cluster words into visual lines by vertical overlap, in reading order.

    A word joins the line it overlaps by at least half of the smaller height; superscripts sit
    inside their line's box, so they join it instead of forming a line of their own.
    """
    lines: list[list[Word]] = []
    boxes: list[tuple[float, float]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if not word.upright:
            continue
        height = word.bottom - word.top
        best, best_ov = None, 0.0
        for i, (top, bottom) in enumerate(boxes):
            ov = _overlap(word.top, word.bottom, top, bottom)
            if ov >= LINE_OVERLAP * min(height, bottom - top) and ov > best_ov:
                best, best_ov = i, ov
        if best is None:
            lines.append([word])
            boxes.append((word.top, word.bottom))
        else:
            lines[best].append(word)
            top, bottom = boxes[best]
            if height >= bottom - top:  # the box follows the line's main text, not superscripts
                boxes[best] = (word.top, word.bottom)
    order = sorted(range(len(lines)), key=lambda i: boxes[i][0])
    return [sorted(lines[i], key=lambda w: w.x0) for i in order]


def _dominant(words: Sequence[Word]) -> Word:
    """The word whose size and font cover most characters of the line."""
    weight: Counter[tuple[float, str, bool]] = Counter()
    for w in words:
        weight[(w.size, w.fontname, w.bold)] += len(w.text)
    size, font, bold = weight.most_common(1)[0][0]
    return next(w for w in words if (w.size, w.fontname, w.bold) == (size, font, bold))


# A gap under 0.7 of the line's usual word gap, between two lower-case letters, splits one word
# (a PDF that positions glyphs one by one): a real space is never that much narrower than the
# others of its line, since justification stretches every space of a line alike.
SPLIT_RATIO = 0.7
# A gap over 1.5 em is a tab or a column gap, not a space between words: it is not "usual".
MAX_WORD_GAP = 1.5


def _usual_gap(words: Sequence[Word]) -> float | None:
    """The line's usual space between words (the lower median of the spaces between words
    with letters or digits, so dot leaders and the gap after them do not count), or None when
    the line has fewer than three such spaces to tell a usual one from an odd one."""
    gaps = sorted(
        b.x0 - a.x1
        for a, b in zip(words, words[1:], strict=False)
        if WORD_SPACE * max(a.size, b.size) < b.x0 - a.x1 < MAX_WORD_GAP * max(a.size, b.size)
        and _has_alnum(a.text)
        and _has_alnum(b.text)
    )
    return gaps[(len(gaps) - 1) // 2] if len(gaps) >= 3 else None


def _has_alnum(text: str) -> bool:
    return any(c.isalnum() for c in text)


def _split_word(prev: Word, word: Word, usual: float | None) -> bool:
    """Two pieces of one word ("Developm" + "ent"): lower-case letters on both sides of a gap
    much narrower than the line's spaces (a producer's positioning, not a space)."""
    if usual is None or not (prev.text[-1:].islower() and word.text[:1].islower()):
        return False
    return word.x0 - prev.x1 < SPLIT_RATIO * usual


def join_words(words: Sequence[Word], skip: Sequence[Word] = ()) -> str:
    """Join the words of one line with a space where a visible gap separates them.

    Words that touch (a font change inside a word, a superscript) get no space, and neither do
    the pieces of a word that the PDF placed with a gap narrower than the line's spaces (see
    `_split_word`). Skipped words (footnote calls) still count as ink, so removing
    "population" + "3" + ")" gives "population)" and not "population )".
    """
    usual = _usual_gap(words)
    out = ""
    prev: Word | None = None
    for w in words:
        if w not in skip:
            if (
                out
                and prev is not None
                and w.x0 - prev.x1 > WORD_SPACE * max(w.size, prev.size)
                and not _split_word(prev, w, usual)
            ):
                out += " "
            out += w.text
        prev = w
    return out


def make_line(page: int, words: Sequence[Word]) -> Line:
    """Build a Line, separating superscript footnote calls from the text."""
    main = _dominant(words)
    size = main.size
    body_words = [w for w in words if w.size >= SUP_RATIO * size]
    baseline = max(w.bottom for w in body_words)
    sups = [
        w for w in words if w.size < SUP_RATIO * size and w.bottom < baseline - SUP_RAISE * size
    ]
    lead_sup = None
    calls: list[int] = []
    if sups and words[0] is sups[0] and CALL_RE.match(words[0].text):
        lead_sup = words[0].text
    for w in sups:
        if w.text != lead_sup and CALL_RE.match(w.text):
            calls.extend(int(n) for n in w.text.split(","))
    call_words = [w for w in sups if CALL_RE.match(w.text)]
    return Line(
        page=page,
        text=join_words(words),
        plain=join_words(words, skip=call_words),
        x0=min(w.x0 for w in words),
        x1=max(w.x1 for w in words),
        top=min(w.top for w in body_words),
        bottom=baseline,
        size=size,
        bold=all(w.bold for w in body_words if w.text.strip(GLYPHS + DASHES)),  # bullets aside
        fontname=main.fontname,
        calls=tuple(calls),
        lead_sup=lead_sup,
        max_gap=max((b.x0 - a.x1 for a, b in zip(words, words[1:], strict=False)), default=0.0)
        / size,
    )


def body_font(lines: Sequence[Line], body_size: float) -> str:
    """The font family carrying most characters of body-size running text."""
    families: Counter[str] = Counter()
    for ln in lines:
        if ln.size == body_size and ln.max_gap < COLUMN_GAP:
            families[font_family(ln.fontname)] += len(ln.text)
    return families.most_common(1)[0][0] if families else ""


COLUMN_GAP = 2.0  # a gap this many text sizes wide separates table columns, not words


def body_metrics(lines: Sequence[Line]) -> tuple[float, float]:
    """The document's body text size (most characters of running text) and its left margin.

    Only running text counts: a visual line with a column-wide gap between words is a table
    row, and tables (a whole attachment of them) must not outvote the body. The margin is the
    leftmost x at which a real share of body-size lines start, so that a stray outdented line
    does not move it and indented bullets do not define it.
    """
    running = [ln for ln in lines if ln.max_gap < COLUMN_GAP] or list(lines)
    sizes: Counter[float] = Counter()
    for ln in running:
        sizes[ln.size] += len(ln.text)
    body_size = sizes.most_common(1)[0][0]
    lefts = Counter(round(ln.x0) for ln in running if ln.size == body_size)
    total = sum(lefts.values())
    common = [x for x, n in lefts.items() if n >= MARGIN_SHARE * total]
    return body_size, float(min(common))


def _edge_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


def running_edges(pages: Sequence[list[Line]]) -> set[str]:
    """Texts (digits masked) that open or close many pages: running headers and footers."""
    counts: Counter[str] = Counter()
    for lines in pages:
        keys = {_edge_key(ln.text) for ln in (lines[:1] + lines[-1:])}
        counts.update(keys)
    threshold = max(EDGE_MIN_PAGES, int(EDGE_SHARE * len(pages)))
    return {k for k, n in counts.items() if n >= threshold and k.strip("# -–.p")}


def _isolated(lines: Sequence[Line], i: int) -> bool:
    """True when line i is separated from its neighbour towards the page body by a clear gap."""
    ln = lines[i]
    neighbour = lines[i - 1] if i > 0 else None
    if i == 0:
        neighbour = lines[1] if len(lines) > 1 else None
        gap = neighbour.top - ln.bottom if neighbour else float("inf")
    else:
        gap = ln.top - neighbour.bottom
    return gap > LABEL_GAP * ln.size


def find_label(lines: list[Line], height: float) -> tuple[str | None, int | None]:
    """The printed page label and the index of the line carrying it, if any.

    Only the last line (footer) or the first line (header) can carry it, it must stand apart
    from the text, sit in the outer fifth of the page, and read as a page number.
    """
    candidates = [len(lines) - 1, 0] if lines else []
    for i in candidates:
        ln = lines[i]
        in_margin = (
            ln.top > (1 - LABEL_MARGIN) * height
            if i == len(lines) - 1
            else ln.bottom < LABEL_MARGIN * height
        )
        if not in_margin or not _isolated(lines, i):
            continue
        label = parse_page_label(ln.text)
        if label is not None:
            return label, i
    return None, None


def _footnote_start(lines: Sequence[Line], body_size: float) -> int:
    """Index where the bottom run of small-text lines (the footnote block) starts.

    The run counts only when body text stands above it; a page of nothing but small text
    (a table, a colophon) has no footnote block.
    """
    start = len(lines)
    while start > 0 and lines[start - 1].size < SMALL_RATIO * body_size:
        start -= 1
    return start if start > 0 else len(lines)


def assign_roles(
    lines: list[Line], height: float, body_size: float, edges: set[str]
) -> tuple[str | None, int | None, list[Line]]:
    """Give each line its role; also return the page label (None where none is printed) and
    the index of the line carrying it."""
    label, label_idx = find_label(lines, height)
    roles = ["body"] * len(lines)
    if label_idx is not None:
        roles[label_idx] = "footer" if label_idx else "header"
    for i in (0, len(lines) - 1):
        if lines and _edge_key(lines[i].text) in edges and roles[i] == "body":
            roles[i] = "header" if i == 0 else "footer"
    body_idx = [i for i, r in enumerate(roles) if r == "body"]
    body_lines = [lines[i] for i in body_idx]
    fn_start = _footnote_start(body_lines, body_size)
    for j in range(fn_start, len(body_lines)):
        roles[body_idx[j]] = "footnote"
    out = [replace(ln, role=role) for ln, role in zip(lines, roles, strict=True)]
    return label, label_idx, out


def page_lines(page: PageData) -> list[Line]:
    return [make_line(page.page, ws) for ws in group_lines(page.words)]


def analyse_layout(raw: RawDocument) -> LayoutDocument:
    """Layout stage: lines with roles for every page, the labels, and the body metrics."""
    all_lines = [page_lines(p) for p in raw.pages]
    portrait = [ls for p, ls in zip(raw.pages, all_lines, strict=True) if p.width <= p.height]
    sample = [ln for ls in (portrait or all_lines) for ln in ls]
    body_size, body_left = body_metrics(sample)
    edges = running_edges(portrait or all_lines)
    pages = []
    for page, lines in zip(raw.pages, all_lines, strict=True):
        label, label_idx, lines = assign_roles(lines, page.height, body_size, edges)
        pages.append(PageLayout(page.page, page.width, page.height, label, tuple(lines), label_idx))
    return LayoutDocument(
        raw=raw,
        pages=tuple(pages),
        body_size=body_size,
        body_left=body_left,
        body_font=body_font(sample, body_size),
    )
