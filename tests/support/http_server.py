"""The one loopback HTTP server of the tests: it records every request and answers as told.

A real socket on 127.0.0.1 (port 0), written at the byte level so that a test can
send anything a hostile or broken server would: a canned :class:`Reply` (any
status, headers, gzip bodies, redirects, no ``Content-Length``), a reply computed
from the request (a callable), bytes sent verbatim, or bytes trickled one at a
time. Connections are kept alive between requests where HTTP allows it, as a real
server does. Everything stops (connections closed, threads joined) at the end.

Use :func:`recording_server` as a context manager, or the ``http_server`` fixture.
"""

from __future__ import annotations

import contextlib
import gzip
import http.client
import io
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

import pytest

SOAP_PATH = "/soap"


@dataclass(frozen=True)
class Request:
    """One request as it arrived: method, path, headers (case-insensitive), body."""

    method: str
    path: str
    headers: Message
    body: bytes


@dataclass(frozen=True)
class Reply:
    """What the server sends back.

    ``length=False`` leaves out ``Content-Length``: the body then ends when the
    server closes the connection. ``raw`` replaces the whole answer (status line,
    headers and body) with bytes sent verbatim. ``trickle`` is sent after the
    answer, one byte every ``pace`` seconds, over and over if ``endless`` (until
    the client hangs up or the server stops).
    """

    status: int = 200
    body: bytes = b""
    content_type: str = "text/xml; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()
    length: bool = True
    raw: bytes | None = None
    trickle: bytes = b""
    pace: float = 0.3
    endless: bool = False

    @property
    def keeps_alive(self) -> bool:
        return self.raw is None and self.length and not self.trickle

    def wire(self) -> bytes:
        """The bytes sent at once (everything but the trickle)."""
        if self.raw is not None:
            return self.raw
        reason = http.client.responses.get(self.status, "Unknown")
        lines = [f"HTTP/1.1 {self.status} {reason}"]
        if self.content_type:
            lines.append(f"Content-Type: {self.content_type}")
        lines += [f"{name}: {value}" for name, value in self.headers]
        if self.length:
            lines.append(f"Content-Length: {len(self.body)}")
        else:
            lines.append("Connection: close")
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + self.body


def redirect(status: int, location: str | None) -> Reply:
    """A redirect answer (``location`` None: one without a ``Location`` header)."""
    headers = () if location is None else (("Location", location),)
    return Reply(status, content_type="", headers=headers)


def gzipped(body: bytes) -> Reply:
    """``body`` compressed, with ``Content-Encoding: gzip``."""
    return Reply(body=gzip.compress(body), headers=(("Content-Encoding", "gzip"),))


Responder = Callable[[Request], Reply]


def files_in(folder: Path) -> Responder:
    """Answer ``GET /NAME`` with the file ``folder/NAME``, or 404."""

    def respond(request: Request) -> Reply:
        path = folder / request.path.lstrip("/").split("?")[0]
        if folder not in path.resolve().parents or not path.is_file():
            return Reply(404, b"not found", "text/plain")
        return Reply(body=path.read_bytes(), content_type="application/octet-stream")

    return respond


@dataclass
class RecordingServer:
    """A started loopback server; set :attr:`reply` to change what it answers."""

    reply: Reply | Responder = field(default_factory=Reply)
    path: str = SOAP_PATH
    requests: list[Request] = field(default_factory=list)
    connections: int = 0  # every connection accepted, even one that sent nothing

    def __post_init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self._stop = threading.Event()
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._accept, daemon=True)]
        self._threads[0].start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    @property
    def endpoint(self) -> str:
        return self.base + self.path

    @property
    def hits(self) -> int:
        return len(self.requests)

    def close(self) -> None:
        self._stop.set()
        with self._lock:
            for conn in self._open:
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)
        for thread in self._threads:
            thread.join(timeout=5)
        self._listener.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            with self._lock:
                self.connections += 1
                self._open.add(conn)
            thread = threading.Thread(target=self._converse, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _converse(self, conn: socket.socket) -> None:
        conn.settimeout(10)
        with conn, conn.makefile("rb") as stream, contextlib.suppress(OSError):
            while not self._stop.is_set():
                request = _read_request(stream)
                if request is None:
                    break
                self.requests.append(request)
                reply = (
                    self.reply if isinstance(self.reply, Reply) else self.reply(request)
                )
                conn.sendall(reply.wire())
                self._trickle(conn, reply)
                if (
                    not reply.keeps_alive
                    or request.headers.get("Connection") == "close"
                ):
                    break
        with self._lock:
            self._open.discard(conn)

    def _trickle(self, conn: socket.socket, reply: Reply) -> None:
        sent = 0
        while sent < len(reply.trickle) or (reply.endless and reply.trickle):
            if self._stop.wait(reply.pace):
                return
            index = sent % len(reply.trickle)
            conn.sendall(reply.trickle[index : index + 1])
            sent += 1


def _read_request(stream: io.BufferedIOBase) -> Request | None:
    """The next request on a connection, or None when the client closed it."""
    line = stream.readline(65537)
    if not line.strip():
        return None
    method, path, _ = line.decode("latin-1").split(" ", 2)
    headers = http.client.parse_headers(stream)  # type: ignore[arg-type]
    body = stream.read(int(headers.get("Content-Length") or 0))
    return Request(method, path, headers, body)


@contextlib.contextmanager
def recording_server(
    reply: Reply | Responder | None = None, path: str = SOAP_PATH
) -> Iterator[RecordingServer]:
    """A server for the length of the block."""
    server = RecordingServer(reply or Reply(), path)
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def http_server() -> Iterator[RecordingServer]:
    """A recording server answering an empty 200 until the test sets ``reply``."""
    with recording_server() as server:
        yield server
