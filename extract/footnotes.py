"""Footnotes: the numbered small-text blocks at the bottom of body pages.

The layout stage has already marked footnote lines; here each line that opens with a
superscript number starts a footnote and the following lines (on the same or the next page)
continue it. Bulleted lines inside a footnote become separate paragraphs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from extract.blocks import BULLET_RE, join_lines
from extract.models import Footnote, LayoutDocument, Line


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
    layout: LayoutDocument, last_page: int, call_pages: Mapping[int, int]
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
            if ln.lead_sup is not None:
                groups.append((int(ln.lead_sup), [ln]))
            elif groups:
                groups[-1][1].append(ln)
    return [
        Footnote(
            footnote_no=no,
            text=_paragraphs(lines),
            page=lines[0].page,
            label=labels.get(lines[0].page),
            call_page=call_pages.get(no),
        )
        for no, lines in groups
    ]
