"""Read the pages of a PDF in a pool of processes, one chunk of page numbers per task.

Workers are sent page numbers and return plain `PageData` (frozen dataclasses pickle cheaply),
in page order, so the result is the serial result; a test checks that. Each worker opens the
PDF itself: parsed PDF handles cannot cross processes.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor

from extract.errors import InputError
from extract.models import PageData

ChunkReader = Callable[[str, Sequence[int]], list[PageData]]
PagesDone = Callable[[int], None]
TASKS_PER_WORKER = 4  # small chunks balance the load and let the progress bar move
MIN_PAGES_PER_WORKER = 4  # below this, starting processes costs more than it saves


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def chunks(count: int, workers: int) -> list[list[int]]:
    """0-based page indices in contiguous chunks, about TASKS_PER_WORKER per worker."""
    size = max(1, -(-count // (workers * TASKS_PER_WORKER)))
    return [list(range(start, min(start + size, count))) for start in range(0, count, size)]


def _run_chunk(reader: ChunkReader, path: str, indices: Sequence[int]):
    """In the worker: an `InputError` comes back as a value (its constructor does not pickle)."""
    try:
        return reader(path, indices)
    except InputError as exc:
        return InputError.__name__, exc.problem


def read_all(
    reader: ChunkReader,
    path: str,
    count: int,
    workers: int | None = None,
    on_pages: PagesDone | None = None,
) -> tuple[PageData, ...]:
    """All `count` pages of `path` through `reader`, in parallel when that pays off."""
    workers = min(workers or available_cores(), max(1, count // MIN_PAGES_PER_WORKER))
    done = on_pages or (lambda _n: None)
    parts = chunks(count, workers)
    if workers <= 1:
        results = []
        for part in parts:
            results.append(reader(path, part))
            done(len(part))
        return tuple(page for result in results for page in result)
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(workers, mp_context=context)
    try:
        futures = [pool.submit(_run_chunk, reader, path, part) for part in parts]
        results = []
        for part, future in zip(parts, futures, strict=True):
            result = future.result()
            if isinstance(result, tuple):
                raise InputError(path, result[1])
            results.append(result)
            done(len(part))
    finally:  # also on Ctrl-C or an error: drop the queued chunks instead of reading them
        pool.shutdown(wait=True, cancel_futures=True)
    return tuple(page for result in results for page in result)
