"""The work behind ``mktows-codegen leads``: paged exports and chunked imports.

``export`` pages ``getMultipleLeads`` with the generated ``paging`` module;
``import`` sends ``syncMultipleLeads`` in chunks with its ``bulk`` module. Both come
from the package generated for ``--wsdl`` (:mod:`.package`). Every call goes through
a ``CallLimiter``, so a run never trips the account's rate (20023) or concurrency
(20024) limits. This module checks the options and makes the calls with a
``Client``; ``--async`` makes the same calls with an ``AsyncClient``
(:mod:`.aio`), and :mod:`.jobs` does everything around them for both. The secret
is passed to the client and to nothing else: no message here can contain it.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from generator.errors import GeneratorError
from generator.profiles.mktows.leads.files import check_writable, format_for, scan_csv
from generator.profiles.mktows.leads.jobs import Export, Import, service_errors
from generator.profiles.mktows.leads.package import Api, api_for
from generator.profiles.mktows.runtime.limits import MAX_UPDATE_WINDOW

if TYPE_CHECKING:
    from mktows.client import AsyncClient, Client
    from mktows.models import LeadSelector
    from mktows.retry import RetryPolicy

ENDPOINT_EXAMPLE = "https://123-ABC-456.mktoapi.com/soap/mktows/2_6"
ENDPOINT_ENV, USER_ID_ENV, SECRET_ENV = (
    "MKTOWS_ENDPOINT",
    "MKTOWS_USER_ID",
    "MKTOWS_SECRET",
)


def check_options(args: argparse.Namespace) -> None:
    """Refuse what the command line alone shows is wrong, before any file is read
    or any call is made: missing settings, an endpoint that is not a URL, an
    empty ``--list``."""
    settings = [
        ("--endpoint", args.endpoint, ENDPOINT_ENV),
        ("--user-id", args.user_id, USER_ID_ENV),
        ("--secret", args.secret, SECRET_ENV),
    ]
    missing = [f"{flag} (or ${env})" for flag, value, env in settings if not value]
    if missing:
        raise GeneratorError("leads", f"{', '.join(missing)} required")
    check_endpoint(args.endpoint)
    if args.list is not None and not args.list.strip():
        raise GeneratorError("--list", "is empty; expected a static list name or id")


def check_endpoint(url: str) -> None:
    """Refuse an endpoint no request could be sent to (one line, nothing sent)."""
    import requests

    problem = None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
        requests.PreparedRequest().prepare_url(url, None)
    except (ValueError, requests.RequestException) as exc:
        problem = str(exc) or type(exc).__name__
    else:
        if parts.scheme not in ("http", "https") or not parts.hostname:
            problem = "expected an http:// or https:// URL with a host"
    if problem is not None:
        raise GeneratorError(
            "--endpoint",
            f"{url!r} is not a usable URL ({problem}), e.g. {ENDPOINT_EXAMPLE}",
        )


def output_path(
    option: str, text: str | None, source: Path | None = None
) -> Path | None:
    """The file ``option`` names: never empty, never the input file ``source``."""
    if text is None:
        return None
    if not text.strip():
        raise GeneratorError(option, "is empty; expected a file name, e.g. failed.csv")
    path = Path(text)
    if source is not None and path.resolve() == source.resolve():
        raise GeneratorError(
            option, f"{text} is the input file; expected another file name"
        )
    return path


def connect(
    args: argparse.Namespace, api: Api, idempotent: frozenset[str] = frozenset()
) -> Client:
    """A client for the endpoint, its every call through a ``CallLimiter``."""
    calls, window = args.rate
    session = api.limiter.limited_session(api.limiter.CallLimiter(calls, window))
    client: Client = _client(api.client.Client, args, api, session, idempotent)
    return client


def connect_async(
    args: argparse.Namespace, api: Api, session: Any, idempotent: frozenset[str]
) -> AsyncClient:
    """:func:`connect` for ``--async``: an ``AsyncClient`` on ``session``, an
    ``httpx.AsyncClient`` whose every call goes through an ``AsyncCallLimiter``."""
    client: AsyncClient = _client(
        api.client.AsyncClient, args, api, session, idempotent
    )
    return client


def _client(
    kind: Any,
    args: argparse.Namespace,
    api: Api,
    session: Any,
    idempotent: frozenset[str],
) -> Any:
    try:
        return kind(
            args.endpoint,
            args.user_id,
            args.secret,
            session=session,
            retry=retry_policy(args.rate[1], idempotent, api),
        )
    except ValueError as exc:
        raise GeneratorError("--endpoint", str(exc)) from None


def retry_policy(
    window: float, idempotent: frozenset[str], api: Api | None = None
) -> RetryPolicy:
    """Backoff settings whose retries of 20023/20024 wait out a whole rate window.

    A 20023 means the account's window is full (another run, or another tool, used
    it), and it empties only as the window rolls on: the waits, at their shortest
    (half of each jittered ceiling), add up to more than ``window`` seconds.
    """
    api = api or api_for()

    base, cap = 0.5, max(1.0, window / 2)
    ceilings: list[float] = []
    while sum(ceilings) / 2 <= window * 1.2:
        ceilings.append(min(cap, base * 2 ** len(ceilings)))
    policy: RetryPolicy = api.retry.RetryPolicy(
        max_attempts=len(ceilings) + 1,
        base_delay=base,
        max_delay=cap,
        max_elapsed=sum(ceilings) + window,
        idempotent=idempotent,
    )
    return policy


def prepare_export(args: argparse.Namespace) -> Export:
    """Check an export's options (nothing is sent yet)."""
    check_options(args)
    if args.updated_until is not None and args.updated_since is None:
        raise GeneratorError("--updated-until", "needs --updated-since")
    api = api_for(args.wsdl)
    selectors = _selectors(args, api)
    fmt = format_for(args.output, args.format)
    if args.safe_csv and fmt != "csv":
        raise GeneratorError("--safe-csv", f"applies to CSV output, not {fmt}")
    fields = [f.strip() for f in (args.fields or "").split(",") if f.strip()]
    return Export(args, api, selectors, fmt, fields)


def run_export(args: argparse.Namespace) -> int:
    job = prepare_export(args)
    if args.use_async:
        from generator.profiles.mktows.leads.aio import export_async, run

        return run(export_async(job))
    client = connect(args, job.api)
    with service_errors(client.endpoint, job.api):
        described = (
            client.describe_mobject(object_name="LeadRecord") if job.describes else None
        )
        with job.output(described):
            for selector in job.selectors:
                pager = job.pager(client, selector)
                for lead in pager:
                    job.take(lead)
                job.paged(pager)
    return job.finish()


def _selectors(args: argparse.Namespace, api: Api) -> list[LeadSelector]:
    """The leadSelector(s) to page: one list, or the window in slices of the longest
    one the service takes."""
    from xsdata.models.datatype import XmlDateTime

    m = api.models

    if args.list is not None:
        if args.list.isdigit():
            return [m.StaticListSelector(static_list_id=int(args.list))]
        return [m.StaticListSelector(static_list_name=args.list)]
    since: datetime = args.updated_since
    until: datetime = args.updated_until or datetime.now(UTC).replace(microsecond=0)
    if until <= since:
        raise GeneratorError("--updated-until", f"{until} is not after {since}")
    windows: list[LeadSelector] = []
    while since < until:
        end = min(since + MAX_UPDATE_WINDOW, until)
        windows.append(
            m.LastUpdateAtSelector(
                oldest_updated_at=XmlDateTime.from_datetime(since),
                latest_updated_at=XmlDateTime.from_datetime(end),
            )
        )
        since = end
    return windows


def prepare_import(args: argparse.Namespace) -> Import:
    """Check an import's options and its whole file (nothing is sent yet)."""
    check_options(args)
    failures = output_path("--failures", args.failures, args.file)
    api = api_for(args.wsdl)
    limit = api.bulk.BATCH_LIMITS["syncMultipleLeads"]
    most = limit.maximum or limit.chunk_size
    if args.chunk_size > most:
        raise GeneratorError(
            "--chunk-size",
            f"{args.chunk_size} is over {most}, the most leads per syncMultipleLeads "
            f"call ({limit.rule})",
        )
    lead_file = scan_csv(args.file, api)
    if failures is not None:
        check_writable(failures)
    return Import(args, api, lead_file, failures, dedup=not args.no_dedup)


def run_import(args: argparse.Namespace) -> int:
    job = prepare_import(args)
    if args.use_async:
        from generator.profiles.mktows.leads.aio import import_async, run

        return run(import_async(job))
    bulk = job.api.bulk
    client = connect(args, job.api, job.idempotent)
    if args.list:
        with job.checking_list(client.endpoint):
            client.get_multiple_leads(lead_selector=job.list_selector, batch_size=1)
    with job.progress() as progress:
        try:
            result = bulk.sync_multiple_leads(
                client,
                job.leads(),
                workers=args.workers or 1,
                progress=progress,
                **job.bulk_options,
            )
        except bulk.BulkError as exc:
            return job.stopped(client.endpoint, exc)
    failed = job.report(result)
    if args.list:
        keys = job.list_keys(result)
        try:
            added = bulk.list_operation(client, keys, **job.list_options)
        except job.api.errors.MktowsError as exc:  # imported; only the list failed
            failed += job.list_stopped(client.endpoint, exc, len(keys))
        else:
            failed += job.list_added(added, len(keys))
    return 1 if failed else 0
