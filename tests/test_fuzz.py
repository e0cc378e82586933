"""A small seeded fuzz run in the normal tests (`make fuzz` runs 300 files on the full PDFs).

20 mutants of small roadmaps derived from the four fixtures (byte flips, truncations, deleted
objects, shuffled and duplicated pages), each extracted in a subprocess with a time limit: no
hang, no traceback; either exit 0 (maybe with warnings) or one line on stderr and exit 2."""

from __future__ import annotations

import random
from functools import cache

import pytest

from pipelines import fuzz
from tests.conftest import fixture_pdf

SEED, COUNT, TIMEOUT = 20241, 20, 240.0


@cache
def bases() -> dict[str, bytes]:
    return fuzz.load_bases("mini")


def test_mutants_are_reproducible_from_the_seed(tmp_path):
    """Determinism on purpose: one seed gives the same bytes twice, another seed others."""
    a = fuzz.make_mutants(bases(), 5, SEED, tmp_path / "a")
    b = fuzz.make_mutants(bases(), 5, SEED, tmp_path / "b")
    c = fuzz.make_mutants(bases(), 5, SEED + 1, tmp_path / "c")
    assert [m.path.read_bytes() for m in a] == [m.path.read_bytes() for m in b]
    assert [m.path.read_bytes() for m in a] != [m.path.read_bytes() for m in c]


def test_a_mini_roadmap_does_not_depend_on_when_it_was_made():
    """pdfium stamps the time and a fresh /ID on every save; both are fixed, so the same seed
    gives the same bytes tomorrow (a recorded failing mutant can be rebuilt)."""
    import time

    data = fixture_pdf("fy2024").read_bytes()
    first = fuzz.mini_roadmap(data)
    time.sleep(1.1)  # the CreationDate has a resolution of one second
    assert fuzz.mini_roadmap(data) == first


@pytest.mark.parametrize("kind", sorted(fuzz.MUTATIONS))
def test_each_mutation_changes_the_file(kind):
    data = bases()["fy2024"]
    assert fuzz.MUTATIONS[kind](data, random.Random(7)) != data


@pytest.mark.parametrize(
    ("code", "stderr", "outcome"),
    [
        (0, "", "ok"),
        (0, "roadmap: fy2024: warning x: y\n", "warned"),
        (2, "roadmap: a.pdf: damaged\n", "rejected"),
        (2, "roadmap: a\nroadmap: b\n", "bad_exit"),
        (2, "roadmap: warning: a.pdf: repaired\nroadmap: a.pdf: repeats\n", "rejected"),
        (2, "roadmap: warning: a.pdf: x\nroadmap: a\nroadmap: b\n", "bad_exit"),
        (1, "Traceback (most recent call last):\n", "traceback"),
        (None, "", "timeout"),
        (3, "roadmap: --edition\n", "bad_exit"),
    ],
)
def test_outcomes_are_classified(code, stderr, outcome):
    assert fuzz.classify(code, stderr) == outcome


def test_seeded_fuzz_set(tmp_path):
    folder = tmp_path / "fuzz"
    folder.mkdir()
    mutants = fuzz.make_mutants(bases(), COUNT, SEED, folder)
    assert {m.mutation for m in mutants} == set(fuzz.MUTATIONS)
    results = fuzz.run_all(mutants, TIMEOUT, 2, folder)
    bad = [r for r in results if r.outcome not in fuzz.OUTCOMES_OK]
    assert not bad, fuzz.report(results)
