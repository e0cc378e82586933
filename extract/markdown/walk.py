"""Run the PDF route's heading/measure walk (`extract.structure.Walker`) over Markdown units.

The walk is shared so that both routes build heading ids, parents, themes and measures by the
same rules. The Walker reads typography from `Block`s of `Line`s, so each unit becomes a
one-line block: headings bold, body text not, bullets keep a "- " glyph. Page fields are None.
"""

from __future__ import annotations

from extract.blocks import Block
from extract.markdown.body import Unit
from extract.models import Line
from extract.structure import Walker

BODY_SIZE = 10.0  # any constant: every Markdown line has the body size


def _line(text: str, bold: bool, calls: list[int]) -> Line:
    return Line(
        page=None,  # type: ignore[arg-type]  # Markdown has no pages
        text=text,
        plain=text,
        x0=0.0,
        x1=0.0,
        top=0.0,
        bottom=0.0,
        size=BODY_SIZE,
        bold=bold,
        fontname="markdown",
        calls=tuple(calls),
    )


def to_block(unit: Unit) -> Block:
    """A one-line block with the typography the Walker expects for this unit."""
    text = f"- {unit.text}" if unit.kind == "bullet" else unit.text
    return Block([_line(text, unit.kind == "heading", unit.calls)])


def new_walker(source: str) -> Walker:
    """A Walker over a page-less document (no labels, constant body size)."""
    return Walker(BODY_SIZE)


def walk(units: list[Unit], source: str, attachment_title: str | None) -> Walker:
    """Headings, paragraphs and measures of the body, plus the attachment heading if any."""
    walker = new_walker(source)
    walker.walk([to_block(u) for u in units])
    if attachment_title:
        walker.add_heading("attachment", 1, None, attachment_title, None)
    return walker
