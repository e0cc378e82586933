"""Crash-safe publishing of an output folder: staging, a journal, renames, recovery.

A run publishes its files in four steps:

1. write every file into a fresh `DIR/.staging-<id>/` folder (same file system) and fsync it;
2. write `DIR/.journal-<id>.json` (the list of renames and removals) via a temporary file,
   fsync, and an atomic rename: this is the commit point;
3. apply the journal: `os.replace` each staged file onto its target, remove the edition's files
   the new run no longer produces;
4. delete the journal and the staging folder.

Every command that touches `DIR` first calls `recover`, which **rolls forward** any journal it
finds (the renames are idempotent, so a crash during recovery is recovered the same way) and then
deletes every `.staging-*` folder that no journal refers to (a run killed before its commit point
is rolled back: the old files were never touched).  So after a kill at any instant, once the next
command has run, `DIR` holds either every old file or every new one.

A lock (`flock` on the folder itself) keeps two commands from publishing or recovering at once.
SIGINT and SIGTERM are held back between the commit point and the end of the renames, so Ctrl-C
never interrupts half-way; SIGKILL and power loss are what the journal is for.

Fault injection: with `ROADMAP_FAULT_AT=k` in the environment the process exits abruptly
(`os._exit`) just before its k-th file operation here; tests use it to kill a publish at every
step.  This module imports only the standard library, so such test runs are fast.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

FAULT_ENV = "ROADMAP_FAULT_AT"
FAULT_EXIT = 86
STAGING_PREFIX = ".staging-"
JOURNAL_PREFIX = ".journal-"

_operations = 0


class InterruptedAfterPublish(KeyboardInterrupt):
    """Ctrl-C arrived while publishing; it was held back until every file was in place."""


def fault_point() -> None:
    """Count one file operation; exit abruptly at the one named by `ROADMAP_FAULT_AT`."""
    global _operations
    at = os.environ.get(FAULT_ENV)
    if not at:
        return
    _operations += 1
    if _operations == int(at):
        os._exit(FAULT_EXIT)


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on `out_dir` (released by the kernel if the process dies)."""
    import fcntl  # POSIX only; imported here so the module still imports elsewhere

    fd = os.open(out_dir, os.O_RDONLY)  # the folder itself: no lock file to leave behind
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


@contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold back SIGINT/SIGTERM inside the block; they take effect when it ends.

    Python-level handlers, not a signal mask: a mask is per thread, and the kernel would hand
    the signal to another thread (pyarrow's, pdfium's) whose handler still interrupts us."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    held = (signal.SIGINT, signal.SIGTERM)
    previous = {sig: signal.signal(sig, lambda num, _frame: received.append(num)) for sig in held}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for sig in dict.fromkeys(received):
            signal.raise_signal(sig)  # now handled as it would have been (KeyboardInterrupt, ...)


def _apply(out_dir: Path, plan: dict) -> None:
    """Roll a journal forward: move every staged file that is still staged, drop removals."""
    staging = out_dir / plan["staging"]
    for rel in plan["moves"]:
        source = staging / rel
        if source.exists():
            (out_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            fault_point()
            os.replace(source, out_dir / rel)
    for rel in plan["removes"]:
        fault_point()
        (out_dir / rel).unlink(missing_ok=True)
    for folder in {(out_dir / rel).parent for rel in plan["moves"]} | {out_dir}:
        _fsync_path(folder)


def _recover_locked(out_dir: Path) -> list[str]:
    notes = []
    for journal in sorted(out_dir.glob(f"{JOURNAL_PREFIX}*.json")):
        plan = json.loads(journal.read_text(encoding="utf-8"))
        _apply(out_dir, plan)
        fault_point()
        journal.unlink()
        notes.append(
            f"{out_dir}: completed an interrupted publish of {', '.join(plan['editions'])}"
        )
    for leftover in out_dir.glob(f"{JOURNAL_PREFIX}*.tmp"):
        leftover.unlink(missing_ok=True)  # a journal that never reached its commit point
    for staging in out_dir.glob(f"{STAGING_PREFIX}*"):
        fault_point()
        shutil.rmtree(staging, ignore_errors=True)
    return notes


def recover(out_dir: Path) -> list[str]:
    """Roll forward leftover journals and delete stale staging folders; say what was done."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        return []
    with locked(out_dir):
        return _recover_locked(out_dir)


def _stale(out_dir: Path, moves: list[str], editions: Iterable[str]) -> list[str]:
    """Files of the published editions that the new run does not write (they must go too)."""
    new = set(moves)
    old = {
        str(p.relative_to(out_dir))
        for ed in editions
        for pattern in (f"*/{ed}.parquet", f"*/{ed}.json")
        for p in out_dir.glob(pattern)
        if not p.parent.name.startswith(".")
    }
    return sorted(old - new)


def _write_journal(out_dir: Path, name: str, plan: dict) -> None:
    """Write the journal atomically and durably: temp file, fsync, rename, fsync the folder."""
    tmp = out_dir / f"{name}.tmp"
    fault_point()
    with tmp.open("w", encoding="utf-8") as handle:
        json.dump(plan, handle, indent=1)
        handle.flush()
        os.fsync(handle.fileno())
    fault_point()
    os.replace(tmp, out_dir / name)
    _fsync_path(out_dir)


def publish_staged(
    out_dir: Path, editions: list[str], stage: Callable[[Path], list[str]]
) -> list[Path]:
    """Let `stage(folder)` write files (returning their paths relative to `folder`), then
    publish them all into `out_dir` at once; return the published paths."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    committed = False
    with locked(out_dir):
        _recover_locked(out_dir)
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir))
        try:
            moves = [str(rel) for rel in stage(staging)]
            for rel in moves:
                fault_point()
                _fsync_path(staging / rel)
            plan = {
                "staging": staging.name,
                "editions": list(editions),
                "moves": moves,
                "removes": _stale(out_dir, moves, editions),
            }
            journal = f"{JOURNAL_PREFIX}{staging.name[len(STAGING_PREFIX) :]}.json"
            with signals_deferred():
                _write_journal(out_dir, journal, plan)
                committed = True
                _apply(out_dir, plan)
                fault_point()
                (out_dir / journal).unlink()
        except KeyboardInterrupt:
            if committed:
                _recover_locked(out_dir)  # make sure the journal was applied in full
                raise InterruptedAfterPublish() from None
            raise
        finally:
            fault_point()
            shutil.rmtree(staging, ignore_errors=True)
    return [out_dir / rel for rel in moves]
