"""`roadmap show measure 30 | schedule WS004 | footnote 7`: a record with its provenance.

Prints the record with its physical pages, printed labels and boxes; with an image path it
renders the page region(s) holding the record from the source PDF (pypdfium2) with the
record's boxes highlighted, one strip per page, stacked.
"""

from __future__ import annotations

import hashlib
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipelines.usage import UsageError, check_writable, pick_edition
from roadmap_extract import load

SCALE = 2.0  # pixels per PDF point in the rendered image
MARGIN = 36.0  # PDF points of context above and below the highlighted boxes
HIGHLIGHT = (255, 200, 0, 70)
OUTLINE = (220, 30, 30, 255)


@dataclass(frozen=True)
class Kind:
    """What `show` can show: the table and how the user names a record."""

    table: str
    key: str
    numeric: bool
    pages: tuple[str, str]  # start/end page columns
    labels: tuple[str, str]


KINDS = {
    "measure": Kind(
        "measures", "measure_no", True, ("page_start", "page_end"), ("label_start", "label_end")
    ),
    "schedule": Kind(
        "schedules", "schedule_id", False, ("page_start", "page_end"), ("label_start", "label_end")
    ),
    "footnote": Kind("footnotes", "footnote_no", True, ("page", "page"), ("label", "label")),
}


def find_record(kind: str, ident: str, edition: str, out: Path) -> dict:
    """The one record `ident` of an edition (e.g. measure '30', schedule 'WS004' or '4')."""
    spec = KINDS[kind]
    frame = load(spec.table, editions=[edition], out=out)
    if spec.numeric:
        value = ident.strip().strip("<>")
        if not value.isdigit():
            raise UsageError(f"{kind} must be a number, not {ident!r}")
        hits = frame[frame[spec.key] == int(value)]
    else:
        wanted = ident.upper()
        if wanted.isdigit():
            wanted = f"WS{int(wanted):03d}"
        hits = frame[frame[spec.key].str.upper() == wanted]
    if hits.empty:
        raise UsageError(f"no {kind} {ident!r} in edition {edition}")
    return hits.iloc[0].to_dict()


def _missing(value) -> bool:
    """None, pandas' NA or NaN (what a null looks like after loading)."""
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _pages_line(rec: dict, spec: Kind) -> str:
    (p0, p1), (l0, l1) = spec.pages, spec.labels
    if _missing(rec[p0]):
        return "pages: none (source without pages)"
    pages = f"{rec[p0]}" if rec[p0] == rec[p1] else f"{rec[p0]}-{rec[p1]}"
    labels = [x for x in (rec[l0], rec[l1]) if isinstance(x, str)]
    printed = "-".join(dict.fromkeys(labels)) if labels else "none printed"
    return f"physical page {pages} · printed page label {printed}"


def describe(kind: str, rec: dict) -> str:
    """The record as text: id, pages and labels, boxes, then its other fields."""
    spec = KINDS[kind]
    lines = [f"{kind} {rec[spec.key]} · {rec['edition']}", _pages_line(rec, spec)]
    for b in rec["boxes"]:
        lines.append(
            f"box on page {b['page']}: x0={b['x0']:.1f} top={b['top']:.1f} "
            f"x1={b['x1']:.1f} bottom={b['bottom']:.1f} (PDF points from top-left)"
        )
    skip = {"edition", spec.key, "boxes", *spec.pages, *spec.labels}
    for col, value in rec.items():
        if col in skip or _missing(value):
            continue
        if not isinstance(value, str):
            value = ", ".join(map(str, value)) if hasattr(value, "__len__") else str(value)
        if not value:
            continue
        body = textwrap.fill(value, 96, subsequent_indent="    ") if "\n" not in value else value
        lines.append(f"{col}: {body}")
    return "\n".join(lines)


def source_pdf(edition: str, out: Path, override: Path | None) -> Path:
    """The PDF an edition was extracted from; one clear line when it moved or changed."""
    doc = load("documents", editions=[edition], out=out).iloc[0]
    if doc["source_format"] != "pdf":
        raise UsageError(f"edition {edition} was extracted from {doc['source_format']}: no pages")
    path = override or Path(doc.get("source_path") or doc["source_file"])
    if not path.is_file():
        raise UsageError(f"source PDF of {edition} has moved: {path} not found (pass --pdf PATH)")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != doc["source_sha256"]:
        raise UsageError(f"{path} is not the file {edition} was extracted from (sha256 differs)")
    return path


def render(pdf: Path, boxes: list[dict], target: Path) -> Path:
    """Page strips around the boxes, highlighted, stacked top to bottom, saved as PNG."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw, ImageFont

    doc = pdfium.PdfDocument(str(pdf))
    font = ImageFont.load_default(size=22)
    strips = []
    try:
        for page_no in sorted({b["page"] for b in boxes}):
            page = doc[page_no - 1]
            image = page.render(scale=SCALE).to_pil().convert("RGBA")
            mine = [b for b in boxes if b["page"] == page_no]
            overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
            draw = ImageDraw.Draw(overlay)
            for b in mine:
                rect = [
                    v * SCALE for v in (b["x0"] - 3, b["top"] - 3, b["x1"] + 3, b["bottom"] + 3)
                ]
                draw.rectangle(rect, fill=HIGHLIGHT, outline=OUTLINE, width=4)
            image = Image.alpha_composite(image, overlay)
            top = max(0.0, min(b["top"] for b in mine) - MARGIN) * SCALE
            bottom = min(image.height, (max(b["bottom"] for b in mine) + MARGIN) * SCALE)
            strip = image.crop((0, int(top), image.width, int(bottom)))
            caption = Image.new("RGBA", (strip.width, 36), (40, 40, 40, 255))
            ImageDraw.Draw(caption).text(
                (10, 6), f"{pdf.name} · page {page_no}", fill="white", font=font
            )
            strips.append(caption)
            strips.append(strip)
    finally:
        doc.close()
    width = max(s.width for s in strips)
    sheet = Image.new("RGBA", (width, sum(s.height for s in strips)), "white")
    y = 0
    for s in strips:
        sheet.paste(s, (0, y))
        y += s.height
    sheet.convert("RGB").save(target)
    return target


def run_show(
    kind: str,
    ident: str,
    edition: str | None,
    out: Path,
    image: Path | None = None,
    pdf: Path | None = None,
) -> int:
    if image is not None:
        check_writable(image, (".png",))
    edition = pick_edition(out, edition)
    rec = find_record(kind, ident, edition, out)
    print(describe(kind, rec))
    if image is None:
        return 0
    boxes = list(rec["boxes"])
    if not boxes:
        raise UsageError(f"{kind} {ident} of {edition} has no boxes (source without pages)")
    render(source_pdf(edition, out, pdf), boxes, image)
    print(f"wrote {image}")
    return 0
