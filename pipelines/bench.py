"""`make bench`: time every stage on the bundled PDFs and print ratios measured in this run.

Absolute seconds depend on the machine; the ratios (share of each stage, seconds per page,
layout B relative to layout A) are what to compare between commits. Nothing here is asserted.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from pipelines.run import extract_pdf

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUTS = [
    ROOT / "raw" / "roadmap-fy2024-en.pdf",
    ROOT / "tests" / "fixtures" / "fy2024-b" / "roadmap-fy2024-en.pdf",
]


def bench(paths: list[Path]) -> list[tuple[str, dict[str, float], int]]:
    results = []
    for path in paths:
        extraction = extract_pdf(path, progress=lambda _msg: None)
        pages = extraction.count("pages")
        results.append((str(path.relative_to(ROOT)), extraction.seconds, pages))
    return results


def report(results: list[tuple[str, dict[str, float], int]]) -> str:
    lines = []
    for name, seconds, pages in results:
        total = sum(seconds.values())
        lines.append(f"{name}: {pages} pages, {total:.2f} s, {total / pages * 1000:.0f} ms/page")
        for stage, secs in seconds.items():
            lines.append(f"  {stage:<10} {secs:7.2f} s  {100 * secs / total:5.1f} %")
    if len(results) >= 2:
        a = sum(results[0][1].values()) / results[0][2]
        b = sum(results[1][1].values()) / results[1][2]
        lines.append(f"per-page time, second input / first: {b / a:.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    paths = [Path(p).resolve() for p in (argv if argv is not None else sys.argv[1:])]
    start = time.perf_counter()
    print(report(bench(paths or DEFAULT_INPUTS)))
    print(f"bench wall time {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
