"""Validation findings and the report that collects them (JSON and a readable summary)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field

ERROR = "error"
WARNING = "warning"
SUMMARY_ITEMS = 8  # items shown per finding in the printed summary (the JSON has all)


@dataclass(frozen=True)
class Finding:
    """One problem: a short code, a sentence, and the offending items (JSON-safe).

    A `headline` finding says the output as a whole is not usable (e.g. the work schedules
    were not understood); the summary's first line states it in words.
    """

    severity: str
    code: str
    message: str
    items: tuple = ()
    headline: bool = False


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

    def headline(self) -> str:
        """Two lines: the verdict with counts, and how many checks passed, failed, ..."""
        status = Counter(c.status for c in self.checks)
        verdict = "".join(f"{f.message}; " for f in self.errors if f.headline)
        return (
            f"Validation of {self.edition}: {'OK' if self.ok else 'FAILED'} - {verdict}"
            f"{len(self.errors)} error(s), {len(self.warnings)} warning(s)\n"
            "  checks: " + ", ".join(f"{status[s]} {s}" for s in sorted(status))
        )

    def finding_lines(self) -> list[str]:
        """One line per finding (errors first), for stderr: edition, severity, code, examples."""
        lines = []
        for f in self.errors + self.warnings:
            examples = _examples(f)
            tail = f": {examples}" if examples else ""
            lines.append(f"{self.edition}: {f.severity} {f.code}: {f.message}{tail}")
        return lines

    def summary(self) -> str:
        """A few readable lines: the verdict, the checks, then each finding with examples."""
        lines = [self.headline()]
        for f in self.errors + self.warnings:
            lines.append(f"  {f.severity.upper():7} {f.code}: {f.message}")
            if f.items:
                lines.append(f"          {_examples(f)}")
        return "\n".join(lines)


def _examples(f: Finding) -> str:
    """The first SUMMARY_ITEMS items of a finding, and how many more there are."""
    shown = ", ".join(_short(i) for i in f.items[:SUMMARY_ITEMS])
    more = f" (+{len(f.items) - SUMMARY_ITEMS} more)" if len(f.items) > SUMMARY_ITEMS else ""
    return f"{shown}{more}"


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
