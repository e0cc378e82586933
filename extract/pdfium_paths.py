"""Vector graphics from pdfium path objects, sorted into rects, lines and curves as pdfminer does.

pdfminer paints each subpath of a path on its own and calls it a line when it is one segment
('ml' or 'mlh'), a rectangle when it is four axis-parallel sides that close ('mlllh' / 'mllll'),
and a curve otherwise (with its end points; control points of Béziers are not kept). pdfium
stores a closing 'h' as a flag on the last point, after adding the line back to the start when
the path had not returned there, so a closing line ending on the start point is read back as 'h'.
Coordinates go through pdfminer's page transformation (rotation, media-box origin) and then
pdfplumber's, so that `top` counts from the top of the page like pdfplumber's.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from extract.models import Rect

Point = tuple[float, float]
Affine = tuple[float, float, float, float, float, float]
_IDENTITY: Affine = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(frozen=True)
class Ctm:
    """pdfminer's page matrix for a page's /Rotate and media box, and pdfplumber's offsets."""

    linear: tuple[float, float, float, float]
    shift: Point
    width: float
    height: float
    x_shift: float  # pdfplumber adds the media box's left edge back to x
    top_shift: float  # ... and its bottom edge (negated) to top

    def apply(self, x: float, y: float) -> Point:
        a, b, c, d = self.linear
        return a * x + c * y + self.shift[0], b * x + d * y + self.shift[1]

    def rect(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) of a box given in pdfminer's page space."""
        return (
            x0 + self.x_shift,
            self.height - y1 + self.top_shift,
            x1 + self.x_shift,
            self.height - y0 + self.top_shift,
        )

    def point(self, x: float, y: float) -> Point:
        """A point in pdfminer's page space as pdfplumber's (x, top)."""
        return x + self.x_shift, self.height - y + self.top_shift


def page_transform(page: pdfium.PdfPage) -> Ctm:
    """The transformation pdfminer applies to a page's user space (see PDFPageInterpreter)."""
    x0, y0, x1, y1 = page.get_mediabox()
    x0, x1 = sorted((x0, x1))
    y0, y1 = sorted((y0, y1))
    rotate = page.get_rotation() % 360
    matrices = {
        90: ((0.0, -1.0, 1.0, 0.0), (-y0, x1)),
        180: ((-1.0, 0.0, 0.0, -1.0), (x1, y1)),
        270: ((0.0, 1.0, -1.0, 0.0), (y1, -x0)),
    }
    linear, shift = matrices.get(rotate, ((1.0, 0.0, 0.0, 1.0), (-x0, -y0)))
    if rotate in (90, 270):  # pdfplumber swaps the box's axes for quarter turns
        x0, y0, x1, y1 = y0, x0, y1, x1
    return Ctm(linear, shift, x1 - x0, y1 - y0, x0, -y0)


def _multiply(m: Affine, n: Affine) -> Affine:
    """m then n (row-vector convention, as in PDF)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (
        a * p + b * r,
        a * q + b * s,
        c * p + d * r,
        c * q + d * s,
        e * p + f * r + t,
        e * q + f * s + u,
    )


def _matrix_of(obj) -> Affine:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def page_objects(page: pdfium.PdfPage, wanted: int):
    """(object, matrix to page space) of type `wanted` in stream order, descending into forms."""
    stack = [
        (raw.FPDFPage_GetObject(page.raw, i), _IDENTITY)
        for i in range(raw.FPDFPage_CountObjects(page.raw))
    ]
    stack.reverse()
    while stack:
        obj, outer = stack.pop()
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == wanted:
            yield obj, _multiply(_matrix_of(obj), outer)
        elif kind == raw.FPDF_PAGEOBJ_FORM:
            inner = _multiply(_matrix_of(obj), outer)
            children = [
                (raw.FPDFFormObj_GetObject(obj, i), inner)
                for i in range(raw.FPDFFormObj_CountObjects(obj))
            ]
            stack.extend(reversed(children))


def _operations(obj, matrix: Affine) -> list[tuple[str, Point]]:
    """The path as pdfminer's operators with their end points in user space ('h' at the start)."""
    a, b, c, d, e, f = matrix
    x, y = ctypes.c_float(), ctypes.c_float()
    ops: list[tuple[str, Point]] = []
    start: Point = (0.0, 0.0)
    pending_bezier = 0
    for i in range(raw.FPDFPath_CountSegments(obj)):
        seg = raw.FPDFPath_GetPathSegment(obj, i)
        raw.FPDFPathSegment_GetPoint(seg, x, y)
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = raw.FPDFPathSegment_GetType(seg)
        closes = bool(raw.FPDFPathSegment_GetClose(seg))
        if kind == raw.FPDF_SEGMENT_MOVETO:
            ops.append(("m", point))
            start = point
        elif kind == raw.FPDF_SEGMENT_BEZIERTO:
            pending_bezier += 1
            if pending_bezier == 3:  # a Bézier is three points; pdfminer keeps the last
                ops.append(("c", point))
                pending_bezier = 0
        elif not (closes and point == start):
            ops.append(("l", point))
        if closes:
            ops.append(("h", start))
    return ops


def _subpaths(ops: list[tuple[str, Point]]) -> list[list[tuple[str, Point]]]:
    paths: list[list[tuple[str, Point]]] = []
    for op in ops:
        if op[0] == "m" or not paths:
            paths.append([])
        paths[-1].append(op)
    return paths


def _classify(path: list[tuple[str, Point]]) -> str:
    """pdfminer's PDFLayoutAnalyzer.paint_path: 'line', 'rect' or 'curve'."""
    shape = "".join(op for op, _ in path)
    if shape in ("ml", "mlh"):
        return "line"
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), last = (p for _, p in path)
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        )
        if last == (x0, y0) and square:
            return "rect"
    return "curve"


def _draw_mode(obj) -> tuple[bool, bool]:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    raw.FPDFPath_GetDrawMode(obj, fill, stroke)
    return fill.value != 0, bool(stroke.value)


def page_graphics(page: pdfium.PdfPage, ctm: Ctm) -> tuple[Rect, ...]:
    """Rects, then lines, then curves, each in content-stream order (pdfplumber's order)."""
    found: dict[str, list[Rect]] = {"rect": [], "line": [], "curve": []}
    for obj, matrix in page_objects(page, raw.FPDF_PAGEOBJ_PATH):
        fill, stroke = _draw_mode(obj)
        dashed = raw.FPDFPageObj_GetDashCount(obj) > 0
        for path in _subpaths(_operations(obj, matrix)):
            if path[0][0] != "m":
                continue  # pdfminer ignores a subpath that does not start with a move
            kind = _classify(path)
            pts = [ctm.apply(*p) for _, p in path]
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            x0, top, x1, bottom = ctm.rect(min(xs), min(ys), max(xs), max(ys))
            points = tuple(ctm.point(*p) for p in pts) if kind == "curve" else ()
            found[kind].append(Rect(x0, top, x1, bottom, kind, fill, stroke, dashed, points))
    return tuple(found["rect"] + found["line"] + found["curve"])
