"""``mktows-codegen leads``: export and import leads in bulk, within the API's limits.

Both actions talk to a real endpoint (or ``mktows-codegen serve``) through the
generated package; this module is their command line, and
:mod:`generator.profiles.mktows.leads.work` does the work. The endpoint, user id and secret come
from flags or the environment; the secret is never printed.
"""

from __future__ import annotations

import argparse
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from generator.load.sources import default_revision
from generator.profiles.mktows.leads.files import FORMATS
from generator.profiles.mktows.leads.work import (
    ENDPOINT_ENV,
    ENDPOINT_EXAMPLE,
    SECRET_ENV,
    USER_ID_ENV,
    run_export,
    run_import,
)
from generator.profiles.mktows.runtime.limits import (
    CALLS_PER_WINDOW,
    MAX_IN_FLIGHT,
    MAX_SYNC_LEADS,
    MAX_UPDATE_WINDOW,
    PAGE_SIZES,
    WINDOW_SECONDS,
)
from generator.profiles.mktows.simulator.config import (
    DEFAULT_RATE,
    RATE_TEXT,
    rate_argument,
)

if TYPE_CHECKING:
    from generator.cli.common import Subcommands

PROG = "mktows-codegen leads"


def add_leads_command(commands: Subcommands) -> None:
    from generator.cli.common import add_common_options

    leads = commands.add_parser(
        "leads",
        help="export and import leads in bulk, within the API's limits",
        description="Move leads out of and into an mktows endpoint: paged exports to "
        "CSV or JSON Lines, chunked imports from CSV. Calls are limited client-side to "
        f"the account's documented limits ({CALLS_PER_WINDOW} calls per "
        f"{WINDOW_SECONDS:g} s, "
        f"{MAX_IN_FLIGHT} in flight).",
        epilog=f"Examples:\n  export {ENDPOINT_ENV}={ENDPOINT_EXAMPLE}\n"
        f"  export {USER_ID_ENV}=demo17_1_809934544BFABAE58E5D27 {SECRET_ENV}=...\n"
        f"  {PROG} export --list 'Webinar Attendees' -o leads.csv\n"
        f"  {PROG} import leads.csv --list 'Webinar Attendees'",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = leads.add_subparsers(title="actions", metavar="ACTION", required=True)

    export = actions.add_parser(
        "export",
        help="write the leads of a static list or an update window to CSV or JSON Lines",
        description="Page through getMultipleLeads and write every lead of a static "
        "list, or every lead updated in a window, to a file or stdout. Windows longer "
        f"than the service's {MAX_UPDATE_WINDOW.days} days are split, and a lead is written once. A file "
        "appears only when the export is complete. The count goes to stderr.",
        epilog=f"Examples:\n  {PROG} export --list 'Webinar Attendees' -o leads.csv\n"
        f"  {PROG} export --list 3002 --fields FirstName,LastName,Company\n"
        f"  {PROG} export --updated-since 2026-01-01 --updated-until 2026-03-01 "
        "-o changed.jsonl",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    which = export.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--list",
        metavar="NAME|ID",
        help="the static list to export, by name or id, e.g. 'Webinar Attendees' or 3002",
    )
    which.add_argument(
        "--updated-since",
        type=_moment,
        metavar="DATETIME",
        help="export leads updated at or after this ISO 8601 time, e.g. 2026-11-01 or "
        "2026-11-01T09:00:00+01:00 (UTC when no offset is given)",
    )
    export.add_argument(
        "--updated-until",
        type=_moment,
        metavar="DATETIME",
        help="with --updated-since: the end of the window (default now)",
    )
    export.add_argument(
        "--fields",
        metavar="NAME,...",
        help="lead fields to export besides Id and Email, e.g. FirstName,Company "
        "(default: every field describeMObject lists for LeadRecord)",
    )
    export.add_argument(
        "--format",
        choices=FORMATS,
        help="csv or jsonl (default: jsonl for a .jsonl/.ndjson output, else csv)",
    )
    export.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="where to write, e.g. leads.csv (default stdout)",
    )
    export.add_argument(
        "--safe-csv",
        action="store_true",
        help="put a ' before cells starting with =, +, -, @, tab or CR, so a "
        "spreadsheet shows them as text instead of running them as formulas (the "
        "file then no longer imports back unchanged)",
    )
    export.add_argument(
        "--batch-size",
        type=_positive,
        default=PAGE_SIZES["getMultipleLeads"].maximum,
        metavar="N",
        help="leads per getMultipleLeads page (default "
        f"{PAGE_SIZES['getMultipleLeads'].maximum}; the service may cap it)",
    )
    _connection_options(export)
    add_common_options(export)
    export.set_defaults(handler=run_export)

    load = actions.add_parser(
        "import",
        help="create or update the leads of a CSV file with chunked syncMultipleLeads",
        description="Check the whole CSV first, then send it with syncMultipleLeads in "
        "chunks and print how many leads were created, updated and failed. Columns Id, "
        "Email, ForeignSysPersonId and ForeignSysType are the lead's own fields; every "
        "other column is a lead attribute by its API name (FirstName, Company, ...). "
        "Empty cells are not sent. Each failed row is listed on stderr; the exit status "
        "is 1 when any row failed.",
        epilog=f"Examples:\n  {PROG} import leads.csv\n"
        f"  {PROG} import leads.csv --list 'Webinar Attendees' --failures failed.csv\n"
        f"  {PROG} import leads.csv --chunk-size 100 --workers 4 --no-dedup",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    load.add_argument(
        "file", type=Path, metavar="FILE.csv", help="the leads, e.g. leads.csv"
    )
    load.add_argument(
        "--chunk-size",
        type=_positive,
        default=MAX_SYNC_LEADS,
        metavar="N",
        help=f"leads per syncMultipleLeads call (default and most {MAX_SYNC_LEADS}, the "
        "documented limit), e.g. --chunk-size 100",
    )
    load.add_argument(
        "--workers",
        type=_positive,
        default=None,
        metavar="N",
        help="calls in flight at once (default 1, or "
        f"{MAX_IN_FLIGHT} with --async; the limiter caps it at {MAX_IN_FLIGHT}), e.g. 4",
    )
    load.add_argument(
        "--no-dedup",
        action="store_true",
        help="send dedupEnabled=false: every row without an Id becomes a new lead",
    )
    load.add_argument(
        "--list",
        metavar="NAME",
        help="also add the imported leads to this static list, e.g. 'Webinar "
        "Attendees' (checked before any lead is sent)",
    )
    load.add_argument(
        "--failures",
        metavar="FILE",
        help="write the rows not imported (failed, or not sent because the run "
        "stopped), with an error column, to this CSV, e.g. failed.csv; it imports "
        "as it is (an error column is never sent)",
    )
    _connection_options(load)
    add_common_options(load)
    load.set_defaults(handler=run_import)


def _connection_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--wsdl",
        default=default_revision(),
        metavar="REV",
        help=f"the WSDL revision the endpoint speaks (default {default_revision()}); "
        "another is generated for the run, e.g. 2_4",
    )
    parser.add_argument(
        "--endpoint",
        default=os.environ.get(ENDPOINT_ENV),
        metavar="URL",
        help=f"your instance's SOAP endpoint, e.g. {ENDPOINT_EXAMPLE} (default ${ENDPOINT_ENV})",
    )
    parser.add_argument(
        "--user-id",
        default=os.environ.get(USER_ID_ENV),
        metavar="ID",
        help=f"the mktowsUserId, e.g. demo17_1_809934544BFABAE58E5D27 (default ${USER_ID_ENV})",
    )
    parser.add_argument(
        "--secret",
        default=os.environ.get(SECRET_ENV),
        metavar="KEY",
        help=f"the encryption key requests are signed with (default ${SECRET_ENV}, which "
        "keeps it out of the process list); never printed",
    )
    parser.add_argument(
        "--rate",
        type=rate_argument,
        default=DEFAULT_RATE,
        metavar="CALLS/SECONDS",
        help=f"the most calls per rolling window (default {RATE_TEXT}, the documented "
        "account limit); e.g. 200/20 for an account with a raised limit",
    )
    parser.add_argument(
        "--async",
        dest="use_async",
        action="store_true",
        help="make the calls with the AsyncClient (needs httpx, the async extra): "
        "the same output and exit status; an import keeps --workers chunks in "
        f"flight (default {MAX_IN_FLIGHT})",
    )
    parser.add_argument(
        "--no-progress",
        action="store_true",
        help="no progress bar (there is none anyway when stderr is not a terminal)",
    )


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r}: expected an ISO 8601 date or time, e.g. 2026-11-01T09:00:00+01:00"
        ) from None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.replace(microsecond=0)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(
            f"{text!r}: expected a whole number of 1 or more"
        )
    return int(text)
