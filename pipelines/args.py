"""Argument checks for `roadmap extract`, run before any extraction starts.

A bad argument should cost the user a second, not a 30-second extraction followed by a
traceback: edition IDs are checked against a pattern (they become file names), the output
folder is created and probed for writing, and the same input given twice (same path or the same
bytes under another name) is refused.  Each problem raises `ArgumentError`, which the CLI prints
as one line naming the argument and exits with code 3.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

# Edition IDs become file names (`<table>/<edition>.parquet`): lower-case letters, digits, dots,
# underscores and hyphens only, starting with a letter or digit, at most 64 characters.
EDITION_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,63}$"
_EDITION_RE = re.compile(EDITION_PATTERN)


class ArgumentError(Exception):
    """A command-line argument is unusable; the message names the argument."""


def say(message: str) -> None:
    """One line on stderr, prefixed like every message of the command."""
    print(f"roadmap: {message}", file=sys.stderr)


def check_edition(edition: str | None, option: str = "--edition") -> None:
    """An edition ID given by the user must match `EDITION_PATTERN` (None means: derive it)."""
    if edition is None:
        return
    if not _EDITION_RE.fullmatch(edition):
        raise ArgumentError(
            f"{option} {edition!r}: edition IDs must match {EDITION_PATTERN} "
            "(lower-case letters, digits, '.', '_', '-'; e.g. fy2024)"
        )


def is_valid_edition(edition: str) -> bool:
    return bool(_EDITION_RE.fullmatch(edition))


def check_out_dir(out: Path) -> bool:
    """Create `out` if needed and prove it is a folder we can write into; True if created."""
    if out.exists() and not out.is_dir():
        raise ArgumentError(f"--out {out}: exists and is not a folder")
    created = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out, prefix=".probe-"):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise ArgumentError(f"--out {out}: cannot write there ({reason})") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise ArgumentError(f"--out {out}: cannot write there (permission denied)")
    return created


def check_inputs(files: Sequence[Path]) -> None:
    """Refuse the same input twice: the same path, or another path with the same bytes."""
    from extract.reader import sha256_of  # imported here: it loads pdfplumber

    seen_paths: dict[Path, Path] = {}
    seen_hashes: dict[str, Path] = {}
    for path in files:
        key = path.resolve()
        if key in seen_paths:
            raise ArgumentError(f"{path}: given twice (same file as {seen_paths[key]})")
        seen_paths[key] = path
        if not path.is_file():
            continue  # the reader reports missing and odd files with its own one-line message
        digest = sha256_of(path)
        if digest in seen_hashes:
            raise ArgumentError(
                f"{path}: same content (sha256 {digest[:12]}…) as {seen_hashes[digest]}; "
                "give each document once"
            )
        seen_hashes[digest] = path


def check_extract_args(files: Sequence[Path], edition: str | None, out: Path) -> bool:
    """Every check of `roadmap extract`'s arguments, cheapest first; True if `out` was created."""
    if edition is not None and len(files) > 1:
        raise ArgumentError("--edition applies to one input file; give one file or drop --edition")
    check_edition(edition)
    check_inputs(files)
    return check_out_dir(out)
