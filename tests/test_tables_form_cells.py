"""The form rows of a work schedule read from label cells, on small pages drawn with ReportLab.

Each page is one table whose form is typeset in a way the fixtures do not use: a label
column so narrow that "5-year goal" wraps (so the line starting with "5-year" also carries
goal text), the title's measure tag wrapped onto a line of its own, and forms with no rules
at all (labels set at the top of their rows, or centred on them).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from extract.layout import analyse_layout
from extract.reader import read_pdf
from extract.tables import extract_schedules
from tests.scoring import norm

GOAL = (
    "Foreign nationals can learn the language required for daily life in every region, "
    "and local governments offer classes that they can reach easily."
)
OUTLINE = (
    "Support regional classes run by prefectures and municipalities, train coordinators "
    "and share teaching materials between regions."
)
TITLE = "Project to promote regional language education for foreign nationals"
SECTION = "(3)-a Provision of an environment for learning the language"
POLICY = "Support to regional classes"
CELL = "Run classes and train coordinators"
KPI = "Number of regional classes"


@dataclass(frozen=True)
class Style:
    label_width: float = 40.0  # narrow: "5-year goal" wraps onto two lines
    title_width: float = 330.0  # narrow: the title wraps and its tag goes onto a line of its own
    tag_alone: bool = True
    tag_font: str = "Helvetica-Bold"  # a tag line in the title's face or a plain one
    content_width: float = 330.0  # the goal and outline take several lines
    ruled: bool = True
    centred_labels: bool = False
    size: float = 9.0


def _wrap(text: str, width: float, font: str, size: float) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and stringWidth(trial, font, size) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines


def _draw_lines(c: Canvas, lines: list[str], x: float, top: float, size: float, font: str) -> float:
    """Draw lines downwards from `top` (distance from the page top); returns the bottom."""
    height = c._pagesize[1]
    pitch = 1.25 * size
    for i, text in enumerate(lines):
        c.setFont(font, size)
        c.drawString(x, height - (top + size + i * pitch), text)
    return top + len(lines) * pitch + 0.3 * size


def render(style: Style, path: Path) -> Path:
    c = Canvas(str(path), pagesize=landscape(A4))
    width, height = landscape(A4)
    left, right, size = 40.0, width - 40.0, style.size
    y = 40.0
    y = _draw_lines(c, [SECTION], left, y, 10, "Helvetica") + 6
    title = _wrap(TITLE, style.title_width, "Helvetica-Bold", 12)
    if style.tag_alone:
        y = _draw_lines(c, title, left, y, 12, "Helvetica-Bold")
        y = _draw_lines(c, ["<5>"], left, y, 12, style.tag_font) + 8
    else:
        title[-1] += " <5>"
        y = _draw_lines(c, title, left, y, 12, "Helvetica-Bold") + 8
    label_x1 = left + style.label_width
    content_x = label_x1 + 6
    content_w = style.content_width
    for label, text in (("5-year goal", GOAL), ("Outline", OUTLINE)):
        label_lines = _wrap(label, style.label_width - 4, "Helvetica", size)
        content = _wrap(text, content_w, "Helvetica", size)
        rows = max(len(label_lines), len(content))
        row_h = rows * 1.25 * size + 0.6 * size + 6
        label_top = y + 3
        if style.centred_labels:
            label_top = y + 3 + (len(content) - len(label_lines)) * 1.25 * size / 2
        _draw_lines(c, label_lines, left + 2, label_top, size, "Helvetica")
        _draw_lines(c, content, content_x, y + 3, size, "Helvetica")
        if style.ruled:
            c.rect(left, height - y - row_h, label_x1 - left, row_h)
            c.rect(label_x1, height - y - row_h, content_w + 12, row_h)
        y += row_h + (0 if style.ruled else 1.2 * size)
    y += 8
    _body(c, left, right, y, size)
    c.showPage()
    c.save()
    return path


def _body(c: Canvas, left: float, right: float, top: float, size: float) -> None:
    """A ruled roadmap: header row of five fiscal years and one row with one cell."""
    height = c._pagesize[1]
    policy_x1 = left + 160
    kpi_x0 = right - 140
    years = [policy_x1 + i * (kpi_x0 - policy_x1) / 5 for i in range(6)]
    header_h, row_h = 16.0, 40.0
    xs = [left, policy_x1, *years[1:-1], kpi_x0, right]
    for x in xs:  # the cell spans FY2022-FY2023: no rule between them in the body row
        bottom = top + header_h + (0 if x == years[1] else row_h)
        c.line(x, height - top, x, height - bottom)
    for yy in (top, top + header_h, top + header_h + row_h):
        c.line(left, height - yy, right, height - yy)
    c.setFont("Helvetica-Bold", size)
    c.drawString(left + 4, height - top - 11, "Specific policies")
    for i in range(5):
        c.drawString(years[i] + 4, height - top - 11, f"FY{2022 + i}")
    c.drawString(kpi_x0 + 4, height - top - 11, "KPI")
    c.setFont("Helvetica", size)
    body = top + header_h + 3
    _draw_lines(c, [POLICY], left + 4, body, size, "Helvetica")
    _draw_lines(
        c,
        _wrap(CELL, years[2] - years[0] - 8, "Helvetica", size),
        years[0] + 4,
        body,
        size,
        "Helvetica",
    )
    _draw_lines(c, [KPI], kpi_x0 + 4, body, size, "Helvetica")


STYLES = {
    "ruled-narrow-labels": Style(),
    "ruled-wide-labels-wide-title": Style(
        label_width=70, title_width=700, tag_alone=False, content_width=600
    ),
    "unruled-narrow-labels": Style(ruled=False),
    "unruled-wide-labels": Style(ruled=False, label_width=70),
    "unruled-centred-labels": Style(ruled=False, label_width=70, centred_labels=True),
    "ruled-centred-narrow-labels": Style(centred_labels=True),
    "plain-tag-line": Style(tag_font="Helvetica"),
}


@cache
def _extracted(name: str, tmp: str):
    pdf = render(STYLES[name], Path(tmp) / f"{name}.pdf")
    return extract_schedules(analyse_layout(read_pdf(pdf)))


@pytest.mark.parametrize("name", sorted(STYLES))
def test_form_read_from_label_cells(name: str, tmp_path_factory) -> None:
    result = _extracted(name, str(tmp_path_factory.getbasetemp()))
    assert len(result.schedules) == 1
    s = result.schedules[0]
    assert s.measure_nos == (5,)
    assert norm(s.title) == f"{TITLE} <5>"
    assert list(s.labels) == [SECTION]
    assert norm(s.five_year_goal) == GOAL
    assert norm(s.outline) == OUTLINE
    assert [(c.fy_start, c.fy_end, norm(c.text)) for r in s.rows for c in r.cells] == [
        (2022, 2023, CELL)
    ]


def test_narrow_label_column_really_wraps(tmp_path: Path) -> None:
    """The page under test does put goal text on the line that starts with '5-year'."""
    from extract.tables.text import group_lines

    raw = read_pdf(render(Style(), tmp_path / "p.pdf"))
    texts = [ln.text for ln in group_lines(raw.pages[0].words)]
    assert any(t.startswith("5-year ") and "Foreign" in t for t in texts), texts
    assert "<5>" in texts
