"""Font-name helpers: what a PostScript font name says about weight and family."""

from __future__ import annotations

import re

BOLD_MARKERS = ("bold", "black", "heavy", "semibold", "demibold")


def is_bold(fontname: str) -> bool:
    """A font is bold when its PostScript name says so (e.g. 'ABCDEF+LiberationSans-Bold')."""
    name = fontname.split("+", 1)[-1].lower()
    return any(marker in name for marker in BOLD_MARKERS)


def font_family(fontname: str) -> str:
    """'ABCDEF+LiberationSerif-Bold' -> 'liberationserif': the family without subset or style."""
    name = fontname.split("+", 1)[-1]
    return re.split(r"[-,]", name, maxsplit=1)[0].lower()


FORCE_BOLD = 1 << 18  # bit 19 of a font descriptor's /Flags


def descriptor_is_bold(descriptor: dict | None) -> bool:
    """A font descriptor that says bold: ForceBold in /Flags, or a /FontWeight of 600 or more.

    Some producers name embedded faces generically ("TT0", "TT1"): the weight then shows
    only in the descriptor, not in the name.
    """
    if not descriptor:
        return False
    flags = descriptor.get("Flags")
    weight = descriptor.get("FontWeight")
    return (isinstance(flags, int) and bool(flags & FORCE_BOLD)) or (
        isinstance(weight, int | float) and weight >= 600
    )
