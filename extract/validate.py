"""Self-checks of one edition's output tables, so no extraction is trusted unchecked.

`validate` takes the tables of one edition (one pandas DataFrame per table name) and runs
checks that need no gold data: measure numbering, required measure fields, work-schedule
coverage, table of contents pages, footnotes and cross-references.  Each finding is an error
(the extraction or the document is inconsistent) or a warning (worth a look, or a check that
could not run); the report serialises to JSON and prints a readable summary.

The checks use only relations inside the tables, never document content, so they run on
layouts and editions nobody here has seen.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field

import pandas as pd

import schemas.links  # noqa: F401  (registers the link tables' columns)
from extract.references import parse_refs
from schemas.base import REGISTRY

# Columns the checks read, per table (from the stage contracts).  An empty table built from no
# rows has no columns at all; it gets these so that "no rows" is checked, not a crash.
USED_COLUMNS = {
    "measures": ("measure_no", "key_point", "subsection", "ministries", "refs_raw", "page_start"),
    "headings": ("heading_id", "page", "label", "toc_label"),
    "footnotes": ("footnote_no", "page", "call_page"),
    "schedules": ("schedule_id", "measure_nos", "extra_refs"),
    "cross_references": ("source_no", "target_no", "target_key_point", "raw", "resolved", "issue"),
    "measure_groups": ("group_id", "measure_no", "via"),
    "group_summary": ("group_id", "re_similarity"),
}

ERROR = "error"
WARNING = "warning"
SUMMARY_ITEMS = 8  # items shown per finding in the printed summary (the JSON has all)
# Copies of one initiative are printed (nearly) verbatim; below this a note is suspect.
RE_SIMILARITY_FLOOR = 0.6


@dataclass(frozen=True)
class Finding:
    """One problem: a short code, a sentence, and the offending items (JSON-safe)."""

    severity: str
    code: str
    message: str
    items: tuple = ()


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: str  # passed | failed | warned | skipped
    description: str


@dataclass
class ValidationReport:
    """Outcome of `validate`: findings split into errors and warnings, plus what ran."""

    edition: str
    checks: list[CheckResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def codes(self, severity: str | None = None) -> set[str]:
        return {f.code for f in self.findings if severity in (None, f.severity)}

    def to_dict(self) -> dict:
        def finding(f: Finding) -> dict:
            return {"code": f.code, "message": f.message, "items": list(f.items)}

        return {
            "edition": self.edition,
            "ok": self.ok,
            "counts": {"errors": len(self.errors), "warnings": len(self.warnings)},
            "checks": [asdict(c) for c in self.checks],
            "errors": [finding(f) for f in self.errors],
            "warnings": [finding(f) for f in self.warnings],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False, default=_json_default)

    def summary(self) -> str:
        """A few readable lines: the verdict, the checks, then each finding with examples."""
        status = Counter(c.status for c in self.checks)
        lines = [
            f"Validation of {self.edition}: {'OK' if self.ok else 'FAILED'} - "
            f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)",
            "  checks: " + ", ".join(f"{status[s]} {s}" for s in sorted(status)),
        ]
        for f in self.errors + self.warnings:
            shown = ", ".join(_short(i) for i in f.items[:SUMMARY_ITEMS])
            more = (
                f" (+{len(f.items) - SUMMARY_ITEMS} more)" if len(f.items) > SUMMARY_ITEMS else ""
            )
            lines.append(f"  {f.severity.upper():7} {f.code}: {f.message}")
            if shown:
                lines.append(f"          {shown}{more}")
        return "\n".join(lines)


def _json_default(obj: object) -> object:
    if hasattr(obj, "item"):  # numpy scalars
        return obj.item()
    if hasattr(obj, "tolist"):
        return obj.tolist()
    return str(obj)


def _short(item: object) -> str:
    if isinstance(item, dict):
        return "{" + ", ".join(f"{k}={v}" for k, v in item.items()) + "}"
    return str(item)


# --------------------------------------------------------------------------- value helpers


def _null(v: object) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    return isinstance(v, float) and math.isnan(v)


def _blank(v: object) -> bool:
    """Null, an empty or whitespace string, or an empty list."""
    if _null(v):
        return True
    if isinstance(v, str):
        return not v.strip()
    if hasattr(v, "__len__"):
        return len(v) == 0
    return False


def _as_list(v: object) -> list:
    if _null(v):
        return []
    if isinstance(v, str):
        return [v]
    if hasattr(v, "tolist"):
        v = v.tolist()
    return list(v) if isinstance(v, Iterable) else [v]


def _int(v: object) -> int | None:
    if _null(v):
        return None
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


def _text(v: object) -> str | None:
    return None if _null(v) else str(v).strip()


def _numbering(values: Iterable[object], what: str, prefix: str) -> list[Finding]:
    """Numbers must be 1..N, each once; report gaps, duplicates and unreadable numbers."""
    raw = list(values)
    nums = [n for n in (_int(v) for v in raw) if n is not None]
    out = []
    if len(nums) < len(raw):
        out.append(
            Finding(
                ERROR, f"{prefix}_unnumbered", f"{len(raw) - len(nums)} {what}(s) without a number"
            )
        )
    dup = sorted(n for n, c in Counter(nums).items() if c > 1)
    if dup:
        out.append(Finding(ERROR, f"{prefix}_duplicate", f"{what} numbers used twice", tuple(dup)))
    if nums:
        missing = sorted(set(range(1, max(nums) + 1)) - set(nums))
        if missing:
            out.append(
                Finding(
                    ERROR,
                    f"{prefix}_gap",
                    f"{what} numbering is not contiguous from 1 to {max(nums)}; missing",
                    tuple(missing),
                )
            )
    return out


# --------------------------------------------------------------------------- checks


def check_measure_numbering(t: Mapping[str, pd.DataFrame]) -> list[Finding]:
    """Measure numbers are contiguous from 1 and unique."""
    m = t["measures"]
    if m.empty:
        return [Finding(ERROR, "measures_empty", "no measures were extracted")]
    return _numbering(m["measure_no"], "measure", "numbering")


def check_measure_fields(t: Mapping[str, pd.DataFrame]) -> list[Finding]:
    """Every measure has a ministry, a key point and a subsection; a page is expected."""
    m = t["measures"]
    out = []
    required = (
        ("ministries", "ministry"),
        ("key_point", "key point"),
        ("subsection", "subsection"),
    )
    for col, what in required:
        if col not in m.columns:
            out.append(Finding(ERROR, "column_missing", f"measures has no column {col!r}", (col,)))
            continue
        bad = [_int(n) for n, v in zip(m["measure_no"], m[col], strict=True) if _blank(v)]
        if bad:
            code = "measure_missing_" + what.replace(" ", "_")
            out.append(Finding(ERROR, code, f"measures without a {what}", tuple(bad)))
    if "page_start" in m.columns and has_pages(t):
        bad = [_int(n) for n, v in zip(m["measure_no"], m["page_start"], strict=True) if _null(v)]
        if bad:
            out.append(
                Finding(WARNING, "measure_missing_page", "measures without a page", tuple(bad))
            )
    return out


def _schedule_refs(s: pd.DataFrame) -> list[tuple[str, int, str]]:
    """(schedule_id, measure number, column) for every measure a schedule names."""
    out = []
    for _, row in s.iterrows():
        for col in ("measure_nos", "extra_refs"):
            if col in s.columns:
                for n in _as_list(row[col]):
                    if _int(n) is not None:
                        out.append((str(row["schedule_id"]), _int(n), col))
    return out


def check_schedule_coverage(t: Mapping[str, pd.DataFrame]) -> list[Finding]:
    """Every measure appears in at least one work schedule (as a member or a title reference)."""
    covered = {n for _, n, _ in _schedule_refs(t["schedules"])}
    measures = sorted({n for n in (_int(v) for v in t["measures"]["measure_no"]) if n is not None})
    missing = [n for n in measures if n not in covered]
    if not missing:
        return []
    return [
        Finding(
            ERROR, "measure_not_in_schedule", "measures in no work-schedule table", tuple(missing)
        )
    ]


def check_schedule_targets(t: Mapping[str, pd.DataFrame]) -> list[Finding]:
    """Every schedule points at measures that exist; each schedule covers some measure."""
    s = t["schedules"]
    known = {_int(v) for v in t["measures"]["measure_no"]}
    out = []
    dangling = [
        {"schedule_id": sid, "measure_no": n, "column": col}
        for sid, n, col in _schedule_refs(s)
        if n not in known
    ]
    if dangling:
        out.append(
            Finding(
                ERROR,
                "schedule_unknown_measure",
                "schedules name measures that do not exist",
                tuple(dangling),
            )
        )
    dup = sorted(k for k, c in Counter(s["schedule_id"].astype(str)).items() if c > 1)
    if dup:
        out.append(Finding(ERROR, "schedule_duplicate_id", "schedule ids used twice", tuple(dup)))
    empty = [
        str(sid)
        for sid, nos in zip(s["schedule_id"], s["measure_nos"], strict=True)
        if not _as_list(nos)
    ]
    if empty:
        out.append(
            Finding(
                WARNING, "schedule_without_measures", "schedules naming no measure", tuple(empty)
            )
        )
    return out


def has_pages(t: Mapping[str, pd.DataFrame]) -> bool:
    """False for sources without pages (converter Markdown): page checks do not apply."""
    docs = t.get("documents")
    if docs is None or docs.empty or "source_format" not in docs.columns:
        return True
    return bool((docs["source_format"] != "markdown").any())


def check_toc_pages(t: Mapping[str, pd.DataFrame]) -> list[Finding]:
    """The page a TOC entry prints equals the label of the page where its heading was found."""
    if not has_pages(t):
        return []
    h = t["headings"]
    if "toc_label" not in h.columns or h["toc_label"].map(_null).all():
        return [Finding(WARNING, "toc_not_linked", "no heading carries a table-of-contents page")]
    mismatched, unlabelled = [], []
    for _, row in h.iterrows():
        toc, label = _text(row["toc_label"]), _text(row.get("label"))
        if not toc:
            continue
        item = {
            "heading_id": row["heading_id"],
            "toc_label": toc,
            "label": label,
            "page": _int(row.get("page")),
        }
        if label is None:
            unlabelled.append(item)
        elif toc != label:
            mismatched.append(item)
    out = []
    if mismatched:
        out.append(
            Finding(
                ERROR,
                "toc_page_mismatch",
                "TOC page differs from where the heading is printed",
                tuple(mismatched),
            )
        )
    if unlabelled:
        out.append(
            Finding(
                WARNING,
                "toc_heading_unlabelled",
                "TOC names a page but the heading's page prints no number",
                tuple(unlabelled),
            )
        )
    return out


def check_footnotes(t: Mapping[str, pd.DataFrame]) -> list[Finding]:
    """Footnotes are numbered 1..N once each, and each is called somewhere in the text."""
    f = t["footnotes"]
    if f.empty:
        return [Finding(WARNING, "footnotes_empty", "no footnotes were extracted")]
    out = _numbering(f["footnote_no"], "footnote", "footnote")
    if "call_page" not in f.columns:
        return out + [
            Finding(ERROR, "column_missing", "footnotes has no column 'call_page'", ("call_page",))
        ]
    called = f["called"] if "called" in f.columns else f["call_page"].map(lambda c: not _null(c))
    uncalled = [_int(n) for n, c in zip(f["footnote_no"], called, strict=True) if not bool(c)]
    if uncalled:
        out.append(
            Finding(
                ERROR, "footnote_uncalled", "footnotes never called in the text", tuple(uncalled)
            )
        )
    if "page" in f.columns:
        away = [
            {"footnote_no": _int(n), "page": _int(p), "call_page": _int(c)}
            for n, p, c in zip(f["footnote_no"], f["page"], f["call_page"], strict=True)
            if not _null(c) and not _null(p) and _int(c) != _int(p)
        ]
        if away:
            out.append(
                Finding(
                    WARNING,
                    "footnote_call_elsewhere",
                    "footnotes printed on another page than their call",
                    tuple(away),
                )
            )
    return out


def _expected_refs(m: pd.DataFrame) -> dict[int, list[tuple[int, int | None]]]:
    """(target, stated key point) per source measure, parsed afresh from `refs_raw`."""
    out = {}
    for n, raw in zip(m["measure_no"], m["refs_raw"], strict=True):
        if not _blank(raw):
            out[_int(n)] = [(x.measure_no, x.key_point) for x in parse_refs(str(raw)).targets]
    return out


def _ref_problems(row: pd.Series, key_points: Mapping[int, int | None], pairs: set) -> list[str]:
    """Problems that hold for one cross-reference row, recomputed from the measures."""
    src, tgt, kp = _int(row["source_no"]), _int(row["target_no"]), _int(row["target_key_point"])
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
    key_points = {_int(n): _int(k) for n, k in zip(m["measure_no"], m["key_point"], strict=True)}
    pairs = {(_int(a), _int(b)) for a, b in zip(x["source_no"], x["target_no"], strict=True)}
    unflagged, wrong, flagged = [], [], {}
    for _, row in x.iterrows():
        item = {"source_no": _int(row["source_no"]), "target_no": _int(row["target_no"])}
        problems = _ref_problems(row, key_points, pairs)
        issue = _text(row["issue"])
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
        msg = f"cross-references flagged {issue}"
        out.append(Finding(WARNING, f"xref_{issue}", msg, tuple(items)))
    out.extend(_compare_with_notes(x, m))
    return out


def _compare_with_notes(x: pd.DataFrame, m: pd.DataFrame) -> list[Finding]:
    """The rows of each source measure are exactly the targets its note states."""
    expected = _expected_refs(m) if "refs_raw" in m.columns else {}
    actual: dict[int, list[tuple[int | None, int | None]]] = {}
    for s, tgt, kp in zip(x["source_no"], x["target_no"], x["target_key_point"], strict=True):
        actual.setdefault(_int(s), []).append((_int(tgt), _int(kp)))
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
    known = {_int(v) for v in t["measures"]["measure_no"]}
    out = []
    unknown = sorted({_int(n) for n in g["measure_no"]} - known)
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
        if not _null(v) and float(v) < RE_SIMILARITY_FLOOR
    ]
    if not low:
        return []
    msg = f"groups whose (Re) copies share less than {RE_SIMILARITY_FLOOR:.0%} of their text"
    return [Finding(WARNING, "re_links_dissimilar", msg, tuple(low))]


@dataclass(frozen=True)
class Check:
    name: str
    needs: tuple[str, ...]
    run: Callable[[Mapping[str, pd.DataFrame]], list[Finding]]


CHECKS = (
    Check("measure_numbering", ("measures",), check_measure_numbering),
    Check("measure_fields", ("measures",), check_measure_fields),
    Check("schedule_coverage", ("measures", "schedules"), check_schedule_coverage),
    Check("schedule_targets", ("measures", "schedules"), check_schedule_targets),
    Check("toc_pages", ("headings",), check_toc_pages),
    Check("footnotes", ("footnotes",), check_footnotes),
    Check("cross_references", ("measures", "cross_references"), check_cross_references),
    Check("measure_groups", ("measures", "measure_groups"), check_groups),
    Check("re_similarity", ("group_summary",), check_re_similarity),
)


def _for_edition(tables: Mapping[str, pd.DataFrame], edition: str) -> dict[str, pd.DataFrame]:
    """Keep each table's rows of `edition` (tables without an edition column are kept whole)."""
    out = {}
    for name, df in tables.items():
        if df is None:
            continue
        if "edition" in df.columns:
            df = df[df["edition"].astype(str) == edition]
        if df.empty:
            declared = [c.name for c in REGISTRY[name].columns] if name in REGISTRY else []
            wanted = [*df.columns, *declared, *USED_COLUMNS.get(name, ())]
            df = df.reindex(columns=list(dict.fromkeys(wanted)))
        out[name] = df.reset_index(drop=True)
    return out


def validate(tables: Mapping[str, pd.DataFrame], edition: str) -> ValidationReport:
    """Run every check on one edition's tables; a missing table skips its checks with a warning."""
    t = _for_edition(tables, edition)
    report = ValidationReport(edition=edition)
    absent = sorted({n for c in CHECKS for n in c.needs if n not in t})
    if absent:
        report.findings.append(
            Finding(
                WARNING,
                "table_missing",
                "tables not found; their checks were skipped",
                tuple(absent),
            )
        )
    for check in CHECKS:
        doc = (check.run.__doc__ or "").strip().splitlines()[0]
        if any(n not in t for n in check.needs):
            report.checks.append(CheckResult(check.name, "skipped", doc))
            continue
        try:
            found = check.run(t)
        except KeyError as exc:
            found = [Finding(ERROR, "column_missing", f"a table lacks column {exc}", (str(exc),))]
        severities = {f.severity for f in found}
        status = "failed" if ERROR in severities else "warned" if severities else "passed"
        report.checks.append(CheckResult(check.name, status, doc))
        report.findings.extend(found)
    return report
