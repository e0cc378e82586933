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

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd

from extract.validation.document import check_footnotes, check_toc_pages
from extract.validation.links import check_cross_references, check_groups, check_re_similarity
from extract.validation.measures import (
    check_measure_fields,
    check_measure_numbering,
    check_schedule_coverage,
    check_schedule_targets,
)
from extract.validation.pages import (
    check_attachment_pages,
    check_measure_order,
    check_page_labels,
)
from extract.validation.report import ERROR, WARNING, CheckResult, Finding, ValidationReport
from extract.validation.values import has_pages
from schemas.base import REGISTRY, columns_of

__all__ = ["ERROR", "WARNING", "Finding", "ValidationReport", "has_pages", "validate"]


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
    # `pages` is optional (gold tables and Markdown have none): without it these two checks
    # find nothing to check, rather than report a missing table; they run with the body tables
    Check("page_labels", ("measures",), check_page_labels),
    Check("attachment_pages", ("schedules",), check_attachment_pages),
    Check("measure_order", ("measures",), check_measure_order),
)


def _for_edition(tables: Mapping[str, pd.DataFrame], edition: str) -> dict[str, pd.DataFrame]:
    """Keep each table's rows of `edition` (tables without an edition column are kept whole)."""
    out = {}
    for name, df in tables.items():
        if df is None:
            continue
        if "edition" in df.columns:
            df = df[df["edition"].astype(str) == edition]
        if df.empty and name in REGISTRY:
            # a table built from no rows has no columns at all; it gets its declared ones so
            # that "no rows" is checked, not a crash
            df = df.reindex(columns=list(dict.fromkeys([*df.columns, *columns_of(name)])))
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
