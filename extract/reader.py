"""Reader stage: open a PDF with pdfplumber and keep only what later stages need.

Bad input is turned into `InputError` with a one-line message here, at the boundary, so that the
CLI can print it without a traceback and without touching earlier outputs.
"""

from __future__ import annotations

import hashlib
import logging
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import literal_name
from pdfplumber.utils.exceptions import PdfminerException
from pdfplumber.utils.text import WordExtractor

from extract.errors import InputError
from extract.fonts import descriptor_is_bold, is_bold
from extract.models import PageData, RawDocument, Rect, Word
from extract.page_pool import PagesDone, read_all

# pdfminer logs warnings for every odd object it meets; they are noise for our users.
logging.getLogger("pdfminer").setLevel(logging.ERROR)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _check_file(path: Path) -> None:
    if not path.exists():
        raise InputError(path, "no such file")
    if not path.is_file():
        raise InputError(path, "not a regular file")
    with path.open("rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" not in head:
        raise InputError(path, "not a PDF (no %PDF header)")


def _descriptor_bold_fonts(page: pdfplumber.page.Page) -> frozenset[str]:
    """Names of the page's fonts whose font descriptor says bold (see `descriptor_is_bold`)."""
    out: set[str] = set()
    try:
        fonts = resolve1(resolve1(page.page_obj.resources or {}).get("Font")) or {}
        for ref in fonts.values():
            font = resolve1(ref) or {}
            desc = resolve1(font.get("FontDescriptor"))
            if desc is None and font.get("DescendantFonts"):
                child = resolve1(resolve1(font["DescendantFonts"])[0]) or {}
                desc = resolve1(child.get("FontDescriptor"))
            if descriptor_is_bold(desc) and font.get("BaseFont") is not None:
                out.add(literal_name(font["BaseFont"]))
    except Exception:  # a damaged resource dictionary only loses this hint
        return frozenset()
    return frozenset(out)


# Word grouping tolerances scale with the text size, so small print (footnotes, table cells)
# and display type are cut into words alike. Characters closer than WORD_GAP of their size
# share a word: 0.15 em (1.5 pt at 10 pt) is above kerning and tracking, below the narrowest
# word space (about 0.2 em). Characters whose tops differ by less than LINE_RISE of the page's
# text size are on one line: 0.2 em (2 pt at 10 pt), under half of the leading between lines.
WORD_GAP = 0.15
LINE_RISE = 0.2
WORD_OPTIONS = {
    "extra_attrs": ["fontname", "size", "upright"],
    "x_tolerance_ratio": WORD_GAP,
    "y_tolerance_ratio": LINE_RISE,
    "keep_blank_chars": False,
    "use_text_flow": False,
}


def _text_size(chars: list[dict]) -> float:
    """The page's most common character size (the line tolerance is relative to it)."""
    sizes = Counter(round(float(c["size"]), 1) for c in chars if not c["text"].isspace())
    return sizes.most_common(1)[0][0] if sizes else 0.0  # no characters: no words to group


def words_of(chars: list[dict], bold: Callable[[str], bool] = is_bold) -> tuple[Word, ...]:
    """Words split on font and size changes so that superscripts become words of their own.

    Both readers group their characters with pdfplumber's own word extractor, so the pdfium
    reader's words are pdfplumber's words whenever its characters are pdfplumber's characters.
    """
    line_tolerance = LINE_RISE * _text_size(chars)
    raw = WordExtractor(**WORD_OPTIONS, y_tolerance=line_tolerance).extract_words(chars)
    return tuple(
        Word(
            text=w["text"],
            x0=float(w["x0"]),
            x1=float(w["x1"]),
            top=float(w["top"]),
            bottom=float(w["bottom"]),
            fontname=w["fontname"],
            size=round(float(w["size"]), 2),
            bold=bold(w["fontname"]),
            upright=bool(w.get("upright", True)),
        )
        for w in raw
    )


def _graphic(obj: dict, kind: str) -> Rect:
    dash = obj.get("dash")
    dashed = bool(dash and dash[0])
    points = tuple((float(x), float(y)) for x, y in obj.get("pts") or ())
    return Rect(
        x0=float(obj["x0"]),
        top=float(obj["top"]),
        x1=float(obj["x1"]),
        bottom=float(obj["bottom"]),
        kind=kind,
        fill=bool(obj.get("fill")),
        stroke=bool(obj.get("stroke")),
        dashed=dashed,
        points=points if kind == "curve" else (),
    )


def _graphics(page: pdfplumber.page.Page) -> tuple[Rect, ...]:
    items = [_graphic(o, "rect") for o in page.rects]
    items += [_graphic(o, "line") for o in page.lines]
    items += [_graphic(o, "curve") for o in page.curves]
    return tuple(items)


READERS = ("pdfium", "pdfplumber")
DEFAULT_READER = "pdfium"


def read_pdf(
    path: str | Path,
    reader: str = DEFAULT_READER,
    workers: int | None = None,
    on_pages: PagesDone | None = None,
) -> RawDocument:
    """Read every page of `path` into words and graphics (reader stage).

    `reader` is "pdfium" (the default: fast, and its output tables are the reference's on every
    fixture; a test compares them) or "pdfplumber" (the reference). Pages are read in a process
    pool of `workers` (default: all cores); `on_pages(done, total)` is called as chunks finish.
    """
    if reader not in READERS:
        raise ValueError(f"unknown reader {reader!r}; choose from {', '.join(READERS)}")
    path = Path(path)
    _check_file(path)
    if reader == "pdfium":
        from extract import pdfium_reader as module
    else:
        module = sys.modules[__name__]
    count, metadata = module.open_summary(path)
    pages = read_all(module.read_pages, str(path), count, workers, on_pages)
    if not pages:
        raise InputError(path, "PDF has no pages")
    if not any(p.words for p in pages):
        raise InputError(path, "PDF has no text layer (scanned image?); OCR it first")
    return RawDocument(str(path), sha256_of(path), pages, metadata)


@contextmanager
def _plumber(path: str | Path) -> Iterator[pdfplumber.PDF]:
    """pdfplumber's PDF, with its many failure types turned into one-line `InputError`s."""
    try:
        with pdfplumber.open(path) as pdf:
            yield pdf
    except InputError:
        raise
    except (PdfminerException, PDFSyntaxError, PDFPasswordIncorrect) as exc:
        raise InputError(path, _describe(exc)) from None
    except Exception as exc:  # pdfminer raises many ad-hoc types on damaged files
        raise InputError(path, f"unreadable PDF ({type(exc).__name__}: {exc})") from None


def open_summary(path: Path) -> tuple[int, dict[str, str]]:
    """Page count and document metadata (pdfplumber reader)."""
    with _plumber(path) as pdf:
        return len(pdf.pages), {k: str(v) for k, v in (pdf.metadata or {}).items()}


def _bold_test(page: pdfplumber.page.Page) -> Callable[[str], bool]:
    """Bold from the font name, or from the font descriptor of the page's fonts."""
    bold_fonts = _descriptor_bold_fonts(page)
    return lambda name: is_bold(name) or name in bold_fonts


def read_pages(path: str, indices: Sequence[int]) -> list[PageData]:
    """Pages `indices` (0-based) of `path` with pdfplumber; a worker process can call it."""
    with _plumber(path) as pdf:
        return [
            PageData(
                page=i + 1,
                width=float(p.width),
                height=float(p.height),
                words=words_of(p.chars, _bold_test(p)),
                graphics=_graphics(p),
            )
            for i, p in ((i, pdf.pages[i]) for i in indices)
        ]


def _describe(exc: Exception) -> str:
    inner = exc.args[0] if exc.args else exc
    text = f"{type(inner).__name__}: {inner}".lower()
    if "password" in text or "encrypt" in text:
        return "PDF is encrypted (password required)"
    return f"damaged or truncated PDF ({type(inner).__name__})"
