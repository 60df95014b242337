"""The work behind ``mktows-codegen leads``: paged exports and chunked imports.

``export`` pages ``getMultipleLeads`` with the generated ``paging`` module;
``import`` sends ``syncMultipleLeads`` in chunks with its ``bulk`` module. Both come
from the package generated for ``--wsdl`` (:mod:`.package`). Every call goes through
a ``CallLimiter``, so a run never trips the account's rate (20023) or concurrency
(20024) limits. The secret is passed to the client and to
nothing else: no message here can contain it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from generator.errors import GeneratorError
from generator.profiles.mktows.leads.files import (
    RECORD_COLUMNS,
    LeadFile,
    check_writable,
    format_for,
    lead_writer,
    progress_bar,
    read_leads,
    scan_csv,
    write_failures,
)
from generator.profiles.mktows.leads.package import Api, api_for
from generator.profiles.mktows.runtime.limits import MAX_UPDATE_WINDOW

if TYPE_CHECKING:
    from mktows.bulk import BulkError, BulkResult
    from mktows.client import Client
    from mktows.errors import MktowsError
    from mktows.models import LeadSelector, SyncStatus
    from mktows.progress import Progress
    from mktows.retry import RetryPolicy

ENDPOINT_EXAMPLE = "https://123-ABC-456.mktoapi.com/soap/mktows/2_6"
ENDPOINT_ENV, USER_ID_ENV, SECRET_ENV = (
    "MKTOWS_ENDPOINT",
    "MKTOWS_USER_ID",
    "MKTOWS_SECRET",
)
SHOWN_FAILURES = 20  # failed rows listed on stderr; --failures FILE has them all


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
    try:
        client: Client = api.client.Client(
            args.endpoint,
            args.user_id,
            args.secret,
            session=session,
            retry=retry_policy(window, idempotent, api),
        )
        return client
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


def describe_error(error: MktowsError, api: Api) -> str:
    """A service failure in one line: its type, message and how many attempts it took."""
    if isinstance(error, api.bulk.BulkError):
        error = error.failed[0].error  # the call that stopped the run
    notes = [n.removeprefix("mktows: ") for n in getattr(error, "__notes__", [])]
    text = f"{type(error).__name__}: {error}"
    return "; ".join([text, *notes]).replace("\n", " ")


@contextmanager
def service_errors(client: Client, api: Api) -> Iterator[None]:
    """A fault or transport failure becomes the CLI's one-line error."""
    try:
        yield
    except api.errors.MktowsError as exc:
        raise GeneratorError(client.endpoint, describe_error(exc, api)) from exc


def run_export(args: argparse.Namespace) -> int:
    check_options(args)
    if args.updated_until is not None and args.updated_since is None:
        raise GeneratorError("--updated-until", "needs --updated-since")
    api = api_for(args.wsdl)
    selectors = _selectors(args, api)
    fmt = format_for(args.output, args.format)
    if args.safe_csv and fmt != "csv":
        raise GeneratorError("--safe-csv", f"applies to CSV output, not {fmt}")
    fields = [f.strip() for f in (args.fields or "").split(",") if f.strip()]
    attributes = [f for f in fields if f not in RECORD_COLUMNS]
    client = connect(args, api)
    seen: set[int] | None = set() if len(selectors) > 1 else None
    written = read = 0
    with service_errors(client, api):
        columns = _columns(client, fields) if fmt == "csv" or fields else []
        with (
            progress_bar("exporting", "lead", not args.no_progress) as progress,
            lead_writer(args.output, fmt, columns, api, args.safe_csv) as write,
        ):
            for selector in selectors:
                before = read
                pager = api.paging.get_multiple_leads(
                    client,
                    lead_selector=selector,
                    batch_size=args.batch_size,
                    include_attributes=(
                        api.models.ArrayOfString(string_item=attributes)
                        if fields
                        else None
                    ),
                    progress=_after(progress, before, seen is None),
                )
                for lead in pager:
                    if seen is not None and isinstance(lead.id, int):
                        if lead.id in seen:
                            continue  # updated in two windows: written once
                        seen.add(lead.id)
                    write(lead)
                    written += 1
                read += pager.records_read
    print(f"exported {written} leads to {args.output or 'stdout'}", file=sys.stderr)
    return 0


def _after(progress: Progress, before: int, exact: bool) -> Progress:
    """Progress of one of several pagers: counted on from ``before`` leads; the
    total is only known when there is one pager (``exact``)."""

    def report(done: int, total: int | None) -> None:
        progress(before + done, total if exact else None)

    return report


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


def _columns(client: Client, fields: list[str]) -> list[str]:
    """CSV columns: Id, Email, then the fields asked for or every LeadRecord field.

    Fields are checked against what ``describeMObject`` lists for ``LeadRecord``
    (custom fields included), so a misspelt one is refused, not exported empty.
    """
    described = client.describe_mobject(object_name="LeadRecord").metadata
    known = [f.name for f in described.field_list.field_value]
    unknown = [f for f in fields if f not in known and f not in RECORD_COLUMNS]
    if unknown:
        raise GeneratorError(
            "--fields",
            f"{', '.join(unknown)}: not a LeadRecord field; expected names "
            f"describeMObject lists, e.g. {', '.join(known[2:5])}",
        )
    return [
        "Id",
        "Email",
        *[f for f in dict.fromkeys(fields or known) if f not in ("Id", "Email")],
    ]


def run_import(args: argparse.Namespace) -> int:
    check_options(args)
    failures = output_path("--failures", args.failures, args.file)
    api = api_for(args.wsdl)
    bulk = api.bulk
    # Everything that can be checked is checked before the first lead is sent.
    limit = bulk.BATCH_LIMITS["syncMultipleLeads"]
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
    dedup = not args.no_dedup
    # With dedup on, sending a chunk twice updates the same leads: safe to retry.
    idempotent = frozenset({"syncMultipleLeads"}) if dedup else frozenset()
    client = connect(args, api, idempotent)
    if args.list:
        _check_list(client, args.list, api)
    with progress_bar(
        "importing", "lead", not args.no_progress, lead_file.rows
    ) as progress:
        try:
            result = bulk.sync_multiple_leads(
                client,
                read_leads(lead_file, api),
                dedup_enabled=None if dedup else False,
                chunk_size=args.chunk_size,
                workers=args.workers,
                progress=progress,
            )
        except bulk.BulkError as exc:
            return _stopped(client, lead_file, exc, failures, api)
    failed = _report(lead_file.path, result, failures)
    if args.list:
        failed += _add_to_list(client, result, args.list, api)
    return 1 if failed else 0


def _check_list(client: Client, name: str, api: Api) -> None:
    """Refuse ``--list`` before anything is sent if there is no such static list."""
    selector = api.models.StaticListSelector(static_list_name=name)
    with service_errors(client, api):
        try:
            client.get_multiple_leads(lead_selector=selector, batch_size=1)
        except api.errors.NotFoundError:
            raise GeneratorError(
                "--list", f"{name!r}: no such static list; expected an existing one"
            ) from None


def _stopped(
    client: Client,
    lead_file: LeadFile,
    error: BulkError,
    failures: Path | None,
    api: Api,
) -> int:
    """A run that stopped after sending began: what landed, what did not; exit 1.

    The rows of the calls that failed and every row after them go to ``failures``
    with the reason, so that file is exactly what is left to import.
    """
    result = error.result
    sent = result.records + sum(call.count for call in error.failed)
    why = describe_error(error, api)
    extra = {
        index: f"not applied: {why}"
        for call in error.failed
        for index in range(call.index, call.index + call.count)
    }
    extra.update({i: "not sent: the run stopped" for i in range(sent, lead_file.rows)})
    _report(lead_file.path, result, failures, extra)
    first = min(extra) + 1
    print(
        f"mktows-codegen: leads import stopped at row {first}: {client.endpoint}: "
        f"{why}; rows {first}-{lead_file.rows} were not imported"
        + (f" (listed in {failures})" if failures else ""),
        file=sys.stderr,
    )
    return 1


def _report(
    path: Path,
    result: BulkResult[SyncStatus],
    failures: Path | None,
    unfinished: dict[int, str] | None = None,
) -> int:
    """Print the summary and the failed rows; return how many rows failed.

    ``unfinished`` (rows not imported because the run stopped, with why) goes to
    ``failures`` too.
    """
    counts = result.counts
    print(
        f"imported {path}: {result.records} rows in {result.calls} calls: "
        f"{counts['CREATED']} created, {counts['UPDATED']} updated, "
        f"{len(result.failures)} failed"
    )
    for failure in result.failures[:SHOWN_FAILURES]:
        print(
            f"row {failure.index + 1}: {failure.outcome}: {failure.error or 'no reason given'}",
            file=sys.stderr,
        )
    hidden = len(result.failures) - SHOWN_FAILURES
    if hidden > 0:
        where = f"in {failures}" if failures else "with --failures FILE"
        print(f"... and {hidden} more failed rows ({where})", file=sys.stderr)
    if failures is not None:
        errors = {f.index: f.error or f.outcome for f in result.failures}
        write_failures(path, {**errors, **(unfinished or {})}, failures)
    return len(result.failures)


def _add_to_list(
    client: Client, result: BulkResult[SyncStatus], name: str, api: Api
) -> int:
    """Add every created or updated lead to the static list ``name``, in batches."""
    m = api.models

    keys = [
        m.LeadKey(key_type=m.LeadKeyRef.IDNUM, key_value=str(status.lead_id))
        for status in result.statuses
        if status.status.value in ("CREATED", "UPDATED")
    ]
    try:
        added = api.bulk.list_operation(
            client,
            keys,
            list_operation=m.ListOperationType.ADDTOLIST,
            list_key=m.ListKey(key_type=m.ListKeyType.MKTOLISTNAME, key_value=name),
        )
    except api.errors.MktowsError as exc:  # imported; only the list step failed
        done = exc.result.records if isinstance(exc, api.bulk.BulkError) else 0
        print(
            f"mktows-codegen: adding to the list {name!r} stopped after {done} of "
            f"{len(keys)} leads: {client.endpoint}: {describe_error(exc, api)}",
            file=sys.stderr,
        )
        return len(keys) - done
    missing = sum(
        not status.status
        for call in added.statuses
        if isinstance(call.status_list, m.ArrayOfLeadStatus)
        for status in call.status_list.lead_status
    )
    print(f"added {len(keys) - missing} leads to the list {name!r}")
    if missing:
        print(f"{missing} leads were not added to {name!r}", file=sys.stderr)
    return missing
