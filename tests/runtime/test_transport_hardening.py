"""The generated client against hostile servers: redirects and trickling answers.

Real loopback sockets throughout: a raw server whose handler writes whatever bytes
the test wants, when it wants.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from mktows.client import Client
from mktows.errors import TransportError
from mktows.retry import NO_RETRY
from mktows.transport import DEFAULT_DEADLINE, Transport

from tests.tools.golden.replay import replay_server

SECRET = "s3cret-Hardening-Key-41c0"
RESPONSE = (
    b"<?xml version='1.0' encoding='UTF-8'?>"
    b"<SOAP-ENV:Envelope xmlns:SOAP-ENV='http://schemas.xmlsoap.org/soap/envelope/'"
    b" xmlns:ns1='http://www.marketo.com/mktows/'><SOAP-ENV:Body>"
    b"<ns1:successListMObjects><result><objects/></result></ns1:successListMObjects>"
    b"</SOAP-ENV:Body></SOAP-ENV:Envelope>"
)
RESPONSE_HEAD = (
    b"HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: %d\r\n\r\n"
    % len(RESPONSE)
)
Handler = Callable[[socket.socket], None]


class RawServer:
    """Accepts loopback connections; reads each request, then runs ``handler``."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[bytes] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    @property
    def endpoint(self) -> str:
        return self.base + "/soap/mktows/2_6"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):
            conn.settimeout(5)
            data = b""
            while b"\r\n\r\n" not in data:
                data += conn.recv(65536)
            head, _, body = data.partition(b"\r\n\r\n")
            length = next(
                (
                    int(line.split(b":")[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                ),
                0,
            )
            while len(body) < length:
                body += conn.recv(65536)
            self.requests.append(head + b"\r\n\r\n" + body)
            self.handler(conn)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self._listener.close()


@contextlib.contextmanager
def raw_server(handler: Handler) -> Iterator[RawServer]:
    server = RawServer(handler)
    try:
        yield server
    finally:
        server.close()


def client_for(server: RawServer, **options: object) -> Client:
    options.setdefault("retry", NO_RETRY)
    options.setdefault("timeout", (1.0, 2.0))
    return Client(server.endpoint, "user-1", SECRET, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirects_are_never_followed(status: int) -> None:
    with raw_server(lambda conn: conn.sendall(RESPONSE_HEAD + RESPONSE)) as elsewhere:
        location = elsewhere.endpoint + "?stolen=1"

        def redirect(conn: socket.socket) -> None:
            conn.sendall(
                f"HTTP/1.1 {status} Moved\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n".encode()
            )

        with raw_server(redirect) as server:
            with pytest.raises(TransportError) as caught:
                client_for(server).list_mobjects()
            assert len(server.requests) == 1
        time.sleep(0.2)  # a follow-up request, if any, would have arrived by now
    assert elsewhere.requests == []
    assert caught.value.status == status
    message = str(caught.value)
    assert location in message and f"HTTP {status}" in message
    assert "never follow" in message and SECRET not in message


def test_a_redirect_without_location_is_refused_too() -> None:
    with (
        raw_server(
            lambda conn: conn.sendall(
                b"HTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n"
            )
        ) as server,
        pytest.raises(TransportError, match="redirect and no Location"),
    ):
        client_for(server).list_mobjects()


def test_a_long_location_is_shortened() -> None:
    location = "http://elsewhere.example/" + "x" * 5000

    def redirect(conn: socket.socket) -> None:
        conn.sendall(
            f"HTTP/1.1 307 Temporary\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n".encode()
        )

    with raw_server(redirect) as server, pytest.raises(TransportError) as caught:
        client_for(server).list_mobjects()
    assert location[:150] in str(caught.value) and len(str(caught.value)) < 400


def trickle(data: bytes, every: float = 0.3) -> Handler:
    """A handler that sends ``data`` one byte at a time, ``every`` seconds apart."""

    def send(conn: socket.socket) -> None:
        for byte in data:
            conn.sendall(bytes([byte]))
            time.sleep(every)

    return send


def body_trickle(conn: socket.socket) -> None:
    conn.sendall(RESPONSE_HEAD + RESPONSE[:40])
    trickle(RESPONSE[40:])(conn)


@pytest.mark.parametrize(
    "handler",
    [trickle(RESPONSE_HEAD + RESPONSE), body_trickle],
    ids=["headers", "body"],
)
def test_a_trickling_server_is_cut_off_at_the_deadline(handler: Handler) -> None:
    # Every read gets a byte well within the 2 s read timeout: only the deadline can stop it.
    with raw_server(handler) as server:
        client = client_for(server, deadline=1.5)
        started = time.monotonic()
        with pytest.raises(TransportError, match=r"within the 1\.5 s deadline"):
            client.list_mobjects()
        elapsed = time.monotonic() - started
    assert 1.4 < elapsed < 2.5


def test_a_trickle_through_a_session_of_ones_own_is_cut_off_in_the_body() -> None:
    import requests

    with raw_server(body_trickle) as server, requests.Session() as session:
        client = client_for(server, deadline=1.0, session=session)
        started = time.monotonic()
        with pytest.raises(TransportError, match="deadline"):
            client.list_mobjects()
        assert time.monotonic() - started < 2.0


def test_a_prompt_answer_is_untouched_by_the_deadline() -> None:
    with raw_server(lambda conn: conn.sendall(RESPONSE_HEAD + RESPONSE)) as server:
        client = client_for(server, deadline=0.5)
        for _ in range(
            3
        ):  # the pooled connection is reused, never shut down by a stale watchdog
            assert client.list_mobjects() is not None
        time.sleep(0.7)
        assert client.list_mobjects() is not None


def test_the_deadline_is_checked_and_defaults_to_two_minutes() -> None:
    assert DEFAULT_DEADLINE == 120.0
    with replay_server() as server:
        assert Client(server.endpoint, "u", SECRET)._transport.deadline == 120.0
    for bad in (0, -1.0, float("nan")):
        with pytest.raises(ValueError, match="deadline"):
            Transport("http://127.0.0.1:9/", deadline=bad)
