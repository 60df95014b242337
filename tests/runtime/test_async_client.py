"""The generated AsyncClient against the loopback simulator (issue 15).

The same signing, faults and retries as the sync client, counted where they land:
in the simulator's statistics. Sync and async send byte-identical requests.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import types
import typing
from datetime import UTC, datetime, timedelta
from enum import Enum
from pathlib import Path
from typing import Any

import mktows.client
import pytest
from mktows import models as m
from mktows.client import AsyncClient, Client, Operation
from mktows.errors import (
    AuthenticationError,
    LimitError,
    RequestExpiredError,
    SoapError,
)
from mktows.retry import NO_RETRY, RetryPolicy
from mktows.signing import local_now, request_signature
from xsdata.models.datatype import XmlDate, XmlDateTime

from tests.support.http_server import RecordingServer, Reply
from tests.support.servers import (
    SECRET,
    USER_ID,
    ServerFactory,
    lead,
    make_async_client,
    make_client,
)

ROOT = Path(__file__).resolve().parents[2]
MOMENT = datetime(2026, 11, 23, 10, 0, 0, tzinfo=UTC)
OPERATIONS = sorted(
    (op for op in vars(mktows.client).values() if isinstance(op, Operation)),
    key=lambda op: op.name,
)


class AsyncSleeps:
    """An injectable ``async_sleep`` that records the waits instead of sleeping."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def attempts(server_stats: dict[str, dict[object, int]], operation: str) -> int:
    return server_stats["attempts"].get(operation, 0)


async def test_a_signed_call_round_trips(
    mktows_server_factory: ServerFactory,
) -> None:
    server = mktows_server_factory(capture=True)
    async with make_async_client(server) as client:
        synced = await client.sync_lead(
            lead_record=lead("async@example.com", FirstName="Ada"), return_lead=True
        )
        assert synced.lead_record is not None
        got = await client.get_lead(
            lead_key=m.LeadKey(
                key_type=m.LeadKeyRef.EMAIL, key_value="async@example.com"
            )
        )
    assert got.count == 1
    assert server.stats.snapshot()["successes"] == {"syncLead": 1, "getLead": 1}
    assert (
        repr(client)
        == f"AsyncClient(endpoint={server.endpoint!r}, user_id={USER_ID!r})"
    )


async def test_a_wrong_secret_is_the_typed_fault(
    mktows_server_factory: ServerFactory,
) -> None:
    server = mktows_server_factory()
    async with make_async_client(server, secret="not-the-secret") as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.list_mobjects()
    assert caught.value.code == 20014
    assert "not-the-secret" not in str(caught.value)


async def test_an_expired_request_is_signed_again_once(
    mktows_server_factory: ServerFactory,
) -> None:
    server = mktows_server_factory()
    ticks: list[datetime] = []

    def slow_then_right() -> datetime:
        ticks.append(local_now())
        return ticks[-1] - (timedelta(hours=2) if len(ticks) == 1 else timedelta())

    async with make_async_client(server, clock=slow_then_right) as client:
        await client.sync_lead(lead_record=lead("late@example.com"), return_lead=False)
    stats = server.stats.snapshot()
    assert attempts(stats, "syncLead") == 2 and stats["faults"] == {20016: 1}

    async with make_async_client(
        server, clock=lambda: local_now() - timedelta(hours=2)
    ) as client:
        with pytest.raises(RequestExpiredError) as caught:
            await client.list_mobjects()
    assert attempts(server.stats.snapshot(), "listMObjects") == 2
    assert "failed after 2 attempts" in "".join(caught.value.__notes__)


async def test_limit_faults_back_off_with_the_async_sleep(
    mktows_server_factory: ServerFactory,
) -> None:
    server = mktows_server_factory(fail_rate=1.0, fail_kinds=("rate",))
    sleeps = AsyncSleeps()
    retry = RetryPolicy(max_attempts=4, base_delay=0.01, async_sleep=sleeps)
    async with make_async_client(server, retry=retry) as client:
        with pytest.raises(LimitError) as caught:
            await client.sync_lead(
                lead_record=lead("busy@example.com"), return_lead=False
            )
    assert caught.value.code == 20023
    assert attempts(server.stats.snapshot(), "syncLead") == 4
    assert len(sleeps.waits) == 3
    for retry_number, wait in enumerate(sleeps.waits, start=1):
        ceiling = 0.01 * 2 ** (retry_number - 1)
        assert ceiling / 2 <= wait <= ceiling


async def test_backoff_gets_through_a_real_rate_limit(
    mktows_server_factory: ServerFactory,
) -> None:
    server = mktows_server_factory(rate=(2, 0.5))
    retry = RetryPolicy(base_delay=0.2, max_attempts=6)
    async with make_async_client(server, retry=retry) as client:
        for _ in range(4):
            await client.list_mobjects()
    stats = server.stats.snapshot()
    assert stats["successes"] == {"listMObjects": 4}
    assert stats["faults"].get(20023, 0) >= 1
    assert attempts(stats, "listMObjects") == 4 + stats["faults"][20023]


def sample(annotation: Any, namespace: dict[str, Any]) -> Any:
    """A value of ``annotation`` (a model field's type) with every required field set."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        return sample(options[0], namespace)
    if origin is list:
        return [sample(typing.get_args(annotation)[0], namespace)]
    if isinstance(annotation, type):
        if dataclasses.is_dataclass(annotation):
            hints = typing.get_type_hints(annotation, namespace)
            required = {
                f.name: sample(hints[f.name], namespace)
                for f in dataclasses.fields(annotation)
                if f.default is dataclasses.MISSING
                and f.default_factory is dataclasses.MISSING
            }
            return annotation(**required)
        if issubclass(annotation, Enum):
            return next(iter(annotation))
        simple = {
            bool: True,
            int: 7,
            float: 1.5,
            str: "x<&>",
            XmlDateTime: XmlDateTime(2026, 1, 2, 3, 4, 5, 0, 0),
            XmlDate: XmlDate(2026, 1, 2),
        }
        for kind, value in simple.items():
            if issubclass(annotation, kind):
                return value
    raise AssertionError(f"no sample for {annotation!r}")


def request_for(operation: Operation[Any]) -> Any:
    name = operation.write_request.__annotations__["obj"].split(".")[-1]
    return sample(getattr(m, name), vars(m))


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.name)
async def test_sync_and_async_send_byte_identical_requests(
    http_server: RecordingServer, operation: Operation[Any]
) -> None:
    http_server.reply = Reply(500, b"<html>recorded</html>", "text/html")
    request = request_for(operation)
    options: dict[str, Any] = {"clock": lambda: MOMENT, "retry": NO_RETRY}
    with pytest.raises(SoapError):
        make_client(http_server, **options).call(operation, request)
    async with make_async_client(http_server, **options) as client:
        with pytest.raises(SoapError):
            await client.call(operation, request)
    sync, aio = http_server.requests
    assert (aio.method, aio.path, aio.body) == (sync.method, sync.path, sync.body)
    assert sorted(aio.headers.items()) == sorted(
        (name, sync.headers[name] if name != "User-Agent" else value)
        for name, value in aio.headers.items()
    )
    assert sorted(aio.headers.keys()) == sorted(sync.headers.keys())
    signature = request_signature(SECRET, "2026-11-23T10:00:00+00:00", USER_ID)
    assert signature.encode() in sync.body


def test_every_operation_is_an_async_method() -> None:
    assert len(OPERATIONS) == 23
    for name, member in vars(Client).items():
        if name.startswith("_") or not callable(member):
            continue
        twin = getattr(AsyncClient, name)
        assert twin.__code__.co_flags & 0x80, f"AsyncClient.{name} is not a coroutine"


IMPORT_WITHOUT_HTTPX = """
import sys
sys.modules["httpx"] = None  # any import of httpx now raises ImportError
import mktows, mktows.client, mktows.paging, mktows.bulk, mktows.limiter
from mktows.client import AsyncClient, Client
client = Client("http://127.0.0.1:9/soap", "user", "secret")
try:
    AsyncClient("http://127.0.0.1:9/soap", "user", "secret")
except ImportError as error:
    print(error)
print(sorted(n for n, mod in sys.modules.items() if mod is not None and n.split(".")[0] in ("httpx", "httpcore", "anyio")))
"""


def test_the_package_and_the_sync_client_import_without_httpx() -> None:
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_WITHOUT_HTTPX],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    message, loaded = result.stdout.splitlines()
    assert "pip install 'httpx" in message and "'async' extra" in message
    assert loaded == "[]"


def test_the_async_extra_is_declared_and_recorded() -> None:
    import tomllib

    from generator.options import EXTRA_REQUIREMENTS

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert tuple(declared["optional-dependencies"]["async"]) == (
        EXTRA_REQUIREMENTS["async"]
    )
    from mktows import _provenance

    assert _provenance.EXTRA_REQUIREMENTS == EXTRA_REQUIREMENTS
    header = Path(mktows.client.__file__).read_text().splitlines()[2]
    assert header.endswith("; extra async: httpx>=0.27,<1")
