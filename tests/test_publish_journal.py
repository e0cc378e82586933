"""Crash-safe publishing: a kill at every file operation leaves the old or the new edition whole.

The publish runs in a subprocess with `ROADMAP_FAULT_AT=k`, which makes it exit abruptly before
its k-th file operation; then the next command's recovery runs (itself killed once at some step
first), and the output folder must hold exactly the complete old or the complete new edition,
with no staging folder or journal left.  k goes from 1 until the publish completes untouched.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines import journal
from pipelines.journal import FAULT_ENV, FAULT_EXIT, InterruptedAfterPublish, publish_staged

ROOT = Path(__file__).resolve().parents[1]
OLD_TABLES = ("documents", "measures", "pages", "gone")  # "gone": the new run no longer writes it
NEW_TABLES = ("documents", "measures", "pages", "schedules", "kpis")
EDITION = "fy2024"

# The subprocess: publish NEW_TABLES of EDITION (content "new <table>") plus a validation report.
PUBLISH_SCRIPT = """
import sys
from pathlib import Path
from pipelines.journal import publish_staged

def stage(folder):
    rels = []
    for table in sys.argv[2].split(","):
        (folder / table).mkdir(parents=True, exist_ok=True)
        (folder / table / "fy2024.parquet").write_text("new " + table)
        rels.append(table + "/fy2024.parquet")
    (folder / "validation").mkdir()
    (folder / "validation" / "fy2024.json").write_text("new validation")
    return rels + ["validation/fy2024.json"]

publish_staged(Path(sys.argv[1]), ["fy2024"], stage)
"""
RECOVER_SCRIPT = "import sys; from pipelines.journal import recover; recover(sys.argv[1])"


def old_state(out: Path) -> None:
    for table in OLD_TABLES:
        (out / table).mkdir(parents=True)
        (out / table / f"{EDITION}.parquet").write_text(f"old {table}")
        (out / table / "fy2023.parquet").write_text(f"other edition {table}")
    (out / "validation").mkdir()
    (out / "validation" / f"{EDITION}.json").write_text("old validation")


def contents(out: Path) -> dict[str, str]:
    return {str(p.relative_to(out)): p.read_text() for p in sorted(out.rglob("*")) if p.is_file()}


def expected(version: str) -> dict[str, str]:
    tables = OLD_TABLES if version == "old" else NEW_TABLES
    files = {f"{t}/{EDITION}.parquet": f"{version} {t}" for t in tables}
    files[f"validation/{EDITION}.json"] = f"{version} validation"
    files.update({f"{t}/fy2023.parquet": f"other edition {t}" for t in OLD_TABLES})
    return dict(sorted(files.items()))


def run(script: str, *args: str, fault: int | None = None) -> int:
    env = {k: v for k, v in os.environ.items() if k != FAULT_ENV}
    if fault is not None:
        env[FAULT_ENV] = str(fault)
    proc = subprocess.run(
        [sys.executable, "-c", script, *args], env=env, cwd=ROOT, timeout=60, capture_output=True
    )
    assert b"Traceback" not in proc.stderr, proc.stderr.decode()
    return proc.returncode


def test_kill_at_every_file_operation_leaves_old_or_new_edition(tmp_path):
    seen = []
    for k in range(1, 200):
        out = tmp_path / f"k{k}"
        old_state(out)
        code = run(PUBLISH_SCRIPT, str(out), ",".join(NEW_TABLES), fault=k)
        if code == 0:
            assert contents(out) == expected("new")
            break
        assert code == FAULT_EXIT
        # the next command recovers; kill that recovery once too, at a step that varies with k
        assert run(RECOVER_SCRIPT, str(out), fault=k % 4 + 1) in (0, FAULT_EXIT)
        journal.recover(out)
        state = contents(out)
        assert state in (expected("old"), expected("new")), (k, state)
        seen.append("old" if state == expected("old") else "new")
        assert not list(out.glob(".staging-*")) and not list(out.glob(".journal-*")), k
    else:
        pytest.fail("the publish never completed")
    # the test is only meaningful if kills landed both before and after the commit point
    assert "old" in seen and "new" in seen, seen
    assert len(seen) >= len(NEW_TABLES) + 3


def _stage_new(folder: Path) -> list[str]:
    for table in NEW_TABLES:
        (folder / table).mkdir(parents=True)
        (folder / table / f"{EDITION}.parquet").write_text(f"new {table}")
    (folder / "validation").mkdir()
    (folder / "validation" / f"{EDITION}.json").write_text("new validation")
    return [f"{t}/{EDITION}.parquet" for t in NEW_TABLES] + [f"validation/{EDITION}.json"]


def test_ctrl_c_during_the_renames_is_held_until_all_are_done(tmp_path, monkeypatch):
    out = tmp_path / "out"
    old_state(out)
    real_apply = journal._apply

    def apply_with_ctrl_c(out_dir, plan):
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C right at the commit point
        real_apply(out_dir, plan)

    monkeypatch.setattr(journal, "_apply", apply_with_ctrl_c)
    with pytest.raises(InterruptedAfterPublish):
        publish_staged(out, [EDITION], _stage_new)
    assert contents(out) == expected("new")
    assert not list(out.glob(".staging-*")) and not list(out.glob(".journal-*"))


def test_ctrl_c_while_staging_publishes_nothing(tmp_path):
    out = tmp_path / "out"
    old_state(out)

    def stage_then_ctrl_c(folder: Path) -> list[str]:
        _stage_new(folder)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt) as info:
        publish_staged(out, [EDITION], stage_then_ctrl_c)
    assert not isinstance(info.value, InterruptedAfterPublish)
    assert contents(out) == expected("old")
    assert not list(out.glob(".staging-*"))


def test_next_command_removes_stale_staging_folders(tmp_path):
    from pipelines.cli import main

    out = tmp_path / "out"
    old_state(out)
    (out / ".staging-abc" / "measures").mkdir(parents=True)
    (out / ".staging-abc" / "measures" / "fy2024.parquet").write_text("half written")
    main(["validate", "fy2099", "--out", str(out)])  # any command on DIR recovers first
    assert not (out / ".staging-abc").exists()
    assert contents(out) == expected("old")
