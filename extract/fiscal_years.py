"""Fiscal-year labels ("FY2024", "FY 2024", "Fiscal Year 2024"): one recogniser for both readers.

The wording comes from `schemas/wording.json` ("fiscal_year"). A PDF header word must be a
label and nothing else; a Markdown header cell may carry a note after the label ("FY2022 (R4)"),
so `leading_fiscal_year` reads a label at the start of a cell. Both need the four digits to end
there: "FY20245" and "FY2024a" are no years.
"""

from __future__ import annotations

import re
from functools import cache

from extract.wording import pattern


@cache
def _leading() -> re.Pattern[str]:
    return re.compile(rf"(?:{pattern('fiscal_year').pattern})\b", re.IGNORECASE)


def fiscal_year(text: str) -> int | None:
    """The year of a text that is exactly a fiscal-year label, else None."""
    m = _leading().fullmatch(text.strip())
    return int(m.group(1)) if m else None


def leading_fiscal_year(text: str) -> int | None:
    """The year of the fiscal-year label that starts `text` ("FY2022 (R4)" gives 2022)."""
    m = _leading().match(text.strip())
    return int(m.group(1)) if m else None
