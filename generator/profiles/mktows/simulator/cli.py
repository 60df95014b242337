"""``mktows-codegen serve``: run the simulator until interrupted."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import sys
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from generator.errors import GeneratorError
from generator.load.sources import default_revision
from generator.profiles.mktows.runtime.limits import DAILY_QUOTA, MAX_IN_FLIGHT
from generator.profiles.mktows.simulator.config import (
    DEFAULT_FAIL_KINDS,
    DEFAULT_RATE,
    FAIL_KINDS,
    RATE_TEXT,
    ServerConfig,
    rate_argument,
)

if TYPE_CHECKING:
    from generator.cli.common import Subcommands

PROG = "mktows-codegen"
SECRET_ENV = "MKTOWS_SERVE_SECRET"


def add_serve_command(commands: Subcommands) -> None:
    from generator.cli.common import add_common_options

    kinds = "; ".join(f"{name}: {what}" for name, what in FAIL_KINDS.items())
    command = commands.add_parser(
        "serve",
        help="run a loopback mktows server for tests",
        description="Serve the mktows SOAP API from a local simulator: signed "
        "requests, documented faults, paging, limits, and state in memory or SQLite. "
        "Prints the endpoint, then serves until interrupted.",
        epilog=f"Examples:\n  {PROG} serve --user-id demo --secret s3cret\n"
        f"  {PROG} serve --port 0 --user-id demo --secret s3cret --fail-rate 0.05 "
        "--latency 50 --db /tmp/mktows.db",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    command.add_argument(
        "--port", type=int, default=8080, help="port; 0 picks a free one (default 8080)"
    )
    command.add_argument(
        "--user-id", required=True, help="the mktowsUserId clients sign with"
    )
    command.add_argument(
        "--secret",
        default=os.environ.get(SECRET_ENV),
        help=f"the shared secret (encryption key); default ${SECRET_ENV}, which "
        "keeps it out of the process list",
    )
    command.add_argument(
        "--wsdl",
        default=default_revision(),
        metavar="REV",
        help=f"the WSDL revision to speak (default {default_revision()}); others are generated at start",
    )
    command.add_argument(
        "--rate",
        type=rate_argument,
        default=DEFAULT_RATE,
        metavar="CALLS/SECONDS",
        help=f"rate limit (default {RATE_TEXT}) -> 20023",
    )
    command.add_argument(
        "--concurrency",
        type=int,
        default=MAX_IN_FLIGHT,
        help=f"calls in flight (default {MAX_IN_FLIGHT}) -> 20024",
    )
    command.add_argument(
        "--daily-quota",
        type=int,
        default=DAILY_QUOTA,
        help=f"calls per day (default {DAILY_QUOTA}) -> 20015",
    )
    command.add_argument(
        "--skew",
        type=float,
        default=900.0,
        metavar="SECONDS",
        help="accepted requestTimestamp skew (default 900) -> 20016",
    )
    command.add_argument(
        "--latency",
        type=float,
        default=0.0,
        metavar="MS",
        help="delay added to every admitted call",
    )
    command.add_argument(
        "--fail-rate",
        type=float,
        default=0.0,
        metavar="P",
        help="probability a call fails on purpose",
    )
    command.add_argument(
        "--fail-kinds",
        default=",".join(DEFAULT_FAIL_KINDS),
        metavar="KIND,...",
        help=f"how injected failures look (default {','.join(DEFAULT_FAIL_KINDS)}); {kinds}",
    )
    command.add_argument(
        "--seed",
        type=int,
        default=None,
        help="seed for --fail-rate, for repeatable runs",
    )
    command.add_argument(
        "--db",
        type=Path,
        default=None,
        metavar="FILE",
        help="keep state in this SQLite file (default: in memory)",
    )
    command.add_argument(
        "--max-connections",
        type=int,
        default=64,
        metavar="N",
        help="connections open at once (default 64); more wait to be accepted",
    )
    command.add_argument(
        "--request-timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="time to send a whole request (default 10); slower clients are cut off",
    )
    add_common_options(command)
    command.set_defaults(handler=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    from generator.profiles.mktows.simulator.server import SimulatorServer

    if not args.secret:
        raise GeneratorError("serve", f"--secret (or ${SECRET_ENV}) is required")
    config = ServerConfig(
        user_id=args.user_id,
        secret=args.secret,
        host=args.host,
        port=args.port,
        wsdl=args.wsdl,
        rate=args.rate,
        concurrency=args.concurrency,
        daily_quota=args.daily_quota,
        skew=args.skew,
        latency_ms=args.latency,
        fail_rate=args.fail_rate,
        fail_kinds=tuple(k.strip() for k in args.fail_kinds.split(",") if k.strip()),
        db=args.db,
        seed=args.seed,
        max_connections=args.max_connections,
        request_timeout=args.request_timeout,
    )
    server = SimulatorServer(config)
    if not server.loopback:
        print(
            f"{PROG}: warning: listening on {args.host}, which is not a loopback "
            "address: anyone who can reach this machine can call the simulator",
            file=sys.stderr,
            flush=True,
        )
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.INFO,
        format="%(asctime)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # Ctrl-C and SIGTERM stop it, even when started with SIGINT ignored (a
    # background job of a non-interactive shell inherits that).
    # An interrupt that comes as soon as the endpoint is printed stops it too.
    with contextlib.suppress(KeyboardInterrupt):
        signal.signal(signal.SIGTERM, _interrupt)
        signal.signal(signal.SIGINT, _interrupt)
        print(server.endpoint, flush=True)
        print(
            f"{PROG}: serving until interrupted (Ctrl-C)", file=sys.stderr, flush=True
        )
        server.serve_forever()
    print(f"{PROG}: stopped", file=sys.stderr, flush=True)
    return 0


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt
