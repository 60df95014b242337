"""Client retries, timeouts and pooling, against the simulator over loopback.

Attempts are counted where they land: in the server's statistics (or the hostile
server's hit count), never by mocking the transport.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta

import mktows.client
import pytest
from mktows import models as m
from mktows.client import Client, Operation
from mktows.errors import (
    AuthenticationError,
    LimitError,
    MktowsError,
    NotFoundError,
    RequestExpiredError,
    ResponseError,
    ServerError,
    TransportError,
)
from mktows.retry import NO_RETRY, RATE_WINDOW, READ_OPERATIONS, RetryPolicy
from mktows.signing import local_now

from tests.support.http_server import RecordingServer, Reply
from tests.support.servers import ServerFactory, make_client

EMAIL_KEY = m.LeadKey(key_type=m.LeadKeyRef.EMAIL, key_value="nobody@example.com")


def a_lead() -> m.LeadRecord:
    return m.LeadRecord(email="retry@example.com")


class Sleeps:
    """An injectable ``sleep`` that records the waits instead of sleeping."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def policy(sleeps: Sleeps, **options: object) -> RetryPolicy:
    settings: dict[str, object] = {
        "max_attempts": 4,
        "base_delay": 0.01,
        "sleep": sleeps,
    }
    return RetryPolicy(**{**settings, **options})  # type: ignore[arg-type]


def attempts(server_stats: dict[str, dict[object, int]], operation: str) -> int:
    return server_stats["attempts"].get(operation, 0)


def test_read_operations_are_derived_from_the_name_prefix() -> None:
    names = {
        op.name for op in vars(mktows.client).values() if isinstance(op, Operation)
    }
    assert len(names) == 23
    assert names & READ_OPERATIONS == READ_OPERATIONS
    assert {
        n for n in names if n.startswith(("get", "list", "describe"))
    } == READ_OPERATIONS
    assert "syncLead" not in READ_OPERATIONS and "getLead" in READ_OPERATIONS


def test_an_expired_request_is_signed_again_once(
    mktows_server_factory: ServerFactory,
) -> None:
    server = mktows_server_factory()
    ticks: list[datetime] = []

    def slow_then_right() -> datetime:
        ticks.append(local_now())
        return ticks[-1] - (timedelta(hours=2) if len(ticks) == 1 else timedelta())

    make_client(server, clock=slow_then_right).sync_lead(
        lead_record=a_lead(), return_lead=False
    )
    stats = server.stats.snapshot()
    assert attempts(stats, "syncLead") == 2 and stats["faults"] == {20016: 1}

    def always_late() -> datetime:
        return local_now() - timedelta(hours=2)

    with pytest.raises(RequestExpiredError) as caught:
        make_client(server, clock=always_late).list_mobjects()
    assert attempts(server.stats.snapshot(), "listMObjects") == 2
    assert "failed after 2 attempts" in "".join(caught.value.__notes__)


def test_limit_faults_back_off_for_every_operation(
    mktows_server_factory: ServerFactory,
) -> None:
    server = mktows_server_factory(fail_rate=1.0, fail_kinds=("rate", "concurrency"))
    sleeps = Sleeps()
    with pytest.raises(LimitError):
        make_client(server, retry=policy(sleeps)).sync_lead(
            lead_record=a_lead(), return_lead=False
        )
    assert attempts(server.stats.snapshot(), "syncLead") == 4
    assert len(sleeps.waits) == 3
    for retry, wait in enumerate(sleeps.waits, start=1):
        ceiling = 0.01 * 2 ** (retry - 1)
        assert ceiling / 2 <= wait <= ceiling


def test_backoff_gets_through_a_real_rate_limit(
    mktows_server_factory: ServerFactory,
) -> None:
    server = mktows_server_factory(rate=(2, 0.5))
    client = make_client(server, retry=RetryPolicy(base_delay=0.2, max_attempts=6))
    for _ in range(4):
        client.list_mobjects()
    stats = server.stats.snapshot()
    assert stats["successes"] == {"listMObjects": 4}
    assert stats["faults"].get(20023, 0) >= 1
    assert attempts(stats, "listMObjects") == 4 + stats["faults"][20023]


@pytest.mark.parametrize("kind", ["http503", "disconnect"])
def test_no_answer_is_retried_for_reads_only(
    mktows_server_factory: ServerFactory, kind: str
) -> None:
    server = mktows_server_factory(fail_rate=1.0, fail_kinds=(kind,))
    sleeps = Sleeps()
    client = make_client(server, retry=policy(sleeps))
    with pytest.raises(TransportError):
        client.get_lead(lead_key=EMAIL_KEY)
    with pytest.raises(TransportError):
        client.sync_lead(lead_record=a_lead(), return_lead=False)
    stats = server.stats.snapshot()
    assert (attempts(stats, "getLead"), attempts(stats, "syncLead")) == (4, 1)
    trusting = make_client(
        server, retry=policy(sleeps, idempotent=frozenset({"syncLead"}))
    )
    with pytest.raises(TransportError):
        trusting.sync_lead(lead_record=a_lead(), return_lead=False)
    assert attempts(server.stats.snapshot(), "syncLead") == 1 + 4


def test_auth_quota_bad_input_and_server_faults_are_not_retried(
    mktows_server_factory: ServerFactory,
) -> None:
    server = mktows_server_factory(daily_quota=2)
    sleeps = Sleeps()
    client = make_client(server, retry=policy(sleeps))
    with pytest.raises(AuthenticationError):
        make_client(server, secret="wrong-secret", retry=policy(sleeps)).get_lead(
            lead_key=EMAIL_KEY
        )
    with pytest.raises(NotFoundError):
        client.get_lead(lead_key=EMAIL_KEY)
    client.list_mobjects()
    with pytest.raises(LimitError) as caught:
        client.list_mobjects()
    assert caught.value.code == 20015
    broken = mktows_server_factory(fail_rate=1.0, fail_kinds=("internal",))
    with pytest.raises(ServerError):
        make_client(broken, retry=policy(sleeps)).get_lead(lead_key=EMAIL_KEY)
    assert sleeps.waits == []
    assert sum(server.stats.snapshot()["attempts"].values()) == 4
    assert sum(broken.stats.snapshot()["attempts"].values()) == 1


def test_unreadable_answers_are_not_retried(http_server: RecordingServer) -> None:
    sleeps = Sleeps()
    client = make_client(http_server, retry=policy(sleeps))
    http_server.reply = Reply(200, b"<not-soap/>")
    with pytest.raises(ResponseError):
        client.get_lead(lead_key=EMAIL_KEY)
    http_server.reply = Reply(502, b"<html>Bad Gateway</html>", "text/html")
    with pytest.raises(TransportError) as caught:
        client.sync_lead(lead_record=a_lead(), return_lead=False)
    assert caught.value.status == 502
    assert http_server.hits == 2 and sleeps.waits == []


def test_refused_connections_are_retried_for_reads_only() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed again: nothing listens here
    sleeps = Sleeps()
    client = Client(
        f"http://127.0.0.1:{port}/soap/mktows/2_6", "u", "secret", retry=policy(sleeps)
    )
    with pytest.raises(TransportError) as caught:
        client.get_lead(lead_key=EMAIL_KEY)
    assert caught.value.status is None and len(sleeps.waits) == 3
    with pytest.raises(TransportError):
        client.sync_lead(lead_record=a_lead(), return_lead=False)
    assert len(sleeps.waits) == 3


def test_timeouts_are_configurable_and_retried_for_reads(
    mktows_server_factory: ServerFactory,
) -> None:
    server = mktows_server_factory(latency_ms=800)
    client = make_client(
        server, timeout=(1.0, 0.1), retry=policy(Sleeps(), max_attempts=2)
    )
    started = time.monotonic()
    with pytest.raises(TransportError, match="ReadTimeout"):
        client.list_mobjects()
    assert time.monotonic() - started < 0.7  # two 0.1 s timeouts, not 0.8 s
    deadline = time.monotonic() + 5
    while (
        attempts(server.stats.snapshot(), "listMObjects") < 2
        and time.monotonic() < deadline
    ):
        time.sleep(0.05)
    assert attempts(server.stats.snapshot(), "listMObjects") == 2


def test_total_retry_time_is_bounded(mktows_server_factory: ServerFactory) -> None:
    server = mktows_server_factory(fail_rate=1.0)
    bounded = RetryPolicy(
        max_attempts=1000, base_delay=0.05, max_delay=0.05, max_elapsed=0.3
    )
    started = time.monotonic()
    with pytest.raises(LimitError):
        make_client(server, retry=bounded).list_mobjects()
    assert time.monotonic() - started < 1.5
    assert 3 <= attempts(server.stats.snapshot(), "listMObjects") < 20


def test_retries_are_logged_without_content(
    mktows_server_factory: ServerFactory, caplog: pytest.LogCaptureFixture
) -> None:
    server = mktows_server_factory(fail_rate=1.0, fail_kinds=("rate",))
    caplog.set_level(logging.INFO, logger="mktows")
    with pytest.raises(LimitError):
        make_client(server, retry=policy(Sleeps(), max_attempts=2)).list_mobjects()
    retries = [r for r in caplog.records if getattr(r, "mktows_operation", None)]
    assert [(r.mktows_operation, r.mktows_attempt) for r in retries] == [("listMObjects", 2)]  # type: ignore[attr-defined]
    assert "LimitError 20023" in retries[0].getMessage()


def _hammer(client: Client, threads: int, calls: int) -> list[BaseException]:
    errors: list[BaseException] = []

    def work() -> None:
        for _ in range(calls):
            try:
                client.list_mobjects()
            except MktowsError as exc:
                errors.append(exc)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert not any(w.is_alive() for w in workers)
    return errors


def test_one_shared_client_stays_within_the_concurrency_limit(
    mktows_server_factory: ServerFactory,
) -> None:
    server = mktows_server_factory(latency_ms=50, rate=(10_000, 20.0))
    shared = make_client(server, retry=NO_RETRY)
    adapter = shared._transport.session.get_adapter(server.endpoint)
    assert (adapter._pool_maxsize, adapter._pool_block) == (10, True)  # type: ignore[attr-defined]
    assert _hammer(shared, threads=25, calls=4) == []
    assert server.stats.snapshot()["successes"] == {"listMObjects": 100}
    greedy = make_client(server, retry=NO_RETRY, max_connections=25)
    errors = _hammer(greedy, threads=25, calls=2)
    assert errors and {getattr(e, "code", None) for e in errors} == {20024}


def test_policy_arguments_are_checked() -> None:
    with pytest.raises(ValueError):
        RetryPolicy(max_attempts=0)
    with pytest.raises(ValueError):
        RetryPolicy(base_delay=-1)
    assert NO_RETRY.max_attempts == 1 and not NO_RETRY.resign_codes
    fixed: Callable[[], float] = lambda: 1.0  # noqa: E731
    assert RetryPolicy(base_delay=1, max_delay=4, jitter=fixed).delay(10) == 4
    assert "sleep" not in repr(RetryPolicy())


class FakeClock:
    """``monotonic`` and ``sleep`` for a policy: sleeping moves the clock on."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds


@pytest.mark.parametrize("jitter", [0.0, 0.999999], ids=["least", "most"])
@pytest.mark.parametrize("code", [20023, 20024])
def test_default_backoff_outlasts_a_rate_window(jitter: float, code: int) -> None:
    clock = FakeClock()
    default = RetryPolicy(
        sleep=clock.sleep, monotonic=clock.monotonic, jitter=lambda: jitter
    )
    calls: list[float] = []

    def always_limited() -> None:
        calls.append(clock.now)
        raise LimitError(code, "Rate limit exceeded")

    with pytest.raises(LimitError) as caught:
        default.run("syncLead", always_limited)
    # The last try comes after a whole 20 s window has rolled on, even with no jitter.
    assert calls[-1] > RATE_WINDOW and sum(clock.waits) == pytest.approx(calls[-1])
    least, most = default.total_wait()
    assert least > RATE_WINDOW and most <= default.max_elapsed
    assert sum(clock.waits) == pytest.approx(least if jitter == 0 else most, rel=1e-5)
    notes = "".join(caught.value.__notes__)
    assert f"syncLead failed after {len(calls)} attempts over" in notes
    assert len(calls) == default.max_attempts
