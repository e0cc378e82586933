"""`make stress`: render many seeds in random styles, extract each, and summarise per variation.

    python -m tests.layoutgen.stress [--seeds 100-151] [--full] [--out DIR] [--markdown FILE]

Each seed is checked against its own gold (tests/layoutgen/harness.py). The summary lists, for
every option of every variation, how many seeds with that option passed and failed, and the
kinds of failure met. Results per seed are kept in DIR/results.json (failures in full).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from tests.layoutgen.harness import Failure, check, summary
from tests.layoutgen.render import render
from tests.layoutgen.style import VARIATIONS


def run(seeds: list[int], out: Path, full: bool) -> list[dict]:
    results = []
    for seed in seeds:
        t0 = time.perf_counter()
        r = render(seed, out, excerpt=not full, cover=False)
        failures = check(r.pdf, r.gold)
        results.append(
            {
                "seed": seed,
                "pdf": str(r.pdf),
                "source": r.source,
                "pages": r.gold["render"]["pages"],
                "schedules": len(r.gold["schedules"]),
                "style": r.style.as_dict(),
                "failures": [f.__dict__ for f in failures],
                "seconds": round(time.perf_counter() - t0, 1),
            }
        )
        print(f"seed {seed}: {summary(failures)[:160]}", flush=True)
        (out / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    return results


def _ok(r: dict, part: str) -> bool:
    return not any(Failure(**f).part in (part, "both") for f in r["failures"])


def markdown(results: list[dict], title: str) -> str:
    passed = sum(not r["failures"] for r in results)
    body = sum(_ok(r, "body") for r in results)
    tables = sum(_ok(r, "schedules") for r in results)
    lines = [
        f"{title}: {passed} of {len(results)} seeds pass entirely; body exact in {body}, "
        f"schedules exact in {tables} ({sum(r['pages'] for r in results)} pages, "
        f"{sum(r['schedules'] for r in results)} schedules rendered).",
        "",
        "| variation | option | seeds | body ok | schedules ok | failure kinds (seeds with it) |",
        "|---|---|---|---|---|---|",
    ]
    for name in ["source", *VARIATIONS]:
        groups: dict[str, list[dict]] = defaultdict(list)
        for r in results:
            value = r["source"] if name == "source" else r["style"][name]
            groups[str(value)].append(r)
        for value in sorted(groups):
            rs = groups[value]
            kinds = Counter(k for r in rs for k in {f["kind"] for f in r["failures"]})
            text = ", ".join(f"{k} ({n})" for k, n in kinds.most_common()) or "-"
            lines.append(
                f"| {name} | `{value}` | {len(rs)} | {sum(_ok(r, 'body') for r in rs)} | "
                f"{sum(_ok(r, 'schedules') for r in rs)} | {text} |"
            )
    return "\n".join(lines) + "\n"


def findings(results: list[dict]) -> str:
    """Per failure kind: the smallest failing rendering, an example, and the options that every
    failing seed shares while some passing one does not (the likely trigger)."""
    lines = []
    kinds = Counter(k for r in results for k in {f["kind"] for f in r["failures"]})
    for kind, n in kinds.most_common():
        failing = [r for r in results if any(f["kind"] == kind for f in r["failures"])]
        others = [r for r in results if r not in failing]
        shared = {
            name: value
            for name, value in failing[0]["style"].items()
            if name != "seed"
            and all(r["style"][name] == value for r in failing)
            and any(r["style"][name] != value for r in others)
        }
        small = min(failing, key=lambda r: (r["pages"], r["seed"]))
        example = next(f for f in small["failures"] if f["kind"] == kind)
        lines += [
            f"### `{kind}`: {n} of {len(results)} seeds",
            f"- smallest: seed {small['seed']} ({small['pages']} pages): `{small['pdf']}`",
            f"- e.g. {example['item']}: expected {example['expected']!r}, got {example['got']!r}",
            f"- options shared by every failing seed: {shared or 'none (several causes)'}",
            "",
        ]
    return "\n".join(lines)


EXPECTED_FILE = Path(__file__).parent / "expected_failures.json"


def expected_failures(failures_by_seed: dict[int, list[Failure]]) -> dict[str, str]:
    """{"seed3-body": summary, ...} for every in-suite case that fails (strict xfail reasons)."""
    out = {}
    for seed, failures in sorted(failures_by_seed.items()):
        for part in ("body", "schedules"):
            mine = [f for f in failures if f.part in (part, "both")]
            if mine:
                out[f"seed{seed}-{part}"] = summary(mine)
    return out


def in_suite(out: Path, write: bool) -> int:
    """The in-suite cases (seeds 0..11, covering styles, excerpts), as the test renders them."""
    found = {}
    for seed in range(12):
        r = render(seed, out)
        found[seed] = check(r.pdf, r.gold)
        print(f"seed {seed}: {summary(found[seed])[:160]}", flush=True)
    out.mkdir(parents=True, exist_ok=True)
    full = {f"seed{s}": [f.__dict__ for f in fs] for s, fs in found.items()}
    (out / "results.json").write_text(json.dumps(full, indent=1, ensure_ascii=False))
    expected = expected_failures(found)
    text = json.dumps(expected, indent=1, ensure_ascii=False) + "\n"
    if write:
        EXPECTED_FILE.write_text(text)
    print(text)
    return 0


def _seeds(spec: str) -> list[int]:
    start, _, end = spec.partition("-")
    return list(range(int(start), int(end or start) + 1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="100-151")
    parser.add_argument("--full", action="store_true", help="whole documents, not excerpts")
    parser.add_argument("--out", type=Path, default=Path("output/stress"))
    parser.add_argument("--markdown", type=Path, help="write the summary table here too")
    parser.add_argument("--title", default="Generated layouts")
    parser.add_argument("--from-results", type=Path, help="summarise a results.json again")
    parser.add_argument("--findings", type=Path, help="write per-failure findings here")
    parser.add_argument("--in-suite", action="store_true", help="the 12 in-suite cases")
    parser.add_argument(
        "--write-expected",
        action="store_true",
        help="with --in-suite: rewrite " + EXPECTED_FILE.name,
    )
    args = parser.parse_args(argv)
    if args.in_suite:
        return in_suite(args.out, args.write_expected)
    if args.from_results:
        results = json.loads(args.from_results.read_text(encoding="utf-8"))
        print(markdown(results, args.title))
        print(findings(results))
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    results = run(_seeds(args.seeds), args.out, args.full)
    text = markdown(results, args.title)
    if args.markdown:
        args.markdown.write_text(text)
    if args.findings:
        args.findings.write_text(findings(results))
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
