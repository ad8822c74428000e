"""Cleaning rows in worker processes: the reader streams batches, workers clean them.

At most two batches per worker are in flight, so memory stays flat however long the file is
(`Pool.imap` would read the whole file ahead). Fork keeps start-up cheap: the workers inherit
the imported normalisers instead of importing them again.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar, cast

from services.importer.chunks import Chunk, parse_chunk
from services.importer.clean import Cleaner, CleanRow, Note

Batch = list[tuple[int, list[str]]]
T = TypeVar("T")
_END = object()
Result = tuple[list[CleanRow], list[Note]]
_cleaner: Cleaner | None = None
_csv_format: tuple[str, str] = ("utf-8", ";")


def _init(cleaner: Cleaner, csv_format: tuple[str, str] = ("utf-8", ";")) -> None:
    global _cleaner, _csv_format
    _cleaner, _csv_format = cleaner, csv_format


def _work_chunk(chunk: Chunk, last: bool = False) -> Result:
    assert _cleaner is not None
    return _cleaner.clean_many(parse_chunk(chunk, *_csv_format), last)


def _work(batch: Batch, last: bool = False) -> Result:
    assert _cleaner is not None
    return _cleaner.clean_many(batch, last)


def batches(rows: Iterable[tuple[int, list[str]]], size: int) -> Iterator[Batch]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


def with_last(items: Iterable[T]) -> Iterator[tuple[T, bool]]:
    """Each item and whether it is the last one (the file's last row may be cut off)."""
    it = iter(items)
    previous = next(it, _END)
    while previous is not _END:
        current = next(it, _END)
        yield cast(T, previous), current is _END
        previous = current


def clean_batches(
    rows: Iterable[tuple[int, list[str]]], cleaner: Cleaner, workers: int, size: int
) -> Iterator[Result]:
    if workers <= 1:
        for batch, last in with_last(batches(rows, size)):
            yield cleaner.clean_many(batch, last)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_init, initargs=(cleaner,)) as pool:
        pending: deque[multiprocessing.pool.AsyncResult[Result]] = deque()
        for batch, last in with_last(batches(rows, size)):
            pending.append(pool.apply_async(_work, (batch, last)))
            if len(pending) >= 2 * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def clean_chunks(
    chunks: Iterable[Chunk], cleaner: Cleaner, encoding: str, delimiter: str, workers: int
) -> Iterator[Result]:
    """CSV byte chunks parsed and cleaned in the workers, results in file order."""
    context = multiprocessing.get_context("fork")
    with context.Pool(
        workers, initializer=_init, initargs=(cleaner, (encoding, delimiter))
    ) as pool:
        pending: deque[multiprocessing.pool.AsyncResult[Result]] = deque()
        for chunk, last in with_last(chunks):
            pending.append(pool.apply_async(_work_chunk, (chunk, last)))
            if len(pending) >= 2 * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
