"""HTTP transport on ``httpx.AsyncClient``: the async twin of :mod:`.transport`.

It sends the same bytes with the same SOAP headers (:mod:`.plan` builds both), and
applies the same rules: redirects are never followed (a 3xx raises
:class:`~.exceptions.TransportError` naming its ``Location``), a response is read in
chunks and refused past ``max_response_bytes``, and every attempt has a total
``deadline`` (default 120 s) on top of the per-read ``timeout``. Here the deadline
covers the whole attempt: waiting for a pooled connection, connecting, sending, the
headers and the body.

The pool the transport makes itself holds at most ``pool_size`` connections
(default 10, a common service concurrency limit); a call that needs one more waits for a
free one. :meth:`AsyncTransport.aclose` closes it. An ``httpx.AsyncClient`` of your
own (proxies, TLS settings, your own limits) may be passed instead; it is then
yours to close. Cancelling a call (``asyncio.wait_for``, ``Task.cancel``) closes
that call's connection and leaves the pool usable.

``httpx`` is an optional dependency (the package's ``async`` extra): it is
imported when the first :class:`AsyncTransport` is made, never when the package
or the sync client is imported.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .plan import (
    BoundedBody,
    TransportOptions,
    failed,
    late,
    log_request,
    log_response,
    redirected,
    soap_headers,
)
from .transport import DEFAULT_DEADLINE, DEFAULT_POOL_SIZE, DEFAULT_TIMEOUT
from .transport import MAX_RESPONSE_BYTES as MAX_RESPONSE_BYTES

if TYPE_CHECKING:
    import httpx

__all__ = ["AsyncTransport", "pooled_client"]

MISSING = (
    "the async client needs httpx: install it with "
    "pip install 'httpx>=0.27,<1' (the generated package's 'async' extra)"
)


def _httpx() -> object:
    try:
        import httpx
    except ImportError:
        raise ImportError(MISSING) from None
    return httpx


class AsyncTransport(TransportOptions):
    """POST SOAP envelopes to one endpoint from coroutines; one per event loop."""

    def __init__(
        self,
        endpoint: str,
        client: httpx.AsyncClient | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        *,
        deadline: float = DEFAULT_DEADLINE,
        pool_size: int = DEFAULT_POOL_SIZE,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
    ) -> None:
        super().__init__(endpoint, timeout, deadline, pool_size, max_response_bytes)
        _httpx()  # fail here, at construction, when httpx is missing
        self._client = client
        self._own = client is None

    @property
    def client(self) -> httpx.AsyncClient:
        """The ``httpx.AsyncClient`` calls go through: the caller's, or one made on first use."""
        if self._client is None:
            self._client = pooled_client(self.pool_size, self.timeout)
        return self._client

    async def post(
        self, soap_action: str, envelope: bytes, soap_version: str = "1.1"
    ) -> tuple[int, bytes]:
        """Send ``envelope``; return the HTTP status and the response body.

        Raises :class:`~.exceptions.TransportError` when there is no complete answer
        within the deadline, or the answer is a redirect.
        """
        import httpx

        log_request(self.endpoint, soap_action, envelope)
        client = self.client
        try:
            async with asyncio.timeout(self.deadline):
                async with client.stream(
                    "POST",
                    self.endpoint,
                    content=envelope,
                    headers=soap_headers(soap_action, soap_version),
                    timeout=self._timeout(),
                    follow_redirects=False,
                ) as response:
                    status = response.status_code
                    if 300 <= status < 400:
                        raise redirected(status, response.headers.get("Location"))
                    body = BoundedBody(
                        self.max_response_bytes,
                        status,
                        response.headers.get("Content-Length"),
                    )
                    async for chunk in response.aiter_bytes(65536):
                        body.add(chunk)
        except TimeoutError:
            raise late(self.endpoint, self.deadline) from None
        except httpx.HTTPError as exc:
            raise failed(self.endpoint, exc) from None
        content = body.content()
        log_response(self.endpoint, status, content)
        return status, content

    def _timeout(self) -> httpx.Timeout:
        import httpx

        connect, read = self.timeout
        return httpx.Timeout(connect=connect, read=read, write=read, pool=None)

    async def aclose(self) -> None:
        """Close the pool this transport made (a client that was passed in stays open)."""
        if self._own and self._client is not None:
            client, self._client = self._client, None
            await client.aclose()

    def __repr__(self) -> str:
        return f"AsyncTransport(endpoint={self.endpoint!r}, timeout={self.timeout!r}, deadline={self.deadline!r})"


def pooled_client(
    pool_size: int = DEFAULT_POOL_SIZE,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    wrap: Callable[[httpx.AsyncBaseTransport], httpx.AsyncBaseTransport] | None = None,
) -> httpx.AsyncClient:
    """An ``httpx.AsyncClient`` with at most ``pool_size`` connections, waiting for a
    free one rather than opening more, and never following redirects. ``wrap``, if
    given, wraps its connection pool (a call limiter does)."""
    import httpx

    connect, read = timeout
    limits = httpx.Limits(
        max_connections=pool_size, max_keepalive_connections=pool_size
    )
    options: dict[str, Any] = {"limits": limits}  # and proxies from the environment
    if wrap is not None:
        options = {"transport": wrap(httpx.AsyncHTTPTransport(limits=limits))}
    return httpx.AsyncClient(
        timeout=httpx.Timeout(connect=connect, read=read, write=read, pool=None),
        follow_redirects=False,
        **options,
    )
