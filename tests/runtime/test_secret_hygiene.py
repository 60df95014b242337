"""The shared secret never shows: not in logs, exceptions, reprs or on the wire.

Every failure path the client has is driven for real (simulator faults, injected
HTTP errors and disconnects, a refused port, a timeout, hostile answers), with all
logging at DEBUG. Then everything a user or an attacker could see is searched for
the secret: log text and records, the exception (message, repr, args, notes,
attributes, the formatted traceback with its chain), the client's reprs, and the
bytes captured on both ends of the connection.
"""

from __future__ import annotations

import logging
import pickle
import socket
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from mktows import models as m
from mktows.client import Client
from mktows.errors import MktowsError
from mktows.retry import RetryPolicy
from mktows.signing import local_now

from tests.support.http_server import RecordingServer, Reply, Request
from tests.support.servers import SECRET, ServerFactory, make_client

OTHER_SECRET = "0ther-Secret-Not-Shared-5d1e"  # a client's wrong key: secret too
KEY = m.LeadKey(key_type=m.LeadKeyRef.EMAIL, key_value="nobody@example.com")
QUICK = RetryPolicy(max_attempts=2, base_delay=0.01, max_delay=0.01)


@dataclass
class Setup:
    """A client ready to fail, and how to read what crossed the connection."""

    client: Client
    wire: Callable[[], list[bytes]]


Scenario = Callable[[ServerFactory, RecordingServer], Setup]


def simulator(
    warm_up: bool = False, client: dict[str, object] | None = None, **config: object
) -> Scenario:
    def setup(factory: ServerFactory, hostile: RecordingServer) -> Setup:
        server = factory(capture=True, **config)
        made = make_client(server, retry=QUICK, **(client or {}))
        if warm_up:
            made.list_mobjects()
        return Setup(
            made, lambda: [b for x in server.simulator.captured for b in x[::2]]
        )

    return setup


def hostile(answer: Reply | Callable[[Request], Reply]) -> Scenario:
    def setup(factory: ServerFactory, server: RecordingServer) -> Setup:
        server.reply = answer
        return Setup(
            make_client(server, retry=QUICK), lambda: [r.body for r in server.requests]
        )

    return setup


def refused(factory: ServerFactory, server: RecordingServer) -> Setup:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        endpoint = f"http://127.0.0.1:{probe.getsockname()[1]}/soap/mktows/2_6"
    return Setup(Client(endpoint, "someone", SECRET, retry=QUICK), list)


def late() -> datetime:
    return local_now() - timedelta(hours=3)


SCENARIOS: dict[str, Scenario] = {
    "not found": simulator(),
    "wrong secret": simulator(client={"secret": OTHER_SECRET}),
    "expired timestamp": simulator(client={"clock": late}),
    "rate limited": simulator(fail_rate=1.0, fail_kinds=("rate",)),
    "quota used up": simulator(warm_up=True, daily_quota=1),
    "internal error": simulator(fail_rate=1.0, fail_kinds=("internal",)),
    "HTTP 503": simulator(fail_rate=1.0, fail_kinds=("http503",)),
    "disconnected": simulator(fail_rate=1.0, fail_kinds=("disconnect",)),
    "timeout": simulator(latency_ms=300, client={"timeout": (1.0, 0.05)}),
    "refused": refused,
    "unreadable": hostile(Reply(200, b"<<<not xml")),
    "HTML error page": hostile(Reply(502, b"<html>upstream down</html>", "text/html")),
    "too large": hostile(Reply(200, b"x" * 5_000_000)),
    "echoes the request": hostile(lambda sent: Reply(500, sent.body, "text/plain")),
}


def _texts_of(error: BaseException) -> list[str]:
    return [
        str(error),
        repr(error),
        repr(error.args),
        repr(getattr(error, "__notes__", [])),
        repr(vars(error)),
        "".join(traceback.format_exception(error)),
    ]


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_secret_never_shows(
    name: str,
    mktows_server_factory: ServerFactory,
    http_server: RecordingServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    setup = SCENARIOS[name](mktows_server_factory, http_server)
    with pytest.raises(MktowsError) as caught:
        setup.client.get_lead(lead_key=KEY)
    seen = [caplog.text, *_texts_of(caught.value)]
    for record in caplog.records:
        seen += [record.getMessage(), repr(record.args), record.exc_text or ""]
    client = setup.client
    seen += [
        repr(client),
        repr(client._transport),
        repr(client._credentials),
        repr(client.retry),
    ]
    seen += [b.decode("utf-8", "replace") for b in setup.wire()]
    for secret in (SECRET, OTHER_SECRET):
        leaks = [text for text in seen if secret in text]
        assert not leaks, f"{name}: the secret shows in {leaks[0][:300]!r}"
    assert any(
        r.name.startswith("mktows") for r in caplog.records
    ), "nothing was logged"
    with pytest.raises(TypeError):
        pickle.dumps(client)


def test_the_server_never_shows_its_secret(
    mktows_server_factory: ServerFactory, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    server = mktows_server_factory(capture=True)
    for secret in (SECRET, OTHER_SECRET):
        with pytest.raises(MktowsError):
            make_client(server, secret=secret, retry=QUICK).get_lead(lead_key=KEY)
    seen = [
        caplog.text,
        repr(server.simulator.config),
        repr(server),
        str(server.stats.snapshot()),
    ]
    seen += [
        b.decode("utf-8", "replace") for x in server.simulator.captured for b in x[::2]
    ]
    assert not [text for text in seen if SECRET in text]
