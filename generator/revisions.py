"""The WSDL revision store: our manifest of known revisions and source resolution.

``--wsdl`` accepts a revision name (``2_6``), a path or a URL. A name resolves to
``$MKTOWS_SHARED/wsdl/<file>``, then the user cache, then a download from the
manifest's pinned URL. Whatever the route, a named revision's sha256 is checked.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from generator.errors import GeneratorError
from generator.resources import cache_dir, project_dir, shared_dir

DOWNLOAD_TIMEOUT = (10, 60)


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
class WsdlSource:
    """The bytes of a WSDL and how to name them in generated headers and reports.

    ``label`` is the revision name, the URL, or the file name: never an absolute
    path, so output does not depend on where a checkout lives.
    """

    label: str
    location: str
    data: bytes
    sha256: str
    revision: str | None = None


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
    if spec in revisions:
        return _resolve_revision(revisions[spec])
    if spec.startswith(("http://", "https://")):
        data = _download(spec)
        return WsdlSource(spec, spec, data, _sha256(data))
    path = Path(spec)
    if not path.is_file():
        names = ", ".join(revisions)
        raise GeneratorError(
            spec,
            f"file not found; expected a WSDL file, a URL or a revision name ({names})",
        )
    data = path.read_bytes()
    return WsdlSource(path.name, str(path), data, _sha256(data))


def _resolve_revision(revision: Revision) -> WsdlSource:
    shared = shared_dir() / "wsdl" / revision.file
    cached = cache_dir() / revision.file
    for candidate in (shared, cached):
        if candidate.is_file():
            data = candidate.read_bytes()
            _verify(revision, str(candidate), data)
            return WsdlSource(
                revision.name, str(candidate), data, revision.sha256, revision.name
            )
    data = _download(revision.url)
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


def _download(url: str) -> bytes:
    import requests  # imported here: most runs never download

    try:
        response = requests.get(url, timeout=DOWNLOAD_TIMEOUT)
        response.raise_for_status()
    except requests.HTTPError as exc:
        status = exc.response.status_code if exc.response is not None else "error"
        raise GeneratorError(url, f"download failed: HTTP {status}") from None
    except requests.RequestException as exc:
        reason = type(exc).__name__
        raise GeneratorError(
            url, f"download failed: {reason}; is the network reachable?"
        ) from None
    return response.content


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
