"""Reader stage on pypdfium2: the same `PageData` as the pdfplumber reader, many times faster.

pdfplumber (on pdfminer) interprets every content stream in Python; pdfium does it in C++. This
module rebuilds pdfminer's view of a page from pdfium's objects so that both readers give the
same words and graphics:

- characters: pdfminer's box is the glyph's advance width by the font size, from the font's
  descent upwards (not the glyph's ink box, which is what pdfium's char boxes give), so it is
  recomputed here from the character origin, the font's width and descent and the text matrix;
- words: pdfplumber's own `WordExtractor` groups those characters (`extract.reader.words_of`);
- graphics: path objects (also inside form XObjects) are split into subpaths and sorted into
  rects, lines and curves by pdfminer's rules (`extract.pdfium_paths`).

The pdfplumber reader stays the reference (`--reader pdfplumber`); a test compares every output
table of both on every fixture.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from extract.errors import InputError
from extract.fonts import FORCE_BOLD, is_bold
from extract.models import PageData
from extract.pdfium_paths import Ctm, page_graphics, page_objects, page_transform
from extract.reader import words_of

_NAME_BUFFER = 512
_HYPHEN_MARK = 0x02  # what pdfium's text page reports for a line-ending hyphen


def open_pdfium(path: Path) -> pdfium.PdfDocument:
    """Open `path` with pdfium; failures become one-line `InputError`s."""
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        text = str(exc).lower()
        if "password" in text:
            raise InputError(path, "PDF is encrypted (password required)") from None
        raise InputError(path, f"damaged or truncated PDF (pdfium: {exc})") from None


def open_summary(path: Path) -> tuple[int, dict[str, str]]:
    """Page count and document metadata; opening here reports a bad file before any work."""
    pdf = open_pdfium(path)
    try:
        return len(pdf), {k: str(v) for k, v in pdf.get_metadata_dict(skip_empty=True).items()}
    finally:
        pdf.close()


def _address(handle) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


def stream_order(page: pdfium.PdfPage) -> dict[int, int]:
    """Content-stream position of every text object (also inside forms), by its address."""
    return {
        _address(obj): i for i, (obj, _m) in enumerate(page_objects(page, raw.FPDF_PAGEOBJ_TEXT))
    }


class _Fonts:
    """Per-font facts, looked up once per font object (name, descent, bold)."""

    def __init__(self) -> None:
        self._cache: dict[int, tuple[str, float, bool]] = {}
        self._bold_names: set[str] = set()
        self._buffer = ctypes.create_string_buffer(_NAME_BUFFER)

    def facts(self, font) -> tuple[str, float, bool]:
        key = _address(font)
        found = self._cache.get(key)
        if found is None:
            n = raw.FPDFFont_GetBaseFontName(font, self._buffer, _NAME_BUFFER)
            name = self._buffer.raw[: max(n - 1, 0)].decode("utf-8", "replace")
            descent = ctypes.c_float()
            # descent at size 1000 = the font's descent in glyph units (pdfminer's get_descent)
            raw.FPDFFont_GetDescent(font, 1000.0, descent)
            # ForceBold in the descriptor's /Flags marks a bold face with a generic name
            # ("TT0"); pdfium does not expose /FontWeight itself (its weight comes from StemV).
            flags = raw.FPDFFont_GetFlags(font)
            bold = is_bold(name) or (flags > 0 and bool(flags & FORCE_BOLD))
            found = (name, descent.value / 1000.0, bold)
            self._cache[key] = found
            if bold:
                self._bold_names.add(name)
        return found

    def is_bold(self, name: str) -> bool:
        """Bold by name, or a font of that name seen with a bold descriptor on this page."""
        return is_bold(name) or name in self._bold_names


def _chars(page: pdfium.PdfPage, ctm: Ctm, fonts: _Fonts) -> list[dict]:
    """pdfplumber-style character dicts (text, box from the top-left, font name and size)."""
    textpage = page.get_textpage()
    try:
        chars = _chars_of(textpage.raw, ctm, fonts)
    finally:
        textpage.close()
    # pdfium's text page may reorder text objects; pdfminer keeps content-stream order, and
    # pdfplumber's word grouping depends on it.
    order = stream_order(page)
    chars.sort(key=lambda item: order.get(item[0], 0))
    return [char for _key, char in chars]


# FPDFText_GetTextObject returning the bare address: a cheap key for "same object as before"
_text_object_address = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
    ctypes.cast(raw.FPDFText_GetTextObject, ctypes.c_void_p).value
)


@dataclass(frozen=True, slots=True)
class _Style:
    """What every character of one text object shares: font, size and matrix."""

    font: object
    fontname: str
    size: float
    descent: float  # pdfminer's descent: the font's, scaled by the size
    linear: tuple[float, float, float, float]  # char matrix then page rotation
    upright: bool
    advance_dir: tuple[float, float]  # user-space step of one text-space unit of advance


def _style(tp, index: int, ctm: Ctm, fonts: _Fonts) -> _Style:
    obj = raw.FPDFText_GetTextObject(tp, index)
    size, matrix = ctypes.c_float(), raw.FS_MATRIX()
    raw.FPDFTextObj_GetFontSize(obj, size)
    raw.FPDFText_GetMatrix(tp, index, matrix)
    font = raw.FPDFTextObj_GetFont(obj)
    name, descent, _bold = fonts.facts(font)
    a, b, c, d = _compose(matrix, ctm)
    upright = a * d > 0 and b * c <= 0
    step = (matrix.a, matrix.b)
    return _Style(font, name, size.value, descent * size.value, (a, b, c, d), upright, step)


def _advance(style: _Style, code: int, width: ctypes.c_float) -> float | None:
    """The advance of `code` in the style's font at its size (text space), if the font knows."""
    if raw.FPDFFont_GetGlyphWidth(style.font, code, style.size, width):
        return width.value
    return None


def _dropped_space(style: _Style, gap: tuple[float, float], width) -> float | None:
    """The advance of a space pdfium dropped at the start of a text object, if it did.

    pdfium drops a text object's leading space (moving the object's origin past it) and puts a
    space it "generates" from the gap in its place, which this reader skips; pdfminer keeps the
    real one, and with small type the space is what splits two words. The space was there when
    pdfium generated one and the gap since the previous character, along the baseline, is one
    space's advance.
    """
    advance = _advance(style, 0x20, width)
    ux, uy = style.advance_dir
    scale = math.hypot(ux, uy)
    if advance is None or not scale:
        return None
    along = (gap[0] * ux + gap[1] * uy) / scale
    across = abs(gap[0] * uy - gap[1] * ux) / scale
    tolerance = 0.02 * style.size * scale
    return advance if across < tolerance and abs(along - advance * scale) < tolerance else None


def _chars_of(tp, ctm: Ctm, fonts: _Fonts) -> list[tuple[int, dict]]:
    out: list[tuple[int, dict]] = []
    ox, oy = ctypes.c_double(), ctypes.c_double()
    width = ctypes.c_float()
    tp_address = ctypes.cast(tp, ctypes.c_void_p).value
    styles: dict[int, _Style] = {}
    widths: dict[tuple[int, int], float] = {}
    generated_space = False
    previous = (0, 0.0, 0.0)  # text object and end point of the last real character
    for i in range(raw.FPDFText_CountChars(tp)):
        if raw.FPDFText_IsGenerated(tp, i):
            # spaces and line breaks pdfium infers; pdfminer has none of them
            generated_space = raw.FPDFText_GetUnicode(tp, i) == 0x20
            continue
        key = _text_object_address(tp_address, i) or 0
        style = styles.get(key)
        raw.FPDFText_GetCharOrigin(tp, i, ox, oy)
        if style is None:
            style = styles[key] = _style(tp, i, ctm, fonts)
        if generated_space and key != previous[0]:
            gap = (ox.value - previous[1], oy.value - previous[2])
            space = _dropped_space(style, gap, width)
            if space is not None:
                ux, uy = style.advance_dir
                x, y = ox.value - space * ux, oy.value - space * uy
                out.append((key, _char(" ", x, y, space, style, ctm)))
        generated_space = False
        code = raw.FPDFText_GetUnicode(tp, i)
        if code == _HYPHEN_MARK:
            code = ord("-")  # pdfium marks a hyphen that ends a line; pdfminer keeps it as is
        advance = widths.get((key, code))
        if advance is None:
            advance = _advance(style, code, width)
            if advance is None:
                advance = _loose_width(tp, i, ox.value, style)
            widths[key, code] = advance
        out.append((key, _char(chr(code), ox.value, oy.value, advance, style, ctm)))
        ux, uy = style.advance_dir
        previous = (key, ox.value + advance * ux, oy.value + advance * uy)
    return out


def _loose_width(tp, index: int, origin_x: float, style: _Style) -> float:
    """Advance width from pdfium's loose box, for a character its font cannot map back."""
    box = raw.FS_RECTF()
    raw.FPDFText_GetLooseCharBox(tp, index, box)
    scale = style.linear[0]
    return abs(box.right - origin_x) / abs(scale) if scale else 0.0


def _char(text: str, x: float, y: float, advance: float, style: _Style, ctm: Ctm) -> dict:
    """pdfminer's LTChar box: (0, descent) .. (advance, descent + size) through the char matrix."""
    a, b, c, d = style.linear
    lo, hi = style.descent, style.descent + style.size
    px, py = ctm.apply(x, y)
    x0, x1 = sorted((c * lo + px, a * advance + c * hi + px))
    y0, y1 = sorted((d * lo + py, b * advance + d * hi + py))
    top = ctm.height - y1 + ctm.top_shift
    return {
        "text": text,
        "x0": x0 + ctm.x_shift,
        "x1": x1 + ctm.x_shift,
        "top": top,
        "bottom": ctm.height - y0 + ctm.top_shift,
        "doctop": top,
        "upright": style.upright,
        "fontname": style.fontname,
        "size": y1 - y0,  # pdfminer: the box height for horizontal writing
    }


def _compose(m, ctm: Ctm) -> tuple[float, float, float, float]:
    """The char matrix's linear part followed by the page rotation."""
    ra, rb, rc, rd = ctm.linear
    return (
        m.a * ra + m.b * rc,
        m.a * rb + m.b * rd,
        m.c * ra + m.d * rc,
        m.c * rb + m.d * rd,
    )


def read_page(pdf: pdfium.PdfDocument, index: int) -> PageData:
    """One page (0-based `index`) as words and graphics."""
    page = pdf[index]
    try:
        ctm = page_transform(page)
        fonts = _Fonts()
        words = words_of(_chars(page, ctm, fonts), fonts.is_bold)
        return PageData(index + 1, ctm.width, ctm.height, words, page_graphics(page, ctm))
    finally:
        page.close()


def read_pages(path: str, indices: Sequence[int]) -> list[PageData]:
    """Pages `indices` (0-based) of `path`; opened once, so a worker process can call it."""
    pdf = open_pdfium(Path(path))
    try:
        return [_read_page_or_fail(pdf, i, path) for i in indices]
    finally:
        pdf.close()


def _read_page_or_fail(pdf: pdfium.PdfDocument, index: int, path: str) -> PageData:
    """`read_page`, with pdfium's failure on a damaged page object as a one-line problem."""
    try:
        return read_page(pdf, index)
    except pdfium.PdfiumError as exc:
        raise InputError(Path(path), f"damaged PDF (page {index + 1}: pdfium: {exc})") from None
