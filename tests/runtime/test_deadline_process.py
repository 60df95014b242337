"""The per-attempt deadline against a trickling server running in another process.

A real server does not share the client's process: when the client gives up, the
server goes on sending until it notices. These tests start the recording server in
a child Python process, answering with headers at once and then one body byte
every 0.3 s forever, framed the three ways HTTP allows (a length, chunks, or the
end of the connection as HTTP/1.0 servers and ``Connection: close`` do). Issue 12
item 9: the last one held a call for minutes, because the watchdog looked for the
socket on the connection after http.client had handed it to the response.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from mktows.client import Client
from mktows.errors import TransportError
from mktows.retry import RetryPolicy

ROOT = Path(__file__).resolve().parents[2]
SERVER = """
import sys
from tests.support.http_server import Reply, recording_server
head = {head!r}
with recording_server(Reply(raw=head, trickle={trickle!r}, endless=True, pace=0.3)) as server:
    print(server.endpoint, flush=True)
    sys.stdin.read()
"""
OK = "HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\n"
FRAMINGS = {
    "length": (OK + "Content-Length: 100000\r\n\r\n<", b"<"),
    "chunked": (OK + "Transfer-Encoding: chunked\r\n\r\n1\r\n<\r\n", b"1\r\n<\r\n"),
    "connection-close": (OK + "Connection: close\r\n\r\n<", b"<"),
    "http-1.0": ("HTTP/1.0 200 OK\r\nContent-Type: text/xml\r\n\r\n<", b"<"),
}


@contextmanager
def server_process(head: str, trickle: bytes) -> Iterator[str]:
    """The endpoint of a recording server in a child process, stopped at the end."""
    code = SERVER.format(head=head.encode("latin-1"), trickle=trickle)
    child = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert child.stdout is not None
        endpoint = child.stdout.readline().strip()
        assert endpoint.startswith("http://127.0.0.1:"), endpoint
        yield endpoint
    finally:
        assert child.stdin is not None
        child.stdin.close()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


@pytest.mark.parametrize("framing", FRAMINGS.values(), ids=FRAMINGS)
def test_a_trickling_server_process_is_cut_off_at_the_deadline(
    framing: tuple[str, bytes],
) -> None:
    with server_process(*framing) as endpoint:
        client = Client(
            endpoint,
            "user-1",
            "s3cret-Deadline-Key",
            timeout=(1.0, 2.0),
            deadline=1.5,
            retry=RetryPolicy(max_attempts=1),
        )
        outcome: list[BaseException] = []

        def call() -> None:
            try:
                client.list_mobjects()
            except BaseException as error:
                outcome.append(error)

        # in a thread, so that a call the deadline does not stop fails the test
        # instead of hanging it
        caller = threading.Thread(target=call, daemon=True)
        started = time.monotonic()
        caller.start()
        caller.join(timeout=8)
        elapsed = time.monotonic() - started
        assert not caller.is_alive(), "the call outlived its 1.5 s deadline"
    assert len(outcome) == 1 and isinstance(outcome[0], TransportError)
    assert "within the 1.5 s deadline" in str(outcome[0])
    assert 1.4 < elapsed < 3.0
