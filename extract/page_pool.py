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
from dataclasses import fields

from extract.errors import InputError
from extract.models import PageData, Rect, Word

ChunkReader = Callable[[str, Sequence[int]], list[PageData]]
PagesDone = Callable[[int, int], None]  # (pages done, pages in all)
TASKS_PER_WORKER = 4  # small chunks balance the load and let the progress bar move
MIN_PAGES_PER_WORKER = 4  # below this, starting processes costs more than it saves
WORD_FIELDS = tuple(f.name for f in fields(Word))
RECT_FIELDS = tuple(f.name for f in fields(Rect))


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def chunks(count: int, workers: int) -> list[list[int]]:
    """0-based page indices in contiguous chunks, about TASKS_PER_WORKER per worker."""
    size = max(1, -(-count // (workers * TASKS_PER_WORKER)))
    return [list(range(start, min(start + size, count))) for start in range(0, count, size)]


def _plain(page: PageData) -> tuple:
    """A page as nested tuples of str/float/bool: pickles several times faster than objects."""
    return (
        page.page,
        page.width,
        page.height,
        [tuple(getattr(w, f) for f in WORD_FIELDS) for w in page.words],
        [tuple(getattr(g, f) for f in RECT_FIELDS) for g in page.graphics],
    )


def _unplain(data: tuple) -> PageData:
    number, width, height, words, graphics = data
    return PageData(
        number, width, height, tuple(Word(*w) for w in words), tuple(Rect(*g) for g in graphics)
    )


def _run_chunk(reader: ChunkReader, path: str, indices: Sequence[int]):
    """In the worker: plain pages, or the problem of an `InputError` (which does not pickle)."""
    try:
        return [_plain(page) for page in reader(path, indices)]
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
    report = on_pages or (lambda _done, _total: None)
    parts = chunks(count, workers)
    report(0, count)
    results: list[list[PageData]] = []

    def finished(result: list[PageData]) -> None:
        results.append(result)
        report(sum(map(len, results)), count)

    if workers <= 1:
        for part in parts:
            finished(reader(path, part))
        return tuple(page for result in results for page in result)
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(workers, mp_context=context)
    try:
        for future in [pool.submit(_run_chunk, reader, path, part) for part in parts]:
            result = future.result()
            if isinstance(result, tuple):
                raise InputError(path, result[1])
            finished([_unplain(page) for page in result])
    finally:  # also on Ctrl-C or an error: drop the queued chunks instead of reading them
        pool.shutdown(wait=True, cancel_futures=True)
    return tuple(page for result in results for page in result)
