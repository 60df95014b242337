"""Concurrency (issue 15): 200 calls to the loopback simulator at 50 ms latency.

The simulator runs in its own process (``mktows-codegen serve --latency 50`` with a
rate limit far above what 200 calls need), so the client's CPU time is its own.
Three ways of making the same 200 ``getLead`` calls:

* ``sync sequential``: one :class:`Client`, one call after another;
* ``sync 10 threads``: one :class:`Client` shared by 10 threads (its pool of 10);
* ``async 10 in flight``: one :class:`AsyncClient`, 10 tasks at a time.

Reported: wall time, throughput (calls/s), CPU time per call of this process, and
the ratios the issue sets as goals: async ≥ 8x sequential sync, within 10 % of the
threaded sync client, CPU per call ≤ 1.2x the sync client's.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass

CALLS = 200
IN_FLIGHT = 10
LATENCY_MS = 50
USER_ID = "bench_user"
SECRET = "bench-secret-Concurrency"


@dataclass(frozen=True)
class Row:
    mode: str
    calls: int
    seconds: float
    cpu_seconds: float

    @property
    def throughput(self) -> float:
        return self.calls / self.seconds

    @property
    def cpu_ms_per_call(self) -> float:
        return 1000 * self.cpu_seconds / self.calls


@contextmanager
def simulator() -> Iterator[str]:
    """The endpoint of ``mktows-codegen serve`` in a child process."""
    command = [
        sys.executable,
        "-m",
        "generator",
        "serve",
        "--port",
        "0",
        "--latency",
        str(LATENCY_MS),
        "--rate",
        "100000/20",
        "--concurrency",
        "64",
        "--user-id",
        USER_ID,
        "--secret",
        SECRET,
    ]
    child = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert child.stdout is not None
        endpoint = child.stdout.readline().strip()
        if not endpoint.startswith("http"):
            raise RuntimeError(f"the simulator did not start: {endpoint!r}")
        yield endpoint
    finally:
        child.terminate()
        child.wait(timeout=10)


def timed(mode: str, work: Callable[[], None]) -> Row:
    cpu, wall = time.process_time(), time.perf_counter()
    work()
    return Row(mode, CALLS, time.perf_counter() - wall, time.process_time() - cpu)


def measure(endpoint: str) -> list[Row]:
    from mktows import models as m
    from mktows.client import AsyncClient, Client

    key = m.LeadKey(key_type=m.LeadKeyRef.IDNUM, key_value="1")
    client = Client(endpoint, USER_ID, SECRET, max_connections=IN_FLIGHT)
    rows: list[Row] = []

    def one() -> None:
        try:
            client.get_lead(lead_key=key)
        except Exception as error:  # not found is an answer like any other
            if getattr(error, "code", None) != 20103:
                raise

    def sequential() -> None:
        for _ in range(CALLS):
            one()

    def threaded() -> None:
        with ThreadPoolExecutor(IN_FLIGHT) as pool:
            for future in [pool.submit(one) for _ in range(CALLS)]:
                future.result()

    async def in_flight(calls: int = CALLS) -> None:
        async with AsyncClient(
            endpoint, USER_ID, SECRET, max_connections=IN_FLIGHT
        ) as aclient:
            gate = asyncio.Semaphore(IN_FLIGHT)

            async def call() -> None:
                async with gate:
                    try:
                        await aclient.get_lead(lead_key=key)
                    except Exception as error:
                        if getattr(error, "code", None) != 20103:
                            raise

            await asyncio.gather(*(call() for _ in range(calls)))

    for _ in range(3):  # warm up: imports, connections, caches; not timed
        one()
    asyncio.run(in_flight(3))
    rows.append(timed("sync sequential", sequential))
    rows.append(timed(f"sync {IN_FLIGHT} threads", threaded))
    rows.append(timed(f"async {IN_FLIGHT} in flight", lambda: asyncio.run(in_flight())))
    return rows


def measure_into(rows: list[Row], quick: bool) -> None:
    """Run the three modes against a fresh simulator, appending to ``rows``."""
    with simulator() as endpoint:
        rows.extend(measure(endpoint))


def render(rows: list[Row]) -> str:
    lines = [
        f"Concurrency: {CALLS} getLead calls, simulator at {LATENCY_MS} ms latency",
        "",
        "| mode | wall s | calls/s | CPU ms/call |",
        "| --- | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {r.mode} | {r.seconds:.2f} | {r.throughput:.0f} | {r.cpu_ms_per_call:.2f} |"
        for r in rows
    ]
    sequential, threaded, aio = rows
    lines += [
        "",
        f"async / sequential sync throughput: {aio.throughput / sequential.throughput:.1f}x (goal >= 8x)",
        f"async / threaded sync throughput: {aio.throughput / threaded.throughput:.2f}x (goal >= 0.90x)",
        f"async / sync CPU per call: {aio.cpu_ms_per_call / sequential.cpu_ms_per_call:.2f}x "
        f"(goal <= 1.2x); vs threaded: {aio.cpu_ms_per_call / threaded.cpu_ms_per_call:.2f}x",
    ]
    return "\n".join(lines)
