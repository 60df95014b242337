"""The HTTP side: a threaded HTTP/1.1 server on one endpoint path, and its lifecycle.

Each connection gets a thread (keep-alive, so a client's connection pool is
reused), up to ``max_connections`` at once: more wait in the listen backlog, without
a thread, until one closes. A request (line, headers and body) must arrive within
``request_timeout`` seconds, however often its client sends a byte, and a keep-alive
connection may sit unused ``idle_timeout`` seconds; then it is closed. A body
shorter than its Content-Length is refused (400), never handled.
:meth:`SimulatorServer.stop` closes every open connection and joins every thread,
so a test leaves nothing running behind it.
"""

from __future__ import annotations

import contextlib
import io
import ipaddress
import logging
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from generator.errors import GeneratorError
from generator.profiles.mktows.simulator.app import Simulator, Stats
from generator.profiles.mktows.simulator.config import ServerConfig
from generator.profiles.mktows.simulator.state import Store

logger = logging.getLogger("generator.profiles.mktows.simulator")
CONNECTION_THREAD = (
    "mktows-simulator-connection"  # the name of each connection's thread
)


class _DeadlineReader(io.RawIOBase):
    """A connection's read side, with one deadline per request.

    A request must arrive whole within ``budget`` seconds of its first byte (of the
    connection's start, for the first request); between requests the connection may
    wait ``idle`` seconds for the next one. A client trickling a byte at a time is
    cut off at the deadline. Writes keep a timeout of ``budget`` per send.
    """

    def __init__(self, sock: socket.socket, budget: float, idle: float) -> None:
        super().__init__()
        self._sock = sock
        self._budget = budget
        self._idle = idle
        self._deadline: float | None = time.monotonic() + budget

    def next_request(self) -> None:
        """The last request is answered: the next may be a while (keep-alive)."""
        self._deadline = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._deadline is None:
            wait = self._idle
        else:
            wait = self._deadline - time.monotonic()
            if wait <= 0:
                raise TimeoutError(f"the request took more than {self._budget:g} s")
        self._sock.settimeout(wait)
        try:
            count = self._sock.recv_into(buffer)
        finally:
            self._sock.settimeout(self._budget)
        if self._deadline is None:
            self._deadline = time.monotonic() + self._budget
        return count


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = False
    block_on_close = True  # server_close() joins the connection threads
    request_queue_size = 128  # connections over the cap wait here, without a thread

    def __init__(
        self, address: tuple[str, int], simulator: Simulator, path: str
    ) -> None:
        self.simulator = simulator
        self.path = path
        self._connections: set[socket.socket] = set()
        self._slots = threading.Condition()  # guards _connections and _closing
        self._closing = False
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Start a thread for the connection once fewer than the cap are open."""
        cap = self.simulator.config.max_connections
        with self._slots:
            while len(self._connections) >= cap and not self._closing:
                self._slots.wait()
            admitted = not self._closing
            if admitted:
                self._connections.add(request)
        if not admitted:
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._slots:
            self._connections.discard(request)
            self._slots.notify()
        super().shutdown_request(request)

    def begin_closing(self) -> None:
        """Admit no more connections (and stop waiting for a free slot)."""
        with self._slots:
            self._closing = True
            self._slots.notify_all()

    def close_connections(self) -> None:
        """Wake every connection thread by shutting its socket down."""
        with self._slots:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        logger.debug("connection from %s ended badly", client_address, exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "mktows-simulator"
    sys_version = ""
    timeout = None  # _DeadlineReader sets the socket timeouts
    # Headers and body leave in one segment: no Nagle / delayed-ACK stalls.
    wbufsize = 64 * 1024
    disable_nagle_algorithm = True
    server: _HTTPServer
    _reader: _DeadlineReader

    def setup(self) -> None:
        super().setup()
        threading.current_thread().name = CONNECTION_THREAD
        config = self.server.simulator.config
        self.rfile.close()  # the plain reader is replaced by one with deadlines
        self._reader = _DeadlineReader(
            self.connection, config.request_timeout, config.idle_timeout
        )
        self.rfile = io.BufferedReader(self._reader)

    def handle_one_request(self) -> None:
        super().handle_one_request()  # a timeout closes the connection
        self._reader.next_request()

    def do_POST(self) -> None:
        if urlsplit(self.path).path != self.server.path:
            self._plain(404, f"no service here; POST to {self.server.path}")
            return
        lengths = self.headers.get_all("Content-Length") or [""]
        if len(set(lengths)) > 1:  # which one frames the body? (request smuggling)
            self._plain(400, "conflicting Content-Length headers", close=True)
            return
        length = lengths[0]
        limit = self.server.simulator.config.max_request_bytes
        if not length.isascii() or not length.isdigit():
            self._plain(411, "Content-Length is required", close=True)
            return
        if int(length) > limit:
            self._plain(413, f"requests are limited to {limit} bytes", close=True)
            return
        body = self.rfile.read(int(length))
        if len(body) < int(length):
            self._plain(
                400,
                f"the body ended after {len(body)} of its {length} bytes (Content-Length)",
                close=True,
            )
            return
        reply = self.server.simulator.handle(body)
        if reply.disconnect:
            self.close_connection = True
            return
        self._send(reply.status, reply.content_type, reply.body)

    def do_GET(self) -> None:
        self._plain(405, "only POST is served", allow="POST")

    def _plain(
        self, status: int, text: str, close: bool = False, allow: str = ""
    ) -> None:
        if close:
            self.close_connection = True
        extra = {"Allow": allow} if allow else {}
        self._send(status, "text/plain; charset=utf-8", f"{text}\n".encode(), extra)

    def _send(
        self,
        status: int,
        content_type: str,
        body: bytes,
        extra: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s %s", self.address_string(), format % args)

    def log_error(self, format: str, *args: Any) -> None:
        """Refused requests and timed-out connections."""
        logger.info("%s %s", self.address_string(), format % args)


class SimulatorServer:
    """A simulator listening on HTTP; a context manager that stops it on exit.

    ``port=0`` picks a free port; :attr:`endpoint` says which.
    """

    def __init__(self, config: ServerConfig) -> None:
        self.simulator = Simulator(config)
        path = f"/soap/mktows/{self.simulator.version}"
        try:
            self._http = _HTTPServer((config.host, config.port), self.simulator, path)
        except OSError as exc:
            self.simulator.close()
            raise GeneratorError(
                f"{config.host}:{config.port}", f"cannot listen: {exc.strerror or exc}"
            ) from None
        self._thread: threading.Thread | None = None
        self._stopped = False

    @property
    def endpoint(self) -> str:
        host, port = self._http.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}{self._http.path}"

    @property
    def loopback(self) -> bool:
        """Whether only this machine can connect (the address is a loopback one)."""
        host = str(self._http.server_address[0])
        with contextlib.suppress(ValueError):
            return ipaddress.ip_address(host).is_loopback
        return False

    @property
    def store(self) -> Store:
        return self.simulator.store

    @property
    def stats(self) -> Stats:
        return self.simulator.stats

    def start(self) -> SimulatorServer:
        """Serve on a background thread (for tests and embedding)."""
        self._thread = threading.Thread(
            target=self._http.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="mktows-simulator",
            daemon=True,
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve on this thread until interrupted (the CLI)."""
        try:
            self._http.serve_forever(poll_interval=0.5)
        finally:
            self.stop()

    def stop(self) -> None:
        """Stop listening, close every connection, join every thread. Idempotent."""
        if self._stopped:
            return
        self._stopped = True
        self._http.begin_closing()
        if self._thread is not None:
            self._http.shutdown()
            self._thread.join()
        self._http.close_connections()
        self._http.server_close()
        self.simulator.close()

    def __enter__(self) -> SimulatorServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"SimulatorServer(endpoint={self.endpoint!r})"
