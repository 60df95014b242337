"""The WSDL revision store: our manifest of known revisions and source resolution.

``--wsdl`` accepts a revision name (``2_6``), a path or a URL. A name resolves to
``$MKTOWS_SHARED/wsdl/<file>``, then the user cache, then a download from the
manifest's pinned URL. Whatever the route, a named revision's sha256 is checked.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import socket
import stat
import threading
import time
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from generator.errors import GeneratorError
from generator.resources import cache_dir, project_dir, shared_dir

if TYPE_CHECKING:
    import requests

DOWNLOAD_TIMEOUT = (10, 60)  # connect, and each read (seconds)
DOWNLOAD_DEADLINE = 120.0  # seconds for the whole download; MKTOWS_DOWNLOAD_DEADLINE
MAX_DOWNLOAD_BYTES = 64 * 1024 * 1024  # on the wire and decompressed, as the client
MAX_REDIRECTS = 5  # each followed hop shares the deadline and the cap
CHUNK = 16 * 1024  # small: a gzip chunk inflates up to ~1000 times


@dataclass(frozen=True)
class Revision:
    """One archived WSDL revision, as our manifest records it."""

    name: str
    file: str
    sha256: str
    url: str
    operations: int
    notes: str


@dataclass(frozen=True)
class SourceFile:
    """One document of a WSDL's closure: how provenance names it, and its sha256.

    ``label`` is the root's label for the WSDL itself; for an imported or included
    document, its path relative to the WSDL's folder (``types/common.xsd``,
    ``../shared/a.xsd``) or, when it is not below the WSDL's URL, its URL.
    """

    label: str
    sha256: str


@dataclass(frozen=True)
class WsdlSource:
    """The bytes of a WSDL and how to name them in generated headers and reports.

    ``label`` is the revision name, the URL, or the file name: never an absolute
    path, so output does not depend on where a checkout lives. ``sha256`` is the
    root file's. ``files`` is filled in by :func:`generator.load.wsdl.load`: every
    document of the closure (the WSDL first, then what it imports and includes).
    """

    label: str
    location: str
    data: bytes
    sha256: str
    revision: str | None = None
    files: tuple[SourceFile, ...] = ()

    @property
    def closure_sha256(self) -> str:
        """One sha256 for the WSDL and every document it imports or includes.

        For a single file it is the file's own sha256. For several it is the
        sha256 of ``sha256sum``-style lines (``<sha256>  <label>\n``), the WSDL's
        line first, then the others sorted by label: it changes when any document
        changes, is added, removed or moved, and not with the load order.
        """
        if len(self.files) <= 1:
            return self.sha256
        root, *others = self.files
        lines = [root, *sorted(others, key=lambda f: (f.label, f.sha256))]
        text = "".join(f"{f.sha256}  {f.label}\n" for f in lines)
        return _sha256(text.encode())


@cache
def manifest() -> tuple[str, dict[str, Revision]]:
    """Return the default revision name and every revision of ``wsdl/revisions.toml``."""
    path = project_dir("wsdl") / "revisions.toml"
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    revisions = {
        name: Revision(name=name, **fields) for name, fields in raw["revisions"].items()
    }
    return raw["default"], revisions


def default_revision() -> str:
    return manifest()[0]


def revision_names() -> list[str]:
    return list(manifest()[1])


def resolve(spec: str) -> WsdlSource:
    """Turn a ``--wsdl`` value into the WSDL's bytes."""
    revisions = manifest()[1]
    names = ", ".join(revisions)
    if not spec.strip():
        raise GeneratorError(
            repr(spec),
            f"empty; expected a WSDL file, a URL or a revision name ({names})",
        )
    if spec in revisions:
        return _resolve_revision(revisions[spec])
    if spec.startswith(("http://", "https://")):
        data = download(spec)
        return WsdlSource(spec, spec, data, _sha256(data))
    path = Path(spec)
    if path.is_dir():
        raise GeneratorError(spec, "is a directory; expected a WSDL file")
    data = read_local(path, f"a WSDL file, a URL or a revision name ({names})")
    return WsdlSource(path.name, str(path), data, _sha256(data))


def read_local(path: Path, expected: str = "") -> bytes:
    """The bytes of the local file ``path``: the one way a user's file is read.

    Refuses (one line naming ``path``, then ``; expected <expected>`` if given)
    anything but a regular file (a FIFO or a device could block or never end)
    and a file over the download cap, judged by its size before reading it.
    """

    def refused(problem: str) -> GeneratorError:
        return GeneratorError(
            str(path), f"{problem}; expected {expected}" if expected else problem
        )

    cap = MAX_DOWNLOAD_BYTES
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise refused("is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise refused(f"is not a regular file ({_kind(info.st_mode)})")
        if info.st_size > cap:
            raise refused(f"is larger than the {size_text(cap)} cap")
        # O_NONBLOCK: should it have become a FIFO since, opening it does not wait
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
        with open(handle, "rb") as stream:
            if not stat.S_ISREG(os.fstat(handle).st_mode):
                raise refused("is not a regular file")
            data = stream.read(cap + 1)
    except (FileNotFoundError, NotADirectoryError):
        raise refused("file not found") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise refused("is a symlink loop") from None
        raise refused(f"cannot read: {exc.strerror}") from None
    if len(data) > cap:
        raise refused(f"is larger than the {size_text(cap)} cap")
    return data


def _kind(mode: int) -> str:
    for test, kind in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return kind
    return "not a file"


def _resolve_revision(revision: Revision) -> WsdlSource:
    shared = shared_dir() / "wsdl" / revision.file
    cached = cache_dir() / revision.file
    for candidate in (shared, cached):
        if candidate.is_file():
            data = read_local(candidate)
            _verify(revision, str(candidate), data)
            return WsdlSource(
                revision.name, str(candidate), data, revision.sha256, revision.name
            )
    data = download(revision.url)
    _verify(revision, revision.url, data)
    cached.parent.mkdir(parents=True, exist_ok=True)
    partial = cached.with_suffix(".part")
    partial.write_bytes(data)
    partial.replace(cached)
    return WsdlSource(revision.name, revision.url, data, revision.sha256, revision.name)


def _verify(revision: Revision, where: str, data: bytes) -> None:
    actual = _sha256(data)
    if actual != revision.sha256:
        raise GeneratorError(
            where,
            f"sha256 mismatch for revision {revision.name}: "
            f"expected {revision.sha256}, got {actual}",
        )


def download_deadline() -> float:
    """Seconds the whole download may take: ``MKTOWS_DOWNLOAD_DEADLINE`` or 120."""
    configured = os.environ.get("MKTOWS_DOWNLOAD_DEADLINE", "").strip()
    if not configured:
        return DOWNLOAD_DEADLINE
    try:
        seconds = float(configured)
    except ValueError:
        seconds = 0.0
    if not seconds > 0:
        raise GeneratorError(
            "MKTOWS_DOWNLOAD_DEADLINE",
            f"{configured!r} is not a number of seconds > 0; expected e.g. 120",
        )
    return seconds


class _Watchdog:
    """Shut down every socket of one download when its deadline passes.

    Per-read timeouts restart with each byte, so a server trickling its headers
    or body could otherwise hold the download for ever.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self.expire)
        self._timer.daemon = True

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shutdown(sock)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shutdown(sock)


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # the plain socket's, also for TLS sockets
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _session(watchdog: _Watchdog) -> requests.Session:
    """A session whose every new connection is handed to ``watchdog``."""
    import requests
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    class WatchedHTTP(HTTPConnection):
        def connect(self) -> None:
            super().connect()
            watchdog.watch(self.sock)

    class WatchedHTTPS(HTTPSConnection):
        def connect(self) -> None:
            super().connect()
            watchdog.watch(self.sock)

    class WatchedHTTPPool(HTTPConnectionPool):
        ConnectionCls = WatchedHTTP

    class WatchedHTTPSPool(HTTPSConnectionPool):
        ConnectionCls = WatchedHTTPS

    class Adapter(requests.adapters.HTTPAdapter):
        def init_poolmanager(self, *args: object, **kwargs: object) -> None:
            super().init_poolmanager(*args, **kwargs)  # type: ignore[arg-type]
            self.poolmanager.pool_classes_by_scheme = {
                "http": WatchedHTTPPool,
                "https": WatchedHTTPSPool,
            }

    session = requests.Session()
    session.mount("http://", Adapter())
    session.mount("https://", Adapter())
    return session


def download(url: str, started: float | None = None) -> bytes:
    """GET ``url`` within the deadline, refusing more than the size cap.

    The cap applies to the bytes on the wire and to the decompressed body, so a
    small gzip bomb is refused as soon as it expands past it. The deadline counts
    from ``started`` (a :func:`time.monotonic` value; now by default), so the
    documents a WSDL imports can share one deadline.
    """
    import requests  # imported here: most runs never download

    deadline = download_deadline()
    cap = MAX_DOWNLOAD_BYTES
    too_big = f"download refused: larger than the {size_text(cap)} cap; expected a WSDL"
    too_slow = (
        f"download failed: not complete within the {deadline:g} s deadline "
        "(MKTOWS_DOWNLOAD_DEADLINE)"
    )
    started = time.monotonic() if started is None else started
    remaining = deadline - (time.monotonic() - started)
    if remaining <= 0:
        raise GeneratorError(url, too_slow)
    with _Watchdog(remaining) as watchdog, _session(watchdog) as session:
        try:
            with _follow(session, url) as response:
                response.raise_for_status()
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > cap:
                    raise GeneratorError(url, too_big)
                body = bytearray()
                for chunk in response.iter_content(CHUNK):
                    body += chunk
                    if len(body) > cap or response.raw.tell() > cap:
                        raise GeneratorError(url, too_big)
                    if time.monotonic() - started > deadline:
                        raise GeneratorError(url, too_slow)
        except requests.HTTPError as exc:
            status = exc.response.status_code if exc.response is not None else "?"
            raise GeneratorError(url, f"download failed: HTTP {status}") from None
        except requests.RequestException as exc:
            if watchdog.expired:
                raise GeneratorError(url, too_slow) from None
            reason = type(exc).__name__
            raise GeneratorError(
                url, f"download failed: {reason}; is the network reachable?"
            ) from None
        if watchdog.expired:  # a shut-down socket can look like a short body
            raise GeneratorError(url, too_slow)
    return bytes(body)


def _follow(session: requests.Session, url: str) -> requests.Response:
    """GET ``url``, following at most :data:`MAX_REDIRECTS` redirects, never from
    https to http; the caller's watchdog and cap cover every hop."""
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        response = session.get(
            current, timeout=DOWNLOAD_TIMEOUT, stream=True, allow_redirects=False
        )
        location = response.headers.get("Location")
        if not response.is_redirect or location is None:
            return response
        response.close()
        target = urljoin(current, location)
        scheme = urlsplit(target).scheme.lower()
        if scheme not in ("http", "https"):
            raise GeneratorError(
                url, f"download refused: redirected to {target!r}; expected http(s)"
            )
        if urlsplit(current).scheme.lower() == "https" and scheme == "http":
            raise GeneratorError(
                url,
                f"download refused: redirected from https to http ({target}); "
                "expected the WSDL over https",
            )
        current = target
    raise GeneratorError(
        url, f"download refused: more than {MAX_REDIRECTS} redirects; expected a WSDL"
    )


def size_text(count: int) -> str:
    return f"{count // (1024 * 1024)} MiB" if count >= 1024 * 1024 else f"{count} bytes"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
