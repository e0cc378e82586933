"""Bullet glyphs: one set for body blocks, table cells, footnotes, Markdown and the diff.

Layouts print items with many glyphs (discs, squares, diamonds, arrows, check marks, the
Japanese middle dot "・"); a PDF font without a Unicode map gives "(cid:NN)" instead. Every
reader strips or detects bullets with the patterns below, so an item is an item everywhere.
"""

from __future__ import annotations

import re

# Symbol bullets: never the first character of running text.
GLYPHS = "•・●○◯■□▪▫◆◇◦‣⁃∙·➢►▶➤✓✔❖◎"
_G = re.escape(GLYPHS)
# A dash or an asterisk marks an item too, but only where it stands apart from the text.
DASHES = "-–—"

# A body line opening with a bullet (PDF route): a glyph, a dash or "*", or an unmapped glyph.
BULLET_RE = re.compile(rf"^\s*([{_G}*{re.escape(DASHES)}]|\(cid:\d+\))\s*")
# A Markdown list item: "- ", "* ", "+ " or a glyph, then a space; group 1 is the indent.
MARKDOWN_ITEM_RE = re.compile(rf"^(\s*)(?:[-*+]|[{_G}])\s+(.*)$")
# A bullet glyph opening a table cell's line (a cell's "- " is handled by `strip_bullet`).
CELL_BULLET_RE = re.compile(rf"^\s*[{_G}]\s*")
# Items run together on one line of converter output: "… ・ next item".
INLINE_BULLET_RE = re.compile(rf"\s+[{_G}]\s+")
# Bullets at the start of any line of a text, for format-blind comparisons.
LINE_BULLETS_RE = re.compile(rf"(?m)^\s*[{_G}\-*]\s+")


def starts_with_bullet(text: str) -> bool:
    """A cell line that opens an item: a glyph, or a hyphen followed by a space."""
    return bool(CELL_BULLET_RE.match(text)) or text.startswith("- ")


def strip_bullet(text: str) -> str:
    """A cell line without its opening bullet (text without one is returned unchanged)."""
    if m := CELL_BULLET_RE.match(text):
        return text[m.end() :]
    return text[2:] if text.startswith("- ") else text
