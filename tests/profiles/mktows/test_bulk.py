"""Bulk writes and the call limiter against the loopback server: chunking, per-record
results, over-limit batches refused before sending, failed calls reported, and the
documented 100 calls / 20 s and 10 in flight kept without a single 20023."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator

import pytest
from mktows import bulk
from mktows import models as m
from mktows.client import Client
from mktows.errors import InvalidRequestError, LimitError, NotFoundError
from mktows.limiter import CallLimiter, LimitedAdapter, limited_session
from mktows.retry import NO_RETRY

from generator.profiles.mktows.runtime.limits import CALLS_PER_WINDOW, WINDOW_SECONDS
from generator.profiles.mktows.simulator import SimulatorServer
from generator.resources import REPO_ROOT
from tests.support.servers import SECRET, USER_ID, ServerFactory, key, lead, make_client

pytestmark = pytest.mark.bulk


def deal(i: int) -> m.MObject:
    return m.MObject(
        type_value="Opportunity",
        attrib_list=m.ArrayOfAttrib(attrib=[m.Attrib(name="Name", value=f"D{i}")]),
    )


def test_records_are_chunked_and_every_status_is_kept_in_input_order(
    mktows_server: SimulatorServer, mktows_client: Client
) -> None:
    def records() -> Iterator[m.LeadRecord]:  # a generator: no len() to lean on
        for i in range(10):
            yield lead(f"b{i}@bulk.example", **({"Shoe": "42"} if i in (3, 8) else {}))

    seen: list[tuple[int, int | None]] = []
    result = bulk.sync_multiple_leads(
        mktows_client,
        records(),
        chunk_size=4,
        workers=3,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert (result.calls, result.records) == (3, 10)
    assert result.counts == {"CREATED": 8, "FAILED": 2} and not result.ok
    assert [(f.index, f.outcome) for f in result.failures] == [
        (3, "FAILED"),
        (8, "FAILED"),
    ]
    assert {f.error for f in result.failures} == {"Lead Attribute Bad"}
    # Chunks went out three at a time; each status still belongs to its record.
    emails = {
        r["id"]: r["email"] for r in mktows_server.store.rows("SELECT * FROM leads")
    }
    assert [emails.get(s.lead_id) for s in result.statuses] == [
        None if i in (3, 8) else f"b{i}@bulk.example" for i in range(10)
    ]
    assert seen == [(4, None), (8, None), (10, None)]
    assert mktows_server.stats.snapshot()["attempts"] == {"syncMultipleLeads": 3}
    assert "CREATED 8, FAILED 2" in result.summary()

    again = bulk.sync_multiple_leads(mktows_client, [lead("b0@bulk.example")])
    assert again.counts == {"UPDATED": 1} and again.ok


def test_an_over_limit_batch_is_refused_before_anything_is_sent(
    mktows_server: SimulatorServer, mktows_client: Client
) -> None:
    consumed: list[int] = []

    def deals() -> Iterator[m.MObject]:
        for i in range(150):
            consumed.append(i)
            yield deal(i)

    with pytest.raises(bulk.BatchLimitError, match="at most 100 records per call"):
        bulk.sync_mobjects(
            mktows_client, deals(), operation=m.SyncOperationEnum.INSERT, chunk_size=150
        )
    with pytest.raises(bulk.BatchLimitError):
        bulk.sync_custom_objects(
            mktows_client, [], obj_type_name="RoadShow", chunk_size=101
        )
    with pytest.raises(bulk.BatchLimitError):
        bulk.list_operation(
            mktows_client,
            [],
            list_operation=m.ListOperationType.ADDTOLIST,
            list_key=m.ListKey(key_type=m.ListKeyType.MKTOLISTNAME, key_value="x"),
            chunk_size=1001,
        )
    with pytest.raises(ValueError, match="at least 1"):
        bulk.sync_multiple_leads(mktows_client, [], chunk_size=0)
    assert consumed == [] and mktows_server.stats.snapshot()["attempts"] == {}

    # The same objects at the documented size go through, 100 a call.
    result = bulk.sync_mobjects(
        mktows_client, deals(), operation=m.SyncOperationEnum.INSERT
    )
    assert (result.calls, result.counts) == (2, {"CREATED": 150})


def test_a_failed_call_stops_the_run_and_is_reported_with_what_was_done(
    mktows_server: SimulatorServer, mktows_client: Client
) -> None:
    ids = bulk.sync_multiple_leads(
        mktows_client, [lead(f"c{i}@bulk.example") for i in range(250)]
    )
    keys = [key(m.LeadKeyRef.IDNUM, s.lead_id) for s in ids.statuses]
    keys[150] = key(m.LeadKeyRef.IDNUM, 999_999)  # no such lead: the call faults
    with pytest.raises(bulk.BulkError) as caught:
        bulk.request_campaign(
            mktows_client, keys, source=m.ReqCampSourceType.MKTOWS, campaign_id=2001
        )
    error = caught.value
    assert isinstance(error.__cause__, NotFoundError)
    assert (error.result.calls, error.result.records) == (1, 100)
    assert error.result.counts == {"true": 100}
    assert [(f.index, f.count) for f in error.failed] == [(100, 100)]
    assert "records 100-199 failed" in str(error)
    assert mktows_server.stats.snapshot()["attempts"]["requestCampaign"] == 2

    # A batch over the service's own limit (300 is only a recommendation here)
    # is the service's to refuse, and the refusal is raised, not swallowed.
    with pytest.raises(bulk.BulkError) as caught:
        bulk.sync_multiple_leads(
            mktows_client,
            [lead(f"d{i}@bulk.example") for i in range(301)],
            chunk_size=301,
        )
    assert isinstance(caught.value.__cause__, InvalidRequestError)
    assert caught.value.result.records == 0


def test_list_operation_sends_1000_lead_keys_a_call(
    mktows_server: SimulatorServer, mktows_client: Client
) -> None:
    ids = bulk.sync_multiple_leads(
        mktows_client, [lead(f"l{i}@bulk.example") for i in range(2_500)]
    )
    result = bulk.list_operation(
        mktows_client,
        (key(m.LeadKeyRef.IDNUM, s.lead_id) for s in ids.statuses),
        list_operation=m.ListOperationType.ADDTOLIST,
        list_key=m.ListKey(
            key_type=m.ListKeyType.MKTOLISTNAME, key_value="Webinar Attendees"
        ),
    )
    assert (result.calls, result.counts, result.ok) == (3, {"true": 2_500}, True)
    rows = mktows_server.store.rows(
        "SELECT COUNT(*) AS n FROM list_members WHERE list_id = 3002"
    )
    assert rows[0]["n"] == 2_500


def test_the_limiter_keeps_to_its_window_and_concurrency() -> None:
    limiter = CallLimiter(calls=4, window=0.3, concurrency=2)
    spans: list[tuple[float, float]] = []
    lock = threading.Lock()

    def work() -> None:
        for _ in range(3):
            with limiter.slot():  # stands for a call the server admits in its slot
                start = time.monotonic()
                time.sleep(0.01)
                end = time.monotonic()
            with lock:
                spans.append((start, end))

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert len(spans) == 18 and limiter.started == 18 and limiter.waited > 0
    for start, _ in spans:  # checked as the server checks, at each admission
        in_flight = [s for s, e in spans if s < start < e]
        in_window = [s for s, _ in spans if start - limiter.window < s < start]
        assert len(in_flight) < limiter.concurrency
        assert len(in_window) < limiter.calls
    session = limited_session(limiter)
    assert isinstance(session.get_adapter("https://example.invalid/"), LimitedAdapter)
    with pytest.raises(ValueError):
        CallLimiter(calls=0)


CALLS = CALLS_PER_WINDOW + 20  # more than the service allows in one window


def sync_one_lead_a_call(client: Client) -> bulk.BulkResult[m.SyncStatus]:
    records = [lead(f"r{i}@limits.example") for i in range(CALLS)]
    return bulk.sync_multiple_leads(client, records, chunk_size=1, workers=10)


def test_with_the_limiter_the_server_sees_no_rate_or_concurrency_fault(
    mktows_server_factory: ServerFactory,
) -> None:
    """The documented limits on both sides; no retries, so any fault would raise."""
    server = mktows_server_factory()  # the documented account limits
    limiter = CallLimiter()  # the same documented limits
    client = make_client(server, retry=NO_RETRY, session=limited_session(limiter))
    started = time.monotonic()
    result = sync_one_lead_a_call(client)
    elapsed = time.monotonic() - started
    stats = server.stats.snapshot()
    assert stats["faults"] == {} and stats["successes"] == {"syncMultipleLeads": CALLS}
    assert result.counts == {"CREATED": CALLS}
    assert limiter.started == CALLS and limiter.waited > 0
    assert WINDOW_SECONDS <= elapsed < 2 * WINDOW_SECONDS  # the last 20 waited


def test_without_the_limiter_the_same_work_trips_the_rate_limit(
    mktows_server_factory: ServerFactory,
) -> None:
    """The control for the test above: it would fail if the limiter did nothing."""
    server = mktows_server_factory()
    client = make_client(server, retry=NO_RETRY)
    with pytest.raises(bulk.BulkError) as caught:
        sync_one_lead_a_call(client)
    assert isinstance(caught.value.__cause__, LimitError)
    assert server.stats.snapshot()["faults"].get(20023, 0) > 0


def test_the_docs_bulk_example_runs(
    mktows_server: SimulatorServer, capsys: pytest.CaptureFixture[str]
) -> None:
    page = (REPO_ROOT / "docs/bulk.md").read_text("utf-8")
    blocks = re.findall(r"```python\n(.*?)```", page, re.DOTALL)
    example = next(b for b in blocks if "from mktows import Client, bulk, paging" in b)
    namespace = {
        "ENDPOINT": mktows_server.endpoint,
        "USER_ID": USER_ID,
        "SECRET": SECRET,
    }
    exec(compile(example, "docs/bulk.md", "exec"), namespace)
    assert namespace["result"].counts == {"CREATED": 1000}
    summary = "syncMultipleLeads: 1000 records in 4 calls: CREATED 1000"
    assert capsys.readouterr().out.splitlines() == [summary]
    assert f"print(result.summary())  # {summary}" in example
    assert mktows_server.stats.snapshot()["faults"] == {}
