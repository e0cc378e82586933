"""Repair of damaged but recoverable PDFs, and saying so.

pdfminer (the pdfplumber reader) gives up on a PDF whose cross-reference table is damaged (it
sees "no pages"), while pdfium rebuilds the table by scanning the objects, as viewers do.  So
when reading fails with a damage-like problem, pdfium opens the file and saves a clean copy to a
temporary file, and the reader reads that copy.  The pdfium reader (the default) repairs such a
file silently while opening it; so that the data still says the source was damaged, the last
cross-reference table is checked (every offset must point at its object: one pass over bytes
already in memory for the sha256).  Either way the result keeps the original file's name and
sha256, and says it was repaired (a warning for the user, a column in `documents`).

Problems that no repair can fix (not a PDF, encrypted, no text layer) are passed through.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tempfile
from pathlib import Path

from extract.errors import InputError
from extract.models import RawDocument
from extract.reader import DEFAULT_READER, PagesDone, read_pdf, sha256_of

# Reader problems that a rebuilt cross-reference table may cure.
REPAIRABLE = ("no pages", "damaged", "truncated", "unreadable")
# The reader to try when the chosen one cannot read a damaged file (pdfplumber is the reference).
FALLBACK_READER = {"pdfium": "pdfplumber"}


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


_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_SUBSECTION = re.compile(rb"\s*(\d+) (\d+)\s*[\r\n]+")
_OBJECT_AT = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj")


def xref_damage(data: bytes) -> str | None:
    """What is wrong with the file's last cross-reference table, or None if it is sound.

    Checks that `startxref` points at a table (or an xref stream object) and that every
    in-use entry of a classic table points at the object it names."""
    at = data.rfind(b"startxref")
    found = re.match(rb"startxref\s+(\d+)", data[at:]) if at >= 0 else None
    if found is None:
        return "no startxref"
    offset = int(found.group(1))
    if _OBJECT_AT.match(data, offset):
        return None  # a cross-reference stream: pdfium and pdfminer check it themselves
    if not data.startswith(b"xref", offset):
        return "startxref does not point at a cross-reference table"
    wrong = total = 0
    pos = offset + 4
    while (head := _SUBSECTION.match(data, pos)) is not None:
        first, count = int(head.group(1)), int(head.group(2))
        pos = head.end()
        for number in range(first, first + count):
            entry = _XREF_ENTRY.match(data, pos)
            if entry is None:
                return "cross-reference table unreadable"
            pos = (
                entry.end() + 2
                if data[entry.end() : entry.end() + 1] in b" \r"
                else entry.end() + 1
            )
            if entry.group(3) == b"n":
                total += 1
                obj = _OBJECT_AT.match(data, int(entry.group(1)))
                wrong += obj is None or int(obj.group(1)) != number
    return f"damaged cross-reference table ({wrong} of {total} offsets wrong)" if wrong else None


def read_pdf_or_repair(
    path: str | Path,
    reader: str = DEFAULT_READER,
    workers: int | None = None,
    on_pages: PagesDone | None = None,
) -> RawDocument:
    """Read `path`; if it is damaged, read a repaired copy or read it with the other reader.

    pdfium and pdfminer fail on different damage (pdfium refuses a page whose objects are
    broken, where pdfminer may skip the broken object), so when the fast reader cannot read
    a damaged file even after the repair, the reference reader gets its turn before the file
    is rejected. The document's `repair_note` says what was done (None when the file was
    sound). If nothing works, the first problem is raised, naming the original file."""
    try:
        return _read_or_repair(Path(path), reader, workers, on_pages)
    except InputError as exc:
        fallback = FALLBACK_READER.get(reader)
        if fallback is None or not is_repairable(exc.problem):
            raise
        try:
            raw = _read_or_repair(Path(path), fallback, workers, on_pages)
        except InputError:
            raise exc from None
        note = f"{exc.problem}; read with the {fallback} reader instead ({len(raw.pages)} pages)"
    if raw.repair_note:
        note = f"{note}; {raw.repair_note}"
    return dataclasses.replace(raw, repair_note=note)


def _read_or_repair(
    path: Path, reader: str, workers: int | None, on_pages: PagesDone | None
) -> RawDocument:
    """Read `path`; if it is damaged, read a pdfium-repaired copy instead."""
    try:
        raw = read_pdf(path, reader, workers, on_pages)
    except InputError as exc:
        if not is_repairable(exc.problem):
            raise
        original = exc
    else:
        damage = xref_damage(path.read_bytes())
        if damage is None:
            return raw
        note = f"damaged PDF ({damage}); the {reader} reader repaired the table while reading"
        return dataclasses.replace(raw, repair_note=note)
    copy = repaired_copy(path)
    if copy is None:
        raise original
    try:
        raw = read_pdf(copy, reader, workers, on_pages)
    except InputError:
        raise InputError(path, f"{original.problem}; repair failed") from None
    finally:
        copy.unlink(missing_ok=True)
    note = f"damaged PDF ({original.problem}); extracted a copy repaired by pdfium"
    return dataclasses.replace(
        raw, source_file=str(path), source_sha256=sha256_of(path), repair_note=note
    )
