"""`make fuzz`: run `roadmap extract` on seeded mutations of the fixture PDFs.

Each mutant is one of: random byte flips, a truncation, a deleted object (blanked in place or cut
out), shuffled pages, a duplicated page.  Every mutant runs in its own subprocess with a time
limit, and must end in one of two ways:

- exit 0, possibly with warnings on stderr ("ok" / "warned");
- exit 2 with exactly one error line on stderr ("rejected"), after any warnings about the same
  file (e.g. that it was read from a repaired copy) that came before the problem was found.

Anything else (a hang, a traceback, another exit code, several error lines with exit 2) is a
failure, printed with the seed and index that reproduce it.  The same seed gives the same mutants.

    python -m pipelines.fuzz --count 300 --seed 1 [--base full|mini] [--jobs 2] [--keep DIR]

`--base mini` mutates a small roadmap derived from each fixture (its first pages plus the first
pages of the attachment; see `mini_roadmap`), which extracts in a second or two: the test suite
uses it.  `--base full` (the default) mutates the whole fixture PDFs.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

FIXTURE_DIR = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
FIXTURE_LAYOUTS = ("fy2024", "fy2024-b", "fy2023-synthetic", "fy2022-synthetic")
MINI_BODY_PAGES = 10  # first pages of the document kept in a mini roadmap (cover, TOC, body)
MINI_ATTACHMENT_PAGES = 2  # first landscape (work-schedule) pages kept after them
OUTCOMES_OK = ("ok", "warned", "rejected")
_LOG_LOCK = threading.Lock()
_OBJECT_RE = re.compile(rb"\d+ \d+ obj\b.*?endobj", re.S)


def fixture_pdfs() -> list[Path]:
    return [next((FIXTURE_DIR / name).glob("*.pdf")) for name in FIXTURE_LAYOUTS]


# --------------------------------------------------------------------------- page-level edits


def _rebuild(data: bytes, order: Sequence[int]) -> bytes:
    """A new PDF made of the pages of `data` in `order` (0-based indices, repeats allowed)."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(data)
    new = pdfium.PdfDocument.new()
    try:
        new.import_pages(src, list(order))
        buffer = io.BytesIO()
        new.save(buffer)
        return _fixed_dates(buffer.getvalue())
    finally:
        new.close()
        src.close()


_DATE = re.compile(rb"\(D:(\d{14})")
_FILE_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


def _fixed_dates(data: bytes) -> bytes:
    """pdfium stamps the current time as CreationDate and a fresh file /ID; fixed ones of the
    same length keep every offset, so a mutant depends on (seed, index) alone, not on when it
    was made."""
    data = _DATE.sub(b"(D:20000101000000", data)
    return _FILE_ID.sub(
        lambda m: b"/ID[<" + b"0" * len(m[1]) + b"><" + b"0" * len(m[2]) + b">", data
    )


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        return [pdf[i].get_size() for i in range(len(pdf))]
    finally:
        pdf.close()


def mini_roadmap(data: bytes) -> bytes:
    """The first pages of a roadmap PDF plus the first pages of its landscape attachment."""
    sizes = page_sizes(data)
    landscape = [i for i, (w, h) in enumerate(sizes) if w > h]
    first = landscape[0] if landscape else len(sizes)
    order = list(range(min(MINI_BODY_PAGES, first))) + landscape[:MINI_ATTACHMENT_PAGES]
    return _rebuild(data, order)


# --------------------------------------------------------------------------- mutations


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 40)):
        pos = rng.randrange(16, len(out))  # keep the %PDF header: that case is tested elsewhere
        out[pos] ^= 1 << rng.randrange(8)
    return bytes(out)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: int(len(data) * rng.uniform(0.05, 0.995))]


def delete_object(data: bytes, rng: random.Random) -> bytes:
    """Blank one object in place (offsets stay valid) or cut it out (offsets shift)."""
    spans = [m.span() for m in _OBJECT_RE.finditer(data)]
    if not spans:
        return truncate(data, rng)
    start, end = rng.choice(spans)
    filler = b" " * (end - start) if rng.random() < 0.5 else b""
    return data[:start] + filler + data[end:]


def shuffle_pages(data: bytes, rng: random.Random) -> bytes:
    order = list(range(len(page_sizes(data))))
    rng.shuffle(order)
    return _rebuild(data, order)


def duplicate_page(data: bytes, rng: random.Random) -> bytes:
    order = list(range(len(page_sizes(data))))
    page = rng.choice(order)
    order.insert(rng.randrange(len(order) + 1), page)
    return _rebuild(data, order)


MUTATIONS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "flip": flip_bytes,
    "truncate": truncate,
    "delete_object": delete_object,
    "shuffle_pages": shuffle_pages,
    "duplicate_page": duplicate_page,
}


@dataclass(frozen=True)
class Mutant:
    index: int
    base: str
    mutation: str
    path: Path


def make_mutants(bases: dict[str, bytes], count: int, seed: int, folder: Path) -> list[Mutant]:
    """`count` mutants cycling through the mutations and bases; mutant i depends only on
    (seed, i), so any one can be rebuilt alone."""
    names, kinds = sorted(bases), list(MUTATIONS)
    folder.mkdir(parents=True, exist_ok=True)
    mutants = []
    for i in range(count):
        rng = random.Random(f"{seed}-{i}")
        base, kind = names[i % len(names)], kinds[(i // len(names)) % len(kinds)]
        path = folder / f"m{i:04d}-{base}-{kind}.pdf"
        path.write_bytes(MUTATIONS[kind](bases[base], rng))
        mutants.append(Mutant(i, base, kind, path))
    return mutants


# --------------------------------------------------------------------------- running


@dataclass(frozen=True)
class Result:
    mutant: Mutant
    outcome: str  # ok | warned | rejected | timeout | traceback | bad_exit
    code: int | None
    stderr: str


WARNING_PREFIX = "roadmap: warning:"


def classify(code: int | None, stderr: str) -> str:
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    if code is None:
        return "timeout"
    if "Traceback" in stderr:
        return "traceback"
    if code == 0:
        return "warned" if lines else "ok"
    errors = [ln for ln in lines if not ln.startswith(WARNING_PREFIX)]
    if code == 2 and len(errors) == 1:
        return "rejected"
    return "bad_exit"


def run_one(mutant: Mutant, timeout: float, out_root: Path) -> Result:
    """`roadmap extract` on one mutant in a subprocess, killed after `timeout` seconds."""
    out = out_root / f"out{mutant.index:04d}"
    cmd = [sys.executable, "-m", "pipelines.cli", "extract", str(mutant.path), "--out", str(out)]
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=timeout, cwd=FIXTURE_DIR.parents[1]
        )
    except subprocess.TimeoutExpired as exc:
        err = exc.stderr.decode(errors="replace") if isinstance(exc.stderr, bytes) else ""
        return Result(mutant, "timeout", None, err or "")
    return Result(mutant, classify(proc.returncode, proc.stderr), proc.returncode, proc.stderr)


def run_all(
    mutants: Sequence[Mutant], timeout: float, jobs: int, out_root: Path, log: Path | None = None
) -> list[Result]:
    """Run every mutant; with `log`, append each result to it as a JSON line as soon as it is
    known, and skip mutants already logged there (so a long run can be resumed)."""
    done = _read_log(log, mutants) if log else {}

    def one(m: Mutant) -> Result:
        if m.index in done:
            return done[m.index]
        result = run_one(m, timeout, out_root)
        if log:
            with _LOG_LOCK, log.open("a", encoding="utf-8") as handle:
                entry = {"index": m.index, "outcome": result.outcome, "code": result.code}
                handle.write(json.dumps({**entry, "stderr": result.stderr[-2000:]}) + "\n")
        return result

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(one, mutants))


def _read_log(log: Path, mutants: Sequence[Mutant]) -> dict[int, Result]:
    by_index = {m.index: m for m in mutants}
    done = {}
    if log.exists():
        for line in log.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            mutant = by_index.get(entry["index"])
            if mutant is not None:
                outcome, code = entry["outcome"], entry["code"]
                done[mutant.index] = Result(mutant, outcome, code, entry["stderr"])
    return done


def load_bases(base: str) -> dict[str, bytes]:
    bases = {p.parent.name: p.read_bytes() for p in fixture_pdfs()}
    if base == "mini":
        bases = {name: mini_roadmap(data) for name, data in bases.items()}
    return bases


def report(results: Sequence[Result]) -> str:
    """A Markdown table of outcomes per mutation, then every failure."""
    counts = Counter((r.mutant.mutation, r.outcome) for r in results)
    outcomes = [*OUTCOMES_OK, *sorted({r.outcome for r in results} - set(OUTCOMES_OK))]
    lines = [
        "| mutation | " + " | ".join(outcomes) + " | total |",
        "|---" * (len(outcomes) + 2) + "|",
    ]
    for kind in MUTATIONS:
        row = [counts[(kind, o)] for o in outcomes]
        lines.append(f"| {kind} | " + " | ".join(map(str, row)) + f" | {sum(row)} |")
    total = [sum(counts[(k, o)] for k in MUTATIONS) for o in outcomes]
    lines.append("| **all** | " + " | ".join(map(str, total)) + f" | {sum(total)} |")
    for r in results:
        if r.outcome not in OUTCOMES_OK:
            tail = r.stderr.strip().splitlines()[-1:] if r.stderr.strip() else []
            lines.append(f"FAIL {r.mutant.path.name}: {r.outcome} (exit {r.code}) {tail}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines.fuzz", description=__doc__)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--base", choices=("full", "mini"), default="full")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per file")
    parser.add_argument("--jobs", type=int, default=max(1, min(2, os.cpu_count() or 1)))
    parser.add_argument(
        "--keep",
        type=Path,
        help="keep mutants, outputs and results.jsonl in this folder (a rerun resumes from it)",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="roadmap-fuzz-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        mutants = make_mutants(load_bases(args.base), args.count, args.seed, folder)
        log = folder / "results.jsonl" if args.keep else None
        results = run_all(mutants, args.timeout, args.jobs, folder, log)
    print(f"fuzz: {len(results)} files, seed {args.seed}, base {args.base}")
    print(report(results))
    return 0 if all(r.outcome in OUTCOMES_OK for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
