"""The HTTP side: a threaded HTTP/1.1 server on one endpoint path, and its lifecycle.

Each connection gets a thread (keep-alive, so a client's connection pool is
reused); idle connections time out. :meth:`SimulatorServer.stop` closes every open
connection and joins every thread, so a test leaves nothing running behind it.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from generator.errors import GeneratorError
from generator.simulator.app import Simulator, Stats
from generator.simulator.config import ServerConfig
from generator.simulator.state import Store

logger = logging.getLogger("generator.simulator")
IDLE_TIMEOUT = 30.0  # seconds a keep-alive connection may sit unused


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = False
    block_on_close = True  # server_close() joins the connection threads

    def __init__(
        self, address: tuple[str, int], simulator: Simulator, path: str
    ) -> None:
        self.simulator = simulator
        self.path = path
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Wake every connection thread by shutting its socket down."""
        with self._connections_lock:
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
    timeout = IDLE_TIMEOUT
    # Headers and body leave in one segment: no Nagle / delayed-ACK stalls.
    wbufsize = 64 * 1024
    disable_nagle_algorithm = True
    server: _HTTPServer

    def do_POST(self) -> None:
        if urlsplit(self.path).path != self.server.path:
            self._plain(404, f"no service here; POST to {self.server.path}")
            return
        length = self.headers.get("Content-Length", "")
        limit = self.server.simulator.config.max_request_bytes
        if not length.isascii() or not length.isdigit():
            self._plain(411, "Content-Length is required", close=True)
            return
        if int(length) > limit:
            self._plain(413, f"requests are limited to {limit} bytes", close=True)
            return
        reply = self.server.simulator.handle(self.rfile.read(int(length)))
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
