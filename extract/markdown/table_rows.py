"""Rows of the other table forms converters write: HTML `<table>` and pipe tables.

Both become the same list of cell strings per row as a tab-separated line, so one reader
handles all three. A cell spanning columns (`colspan`) or rows (`rowspan`) is followed by
empty cells in the columns or rows it covers, which is exactly how tab-separated output looks
after a converter lost the merge; the schedule reader's span rules then apply unchanged.
"""

from __future__ import annotations

import re

from extract.whitespace import squash

ROW_RE = re.compile(r"<tr\b[^>]*>(.*?)</tr\s*>", re.I | re.S)
CELL_RE = re.compile(r"<t([dh])\b([^>]*)>(.*?)</t\1\s*>", re.I | re.S)
SPAN_RE = re.compile(r"""\b(colspan|rowspan)\s*=\s*["']?(\d+)""", re.I)
PIPE_SEPARATOR_RE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _spans(attrs: str) -> tuple[int, int]:
    found = {k.lower(): max(int(v), 1) for k, v in SPAN_RE.findall(attrs)}
    return found.get("colspan", 1), found.get("rowspan", 1)


def html_table_rows(html: str) -> list[list[str]]:
    """Cells (inner HTML, on one line) of every row, spans expanded into empty cells."""
    rows: list[list[str]] = []
    pending: dict[int, int] = {}  # column -> rows still covered by a rowspan from above
    for tr in ROW_RE.finditer(html):
        row: list[str] = []
        cells = iter(CELL_RE.finditer(tr.group(1)))
        col = 0
        cell = next(cells, None)
        while cell is not None or any(c >= col for c in pending):
            if pending.get(col, 0) > 0:
                pending[col] -= 1
                row.append("")
                col += 1
                continue
            if cell is None:
                break
            colspan, rowspan = _spans(cell.group(2))
            text = squash(cell.group(3))
            for k in range(colspan):
                row.append(text if k == 0 else "")
                if rowspan > 1:
                    pending[col + k] = rowspan - 1
            col += colspan
            cell = next(cells, None)
        pending = {c: n for c, n in pending.items() if n > 0}
        rows.append(row)
    return rows


def pipe_row(line: str) -> list[str] | None:
    """Cells of a pipe-table line "| a | b |"; None for other lines and separator rows."""
    text = line.strip()
    if not (text.startswith("|") and text.endswith("|") and len(text) > 1):
        return None
    if PIPE_SEPARATOR_RE.match(text):
        return []
    cells = re.split(r"(?<!\\)\|", text[1:-1])
    return [c.strip().replace("\\|", "|") for c in cells]
