"""Fixtures of the ``leads`` command's tests."""

from __future__ import annotations

import pytest

from generator.profiles.mktows.simulator import SimulatorServer
from tests.support.servers import ServerFactory, use_simulator


@pytest.fixture
def endpoint(
    monkeypatch: pytest.MonkeyPatch, mktows_server_factory: ServerFactory
) -> SimulatorServer:
    """A server with the documented limits, named by the environment variables."""
    return use_simulator(monkeypatch, mktows_server_factory())
