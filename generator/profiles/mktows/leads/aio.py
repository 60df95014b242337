"""``leads export|import --async``: the same runs with an ``AsyncClient``.

The calls are the ones :mod:`.work` makes with a ``Client``, awaited: an ``async
for`` over the same pager for an export, ``bulk.sync_multiple_leads_async`` with
up to ``--workers`` chunks in flight (default :data:`MAX_IN_FLIGHT`) for an import.
Every attempt goes through an ``AsyncCallLimiter`` with ``--rate``, in the
``httpx.AsyncClient`` the run makes and closes. Everything else (the checks, the
output, the summary, the failures file, the exit status) is the shared
:class:`~.jobs.Export` / :class:`~.jobs.Import`, so both paths print and write the
same bytes.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from generator.errors import GeneratorError
from generator.profiles.mktows.leads.jobs import Export, Import, service_errors
from generator.profiles.mktows.leads.package import Api
from generator.profiles.mktows.leads.work import connect_async
from generator.profiles.mktows.runtime.limits import MAX_IN_FLIGHT

if TYPE_CHECKING:
    import httpx

HTTPX_MISSING = (
    "needs httpx: install the async extra, e.g. pip install 'mktows-codegen[async]'"
)


def run(work: Coroutine[Any, Any, int]) -> int:
    """Run one ``--async`` command to its exit status, on a new event loop."""
    if importlib.util.find_spec("httpx") is None:
        work.close()  # never started: nothing was sent
        raise GeneratorError("--async", HTTPX_MISSING)
    return asyncio.run(work)


def in_flight(args: argparse.Namespace) -> int:
    """Chunks in flight at once: ``--workers``, else the concurrency limit."""
    workers: int | None = args.workers
    return workers or MAX_IN_FLIGHT


@asynccontextmanager
async def limited(
    args: argparse.Namespace, api: Api
) -> AsyncIterator[httpx.AsyncClient]:
    """The run's connection pool, every attempt through an ``AsyncCallLimiter``."""
    calls, window = args.rate
    limiter = api.limiter.AsyncCallLimiter(calls, window)
    async with api.limiter.limited_async_client(limiter) as session:
        yield session


async def export_async(job: Export) -> int:
    """:func:`~.work.run_export` with an ``AsyncClient``."""
    args, api = job.args, job.api
    async with limited(args, api) as session:
        client = connect_async(args, api, session, frozenset())
        with service_errors(client.endpoint, api):
            described = (
                await client.describe_mobject(object_name="LeadRecord")
                if job.describes
                else None
            )
            with job.output(described):
                for selector in job.selectors:
                    pager = job.pager(client, selector)
                    async for lead in pager:
                        job.take(lead)
                    job.paged(pager)
    return job.finish()


async def import_async(job: Import) -> int:
    """:func:`~.work.run_import` with an ``AsyncClient``."""
    args, api = job.args, job.api
    bulk = api.bulk
    async with limited(args, api) as session:
        client = connect_async(args, api, session, job.idempotent)
        if args.list:
            with job.checking_list(client.endpoint):
                await client.get_multiple_leads(
                    lead_selector=job.list_selector, batch_size=1
                )
        with job.progress() as progress:
            try:
                result = await bulk.sync_multiple_leads_async(
                    client,
                    job.leads(),
                    in_flight=in_flight(args),
                    progress=progress,
                    **job.bulk_options,
                )
            except bulk.BulkError as exc:
                return job.stopped(client.endpoint, exc)
        failed = job.report(result)
        if args.list:
            keys = job.list_keys(result)
            try:
                added = await bulk.list_operation_async(
                    client, keys, in_flight=in_flight(args), **job.list_options
                )
            except api.errors.MktowsError as exc:  # imported; only the list failed
                failed += job.list_stopped(client.endpoint, exc, len(keys))
            else:
                failed += job.list_added(added, len(keys))
    return 1 if failed else 0
