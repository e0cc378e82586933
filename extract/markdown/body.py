"""Body paragraphs and footnotes of converter Markdown, re-joined across lost page breaks.

The converter writes each page's footnotes after a `---` rule, right where the page ended, so
a body paragraph broken by a page is split around that footnote block (or just by a blank
line). The rules mirror the PDF route's page-break rule (`extract.blocks`): a text paragraph
continues the previous one when it starts in lower case or the previous one did not end a
sentence. Inside a footnote block, text before the first `<sup>n</sup>` definition continues
the previous page's last footnote, "- " items after a bulleted definition belong to it, and
any other paragraph ends the block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.blocks import TERMINAL, join_lines
from extract.headings import LETTER_RE, PAREN_RE
from extract.markdown.inline import NOTE_DEF_RE, lead_footnote, plain, pop_calls
from extract.markdown.source import MdPara
from extract.measure_tags import find_tag_positions
from extract.models import Footnote

MAX_UNMARKED_HEADING = 200  # a letter/number line longer than this is prose, not a title
BULLET_LEAD = re.compile(r"^-\s+")


@dataclass
class Unit:
    """A body paragraph after re-joining: a heading, a bullet item or plain text."""

    kind: str  # heading | bullet | text
    text: str
    calls: list[int] = field(default_factory=list)
    depth: int = 0
    marked: bool = False  # heading marked up as such (`#` or bold) rather than by pattern


@dataclass
class _Note:
    no: int
    parts: list[str]
    bulleted: bool


def _is_unmarked_heading(para: MdPara, text: str) -> bool:
    """A short "a. …" line (also as a bullet) or "(2) …" line that carries no measure tag."""
    if len(text) > MAX_UNMARKED_HEADING or find_tag_positions(text):
        return False
    if para.kind == "bullet":
        return bool(LETTER_RE.match(text))
    return bool(LETTER_RE.match(text) or PAREN_RE.match(text))


def _continues(prev: Unit, para: MdPara, text: str) -> bool:
    """Does a text paragraph continue `prev` across a page break the converter left?"""
    if prev.kind == "heading" or para.kind != "text" or not text:
        return False
    return text[:1].islower() or not prev.text.rstrip().endswith(TERMINAL)


class BodyReader:
    """Turns body paragraphs into units and footnotes (see the module docstring)."""

    def __init__(self) -> None:
        self.units: list[Unit] = []
        self.notes: list[_Note] = []
        self.in_notes = False
        self.defined_here = False

    def read(self, paras: list[MdPara]) -> None:
        for para in paras:
            if para.kind == "rule":
                self.in_notes, self.defined_here = True, False
            elif para.kind == "text" and NOTE_DEF_RE.match(para.raw):
                self.in_notes = True
                self._footnote(para)
            elif self.in_notes and self._footnote(para):
                continue
            else:
                self.in_notes = False
                self._body(para)

    def _footnote(self, para: MdPara) -> bool:
        """Take `para` into the footnotes if it belongs there; False ends the block."""
        if para.kind not in ("text", "bullet"):
            return False
        raw = para.raw
        lead = lead_footnote(raw) if para.kind == "text" else None
        if lead is not None:
            no, text = lead
            bulleted = bool(BULLET_LEAD.match(text))
            self.notes.append(_Note(no, [BULLET_LEAD.sub("", plain(text))], bulleted))
            self.defined_here = True
            return True
        if not self.notes:
            return False
        last = self.notes[-1]
        text = plain(raw)
        if not self.defined_here:
            prev = last.parts[-1]
            if para.kind == "text" and (text[:1].islower() or not prev.endswith(TERMINAL)):
                last.parts[-1] = join_lines([prev, text])
            else:
                last.parts.append(text)
            return True
        if para.kind == "bullet" and last.bulleted:
            last.parts.append(text)
            return True
        return False

    def _body(self, para: MdPara) -> None:
        if para.kind == "row":
            return
        first = plain(para.parts[0])
        if len(para.parts) > 1 and para.kind != "heading" and _is_unmarked_heading(para, first):
            # "- b. Title  " + hard break + "(Theme)": the title line is a heading of its own
            self._body(MdPara(para.kind, para.line, para.parts[:1], para.depth))
            self._body(MdPara("text", para.line + 1, para.parts[1:]))
            return
        body, calls = pop_calls(para.raw)
        text = join_lines([plain(body)])
        if para.kind == "heading" or (para.bold and para.kind == "text"):
            self.units.append(Unit("heading", text, list(calls), para.depth, marked=True))
        elif _is_unmarked_heading(para, text):
            self.units.append(Unit("heading", text, list(calls), para.depth))
        elif self.units and _continues(self.units[-1], para, text):
            prev = self.units[-1]
            prev.text = join_lines([prev.text, text])
            prev.calls += calls
        else:
            self.units.append(Unit(para.kind, text, list(calls), para.depth))

    def footnotes(self) -> list[Footnote]:
        """Footnotes in number order; pages are unknown in Markdown."""
        return [
            Footnote(n.no, "\n\n".join(n.parts), page=None, label=None, call_page=None)
            for n in sorted(self.notes, key=lambda n: n.no)
        ]
