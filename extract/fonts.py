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
