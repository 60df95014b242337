"""HTTP transport on ``requests.Session``: one POST per call, SOAP 1.1 headers.

The endpoint (your service's SOAP URL) is always given by the caller; the WSDL's
``soap:address`` is never used silently. A session the transport makes itself
keeps a pool of at most ``pool_size`` connections and blocks a thread that would
need more, so one client shared by many threads never has more calls in flight
than ``pool_size`` (default 10, a common service concurrency limit). Responses are read
in chunks and refused once they pass ``max_response_bytes``.

Redirects are never followed: a 3xx answer raises :class:`~.exceptions.TransportError`
naming its ``Location``, so a signed envelope and its data go only to the endpoint
the caller named.

Each attempt has a total ``deadline`` (default 120 s) on top of the per-read
``timeout``: a watchdog shuts the connection's socket down when the deadline
passes, so a server trickling bytes cannot hold a call longer than that. With the
session the transport makes itself (or any session built by :func:`pooled_session`)
the deadline covers everything after the connection is taken from the pool and
connected: sending, the status line and headers, and the body. With a session of
your own it covers the body only; the status line and headers are then bounded per
read by ``timeout`` alone. Connecting is bounded by the connect timeout, which the
deadline does not shorten.

``requests`` is imported when the first call is made, not when a client is built:
it is most of an import's cost, and a program that builds a client to pass around
(or only reads its configuration) should not pay it.
"""

from __future__ import annotations

import contextlib
import functools
import socket
import threading
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

if TYPE_CHECKING:
    import requests
    import requests.adapters


DEFAULT_TIMEOUT = (10.0, 90.0)  # connect, read (seconds)
DEFAULT_POOL_SIZE = 10  # connections in the pool: also what many services allow at once
MAX_RESPONSE_BYTES = 64 * 1024 * 1024
DEFAULT_DEADLINE = 120.0  # seconds for one attempt, whatever the server's pace

_local = threading.local()  # the exchange the current thread is making, if any


class _Exchange:
    """One attempt's connection, shut down by a watchdog when its deadline passes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._socket: socket.socket | None = None
        self.expired = False
        self.finished = False

    def attach(self, sock: socket.socket | None) -> None:
        """Watch ``sock`` (the connected socket the answer is read from) from now on.

        The socket itself is kept, not the connection holding it: an answer that
        ends with the connection (``Connection: close``, HTTP/1.0, no length) is
        read after http.client has dropped the connection's ``sock``.
        """
        with self._lock:
            if self.expired:
                raise TimeoutError("the call's deadline passed")
            if self._socket is None and not self.finished:
                self._socket = sock

    def expire(self) -> None:
        """The watchdog: wake the reading thread by shutting its socket down."""
        with self._lock:
            if self.finished:
                return
            self.expired = True
            if self._socket is not None:
                # the plain socket's shutdown, also for TLS: the TLS state stays with its
                # reader; a socket closed since has no descriptor and raises OSError
                with contextlib.suppress(OSError):
                    socket.socket.shutdown(self._socket, socket.SHUT_RDWR)

    def finish(self) -> None:
        """Done with the connection (it may go back to the pool): never touch it again."""
        with self._lock:
            self.finished = True
            self._socket = None


class Transport(TransportOptions):
    """POST SOAP envelopes to one endpoint; safe to share between threads."""

    def __init__(
        self,
        endpoint: str,
        session: requests.Session | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        *,
        deadline: float = DEFAULT_DEADLINE,
        pool_size: int = DEFAULT_POOL_SIZE,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
    ) -> None:
        super().__init__(endpoint, timeout, deadline, pool_size, max_response_bytes)
        self._session = session
        self._session_lock = threading.Lock()

    @property
    def session(self) -> requests.Session:
        """The session calls go through: the caller's, or a pooled one made on first use."""
        if self._session is None:
            with self._session_lock:
                if self._session is None:
                    self._session = pooled_session(self.pool_size)
        return self._session

    def post(
        self, soap_action: str, envelope: bytes, soap_version: str = "1.1"
    ) -> tuple[int, bytes]:
        """Send ``envelope``; return the HTTP status and the response body.

        Raises :class:`~.exceptions.TransportError` when there is no complete answer
        within the deadline, or the answer is a redirect.
        """
        log_request(self.endpoint, soap_action, envelope)
        session = self.session
        import requests  # already loaded by the session; a plain lookup from here on

        exchange = _Exchange()
        watchdog = threading.Timer(self.deadline, exchange.expire)
        watchdog.daemon = True
        _local.exchange = exchange
        watchdog.start()
        try:
            with session.post(
                self.endpoint,
                data=envelope,
                headers=soap_headers(soap_action, soap_version),
                timeout=self.timeout,
                stream=True,
                allow_redirects=False,
            ) as response:
                try:
                    exchange.attach(_socket_of(response))
                    status = response.status_code
                    if 300 <= status < 400:
                        raise redirected(status, response.headers.get("Location"))
                    content = self._read_bounded(response)
                finally:
                    exchange.finish()
        except (requests.RequestException, TimeoutError) as exc:
            if exchange.expired:
                raise late(self.endpoint, self.deadline) from None
            raise failed(self.endpoint, exc) from None
        finally:
            exchange.finish()
            watchdog.cancel()
            _local.exchange = None
        if exchange.expired:  # the watchdog cut a body that ended without a length
            raise late(self.endpoint, self.deadline)
        log_response(self.endpoint, status, content)
        return status, content

    def _read_bounded(self, response: requests.Response) -> bytes:
        body = BoundedBody(
            self.max_response_bytes,
            response.status_code,
            response.headers.get("Content-Length"),
        )
        for chunk in response.iter_content(chunk_size=65536):
            body.add(chunk)
        return body.content()

    def __repr__(self) -> str:
        return f"Transport(endpoint={self.endpoint!r}, timeout={self.timeout!r}, deadline={self.deadline!r})"


def _socket_of(response: requests.Response) -> socket.socket | None:
    """The socket ``response``'s body is read from: its connection's, or, once
    http.client has handed the socket to the response (an answer that ends with the
    connection), the one under the response's own file."""
    connection = getattr(response.raw, "connection", None)
    sock = getattr(connection, "sock", None)
    if sock is None:
        reader = getattr(getattr(response.raw, "_fp", None), "fp", None)
        sock = getattr(getattr(reader, "raw", None), "_sock", None)
    return sock if isinstance(sock, socket.socket) else None


def pooled_session(pool_size: int = DEFAULT_POOL_SIZE) -> requests.Session:
    """A session with one blocking pool of ``pool_size`` connections per host.

    ``pool_block`` makes a thread wait for a free connection rather than open an
    extra one, and urllib3's own retries are off: the client's retry policy
    decides what is retried. Its pools let a transport's deadline watch the
    status line and headers as well as the body.
    """
    import requests

    session = requests.Session()
    adapter = _watched_adapter()(
        pool_connections=1, pool_maxsize=pool_size, pool_block=True, max_retries=0
    )
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


@functools.cache
def _watched_adapter() -> type[requests.adapters.HTTPAdapter]:
    """An ``HTTPAdapter`` whose pools (direct and through a proxy) connect first, then
    hand the connection to the current thread's exchange before the request is sent."""
    from requests.adapters import HTTPAdapter
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
    from urllib3.poolmanager import PoolManager

    class Watched:
        def _make_request(self, conn: Any, *args: Any, **kwargs: Any) -> Any:
            exchange: _Exchange | None = getattr(_local, "exchange", None)
            if exchange is not None:
                if conn.sock is None:
                    conn.connect()  # bounded by the connect timeout
                exchange.attach(conn.sock)
            return super()._make_request(conn, *args, **kwargs)  # type: ignore[misc]

    class WatchedHTTPPool(Watched, HTTPConnectionPool):
        pass

    class WatchedHTTPSPool(Watched, HTTPSConnectionPool):
        pass

    plain = {"http": HTTPConnectionPool, "https": HTTPSConnectionPool}

    def watch(manager: PoolManager) -> PoolManager:
        if manager.pool_classes_by_scheme == plain:  # not a SOCKS proxy's own pools
            manager.pool_classes_by_scheme = {
                "http": WatchedHTTPPool,
                "https": WatchedHTTPSPool,
            }
        return manager

    class WatchedAdapter(HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            watch(self.poolmanager)

        def proxy_manager_for(self, proxy: str, **kwargs: Any) -> PoolManager:
            return watch(super().proxy_manager_for(proxy, **kwargs))

    return WatchedAdapter
