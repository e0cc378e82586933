"""Stable schedule ids derived from content: the first measure number and order among equals."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace

from extract.tables.models import Schedule


def base_id(s: Schedule) -> str:
    """'WS001' for a table whose title starts with measure <1>; a title hash when it has none."""
    if s.measure_nos:
        return f"WS{s.measure_nos[0]:03d}"
    digest = hashlib.sha1(s.title.encode("utf-8")).hexdigest()[:8]
    return f"WSX{digest}"


def assign_ids(schedules: Sequence[Schedule]) -> list[Schedule]:
    """Ids are unique: a second table led by the same measure gets '-2', and so on."""
    seen: dict[str, int] = {}
    out: list[Schedule] = []
    for s in schedules:
        base = base_id(s)
        seen[base] = seen.get(base, 0) + 1
        sid = base if seen[base] == 1 else f"{base}-{seen[base]}"
        out.append(replace(s, schedule_id=sid))
    return out
