"""Retries: which failures the client tries again, how often, and how long it waits.

What :class:`RetryPolicy` does by default:

* A fault whose code the service's table lists in ``RESIGN_CODES`` (Marketo:
  20016, request expired): sign again with a fresh signature and retry once, at once.
* A fault whose code is in ``BACKOFF_CODES`` (Marketo: 20023 rate limit and 20024
  concurrency limit): the server refused the call before doing anything, so every
  operation is retried, with exponential backoff and jitter. By default the waits
  add up, even at their shortest, to more than a 20 s rate window, so a full
  window has emptied before the client gives up.
* A connection error, a timeout, or an HTTP 5xx without a SOAP fault: the request
  may or may not have been applied, so only read operations are retried (their name
  starts with ``get``, ``list`` or ``describe``; the client's ``READ_OPERATIONS`` is
  derived from the WSDL with that rule, and is also importable from here). Add
  operations you know are idempotent with ``idempotent=``, e.g.
  ``syncMultipleLeads`` with ``dedupEnabled``.
* Never: any other fault (authentication, quota, bad input, not found, server
  faults), or an unreadable response. Retrying cannot fix those.

Attempts and total time are bounded, the policy holds no state (one instance is
shared by every thread of a client), and every retry is logged at INFO without
the request's content.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import TypeVar

from .errors import BACKOFF_CODES, RESIGN_CODES
from .exceptions import SoapError, SoapFault, TransportError

__all__ = ["NO_RETRY", "Attempts", "RetryPolicy"]

# The package's own name (``mktows`` for the Marketo package, wherever vendored):
# it starts retry notes and names the fields of retry log records.
PACKAGE = (__package__ or "soap").rpartition(".")[2]
logger = logging.getLogger(__package__ or __name__)
Result = TypeVar("Result")

# Names that used to live here and now come from WSDL- or profile-decided modules;
# still importable from here, on first use.
_MOVED = {
    "READ_OPERATIONS": "client",
    "READ_PREFIXES": "client",
    "RATE_WINDOW": "limiter",
}


def __getattr__(name: str) -> object:
    module = _MOVED.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f"{__package__}.{module}"), name)


class Action(Enum):
    """What to do after a failed attempt."""

    RESIGN = "re-sign"
    BACKOFF = "back off"


@dataclass(frozen=True)
class RetryPolicy:
    """How a :class:`~.client.Client` retries; immutable, so safe to share.

    Args:
        max_attempts: tries in all for backed-off failures (1 = never back off).
        base_delay: the first backoff ceiling in seconds; it doubles each retry.
        max_delay: the largest backoff ceiling in seconds.
        max_elapsed: no retry starts if its wait would end later than this many
            seconds after the first attempt began.
        backoff_codes: fault codes retried with backoff (any operation).
        resign_codes: fault codes retried once, at once, with a fresh signature.
        idempotent: operation names (WSDL spelling) treated like reads: their
            connection errors and 5xx responses are retried too.
        sleep, monotonic, jitter: injectable for tests; ``jitter()`` returns a float
            in [0, 1).
        async_sleep: what :class:`~.client.AsyncClient` waits with; ``None`` (the
            default) means ``asyncio.sleep``.
    """

    max_attempts: int = 8
    base_delay: float = 0.5
    max_delay: float = 16.0
    max_elapsed: float = 60.0
    backoff_codes: frozenset[int] = BACKOFF_CODES
    resign_codes: frozenset[int] = RESIGN_CODES
    idempotent: frozenset[str] = frozenset()
    sleep: Callable[[float], None] = field(
        default=time.sleep, repr=False, compare=False
    )
    monotonic: Callable[[], float] = field(
        default=time.monotonic, repr=False, compare=False
    )
    jitter: Callable[[], float] = field(
        default=random.random, repr=False, compare=False
    )
    async_sleep: Callable[[float], Awaitable[None]] | None = field(
        default=None, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError(
                f"max_attempts must be at least 1, got {self.max_attempts}"
            )
        if min(self.base_delay, self.max_delay, self.max_elapsed) < 0:
            raise ValueError("delays and max_elapsed must not be negative")
        for name in ("backoff_codes", "resign_codes", "idempotent"):
            object.__setattr__(self, name, frozenset(getattr(self, name)))

    def is_safe(self, operation: str, read: bool = False) -> bool:
        """Whether a failure that may have reached the server can be retried:
        ``read`` (the client says the operation only reads) or listed idempotent."""
        return read or operation in self.idempotent

    def action(self, error: SoapError, safe: bool) -> Action | None:
        """What to do about ``error``; ``None`` means give up (raise it)."""
        if isinstance(error, SoapFault):
            if error.code in self.resign_codes:
                return Action.RESIGN
            return Action.BACKOFF if error.code in self.backoff_codes else None
        if isinstance(error, TransportError) and safe:
            no_answer = error.status is None or error.status >= 500
            return Action.BACKOFF if no_answer else None
        return None

    def total_wait(self) -> tuple[float, float]:
        """The least and the most time all backoff waits add up to (jitter 0 and 1),
        before ``max_elapsed`` cuts them short."""
        ceilings = [
            min(self.max_delay, self.base_delay * 2.0**n)
            for n in range(self.max_attempts - 1)
        ]
        return sum(ceilings) / 2, sum(ceilings)

    def delay(self, retry: int) -> float:
        """The wait before backoff retry number ``retry`` (1-based).

        Exponential with "equal jitter": at least half the ceiling, so a crowd of
        clients spreads out without any of them hammering the server at once.
        """
        ceiling = min(self.max_delay, self.base_delay * 2.0 ** (retry - 1))
        return ceiling / 2 + self.jitter() * ceiling / 2

    def run(
        self, operation: str, attempt: Callable[[], Result], *, read: bool = False
    ) -> Result:
        """Call ``attempt()`` until it succeeds or the policy gives up.

        ``attempt`` must build (and sign) its request afresh each time.
        """
        attempts = Attempts(self, operation, read)
        while True:
            try:
                return attempt()
            except SoapError as error:
                wait = attempts.after(error)
                if wait is None:
                    raise
                if wait:
                    self.sleep(wait)

    async def run_async(
        self,
        operation: str,
        attempt: Callable[[], Awaitable[Result]],
        *,
        read: bool = False,
    ) -> Result:
        """:meth:`run` for a coroutine: the same decisions, waiting with ``asyncio.sleep``
        (or ``async_sleep``, when given)."""
        import asyncio

        sleep = self.async_sleep or asyncio.sleep
        attempts = Attempts(self, operation, read)
        while True:
            try:
                return await attempt()
            except SoapError as error:
                wait = attempts.after(error)
                if wait is None:
                    raise
                if wait:
                    await sleep(wait)


class Attempts:
    """The retry decisions of one call, without the waiting: sync and async share them."""

    def __init__(self, policy: RetryPolicy, operation: str, read: bool) -> None:
        self.policy = policy
        self.operation = operation
        self.safe = policy.is_safe(operation, read)
        self.started = policy.monotonic()
        self.attempts = 1
        self.backoffs = 0
        self.resigned = False

    def after(self, error: SoapError) -> float | None:
        """Attempt number :attr:`attempts` failed with ``error``: the seconds to wait
        before the next one, or ``None`` to give up (the error then notes how many
        attempts were made)."""
        policy = self.policy
        action = policy.action(error, self.safe)
        wait = 0.0
        if action is Action.RESIGN and not self.resigned:
            self.resigned = True
        elif action is Action.BACKOFF and self.backoffs + 1 < policy.max_attempts:
            wait = policy.delay(self.backoffs + 1)
            if policy.monotonic() - self.started + wait > policy.max_elapsed:
                action = None
            else:
                self.backoffs += 1
        else:
            action = None
        if action is None:
            if self.attempts > 1:
                spent = policy.monotonic() - self.started
                error.add_note(
                    f"{PACKAGE}: {self.operation} failed after {self.attempts} attempts over {spent:.1f} s"
                )
            return None
        self.attempts += 1
        logger.info(
            "retrying %s after %s: attempt %d, %s, waiting %.2f s",
            self.operation,
            describe(error),
            self.attempts,
            action.value,
            wait,
            extra={
                f"{PACKAGE}_operation": self.operation,
                f"{PACKAGE}_attempt": self.attempts,
            },
        )
        return wait


def describe(error: SoapError) -> str:
    """A short name for a failure, for logs: its type and code or HTTP status only."""
    if isinstance(error, SoapFault):
        return f"{type(error).__name__} {error.code}"
    if isinstance(error, TransportError):
        status = "no response" if error.status is None else f"HTTP {error.status}"
        return f"{type(error).__name__} ({status})"
    return type(error).__name__


NO_RETRY = RetryPolicy(max_attempts=1, resign_codes=frozenset())
"""A policy that never retries."""
