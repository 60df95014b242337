"""generator/runtime/retry.py, imported straight from the source tree."""

from __future__ import annotations

import pytest

from generator.runtime.exceptions import SoapFault, TransportError
from generator.runtime.retry import RetryPolicy


def failing(errors: list[Exception]) -> tuple[list[int], object]:
    calls: list[int] = []

    def attempt() -> str:
        calls.append(1)
        if errors:
            raise errors.pop(0)
        return "ok"

    return calls, attempt


def test_a_transport_error_is_retried_only_for_a_read() -> None:
    policy = RetryPolicy(sleep=lambda _: None, jitter=lambda: 0.0)
    calls, attempt = failing([TransportError("down")])
    assert policy.run("add", attempt, read=True) == "ok" and len(calls) == 2  # type: ignore[arg-type]
    calls, attempt = failing([TransportError("down")])
    with pytest.raises(TransportError):
        policy.run("add", attempt)  # type: ignore[arg-type]
    assert len(calls) == 1


def test_the_generic_policy_knows_no_fault_codes() -> None:
    policy = RetryPolicy()
    assert policy.backoff_codes == frozenset() and policy.resign_codes == frozenset()
    calls, attempt = failing([SoapFault(20023, "rate limit")])
    with pytest.raises(SoapFault):
        policy.run("getLead", attempt, read=True)  # type: ignore[arg-type]
    assert len(calls) == 1


def test_codes_given_are_backed_off() -> None:
    waits: list[float] = []
    policy = RetryPolicy(backoff_codes=frozenset({7}), sleep=waits.append)
    calls, attempt = failing([SoapFault(7, "busy"), SoapFault(7, "busy")])
    assert policy.run("x", attempt) == "ok"  # type: ignore[arg-type]
    assert len(calls) == 3 and len(waits) == 2
