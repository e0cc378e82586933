"""Split converter Markdown into paragraphs: headings, bullets, text, rules and table rows.

Paragraphs are separated by blank lines; a heading, a rule (`---`), a bullet item and a
table row each stand alone even without blank lines around them. Table rows come as
tab-separated lines, pipe-table lines or HTML `<table>` rows; all become tab-separated rows.
Lines of one paragraph are joined later, by whoever knows what the paragraph is. Converters
write one source paragraph per line (see `_continues`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.blocks import TERMINAL
from extract.bullets import MARKDOWN_ITEM_RE
from extract.markdown.repairs import is_residue
from extract.markdown.table_rows import html_table_rows, pipe_row

HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
TABLE_OPEN_RE = re.compile(r"<table\b", re.I)
TABLE_CLOSE_RE = re.compile(r"</table\s*>", re.I)
RULE_RE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")


@dataclass
class MdPara:
    """One paragraph of the source; `line` is its 1-based first line (for error messages)."""

    kind: str  # heading | bullet | text | rule | row
    line: int
    parts: list[str] = field(default_factory=list)
    depth: int = 0  # heading level (number of #) or bullet indent level

    @property
    def raw(self) -> str:
        return " ".join(p.strip() for p in self.parts)

    @property
    def bold(self) -> bool:
        """The whole paragraph is wrapped in bold markers (`**…**` on every line)."""
        lines = [p.strip() for p in self.parts if p.strip()]
        return bool(lines) and all(p.startswith("**") and p.endswith("**") for p in lines)


def _continues(current: MdPara, line: str) -> bool:
    """Is `line` (no blank line before it) still part of the paragraph `current`?

    Converters write one source paragraph per line, so a line that follows a finished
    sentence and starts a new one is a new paragraph; so is any unindented line after a
    bullet item unless the item's line ends in a hard break ("  ").
    """
    prev = current.parts[-1]
    if prev.rstrip().endswith(TERMINAL) and line.lstrip()[:1].isupper():
        return False
    return current.kind == "text" or prev.endswith("  ")


def _row(no: int, cells: list[str]) -> MdPara:
    """A table row in the tab-separated form (cell text never holds a tab)."""
    return MdPara("row", no, ["\t".join(c.replace("\t", " ") for c in cells)])


def split_paragraphs(text: str) -> list[MdPara]:
    """The source as paragraphs in reading order; HTML and pipe tables become rows."""
    paras: list[MdPara] = []
    current: MdPara | None = None
    lines = text.splitlines()
    table: list[str] | None = None  # lines of an open HTML <table>
    for no, line in enumerate(lines, 1):
        if table is not None or TABLE_OPEN_RE.search(line):
            table = (table or []) + [line]
            if TABLE_CLOSE_RE.search(line):
                paras += [_row(no, cells) for cells in html_table_rows("\n".join(table))]
                table, current = None, None
            continue
        if not line.strip() or is_residue(line):
            current = None
            continue
        cells = pipe_row(line)
        if cells is not None:
            if cells:
                paras.append(_row(no, cells))
            current = None
        elif "\t" in line:
            paras.append(MdPara("row", no, [line]))
            current = None
        elif RULE_RE.match(line):
            paras.append(MdPara("rule", no, [line]))
            current = None
        elif m := HEADING_RE.match(line):
            paras.append(MdPara("heading", no, [m.group(2)], len(m.group(1))))
            current = None
        elif m := MARKDOWN_ITEM_RE.match(line):
            current = MdPara("bullet", no, [m.group(2)], len(m.group(1).expandtabs()) // 2)
            paras.append(current)
        elif current is not None and _continues(current, line):
            current.parts.append(line)
        else:
            current = MdPara("text", no, [line])
            paras.append(current)
    return paras
