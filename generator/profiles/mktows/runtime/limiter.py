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

import logging
import threading
import time
from collections import deque
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING

from requests.adapters import BaseAdapter

from generator.runtime.transport import DEFAULT_POOL_SIZE, pooled_session

from .limits import CALLS_PER_WINDOW, MAX_IN_FLIGHT, WINDOW_SECONDS

if TYPE_CHECKING:
    import requests

__all__ = [
    "CALLS_PER_WINDOW",
    "MAX_IN_FLIGHT",
    "WINDOW_SECONDS",
    "CallLimiter",
    "LimitedAdapter",
    "limited_session",
]

logger = logging.getLogger(__package__ or __name__)

RATE_WINDOW = WINDOW_SECONDS  # the name the retry module gave it


class CallLimiter:
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
        if calls < 1 or concurrency < 1 or window <= 0:
            raise ValueError(
                "calls and concurrency must be at least 1, window positive"
            )
        self.calls = calls
        self.window = window
        self.concurrency = concurrency
        self._condition = threading.Condition()
        self._finished: deque[float] = deque()  # when recent calls were answered
        self._in_flight = 0
        self.started = 0  # calls let through so far
        self.waited = 0.0  # seconds threads spent waiting, added up

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
            while True:
                now = time.monotonic()
                while self._finished and self._finished[0] <= now - self.window:
                    self._finished.popleft()
                in_window = len(self._finished) + self._in_flight
                if self._in_flight < self.concurrency and in_window < self.calls:
                    break
                timeout = None  # a finishing call wakes us
                if self._in_flight < self.concurrency and self._finished:
                    timeout = self._finished[0] + self.window - now
                logger.debug(
                    "call limiter: %d in flight, %d in the window; waiting",
                    self._in_flight,
                    in_window,
                )
                self._condition.wait(timeout)
            self._in_flight += 1
            self.started += 1
            self.waited += time.monotonic() - began

    def release(self) -> None:
        """The call's answer arrived (or it failed): it now counts from this moment."""
        with self._condition:
            self._in_flight -= 1
            self._finished.append(time.monotonic())
            self._condition.notify_all()

    def __repr__(self) -> str:
        return f"CallLimiter(calls={self.calls}, window={self.window:g}, concurrency={self.concurrency})"


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
