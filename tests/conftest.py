"""Fixtures for every test (helpers live in ``tests/support``): the third-party data
folder, a folder on sys.path for generated packages, and the loopback servers."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.resources import shared_dir
from tests.support.http_server import http_server  # noqa: F401 (a fixture)
from tests.support.packages import packages  # noqa: F401 (a fixture)
from tests.support.servers import (  # noqa: F401 (fixtures)
    mktows_client,
    mktows_server,
    mktows_server_factory,
)


@pytest.fixture(scope="session")
def shared() -> Path:
    """``$MKTOWS_SHARED`` (default ``../shared``); skip when it is not there."""
    folder = shared_dir()
    if not (folder / "wsdl").is_dir():
        pytest.skip(f"third-party data not found at {folder} (set MKTOWS_SHARED)")
    return folder


@pytest.fixture(scope="session")
def generated_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder on sys.path where tests generate packages to import."""
    root = tmp_path_factory.mktemp("generated")
    sys.path.insert(0, str(root))
    yield root
    sys.path.remove(str(root))
