"""Footnotes: the numbered small-text blocks at the bottom of body pages.

The layout stage has already marked footnote lines; here each line that opens with a
superscript number starts a footnote and the following lines (on the same or the next page)
continue it. Bulleted lines inside a footnote become separate paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from extract.blocks import join_lines
from extract.boxes import line_boxes
from extract.bullets import BULLET_RE
from extract.models import Footnote, LayoutDocument, Line

# A footnote opened by a call mark ("*18", "(18)") may skip numbers (notes on pages left out of
# a reprint), but by at most this many: a larger number is a misread year, count or measure
# tag, and the body's own footnotes are numbered densely (a few per page).
MAX_JUMP = 20
# "12 Foreign …", "12. …", "12) …", and the marks of calls printed inline: "*12 …", "(12) …"
NUMBERED_RE = re.compile(r"^(?:\*\s?(\d{1,3})|\((\d{1,3})\)|(\d{1,3})[.)]?)\s+(?=\S)")


def _opens_note(line: Line, expected: int) -> tuple[int, Line] | None:
    """The footnote number a line opens with, if it opens one.

    Usually the number is a superscript (`lead_sup`); some producers print it at text size
    ("12 Foreign residents …", "*12 …", "(12) …"), which is accepted only when it is the next
    number in sequence.
    """
    if line.lead_sup is not None:
        return int(line.lead_sup), line
    m = NUMBERED_RE.match(line.plain)
    if m is None:
        return None
    no = int(next(g for g in m.groups() if g))
    # a call mark ("*18", "(18)") is distinctive enough to accept a jump in the numbering
    # (pages of notes left out); a bare number must be the next one
    marked = m.group(3) is None
    if no == expected or (marked and expected < no <= expected + MAX_JUMP):
        return no, replace(line, plain=line.plain[m.end() :])
    return None


def _paragraphs(lines: Sequence[Line]) -> str:
    paras: list[list[str]] = []
    for ln in lines:
        text = ln.plain
        if BULLET_RE.match(text) or not paras:
            paras.append([BULLET_RE.sub("", text, count=1)])
        else:
            paras[-1].append(text)
    return "\n\n".join(join_lines(p) for p in paras if join_lines(p))


def extract_footnotes(
    layout: LayoutDocument, last_page: int, call_pages: Mapping[int, int | None]
) -> list[Footnote]:
    """Footnotes on pages up to `last_page`, with the page where each is first called."""
    groups: list[tuple[int, list[Line]]] = []
    labels = {p.page: p.label for p in layout.pages}
    for page in layout.pages:
        if page.page > last_page:
            break
        for ln in page.lines:
            if ln.role != "footnote":
                continue
            expected = groups[-1][0] + 1 if groups else 1
            opened = _opens_note(ln, expected)
            if opened is not None:
                groups.append((opened[0], [opened[1]]))
            elif groups:
                groups[-1][1].append(ln)
    return [
        Footnote(
            footnote_no=no,
            text=_paragraphs(lines),
            page=lines[0].page,
            label=labels.get(lines[0].page),
            call_page=call_pages.get(no),
            called=no in call_pages,
            boxes=line_boxes(lines),
        )
        for no, lines in groups
    ]
