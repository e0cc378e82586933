"""Progress of the stages: a bar per stage on a terminal, plain lines otherwise, or nothing.

`make_reporter` picks the form: rich progress bars when stdout is a terminal, one line per
finished stage when it is not (logs and pipes stay readable), nothing with `--quiet`;
`--verbose` adds details (cache hits and misses, pages per second, workers).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TextIO


class Reporter:
    """Plain lines: one per finished stage. Also the interface of the other reporters."""

    def __init__(self, stream: TextIO | None = None, verbose: bool = False) -> None:
        self.stream = stream
        self.verbose = verbose

    def _write(self, text: str) -> None:
        print(text, file=self.stream or sys.stdout, flush=True)

    def say(self, text: str) -> None:
        """A normal line of output (file names, summaries)."""
        self._write(text)

    def detail(self, text: str) -> None:
        """A line only shown with --verbose."""
        if self.verbose:
            self._write(f"    {text}")

    def start(self, stage: str, total: int | None = None) -> None:
        """A stage begins; `total` is its number of steps (pages) when known."""

    def advance(self, stage: str, done: int, total: int) -> None:
        """`done` of `total` steps of `stage` are finished."""

    def finish(self, stage: str, seconds: float, cached: bool = False) -> None:
        self._write(f"  {stage:<10} {'cached' if cached else f'{seconds:6.2f} s'}")

    def close(self) -> None:
        """Called once at the end of a command."""


class QuietReporter(Reporter):
    """--quiet: nothing at all (errors still go to stderr, outside the reporter)."""

    def _write(self, text: str) -> None:
        pass


class CallbackReporter(Reporter):
    """Lines handed to a function, for callers that pass `progress=print`-style callables."""

    def __init__(self, callback: Callable[[str], None]) -> None:
        super().__init__()
        self.callback = callback

    def _write(self, text: str) -> None:
        self.callback(text)


class BarReporter(Reporter):
    """rich progress bars, one per stage, kept on screen when the stage is done."""

    def __init__(self, stream: TextIO | None = None, verbose: bool = False) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        super().__init__(stream, verbose)
        self.console = Console(file=stream or sys.stdout)
        self.bars = Progress(
            TextColumn("  {task.description:<10}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[note]}"),
            console=self.console,
        )
        self.tasks: dict[str, int] = {}
        self.bars.start()

    def _write(self, text: str) -> None:
        self.bars.console.print(text, highlight=False, markup=False)

    def start(self, stage: str, total: int | None = None) -> None:
        self.tasks[stage] = self.bars.add_task(stage, total=total or 1, note="")

    def advance(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            self.start(stage, total)
        self.bars.update(self.tasks[stage], completed=done, total=total)

    def finish(self, stage: str, seconds: float, cached: bool = False) -> None:
        if stage not in self.tasks:
            self.start(stage)
        task = self.tasks.pop(stage)
        total = self.bars.tasks[task].total or 1
        note = "cached" if cached else f"{seconds:.2f} s"
        self.bars.update(task, completed=total, note=note)
        self.bars.stop_task(task)

    def close(self) -> None:
        self.bars.stop()


def make_reporter(
    quiet: bool = False, verbose: bool = False, stream: TextIO | None = None
) -> Reporter:
    """Bars on a terminal, lines otherwise, nothing when quiet."""
    stream = stream or sys.stdout
    if quiet:
        return QuietReporter()
    if stream.isatty():
        return BarReporter(stream, verbose)
    return Reporter(stream, verbose)


def as_reporter(progress: Reporter | Callable[[str], None] | None) -> Reporter:
    """Accept a reporter, a print-like callable (older callers and tests) or None (silent)."""
    if isinstance(progress, Reporter):
        return progress
    if progress is None:
        return QuietReporter()
    return CallbackReporter(progress)
