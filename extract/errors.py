"""Errors that the CLI reports as one line, without a traceback."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """The input file cannot be processed; the message names the file and the problem."""

    def __init__(self, path: str | Path, problem: str) -> None:
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")
