"""``--wsdl URL`` against hostile servers on loopback: size caps and a total deadline.

The cap (64 MiB, as the client's) holds on the wire and after decompression, and
the deadline (120 s) holds for headers and body alike. Both are lowered here so the
tests stay fast and light; the server is the tests' real loopback recording server.
"""

from __future__ import annotations

import http.server
import ssl
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.cli.main import main
from generator.errors import GeneratorError
from generator.load import sources as revisions
from generator.load.sources import resolve
from tests.support.http_server import (
    RecordingServer,
    Reply,
    Request,
    gzipped,
    recording_server,
    redirect,
)
from tests.support.wsdl_fragments import BASE

CAP = 256 * 1024


@pytest.fixture
def wsdl_server() -> Iterator[RecordingServer]:
    """A loopback server for ``/mktows.wsdl``; the test sets its reply."""
    with recording_server(path="/mktows.wsdl") as server:
        yield server


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(revisions, "MAX_DOWNLOAD_BYTES", CAP)
    monkeypatch.setattr(revisions, "DOWNLOAD_DEADLINE", 1.5)
    monkeypatch.delenv("MKTOWS_DOWNLOAD_DEADLINE", raising=False)


def trickle(prefix: bytes) -> Reply:
    """``prefix`` now, then one byte every half second until the server stops.

    The bytes continue the headers (``X-Slow: 1`` lines) or, once the headers are
    complete, the body.
    """
    filler = b"x" if b"\r\n\r\n" in prefix else b"X-Slow: 1\r\n"
    return Reply(raw=prefix, trickle=filler, pace=0.5, endless=True)


def oversized() -> bytes:
    return b"<x>" + b" " * CAP + b"</x>"


@pytest.mark.usefixtures("small_limits")
@pytest.mark.parametrize("length", [True, False], ids=["declared", "undeclared"])
def test_a_body_over_the_cap_is_refused(
    wsdl_server: RecordingServer, length: bool
) -> None:
    wsdl_server.reply = Reply(body=oversized(), length=length)
    url = wsdl_server.endpoint
    with pytest.raises(GeneratorError) as caught:
        resolve(url)
    assert str(caught.value) == (
        f"{url}: download refused: larger than the 262144 bytes cap; expected a WSDL"
    )


@pytest.mark.usefixtures("small_limits")
def test_a_gzip_bomb_is_refused_by_its_decompressed_size(
    wsdl_server: RecordingServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bomb = gzipped(b"\0" * (64 * CAP))
    assert len(bomb.body) < CAP // 8  # small on the wire: only decompression shows it
    wsdl_server.reply = bomb
    url = wsdl_server.endpoint
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
def test_a_gzipped_wsdl_under_the_cap_is_read(wsdl_server: RecordingServer) -> None:
    wsdl_server.reply = gzipped(BASE.encode())
    assert resolve(wsdl_server.endpoint).data == BASE.encode()


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
    wsdl_server: RecordingServer, capsys: pytest.CaptureFixture[str], prefix: bytes
) -> None:
    wsdl_server.reply = trickle(prefix)
    url = wsdl_server.endpoint
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
    wsdl_server: RecordingServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MKTOWS_DOWNLOAD_DEADLINE", "1")
    wsdl_server.reply = trickle(b"HTTP/1.1 200 OK\r\n")
    url = wsdl_server.endpoint
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


# --- redirects ----------------------------------------------------------------


def hops(count: int, last: Reply) -> Callable[[Request], Reply]:
    """``/hop0`` redirects to ``/hop1`` ... ``/hop<count>``, which answers ``last``."""

    def respond(request: Request) -> Reply:
        step = int(request.path.removeprefix("/hop"))
        return last if step == count else redirect(302, f"/hop{step + 1}")

    return respond


@pytest.mark.usefixtures("small_limits")
def test_up_to_five_redirects_are_followed_and_a_sixth_is_refused() -> None:
    with recording_server(hops(5, Reply(body=BASE.encode())), "/hop0") as server:
        assert resolve(server.endpoint).data == BASE.encode()
        assert server.hits == 6
    with recording_server(hops(6, Reply(body=BASE.encode())), "/hop0") as server:
        with pytest.raises(GeneratorError) as caught:
            resolve(server.endpoint)
        assert str(caught.value) == (
            f"{server.endpoint}: download refused: more than 5 redirects; "
            "expected a WSDL"
        )
        assert server.hits == 6


@pytest.mark.usefixtures("small_limits")
@pytest.mark.parametrize(
    ("last", "problem"),
    [
        (Reply(body=oversized()), "larger than the 262144 bytes cap"),
        (trickle(b"HTTP/1.1 200 OK\r\n"), "not complete within the 1.5 s deadline"),
    ],
    ids=["cap", "deadline"],
)
def test_the_cap_and_the_deadline_hold_across_redirects(
    last: Reply, problem: str
) -> None:
    with recording_server(hops(2, last), "/hop0") as server:
        started = time.monotonic()
        with pytest.raises(GeneratorError, match=problem):
            resolve(server.endpoint)
        assert time.monotonic() - started < 4.0


def test_a_redirect_to_another_scheme_is_refused() -> None:
    reply = redirect(302, "file:///etc/passwd")
    with (
        recording_server(reply, "/mktows.wsdl") as server,
        pytest.raises(GeneratorError, match="redirected to 'file:///etc/passwd'"),
    ):
        resolve(server.endpoint)


@pytest.fixture
def tls_redirect(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[[str], str]]:
    """An https loopback server answering every GET with a 302 to a given URL.

    Its self-signed certificate (made with ``openssl``) is trusted through
    ``REQUESTS_CA_BUNDLE``. Yields a function: target URL -> the https URL.
    """
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))
    location: list[str] = []

    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(302)
            self.send_header("Location", location[0])
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def url(target: str) -> str:
        location[:] = [target]
        return f"https://127.0.0.1:{server.server_address[1]}/mktows.wsdl"

    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


def test_a_redirect_from_https_to_http_is_refused_before_contacting_http(
    tls_redirect: Callable[[str], str],
) -> None:
    with recording_server(Reply(body=BASE.encode()), "/mktows.wsdl") as plain:
        url = tls_redirect(plain.endpoint)
        with pytest.raises(GeneratorError) as caught:
            resolve(url)
        assert str(caught.value) == (
            f"{url}: download refused: redirected from https to http "
            f"({plain.endpoint}); expected the WSDL over https"
        )
        assert plain.connections == 0
