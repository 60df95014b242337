"""The Marketo async helpers against the loopback simulator (issue 15, item 4).

``async for`` pagers with the sync pagers' stop rules and positions, the asyncio
call limiter, and async bulk writes with chunks in flight under the limiter.
Sizes keep each test within a few seconds: 2,000 leads (the issue asks for 10,000;
the limiter's behaviour does not change with the count, only the run time).
"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

import pytest
from mktows import bulk, paging
from mktows import models as m
from mktows.client import Client
from mktows.errors import LimitError
from mktows.limiter import AsyncCallLimiter, limited_async_client
from mktows.retry import NO_RETRY
from xsdata.models.datatype import XmlDateTime

from generator.profiles.mktows.simulator import SimulatorServer
from tests.support.servers import (
    ServerFactory,
    lead,
    make_async_client,
)

pytestmark = pytest.mark.bulk

PAGED = 2_000  # leads the pager tests read, in pages of 700
LEADS = 10_000
CHUNK = LEADS // 40  # 40 calls: two full windows of 20


def since_yesterday() -> m.LastUpdateAtSelector:
    moment = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    return m.LastUpdateAtSelector(oldest_updated_at=XmlDateTime.from_datetime(moment))


@pytest.fixture
def leads(mktows_server: SimulatorServer, mktows_client: Client) -> list[int]:
    records = (lead(f"a{i}@async.example") for i in range(PAGED))
    result = bulk.sync_multiple_leads(mktows_client, records)
    assert result.ok
    return [status.lead_id for status in result.statuses]


async def test_async_pages_match_the_sync_pager_and_resume(
    mktows_server: SimulatorServer, mktows_client: Client, leads: list[int]
) -> None:
    selector = since_yesterday()
    synced = paging.get_multiple_leads(
        mktows_client, lead_selector=selector, batch_size=700
    )
    assert [r.id for r in synced] == leads
    async with make_async_client(mktows_server) as client:
        pager = paging.get_multiple_leads(
            client, lead_selector=selector, batch_size=700
        )
        assert [record.id async for record in pager] == leads
        assert (pager.pages_read, pager.finished, pager.position) == (3, True, "")

        first = paging.get_multiple_leads(
            client, lead_selector=selector, batch_size=700
        )
        pages = first.pages()
        done = [r.id for r in (await anext(pages)).records]
        saved = first.position
        assert isinstance(saved, str) and saved and not first.finished
        rest = paging.get_multiple_leads(
            client, lead_selector=selector, batch_size=700, stream_position=saved
        )
        again = [r.id async for page in rest.pages() for r in page.records]
        assert done + again == leads and rest.finished

        with pytest.raises(TypeError, match="async for"):
            list(paging.get_multiple_leads(client, lead_selector=selector))
    with pytest.raises(TypeError, match="'for'"):
        [
            r
            async for r in paging.get_multiple_leads(
                mktows_client, lead_selector=selector
            )
        ]


async def test_async_lead_changes_end_quietly_on_20123(
    mktows_server: SimulatorServer, leads: list[int]
) -> None:
    moment = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    start = m.StreamPosition(oldest_created_at=XmlDateTime.from_datetime(moment))
    async with make_async_client(mktows_server) as client:
        pager = paging.get_lead_changes(client, start_position=start, batch_size=1000)
        changes = [c async for c in pager]
        assert [c.mkt_person_id for c in changes] == [str(i) for i in leads]
        nothing = paging.get_lead_changes(client, start_position=pager.position)
        assert [c async for c in nothing] == [] and nothing.finished
    assert mktows_server.stats.snapshot()["faults"] == {20123: 1}


async def test_the_async_limiter_keeps_to_its_window_and_concurrency() -> None:
    limiter = AsyncCallLimiter(calls=5, window=0.5, concurrency=2)
    starts: list[float] = []
    in_flight = peak = 0

    async def call() -> None:
        nonlocal in_flight, peak
        async with limiter.slot():
            starts.append(time.monotonic())
            in_flight += 1
            peak = max(peak, in_flight)
            await asyncio.sleep(0.02)
            in_flight -= 1

    began = time.monotonic()
    await asyncio.gather(*(call() for _ in range(12)))
    assert peak == 2 and limiter.started == 12 and limiter.waited > 0
    for first in starts:  # any 0.5 s holds at most 5 starts
        assert sum(first <= s < first + 0.5 for s in starts) <= 5
    assert time.monotonic() - began >= 1.0  # 12 calls need at least three windows


def leads_for(count: int) -> list[m.LeadRecord]:
    return [lead(f"once{i}@limits.example") for i in range(count)]


async def test_async_bulk_lands_every_lead_once_with_no_limit_fault(
    mktows_server_factory: ServerFactory,
) -> None:
    """A tight rate on both sides (20 calls per 2 s, 10 in flight) and no retries:
    any 20023 or 20024 would raise. 10,000 leads in 40 calls of 250 take two waits."""
    server = mktows_server_factory(rate=(20, 2.0))
    limiter = AsyncCallLimiter(calls=20, window=2.0, concurrency=10)
    progress: list[int] = []
    async with (
        limited_async_client(limiter) as http,
        make_async_client(server, retry=NO_RETRY, session=http) as client,
    ):
        result = await bulk.sync_multiple_leads_async(
            client,
            leads_for(LEADS),
            chunk_size=CHUNK,
            in_flight=10,
            progress=lambda done, total: progress.append(done),
        )
    stats = server.stats.snapshot()
    assert stats["faults"] == {}
    assert stats["successes"] == {"syncMultipleLeads": 40}
    assert result.counts == {"CREATED": LEADS} and result.ok and result.calls == 40
    assert progress == list(range(CHUNK, LEADS + 1, CHUNK))  # in input order
    emails = [r["email"] for r in server.store.rows("SELECT email FROM leads")]
    assert sorted(emails) == sorted(f"once{i}@limits.example" for i in range(LEADS))
    assert limiter.started == 40 and limiter.waited > 0


async def test_without_the_limiter_the_same_work_trips_the_rate_limit(
    mktows_server_factory: ServerFactory,
) -> None:
    """The control for the test above: it would fail if the limiter did nothing."""
    server = mktows_server_factory(rate=(20, 2.0))
    async with make_async_client(server, retry=NO_RETRY) as client:
        with pytest.raises(bulk.BulkError) as caught:
            await bulk.sync_multiple_leads_async(
                client, leads_for(LEADS), chunk_size=CHUNK, in_flight=10
            )
    assert isinstance(caught.value.__cause__, LimitError)
    assert caught.value.result.records < LEADS


async def test_async_bulk_results_equal_the_sync_results(
    mktows_server: SimulatorServer, mktows_client: Client
) -> None:
    records = [
        lead(f"same{i}@bulk.example", **({"Shoe": "42"} if i in (2, 7) else {}))
        for i in range(9)
    ]
    synced = bulk.sync_multiple_leads(mktows_client, records, chunk_size=4)
    async with make_async_client(mktows_server) as client:
        again = await bulk.sync_multiple_leads_async(
            client, records, chunk_size=4, in_flight=3
        )
    assert synced.counts == {"CREATED": 7, "FAILED": 2}
    assert again.counts == {"UPDATED": 7, "FAILED": 2}
    assert [(f.index, f.error) for f in again.failures] == [
        (f.index, f.error) for f in synced.failures
    ]
    assert [s.lead_id for s in again.statuses] == [s.lead_id for s in synced.statuses]
