"""A client-side limiter that keeps to the service's documented account limits.

The service refuses a call beyond its rate limit (fault 20023) and beyond its
concurrency limit (20024); both are in :mod:`.limits`. The client's retry policy
recovers from both, but every refused call still costs a round trip and the backoff
costs time, so bulk work should never trip them: a :class:`CallLimiter` makes a
thread wait for its turn instead.

It sits in the HTTP session (:func:`limited_session`), so it counts exactly what
the service counts: every attempt, retries and re-signed calls included::

    limiter = CallLimiter()  # one per Marketo instance: the limits are account-wide
    client = Client(endpoint, user_id, secret, session=limited_session(limiter))

A call is counted in the window from the moment its answer arrives. The service
admits a call at some moment between the request leaving and the answer arriving,
so a window measured from the answer is never shorter than the one the service
measures, and a call still in flight counts against the window as well. Together
that keeps the limiter on the safe side of the service's count whatever the
network delay.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from typing import TYPE_CHECKING

from requests.adapters import BaseAdapter

from generator.runtime.transport import DEFAULT_POOL_SIZE, pooled_session

from .limits import CALLS_PER_WINDOW, MAX_IN_FLIGHT, WINDOW_SECONDS

if TYPE_CHECKING:
    import httpx
    import requests

__all__ = [
    "CALLS_PER_WINDOW",
    "MAX_IN_FLIGHT",
    "WINDOW_SECONDS",
    "AsyncCallLimiter",
    "CallLimiter",
    "LimitedAdapter",
    "limited_async_client",
    "limited_session",
]

logger = logging.getLogger(__package__ or __name__)

RATE_WINDOW = WINDOW_SECONDS  # the name the retry module gave it


class _Counts:
    """The counting both limiters share: which call may start now, sans waiting."""

    def __init__(
        self,
        calls: int = CALLS_PER_WINDOW,
        window: float = WINDOW_SECONDS,
        concurrency: int = MAX_IN_FLIGHT,
    ) -> None:
        if calls < 1 or concurrency < 1 or window <= 0:
            raise ValueError(
                "calls and concurrency must be at least 1, window positive"
            )
        self.calls = calls
        self.window = window
        self.concurrency = concurrency
        self._finished: deque[float] = deque()  # when recent calls were answered
        self._in_flight = 0
        self.started = 0  # calls let through so far
        self.waited = 0.0  # seconds callers spent waiting, added up

    def _admit(self, now: float) -> float | bool | None:
        """Let one call in (``False``: it is counted as in flight now), or say how
        long to wait before asking again (``None``: until a call finishes)."""
        while self._finished and self._finished[0] <= now - self.window:
            self._finished.popleft()
        in_window = len(self._finished) + self._in_flight
        if self._in_flight < self.concurrency and in_window < self.calls:
            self._in_flight += 1
            self.started += 1
            return False
        logger.debug(
            "call limiter: %d in flight, %d in the window; waiting",
            self._in_flight,
            in_window,
        )
        if self._in_flight < self.concurrency and self._finished:
            return self._finished[0] + self.window - now
        return None  # a finishing call wakes us

    def _finished_at(self, now: float) -> None:
        self._in_flight -= 1
        self._finished.append(now)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(calls={self.calls}, window={self.window:g}, concurrency={self.concurrency})"


class CallLimiter(_Counts):
    """At most ``calls`` per rolling ``window`` seconds and ``concurrency`` at once.

    Thread-safe: share one limiter between every thread and every client that talks
    to the same instance. :meth:`slot` blocks until a call may start.

    Args:
        calls: calls allowed in any rolling window (default :data:`CALLS_PER_WINDOW`).
        window: the window in seconds (default :data:`WINDOW_SECONDS`).
        concurrency: calls allowed in flight at once (default :data:`MAX_IN_FLIGHT`).
    """

    def __init__(
        self,
        calls: int = CALLS_PER_WINDOW,
        window: float = WINDOW_SECONDS,
        concurrency: int = MAX_IN_FLIGHT,
    ) -> None:
        super().__init__(calls, window, concurrency)
        self._condition = threading.Condition()

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one call's place for the block; wait first if the limits say so."""
        self.acquire()
        try:
            yield
        finally:
            self.release()

    def acquire(self) -> None:
        """Wait until one more call fits both limits, then count it as in flight."""
        began = time.monotonic()
        with self._condition:
            while (timeout := self._admit(time.monotonic())) is not False:
                self._condition.wait(timeout)
            self.waited += time.monotonic() - began

    def release(self) -> None:
        """The call's answer arrived (or it failed): it now counts from this moment."""
        with self._condition:
            self._finished_at(time.monotonic())
            self._condition.notify_all()


class LimitedAdapter(BaseAdapter):
    """A ``requests`` adapter that takes a limiter slot around every request it sends.

    It wraps the session's own adapter, so pooling, TLS and timeouts stay as they were.
    The slot is released when the response headers arrive: the service has admitted
    and finished the call by then.
    """

    def __init__(self, inner: BaseAdapter, limiter: CallLimiter) -> None:
        super().__init__()
        self.inner = inner
        self.limiter = limiter

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: float | tuple[float, float] | tuple[float, None] | None = None,
        verify: bool | str = True,
        cert: bytes | str | tuple[bytes | str, bytes | str] | None = None,
        proxies: Mapping[str, str] | None = None,
    ) -> requests.Response:
        with self.limiter.slot():
            return self.inner.send(
                request,
                stream=stream,
                timeout=timeout,
                verify=verify,
                cert=cert,
                proxies=proxies,
            )

    def close(self) -> None:
        self.inner.close()


def limited_session(
    limiter: CallLimiter | None = None, pool_size: int = DEFAULT_POOL_SIZE
) -> requests.Session:
    """The client's usual pooled session, with every request going through ``limiter``.

    Pass it as ``Client(..., session=limited_session(limiter))``. Without a limiter a
    new one with the documented limits is made; share yours between clients of one
    instance.
    """
    session = pooled_session(pool_size)
    limiter = limiter if limiter is not None else CallLimiter()
    for prefix, adapter in list(session.adapters.items()):
        session.mount(prefix, LimitedAdapter(adapter, limiter))
    return session


class AsyncCallLimiter(_Counts):
    """:class:`CallLimiter` for coroutines: the same counting, waiting with asyncio.

    Share one between every task and every :class:`~.client.AsyncClient` of an
    instance, within one event loop; :meth:`slot` is an ``async with`` block. Pass
    :func:`limited_async_client` as an ``AsyncClient``'s ``session`` to put every
    attempt through it.
    """

    def __init__(
        self,
        calls: int = CALLS_PER_WINDOW,
        window: float = WINDOW_SECONDS,
        concurrency: int = MAX_IN_FLIGHT,
    ) -> None:
        super().__init__(calls, window, concurrency)
        self._changed: asyncio.Condition | None = None

    def _condition_async(self) -> asyncio.Condition:
        if self._changed is None:  # made inside the running loop, on first use
            self._changed = asyncio.Condition()
        return self._changed

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one call's place for the block; wait first if the limits say so."""
        await self.acquire_async()
        try:
            yield
        finally:
            await self.release_async()

    async def acquire_async(self) -> None:
        """Wait until one more call fits both limits, then count it as in flight."""
        began = time.monotonic()
        changed = self._condition_async()
        async with changed:
            while (timeout := self._admit(time.monotonic())) is not False:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(changed.wait(), timeout)
            self.waited += time.monotonic() - began

    async def release_async(self) -> None:
        """The call's answer arrived (or it failed): it now counts from this moment."""
        changed = self._condition_async()
        async with changed:
            self._finished_at(time.monotonic())
            changed.notify_all()


def limited_async_client(
    limiter: AsyncCallLimiter | None = None, pool_size: int = DEFAULT_POOL_SIZE
) -> httpx.AsyncClient:
    """:func:`limited_session` for :class:`~.client.AsyncClient` (needs httpx): the
    usual bounded pool, every request taking a ``limiter`` slot until its answer's
    headers arrive. Pass it as ``AsyncClient(..., session=limited_async_client())``;
    it is yours to close (``async with``)."""
    from generator.runtime.async_transport import pooled_client

    limiter = limiter if limiter is not None else AsyncCallLimiter()
    limited = _limited_transport()
    return pooled_client(pool_size, wrap=lambda pool: limited(pool, limiter))


@functools.cache
def _limited_transport() -> (
    Callable[[httpx.AsyncBaseTransport, AsyncCallLimiter], httpx.AsyncBaseTransport]
):
    import httpx

    class LimitedTransport(httpx.AsyncBaseTransport):
        """Takes a limiter slot around every request its inner transport sends."""

        def __init__(
            self, inner: httpx.AsyncBaseTransport, limiter: AsyncCallLimiter
        ) -> None:
            self.inner = inner
            self.limiter = limiter

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            async with self.limiter.slot():
                return await self.inner.handle_async_request(request)

        async def aclose(self) -> None:
            await self.inner.aclose()

    return LimitedTransport
