"""`roadmap diff` on the fixture editions equals the true changelogs exactly.

fy2022-synthetic -> fy2023-synthetic and fy2023-synthetic -> fy2024 are compared with
tests/fixtures/changes/*.json (synthetic editions, scripted edits): the renumbering map, the
added and removed measures, the modified measures with their fields, the multiset of schedule
changes by (change, old title measures, new title measures) and the document changes. The two
layouts of FY2024 must give zero changes; a self-diff only `unchanged`; re-runs identical bytes.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pyarrow.parquet as pq
import pytest

from extract.diff.text import key
from pipelines.cli import main
from pipelines.diff_cmd import compute_diff, read_edition, run_consecutive
from schemas.changes import DOCUMENT_CHANGES, MEASURE_CHANGES, SCHEDULE_CHANGES
from tests.conftest import fixture_pdf
from tests.diffdata import (
    CHANGE_TABLES,
    PAIRS,
    changelog,
    diffed,
    folder_state,
    read_change_table,
)

pytestmark = pytest.mark.slow


@pytest.fixture(params=PAIRS, ids=[f"{o}--{n}" for o, n, _ in PAIRS])
def pair(request):
    old, new, file = request.param
    return old, new, changelog(file)


def test_measures_equal_changelog(pair):
    old, new, log = pair
    rows = read_change_table(diffed(), "measure_changes", old, new)
    matched = rows.dropna(subset=["old_no", "new_no"])
    renumber = {int(o): int(n) for o, n in zip(matched.old_no, matched.new_no, strict=True)}
    assert renumber == {int(k): v for k, v in log["renumber"].items()}
    assert sorted(rows[rows.change == "added"].new_no.astype(int)) == sorted(log["added"])
    assert sorted(rows[rows.change == "removed"].old_no.astype(int)) == sorted(log["removed"])
    modified = {
        (int(r.old_no), int(r.new_no), tuple(sorted(r.fields)))
        for r in rows[rows.change == "modified"].itertuples()
    }
    expected = {(m["old_no"], m["new_no"], tuple(sorted(m["fields"]))) for m in log["modified"]}
    assert modified == expected
    # one row per measure of both editions: the table is also the renumbering map
    n_old = len(read_edition(diffed(), old)["measures"])
    n_new = len(read_edition(diffed(), new)["measures"])
    assert rows.old_no.notna().sum() == n_old and rows.new_no.notna().sum() == n_new
    renumbered = rows[rows.change == "renumbered"]
    assert (renumbered.old_no != renumbered.new_no).all()
    assert rows[rows.change == "modified"].similarity.between(0, 1).all()


def test_schedules_equal_changelog(pair):
    old, new, log = pair
    rows = read_change_table(diffed(), "schedule_changes", old, new)
    got = Counter(
        (r.change, tuple(r.old_measure_nos), tuple(r.new_measure_nos)) for r in rows.itertuples()
    )
    expected = Counter(
        (c["change"], tuple(c["old_measure_nos"]), tuple(c["new_measure_nos"]))
        for c in log["schedules"]
    )
    assert got == expected


def _key(text) -> str | None:
    return None if pd.isna(text) else key(text)


def _log_text(value) -> str | None:
    if value is None:
        return None
    return key(value["text"]) if "text" in value else None


def test_document_changes_equal_changelog(pair):
    old, new, log = pair
    rows = read_change_table(diffed(), "document_changes", old, new)
    got = Counter(
        (r.change, _key(r.old_text), _key(r.new_text))
        for r in rows.itertuples()
        if r.change != "cover"
    )
    expected = Counter(
        (c["change"], _log_text(c["old_value"]), _log_text(c["new_value"]))
        for c in log["document"]
        if c["change"] != "cover"
    )
    assert got == expected
    covers = [c for c in log["document"] if c["change"] == "cover"]
    assert (rows.change == "cover").sum() == len(covers)


def test_two_layouts_of_one_edition_give_zero_changes():
    out = diffed()
    measures = read_change_table(out, "measure_changes", "fy2024", "fy2024-b")
    assert len(measures) == 104 and set(measures.change) == {"unchanged"}
    assert (measures.old_no == measures.new_no).all()
    assert read_change_table(out, "schedule_changes", "fy2024", "fy2024-b").empty
    assert read_change_table(out, "document_changes", "fy2024", "fy2024-b").empty


def test_self_diff_has_only_unchanged_rows():
    tables = read_edition(diffed(), "fy2023-synthetic")
    diff = compute_diff("a", "b", tables, tables)
    assert {m.change for m in diff.alignment.matches} == {"unchanged"}
    assert len(diff.alignment.matches) == len(tables["measures"])
    assert diff.schedule_changes == [] and diff.document_changes == []


def test_written_tables_carry_their_declared_schema(pair):
    old, new, _ = pair
    for table, spec in zip(
        CHANGE_TABLES, (MEASURE_CHANGES, SCHEDULE_CHANGES, DOCUMENT_CHANGES), strict=True
    ):
        schema = pq.read_schema(diffed() / table / f"{old}--{new}.parquet")
        assert schema.equals(spec.schema, check_metadata=False)
        assert schema.field("change").metadata[b"description"]


def test_rerun_gives_identical_bytes():
    """Determinism on purpose: a second run over the same inputs rewrites the same bytes."""
    out = diffed()
    old, new, _ = PAIRS[1]
    before = folder_state(out)
    assert main(["diff", old, new, "--out", str(out)]) == 0
    assert folder_state(out) == before


@pytest.mark.parametrize(
    "args, problem",
    [
        (["fy2019", "fy2024"], "'fy2019' not found"),
        (["fy2024", "fy2030"], "'fy2030' not found"),
        (["fy2024", "fy2024"], "with itself"),
    ],
)
def test_bad_input_one_line_exit_2_nothing_changes(args, problem, capsys):
    out = diffed()
    before = folder_state(out)
    assert main(["diff", *args, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and problem in err and err.startswith("roadmap: ")
    assert folder_state(out) == before


def test_make_run_with_one_edition_in_raw_has_nothing_to_diff(capsys):
    out = diffed()
    before = folder_state(out)
    assert run_consecutive(out, [fixture_pdf("fy2024")]) == 0
    assert "nothing to diff" in capsys.readouterr().out
    assert folder_state(out) == before


def test_make_run_diffs_consecutive_editions_of_the_sources(tmp_path, capsys):
    out = diffed()
    sources = [fixture_pdf("fy2023-synthetic"), fixture_pdf("fy2022-synthetic")]
    target = out / "reports" / "fy2022-synthetic--fy2023-synthetic.html"
    before = target.read_bytes()
    assert run_consecutive(out, sources) == 0
    assert "fy2022-synthetic -> fy2023-synthetic" in capsys.readouterr().out
    assert target.read_bytes() == before
