"""Exit codes of every `roadmap` command: the one table the CLI uses and README documents.

Standard library only, so the CLI can load it before the heavy packages and still answer
Ctrl-C cleanly. `tests/test_shared_primitives.py` checks that README's "Exit codes" table
lists exactly these codes with these meanings.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_BAD_INPUT = 2
EXIT_BAD_ARGS = 3
EXIT_INTERRUPTED = 130

MEANINGS = {
    EXIT_OK: "success (there may be warnings, and validation errors without `--strict`, on stderr)",
    EXIT_INVALID: "validation found errors and `--strict` was given (`extract` then publishes "
    "nothing); `crosscheck`: the two extractions differ",
    EXIT_BAD_INPUT: "unusable input: missing, not a PDF, encrypted, damaged beyond repair, not "
    "the roadmap; an edition not found in the output folder",
    EXIT_BAD_ARGS: "bad arguments: usage error, bad edition ID, unusable `--out`, the same "
    "input twice",
    EXIT_INTERRUPTED: "interrupted (Ctrl-C); the message says whether the output is unchanged "
    "or complete",
}
