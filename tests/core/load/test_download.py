"""``--wsdl URL`` against hostile servers on loopback: size caps and a total deadline.

The cap (64 MiB, as the client's) holds on the wire and after decompression, and
the deadline (120 s) holds for headers and body alike. Both are lowered here so the
tests stay fast and light; the servers are real ``http.server`` threads.
"""

from __future__ import annotations

import contextlib
import gzip
import http.server
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.cli.main import main
from generator.errors import GeneratorError
from generator.load import sources as revisions
from generator.load.sources import resolve
from tests.support.wsdl_fragments import BASE

CAP = 256 * 1024
Respond = Callable[[http.server.BaseHTTPRequestHandler, threading.Event], None]


@pytest.fixture
def serve() -> Iterator[Callable[[Respond], str]]:
    """Start a loopback server answering every GET with ``respond``; return its URL."""
    stop = threading.Event()
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(respond: Respond) -> str:
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with contextlib.suppress(OSError):  # the client hung up: a refusal
                    respond(self, stop)

            def log_message(self, *args: object) -> None:
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/mktows.wsdl"

    yield start
    stop.set()
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(revisions, "MAX_DOWNLOAD_BYTES", CAP)
    monkeypatch.setattr(revisions, "DOWNLOAD_DEADLINE", 1.5)
    monkeypatch.delenv("MKTOWS_DOWNLOAD_DEADLINE", raising=False)


def body(data: bytes, *, length: bool = True, encoding: str = "") -> Respond:
    def respond(handler: http.server.BaseHTTPRequestHandler, _: object) -> None:
        handler.send_response(200)
        if length:
            handler.send_header("Content-Length", str(len(data)))
        if encoding:
            handler.send_header("Content-Encoding", encoding)
        handler.end_headers()
        handler.wfile.write(data)

    return respond


def trickle(prefix: bytes, pace: float = 0.5) -> Respond:
    """Send ``prefix`` now, then one byte every ``pace`` seconds until stopped.

    The bytes continue the headers (``X-Slow: 1`` lines) or, once the headers are
    complete, the body.
    """
    filler = b"x" if b"\r\n\r\n" in prefix else b"X-Slow: 1\r\n"

    def respond(
        handler: http.server.BaseHTTPRequestHandler, stop: threading.Event
    ) -> None:
        handler.wfile.write(prefix)
        handler.wfile.flush()
        sent = 0
        while not stop.wait(pace):
            handler.wfile.write(filler[sent % len(filler) :][:1])
            handler.wfile.flush()
            sent += 1

    return respond


def oversized() -> bytes:
    return b"<x>" + b" " * CAP + b"</x>"


@pytest.mark.usefixtures("small_limits")
@pytest.mark.parametrize("length", [True, False], ids=["declared", "undeclared"])
def test_a_body_over_the_cap_is_refused(
    serve: Callable[[Respond], str], length: bool
) -> None:
    url = serve(body(oversized(), length=length))
    with pytest.raises(GeneratorError) as caught:
        resolve(url)
    assert str(caught.value) == (
        f"{url}: download refused: larger than the 262144 bytes cap; expected a WSDL"
    )


@pytest.mark.usefixtures("small_limits")
def test_a_gzip_bomb_is_refused_by_its_decompressed_size(
    serve: Callable[[Respond], str], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bomb = gzip.compress(b"\0" * (64 * CAP), compresslevel=9)
    assert len(bomb) < CAP // 8  # small on the wire: only decompression shows it
    url = serve(body(bomb, encoding="gzip"))
    output = tmp_path / "out"
    code = main(["generate", "--wsdl", url, "--output", str(output)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.splitlines() == [
        f"mktows-codegen: error: {url}: download refused: larger than the "
        "262144 bytes cap; expected a WSDL"
    ]
    assert not output.exists()


@pytest.mark.usefixtures("small_limits")
def test_a_gzipped_wsdl_under_the_cap_is_read(serve: Callable[[Respond], str]) -> None:
    url = serve(body(gzip.compress(BASE.encode()), encoding="gzip"))
    assert resolve(url).data == BASE.encode()


@pytest.mark.usefixtures("small_limits")
@pytest.mark.parametrize(
    "prefix",
    [
        b"HTTP/1.1 200 OK\r\n",
        b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n<x>",
    ],
    ids=["headers", "body"],
)
def test_a_trickling_server_cannot_hold_the_download_past_the_deadline(
    serve: Callable[[Respond], str], capsys: pytest.CaptureFixture[str], prefix: bytes
) -> None:
    url = serve(trickle(prefix))
    started = time.monotonic()
    code = main(["generate", "--wsdl", url, "--output", "unused"])
    elapsed = time.monotonic() - started
    err = capsys.readouterr().err
    assert code == 2
    assert err.splitlines() == [
        f"mktows-codegen: error: {url}: download failed: not complete within the "
        "1.5 s deadline (MKTOWS_DOWNLOAD_DEADLINE)"
    ]
    assert 1.4 < elapsed < 4.0


def test_the_deadline_comes_from_the_environment(
    serve: Callable[[Respond], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MKTOWS_DOWNLOAD_DEADLINE", "1")
    url = serve(trickle(b"HTTP/1.1 200 OK\r\n"))
    started = time.monotonic()
    with pytest.raises(GeneratorError, match="within the 1 s deadline"):
        resolve(url)
    assert time.monotonic() - started < 3.0


@pytest.mark.parametrize("value", ["soon", "0", "-5"])
def test_a_bad_deadline_setting_is_named(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("MKTOWS_DOWNLOAD_DEADLINE", value)
    with pytest.raises(
        GeneratorError, match=r"MKTOWS_DOWNLOAD_DEADLINE: .* seconds > 0"
    ):
        resolve("http://127.0.0.1:9/never-contacted.wsdl")
