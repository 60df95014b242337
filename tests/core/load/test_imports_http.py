"""Imports over HTTP: a real ``http.server`` thread on 127.0.0.1 serves the documents.

Imported URLs go through the same downloader as ``--wsdl URL``: the same size cap
(lowered here) and one deadline shared by every download of a WSDL.
"""

from __future__ import annotations

import contextlib
import http.server
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.cli.main import main
from generator.errors import GeneratorError
from generator.load import sources
from generator.load.sources import resolve
from generator.load.wsdl import load
from tests.support.wsdl_documents import (
    FIXTURE,
    IMPORT_O,
    MONEY,
    SHOP_FILES,
    wsdl,
    xsd,
)

Served = dict[str, bytes | Callable[[http.server.BaseHTTPRequestHandler], None]]


@pytest.fixture
def server() -> Iterator[tuple[str, Served, list[str]]]:
    """A loopback server answering GET /<path> from a dict; also the paths asked."""
    served: Served = {}
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            answer = served.get(self.path.lstrip("/"))
            with contextlib.suppress(OSError):
                if answer is None:
                    self.send_error(404)
                elif callable(answer):
                    answer(self)
                else:
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", served, asked
    httpd.shutdown()
    httpd.server_close()


def trickle(
    stop: threading.Event,
) -> Callable[[http.server.BaseHTTPRequestHandler], None]:
    def respond(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n<x")
        while not stop.wait(0.2):
            handler.wfile.write(b" ")
            handler.wfile.flush()

    return respond


def test_the_shop_loads_from_a_url_with_relative_imports(
    server: tuple[str, Served, list[str]],
) -> None:
    base, served, asked = server
    for label in SHOP_FILES:
        served[f"shop/{label}"] = (FIXTURE / label).read_bytes()
    local = load(resolve(str(FIXTURE / "shop.wsdl")))
    remote = load(resolve(f"{base}/shop/shop.wsdl"))
    assert [f.label for f in remote.source.files] == [
        f"{base}/shop/shop.wsdl",
        *SHOP_FILES[1:],
    ]
    assert [f.sha256 for f in remote.source.files] == [
        f.sha256 for f in local.source.files
    ]
    assert sorted(c.qname for c in remote.classes) == sorted(
        c.qname for c in local.classes
    )
    assert sorted(asked) == sorted(
        f"/shop/{label}" for label in SHOP_FILES
    )  # once each


def test_a_local_wsdl_imports_a_url(
    server: tuple[str, Served, list[str]], tmp_path: Path
) -> None:
    base, served, _ = server
    served["types/o.xsd"] = xsd(MONEY).encode()
    url = f"{base}/types/o.xsd"
    (tmp_path / "a.wsdl").write_text(wsdl(IMPORT_O.format(url)))
    loaded = load(resolve(str(tmp_path / "a.wsdl")))
    assert "{urn:other}Money" in {cls.qname for cls in loaded.classes}
    assert [f.label for f in loaded.source.files] == ["a.wsdl", url]


@pytest.mark.parametrize(
    "location", ["file:///etc/hostname", "/etc/hostname"], ids=["file-url", "path"]
)
def test_a_downloaded_document_never_reads_a_local_file(
    server: tuple[str, Served, list[str]], location: str
) -> None:
    base, served, asked = server
    served["a.wsdl"] = wsdl(IMPORT_O.format(location)).encode()
    with pytest.raises(GeneratorError) as caught:
        load(resolve(f"{base}/a.wsdl"))
    if location.startswith("file:"):
        assert caught.value.problem.startswith("a downloaded document may only refer")
    else:  # a path on the same server
        assert caught.value.problem == "download failed: HTTP 404"
        assert asked[-1] == "/etc/hostname"
    assert (
        caught.value.where
        == f"{base}/a.wsdl:9: <xs:import schemaLocation={location!r}>"
    )


def test_an_imported_download_over_the_cap_is_refused(
    server: tuple[str, Served, list[str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(sources, "MAX_DOWNLOAD_BYTES", 4096)
    base, served, _ = server
    served["big.xsd"] = xsd(MONEY + " " * 5000).encode()
    path = tmp_path / "a.wsdl"
    path.write_text(wsdl(IMPORT_O.format(f"{base}/big.xsd")))
    assert (
        main(["generate", "--wsdl", str(path), "--output", str(tmp_path / "out")]) == 2
    )
    assert capsys.readouterr().err.splitlines() == [
        f"mktows-codegen: error: {path}:9: <xs:import schemaLocation='{base}/big.xsd'>: "
        "download refused: larger than the 4096 bytes cap; expected a WSDL"
    ]
    assert not (tmp_path / "out").exists()


def test_a_local_imported_file_over_the_cap_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "MAX_DOWNLOAD_BYTES", 4096)
    (tmp_path / "big.xsd").write_text(xsd(MONEY + " " * 5000))
    (tmp_path / "a.wsdl").write_text(wsdl(IMPORT_O.format("big.xsd")))
    with pytest.raises(GeneratorError, match="is larger than the 4096 bytes cap"):
        load(resolve(str(tmp_path / "a.wsdl")))


def test_all_imported_downloads_share_one_deadline(
    server: tuple[str, Served, list[str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each slow document stays within a per-download deadline; together they do not."""
    monkeypatch.setenv("MKTOWS_DOWNLOAD_DEADLINE", "1")
    base, served, asked = server

    def slow(handler: http.server.BaseHTTPRequestHandler) -> None:
        time.sleep(0.4)
        body = xsd(MONEY).encode()
        handler.wfile.write(
            b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body)
        )
        handler.wfile.write(body)

    for number in range(5):
        served[f"s{number}.xsd"] = slow
    imports = "".join(IMPORT_O.format(f"{base}/s{n}.xsd") for n in range(5))
    (tmp_path / "a.wsdl").write_text(wsdl(imports))
    started = time.monotonic()
    with pytest.raises(GeneratorError, match="not complete within the 1 s deadline"):
        load(resolve(str(tmp_path / "a.wsdl")))
    assert time.monotonic() - started < 2.5
    assert len(asked) < 5


def test_a_trickling_import_is_cut_at_the_deadline(
    server: tuple[str, Served, list[str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MKTOWS_DOWNLOAD_DEADLINE", "1")
    base, served, _ = server
    stop = threading.Event()
    served["slow.xsd"] = trickle(stop)
    path = tmp_path / "a.wsdl"
    path.write_text(wsdl(IMPORT_O.format(f"{base}/slow.xsd")))
    started = time.monotonic()
    try:
        with pytest.raises(GeneratorError) as caught:
            load(resolve(str(path)))
    finally:
        stop.set()
    assert time.monotonic() - started < 3.0
    assert str(caught.value) == (
        f"{path}:9: <xs:import schemaLocation='{base}/slow.xsd'>: download failed: "
        "not complete within the 1 s deadline (MKTOWS_DOWNLOAD_DEADLINE)"
    )


def test_an_import_from_an_unreachable_host_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/o.xsd"
    path = tmp_path / "a.wsdl"
    path.write_text(wsdl(f'<xs:include schemaLocation="{url}"/>'))
    assert main(["generate", "--wsdl", str(path), "--output", str(tmp_path / "o")]) == 2
    assert capsys.readouterr().err.splitlines() == [
        f"mktows-codegen: error: {path}:9: <xs:include schemaLocation='{url}'>: "
        "download failed: ConnectionError; is the network reachable?"
    ]


def test_diff_follows_imports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(FIXTURE, old)
    shutil.copytree(FIXTURE, new)
    currency = new / "xsd" / "parts" / "currency.xsd"
    currency.write_text(
        currency.read_text().replace('"USD"/>', '"USD"/><xs:enumeration value="GBP"/>')
    )
    code = main(["diff", str(old / "shop.wsdl"), str(new / "shop.wsdl")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "GBP" in out
