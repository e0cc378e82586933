"""The HTML redline, tested as a person sees it: opened in a real headless browser (Debian's
chromium, installed by .ci/run), counts read from the rendered DOM and compared with the
Parquet change tables, and a screenshot rendered.

Skipped, with the reason, only where no chromium executable can be found.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.diffdata import PAIRS, diffed, read_change_table

pytestmark = pytest.mark.slow

BROWSER = next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)
needs_browser = pytest.mark.skipif(
    BROWSER is None, reason="no chromium on PATH (.ci/run installs Debian's chromium with apt)"
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def run_browser(*args: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        return subprocess.run(
            [BROWSER, *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )


class DomCounts(HTMLParser):
    """Reads the rendered DOM: count cells, and elements per class and data-change."""

    def __init__(self) -> None:
        super().__init__()
        self.counts: dict[tuple[str, str], int] = {}
        self._open: tuple[str, str] | None = None
        self.elements: Counter = Counter()
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for cls in (a.get("class") or "").split():
            self.elements[(cls, a.get("data-change"))] += 1
        if "data-kind" in a and "data-change" in a and tag == "td":
            self._open = (a["data-kind"], a["data-change"])
        for name in ("src", "href"):
            if a.get(name, "").startswith(("http:", "https:", "//")):
                self.external.append(a[name])

    def handle_data(self, data):
        if self._open and data.strip():
            self.counts[self._open] = int(data.strip())
            self._open = None


def rendered(old: str, new: str) -> DomCounts:
    report = diffed() / "reports" / f"{old}--{new}.html"
    dom = run_browser("--dump-dom", report.resolve().as_uri()).stdout
    assert "<html" in dom
    parser = DomCounts()
    parser.feed(dom)
    return parser


@needs_browser
@pytest.mark.parametrize("old, new", [(o, n) for o, n, _ in PAIRS] + [("fy2024", "fy2024-b")])
def test_counts_in_the_browser_equal_the_parquet(old, new):
    dom = rendered(old, new)
    for kind in ("measure", "schedule", "document"):
        table = read_change_table(diffed(), f"{kind}_changes", old, new)
        parquet = Counter(table.change)
        shown = {c: n for (k, c), n in dom.counts.items() if k == kind}
        assert shown, f"no {kind} counts in the DOM"
        assert {c: n for c, n in shown.items() if n} == dict(parquet)
    measures = read_change_table(diffed(), "measure_changes", old, new)
    changed = measures[measures.change.isin(["modified", "added", "removed"])]
    for change, n in Counter(changed.change).items():
        assert dom.elements[("measure-change", change)] == n
    schedules = read_change_table(diffed(), "schedule_changes", old, new)
    assert (
        sum(n for (cls, _), n in dom.elements.items() if cls == "kpi-change")
        == (schedules.change == "kpi").sum()
    )
    assert (
        sum(n for (cls, _), n in dom.elements.items() if cls == "cell-span")
        == 2 * (schedules.change == "cell_span").sum()
    )
    assert not dom.external, "the report must not load anything from the network"


@needs_browser
def test_synthetic_editions_are_labelled_in_the_report():
    old, new, _ = PAIRS[0]
    dom = rendered(old, new)
    assert dom.elements[("synthetic", None)] == 1
    assert rendered("fy2024", "fy2024-b").elements[("synthetic", None)] == 0


@needs_browser
def test_screenshot_renders(tmp_path):
    old, new, _ = PAIRS[1]
    shot = tmp_path / "redline.png"
    report = diffed() / "reports" / f"{old}--{new}.html"
    run_browser("--window-size=1300,2000", f"--screenshot={shot}", report.resolve().as_uri())
    data = Path(shot).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
