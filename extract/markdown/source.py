"""Split converter Markdown into paragraphs: headings, bullets, text, rules and table rows.

Paragraphs are separated by blank lines; a heading, a rule (`---`), a bullet item and a
tab-separated table row each stand alone even without blank lines around them. Lines of one
paragraph are joined later, by whoever knows what the paragraph is. Converters write one source
paragraph per line, so an unindented line right after a bullet item is a new paragraph unless
the item's line ends in a hard break ("  ").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
BULLET_RE = re.compile(r"^(\s*)[-*+]\s+(.*)$")
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


def split_paragraphs(text: str) -> list[MdPara]:
    """The source as paragraphs in reading order."""
    paras: list[MdPara] = []
    current: MdPara | None = None
    for no, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            current = None
            continue
        if "\t" in line:
            paras.append(MdPara("row", no, [line]))
            current = None
        elif RULE_RE.match(line):
            paras.append(MdPara("rule", no, [line]))
            current = None
        elif m := HEADING_RE.match(line):
            paras.append(MdPara("heading", no, [m.group(2)], len(m.group(1))))
            current = None
        elif m := BULLET_RE.match(line):
            current = MdPara("bullet", no, [m.group(2)], len(m.group(1).expandtabs()) // 2)
            paras.append(current)
        elif current is not None and (current.kind == "text" or current.parts[-1].endswith("  ")):
            current.parts.append(line)
        else:
            current = MdPara("text", no, [line])
            paras.append(current)
    return paras
