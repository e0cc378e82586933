"""Fallback ruling detection with camelot-py's lattice mode (image-based line finding).

The primary path reads rules and shapes from the PDF's vector graphics as pdfplumber gives
them. Where a page shows a work-schedule header but carries no vector rules at all (a grid
drawn as an image, or a producer pdfplumber cannot read lines from), camelot renders the page,
finds the ruling lines in the image, and its cell edges are turned back into line graphics so
that the same geometry code maps cells onto fiscal-year columns.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable, Sequence
from functools import partial

from extract.models import Rect

log = logging.getLogger(__name__)

# Ruling lines per physical page for the pages asked about (page numbers, page heights).
RuleFinder = Callable[[Sequence[int], dict[int, float]], dict[int, tuple[Rect, ...]]]


def _edge_lines(cell, height: float) -> list[Rect]:
    """Line graphics for the edges camelot found around one grid cell (PDF y flipped)."""
    top, bottom = height - cell.y2, height - cell.y1
    out: list[Rect] = []
    if cell.left:
        out.append(Rect(cell.x1, top, cell.x1, bottom, "line"))
    if cell.right:
        out.append(Rect(cell.x2, top, cell.x2, bottom, "line"))
    if cell.top:
        out.append(Rect(cell.x1, top, cell.x2, top, "line"))
    if cell.bottom:
        out.append(Rect(cell.x1, bottom, cell.x2, bottom, "line"))
    return out


def camelot_rules(
    source_file: str, pages: Sequence[int], heights: dict[int, float]
) -> dict[int, tuple[Rect, ...]]:
    """Ruling lines per physical page, from camelot's lattice tables on those pages."""
    if not pages:
        return {}
    import camelot  # imported lazily: it is slow to import and only needed here

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tables = camelot.read_pdf(
                source_file, pages=",".join(str(p) for p in pages), flavor="lattice"
            )
    except Exception as exc:  # camelot/pdfium raise many ad-hoc types; a fallback must not
        log.warning("camelot could not read %s: %s", source_file, exc)  # sink the stage
        return {}
    out: dict[int, list[Rect]] = {}
    for table in tables:
        page = int(table.page)
        height = heights[page]
        for row in table.cells:
            for cell in row:
                out.setdefault(page, []).extend(_edge_lines(cell, height))
    log.debug("camelot found rules on %d of %d pages", len(out), len(pages))
    return {p: tuple(r) for p, r in out.items()}


def camelot_finder(source_file: str) -> RuleFinder:
    """A rule finder reading `source_file` with camelot, only for the pages it is asked about.

    The tables stage stays a pure function of its inputs: the caller that holds the file (the
    pipeline's read stage) hands this in, and camelot opens the file only when a page needs it.
    """
    return partial(camelot_rules, source_file)
