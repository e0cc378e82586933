"""Checks of cross-references, measure groups and the similarity of linked copies."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import pandas as pd

from extract.references import parse_refs
from extract.validation.report import ERROR, WARNING, Finding
from extract.validation.values import as_int, as_text, is_blank, is_null

# Copies of one initiative are printed (nearly) verbatim; below this a note is suspect.
RE_SIMILARITY_FLOOR = 0.6


def _expected_refs(m: pd.DataFrame) -> dict[int, list[tuple[int, int | None]]]:
    """(target, stated key point) per source measure, parsed afresh from `refs_raw`."""
    out = {}
    for n, raw in zip(m["measure_no"], m["refs_raw"], strict=True):
        if not is_blank(raw):
            out[as_int(n)] = [(x.measure_no, x.key_point) for x in parse_refs(str(raw)).targets]
    return out


def _ref_problems(row: pd.Series, key_points: Mapping[int, int | None], pairs: set) -> list[str]:
    """Problems that hold for one cross-reference row, recomputed from the measures."""
    src, tgt, kp = (
        as_int(row["source_no"]),
        as_int(row["target_no"]),
        as_int(row["target_key_point"]),
    )
    if tgt is None:
        return ["unparsed"]
    if tgt not in key_points:
        return ["missing_target"]
    out = []
    if kp is not None and key_points[tgt] is not None and key_points[tgt] != kp:
        out.append("key_point_mismatch")
    if (tgt, src) not in pairs:
        out.append("not_reciprocal")
    return out


def check_cross_references(t: Mapping[str, pd.DataFrame]) -> list[Finding]:
    """Every cross-reference is resolved or flagged, and the table matches the notes."""
    x, m = t["cross_references"], t["measures"]
    key_points = {
        as_int(n): as_int(k) for n, k in zip(m["measure_no"], m["key_point"], strict=True)
    }
    pairs = {(as_int(a), as_int(b)) for a, b in zip(x["source_no"], x["target_no"], strict=True)}
    unflagged, wrong, flagged = [], [], {}
    for _, row in x.iterrows():
        item = {"source_no": as_int(row["source_no"]), "target_no": as_int(row["target_no"])}
        problems = _ref_problems(row, key_points, pairs)
        issue = as_text(row["issue"])
        if bool(row["resolved"]) != (item["target_no"] in key_points):
            wrong.append(item)
        if problems and not issue:
            unflagged.append({**item, "problems": problems})
        if issue:
            flagged.setdefault(issue, []).append({**item, "raw": row["raw"]})
    out = []
    if unflagged:
        out.append(
            Finding(
                ERROR,
                "xref_unflagged",
                "cross-references with a problem but no issue flag",
                tuple(unflagged),
            )
        )
    if wrong:
        out.append(
            Finding(
                ERROR, "xref_resolved_wrong", "`resolved` disagrees with the measures", tuple(wrong)
            )
        )
    for issue, items in sorted(flagged.items()):
        # Flagged problems are reported as warnings: the row is kept and marked for a reader.
        out.append(Finding(WARNING, f"xref_{issue}", issue_message(issue, items), tuple(items)))
    out.extend(_compare_with_notes(x, m))
    return out


# Every flagged issue is a property of the source document, not a fault of the tool: the
# warning says so, and whether the tool could still make sense of it.
ISSUE_MESSAGES = {
    "malformed_fixed": "source typo, resolved: a '(Re: …)' note outside the published grammar "
    "was read leniently, e.g. {raw}",
    "missing_target": "source inconsistency, kept: a '(Re: …)' note points at a measure the "
    "document does not have, e.g. {raw}",
    "key_point_mismatch": "source inconsistency, kept: a '(Re: …)' note states another key point "
    "than its target's, e.g. {raw}",
    "not_reciprocal": "source inconsistency, kept: the target's note does not point back, e.g. "
    "{raw}",
    "unparsed": "source problem, unresolved: a '(Re: …)' note holds no readable measure tag, "
    "e.g. {raw}",
}


def issue_message(issue: str, items: list[dict]) -> str:
    """The warning text for one kind of flagged cross-reference (whose fault it is)."""
    template = ISSUE_MESSAGES.get(issue, "cross-references flagged " + issue + ", e.g. {raw}")
    count = f" ({len(items)} targets)" if len(items) > 1 else ""
    return template.format(raw=items[0].get("raw")) + count


def _compare_with_notes(x: pd.DataFrame, m: pd.DataFrame) -> list[Finding]:
    """The rows of each source measure are exactly the targets its note states."""
    expected = _expected_refs(m) if "refs_raw" in m.columns else {}
    actual: dict[int, list[tuple[int | None, int | None]]] = {}
    for s, tgt, kp in zip(x["source_no"], x["target_no"], x["target_key_point"], strict=True):
        actual.setdefault(as_int(s), []).append((as_int(tgt), as_int(kp)))
    differ = []
    for src in sorted(set(expected) | set(actual), key=lambda v: (v is None, v)):
        want = expected.get(src, [])
        got = [a for a in actual.get(src, []) if a[0] is not None]
        if Counter(want) != Counter(got):
            differ.append({"source_no": src, "note": want, "table": got})
    if not differ:
        return []
    return [
        Finding(
            ERROR,
            "xref_rows_differ",
            "cross_references rows differ from the measures' notes",
            tuple(differ),
        )
    ]


def check_groups(t: Mapping[str, pd.DataFrame]) -> list[Finding]:
    """Measure groups have two or more members, all of them existing measures."""
    g = t["measure_groups"]
    known = {as_int(v) for v in t["measures"]["measure_no"]}
    out = []
    unknown = sorted({as_int(n) for n in g["measure_no"]} - known)
    if unknown:
        out.append(
            Finding(
                ERROR,
                "group_unknown_measure",
                "groups name measures that do not exist",
                tuple(unknown),
            )
        )
    sizes = Counter(g["group_id"].astype(str))
    small = sorted(k for k, c in sizes.items() if c < 2)
    if small:
        out.append(Finding(ERROR, "group_too_small", "groups with a single member", tuple(small)))
    return out


def check_re_similarity(t: Mapping[str, pd.DataFrame]) -> list[Finding]:
    """Measures tied by "(Re: …)" notes are near-duplicate texts, as copies of one initiative."""
    g = t["group_summary"]
    if "re_similarity" not in g.columns:
        return []
    low = [
        {"group_id": gid, "re_similarity": float(v)}
        for gid, v in zip(g["group_id"], g["re_similarity"], strict=True)
        if not is_null(v) and float(v) < RE_SIMILARITY_FLOOR
    ]
    if not low:
        return []
    msg = f"groups whose (Re) copies share less than {RE_SIMILARITY_FLOOR:.0%} of their text"
    return [Finding(WARNING, "re_links_dissimilar", msg, tuple(low))]
