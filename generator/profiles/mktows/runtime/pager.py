"""Paging machinery: pages, the pager, and how an operation pages.

The generated ``paging`` module describes each paged operation of the WSDL with a
:class:`PagedOperation` and re-exports these names.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, fields, is_dataclass
from inspect import isawaitable, iscoroutine
from typing import Any, Generic, TypeVar

from generator.runtime.operation import AsyncCaller, Caller, Operation
from generator.runtime.values import Nil

from .errors import StreamAtEndError
from .progress import Progress

__all__ = ["Page", "PagedOperation", "Pager", "Pages", "is_empty"]

Record = TypeVar("Record")
Position = TypeVar("Position")
Request = TypeVar("Request")
Success = TypeVar("Success")


@dataclass(frozen=True)
class Page(Generic[Record, Position]):
    """One page: its records, the position after it, and what it says is left.

    ``remaining`` is the page's ``remainingCount`` (``None`` where the operation has
    none; for activity with several types the service documents it as a hint
    only), ``more`` its ``hasMore``.
    """

    records: list[Record]
    position: Position | None
    remaining: int | None = None
    more: bool | None = None

    @property
    def has_more(self) -> bool:
        """Whether the service says more follows (unknown counts as yes)."""
        if self.more is not None:
            return self.more
        return self.remaining is None or self.remaining > 0


@dataclass(frozen=True)
class PagedOperation(Generic[Request, Success, Record, Position]):
    """How one operation pages: its wire operation, how to read a page, and how to
    ask for the next one (the request with the position field replaced)."""

    operation: Operation[Success]
    read_page: Callable[[Success], Page[Record, Position]]
    at: Callable[[Request, Position], Request]


class Pager(Generic[Record, Position]):
    """Records of a paged operation, fetched a page at a time as you iterate.

    Iterate it for records (``async for`` when its client is an ``AsyncClient``),
    or call :meth:`pages` for whole pages; a pager is read once. :attr:`position` is where the next page starts, counted in whole pages
    handed out: a record loop that stops in the middle of a page resumes at the
    start of that page (records are repeated, never lost). :attr:`finished` is set
    once the stream is done; a finished ``streamPosition`` stream has nothing to
    resume, while a ``startPosition`` (getLeadChanges) can be polled again later
    from :attr:`position` for what happened since.
    """

    def __init__(
        self,
        client: Caller | AsyncCaller,
        paged: PagedOperation[Any, Any, Record, Position],
        request: Any,
        position: Position | None,
        progress: Progress | None = None,
        headers: dict[str, Any] | None = None,
    ) -> None:
        self.client = client
        self.paged = paged
        self.position = position
        self.finished = False
        self.pages_read = 0
        self.records_read = 0
        self._request = request
        self._progress = progress
        self._headers = {k: v for k, v in (headers or {}).items() if v is not None}
        self._started = False

    @property
    def operation(self) -> str:
        return self.paged.operation.name

    def __iter__(self) -> Iterator[Record]:
        for page, last in self._fetch():
            yield from self._records(page, last)

    async def __aiter__(self) -> AsyncIterator[Record]:
        """``async for record in pager``, for a pager of an ``AsyncClient``."""
        async for page, last in self._fetch_async():
            for record in self._records(page, last):
                yield record

    def pages(self) -> Pages[Record, Position]:
        """The pages themselves (``for`` or ``async for``); :attr:`position` is after
        each page as you get it."""
        return Pages(self)

    def _records(self, page: Page[Record, Position], last: bool) -> Iterator[Record]:
        if not page.records:
            self._handed_out(page, last)
        for index, record in enumerate(page.records):
            if index == len(page.records) - 1:
                self._handed_out(page, last)
            yield record

    def _handed_out(self, page: Page[Record, Position], last: bool) -> None:
        self.position = page.position
        self.finished = last

    def _fetch(self) -> Iterator[tuple[Page[Record, Position], bool]]:
        """Pages and whether each is the last; ends quietly on 20123."""
        request, sent = self._start(), self.position
        while True:
            try:
                response = self.client.call(
                    self.paged.operation, request, **self._headers
                )
            except StreamAtEndError:  # 20123: nothing after this position
                self.finished = True
                return
            if isawaitable(response):
                if iscoroutine(response):
                    response.close()  # never awaited: no call was made
                raise TypeError("a pager of an AsyncClient is read with 'async for'")
            page, last = self._read(response, sent)
            yield page, last
            if last or page.position is None:
                return
            request, sent = self.paged.at(request, page.position), page.position

    async def _fetch_async(
        self,
    ) -> AsyncIterator[tuple[Page[Record, Position], bool]]:
        """:meth:`_fetch` for an ``AsyncClient``: the same stop rules."""
        request, sent = self._start(), self.position
        while True:
            call = self.client.call(self.paged.operation, request, **self._headers)
            if not isawaitable(call):
                raise TypeError("a pager of a Client is read with 'for'")
            try:
                response = await call
            except StreamAtEndError:  # 20123: nothing after this position
                self.finished = True
                return
            page, last = self._read(response, sent)
            yield page, last
            if last or page.position is None:
                return
            request, sent = self.paged.at(request, page.position), page.position

    def _start(self) -> Any:
        if self._started:
            raise RuntimeError("a Pager is read once; start a new one from .position")
        self._started = True
        return self._request

    def _read(
        self, response: Any, sent: Position | None
    ) -> tuple[Page[Record, Position], bool]:
        """The page of ``response`` and whether it is the last (the stop rules)."""
        page = self.paged.read_page(response)
        self.pages_read += 1
        self.records_read += len(page.records)
        stalled = not page.records and page.position == sent
        last = not page.has_more or is_empty(page.position) or stalled
        if self._progress is not None:
            total = (
                self.records_read + page.remaining
                if page.remaining is not None
                else None
            )
            self._progress(self.records_read, self.records_read if last else total)
        return page, last

    def __repr__(self) -> str:
        return f"Pager({self.operation}, pages_read={self.pages_read}, finished={self.finished})"


def is_empty(position: object) -> bool:
    """An empty position: absent, nil, ``""``, or a structure of nothing but those."""
    if position is None or isinstance(position, Nil) or position == "":
        return True
    if is_dataclass(position) and not isinstance(position, type):
        return all(
            is_empty(getattr(position, f.name))
            for f in fields(position)
            if f.name != "unknown_elements"
        )
    return False


class Pages(Generic[Record, Position]):
    """A pager's pages, an iterator (``for``, ``next``) for a ``Client`` and an async
    iterator (``async for``, ``anext``) for an ``AsyncClient``."""

    def __init__(self, pager: Pager[Record, Position]) -> None:
        self.pager = pager
        self._sync: Iterator[Page[Record, Position]] | None = None
        self._async: AsyncIterator[Page[Record, Position]] | None = None

    def __iter__(self) -> Iterator[Page[Record, Position]]:
        return self

    def __next__(self) -> Page[Record, Position]:
        if self._sync is None:
            self._sync = self._pages()
        return next(self._sync)

    def __aiter__(self) -> AsyncIterator[Page[Record, Position]]:
        return self

    async def __anext__(self) -> Page[Record, Position]:
        if self._async is None:
            self._async = self._pages_async()
        return await anext(self._async)

    def _pages(self) -> Iterator[Page[Record, Position]]:
        for page, last in self.pager._fetch():
            self.pager._handed_out(page, last)
            yield page

    async def _pages_async(self) -> AsyncIterator[Page[Record, Position]]:
        async for page, last in self.pager._fetch_async():
            self.pager._handed_out(page, last)
            yield page
