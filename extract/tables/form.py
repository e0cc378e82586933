"""The fixed wording of the work-schedule form, loaded from `schemas/schedule_form.json`."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.resources import files

FORM_FILE = files("schemas") / "schedule_form.json"


@cache
def form_patterns() -> dict[str, re.Pattern[str]]:
    data = json.loads(FORM_FILE.read_text(encoding="utf-8"))
    return {k: re.compile(v, re.IGNORECASE) for k, v in data.items() if k != "description"}


def matches(kind: str, text: str) -> re.Match[str] | None:
    return form_patterns()[kind].search(text.strip())


def is_label(kind: str, text: str) -> bool:
    """The whole text (a label cell's) is the form label of `kind`, e.g. '5-year goal:'."""
    text = text.strip()
    m = form_patterns()[kind].search(text)
    return m is not None and not text[m.end() :].strip(" :：.")
