"""What a simulator run is configured with: the ``serve`` options, as one value."""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from generator.errors import GeneratorError
from generator.profiles.mktows.runtime.limits import (
    CALLS_PER_WINDOW,
    DAILY_QUOTA,
    MAX_IN_FLIGHT,
    WINDOW_SECONDS,
)

# What --fail-rate can inject, and what each does. All happen before the operation
# runs, so a retried call never applies twice.
FAIL_KINDS = {
    "rate": "the fault 20023 (rate limit)",
    "concurrency": "the fault 20024 (concurrency limit)",
    "internal": "the fault 20011 (internal error)",
    "http503": "HTTP 503 with a plain-text body and no SOAP fault",
    "disconnect": "the connection is closed without an answer",
}
DEFAULT_FAIL_KINDS = ("rate", "concurrency")
DEFAULT_RATE = (CALLS_PER_WINDOW, WINDOW_SECONDS)  # the documented account limit
RATE_TEXT = f"{CALLS_PER_WINDOW}/{WINDOW_SECONDS:g}"  # as --rate spells it


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class ServerConfig:
    """Everything ``mktows-codegen serve`` takes. The secret is never shown."""

    user_id: str
    secret: str = field(repr=False)
    host: str = "127.0.0.1"
    port: int = 8080
    wsdl: str | None = None  # a revision name; None: the committed package's
    rate: tuple[int, float] = DEFAULT_RATE  # calls per rolling window of seconds
    concurrency: int = MAX_IN_FLIGHT
    daily_quota: int = DAILY_QUOTA
    skew: float = 900.0  # seconds a requestTimestamp may be off the server clock
    latency_ms: float = 0.0
    fail_rate: float = 0.0
    fail_kinds: tuple[str, ...] = DEFAULT_FAIL_KINDS
    db: Path | None = None
    seed: int | None = None  # for the --fail-rate dice; None: unpredictable
    max_request_bytes: int = 16 * 1024 * 1024
    max_connections: int = 64  # open at once; more wait in the listen backlog
    request_timeout: float = 10.0  # seconds to receive a whole request (line to body)
    idle_timeout: float = 30.0  # seconds a keep-alive connection may wait unused
    capture: bool = False  # keep every request and answer (tests check them)
    clock: Callable[[], datetime] = field(default=utc_now, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.user_id or not self.secret:
            raise GeneratorError("serve", "both --user-id and --secret are required")
        if not self.host.strip():
            raise GeneratorError(
                "--host",
                "is empty; expected an address to bind, e.g. 127.0.0.1 "
                "(0.0.0.0 for every interface)",
            )
        if not 0 <= self.port <= 65535:
            raise GeneratorError(
                "--port", f"{self.port}: expected 0 (any free port) to 65535"
            )
        if self.max_connections < 1:
            raise GeneratorError(
                "--max-connections", f"{self.max_connections}: expected at least 1"
            )
        if not all(0 < t < math.inf for t in (self.request_timeout, self.idle_timeout)):
            raise GeneratorError(
                "--request-timeout", "timeouts must be a positive number of seconds"
            )
        if not 0.0 <= self.fail_rate <= 1.0:
            raise GeneratorError(
                "--fail-rate", f"{self.fail_rate}: expected a probability in [0, 1]"
            )
        unknown = sorted(set(self.fail_kinds) - set(FAIL_KINDS))
        if unknown or not self.fail_kinds:
            raise GeneratorError(
                "--fail-kinds",
                f"{','.join(unknown) or 'empty'}: expected some of {', '.join(FAIL_KINDS)}",
            )
        if self.concurrency < 1 or self.daily_quota < 1 or self.rate[0] < 1:
            raise GeneratorError(
                "serve", "--rate, --concurrency and --daily-quota must be positive"
            )
        if self.rate[1] <= 0 or self.skew < 0 or self.latency_ms < 0:
            raise GeneratorError(
                "serve", "the rate window must be positive; skew and latency >= 0"
            )


def parse_rate(text: str) -> tuple[int, float]:
    """``"100/20"`` -> ``(100, 20.0)``: calls per rolling window of seconds."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+(?:\.\d+)?)\s*", text)
    if not match or int(match[1]) < 1 or float(match[2]) <= 0:
        raise GeneratorError(
            "--rate", f"{text!r}: expected CALLS/SECONDS, e.g. {RATE_TEXT}"
        )
    return int(match[1]), float(match[2])


def rate_argument(text: str) -> tuple[int, float]:
    """:func:`parse_rate` as an argparse ``type``: a bad rate is a usage error."""
    try:
        return parse_rate(text)
    except GeneratorError as exc:
        raise argparse.ArgumentTypeError(exc.problem) from None
