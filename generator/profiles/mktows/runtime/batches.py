"""Bulk machinery: batch limits, results, failures and the chunked, threaded run.

The generated ``bulk`` module wraps each batched operation of the WSDL with these
and re-exports the public names.
"""

from __future__ import annotations

import asyncio
from collections import Counter, deque
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sized
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import Enum
from itertools import islice
from typing import Any, Generic, TypeVar

from .errors import MktowsError
from .progress import Progress

__all__ = [
    "BatchLimit",
    "BatchLimitError",
    "BulkError",
    "BulkResult",
    "FailedCall",
    "Failure",
    "chunks",
    "outcome_text",
    "run_chunks",
    "run_chunks_async",
]

Item = TypeVar("Item")
Status = TypeVar("Status")


@dataclass(frozen=True)
class BatchLimit:
    """How many records one call of an operation takes, as documented."""

    operation: str
    chunk_size: int  # the default
    maximum: int | None  # a hard limit; None where the size is a recommendation
    rule: str

    def check(self, chunk_size: int) -> None:
        """Refuse a chunk size the service would refuse, before anything is sent."""
        if chunk_size < 1:
            raise ValueError(
                f"{self.operation}: chunk_size must be at least 1, got {chunk_size}"
            )
        if self.maximum is not None and chunk_size > self.maximum:
            raise BatchLimitError(
                f"{self.operation} takes at most {self.maximum} records per call ({self.rule}); "
                f"chunk_size={chunk_size} would send more, so nothing was sent"
            )


class BatchLimitError(MktowsError, ValueError):
    """A batch larger than the operation's documented maximum; nothing was sent."""


@dataclass(frozen=True)
class Failure(Generic[Status]):
    """A record the service did not apply: where it was in the input, and why.

    ``count`` is 1 for a per-record status; for an operation that answers once per
    call it is the size of the call, starting at ``index``.
    """

    index: int
    count: int
    outcome: str
    error: str | None
    status: Status | None  # None for a record the answer left out (``UNANSWERED``)


@dataclass
class BulkResult(Generic[Status]):
    """Everything a bulk write did, in input order.

    ``statuses`` holds one status per record (one per call for operations that
    answer per call); ``counts`` tallies their outcomes (``CREATED``, ``UPDATED``,
    ``FAILED``, ... or ``true``/``false``); ``failures`` lists each failed one.
    """

    operation: str
    statuses: list[Status] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    failures: list[Failure[Status]] = field(default_factory=list)
    records: int = 0  # records sent and answered
    calls: int = 0

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        """One line, e.g. ``syncMultipleLeads: 10000 records in 34 calls: CREATED 9990, FAILED 10``."""
        tally = ", ".join(
            f"{outcome} {count}" for outcome, count in sorted(self.counts.items())
        )
        return f"{self.operation}: {self.records} records in {self.calls} calls: {tally or 'nothing done'}"

    def _add(
        self,
        start: int,
        count: int,
        statuses: list[Status],
        outcome: Callable[[Status], tuple[str, str | None]],
        per_record: bool,
    ) -> None:
        for offset, status in enumerate(statuses):
            text, error = outcome(status)
            self.statuses.append(status)
            self.counts[text] += 1 if per_record else count
            if text == "FAILED" or (text == "false" and not per_record):
                index, size = (start + offset, 1) if per_record else (start, count)
                self.failures.append(Failure(index, size, text, error, status))
        missing = count - len(statuses) if per_record else 0
        for index in range(start + count - missing, start + count):
            self.counts["UNANSWERED"] += 1
            self.failures.append(
                Failure(index, 1, "UNANSWERED", "the answer had no status for it", None)
            )
        self.records += count
        self.calls += 1


@dataclass(frozen=True)
class FailedCall:
    """A call that raised (after the client's retries): its records were not answered."""

    index: int
    count: int
    error: MktowsError


class BulkError(MktowsError):
    """A call failed outright, so the run stopped.

    ``result`` is what was answered before (and alongside) it; ``failed`` lists the
    calls that raised, with the input range each one covered. Records after those
    were not sent.
    """

    def __init__(self, result: BulkResult[Any], failed: list[FailedCall]) -> None:
        first = failed[0]
        super().__init__(
            f"{result.operation}: the call with records {first.index}-{first.index + first.count - 1} "
            f"failed ({type(first.error).__name__}: {first.error}); {result.records} records "
            "were answered before the run stopped"
        )
        self.result = result
        self.failed = failed


class _Collector(Generic[Status]):
    """Answers gathered in input order, and the calls that raised: what both the
    threaded and the asyncio run do with each chunk's outcome."""

    def __init__(
        self,
        operation: str,
        items: Iterable[Any],
        outcome: Callable[[Status], tuple[str, str | None]],
        per_record: bool,
        progress: Progress | None,
    ) -> None:
        self.result: BulkResult[Status] = BulkResult(operation)
        self.failed: list[FailedCall] = []
        self.total = len(items) if isinstance(items, Sized) else None
        self.outcome = outcome
        self.per_record = per_record
        self.progress = progress

    def answered(self, start: int, count: int, statuses: list[Status]) -> None:
        self.result._add(start, count, statuses, self.outcome, self.per_record)
        if self.progress is not None:
            self.progress(self.result.records, self.total)

    def raised(self, start: int, count: int, error: MktowsError) -> None:
        self.failed.append(FailedCall(start, count, error))

    def finish(self) -> BulkResult[Status]:
        if self.failed:
            raise BulkError(self.result, self.failed) from self.failed[0].error
        return self.result


def run_chunks(
    operation: str,
    items: Iterable[Item],
    chunk_size: int,
    send: Callable[[list[Item]], list[Status]],
    outcome: Callable[[Status], tuple[str, str | None]],
    *,
    per_record: bool,
    workers: int = 1,
    progress: Progress | None = None,
) -> BulkResult[Status]:
    """Send ``items`` ``chunk_size`` at a time, up to ``workers`` calls at once.

    Reads the input lazily: at most ``workers`` chunks are held at a time, so an
    input larger than memory is fine. Results are kept in input order.
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    collector = _Collector(operation, items, outcome, per_record, progress)
    pending: deque[tuple[int, int, Future[list[Status]]]] = deque()

    def collect() -> None:
        start, count, future = pending.popleft()
        try:
            statuses = future.result()
        except MktowsError as error:
            collector.raised(start, count, error)
            return
        collector.answered(start, count, statuses)

    with ThreadPoolExecutor(
        max_workers=workers, thread_name_prefix=f"mktows-{operation}"
    ) as pool:
        for start, chunk in chunks(items, chunk_size):
            if collector.failed:
                break
            pending.append((start, len(chunk), pool.submit(send, chunk)))
            if len(pending) >= workers:
                collect()
        while pending:
            collect()
    return collector.finish()


async def run_chunks_async(
    operation: str,
    items: Iterable[Item],
    chunk_size: int,
    send: Callable[[list[Item]], Awaitable[list[Status]]],
    outcome: Callable[[Status], tuple[str, str | None]],
    *,
    per_record: bool,
    in_flight: int = 1,
    progress: Progress | None = None,
) -> BulkResult[Status]:
    """:func:`run_chunks` for an ``AsyncClient``: up to ``in_flight`` chunks sent at
    once as tasks of the running loop, the same results in the same order. If the
    run is cancelled, the chunks in flight are cancelled too."""
    if in_flight < 1:
        raise ValueError(f"in_flight must be at least 1, got {in_flight}")
    collector = _Collector(operation, items, outcome, per_record, progress)
    pending: deque[tuple[int, int, asyncio.Task[list[Status]]]] = deque()

    async def collect() -> None:
        start, count, task = pending.popleft()
        try:
            statuses = await task
        except MktowsError as error:
            collector.raised(start, count, error)
            return
        collector.answered(start, count, statuses)

    try:
        for start, chunk in chunks(items, chunk_size):
            if collector.failed:
                break
            task = asyncio.ensure_future(send(chunk))
            pending.append((start, len(chunk), task))
            if len(pending) >= in_flight:
                await collect()
        while pending:
            await collect()
    finally:
        for _, _, task in pending:
            task.cancel()
    return collector.finish()


def chunks(items: Iterable[Item], size: int) -> Iterator[tuple[int, list[Item]]]:
    """``(index of the first, chunk)`` for consecutive chunks of ``size`` items."""
    iterator = iter(items)
    start = 0
    while chunk := list(islice(iterator, size)):
        yield start, chunk
        start += len(chunk)


def outcome_text(value: object) -> str:
    """A status as text: an enum's value, ``true``/``false``, or ``""`` when absent."""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)
