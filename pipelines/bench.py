"""`make bench`: time the extraction against the bare tools, side by side, in one run.

Every measurement runs in a fresh Python process (so peak memory is its own and no cache or
import is shared), is repeated, and is reported as the median; wall time and CPU time (user +
system, this process and its pool workers) are both shown, because on a shared machine the wall
time moves with other people's load while the CPU time mostly does not.

Measured on each input PDF:
- cold extract: `roadmap extract` into an empty folder (default reader, page pool, no cache);
- warm re-run: the same command again (the stage cache holds every stage: only writing runs);
- cold extract with `--reader pdfplumber` (the reference reader);
- bare pdfplumber: words on every page and `find_tables` on landscape pages, one thread;
- camelot: a lattice pass over the landscape pages (the attachment);
- pypdfium2 plain text of every page: the floor for reading.
Imports are done before the clock starts. Nothing here is asserted anywhere.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUTS = [
    ROOT / "tests" / "fixtures" / "fy2024" / "roadmap-fy2024-en.pdf",
    ROOT / "tests" / "fixtures" / "fy2024-b" / "roadmap-fy2024-en.pdf",
]
KINDS = ("extract", "extract-pdfplumber", "bare-pdfplumber", "camelot", "pdfium-text")


# --------------------------------------------------------------------------- child side


def _clock() -> tuple[float, float]:
    """(wall, CPU of this process and its finished children)."""
    t = os.times()
    return time.perf_counter(), t.user + t.system + t.children_user + t.children_system


def _timed(work: Callable[[], object]) -> dict[str, float]:
    wall, cpu = _clock()
    work()
    wall2, cpu2 = _clock()
    return {"wall": wall2 - wall, "cpu": cpu2 - cpu}


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024  # Linux reports KiB


def _landscape_pages(pdf: Path) -> list[int]:
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    try:
        return [i + 1 for i in range(len(doc)) if doc[i].get_width() > doc[i].get_height()]
    finally:
        doc.close()


def _extract(pdf: Path, reader: str) -> dict[str, float]:
    import pipelines.validate_cmd  # noqa: F401  (imports before the clock)
    import pipelines.writer  # noqa: F401
    from pipelines.cli import main
    from pipelines.run import extract_pdf  # noqa: F401

    with tempfile.TemporaryDirectory() as out:
        args = ["extract", str(pdf), "--out", out, "--quiet", "--reader", reader]
        cold = _timed(lambda: main(args))
        warm = _timed(lambda: main(args))
    return {**cold, "warm_wall": warm["wall"], "warm_cpu": warm["cpu"]}


def _bare_pdfplumber(pdf: Path) -> dict[str, float]:
    import pdfplumber

    def work() -> None:
        with pdfplumber.open(pdf) as doc:
            for page in doc.pages:
                page.extract_words()
                if page.width > page.height:
                    page.find_tables()

    return _timed(work)


def _camelot(pdf: Path) -> dict[str, float]:
    import camelot

    pages = ",".join(map(str, _landscape_pages(pdf)))
    return _timed(lambda: camelot.read_pdf(str(pdf), pages=pages, flavor="lattice"))


def _pdfium_text(pdf: Path) -> dict[str, float]:
    import pypdfium2

    def work() -> None:
        doc = pypdfium2.PdfDocument(pdf)
        for page in doc:
            page.get_textpage().get_text_range()
        doc.close()

    return _timed(work)


def run_child(kind: str, pdf: Path) -> dict[str, float]:
    if kind == "extract":
        result = _extract(pdf, "pdfium")
    elif kind == "extract-pdfplumber":
        result = _extract(pdf, "pdfplumber")
    elif kind == "bare-pdfplumber":
        result = _bare_pdfplumber(pdf)
    elif kind == "camelot":
        result = _camelot(pdf)
    else:
        result = _pdfium_text(pdf)
    return {**result, "peak_mb": _peak_mb()}


# --------------------------------------------------------------------------- parent side


def measure(kind: str, pdf: Path, repeat: int) -> dict[str, float]:
    """Median of `repeat` fresh-process runs (peak memory: the largest)."""
    runs = []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, "-m", "pipelines.bench", "--child", kind, str(pdf)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    medians = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    medians["peak_mb"] = max(r["peak_mb"] for r in runs)
    medians["runs"] = repeat
    return medians


def machine() -> str:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        model = next(
            (
                ln.split(":", 1)[1].strip()
                for ln in cpuinfo.read_text().splitlines()
                if "model name" in ln
            ),
            "",
        )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (
        f"{platform.system()} {platform.machine()}, {cores} cores ({model}), "
        f"Python {platform.python_version()}, load average {load}"
    )


def _row(name: str, m: dict[str, float], wall: str = "wall", cpu: str = "cpu") -> str:
    return f"  {name:<34} {m[wall]:8.2f} s wall {m[cpu]:8.2f} s CPU {m['peak_mb']:7.0f} MB peak"


def report(pdf: Path, results: dict[str, dict[str, float]]) -> list[str]:
    ex, ref = results["extract"], results["extract-pdfplumber"]
    bare, cam, text = results["bare-pdfplumber"], results["camelot"], results["pdfium-text"]
    lines = [f"{pdf.relative_to(ROOT) if pdf.is_relative_to(ROOT) else pdf}:"]
    lines.append(_row("cold extract (pdfium reader)", ex))
    lines.append(_row("warm re-run (stage cache)", ex, "warm_wall", "warm_cpu"))
    lines.append(_row("cold extract (--reader pdfplumber)", ref))
    lines.append(_row("bare pdfplumber pass", bare))
    lines.append(_row("camelot lattice, attachment pages", cam))
    lines.append(_row("pypdfium2 plain text", text))
    for label, a, b in [
        ("cold / bare pdfplumber", ex, bare),
        ("cold (pdfplumber reader) / bare", ref, bare),
        ("warm / cold", {"wall": ex["warm_wall"], "cpu": ex["warm_cpu"]}, ex),
        ("cold / camelot", ex, cam),
        ("cold / pypdfium2 text", ex, text),
    ]:
        lines.append(
            f"  {label:<34} {a['wall'] / b['wall']:8.3f} wall   {a['cpu'] / b['cpu']:8.3f} CPU"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench", description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--child", choices=KINDS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_child(args.child, args.pdfs[0])))
        return 0
    start = time.perf_counter()
    print(f"machine: {machine()}")
    print(f"medians of {args.repeat} runs, each in a fresh process")
    for pdf in [p.resolve() for p in args.pdfs] or DEFAULT_INPUTS:
        results = {kind: measure(kind, pdf, args.repeat) for kind in KINDS}
        print("\n".join(report(pdf, results)), flush=True)
    print(f"machine after: {machine()}")
    print(f"bench wall time {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
