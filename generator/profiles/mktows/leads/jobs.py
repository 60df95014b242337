"""One ``leads export`` or ``leads import`` run, apart from its calls.

:class:`Export` and :class:`Import` hold what a run checked before sending
anything, and do everything around the calls: the output file, the progress
bar, the summary lines, the failed rows and the ``--failures`` file. The calls
themselves are made by :mod:`.work` with a ``Client``, or by :mod:`.aio` with an
``AsyncClient`` (``--async``); both paths go through these objects, so they
print and write the same bytes and end with the same exit status.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.errors import GeneratorError
from generator.profiles.mktows.leads.files import (
    RECORD_COLUMNS,
    LeadFile,
    LeadWrite,
    lead_writer,
    progress_bar,
    read_leads,
    write_failures,
)
from generator.profiles.mktows.leads.package import Api

if TYPE_CHECKING:
    from mktows.bulk import BulkError, BulkResult
    from mktows.errors import MktowsError
    from mktows.models import (
        LeadKey,
        LeadRecord,
        LeadSelector,
        ResultDescribeMObject,
        ResultListOperation,
        SyncStatus,
    )
    from mktows.paging import Pager
    from mktows.progress import Progress

SHOWN_FAILURES = 20  # failed rows listed on stderr; --failures FILE has them all


def describe_error(error: MktowsError, api: Api) -> str:
    """A service failure in one line: its type, message and how many attempts it took."""
    if isinstance(error, api.bulk.BulkError):
        error = error.failed[0].error  # the call that stopped the run
    notes = [n.removeprefix("mktows: ") for n in getattr(error, "__notes__", [])]
    text = f"{type(error).__name__}: {error}"
    return "; ".join([text, *notes]).replace("\n", " ")


@contextmanager
def service_errors(endpoint: str, api: Api) -> Iterator[None]:
    """A fault or transport failure becomes the CLI's one-line error."""
    try:
        yield
    except api.errors.MktowsError as exc:
        raise GeneratorError(endpoint, describe_error(exc, api)) from exc


@dataclass
class Export:
    """An export whose options were checked: what to page and where to write it."""

    args: argparse.Namespace
    api: Api
    selectors: list[LeadSelector]
    fmt: str
    fields: list[str]
    written: int = 0
    read: int = 0
    seen: set[int] | None = None
    _write: LeadWrite | None = None
    _progress: Progress | None = None

    @property
    def describes(self) -> bool:
        """Whether the columns come from ``describeMObject`` (one call first)."""
        return self.fmt == "csv" or bool(self.fields)

    @contextmanager
    def output(self, described: ResultDescribeMObject | None) -> Iterator[None]:
        """The progress bar and the output, open for :meth:`take`; the file
        appears when the block ends without an error."""
        columns = self._columns(described) if described is not None else []
        args = self.args
        with ExitStack() as stack:
            self._progress = stack.enter_context(
                progress_bar("exporting", "lead", not args.no_progress)
            )
            self._write = stack.enter_context(
                lead_writer(args.output, self.fmt, columns, self.api, args.safe_csv)
            )
            yield

    def pager(self, client: Any, selector: LeadSelector) -> Pager[LeadRecord, str]:
        """The pager of one selector (for a ``Client`` or an ``AsyncClient``)."""
        assert self._progress is not None, "pager() inside output()"
        if len(self.selectors) > 1 and self.seen is None:
            self.seen = set()
        attributes = [f for f in self.fields if f not in RECORD_COLUMNS]
        pager: Pager[LeadRecord, str] = self.api.paging.get_multiple_leads(
            client,
            lead_selector=selector,
            batch_size=self.args.batch_size,
            include_attributes=(
                self.api.models.ArrayOfString(string_item=attributes)
                if self.fields
                else None
            ),
            progress=_after(self._progress, self.read, self.seen is None),
        )
        return pager

    def take(self, lead: LeadRecord) -> None:
        """Write one lead, unless an earlier window already had it."""
        assert self._write is not None, "take() inside output()"
        if self.seen is not None and isinstance(lead.id, int):
            if lead.id in self.seen:
                return  # updated in two windows: written once
            self.seen.add(lead.id)
        self._write(lead)
        self.written += 1

    def paged(self, pager: Pager[LeadRecord, str]) -> None:
        """One selector done: the next one's progress counts on from here."""
        self.read += pager.records_read

    def finish(self) -> int:
        print(
            f"exported {self.written} leads to {self.args.output or 'stdout'}",
            file=sys.stderr,
        )
        return 0

    def _columns(self, described: ResultDescribeMObject) -> list[str]:
        """CSV columns: Id, Email, then the fields asked for or every LeadRecord field.

        Fields are checked against what ``describeMObject`` lists for ``LeadRecord``
        (custom fields included), so a misspelt one is refused, not exported empty.
        """
        fields = self.fields
        known = [f.name for f in described.metadata.field_list.field_value]
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


def _after(progress: Progress, before: int, exact: bool) -> Progress:
    """Progress of one of several pagers: counted on from ``before`` leads; the
    total is only known when there is one pager (``exact``)."""

    def report(done: int, total: int | None) -> None:
        progress(before + done, total if exact else None)

    return report


@dataclass
class Import:
    """An import whose file and options were checked: nothing is sent yet."""

    args: argparse.Namespace
    api: Api
    lead_file: LeadFile
    failures: Path | None
    dedup: bool
    bulk_options: dict[str, Any] = field(init=False)

    def __post_init__(self) -> None:
        self.bulk_options = {
            "dedup_enabled": None if self.dedup else False,
            "chunk_size": self.args.chunk_size,
        }

    @property
    def idempotent(self) -> frozenset[str]:
        # With dedup on, sending a chunk twice updates the same leads: safe to retry.
        return frozenset({"syncMultipleLeads"}) if self.dedup else frozenset()

    @property
    def list_selector(self) -> LeadSelector:
        """What ``--list`` is checked with (one lead of it) before anything is sent."""
        selector: LeadSelector = self.api.models.StaticListSelector(
            static_list_name=self.args.list
        )
        return selector

    @contextmanager
    def checking_list(self, endpoint: str) -> Iterator[None]:
        """Around the ``--list`` check: no such list is bad input (exit 2)."""
        with service_errors(endpoint, self.api):
            try:
                yield
            except self.api.errors.NotFoundError:
                raise GeneratorError(
                    "--list",
                    f"{self.args.list!r}: no such static list; expected an existing one",
                ) from None

    def leads(self) -> Iterator[LeadRecord]:
        return read_leads(self.lead_file, self.api)

    def progress(self) -> Any:
        """The progress bar (a context manager giving the progress hook)."""
        enabled = not self.args.no_progress
        return progress_bar("importing", "lead", enabled, self.lead_file.rows)

    def stopped(self, endpoint: str, error: BulkError) -> int:
        """A run that stopped after sending began: what landed, what did not; exit 1.

        The rows of the calls that failed and every row after the last one sent go
        to ``failures`` with the reason, so that file is exactly what is left to
        import.
        """
        result = error.result
        sent = result.records + sum(call.count for call in error.failed)
        why = describe_error(error, self.api)
        extra = {
            index: f"not applied: {why}"
            for call in error.failed
            for index in range(call.index, call.index + call.count)
        }
        rows = self.lead_file.rows
        extra.update({i: "not sent: the run stopped" for i in range(sent, rows)})
        self.report(result, extra)
        first = min(extra) + 1
        print(
            f"mktows-codegen: leads import stopped at row {first}: {endpoint}: "
            f"{why}; rows {row_ranges(sorted(extra))} were not imported"
            + (f" (listed in {self.failures})" if self.failures else ""),
            file=sys.stderr,
        )
        return 1

    def report(
        self, result: BulkResult[SyncStatus], unfinished: dict[int, str] | None = None
    ) -> int:
        """Print the summary and the failed rows; return how many rows failed.

        ``unfinished`` (rows not imported because the run stopped, with why) goes to
        ``failures`` too.
        """
        path, failures, counts = self.lead_file.path, self.failures, result.counts
        print(
            f"imported {path}: {result.records} rows in {result.calls} calls: "
            f"{counts['CREATED']} created, {counts['UPDATED']} updated, "
            f"{len(result.failures)} failed"
        )
        for failure in result.failures[:SHOWN_FAILURES]:
            print(
                f"row {failure.index + 1}: {failure.outcome}: "
                f"{failure.error or 'no reason given'}",
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

    def list_keys(self, result: BulkResult[SyncStatus]) -> list[LeadKey]:
        """The created and updated leads, to add to ``--list``."""
        m = self.api.models
        return [
            m.LeadKey(key_type=m.LeadKeyRef.IDNUM, key_value=str(status.lead_id))
            for status in result.statuses
            if status.status.value in ("CREATED", "UPDATED")
        ]

    @property
    def list_options(self) -> dict[str, Any]:
        """The keywords of ``bulk.list_operation`` adding leads to ``--list``."""
        m = self.api.models
        return {
            "list_operation": m.ListOperationType.ADDTOLIST,
            "list_key": m.ListKey(
                key_type=m.ListKeyType.MKTOLISTNAME, key_value=self.args.list
            ),
        }

    def list_stopped(self, endpoint: str, error: MktowsError, keys: int) -> int:
        """Only the list step failed (the leads are imported): say how far it got."""
        done = error.result.records if isinstance(error, self.api.bulk.BulkError) else 0
        print(
            f"mktows-codegen: adding to the list {self.args.list!r} stopped after "
            f"{done} of {keys} leads: {endpoint}: {describe_error(error, self.api)}",
            file=sys.stderr,
        )
        return keys - done

    def list_added(self, added: BulkResult[ResultListOperation], keys: int) -> int:
        """Print how many leads the list step added; return how many it did not."""
        m = self.api.models
        missing = sum(
            not status.status
            for call in added.statuses
            if isinstance(call.status_list, m.ArrayOfLeadStatus)
            for status in call.status_list.lead_status
        )
        print(f"added {keys - missing} leads to the list {self.args.list!r}")
        if missing:
            print(
                f"{missing} leads were not added to {self.args.list!r}",
                file=sys.stderr,
            )
        return missing


def row_ranges(indexes: list[int]) -> str:
    """Sorted 0-based row indexes as 1-based ranges, e.g. ``5-7`` or ``1-2, 7``."""
    spans: list[list[int]] = []
    for index in indexes:
        if spans and index == spans[-1][1] + 1:
            spans[-1][1] = index
        else:
            spans.append([index, index])
    return ", ".join(
        f"{a + 1}-{b + 1}" if b > a or len(spans) == 1 else f"{a + 1}" for a, b in spans
    )
