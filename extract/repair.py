"""Repair of damaged but recoverable PDFs, tried only when the reader cannot use a file.

pdfminer (under pdfplumber) gives up on a PDF whose cross-reference table is damaged (it sees
"no pages"), while pdfium rebuilds the table by scanning the objects, as viewers do.  So when
reading fails with a damage-like problem, pdfium opens the file and saves a clean copy to a
temporary file, and the reader reads that copy.  The result keeps the original file's name and
sha256, and says it was repaired (a warning for the user, a column in `documents`).

Problems that no repair can fix (not a PDF, encrypted, no text layer) are passed through.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from pathlib import Path

from extract.errors import InputError
from extract.models import RawDocument
from extract.reader import read_pdf, sha256_of

# Reader problems that a rebuilt cross-reference table may cure.
REPAIRABLE = ("no pages", "damaged", "truncated", "unreadable")


def is_repairable(problem: str) -> bool:
    return any(word in problem for word in REPAIRABLE)


def repaired_copy(path: Path) -> Path | None:
    """A clean copy of `path` saved by pdfium in a temporary file; None if pdfium fails too."""
    import pypdfium2 as pdfium  # installed with pdfplumber; imported only when needed

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        return None
    try:
        if len(pdf) == 0:
            return None
        fd, name = tempfile.mkstemp(prefix="roadmap-repaired-", suffix=".pdf")
        with os.fdopen(fd, "wb") as handle:
            pdf.save(handle)
        return Path(name)
    except (pdfium.PdfiumError, OSError):
        return None
    finally:
        pdf.close()


def read_pdf_or_repair(path: str | Path) -> tuple[RawDocument, str | None]:
    """Read `path`; if it is damaged, read a pdfium-repaired copy instead.

    Returns the document and a note saying what was repaired (None when the file was read
    as-is).  If the repair fails, the original problem is raised, naming the original file."""
    path = Path(path)
    try:
        return read_pdf(path), None
    except InputError as exc:
        if not is_repairable(exc.problem):
            raise
        original = exc
    copy = repaired_copy(path)
    if copy is None:
        raise original
    try:
        raw = read_pdf(copy)
    except InputError:
        raise InputError(path, f"{original.problem}; repair failed") from None
    finally:
        copy.unlink(missing_ok=True)
    note = f"damaged PDF ({original.problem}); extracted a copy repaired by pdfium"
    return dataclasses.replace(raw, source_file=str(path), source_sha256=sha256_of(path)), note
