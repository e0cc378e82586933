"""Fonts for generated layouts: ReportLab's standard fonts, its bundled Vera TrueType faces, and
TrueType families found on the machine (DejaVu, Liberation) when present.

A TrueType family can be registered under generic PostScript names ("TT0", "TT1"), as some
producers write them: then the font name says nothing about weight and bold is only in the
font descriptor's flags (ForceBold, set by ReportLab from the face's weight class).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

_RL_FONTS = Path(reportlab.__file__).parent / "fonts"
_SYSTEM = Path("/usr/share/fonts/truetype")

STANDARD = {
    "times": ("Times-Roman", "Times-Bold"),
    "helvetica": ("Helvetica", "Helvetica-Bold"),
}
BUNDLED_TTF = {"vera": (_RL_FONTS / "Vera.ttf", _RL_FONTS / "VeraBd.ttf")}
SYSTEM_TTF = {
    "dejavu-sans": (_SYSTEM / "dejavu/DejaVuSans.ttf", _SYSTEM / "dejavu/DejaVuSans-Bold.ttf"),
    "dejavu-serif": (_SYSTEM / "dejavu/DejaVuSerif.ttf", _SYSTEM / "dejavu/DejaVuSerif-Bold.ttf"),
    "liberation-serif": (
        _SYSTEM / "liberation/LiberationSerif-Regular.ttf",
        _SYSTEM / "liberation/LiberationSerif-Bold.ttf",
    ),
    "liberation-sans": (
        _SYSTEM / "liberation/LiberationSans-Regular.ttf",
        _SYSTEM / "liberation/LiberationSans-Bold.ttf",
    ),
    "liberation-narrow": (
        _SYSTEM / "liberation/LiberationSansNarrow-Regular.ttf",
        _SYSTEM / "liberation/LiberationSansNarrow-Bold.ttf",
    ),
}


def bundled_families() -> list[str]:
    """Families present on every machine with ReportLab installed (the in-suite set uses these)."""
    return sorted(STANDARD) + sorted(BUNDLED_TTF)


def all_families() -> list[str]:
    """Bundled families plus the system TrueType families found here."""
    found = [k for k, files in SYSTEM_TTF.items() if all(f.exists() for f in files)]
    return bundled_families() + sorted(found)


def is_truetype(family: str) -> bool:
    return family in BUNDLED_TTF or family in SYSTEM_TTF


@cache
def register(family: str, generic: str | None = None) -> tuple[str, str]:
    """(regular, bold) font names usable on a canvas.

    With `generic` (e.g. "TT"), the faces are embedded under names that say nothing about
    weight ("TT0", "TT1"): the weight shows only in the descriptor flags.
    """
    if family in STANDARD:
        return STANDARD[family]
    files = BUNDLED_TTF.get(family) or SYSTEM_TTF[family]
    # each family its own pair of generic names (vera "TT0"/"TT1", the next "TT2"/"TT3", ...):
    # ReportLab maps a face name already registered to the font registered first, so a shared
    # "TT0" would give a later family the metrics of an earlier one in the same process
    first = 2 * list({**BUNDLED_TTF, **SYSTEM_TTF}).index(family)
    names = []
    for weight, path in zip(("R", "B"), files, strict=True):
        name = f"lg-{family}-{weight}-{generic or 'named'}"
        font = TTFont(name, str(path))
        if generic:
            font.face.name = f"{generic}{first + (weight == 'B')}".encode()
        pdfmetrics.registerFont(font)
        names.append(name)
    return names[0], names[1]


def width(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)
