"""The bounded load test: 10 threads x 200 calls, 5 % of them failing on purpose.

One shared client (thread-safe, pooled) talks to the simulator over loopback with
``--fail-rate 0.05``. Every other call is a ``syncMultipleLeads`` of three new
leads with ``dedupEnabled=false``, so a write applied twice would show up as a
duplicate and a write lost would be missing: every record must land exactly once,
in the server's own state. Retries are counted on both sides and must agree.

The rate limit is raised for this test (2,000 calls in seconds is far over the
documented 100 per 20 s); concurrency stays at the documented 10. Worker threads
are joined with a deadline, so the test stops by itself within a minute.
"""

from __future__ import annotations

import logging
import threading
import time

import pytest
from mktows import models as m
from mktows.client import Client
from mktows.retry import RetryPolicy

from tests.support.servers import ServerFactory, make_client

THREADS = 10
CALLS = 200  # per thread
DEADLINE = 60.0  # seconds
RETRY = RetryPolicy(max_attempts=8, base_delay=0.005, max_delay=0.05, max_elapsed=20.0)

pytestmark = pytest.mark.load


def worker(client: Client, number: int, errors: list[BaseException]) -> None:
    """Alternate a three-lead sync and a read of what it synced."""
    try:
        for call in range(CALLS // 2):
            emails = [f"t{number}-c{call}-r{r}@load.example" for r in range(3)]
            records = m.ArrayOfLeadRecord(
                lead_record=[m.LeadRecord(email=e) for e in emails]
            )
            synced = client.sync_multiple_leads(
                lead_record_list=records, dedup_enabled=False
            )
            assert [s.status for s in synced.sync_status_list.sync_status] == [
                m.LeadSyncStatus.CREATED
            ] * 3
            selector = m.LeadKeySelector(
                key_type=m.LeadKeyRef.EMAIL,
                key_values=m.ArrayOfString(string_item=emails),
            )
            assert client.get_multiple_leads(lead_selector=selector).return_count == 3
    except BaseException as exc:
        errors.append(exc)


def test_every_record_lands_exactly_once_under_failures(
    mktows_server_factory: ServerFactory, caplog: pytest.LogCaptureFixture
) -> None:
    server = mktows_server_factory(fail_rate=0.05, seed=6, rate=(1_000_000, 20.0))
    client = make_client(server, retry=RETRY, timeout=(5.0, 10.0))
    caplog.set_level(logging.INFO, logger="mktows")
    errors: list[BaseException] = []
    threads = [
        threading.Thread(target=worker, args=(client, n, errors), daemon=True)
        for n in range(THREADS)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, DEADLINE - (time.monotonic() - started)))
    elapsed = time.monotonic() - started
    assert not [
        t for t in threads if t.is_alive()
    ], f"workers still running after {elapsed:.0f} s"
    assert not errors, errors[:3]

    rows = server.store.rows("SELECT email, COUNT(*) AS n FROM leads GROUP BY email")
    landed = {row["email"]: row["n"] for row in rows}
    expected = {
        f"t{n}-c{c}-r{r}@load.example"
        for n in range(THREADS)
        for c in range(CALLS // 2)
        for r in range(3)
    }
    assert set(landed) == expected and set(landed.values()) == {1}

    stats = server.stats.snapshot()
    retried = sum(stats["faults"].get(code, 0) for code in (20023, 20024))
    client_retries = [r for r in caplog.records if getattr(r, "mktows_operation", None)]
    assert sum(stats["successes"].values()) == THREADS * CALLS
    assert sum(stats["attempts"].values()) == THREADS * CALLS + retried
    assert len(client_retries) == retried == sum(stats["injected"].values())
    assert 0.02 * THREADS * CALLS < retried < 0.1 * THREADS * CALLS
    assert elapsed < DEADLINE
