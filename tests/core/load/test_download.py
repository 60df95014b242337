"""``--wsdl URL`` against hostile servers on loopback: size caps and a total deadline.

The cap (64 MiB, as the client's) holds on the wire and after decompression, and
the deadline (120 s) holds for headers and body alike. Both are lowered here so the
tests stay fast and light; the server is the tests' real loopback recording server.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.cli.main import main
from generator.errors import GeneratorError
from generator.load import sources as revisions
from generator.load.sources import resolve
from tests.support.http_server import RecordingServer, Reply, gzipped, recording_server
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
