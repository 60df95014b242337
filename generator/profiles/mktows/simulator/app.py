"""One request, start to finish: read, authenticate, limit, run, answer.

The order matters and follows the service: an unreadable envelope is 20012; then
the signature (20014) and its age (20016) are checked before anything else is
revealed; then the operation must exist (20019); then ``--fail-rate`` may strike,
before the account limits, so an injected failure uses none of the rate, the
concurrency or the daily quota (as for any refused call); then the limits (20015,
20023, 20024) admit the call; only then does ``--latency`` wait and the handler run
in one transaction. Anything unexpected is 10001, logged with its traceback, never
with the secret.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass
from typing import Any

from generator.errors import GeneratorError
from generator.profiles.mktows.simulator import (
    ops_activity,
    ops_custom,
    ops_leads,
    ops_lists,
    ops_objects,
    ops_tags,
)
from generator.profiles.mktows.simulator.config import ServerConfig
from generator.profiles.mktows.simulator.faults import Fault
from generator.profiles.mktows.simulator.limits import Injector, Limits
from generator.profiles.mktows.simulator.ops_common import HANDLERS, Context
from generator.profiles.mktows.simulator.protocol import load_bindings, verify
from generator.profiles.mktows.simulator.state import Store

logger = logging.getLogger("generator.profiles.mktows.simulator")
# The handler modules register themselves on import.
HANDLER_MODULES = (
    ops_activity,
    ops_custom,
    ops_leads,
    ops_lists,
    ops_objects,
    ops_tags,
)
CAPTURE_LIMIT = 10_000


@dataclass(frozen=True)
class Reply:
    """What the HTTP layer sends back; ``disconnect`` means nothing at all."""

    status: int
    body: bytes
    content_type: str = "text/xml; charset=utf-8"
    disconnect: bool = False


@dataclass
class _Call:
    """What is known about a call as it is handled, for the counts."""

    operation: str | None = None
    injected: str | None = None


class Stats:
    """What the server did, counted per operation and fault code; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.attempts: Counter[str] = Counter()
        self.successes: Counter[str] = Counter()
        self.faults: Counter[int] = Counter()
        self.injected: Counter[str] = Counter()

    def record(
        self, operation: str | None, fault: int | None, injected: str | None
    ) -> None:
        with self._lock:
            name = operation or "?"
            self.attempts[name] += 1
            if fault is not None:
                self.faults[fault] += 1
            elif injected is None:
                self.successes[name] += 1
            if injected is not None:
                self.injected[injected] += 1

    def snapshot(self) -> dict[str, dict[Any, int]]:
        with self._lock:
            return {
                "attempts": dict(self.attempts),
                "successes": dict(self.successes),
                "faults": dict(self.faults),
                "injected": dict(self.injected),
            }


class Simulator:
    """The mktows service, minus the network: bytes in, :class:`Reply` out."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.bindings = load_bindings(config.wsdl)
        missing = sorted(set(self.bindings.operation_names) - set(HANDLERS))
        if missing:
            raise GeneratorError(
                config.wsdl or "serve", f"no simulator for {', '.join(missing)}"
            )
        self.store = Store(config.db)
        self.limits = Limits(config.rate, config.concurrency, config.daily_quota)
        self.injector = Injector(config.fail_rate, config.fail_kinds, config.seed)
        self.stats = Stats()
        self.captured: deque[tuple[bytes, int, bytes]] = deque(maxlen=CAPTURE_LIMIT)

    @property
    def version(self) -> str:
        return self.bindings.revision

    def handle(self, body: bytes) -> Reply:
        """Answer one request body; count it; capture it if configured to."""
        call = _Call()
        fault: Fault | None = None
        try:
            reply = self._answer(body, call)
        except Fault as refused:
            fault = refused
        except (ValueError, OverflowError) as exc:  # a value a handler cannot use
            fault = Fault(20110, str(exc))
        except Exception:
            logger.exception(
                "%s failed inside the simulator", call.operation or "request"
            )
            fault = Fault(10001, "simulator bug")
        if fault is not None:
            logger.info(
                "%s: fault %s (%s)",
                call.operation or "request",
                fault.code,
                fault.reason,
            )
            reply = Reply(500, self.bindings.fault(fault))
        self.stats.record(call.operation, fault.code if fault else None, call.injected)
        if self.config.capture:
            self.captured.append((body, reply.status, reply.body))
        return reply

    def _answer(self, body: bytes, call: _Call) -> Reply:
        envelope = self.bindings.decode(body)
        known = self.bindings.operations.get(str(envelope.payload.tag))
        call.operation = known.name if known else None
        now = self.config.clock()
        signed = next(
            (h for h in envelope.headers.values() if hasattr(h, "request_signature")),
            None,
        )
        verify(signed, self.config.user_id, self.config.secret, now, self.config.skew)
        spec = self.bindings.operation(envelope.payload)
        call.injected = self.injector.draw()
        if call.injected is not None:
            return self._inject(call.injected)
        with self.limits.admit(now):
            if self.config.latency_ms:
                time.sleep(self.config.latency_ms / 1000)
            params = self.bindings.read_params(spec, envelope.payload)
            with self.store.transaction() as tx:
                context = Context(
                    m=self.bindings.models,
                    nil=self.bindings.nil,
                    tx=tx,
                    now=now,
                    headers=envelope.headers,
                    positions=self.store.positions,
                )
                result = HANDLERS[spec.name](context, params)
            return Reply(200, self.bindings.success(spec, result))

    def _inject(self, kind: str) -> Reply:
        """The failure ``--fail-rate`` drew (see ``config.FAIL_KINDS``)."""
        codes = {"rate": 20023, "concurrency": 20024, "internal": 20011}
        if kind in codes:
            raise Fault(codes[kind], "injected by --fail-rate")
        if kind == "http503":
            return Reply(
                503, b"Service Unavailable (injected)\n", "text/plain; charset=utf-8"
            )
        return Reply(0, b"", disconnect=True)

    def close(self) -> None:
        self.store.close()
