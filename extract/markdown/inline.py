"""Inline Markdown and HTML left in converter output: bold markers, entities, `<sup>` calls.

PDF converters emit a mix of Markdown and HTML: `**bold**`, `&lt;16&gt;`, `<sup>3</sup>` (or
Markdown's `[^3]`) footnote calls and, inside table cells, `<p>`, `<div>`, `<ul><li>` and
`<br>`. These helpers turn such text into the plain strings the PDF route produces.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

from extract.bullets import CELL_BULLET_RE, INLINE_BULLET_RE
from extract.whitespace import squash

SUP_RE = re.compile(r"<sup>\s*(\d+)\s*</sup>|\[\^(\d+)\](?!:)", re.I)
BOLD_RE = re.compile(r"\*\*|__")
LEAD_SUP_RE = re.compile(r"^\s*(?:<sup>\s*(\d+)\s*</sup>|\[\^(\d+)\]:)\s*", re.I)
NOTE_DEF_RE = re.compile(r"^\s*\[\^\d+\]:")  # a Markdown footnote definition "[^3]: …"
# Tags that end a line of cell text (block-level elements and line breaks).
BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "br", "tr", "table"}


def plain(text: str) -> str:
    """Text without bold markers and with HTML entities resolved; whitespace collapsed."""
    return squash(unescape(BOLD_RE.sub("", text)))


def pop_calls(text: str) -> tuple[str, tuple[int, ...]]:
    """Remove footnote calls (`<sup>n</sup>` or `[^n]`), returning the text and the numbers."""
    calls = tuple(int(m.group(1) or m.group(2)) for m in SUP_RE.finditer(text))
    return SUP_RE.sub("", text), calls


def lead_footnote(text: str) -> tuple[int, str] | None:
    """A footnote definition (`<sup>n</sup> text` or `[^n]: text`) -> (n, text), else None."""
    m = LEAD_SUP_RE.match(text)
    if m is None:
        return None
    return int(m.group(1) or m.group(2)), text[m.end() :]


class _CellParser(HTMLParser):
    """Collects the text of an HTML fragment as lines broken at block-level tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]

    def _break(self) -> None:
        if self.lines[-1].strip():
            self.lines.append("")

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in BLOCK_TAGS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self._break()

    def handle_data(self, data: str) -> None:
        self.lines[-1] += data


def cell_lines(html: str) -> list[str]:
    """Lines of a table cell: one per paragraph, list item or `<br>`, bullets removed.

    Text outside tags that the converter separated with two spaces ("…experts  Consideration")
    is also two lines: that double space is where the PDF cell broke a paragraph.
    """
    if "<" in html and re.search(r"</?(?:p|div|li|ul|ol|br|span)\b", html, re.I):
        parser = _CellParser()
        parser.feed(BOLD_RE.sub("", html))
        parser.close()
        raw = parser.lines
    else:
        raw = [unescape(BOLD_RE.sub("", html))]
    out: list[str] = []
    for line in raw:
        for part in re.split(rf"\s{{2,}}|{INLINE_BULLET_RE.pattern}", line.strip()):
            part = CELL_BULLET_RE.sub("", part).strip()
            if part:
                out.append(squash(part))
    return out


def cell_text(html: str) -> str:
    """Cell text with one line per paragraph or item (what the PDF route joins by newline)."""
    return "\n".join(cell_lines(html))
