"""The WSDL revision store: manifest, resolution order and sha256 checks."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.errors import GeneratorError
from generator.load.sources import manifest, resolve
from tests.support.http_server import files_in, recording_server


def test_manifest_lists_the_five_archived_revisions() -> None:
    default, revisions = manifest()
    assert default == "2_6"
    assert list(revisions) == ["2_0", "2_1", "2_2", "2_4", "2_6"]
    for revision in revisions.values():
        assert len(revision.sha256) == 64
        assert revision.url.startswith("https://")
        # pinned: the URL names a 40-hex commit, never a branch
        assert any(
            len(part) == 40 and int(part, 16) >= 0 for part in revision.url.split("/")
        )


def test_a_name_resolves_to_the_shared_folder_and_is_verified(shared: Path) -> None:
    source = resolve("2_6")
    assert source.revision == "2_6"
    assert source.label == "2_6"
    assert Path(source.location) == shared / "wsdl" / "mktows-2_6-nodesoap.wsdl"
    assert hashlib.sha256(source.data).hexdigest() == source.sha256


def test_a_tampered_copy_names_both_hashes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "wsdl").mkdir()
    (tmp_path / "wsdl" / "mktows-2_6-nodesoap.wsdl").write_text("<tampered/>")
    monkeypatch.setenv("MKTOWS_SHARED", str(tmp_path))
    with pytest.raises(GeneratorError) as caught:
        resolve("2_6")
    message = str(caught.value)
    assert "expected 7da074098c9d83a4" in message
    assert f"got {hashlib.sha256(b'<tampered/>').hexdigest()}" in message


def test_the_user_cache_is_used_when_the_shared_folder_lacks_a_revision(
    shared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache" / "mktows-codegen"
    cache.mkdir(parents=True)
    original = shared / "wsdl" / "mktows-2_2-wasabi.wsdl"
    (cache / original.name).write_bytes(original.read_bytes())
    monkeypatch.setenv("MKTOWS_SHARED", str(tmp_path / "empty"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    source = resolve("2_2")
    assert Path(source.location) == cache / original.name


@pytest.fixture
def wsdl_server(shared: Path) -> Iterator[str]:
    """Serve ../shared/wsdl over HTTP on loopback."""
    with recording_server(files_in((shared / "wsdl").resolve()), path="") as server:
        yield server.base


def test_a_url_is_downloaded(wsdl_server: str) -> None:
    source = resolve(f"{wsdl_server}/mktows-2_1-rapleaf.wsdl")
    assert source.label.endswith("mktows-2_1-rapleaf.wsdl")
    assert source.sha256 == manifest()[1]["2_1"].sha256


def test_a_failed_download_is_one_clear_error(wsdl_server: str) -> None:
    with pytest.raises(GeneratorError, match="download failed: HTTP 404"):
        resolve(f"{wsdl_server}/missing.wsdl")


def test_a_missing_file_names_the_accepted_forms(tmp_path: Path) -> None:
    with pytest.raises(GeneratorError) as caught:
        resolve(str(tmp_path / "nope.wsdl"))
    assert "file not found" in str(caught.value)
    assert "2_0, 2_1, 2_2, 2_4, 2_6" in str(caught.value)
