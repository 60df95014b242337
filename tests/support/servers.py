"""Loopback servers for tests: the mktows simulator, and a hostile raw HTTP server.

Both listen on 127.0.0.1 port 0 and are stopped (connections closed, threads
joined) when the test ends. Import the helpers from here; the fixtures are made
available to every test by ``conftest.py``.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from mktows import models as m
from mktows.client import Client
from mktows.retry import RetryPolicy

from generator.profiles.mktows.simulator import ServerConfig, SimulatorServer

USER_ID = "loopback_17_0123456789ABCDEF"
SECRET = "s3cret-Loopback-Key-7f3a9c"  # distinctive, so a leak is easy to find
FAST_RETRY = RetryPolicy(base_delay=0.01, max_delay=0.05, max_elapsed=10.0)

ServerFactory = Callable[..., SimulatorServer]


def make_client(server: SimulatorServer | HostileServer, **options: Any) -> Client:
    """A client for ``server`` with the test credentials; fast retries by default."""
    options.setdefault("retry", FAST_RETRY)
    options.setdefault("timeout", (2.0, 10.0))
    return Client(server.endpoint, USER_ID, options.pop("secret", SECRET), **options)


def lead(email: str, **attributes: str) -> m.LeadRecord:
    pairs = [m.Attribute(attr_name=k, attr_value=v) for k, v in attributes.items()]
    return m.LeadRecord(
        email=email, lead_attribute_list=m.ArrayOfAttribute(attribute=pairs)
    )


def key(key_type: m.LeadKeyRef, value: str | int) -> m.LeadKey:
    return m.LeadKey(key_type=key_type, key_value=str(value))


def by_email(*emails: str) -> m.LeadKeySelector:
    return m.LeadKeySelector(
        key_type=m.LeadKeyRef.EMAIL,
        key_values=m.ArrayOfString(string_item=list(emails)),
    )


@pytest.fixture
def mktows_client(mktows_server: SimulatorServer) -> Client:
    """A client of :func:`mktows_server`."""
    return make_client(mktows_server)


@pytest.fixture
def mktows_server_factory() -> Iterator[ServerFactory]:
    """Start simulators with ``ServerConfig`` overrides; all stop at teardown."""
    started: list[SimulatorServer] = []

    def start(**overrides: Any) -> SimulatorServer:
        overrides.setdefault("port", 0)
        config = ServerConfig(user_id=USER_ID, secret=SECRET, **overrides)
        server = SimulatorServer(config).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def mktows_server(mktows_server_factory: ServerFactory) -> SimulatorServer:
    """A simulator with the documented defaults and a fresh in-memory state."""
    return mktows_server_factory(capture=True)


@dataclass
class Answer:
    """What the hostile server sends: status, headers, body (no Content-Length if
    ``length`` is False: the body then ends when the connection closes)."""

    status: int = 200
    body: bytes = b""
    content_type: str = "text/xml; charset=utf-8"
    length: bool = True
    echo: bool = False  # send the request back as the body


@dataclass
class HostileServer:
    """A raw HTTP server answering every POST with :attr:`answer`; records requests."""

    endpoint: str
    answer: Answer = field(default_factory=Answer)
    requests: list[bytes] = field(default_factory=list)
    hits: int = 0


@pytest.fixture
def hostile_server() -> Iterator[HostileServer]:
    """A loopback server whose answers the test chooses (huge, malformed, hostile)."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_POST(self) -> None:
            state.hits += 1
            request = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            state.requests.append(request)
            answer = state.answer
            if answer.echo:
                answer = Answer(answer.status, request, answer.content_type)
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            if answer.length:
                self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            # The client may stop reading early (a size limit), as it should.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(answer.body)

        do_GET = do_POST

        def log_message(self, format: str, *args: Any) -> None:
            pass

    http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    http.daemon_threads = True
    state = HostileServer(
        endpoint=f"http://127.0.0.1:{http.server_address[1]}/soap/mktows/2_6"
    )
    thread = threading.Thread(target=http.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    yield state
    http.shutdown()
    thread.join()
    http.server_close()
