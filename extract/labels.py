"""Recognise printed page labels ("- 3 -", "Page 3 of 40", "iii") in footer text.

Every record carries the label printed on its page, and unseen layouts print it in different
styles, so the footer text is matched against a small set of whole-string patterns. Anything
with other words, dates, "(3)", "<3>" or a heading-style "3." is not a label: a wrong label is
worse than none.
"""

from __future__ import annotations

import re
import unicodedata

_DASH = r"[-‐‑‒–—―−~]"
# Front matter is short: roman labels are limited to i..l (1-50), so words like "mix" or "cd"
# are not read as page numbers.
_NUMBER = r"(?P<num>\d{1,4}|[ivxl]+|[IVXL]+)"
_TOTAL = r"(?:\s*(?:/|of)\s*\d{1,4})?"
_PATTERNS = (
    # "3", "- 3 -", "– iii –", "3 / 40", "3 of 40"
    re.compile(rf"(?P<dash>{_DASH})?\s*{_NUMBER}\s*(?(dash){_DASH}){_TOTAL}"),
    # "p. 3", "P.3", "pp. 3", "pg 3", "Page 3", "page 3 of 40"
    re.compile(rf"(?:pp?|pg|page)\s*\.?\s*{_NUMBER}{_TOTAL}", re.IGNORECASE),
)
_ROMAN = re.compile(r"m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def parse_page_label(text: str | None) -> str | None:
    """The page number printed in `text` ("- 3 -" gives "3", "- ii -" gives "ii"), or None.

    Arabic numbers come back without leading zeros, roman numerals (up to l = 50) in lower case.
    """
    if not text:
        return None
    clean = unicodedata.normalize("NFKC", text).strip()
    for pattern in _PATTERNS:
        match = pattern.fullmatch(clean)
        if match:
            return _label_from(match.group("num"))
    return None


def label_value(label: str | None) -> int | None:
    """Numeric value of a label ("12" -> 12, "iv" -> 4); raw footer text is parsed first."""
    parsed = parse_page_label(label)
    if parsed is None:
        return None
    if parsed.isdigit():
        return int(parsed)
    return roman_value(parsed)


def roman_value(numeral: str) -> int | None:
    """Value of a well-formed roman numeral (either case), None for anything else."""
    lower = numeral.lower()
    if not lower or not _ROMAN.fullmatch(lower):
        return None
    total = 0
    for here, after in zip(lower, lower[1:] + " ", strict=True):
        value = _ROMAN_VALUES[here]
        total += -value if after != " " and _ROMAN_VALUES[after] > value else value
    return total


def _label_from(number: str) -> str | None:
    """Canonical label text for a matched number, or None when it is not a page number."""
    if number.isdigit():
        value = int(number)
        return str(value) if value > 0 else None
    return number.lower() if roman_value(number) else None
