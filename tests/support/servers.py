"""The mktows simulator for tests, its credentials, a client for it and model builders.

The simulator listens on 127.0.0.1 port 0 and is stopped when the test ends. Import
the helpers from here; the fixtures are made available to every test by
``conftest.py``. (A server that answers whatever a test wants is in
:mod:`tests.support.http_server`.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from mktows import models as m
from mktows.client import AsyncClient, Client
from mktows.retry import RetryPolicy

from generator.profiles.mktows.simulator import ServerConfig, SimulatorServer
from tests.support.http_server import RecordingServer

USER_ID = "loopback_17_0123456789ABCDEF"
SECRET = "s3cret-Loopback-Key-7f3a9c"  # distinctive, so a leak is easy to find
FAST_RETRY = RetryPolicy(base_delay=0.01, max_delay=0.05, max_elapsed=10.0)

ServerFactory = Callable[..., SimulatorServer]


def make_client(server: SimulatorServer | RecordingServer, **options: Any) -> Client:
    """A client for ``server`` with the test credentials; fast retries by default."""
    options.setdefault("retry", FAST_RETRY)
    options.setdefault("timeout", (2.0, 10.0))
    return Client(server.endpoint, USER_ID, options.pop("secret", SECRET), **options)


def make_async_client(
    server: SimulatorServer | RecordingServer, **options: Any
) -> AsyncClient:
    """:func:`make_client`'s async twin (use it with ``async with``)."""
    options.setdefault("retry", FAST_RETRY)
    options.setdefault("timeout", (2.0, 10.0))
    return AsyncClient(
        server.endpoint, USER_ID, options.pop("secret", SECRET), **options
    )


def use_simulator(
    monkeypatch: pytest.MonkeyPatch, server: SimulatorServer
) -> SimulatorServer:
    """Name ``server`` and the test credentials in the ``MKTOWS_*`` variables the
    ``leads`` command reads."""
    monkeypatch.setenv("MKTOWS_ENDPOINT", server.endpoint)
    monkeypatch.setenv("MKTOWS_USER_ID", USER_ID)
    monkeypatch.setenv("MKTOWS_SECRET", SECRET)
    return server


def lead(email: str, **attributes: str) -> m.LeadRecord:
    pairs = [m.Attribute(attr_name=k, attr_value=v) for k, v in attributes.items()]
    return m.LeadRecord(
        email=email, lead_attribute_list=m.ArrayOfAttribute(attribute=pairs)
    )


def key(key_type: m.LeadKeyRef, value: str | int) -> m.LeadKey:
    return m.LeadKey(key_type=key_type, key_value=str(value))


def by_email(*emails: str) -> m.LeadKeySelector:
    return m.LeadKeySelector(
        key_type=m.LeadKeyRef.EMAIL,
        key_values=m.ArrayOfString(string_item=list(emails)),
    )


@pytest.fixture
def mktows_client(mktows_server: SimulatorServer) -> Client:
    """A client of :func:`mktows_server`."""
    return make_client(mktows_server)


@pytest.fixture
def mktows_server_factory() -> Iterator[ServerFactory]:
    """Start simulators with ``ServerConfig`` overrides; all stop at teardown."""
    started: list[SimulatorServer] = []

    def start(**overrides: Any) -> SimulatorServer:
        overrides.setdefault("port", 0)
        config = ServerConfig(user_id=USER_ID, secret=SECRET, **overrides)
        server = SimulatorServer(config).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def mktows_server(mktows_server_factory: ServerFactory) -> SimulatorServer:
    """A simulator with the documented defaults and a fresh in-memory state."""
    return mktows_server_factory(capture=True)
